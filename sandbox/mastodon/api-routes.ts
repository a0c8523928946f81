import type { FastifyInstance } from 'fastify';
import { readMultipart } from '../x/multipart.js';
import { requireCaller, sendError } from './api-pipeline.js';
import { type EntityRenderer, type InstanceLimits, SUPPORTED_MIME_TYPES } from './entities.js';
import type { MastodonState, StatusRecord } from './state.js';

export interface ApiRouteOptions {
  state: MastodonState;
  entities: EntityRenderer;
  limits: InstanceLimits;
  domain: string;
  version: string;
  mediaProcessingMs: number;
  now: () => number;
}

interface CreateStatusBody {
  status?: string;
  media_ids?: string[];
  in_reply_to_id?: string;
  sensitive?: boolean;
  spoiler_text?: string;
  visibility?: StatusRecord['visibility'];
  language?: string;
}

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;
const MENTION_DOMAIN = /(@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Mastodon's count: graphemes, every URL as `characters_reserved_per_url`, a mention without its domain. */
export function countStatusCharacters(text: string, reservedPerUrl: number): number {
  const countable = text.replace(URL_PATTERN, 'x'.repeat(reservedPerUrl)).replace(MENTION_DOMAIN, '$1');
  return [...graphemes.segment(countable)].length;
}

/** The account, instance, media, status, thread and notification endpoints Crier uses. */
export function registerApiRoutes(app: FastifyInstance, options: ApiRouteOptions): void {
  const { state, entities, limits, now } = options;

  app.get('/api/v1/accounts/verify_credentials', async (request) => {
    const { account } = requireCaller(request);
    return {
      ...entities.account(account),
      source: { privacy: 'public', sensitive: false, language: null, note: '', fields: [] },
    };
  });

  app.get('/api/v2/instance', async () => entities.instance(options.domain, options.version, limits));

  app.post('/api/v2/media', async (request, reply) => {
    const { account } = requireCaller(request);
    const { fields, files } = await readMultipart(request.body);
    const file = files.file;
    if (!file) return sendError(reply, 422, 'Validation failed: File can’t be blank');
    if (!SUPPORTED_MIME_TYPES.includes(file.mimeType)) {
      return sendError(reply, 422, `Validation failed: File content type is invalid (${file.mimeType})`);
    }
    const isVideo = file.mimeType.startsWith('video/');
    const sizeLimit = isVideo ? limits.videoSizeLimit : limits.imageSizeLimit;
    if (file.bytes.length > sizeLimit) {
      return sendError(reply, 422, `Validation failed: File file size must be less than ${sizeLimit} bytes`);
    }
    if ((fields.description ?? '').length > limits.descriptionLimit) {
      return sendError(
        reply,
        422,
        `Validation failed: Description is too long (maximum is ${limits.descriptionLimit} characters)`,
      );
    }
    // Images are ready at once; video, GIF and audio are processed in the background (202, url null).
    const asynchronous = isVideo || file.mimeType === 'image/gif' || file.mimeType.startsWith('audio/');
    const record = state.addMedia({
      accountId: account.id,
      type: isVideo
        ? 'video'
        : file.mimeType.startsWith('audio/')
          ? 'audio'
          : file.mimeType === 'image/gif'
            ? 'gifv'
            : 'image',
      mimeType: file.mimeType,
      size: file.bytes.length,
      description: fields.description ?? null,
      readyAt: asynchronous ? now() + options.mediaProcessingMs : now(),
      bytes: file.bytes,
    });
    return reply.code(asynchronous ? 202 : 200).send(entities.media(record));
  });

  app.get<{ Params: { id: string } }>('/api/v1/media/:id', async (request, reply) => {
    const { account } = requireCaller(request);
    const record = state.media.get(request.params.id);
    if (!record || record.accountId !== account.id) return sendError(reply, 404, 'Record not found');
    return reply.code(record.readyAt <= now() ? 200 : 206).send(entities.media(record));
  });

  app.post('/api/v1/statuses', async (request, reply) => {
    const { account, token } = requireCaller(request);
    const key = request.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' && key.length > 0 ? key : undefined;
    const remembered = idempotencyKey ? state.recall(account.id, idempotencyKey) : undefined;
    if (remembered) return reply.send(entities.status(remembered));

    const body = request.body as CreateStatusBody;
    const text = body.status ?? '';
    const mediaIds = body.media_ids ?? [];
    const problem = checkStatus(text, mediaIds, body, account.id);
    if (problem) return sendError(reply, 422, problem);
    const status = state.addStatus(
      {
        accountId: account.id,
        text,
        spoilerText: body.spoiler_text ?? '',
        sensitive: body.sensitive ?? Boolean(body.spoiler_text),
        visibility: body.visibility ?? 'public',
        language: body.language ?? null,
        inReplyToId: body.in_reply_to_id ?? null,
        mediaIds,
        clientId: token.clientId,
      },
      idempotencyKey,
    );
    return reply.send(entities.status(status));
  });

  const checkStatus = (
    text: string,
    mediaIds: string[],
    body: CreateStatusBody,
    accountId: string,
  ): string | undefined => {
    if (text.trim().length === 0 && mediaIds.length === 0) return "Validation failed: Text can't be blank";
    const length = countStatusCharacters(text, limits.charactersReservedPerUrl);
    if (length > limits.maxCharacters)
      return `Validation failed: Text character limit of ${limits.maxCharacters} exceeded`;
    if (mediaIds.length > limits.maxMediaAttachments)
      return `Cannot attach more than ${limits.maxMediaAttachments} files`;
    const media = mediaIds.map((id) => state.media.get(id));
    if (media.some((item) => !item || item.accountId !== accountId || item.statusId)) return 'Record not found';
    if (media.some((item) => item && item.readyAt > now())) {
      return 'Cannot attach files that have not finished processing. Try again in a moment!';
    }
    if (media.length > 1 && media.some((item) => item?.type === 'video' || item?.type === 'audio')) {
      return 'Cannot attach a video to a post that already contains images';
    }
    if (body.language !== undefined && !/^[a-z]{2,3}$/.test(body.language))
      return 'Validation failed: Language is not a known language';
    if (body.in_reply_to_id && !state.statuses.has(body.in_reply_to_id)) return 'Record not found';
    return undefined;
  };

  app.get<{ Params: { id: string } }>('/api/v1/statuses/:id', async (request, reply) => {
    const status = state.statuses.get(request.params.id);
    if (!status) return sendError(reply, 404, 'Record not found');
    return entities.status(status);
  });

  app.get<{ Params: { id: string } }>('/api/v1/statuses/:id/context', async (request, reply) => {
    const status = state.statuses.get(request.params.id);
    if (!status) return sendError(reply, 404, 'Record not found');
    return {
      ancestors: state.ancestorsOf(status.id).map((item) => entities.status(item)),
      descendants: state.descendantsOf(status.id).map((item) => entities.status(item)),
    };
  });

  app.get('/api/v1/notifications', async (request, reply) => {
    const { account } = requireCaller(request);
    const query = request.query as Record<string, string | string[] | undefined>;
    const types = [query['types[]'] ?? query.types ?? []].flat();
    const limit = Math.min(Number(query.limit ?? 40), 80);
    const maxId = typeof query.max_id === 'string' ? BigInt(query.max_id) : undefined;
    const page = state.notifications
      .filter((item) => item.accountId === account.id && (types.length === 0 || types.includes(item.type)))
      .filter((item) => maxId === undefined || BigInt(item.id) < maxId)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .slice(0, limit);
    const last = page.at(-1);
    if (last && page.length === limit) {
      reply.header(
        'link',
        `<${options.entities.accountUrl(account).replace(/\/@.*$/, '')}/api/v1/notifications?max_id=${last.id}>; rel="next"`,
      );
    }
    return page.map((item) => entities.notification(item));
  });
}
