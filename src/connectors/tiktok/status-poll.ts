import { setTimeout as sleep } from 'node:timers/promises';
import type { PublishResult } from '../kit/connector.js';
import { ConnectorError, isConnectorError } from '../kit/errors.js';
import { callTikTok, type TikTokTransport } from './api-client.js';
import { failedPost, NETWORK_NAME } from './errors.js';

export interface StatusPollOptions {
  /** Between two status fetches; TikTok allows 30 a minute per token. */
  intervalMs: number;
  /** How long Crier waits for TikTok to finish processing before it gives up asking. */
  maxWaitMs: number;
}

export const DEFAULT_STATUS_POLL: StatusPollOptions = { intervalMs: 3000, maxWaitMs: 10 * 60_000 };

interface StatusData {
  status?: string;
  fail_reason?: string;
  publicaly_available_post_id?: Array<string | number>;
  uploaded_bytes?: number;
}

/**
 * Polls `status/fetch` until TikTok says PUBLISH_COMPLETE (with the post id once moderation released
 * it) or FAILED (its `fail_reason` becomes the error), within a fixed budget. A failing status call is
 * asked again at the next turn. When the budget runs out the post may still appear later, so the
 * outcome is unknown, never a failure to retry: retrying would risk posting twice.
 */
export async function pollUntilPublished(
  transport: TikTokTransport,
  run: <T>(call: (accessToken: string) => Promise<T>) => Promise<T>,
  publishId: string,
  permalink: (postId: string) => string,
  profileUrl: string,
  options: StatusPollOptions,
): Promise<PublishResult> {
  const deadline = transport.now() + options.maxWaitMs;
  let last = 'no answer yet';
  let completeWithoutId = false;
  for (;;) {
    let data: StatusData | undefined;
    try {
      data = await run((accessToken) =>
        callTikTok<StatusData>(transport, {
          method: 'POST',
          path: '/v2/post/publish/status/fetch/',
          accessToken,
          json: { publish_id: publishId },
          action: 'asking how the post is doing',
        }),
      );
    } catch (error) {
      // The post is in TikTok's hands whatever this call did; ask again at the next turn.
      last = isConnectorError(error) ? `${error.errorClass}: ${error.networkMessage ?? error.message}` : String(error);
    }
    if (data) {
      last = data.status ?? 'no status';
      if (data.status === 'FAILED') throw failedPost(data.fail_reason ?? 'unknown', publishId, transport.now());
      const postId = data.publicaly_available_post_id?.[0];
      if (data.status === 'PUBLISH_COMPLETE' && postId !== undefined) {
        return { remoteId: String(postId), permalink: permalink(String(postId)) };
      }
      completeWithoutId = data.status === 'PUBLISH_COMPLETE';
    }
    if (transport.now() + options.intervalMs > deadline) break;
    await sleep(options.intervalMs);
  }
  if (completeWithoutId) {
    // Published; TikTok withholds the id until moderation ends (sometimes hours). The publish id stands in.
    return { remoteId: publishId, permalink: profileUrl };
  }
  throw new ConnectorError(
    'unknown_outcome',
    `${NETWORK_NAME} had not finished processing the post after ${duration(options.maxWaitMs)} (last status: ${last}); it may still appear on the account. Check TikTok before posting it again (publish id ${publishId})`,
    { networkMessage: last, networkCode: 'processing_timeout' },
  );
}

function duration(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 100) / 10} s`;
}
