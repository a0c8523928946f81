import type { AccountSession, MetricsReading } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { callTikTok, nothingPublishedYet } from './api-client.js';
import { NETWORK_NAME } from './errors.js';
import type { TikTokDependencies } from './publish.js';
import { SessionTokens } from './session-tokens.js';

const COUNT_FIELDS = ['view_count', 'like_count', 'comment_count', 'share_count'] as const;

/**
 * A post's counts from the Display API (`/v2/video/query/`, scope `video.list`) in Crier's names,
 * TikTok's beside. TikTok reports no impressions, reach or saves.
 */
export async function readMetrics(
  deps: TikTokDependencies,
  session: AccountSession,
  input: { postRemoteId: string },
): Promise<MetricsReading> {
  if (!/^\d+$/.test(input.postRemoteId)) {
    throw new ConnectorError(
      'transient',
      `${NETWORK_NAME} has not released this post's id yet (it is still in moderation); its counts come later`,
    );
  }
  const tokens = new SessionTokens(session, deps.oauth, deps.webUrl, deps.transport.now);
  const data = await nothingPublishedYet(() =>
    tokens.run((accessToken) =>
      callTikTok<{ videos?: Array<Record<string, unknown>> }>(deps.transport, {
        method: 'POST',
        path: '/v2/video/query/',
        query: { fields: ['id', ...COUNT_FIELDS].join(',') },
        accessToken,
        json: { filters: { video_ids: [input.postRemoteId] } },
        action: 'reading the post’s counts',
      }),
    ),
  );
  const video = data.videos?.[0];
  if (!video)
    throw new ConnectorError(
      'invalid_content',
      `${NETWORK_NAME} has no post ${input.postRemoteId} on this account (deleted, or private)`,
    );
  const raw: Record<string, number> = {};
  for (const field of COUNT_FIELDS) {
    const value = Number(video[field]);
    if (Number.isFinite(value)) raw[field] = value;
  }
  const metrics: MetricsReading['metrics'] = {};
  if (raw.view_count !== undefined) metrics.video_views = raw.view_count;
  if (raw.like_count !== undefined) metrics.likes = raw.like_count;
  if (raw.comment_count !== undefined) metrics.comments = raw.comment_count;
  if (raw.share_count !== undefined) metrics.shares = raw.share_count;
  return { metrics, raw };
}
