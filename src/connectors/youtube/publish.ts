import type { AccountSession, PublishRequest, PublishResult } from '../kit/connector.js';
import { ConnectorError, isConnectorError } from '../kit/errors.js';
import { isVideo } from '../kit/media-checks.js';
import { callYouTube, nothingPublishedYet, type YouTubeTransport } from './api-client.js';
import { NETWORK_NAME } from './errors.js';
import type { PendingUploads } from './find-published.js';
import type { GoogleOAuth } from './google-oauth.js';
import { type QuotaLedger, type QuotaModel, reserveQuota, uploadCost } from './quota-ledger.js';
import { type UploadOptions, uploadResumable } from './resumable-upload.js';
import { SessionTokens } from './session-tokens.js';
import { videoInsertOf } from './video-options.js';

export interface YouTubeDependencies {
  transport: YouTubeTransport;
  oauth: GoogleOAuth;
  webUrl: string;
  ledger: QuotaLedger;
  quota: QuotaModel;
  upload: UploadOptions;
  /** Sessions of uploads whose end was not confirmed, for reconciliation. */
  pending: PendingUploads;
}

/** YouTube's answer reasons that mean the day's quota is spent. */
const QUOTA_SPENT = new Set(['quotaExceeded', 'dailyLimitExceeded']);

/**
 * Runs calls that spend quota; when YouTube says the quota is spent (Crier's count may lag, after a
 * restart or with several Crier processes), the account's budget is closed for the day.
 */
export async function spendingQuota<T>(
  deps: YouTubeDependencies,
  channelId: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isConnectorError(error) && error.networkCode && QUOTA_SPENT.has(error.networkCode)) {
      await deps.ledger.exhaust(channelId, deps.transport.now());
    }
    throw error;
  }
}

/**
 * Publishes one video: refuses up front if the day's quota cannot pay for it, opens a resumable
 * session with the metadata (title, description, tags, privacy, publishAt), streams the file in
 * chunks, then sets the custom thumbnail when the variant has an image beside the video.
 */
export async function publishVideo(
  deps: YouTubeDependencies,
  session: AccountSession,
  request: PublishRequest,
): Promise<PublishResult> {
  const { transport } = deps;
  const tokens = new SessionTokens(session, deps.oauth, deps.webUrl, transport.now);
  const video = request.media.find(isVideo);
  const thumbnail = request.media.find((item) => !isVideo(item));
  if (!video) throw new ConnectorError('invalid_content', `${NETWORK_NAME} publishes videos; this variant has none`);

  const insert = videoInsertOf(request);
  const cost = uploadCost(deps.quota, thumbnail !== undefined);
  await reserveQuota(deps.ledger, deps.quota, tokens.channelId, cost, 'uploading this video', transport.now());

  const sessionUri = await spendingQuota(deps, tokens.channelId, () =>
    nothingPublishedYet(() =>
      tokens.run(async (accessToken) => {
        const answer = await callYouTube(transport, {
          method: 'POST',
          path: '/upload/youtube/v3/videos',
          query: {
            uploadType: 'resumable',
            part: 'snippet,status',
            notifySubscribers: String(insert.notifySubscribers),
          },
          accessToken,
          json: insert.resource,
          headers: { 'x-upload-content-length': String(video.size), 'x-upload-content-type': video.mimeType },
          action: 'starting the upload',
        });
        const location = answer.headers.get('location');
        if (!location) {
          throw new ConnectorError('transient', `${NETWORK_NAME} opened no upload session (no Location header)`, {
            status: answer.status,
          });
        }
        return location;
      }),
    ),
  );

  let uploaded: Awaited<ReturnType<typeof uploadResumable>>;
  try {
    uploaded = await uploadResumable(transport, sessionUri, video, deps.upload);
  } catch (error) {
    // The last chunk went out unconfirmed: its session can tell later whether the video exists.
    if (isConnectorError(error) && error.errorClass === 'unknown_outcome') {
      deps.pending.remember(request.publicationId, sessionUri, video.size);
    }
    throw error;
  }
  const result: PublishResult = { remoteId: uploaded.id, permalink: watchUrl(deps.webUrl, uploaded.id) };
  if (!thumbnail) return result;
  try {
    const bytes = await thumbnail.read();
    await tokens.run((accessToken) =>
      callYouTube(transport, {
        method: 'POST',
        path: '/upload/youtube/v3/thumbnails/set',
        query: { videoId: uploaded.id, uploadType: 'media' },
        accessToken,
        media: { bytes, mimeType: thumbnail.mimeType },
        action: 'setting the thumbnail',
      }),
    );
    return result;
  } catch (error) {
    // The video is up: a refused thumbnail must not make Crier publish it again.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ...result,
      warnings: [`The video is published, but ${NETWORK_NAME} did not take its thumbnail: ${reason}`],
    };
  }
}

export function watchUrl(webUrl: string, videoId: string): string {
  return `${webUrl}/watch?v=${encodeURIComponent(videoId)}`;
}
