import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiContextOf } from './api-pipeline.js';
import { googleErrors, sendGoogleError } from './google-errors.js';
import { valuesOf } from './request-check.js';
import {
  channelResource,
  commentResource,
  commentThreadResource,
  effectivePrivacy,
  etagOf,
  type Links,
  paginate,
  videoResource,
} from './resources.js';
import type { YouTubeSandboxState } from './state.js';

export interface DataRouteOptions {
  state: YouTubeSandboxState;
  links: (request: FastifyRequest) => Links;
  now: () => number;
}

type Query = Record<string, string | string[] | undefined>;

const MAX_COMMENT_CHARS = 10_000;

function listResponse(kind: string, items: unknown[], extra: Record<string, unknown> = {}) {
  const body = { kind, etag: '', ...extra, items };
  body.etag = etagOf(body);
  return body;
}

/**
 * The read and write methods Crier uses besides uploads: `channels.list` (who connected),
 * `videos.list` (status and statistics), `commentThreads.list` with paging, `comments.list` of a
 * thread's replies, `comments.insert` (a reply) and `commentThreads.insert` (a new comment).
 */
export function registerDataRoutes(app: FastifyInstance, options: DataRouteOptions): void {
  const { state, now } = options;
  const partsOf = (request: FastifyRequest) => valuesOf((request.query as Query).part, true);
  const single = (request: FastifyRequest, name: string) => {
    const value = (request.query as Query)[name];
    return Array.isArray(value) ? value[0] : value;
  };

  app.get('/youtube/v3/channels', async (request) => {
    const { channel } = apiContextOf(request);
    const ids = valuesOf((request.query as Query).id, true);
    const wanted = single(request, 'mine') === 'true' ? [channel] : ids.flatMap((id) => state.channels.get(id) ?? []);
    const items = wanted.map((found) => {
      const videos = [...state.videos.values()].filter((video) => video.channelId === found.id).length;
      return channelResource(found, partsOf(request), options.links(request), videos);
    });
    return listResponse('youtube#channelListResponse', items, {
      pageInfo: { totalResults: items.length, resultsPerPage: 5 },
    });
  });

  app.get('/youtube/v3/videos', async (request) => {
    const { channel } = apiContextOf(request);
    const ids = valuesOf((request.query as Query).id, true);
    const items = ids
      .flatMap((id) => state.videos.get(id) ?? [])
      // Another channel's private or unlisted-by-schedule videos are invisible, as on YouTube.
      .filter((video) => video.channelId === channel.id || effectivePrivacy(video, now()) !== 'private')
      .map((video) => videoResource(state, video, partsOf(request), options.links(request), now()));
    return listResponse('youtube#videoListResponse', items, {
      pageInfo: { totalResults: items.length, resultsPerPage: items.length },
    });
  });

  app.get('/youtube/v3/commentThreads', async (request, reply) => {
    const videoId = single(request, 'videoId');
    if (!videoId) {
      return sendGoogleError(
        reply,
        googleErrors.badRequest(
          'No filter selected. Expected one of: videoId, id, allThreadsRelatedToChannelId, channelId.',
        ),
      );
    }
    if (!state.videos.has(videoId)) {
      return sendGoogleError(
        reply,
        googleErrors.notFound(
          'youtube.commentThread',
          'videoNotFound',
          'The video identified by the videoId parameter could not be found.',
        ),
      );
    }
    const maxResults = Number(single(request, 'maxResults') ?? 20);
    const paged = paginate(state.threadsOf(videoId), single(request, 'pageToken'), maxResults);
    if (!paged) return sendGoogleError(reply, googleErrors.badRequest('The request specifies an invalid page token.'));
    const items = paged.page.map((thread) =>
      commentThreadResource(state, thread, partsOf(request), options.links(request)),
    );
    return listResponse('youtube#commentThreadListResponse', items, {
      nextPageToken: paged.nextPageToken,
      pageInfo: paged.pageInfo,
    });
  });

  app.get('/youtube/v3/comments', async (request, reply) => {
    const parentId = single(request, 'parentId');
    if (!parentId)
      return sendGoogleError(reply, googleErrors.badRequest('No filter selected. Expected one of: id, parentId.'));
    const maxResults = Number(single(request, 'maxResults') ?? 20);
    const paged = paginate(state.repliesTo(parentId), single(request, 'pageToken'), maxResults);
    if (!paged) return sendGoogleError(reply, googleErrors.badRequest('The request specifies an invalid page token.'));
    const items = paged.page.map((comment) => commentResource(state, comment, options.links(request)));
    return listResponse('youtube#commentListResponse', items, {
      nextPageToken: paged.nextPageToken,
      pageInfo: paged.pageInfo,
    });
  });

  app.post('/youtube/v3/comments', async (request, reply) => {
    const { channel } = apiContextOf(request);
    const snippet = (request.body as { snippet?: { parentId?: string; textOriginal?: string } } | undefined)?.snippet;
    const parent = snippet?.parentId ? state.comments.get(snippet.parentId) : undefined;
    if (!parent || parent.parentId) {
      return sendGoogleError(
        reply,
        googleErrors.notFound(
          'youtube.comment',
          'parentCommentNotFound',
          'The specified parent comment could not be found.',
        ),
      );
    }
    const text = checkedText(snippet?.textOriginal);
    if (typeof text !== 'string') return sendGoogleError(reply, text);
    const answer = state.addComment({
      videoId: parent.videoId,
      parentId: parent.id,
      authorChannelId: channel.id,
      authorDisplayName: channel.title,
      text,
    });
    return reply.send(commentResource(state, answer, options.links(request)));
  });

  app.post('/youtube/v3/commentThreads', async (request, reply) => {
    const { channel } = apiContextOf(request);
    const snippet = (
      request.body as
        | { snippet?: { videoId?: string; topLevelComment?: { snippet?: { textOriginal?: string } } } }
        | undefined
    )?.snippet;
    if (!snippet?.videoId || !state.videos.has(snippet.videoId)) {
      return sendGoogleError(
        reply,
        googleErrors.notFound('youtube.commentThread', 'videoNotFound', 'The specified video could not be found.'),
      );
    }
    const text = checkedText(snippet.topLevelComment?.snippet?.textOriginal);
    if (typeof text !== 'string') return sendGoogleError(reply, text);
    const comment = state.addComment({
      videoId: snippet.videoId,
      parentId: undefined,
      authorChannelId: channel.id,
      authorDisplayName: channel.title,
      text,
    });
    return reply.send(commentThreadResource(state, comment, ['snippet'], options.links(request)));
  });
}

function checkedText(text: string | undefined) {
  if (!text || text.trim() === '') {
    return googleErrors.invalidComment(
      'commentTextRequired',
      'The comment resource must contain a value for the snippet.textOriginal property.',
    );
  }
  if ([...text].length > MAX_COMMENT_CHARS) {
    return googleErrors.invalidComment(
      'commentTextTooLong',
      'The comment resource contains too many characters in the snippet.textOriginal property.',
    );
  }
  return text;
}
