import { fetchMedia } from './media-fetch.js';
import type { Container, ContainerStatus, ThreadsState } from './state.js';

/** Threads' media rules (threads.md, Text/media limits). */
export const THREADS_MEDIA_RULES = {
  imageMaxBytes: 8_000_000,
  maxAspectRatio: 10,
  videoMaxBytes: 1_000_000_000,
  videoMaxDurationMs: 5 * 60_000,
  videoMaxWidth: 1920,
  carouselMinItems: 2,
  carouselMaxItems: 20,
} as const;

/** Containers not published within 24 hours expire. */
const CONTAINER_LIFETIME_MS = 24 * 60 * 60_000;

export interface ContainerProcessingOptions {
  /** How long a fetched video takes to process before it is FINISHED. */
  videoProcessingMs: number;
  fetchTimeoutMs: number;
  now: () => number;
}

/**
 * Media containers go IN_PROGRESS → FINISHED (or ERROR) in the background, as on Threads: the image
 * or video is fetched from its URL and inspected, videos take a while more to process. A carousel is
 * as far along as its slowest item. Error messages are the ones Threads documents.
 */
export class ContainerProcessor {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly state: ThreadsState,
    private readonly options: ContainerProcessingOptions,
  ) {}

  /** Starts fetching a new container's media; text and carousel containers need nothing. */
  start(container: Container): void {
    if (container.mediaType === 'IMAGE' && container.imageUrl) void this.fetchImage(container, container.imageUrl);
    if (container.mediaType === 'VIDEO' && container.videoUrl) void this.fetchVideo(container, container.videoUrl);
  }

  /** The status as a reader sees it now: expiry and a carousel's items taken into account. */
  statusOf(container: Container): { status: ContainerStatus; errorMessage?: string } {
    if (container.status === 'PUBLISHED') return { status: 'PUBLISHED' };
    if (this.options.now() - container.createdAt > CONTAINER_LIFETIME_MS) return { status: 'EXPIRED' };
    if (container.mediaType !== 'CAROUSEL') {
      return container.errorMessage
        ? { status: container.status, errorMessage: container.errorMessage }
        : { status: container.status };
    }
    const items = container.children.map((id) => this.state.containers.get(id));
    const failed = items.find((item) => !item || this.statusOf(item).status === 'ERROR');
    if (failed !== undefined) return { status: 'ERROR', errorMessage: failed?.errorMessage ?? 'UNKNOWN' };
    if (items.every((item) => item && this.statusOf(item).status === 'FINISHED')) return { status: 'FINISHED' };
    return { status: 'IN_PROGRESS' };
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async fetchImage(container: Container, url: string): Promise<void> {
    const fetched = await fetchMedia(url, {
      maxBytes: THREADS_MEDIA_RULES.imageMaxBytes,
      timeoutMs: this.options.fetchTimeoutMs,
    });
    if (!fetched.ok) return this.fail(container, 'UNKNOWN');
    const { facts } = fetched;
    if (facts.format !== 'jpeg' && facts.format !== 'png') return this.fail(container, 'UNKNOWN');
    if (facts.width && facts.height) {
      const ratio = Math.max(facts.width / facts.height, facts.height / facts.width);
      if (ratio > THREADS_MEDIA_RULES.maxAspectRatio) return this.fail(container, 'INVALID_ASPEC_RATIO');
    }
    this.finish(container, fetched.size);
  }

  private async fetchVideo(container: Container, url: string): Promise<void> {
    const fetched = await fetchMedia(url, {
      maxBytes: THREADS_MEDIA_RULES.videoMaxBytes,
      timeoutMs: this.options.fetchTimeoutMs,
    });
    if (!fetched.ok) return this.fail(container, 'FAILED_DOWNLOADING_VIDEO');
    const { facts } = fetched;
    if ((facts.format !== 'mp4' && facts.format !== 'mov') || facts.durationMs === undefined) {
      return this.fail(container, 'FAILED_PROCESSING_VIDEO');
    }
    if (facts.durationMs > THREADS_MEDIA_RULES.videoMaxDurationMs) return this.fail(container, 'INVALID_DURATION');
    if (facts.width !== undefined && facts.width > THREADS_MEDIA_RULES.videoMaxWidth) {
      return this.fail(container, 'FAILED_PROCESSING_VIDEO');
    }
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.finish(container, fetched.size);
    }, this.options.videoProcessingMs);
    timer.unref();
    this.timers.add(timer);
  }

  private finish(container: Container, size: number): void {
    if (this.closed || container.status !== 'IN_PROGRESS') return;
    container.status = 'FINISHED';
    container.fetchedBytes = size;
    this.state.touched();
  }

  private fail(container: Container, errorMessage: string): void {
    if (this.closed || container.status !== 'IN_PROGRESS') return;
    container.status = 'ERROR';
    container.errorMessage = errorMessage;
    this.state.touched();
  }
}
