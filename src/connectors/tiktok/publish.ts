import type { AccountSession, PublishMedia, PublishRequest, PublishResult } from '../kit/connector.js';
import { ConnectorError, isConnectorError } from '../kit/errors.js';
import { isVideo } from '../kit/media-checks.js';
import { videoDurationMs } from '../kit/video-probe.js';
import { callTikTok, nothingPublishedYet, type TikTokTransport } from './api-client.js';
import { type ChunkOptions, planChunks, uploadChunks } from './chunked-upload.js';
import { NETWORK_NAME } from './errors.js';
import type { PendingPosts } from './find-published.js';
import type { TikTokOAuth } from './oauth.js';
import { type PrivacyLevel, postInfoOf, type TikTokOptions } from './post-options.js';
import { SessionTokens } from './session-tokens.js';
import { pollUntilPublished, type StatusPollOptions } from './status-poll.js';

export interface TikTokDependencies {
  transport: TikTokTransport;
  oauth: TikTokOAuth;
  webUrl: string;
  chunkBytes: number;
  chunks: ChunkOptions;
  statusPoll: StatusPollOptions;
  /** The public address of a photo on a URL prefix verified with TikTok; absent: no photo posts. */
  photoUrlFor?: (media: PublishMedia) => Promise<string> | string;
  /** Where posts whose outcome was not learnt in time are remembered, for reconciliation. */
  pending: PendingPosts;
}

export interface CreatorInfo {
  creator_username?: string;
  creator_nickname?: string;
  creator_avatar_url?: string;
  privacy_level_options?: string[];
  comment_disabled?: boolean;
  duet_disabled?: boolean;
  stitch_disabled?: boolean;
  max_video_post_duration_sec?: number;
}

export function queryCreatorInfo(transport: TikTokTransport, accessToken: string): Promise<CreatorInfo> {
  return callTikTok<CreatorInfo>(transport, {
    method: 'POST',
    path: '/v2/post/publish/creator_info/query/',
    accessToken,
    json: {},
    action: 'reading the creator’s posting options',
  });
}

/**
 * Publishes a video (chunked file upload) or photos (pulled from public URLs): creator info first, to
 * check the privacy level and the video's length against what this creator may post; then init, the
 * chunks, and the status until TikTok says it is published or why not.
 */
export async function publishPost(
  deps: TikTokDependencies,
  session: AccountSession,
  request: PublishRequest,
): Promise<PublishResult> {
  const { transport } = deps;
  const tokens = new SessionTokens(session, deps.oauth, deps.webUrl, transport.now);
  const options = (request.options ?? {}) as TikTokOptions;
  const video = request.media.find(isVideo);
  const photos = request.media.filter((item) => !isVideo(item));

  const creator = await nothingPublishedYet(() =>
    tokens.run((accessToken) => queryCreatorInfo(transport, accessToken)),
  );
  const privacyLevel: PrivacyLevel = options.privacyLevel ?? 'SELF_ONLY';
  const offered = creator.privacy_level_options ?? [];
  if (!offered.includes(privacyLevel)) {
    throw new ConnectorError(
      'invalid_content',
      `This ${NETWORK_NAME} account takes posts for ${offered.join(', ') || 'no audience'}; the variant asks for ${privacyLevel}`,
      { networkCode: 'privacy_level_option_mismatch' },
    );
  }

  const username = creator.creator_username ?? tokens.creator.username;
  const permalink = (postId: string) => `${deps.webUrl}/@${username}/video/${postId}`;
  const profileUrl = `${deps.webUrl}/@${username}`;
  const poll = async (publishId: string) => {
    try {
      return await pollUntilPublished(
        transport,
        (call) => tokens.run(call),
        publishId,
        permalink,
        profileUrl,
        deps.statusPoll,
      );
    } catch (error) {
      // The post may still appear: remember which one it is, so reconciliation asks about it.
      if (isConnectorError(error) && error.errorClass === 'unknown_outcome') {
        deps.pending.remember(request.publicationId, publishId);
      }
      throw error;
    }
  };

  if (video) {
    const maxSeconds = creator.max_video_post_duration_sec;
    const duration = await videoDurationMs(video);
    if (maxSeconds !== undefined && duration !== undefined && duration > maxSeconds * 1000) {
      throw new ConnectorError(
        'invalid_content',
        `This ${NETWORK_NAME} account posts videos up to ${maxSeconds} s; this one lasts ${Math.round(duration / 1000)} s`,
        { networkCode: 'duration_check_failed' },
      );
    }
    const plan = planChunks(video.size, deps.chunkBytes);
    const init = await nothingPublishedYet(() =>
      tokens.run((accessToken) =>
        callTikTok<{ publish_id?: string; upload_url?: string }>(transport, {
          method: 'POST',
          path: '/v2/post/publish/video/init/',
          accessToken,
          json: {
            post_info: postInfoOf(options, creator, privacyLevel, { title: request.text }, 'video'),
            source_info: {
              source: 'FILE_UPLOAD',
              video_size: video.size,
              chunk_size: plan.chunkSize,
              total_chunk_count: plan.totalChunkCount,
            },
          },
          action: 'starting the video post',
        }),
      ),
    );
    if (!init.publish_id || !init.upload_url) {
      throw new ConnectorError('transient', `${NETWORK_NAME} started the post without an upload address`, {
        networkMessage: JSON.stringify(init),
      });
    }
    const publishId = init.publish_id;
    await uploadChunks(
      transport.fetch,
      init.upload_url,
      video,
      plan,
      deps.chunks,
      () => uploadedBytes(deps, tokens, publishId),
      transport.now,
    );
    return poll(publishId);
  }

  const photoUrlFor = deps.photoUrlFor;
  if (!photoUrlFor || photos.length === 0) {
    throw new ConnectorError(
      'invalid_content',
      `${NETWORK_NAME} needs a video, or photos at public addresses Crier has not been given`,
    );
  }
  const urls = await Promise.all(photos.map((photo) => photoUrlFor(photo)));
  const init = await nothingPublishedYet(() =>
    tokens.run((accessToken) =>
      callTikTok<{ publish_id?: string }>(transport, {
        method: 'POST',
        path: '/v2/post/publish/content/init/',
        accessToken,
        json: {
          media_type: 'PHOTO',
          post_mode: 'DIRECT_POST',
          post_info: postInfoOf(
            options,
            creator,
            privacyLevel,
            { title: request.title ?? '', description: request.text },
            'photo',
          ),
          source_info: { source: 'PULL_FROM_URL', photo_images: urls, photo_cover_index: 0 },
        },
        action: 'starting the photo post',
      }),
    ),
  );
  if (!init.publish_id)
    throw new ConnectorError('transient', `${NETWORK_NAME} started the photo post without a publish id`);
  return poll(init.publish_id);
}

/** How many bytes of the video TikTok holds, or undefined when it cannot be asked now. */
async function uploadedBytes(
  deps: TikTokDependencies,
  tokens: SessionTokens,
  publishId: string,
): Promise<number | undefined> {
  try {
    const status = await tokens.run((accessToken) =>
      callTikTok<{ uploaded_bytes?: number }>(deps.transport, {
        method: 'POST',
        path: '/v2/post/publish/status/fetch/',
        accessToken,
        json: { publish_id: publishId },
        action: 'asking how much of the video arrived',
      }),
    );
    return status.uploaded_bytes;
  } catch (error) {
    // Not knowing is an answer here: the caller sends the chunk again or leaves it to the status poll.
    if (error instanceof ConnectorError) return undefined;
    throw error;
  }
}
