import { readVideoFacts, type VideoFacts } from '../../core/video-file.js';
import type { PublishMedia } from './connector.js';

/**
 * Reads a video's container, duration and picture size from the file itself, a few byte ranges at a
 * time, for connectors that must check a video against limits only known at publish time (TikTok's
 * per-creator maximum length). Undefined when the file is no video Crier can read.
 */
export async function probeVideo(media: PublishMedia): Promise<VideoFacts | undefined> {
  return readVideoFacts(media.size, async (start, end) => {
    const pieces: Buffer[] = [];
    for await (const piece of media.stream({ start, end: Math.min(end, media.size) })) {
      pieces.push(typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer));
    }
    return Buffer.concat(pieces);
  });
}

/** The duration the media library recorded, or the one the file says. */
export async function videoDurationMs(media: PublishMedia): Promise<number | undefined> {
  if (media.durationMs !== undefined) return media.durationMs;
  return (await probeVideo(media))?.durationMs ?? undefined;
}
