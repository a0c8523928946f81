import type { FastifyInstance, FastifyRequest } from 'fastify';
import twitterText from 'twitter-text';
import { apiContextOf } from './api-pipeline.js';
import { createdPostBody, fieldList, mediaObject, postObject, userObject } from './api-shapes.js';
import { isImageCategory, mediaUnusableReason } from './media-rules.js';
import { problems, sendProblem } from './problems.js';
import type { XSandboxState } from './state.js';

export interface TweetRouteOptions {
  state: XSandboxState;
  /** Base of absolute URLs handed out; without it, the address the request came to. */
  publicUrl: string | undefined;
  now: () => number;
}

/** Only the fields the emulator acts on; the OpenAPI validator has already refused anything else. */
interface CreatePostBody {
  text?: string;
  media?: { media_ids: string[] };
  reply?: { in_reply_to_tweet_id: string };
}

const MAX_WEIGHTED_LENGTH = 280;

export function registerTweetRoutes(app: FastifyInstance, options: TweetRouteOptions): void {
  const { state, now } = options;
  const baseUrlFor = (request: FastifyRequest) => options.publicUrl ?? `${request.protocol}://${request.host}`;

  app.get('/2/users/me', async (request) => {
    const { user } = apiContextOf(request);
    const query = request.query as Record<string, unknown>;
    const publicUrl = baseUrlFor(request);
    const postCount = state.listPosts().filter((post) => post.authorId === user.id).length;
    return { data: userObject(user, fieldList(query['user.fields']), { publicUrl, postCount }) };
  });

  app.post('/2/tweets', async (request, reply) => {
    const { user, grant } = apiContextOf(request);
    const body = request.body as CreatePostBody;
    const text = body.text ?? '';
    const mediaIds = body.media?.media_ids ?? [];

    if (text.trim().length === 0 && mediaIds.length === 0) {
      return sendProblem(
        reply,
        problems.invalidRequest([
          { parameter: '$.text', message: '$.text: text is required unless media is attached' },
        ]),
      );
    }
    // X counts like twitter-text: weighted code points, every URL as 23, NFC first.
    if (twitterText.parseTweet(text.normalize('NFC')).weightedLength > MAX_WEIGHTED_LENGTH) {
      return sendProblem(
        reply,
        problems.forbidden('Your Tweet text is too long. For how X counts text, see the twitter-text library.'),
      );
    }
    const unusable = mediaIds.map((id) => mediaUnusableReason(state.media.get(id), user.id, now())).find(Boolean);
    const attached = mediaIds.map((id) => state.media.get(id));
    // A post holds up to 4 photos, or a single GIF or video.
    const mixesKinds = attached.length > 1 && attached.some((media) => media && !isImageCategory(media.category));
    if (unusable || mixesKinds) {
      return sendProblem(
        reply,
        problems.invalidRequest([{ parameter: '$.media.media_ids', message: 'Your media IDs are invalid.' }]),
      );
    }
    const replyTo = body.reply?.in_reply_to_tweet_id;
    if (replyTo && !state.posts.has(replyTo)) {
      return sendProblem(
        reply,
        problems.invalidRequest([
          { parameter: '$.reply.in_reply_to_tweet_id', message: 'The post you are replying to does not exist.' },
        ]),
      );
    }
    if (state.findDuplicatePost(user.id, text)) return sendProblem(reply, problems.duplicateContent());

    const post = state.addPost({ authorId: user.id, text, mediaIds, clientId: grant.clientId });
    return reply.code(201).send(createdPostBody(post));
  });

  app.get<{ Params: { id: string } }>('/2/tweets/:id', async (request) => {
    const query = request.query as Record<string, unknown>;
    const post = state.posts.get(request.params.id);
    if (!post) {
      // X answers a missing post with 200 and a problem in errors[], not with a 404.
      const id = request.params.id;
      const problem = problems.resourceNotFound(`Could not find tweet with id: [${id}].`, 'tweet', 'id', id);
      const { status: _status, ...withoutStatus } = problem;
      return { errors: [withoutStatus] };
    }
    const expansions = fieldList(query.expansions);
    const publicUrl = baseUrlFor(request);
    const data = postObject(post, fieldList(query['post.fields']), expansions, state);
    const includes: Record<string, unknown[]> = {};
    if (expansions.has('author_id')) {
      const author = state.users.get(post.authorId);
      if (author) includes.users = [userObject(author, fieldList(query['user.fields']), { publicUrl, postCount: 0 })];
    }
    if (expansions.has('attachments.media_keys')) {
      const mediaFields = fieldList(query['media.fields']);
      includes.media = post.mediaIds
        .map((id) => state.media.get(id))
        .filter((media) => media !== undefined)
        .map((media) => mediaObject(media, mediaFields, publicUrl));
    }
    return Object.keys(includes).length > 0 ? { data, includes } : { data };
  });

  app.delete<{ Params: { id: string } }>('/2/tweets/:id', async (request, reply) => {
    const { user } = apiContextOf(request);
    const id = request.params.id;
    const post = state.posts.get(id);
    if (!post) {
      return sendProblem(reply, problems.resourceNotFound(`Could not find tweet with id: [${id}].`, 'tweet', 'id', id));
    }
    if (post.authorId !== user.id) {
      return sendProblem(reply, problems.notAuthorizedForResource('You can only delete your own posts.', 'tweet', id));
    }
    state.deletePost(id);
    return { data: { deleted: true } };
  });
}
