/**
 * Reads what a video file is from its own bytes: the container type from the first bytes, and for
 * MP4/QuickTime the duration and picture size from the `moov` box. No I/O here: the caller hands in
 * a function that reads a byte range, so a 4 GB file is never read whole.
 */

export type VideoMimeType = 'video/mp4' | 'video/quicktime' | 'video/webm';

/** Reads bytes [start, end) of the file; may return fewer at the end of the file. */
export type ReadRange = (start: number, end: number) => Promise<Uint8Array>;

export interface VideoFacts {
  mimeType: VideoMimeType;
  /** Null when the container does not say cheaply (WebM: Crier does not parse EBML yet). */
  durationMs: number | null;
  width: number | null;
  height: number | null;
}

/** Enough of the head of a file to tell its container. */
export const SNIFF_BYTES = 64;

/** A `moov` larger than this is not read (hours of video with many tracks); facts stay null. */
const MAX_MOOV_BYTES = 32 * 1024 * 1024;
/** Top-level boxes walked before giving up; real files have a handful. */
const MAX_TOP_LEVEL_BOXES = 1024;

const QUICKTIME_TOP_LEVEL = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

/** The video container of a file from its first bytes, or undefined when it is not one Crier takes. */
export function sniffVideoType(head: Uint8Array): VideoMimeType | undefined {
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
    return ascii(head, 8, 12) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  }
  // Old QuickTime files start straight with a movie or data atom and no `ftyp`.
  if (head.length >= 8 && QUICKTIME_TOP_LEVEL.has(ascii(head, 4, 8)) && readUint32(head, 0) >= 8) {
    return 'video/quicktime';
  }
  const isEbml = head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3;
  // Matroska shares the EBML magic; only its WebM profile is a format the networks take.
  if (isEbml && ascii(head, 0, head.length).includes('webm')) return 'video/webm';
  return undefined;
}

/** Container, duration and size of a video, reading only its head and its `moov` box. */
export async function readVideoFacts(size: number, read: ReadRange): Promise<VideoFacts | undefined> {
  const head = await read(0, Math.min(size, SNIFF_BYTES));
  const mimeType = sniffVideoType(head);
  if (!mimeType) return undefined;
  if (mimeType === 'video/webm') return { mimeType, durationMs: null, width: null, height: null };
  const moov = await findTopLevelBox(size, read, 'moov');
  if (!moov || moov.size > MAX_MOOV_BYTES) return { mimeType, durationMs: null, width: null, height: null };
  const bytes = await read(moov.offset + moov.headerSize, moov.offset + moov.size);
  return { mimeType, ...parseMoov(bytes) };
}

interface BoxHeader {
  type: string;
  offset: number;
  /** Whole box, header included. */
  size: number;
  headerSize: number;
}

async function findTopLevelBox(fileSize: number, read: ReadRange, wanted: string): Promise<BoxHeader | undefined> {
  let offset = 0;
  for (let count = 0; count < MAX_TOP_LEVEL_BOXES && offset + 8 <= fileSize; count += 1) {
    const header = parseBoxHeader(await read(offset, Math.min(fileSize, offset + 16)), 0, fileSize - offset);
    if (!header) return undefined;
    if (header.type === wanted) return { ...header, offset };
    offset += header.size;
  }
  return undefined;
}

/** Parses a box header at `at`; `available` is how many bytes the box may span at most. */
function parseBoxHeader(bytes: Uint8Array, at: number, available: number): Omit<BoxHeader, 'offset'> | undefined {
  if (at + 8 > bytes.length) return undefined;
  let size = readUint32(bytes, at);
  const type = ascii(bytes, at + 4, at + 8);
  let headerSize = 8;
  if (size === 1) {
    if (at + 16 > bytes.length) return undefined;
    size = readUint32(bytes, at + 8) * 2 ** 32 + readUint32(bytes, at + 12);
    headerSize = 16;
  } else if (size === 0) {
    size = available; // the box runs to the end of its parent
  }
  if (size < headerSize || size > available) return undefined;
  return { type, size, headerSize };
}

/** The children of a container box's payload. */
function* children(payload: Uint8Array): Generator<{ type: string; body: Uint8Array }> {
  let at = 0;
  while (at + 8 <= payload.length) {
    const header = parseBoxHeader(payload, at, payload.length - at);
    if (!header) return;
    yield { type: header.type, body: payload.subarray(at + header.headerSize, at + header.size) };
    at += header.size;
  }
}

function parseMoov(moov: Uint8Array): Omit<VideoFacts, 'mimeType'> {
  let durationMs: number | null = null;
  let width: number | null = null;
  let height: number | null = null;
  for (const box of children(moov)) {
    if (box.type === 'mvhd') durationMs = movieDurationMs(box.body);
    if (box.type === 'trak' && width === null) {
      const picture = videoTrackSize(box.body);
      if (picture) ({ width, height } = picture);
    }
  }
  return { durationMs, width, height };
}

function movieDurationMs(mvhd: Uint8Array): number | null {
  const version = mvhd[0];
  const timescaleAt = version === 1 ? 20 : 12;
  if (mvhd.length < timescaleAt + (version === 1 ? 12 : 8)) return null;
  const timescale = readUint32(mvhd, timescaleAt);
  const duration =
    version === 1
      ? readUint32(mvhd, timescaleAt + 4) * 2 ** 32 + readUint32(mvhd, timescaleAt + 8)
      : readUint32(mvhd, timescaleAt + 4);
  if (timescale === 0) return null;
  return Math.round((duration / timescale) * 1000);
}

/** Width and height of a track whose handler is video (`vide`); audio tracks say 0 × 0. */
function videoTrackSize(trak: Uint8Array): { width: number; height: number } | undefined {
  let size: { width: number; height: number } | undefined;
  let isVideo = false;
  for (const box of children(trak)) {
    if (box.type === 'tkhd') size = trackHeaderSize(box.body);
    if (box.type === 'mdia') {
      for (const inner of children(box.body)) {
        if (inner.type === 'hdlr' && inner.body.length >= 12) isVideo = ascii(inner.body, 8, 12) === 'vide';
      }
    }
  }
  return isVideo && size && size.width > 0 ? size : undefined;
}

function trackHeaderSize(tkhd: Uint8Array): { width: number; height: number } | undefined {
  // version/flags, times, track id, reserved, duration, then 52 bytes of reserved/layer/volume/matrix
  const widthAt = tkhd[0] === 1 ? 88 : 76;
  if (tkhd.length < widthAt + 8) return undefined;
  // 16.16 fixed point
  return { width: readUint32(tkhd, widthAt) >>> 16, height: readUint32(tkhd, widthAt + 4) >>> 16 };
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0
  );
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}
