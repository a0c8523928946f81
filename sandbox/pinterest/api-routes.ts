import type { FastifyInstance } from 'fastify';
import { readMultipart } from '../x/multipart.js';
import { ERRORS, requireCaller, sendError } from './api-pipeline.js';
import type { BoardRecord, PinRecord, PinterestState } from './state.js';

export interface ApiRouteOptions {
  state: PinterestState;
  publicUrl: string;
  mediaProcessingMs: number;
  now: () => number;
}

interface MediaSource {
  source_type: string;
  data?: string;
  url?: string;
  items?: unknown[];
  media_id?: string;
}

interface PinCreateBody {
  board_id: string;
  title?: string | null;
  description?: string | null;
  link?: string | null;
  alt_text?: string | null;
  media_source: MediaSource;
}

const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** A pin's analytics may reach back 90 days at most. */
const MAX_ANALYTICS_DAYS = 90;

/** The user account, boards, pins, media uploads and pin analytics. */
export function registerApiRoutes(app: FastifyInstance, options: ApiRouteOptions): void {
  const { state, now } = options;
  const web = options.publicUrl;

  const board = (record: BoardRecord) => ({
    id: record.id,
    name: record.name,
    description: record.description,
    privacy: record.privacy,
    owner: { username: state.users.get(record.ownerId)?.username },
    created_at: record.createdAt,
    pin_count: [...state.pins.values()].filter((pin) => pin.boardId === record.id).length,
  });
  const pin = (record: PinRecord) => ({
    id: record.id,
    created_at: record.createdAt,
    board_id: record.boardId,
    board_owner: { username: state.users.get(record.ownerId)?.username },
    title: record.title,
    description: record.description,
    link: record.link,
    alt_text: record.altText,
    media: { media_type: record.mediaType },
    creative_type:
      record.mediaType === 'video' ? 'VIDEO' : record.mediaType === 'multiple_images' ? 'CAROUSEL' : 'REGULAR',
    is_owner: true,
  });

  app.get('/v5/user_account', async (request) => {
    const { user } = requireCaller(request);
    return {
      id: user.id,
      username: user.username,
      account_type: 'BUSINESS',
      business_name: user.username,
      profile_image: `${web}/_emulator/avatar.png`,
      website_url: null,
      board_count: state.boardsOf(user.id).length,
    };
  });

  app.get('/v5/boards', async (request) => {
    const { user } = requireCaller(request);
    const query = request.query as { bookmark?: string; page_size?: string };
    const size = Number(query.page_size ?? 25);
    const all = state.boardsOf(user.id);
    const start = query.bookmark ? Number(Buffer.from(query.bookmark, 'base64url').toString()) : 0;
    const next = start + size < all.length ? Buffer.from(String(start + size)).toString('base64url') : null;
    return { items: all.slice(start, start + size).map(board), bookmark: next };
  });

  app.post('/v5/boards', async (request, reply) => {
    const { user } = requireCaller(request);
    const body = request.body as { name: string; description?: string; privacy?: BoardRecord['privacy'] };
    return reply
      .code(201)
      .send(board(state.addBoard(user.id, body.name, body.privacy ?? 'PUBLIC', body.description ?? '')));
  });

  app.post('/v5/pins', async (request, reply) => {
    const { user } = requireCaller(request);
    const body = request.body as PinCreateBody;
    const target = state.boards.get(body.board_id);
    if (!target || target.ownerId !== user.id) return sendError(reply, ERRORS.notFound, 'Board not found.');
    const source = body.media_source;
    let mediaCount = 1;
    let mediaType: PinRecord['mediaType'] = 'image';
    if (source.source_type === 'image_base64') {
      if (Buffer.from(source.data ?? '', 'base64').length > MAX_IMAGE_BYTES)
        return sendError(reply, ERRORS.invalidParameters, 'Image too large: Pinterest takes images up to 20 MB.');
    } else if (source.source_type === 'multiple_image_base64' || source.source_type === 'multiple_image_urls') {
      mediaCount = source.items?.length ?? 0;
      mediaType = 'multiple_images';
      if (mediaCount < 2 || mediaCount > 5)
        return sendError(reply, ERRORS.invalidParameters, 'A carousel Pin has 2 to 5 images.');
    } else if (source.source_type === 'video_id') {
      const media = state.media.get(source.media_id ?? '');
      if (!media || media.ownerId !== user.id) return sendError(reply, ERRORS.notFound, 'Media not found.');
      if (state.settleMedia(media).status !== 'succeeded')
        return sendError(
          reply,
          ERRORS.invalidParameters,
          `Media upload ${media.id} is ${media.status}, not succeeded.`,
        );
      mediaType = 'video';
    } else if (source.source_type !== 'image_url') {
      return sendError(
        reply,
        ERRORS.invalidParameters,
        `Media source ${source.source_type} is not supported by the sandbox.`,
      );
    }
    const created = state.addPin({
      ownerId: user.id,
      boardId: target.id,
      title: body.title ?? null,
      description: body.description ?? null,
      link: body.link ?? null,
      altText: body.alt_text ?? null,
      sourceType: source.source_type,
      mediaCount,
      mediaType,
    });
    return reply.code(201).send(pin(created));
  });

  app.get<{ Params: { pin_id: string } }>('/v5/pins/:pin_id', async (request, reply) => {
    const { user } = requireCaller(request);
    const found = state.pins.get(request.params.pin_id);
    if (!found || found.ownerId !== user.id) return sendError(reply, ERRORS.notFound, 'Pin not found.');
    return pin(found);
  });

  app.get<{ Params: { pin_id: string } }>('/v5/pins/:pin_id/analytics', async (request, reply) => {
    const { user } = requireCaller(request);
    const found = state.pins.get(request.params.pin_id);
    if (!found || found.ownerId !== user.id) return sendError(reply, ERRORS.notFound, 'Pin not found.');
    const query = request.query as { start_date: string; end_date: string; metric_types: string | string[] };
    const start = Date.parse(`${query.start_date}T00:00:00Z`);
    const end = Date.parse(`${query.end_date}T00:00:00Z`);
    if (end < start) return sendError(reply, ERRORS.invalidParameters, 'end_date is before start_date.');
    if (start < now() - MAX_ANALYTICS_DAYS * 86_400_000 - 86_400_000)
      return sendError(reply, ERRORS.invalidParameters, 'start_date cannot be more than 90 days back from today.');
    const types = [query.metric_types].flat().flatMap((value) => value.split(','));
    const summary = Object.fromEntries(types.map((type) => [type, found.counters[type] ?? 0]));
    return {
      all: {
        daily_metrics: [{ date: new Date(now()).toISOString().slice(0, 10), data_status: 'READY', metrics: summary }],
        summary_metrics: summary,
        lifetime_metrics: {
          TOTAL_COMMENTS: found.counters.TOTAL_COMMENTS ?? 0,
          TOTAL_REACTIONS: found.counters.TOTAL_REACTIONS ?? 0,
        },
      },
    };
  });

  app.post('/v5/media', async (request, reply) => {
    const { user } = requireCaller(request);
    const record = state.registerMedia(user.id);
    return reply.code(201).send({
      media_id: record.id,
      media_type: 'video',
      upload_url: `${web}/_upload/pinterest-media-upload/`,
      upload_parameters: {
        'x-amz-date': `${new Date(now()).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`,
        'x-amz-signature': 'sandbox-signature',
        'x-amz-security-token': 'sandbox-token',
        'x-amz-algorithm': 'AWS4-HMAC-SHA256',
        key: record.uploadKey,
        policy: Buffer.from(JSON.stringify({ media_id: record.id })).toString('base64'),
        'x-amz-credential': 'SANDBOX/s3/aws4_request',
        'Content-Type': 'multipart/form-data',
      },
    });
  });

  app.get<{ Params: { media_id: string } }>('/v5/media/:media_id', async (request, reply) => {
    const { user } = requireCaller(request);
    const record = state.media.get(request.params.media_id);
    if (!record || record.ownerId !== user.id) return sendError(reply, ERRORS.notFound, 'Media not found.');
    state.settleMedia(record);
    return { media_id: record.id, media_type: 'video', status: record.status };
  });

  // The S3 bucket the upload_url points at: every upload_parameters field, then the file (S3 answers 204).
  app.post('/_upload/pinterest-media-upload/', async (request, reply) => {
    const { fields, files } = await readMultipart(request.body);
    const record = [...state.media.values()].find((media) => media.uploadKey === fields.key);
    if (!record || fields['x-amz-signature'] !== 'sandbox-signature' || !fields.policy) {
      return reply
        .code(403)
        .type('application/xml')
        .send('<Error><Code>AccessDenied</Code><Message>Invalid according to Policy</Message></Error>');
    }
    const file = files.file;
    if (!file)
      return reply
        .code(400)
        .type('application/xml')
        .send(
          '<Error><Code>InvalidArgument</Code><Message>POST requires exactly one file upload per request.</Message></Error>',
        );
    record.size = file.bytes.length;
    record.status = 'processing';
    record.readyAt = now() + options.mediaProcessingMs;
    return reply.code(204).send();
  });
}
