import type { FindPublishedInput, PublishResult } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { NETWORK_NAME } from './errors.js';
import { watchUrl, type YouTubeDependencies } from './publish.js';
import { queryProgress } from './resumable-upload.js';

/** Sessions remembered for reconciliation; the oldest are forgotten past this. */
const MAX_PENDING = 1000;

/**
 * Uploads whose end Crier could not confirm, by publication id. The resumable session itself can
 * tell what became of them (Google keeps a session a week), at no quota cost. Kept in this
 * process's memory; after a restart nothing is known and a person checks the channel.
 */
export class PendingUploads {
  private readonly sessions = new Map<string, { sessionUri: string; size: number }>();

  remember(publicationId: string, sessionUri: string, size: number): void {
    this.sessions.delete(publicationId);
    this.sessions.set(publicationId, { sessionUri, size });
    if (this.sessions.size > MAX_PENDING) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
  }

  find(publicationId: string): { sessionUri: string; size: number } | undefined {
    return this.sessions.get(publicationId);
  }
}

/**
 * Looks for the video of a publication whose upload ended unconfirmed by asking its session how far
 * it got: complete → that video; incomplete → certainly no video (only Crier sends its bytes), so
 * publishing again is safe; no answer, or no session known → cannot tell.
 */
export async function findUploadedVideo(
  deps: YouTubeDependencies,
  pending: PendingUploads,
  input: FindPublishedInput,
): Promise<PublishResult | undefined> {
  const upload = pending.find(input.publicationId);
  if (!upload) {
    throw new ConnectorError(
      'transient',
      `Crier no longer knows this ${NETWORK_NAME} upload's session; check the channel`,
    );
  }
  const progress = await queryProgress(deps.transport, upload.sessionUri, upload.size);
  if (progress.kind === 'done')
    return { remoteId: progress.video.id, permalink: watchUrl(deps.webUrl, progress.video.id) };
  if (progress.kind === 'incomplete') return undefined;
  throw progress.cause;
}
