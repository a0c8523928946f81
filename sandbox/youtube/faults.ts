import { EmulatorFaults, type FaultsView } from '../common/faults.js';

/**
 * Cuts the connection in the middle of an upload chunk, as a dropped Wi-Fi or a proxy timeout would.
 * The bytes that arrived before the cut are kept, so a status query reports them and the client
 * resumes from there.
 */
export interface UploadInterruption {
  /** Chunk PUTs let through untouched before the cut; 0 cuts the next chunk. */
  afterChunks: number;
  /** Bytes of the cut chunk kept before the connection drops. */
  afterBytes: number;
}

export interface YouTubeFaultsView extends FaultsView {
  uploadInterruption: UploadInterruption | undefined;
  processingFailure: string | undefined;
}

/**
 * The shared switches (rate limit, server error, timeout, 401, latency, expired tokens) plus
 * YouTube's own: an upload chunk cut off mid-way and a video whose processing fails.
 */
export class YouTubeFaults extends EmulatorFaults {
  private interruption: UploadInterruption | undefined;
  private failure: string | undefined;

  interruptUpload(spec: UploadInterruption): void {
    if (!Number.isInteger(spec.afterChunks) || spec.afterChunks < 0) throw new RangeError('afterChunks must be ≥ 0');
    if (!Number.isInteger(spec.afterBytes) || spec.afterBytes < 0) throw new RangeError('afterBytes must be ≥ 0');
    this.interruption = { afterChunks: spec.afterChunks, afterBytes: spec.afterBytes };
  }

  /**
   * Called for every chunk PUT: how many bytes of this chunk to keep before cutting the connection,
   * or undefined to let it through. The switch is used up by the cut.
   */
  takeInterruption(): number | undefined {
    const armed = this.interruption;
    if (!armed) return undefined;
    if (armed.afterChunks > 0) {
      armed.afterChunks -= 1;
      return undefined;
    }
    this.interruption = undefined;
    return armed.afterBytes;
  }

  /** The next video whose upload completes fails processing with this `failureReason` (`codec`…). */
  failNextProcessing(reason: string): void {
    this.failure = reason;
  }

  takeProcessingFailure(): string | undefined {
    const reason = this.failure;
    this.failure = undefined;
    return reason;
  }

  override clear(): void {
    super.clear();
    this.interruption = undefined;
    this.failure = undefined;
  }

  override view(): YouTubeFaultsView {
    return { ...super.view(), uploadInterruption: this.interruption, processingFailure: this.failure };
  }
}
