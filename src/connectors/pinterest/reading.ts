import type { AccountSession, Destination, MetricsReading } from '../kit/connector.js';
import { callPinterest, type PinterestTransport } from './api-client.js';
import type { PinterestOAuth } from './oauth.js';
import { SessionTokens } from './session-tokens.js';

interface ReadDependencies {
  transport: PinterestTransport;
  oauth: PinterestOAuth;
  webUrl: string;
}

/** Every board of the account (GET /boards, page by page with the bookmark), for the board picker. */
export async function listBoards(deps: ReadDependencies, session: AccountSession): Promise<Destination[]> {
  const tokens = new SessionTokens(session, deps.oauth, deps.webUrl, deps.transport.now);
  const boards: Destination[] = [];
  let bookmark: string | undefined;
  do {
    const query: Record<string, string> = { page_size: '100' };
    if (bookmark) query.bookmark = bookmark;
    const page = (await tokens.run((accessToken) =>
      callPinterest(deps.transport, {
        method: 'GET',
        path: '/boards',
        accessToken,
        query,
        action: 'listing the boards',
      }),
    )) as { items?: Array<{ id: string; name: string }>; bookmark?: string | null };
    for (const board of page.items ?? []) boards.push({ id: board.id, name: board.name });
    bookmark = page.bookmark ?? undefined;
  } while (bookmark);
  return boards;
}

const STANDARD_METRICS = [
  'IMPRESSION',
  'OUTBOUND_CLICK',
  'PIN_CLICK',
  'SAVE',
  'TOTAL_COMMENTS',
  'TOTAL_REACTIONS',
  'VIDEO_MRC_VIEW',
];

/** Pinterest's names for Crier's common metrics. */
const COMMON_NAMES = {
  impressions: 'IMPRESSION',
  clicks: 'OUTBOUND_CLICK',
  saves: 'SAVE',
  comments: 'TOTAL_COMMENTS',
  likes: 'TOTAL_REACTIONS',
  video_views: 'VIDEO_MRC_VIEW',
} as const;

/** Days Pinterest lets pin analytics reach back. */
const ANALYTICS_DAYS = 90;

/**
 * A pin's totals over the last 90 days (GET /pins/{id}/analytics, summary and lifetime metrics),
 * in Crier's names with Pinterest's own kept beside.
 */
export async function readPinMetrics(
  deps: ReadDependencies,
  session: AccountSession,
  input: { postRemoteId: string },
): Promise<MetricsReading> {
  const tokens = new SessionTokens(session, deps.oauth, deps.webUrl, deps.transport.now);
  const today = new Date(deps.transport.now());
  const start = new Date(today.getTime() - (ANALYTICS_DAYS - 1) * 86_400_000);
  const answer = (await tokens.run((accessToken) =>
    callPinterest(deps.transport, {
      method: 'GET',
      path: `/pins/${encodeURIComponent(input.postRemoteId)}/analytics`,
      accessToken,
      query: {
        start_date: isoDate(start),
        end_date: isoDate(today),
        metric_types: STANDARD_METRICS.join(','),
        app_types: 'ALL',
      },
      action: 'reading the Pin analytics',
    }),
  )) as Record<string, { summary_metrics?: Record<string, number>; lifetime_metrics?: Record<string, number> }>;
  const report = answer.all ?? Object.values(answer)[0] ?? {};
  const raw: Record<string, number> = {};
  for (const [name, value] of Object.entries({ ...report.summary_metrics, ...report.lifetime_metrics })) {
    if (typeof value === 'number' && Number.isFinite(value)) raw[name] = value;
  }
  const metrics: MetricsReading['metrics'] = {};
  for (const [common, own] of Object.entries(COMMON_NAMES) as Array<[keyof typeof COMMON_NAMES, string]>) {
    if (raw[own] !== undefined) metrics[common] = raw[own];
  }
  return { metrics, raw };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
