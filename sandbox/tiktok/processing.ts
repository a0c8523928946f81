import { open } from 'node:fs/promises';
import { readVideoFacts } from '../../src/core/video-file.js';
import { EmulatorFaults } from '../common/faults.js';
import type { PostStatus, SandboxPost, TikTokSandboxState } from './state.js';

export interface ProcessingOptions {
  /** From the last byte to the end of processing. */
  processingMs: number;
  /** Extra wait before a public post's id is released (TikTok's moderation). */
  moderationMs: number;
}

/** TikTok's documented lower bound on video length (3P); the upper bound is the creator's own. */
const MIN_DURATION_MS = 3000;

/**
 * The shared switches, plus TikTok's own: the next post fails processing with a `fail_reason`, or
 * never finishes processing at all.
 */
export class TikTokFaults extends EmulatorFaults {
  private failure: string | undefined;
  private stuck = false;

  failNextPost(reason: string): void {
    this.failure = reason;
  }

  stickNextPost(): void {
    this.stuck = true;
  }

  /** Called when a post's bytes are all in: what its processing will do. */
  takeProcessingOutcome(): { failReason?: string; stuck: boolean } {
    const outcome = { failReason: this.failure, stuck: this.stuck };
    this.failure = undefined;
    this.stuck = false;
    return outcome;
  }

  override clear(): void {
    super.clear();
    this.failure = undefined;
    this.stuck = false;
  }

  override view() {
    return { ...super.view(), processingFailure: this.failure, processingStuck: this.stuck };
  }
}

/**
 * Every byte of a post is in: decide how processing ends. The ingest checks TikTok makes (a video
 * container, a length within the creator's maximum and over 3 s) come first; a fault switch decides
 * otherwise when armed.
 */
export async function finishReceiving(
  post: SandboxPost,
  state: TikTokSandboxState,
  faults: TikTokFaults,
  now: number,
): Promise<void> {
  post.receivedAt = now;
  const outcome = faults.takeProcessingOutcome();
  post.stuck = outcome.stuck;
  post.failReason =
    outcome.failReason ?? (post.mediaType === 'VIDEO' && post.file ? await ingestProblem(post, state) : undefined);
  state.changed();
}

async function ingestProblem(post: SandboxPost, state: TikTokSandboxState): Promise<string | undefined> {
  const handle = await open(post.file ?? '', 'r');
  try {
    const facts = await readVideoFacts(post.videoSize, async (start, end) => {
      const bytes = Buffer.alloc(Math.max(0, end - start));
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
      return bytes.subarray(0, bytesRead);
    });
    if (!facts) return 'file_format_check_failed';
    const maxMs = (state.creators.get(post.openId)?.maxVideoPostDurationSec ?? 600) * 1000;
    if (facts.durationMs !== null && (facts.durationMs > maxMs || facts.durationMs < MIN_DURATION_MS)) {
      return 'duration_check_failed';
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/** Where a post stands now; releases the post id once processing and moderation are over. */
export function statusOf(
  post: SandboxPost,
  options: ProcessingOptions,
  state: TikTokSandboxState,
  now: number,
): PostStatus {
  if (post.receivedAt === undefined) {
    if (post.failReason) return 'FAILED';
    return post.source === 'PULL_FROM_URL' ? 'PROCESSING_DOWNLOAD' : 'PROCESSING_UPLOAD';
  }
  if (post.stuck || now < post.receivedAt + options.processingMs) return 'PROCESSING_UPLOAD';
  if (post.failReason) return 'FAILED';
  if (post.mode === 'MEDIA_UPLOAD') return 'SEND_TO_USER_INBOX';
  const moderated =
    post.postInfo.privacyLevel !== 'PUBLIC_TO_EVERYONE' ||
    now >= post.receivedAt + options.processingMs + options.moderationMs;
  if (moderated && !post.postId) {
    post.postId = state.nextPostId();
    state.changed();
  }
  return 'PUBLISH_COMPLETE';
}
