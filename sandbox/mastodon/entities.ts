import { escapeHtml } from '../common/html.js';
import type {
  MastodonAccount,
  MastodonState,
  MediaAttachmentRecord,
  NotificationRecord,
  StatusRecord,
} from './state.js';

/** Instance-specific limits, served by GET /api/v2/instance; Mastodon's defaults unless overridden. */
export interface InstanceLimits {
  maxCharacters: number;
  maxMediaAttachments: number;
  charactersReservedPerUrl: number;
  imageSizeLimit: number;
  imageMatrixLimit: number;
  videoSizeLimit: number;
  videoMatrixLimit: number;
  videoFrameRateLimit: number;
  descriptionLimit: number;
}

export const DEFAULT_INSTANCE_LIMITS: InstanceLimits = {
  maxCharacters: 500,
  maxMediaAttachments: 4,
  charactersReservedPerUrl: 23,
  imageSizeLimit: 16_777_216,
  imageMatrixLimit: 33_177_600,
  videoSizeLimit: 103_809_024,
  videoMatrixLimit: 8_294_400,
  videoFrameRateLimit: 120,
  descriptionLimit: 1500,
};

export const SUPPORTED_MIME_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'audio/mpeg',
  'audio/ogg',
];

/** Renders the emulator's records as Mastodon's entities (docs.joinmastodon.org/entities). */
export class EntityRenderer {
  constructor(
    private readonly state: MastodonState,
    private readonly baseUrl: string,
    private readonly now: () => number,
  ) {}

  accountUrl(account: MastodonAccount): string {
    return `${this.baseUrl}/@${account.username}`;
  }

  account(account: MastodonAccount) {
    const statuses = [...this.state.statuses.values()].filter((status) => status.accountId === account.id);
    return {
      id: account.id,
      username: account.username,
      acct: account.username,
      display_name: account.displayName,
      locked: false,
      bot: false,
      discoverable: true,
      group: false,
      created_at: account.createdAt,
      note: '<p>A sandbox account on the local Mastodon emulator.</p>',
      url: this.accountUrl(account),
      uri: `${this.baseUrl}/users/${account.username}`,
      avatar: `${this.baseUrl}/avatars/original/missing.png`,
      avatar_static: `${this.baseUrl}/avatars/original/missing.png`,
      header: `${this.baseUrl}/headers/original/missing.png`,
      header_static: `${this.baseUrl}/headers/original/missing.png`,
      followers_count: 0,
      following_count: 0,
      statuses_count: statuses.length,
      last_status_at: statuses.at(-1)?.createdAt.slice(0, 10) ?? null,
      emojis: [],
      fields: [],
    };
  }

  media(record: MediaAttachmentRecord) {
    const ready = record.readyAt <= this.now();
    const url = `${this.baseUrl}/system/media_attachments/${record.id}`;
    return {
      id: record.id,
      type: record.type,
      url: ready ? url : null,
      preview_url: ready ? `${url}?preview=1` : null,
      remote_url: null,
      meta: {},
      description: record.description,
      blurhash: null,
    };
  }

  status(record: StatusRecord) {
    const account = this.state.accounts.get(record.accountId);
    if (!account) throw new Error(`status ${record.id} has no account`);
    const parent = record.inReplyToId ? this.state.statuses.get(record.inReplyToId) : undefined;
    const replies = [...this.state.statuses.values()].filter((status) => status.inReplyToId === record.id).length;
    return {
      id: record.id,
      uri: `${this.baseUrl}/users/${account.username}/statuses/${record.id}`,
      url: `${this.accountUrl(account)}/${record.id}`,
      created_at: record.createdAt,
      account: this.account(account),
      content: `<p>${escapeHtml(record.text).replace(/\n/g, '<br>')}</p>`,
      visibility: record.visibility,
      sensitive: record.sensitive,
      spoiler_text: record.spoilerText,
      media_attachments: record.mediaIds.flatMap((id) => {
        const media = this.state.media.get(id);
        return media ? [this.media(media)] : [];
      }),
      application: null,
      mentions: [],
      tags: [],
      emojis: [],
      reblogs_count: record.reblogs,
      favourites_count: record.favourites,
      replies_count: replies,
      quotes_count: 0,
      in_reply_to_id: record.inReplyToId,
      in_reply_to_account_id: parent?.accountId ?? null,
      reblog: null,
      poll: null,
      card: null,
      language: record.language,
      text: record.text,
      edited_at: null,
      favourited: false,
      reblogged: false,
      muted: false,
      bookmarked: false,
      pinned: false,
    };
  }

  notification(record: NotificationRecord) {
    const from = this.state.accounts.get(record.fromAccountId);
    const status = this.state.statuses.get(record.statusId);
    return {
      id: record.id,
      type: record.type,
      group_key: `ungrouped-${record.id}`,
      created_at: record.createdAt,
      account: from ? this.account(from) : null,
      status: status ? this.status(status) : null,
    };
  }

  instance(domain: string, version: string, limits: InstanceLimits) {
    return {
      domain,
      title: 'Mastodon sandbox',
      version,
      source_url: 'https://github.com/mastodon/mastodon',
      description: 'A local Mastodon emulator for rehearsing with Crier.',
      usage: { users: { active_month: this.state.accounts.size } },
      thumbnail: { url: `${this.baseUrl}/packs/media/images/preview.png` },
      languages: ['en', 'ja'],
      configuration: {
        urls: { streaming: this.baseUrl.replace(/^http/, 'ws') },
        accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
        statuses: {
          max_characters: limits.maxCharacters,
          max_media_attachments: limits.maxMediaAttachments,
          characters_reserved_per_url: limits.charactersReservedPerUrl,
        },
        media_attachments: {
          supported_mime_types: SUPPORTED_MIME_TYPES,
          description_limit: limits.descriptionLimit,
          image_size_limit: limits.imageSizeLimit,
          image_matrix_limit: limits.imageMatrixLimit,
          video_size_limit: limits.videoSizeLimit,
          video_frame_rate_limit: limits.videoFrameRateLimit,
          video_matrix_limit: limits.videoMatrixLimit,
        },
        polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2_629_746 },
        translation: { enabled: false },
      },
      registrations: { enabled: false, approval_required: false, message: null },
      contact: { email: 'sandbox@localhost', account: null },
      rules: [],
    };
  }
}
