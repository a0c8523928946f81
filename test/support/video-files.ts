import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { PublishMedia } from '../../src/connectors/kit/connector.js';
import { mp4Head, type SyntheticMp4 } from '../../src/core/video-fixtures.js';

const PIECE_BYTES = 1024 * 1024;

/**
 * Writes an MP4 of exactly `totalBytes` to disk piece by piece: a real `ftyp`/`moov` head, then media
 * data whose every byte is derived from its offset (so a test can tell a shifted or repeated chunk),
 * never holding more than one megabyte in memory.
 */
export async function writeSyntheticVideo(file: string, totalBytes: number, video: SyntheticMp4): Promise<void> {
  const headBytes = mp4Head(video, 0).length;
  const head = mp4Head(video, totalBytes - headBytes);
  const handle = await open(file, 'w');
  try {
    await handle.write(head, 0, head.length, 0);
    const piece = Buffer.alloc(PIECE_BYTES);
    for (let offset = head.length; offset < totalBytes; offset += PIECE_BYTES) {
      const length = Math.min(PIECE_BYTES, totalBytes - offset);
      for (let index = 0; index < length; index += 1) piece[index] = (offset + index) % 251;
      await handle.write(piece, 0, length, offset);
    }
  } finally {
    await handle.close();
  }
}

/** A file on disk as a connector receives it at publish time, streamed by byte range. */
export async function mediaFromFile(file: string, mimeType = 'video/mp4'): Promise<PublishMedia> {
  const { size } = await stat(file);
  return {
    id: file,
    kind: mimeType.startsWith('video/') ? 'video' : 'image',
    mimeType,
    size,
    altText: '',
    fileName: file.split('/').pop() ?? 'video.mp4',
    read: () => Promise.reject(new Error('a large video is streamed, never read whole')),
    stream: (range) => createReadStream(file, range ? { start: range.start, end: range.end - 1 } : undefined),
  };
}
