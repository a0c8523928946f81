import type { FastifyInstance } from 'fastify';
import { apiContextOf } from './api-pipeline.js';
import { fieldList, postObject } from './api-shapes.js';
import { problems, sendProblem } from './problems.js';
import type { SandboxPost, XSandboxState } from './state.js';

export interface TimelineRouteOptions {
  state: XSandboxState;
}

/** Query of GET /2/users/{id}/tweets (`getUsersPosts` in X's OpenAPI document), already validated. */
interface TimelineQuery {
  max_results?: string;
  pagination_token?: string;
  start_time?: string;
  end_time?: string;
  since_id?: string;
  until_id?: string;
  'post.fields'?: string;
  expansions?: string;
}

const DEFAULT_PAGE_SIZE = 10;

/**
 * A user's posts, newest first, as X serves them: `data` (left out when empty) and `meta` with the
 * page's newest and oldest ids, a count and a `next_token` while more pages follow. X's own timeline
 * reaches back 3,200 posts; the emulator's holds everything it has.
 */
export function registerTimelineRoutes(app: FastifyInstance, options: TimelineRouteOptions): void {
  const { state } = options;

  app.get<{ Params: { id: string } }>('/2/users/:id/tweets', async (request, reply) => {
    apiContextOf(request);
    const query = request.query as TimelineQuery;
    const userId = request.params.id;
    if (!state.users.has(userId)) {
      // Like a missing post, a missing user is a 200 with a problem in errors[].
      const problem = problems.resourceNotFound(`Could not find user with id: [${userId}].`, 'user', 'id', userId);
      const { status: _status, ...withoutStatus } = problem;
      return { errors: [withoutStatus] };
    }
    const pageSize = query.max_results ? Number(query.max_results) : DEFAULT_PAGE_SIZE;
    const startTime = query.start_time ? Date.parse(query.start_time) : undefined;
    const endTime = query.end_time ? Date.parse(query.end_time) : undefined;
    const continueBelow = query.pagination_token ? decodeBase32Hex(query.pagination_token) : undefined;
    if (query.pagination_token && continueBelow === undefined) {
      return sendProblem(
        reply,
        problems.invalidRequest([
          { parameter: 'pagination_token', message: 'The `pagination_token` query parameter value is not valid.' },
        ]),
      );
    }

    const matching = [...state.posts.values()]
      .filter((post) => post.authorId === userId)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .filter((post) => inRange(post, { startTime, endTime, sinceId: query.since_id, untilId: query.until_id }))
      .filter((post) => continueBelow === undefined || BigInt(post.id) < BigInt(continueBelow))
      .reverse();
    const page = matching.slice(0, pageSize);
    const meta: Record<string, unknown> = { result_count: page.length };
    const newest = page[0];
    const oldest = page.at(-1);
    if (newest && oldest) {
      meta.newest_id = newest.id;
      meta.oldest_id = oldest.id;
      if (matching.length > page.length) meta.next_token = encodeBase32Hex(oldest.id);
    }
    if (page.length === 0) return { meta };
    const fields = fieldList(query['post.fields']);
    const expansions = fieldList(query.expansions);
    return { data: page.map((post) => postObject(post, fields, expansions, state)), meta };
  });
}

function inRange(
  post: SandboxPost,
  range: { startTime?: number; endTime?: number; sinceId?: string; untilId?: string },
): boolean {
  const created = Date.parse(post.createdAt);
  if (range.startTime !== undefined && created < range.startTime) return false;
  if (range.endTime !== undefined && created > range.endTime) return false;
  if (range.sinceId !== undefined && BigInt(post.id) <= BigInt(range.sinceId)) return false;
  if (range.untilId !== undefined && BigInt(post.id) >= BigInt(range.untilId)) return false;
  return true;
}

// X documents its pagination tokens as base32hex (RFC 4648 §7); the emulator's encode the last id seen.
const BASE32_HEX = '0123456789abcdefghijklmnopqrstuv';

function encodeBase32Hex(text: string): string {
  let bits = '';
  for (const byte of Buffer.from(text, 'utf8')) bits += byte.toString(2).padStart(8, '0');
  let out = '';
  for (let index = 0; index < bits.length; index += 5) {
    out += BASE32_HEX.charAt(Number.parseInt(bits.slice(index, index + 5).padEnd(5, '0'), 2));
  }
  return out;
}

function decodeBase32Hex(token: string): string | undefined {
  let bits = '';
  for (const char of token.toLowerCase()) {
    const value = BASE32_HEX.indexOf(char);
    if (value === -1) return undefined;
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes: number[] = [];
  for (let index = 0; index + 8 <= bits.length; index += 8)
    bytes.push(Number.parseInt(bits.slice(index, index + 8), 2));
  const decoded = Buffer.from(bytes).toString('utf8');
  return /^\d{1,19}$/.test(decoded) ? decoded : undefined;
}
