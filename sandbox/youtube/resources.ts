import { createHash } from 'node:crypto';
import type { SandboxChannel, SandboxComment, SandboxVideo, YouTubeSandboxState } from './state.js';

/** YouTube's JSON resources, built from the emulator's records and cut down to the requested parts. */

export function etagOf(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('base64url').slice(0, 27);
}

function withParts(kind: string, id: string, parts: readonly string[], available: Record<string, unknown>) {
  const resource: Record<string, unknown> = { kind, etag: '', id };
  for (const part of parts) if (part !== 'id' && available[part] !== undefined) resource[part] = available[part];
  resource.etag = etagOf(resource);
  return resource;
}

export interface Links {
  /** Where the emulator's pages and files are served, for thumbnail and channel URLs. */
  baseUrl: string;
}

function thumbnails(links: Links, video: SandboxVideo) {
  const url = `${links.baseUrl}/_emulator/videos/${video.id}/thumbnail`;
  return {
    default: { url, width: 120, height: 90 },
    medium: { url, width: 320, height: 180 },
    high: { url, width: 480, height: 360 },
  };
}

/** Scheduled videos become public at `publishAt`; YouTube flips the privacy on its own. */
export function effectivePrivacy(video: SandboxVideo, now: number): SandboxVideo['status']['privacyStatus'] {
  const publishAt = video.status.publishAt ? Date.parse(video.status.publishAt) : undefined;
  return publishAt !== undefined && publishAt <= now ? 'public' : video.status.privacyStatus;
}

export function uploadStatusOf(video: SandboxVideo, now: number): 'uploaded' | 'processed' | 'failed' {
  if (video.failureReason) return 'failed';
  return now >= video.processedAt ? 'processed' : 'uploaded';
}

export function videoResource(
  state: YouTubeSandboxState,
  video: SandboxVideo,
  parts: readonly string[],
  links: Links,
  now: number,
) {
  const channel = state.channels.get(video.channelId);
  const uploadStatus = uploadStatusOf(video, now);
  const scheduled = video.status.publishAt && Date.parse(video.status.publishAt) > now;
  return withParts('youtube#video', video.id, parts, {
    snippet: {
      publishedAt: new Date(video.uploadedAt).toISOString(),
      channelId: video.channelId,
      title: video.snippet.title,
      description: video.snippet.description,
      thumbnails: thumbnails(links, video),
      channelTitle: channel?.title ?? '',
      tags: video.snippet.tags.length > 0 ? video.snippet.tags : undefined,
      categoryId: video.snippet.categoryId,
      liveBroadcastContent: 'none',
      defaultLanguage: video.snippet.defaultLanguage,
      localized: { title: video.snippet.title, description: video.snippet.description },
    },
    status: {
      uploadStatus,
      failureReason: video.failureReason,
      privacyStatus: effectivePrivacy(video, now),
      publishAt: scheduled ? video.status.publishAt : undefined,
      license: video.status.license ?? 'youtube',
      embeddable: video.status.embeddable ?? true,
      publicStatsViewable: true,
      madeForKids: video.status.selfDeclaredMadeForKids ?? false,
      selfDeclaredMadeForKids: video.status.selfDeclaredMadeForKids,
      containsSyntheticMedia: video.status.containsSyntheticMedia,
    },
    statistics: {
      viewCount: String(video.statistics.viewCount),
      likeCount: String(video.statistics.likeCount),
      favoriteCount: String(video.statistics.favoriteCount),
      commentCount: String(state.commentCount(video.id)),
    },
    processingDetails: {
      processingStatus: { uploaded: 'processing', processed: 'succeeded', failed: 'failed' }[uploadStatus],
      processingFailureReason: video.failureReason ? 'transcodeFailed' : undefined,
    },
    fileDetails: { fileSize: String(video.file.size), fileType: 'video', container: video.file.mimeType },
  });
}

export function channelResource(channel: SandboxChannel, parts: readonly string[], links: Links, videoCount: number) {
  const avatar = `${links.baseUrl}/_emulator/channels/${channel.id}/avatar.svg`;
  return withParts('youtube#channel', channel.id, parts, {
    snippet: {
      title: channel.title,
      description: channel.description,
      customUrl: `@${channel.username.toLowerCase()}`,
      publishedAt: channel.createdAt,
      thumbnails: { default: { url: avatar, width: 88, height: 88 } },
      localized: { title: channel.title, description: channel.description },
    },
    statistics: { viewCount: '0', subscriberCount: '0', hiddenSubscriberCount: false, videoCount: String(videoCount) },
  });
}

export function commentResource(state: YouTubeSandboxState, comment: SandboxComment, links: Links) {
  const video = state.videos.get(comment.videoId);
  return withParts('youtube#comment', comment.id, ['snippet'], {
    snippet: {
      channelId: video?.channelId,
      videoId: comment.videoId,
      textDisplay: comment.text,
      textOriginal: comment.text,
      parentId: comment.parentId,
      authorDisplayName: comment.authorDisplayName,
      authorProfileImageUrl: `${links.baseUrl}/_emulator/channels/${comment.authorChannelId}/avatar.svg`,
      authorChannelUrl: `${links.baseUrl}/channel/${comment.authorChannelId}`,
      authorChannelId: { value: comment.authorChannelId },
      canRate: true,
      viewerRating: 'none',
      likeCount: comment.likeCount,
      publishedAt: comment.publishedAt,
      updatedAt: comment.publishedAt,
    },
  });
}

export function commentThreadResource(
  state: YouTubeSandboxState,
  topLevel: SandboxComment,
  parts: readonly string[],
  links: Links,
) {
  const replies = state.repliesTo(topLevel.id);
  const video = state.videos.get(topLevel.videoId);
  return withParts('youtube#commentThread', topLevel.id, parts, {
    snippet: {
      channelId: video?.channelId,
      videoId: topLevel.videoId,
      topLevelComment: commentResource(state, topLevel, links),
      canReply: true,
      totalReplyCount: replies.length,
      isPublic: true,
    },
    // YouTube returns a few replies inline; the rest through comments.list?parentId.
    replies:
      replies.length > 0
        ? { comments: replies.slice(0, 5).map((reply) => commentResource(state, reply, links)) }
        : undefined,
  });
}

/** Page tokens are opaque to clients; here they carry the offset of the next item. Undefined: a bad token. */
export function paginate<T>(items: T[], pageToken: string | undefined, maxResults: number) {
  let start = 0;
  if (pageToken) {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(pageToken, 'base64url').toString('utf8'));
    if (!decoded?.[1]) return undefined;
    start = Number(decoded[1]);
  }
  const page = items.slice(start, start + maxResults);
  const next =
    start + maxResults < items.length ? Buffer.from(`o:${start + maxResults}`).toString('base64url') : undefined;
  return { page, nextPageToken: next, pageInfo: { totalResults: items.length, resultsPerPage: maxResults } };
}
