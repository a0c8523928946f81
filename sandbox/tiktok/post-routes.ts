import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { apiContextOf } from './api-pipeline.js';
import type { TikTokClient } from './oauth-routes.js';
import { type ProcessingOptions, statusOf, type TikTokFaults } from './processing.js';
import { type PostInfo, PRIVACY_LEVELS, randomToken, type SandboxPost, type TikTokSandboxState } from './state.js';
import { sendData, sendTikTokError, tiktokErrors } from './tiktok-errors.js';

export interface PostRouteOptions extends ProcessingOptions {
  state: TikTokSandboxState;
  faults: TikTokFaults;
  clients: readonly TikTokClient[];
  mediaDir: string;
  /** URL prefixes whose ownership the app verified with TikTok; PULL_FROM_URL takes only these. */
  verifiedUrlPrefixes: string[];
  /** Posts per creator per 24 hours through the API (3P: about 15). */
  dailyPostCap: number;
  /** Fetches PULL_FROM_URL media in the background. */
  pull: (post: SandboxPost) => void;
  baseUrl: (request: FastifyRequest) => string;
  now: () => number;
}

const MiB = 1024 * 1024;
/** Media transfer guide: chunks of 5 to 64 MB, the last up to 128 MB, 1 to 1,000 of them; videos up to 4 GB. */
export const CHUNK_RULES = {
  min: 5 * MiB,
  max: 64 * MiB,
  lastMax: 128 * MiB,
  maxCount: 1000,
  maxVideo: 4 * 1024 * MiB,
};

const postInfoSchema = z.object({
  title: z.string().optional(),
  description: z.string().optional(),
  privacy_level: z.enum(PRIVACY_LEVELS).optional(),
  disable_duet: z.boolean().optional(),
  disable_comment: z.boolean().optional(),
  disable_stitch: z.boolean().optional(),
  video_cover_timestamp_ms: z.number().int().min(0).optional(),
  brand_content_toggle: z.boolean().optional(),
  brand_organic_toggle: z.boolean().optional(),
  is_aigc: z.boolean().optional(),
  auto_add_music: z.boolean().optional(),
});

const videoInitSchema = z.object({
  post_info: postInfoSchema.optional(),
  source_info: z.discriminatedUnion('source', [
    z.object({
      source: z.literal('FILE_UPLOAD'),
      video_size: z.number().int().positive(),
      chunk_size: z.number().int().positive(),
      total_chunk_count: z.number().int().positive(),
    }),
    z.object({ source: z.literal('PULL_FROM_URL'), video_url: z.string().url() }),
  ]),
});

const photoInitSchema = z.object({
  media_type: z.literal('PHOTO'),
  post_mode: z.enum(['DIRECT_POST', 'MEDIA_UPLOAD']),
  post_info: postInfoSchema,
  source_info: z.object({
    source: z.literal('PULL_FROM_URL'),
    photo_images: z.array(z.string().url()).min(1).max(35),
    photo_cover_index: z.number().int().min(0),
  }),
});

/** The chunking rules of the media transfer guide, worded as a reason when broken. */
export function chunkPlanProblem(videoSize: number, chunkSize: number, count: number): string | undefined {
  if (videoSize > CHUNK_RULES.maxVideo) return 'video_size is over 4 GB.';
  if (videoSize < CHUNK_RULES.min) {
    return chunkSize === videoSize && count === 1
      ? undefined
      : 'A video under 5 MB goes as one chunk of its whole size.';
  }
  if (chunkSize < CHUNK_RULES.min || chunkSize > CHUNK_RULES.max) return 'chunk_size must be between 5 MB and 64 MB.';
  if (count !== Math.floor(videoSize / chunkSize))
    return 'total_chunk_count must be video_size / chunk_size, rounded down.';
  if (count < 1 || count > CHUNK_RULES.maxCount) return 'total_chunk_count must be between 1 and 1000.';
  if (videoSize - (count - 1) * chunkSize > CHUNK_RULES.lastMax) return 'The last chunk would be over 128 MB.';
  return undefined;
}

/**
 * The Content Posting API's own endpoints: creator info, video init (direct post or inbox, file
 * upload or pull from URL), photo init, and the status of a post.
 */
export function registerPostRoutes(app: FastifyInstance, options: PostRouteOptions): void {
  const { state, now } = options;

  app.post('/v2/post/publish/creator_info/query/', async (request, reply) => {
    const { creator } = apiContextOf(request);
    return sendData(reply, {
      creator_avatar_url: `${options.baseUrl(request)}/_emulator/avatars/${creator.openId}.svg`,
      creator_username: creator.username,
      creator_nickname: creator.nickname,
      privacy_level_options: creator.privacyLevelOptions,
      comment_disabled: creator.commentDisabled,
      duet_disabled: creator.duetDisabled,
      stitch_disabled: creator.stitchDisabled,
      max_video_post_duration_sec: creator.maxVideoPostDurationSec,
    });
  });

  /** Checks shared by every init; a reply when the post is refused. */
  const refuse = (
    request: FastifyRequest,
    reply: FastifyReply,
    info: z.infer<typeof postInfoSchema>,
    direct: boolean,
  ) => {
    const { grant, creator } = apiContextOf(request);
    if (direct) {
      if (!info.privacy_level)
        return tiktokErrors.invalidParams(reply, 'post_info.privacy_level is required for a direct post.');
      if (!creator.privacyLevelOptions.includes(info.privacy_level)) {
        return sendTikTokError(
          reply,
          400,
          'privacy_level_option_mismatch',
          'privacy_level is not one of the creator’s privacy_level_options.',
        );
      }
      const client = options.clients.find((candidate) => candidate.clientKey === grant.clientKey);
      if (!client?.audited && info.privacy_level !== 'SELF_ONLY') {
        return sendTikTokError(
          reply,
          403,
          'unaudited_client_can_only_post_to_private_accounts',
          'Unaudited clients can only post SELF_ONLY content.',
        );
      }
    }
    if (state.postsSince(creator.openId, now() - 86_400_000) >= options.dailyPostCap) {
      return sendTikTokError(
        reply,
        403,
        'spam_risk_too_many_posts',
        'The creator has posted too many times through the API in the last 24 hours.',
      );
    }
    return undefined;
  };

  const newPost = (
    request: FastifyRequest,
    fields: Partial<SandboxPost> & Pick<SandboxPost, 'mediaType' | 'mode' | 'source' | 'postInfo'>,
  ) => {
    const { grant, creator } = apiContextOf(request);
    const kind = fields.mediaType === 'PHOTO' ? 'p' : 'v';
    const post: SandboxPost = {
      publishId: `${kind}_pub_${fields.source === 'FILE_UPLOAD' ? 'file' : 'url'}~v2-1.${randomToken(12)}`,
      openId: creator.openId,
      clientKey: grant.clientKey,
      videoSize: 0,
      chunkSize: 0,
      totalChunkCount: 0,
      chunksReceived: 0,
      uploadedBytes: 0,
      downloadedBytes: 0,
      uploadToken: randomToken(16),
      file: undefined,
      videoUrl: undefined,
      photoUrls: [],
      receivedAt: undefined,
      failReason: undefined,
      stuck: false,
      postId: undefined,
      statistics: { viewCount: 0, likeCount: 0, commentCount: 0, shareCount: 0 },
      createdAt: now(),
      ...fields,
    };
    state.addPost(post);
    return post;
  };

  const verified = (url: string) => options.verifiedUrlPrefixes.some((prefix) => url.startsWith(prefix));

  for (const [route, mode] of [
    ['/v2/post/publish/video/init/', 'DIRECT_POST'],
    ['/v2/post/publish/inbox/video/init/', 'MEDIA_UPLOAD'],
  ] as const) {
    app.post(route, async (request, reply) => {
      const parsed = videoInitSchema.safeParse(request.body);
      if (!parsed.success)
        return tiktokErrors.invalidParams(
          reply,
          parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
        );
      const { post_info: info = {}, source_info: source } = parsed.data;
      const title = info.title ?? '';
      if (title.length > 2200)
        return tiktokErrors.invalidParams(reply, 'post_info.title is over 2200 UTF-16 characters.');
      const refused = refuse(request, reply, info, mode === 'DIRECT_POST');
      if (refused) return refused;
      const postInfo = postInfoOf(info);
      if (source.source === 'PULL_FROM_URL') {
        if (!verified(source.video_url)) {
          return sendTikTokError(
            reply,
            403,
            'url_ownership_unverified',
            'The video_url domain or URL prefix is not verified for this app.',
          );
        }
        const post = newPost(request, {
          mediaType: 'VIDEO',
          mode,
          source: 'PULL_FROM_URL',
          postInfo,
          videoUrl: source.video_url,
        });
        options.pull(post);
        return sendData(reply, { publish_id: post.publishId });
      }
      const problem = chunkPlanProblem(source.video_size, source.chunk_size, source.total_chunk_count);
      if (problem) return tiktokErrors.invalidParams(reply, problem);
      const file = path.join(options.mediaDir, `upload-${randomToken(12)}`);
      await writeFile(file, new Uint8Array());
      const post = newPost(request, {
        mediaType: 'VIDEO',
        mode,
        source: 'FILE_UPLOAD',
        postInfo,
        videoSize: source.video_size,
        chunkSize: source.chunk_size,
        totalChunkCount: source.total_chunk_count,
        file,
      });
      const uploadUrl = new URL(`${options.baseUrl(request)}/upload/video/`);
      uploadUrl.searchParams.set('upload_id', post.publishId);
      uploadUrl.searchParams.set('upload_token', post.uploadToken);
      return sendData(reply, { publish_id: post.publishId, upload_url: uploadUrl.toString() });
    });
  }

  app.post('/v2/post/publish/content/init/', async (request, reply) => {
    const parsed = photoInitSchema.safeParse(request.body);
    if (!parsed.success)
      return tiktokErrors.invalidParams(
        reply,
        parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      );
    const { post_info: info, source_info: source, post_mode: mode } = parsed.data;
    if ([...(info.title ?? '')].length > 90)
      return tiktokErrors.invalidParams(reply, 'post_info.title is over 90 characters.');
    if ([...(info.description ?? '')].length > 4000)
      return tiktokErrors.invalidParams(reply, 'post_info.description is over 4000 characters.');
    if (source.photo_cover_index >= source.photo_images.length)
      return tiktokErrors.invalidParams(reply, 'photo_cover_index is out of range.');
    const refused = refuse(request, reply, info, mode === 'DIRECT_POST');
    if (refused) return refused;
    const unverified = source.photo_images.find((url) => !verified(url));
    if (unverified)
      return sendTikTokError(
        reply,
        403,
        'url_ownership_unverified',
        `${unverified} is not on a URL prefix verified for this app.`,
      );
    const post = newPost(request, {
      mediaType: 'PHOTO',
      mode,
      source: 'PULL_FROM_URL',
      postInfo: postInfoOf(info),
      photoUrls: source.photo_images,
    });
    options.pull(post);
    return sendData(reply, { publish_id: post.publishId });
  });

  app.post('/v2/post/publish/status/fetch/', async (request, reply) => {
    const { creator } = apiContextOf(request);
    const publishId = (request.body as { publish_id?: unknown } | undefined)?.publish_id;
    const post = typeof publishId === 'string' ? state.posts.get(publishId) : undefined;
    if (!post || post.openId !== creator.openId) return tiktokErrors.invalidParams(reply, 'publish_id does not exist.');
    const status = statusOf(post, options, state, now());
    return sendData(reply, {
      status,
      ...(status === 'FAILED' ? { fail_reason: post.failReason } : {}),
      publicaly_available_post_id: post.postId && status === 'PUBLISH_COMPLETE' ? [post.postId] : [],
      uploaded_bytes: post.uploadedBytes,
      downloaded_bytes: post.downloadedBytes,
    });
  });
}

function postInfoOf(info: z.infer<typeof postInfoSchema>): PostInfo {
  return {
    title: info.title ?? '',
    description: info.description,
    privacyLevel: info.privacy_level ?? 'SELF_ONLY',
    disableComment: info.disable_comment ?? false,
    disableDuet: info.disable_duet ?? false,
    disableStitch: info.disable_stitch ?? false,
  };
}
