/**
 * What an emulator can tell about a media file from its first bytes, the way a network's ingest
 * does before it accepts the file: the format, an image's size, a video's duration. No decoding.
 */

export type MediaFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'mp4' | 'mov' | 'unknown';

export interface MediaFacts {
  format: MediaFormat;
  width?: number;
  height?: number;
  durationMs?: number;
}

/** Inspects the start of a file (the first 64 kB is plenty for images; videos need their `moov` box). */
export function inspectMedia(bytes: Uint8Array): MediaFacts {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length >= 24 && buffer.readUInt32BE(0) === 0x89504e47) {
    return { format: 'png', width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
  }
  if (buffer.length >= 4 && buffer[0] === 0xff && buffer[1] === 0xd8) return { format: 'jpeg', ...jpegSize(buffer) };
  if (buffer.subarray(0, 4).toString('latin1') === 'GIF8') {
    return { format: 'gif', width: buffer.readUInt16LE(6), height: buffer.readUInt16LE(8) };
  }
  if (buffer.subarray(0, 4).toString('latin1') === 'RIFF' && buffer.subarray(8, 12).toString('latin1') === 'WEBP') {
    return { format: 'webp' };
  }
  if (buffer.length >= 8 && buffer.subarray(4, 8).toString('latin1') === 'ftyp') {
    const brand = buffer.subarray(8, 12).toString('latin1');
    return { format: brand === 'qt  ' ? 'mov' : 'mp4', ...movieFacts(buffer) };
  }
  return { format: 'unknown' };
}

function jpegSize(buffer: Buffer): { width?: number; height?: number } {
  let offset = 2;
  while (offset + 9 < buffer.length) {
    if (buffer[offset] !== 0xff) return {};
    const marker = buffer[offset + 1] ?? 0;
    const length = buffer.readUInt16BE(offset + 2);
    // Start-of-frame markers (baseline, progressive, ...) hold the size; DHT, JPG and DAC do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: buffer.readUInt16BE(offset + 5), width: buffer.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return {};
}

/** Reads the duration from `moov/mvhd` and the picture size from the first `trak/tkhd` with one. */
function movieFacts(buffer: Buffer): { durationMs?: number; width?: number; height?: number } {
  const moov = findBox(buffer, 0, buffer.length, 'moov');
  if (!moov) return {};
  const facts: { durationMs?: number; width?: number; height?: number } = {};
  const mvhd = findBox(buffer, moov.start, moov.end, 'mvhd');
  if (mvhd) {
    const version = buffer[mvhd.start] ?? 0;
    const timescale = buffer.readUInt32BE(mvhd.start + (version === 1 ? 20 : 12));
    const duration =
      version === 1 ? Number(buffer.readBigUInt64BE(mvhd.start + 24)) : buffer.readUInt32BE(mvhd.start + 16);
    if (timescale > 0) facts.durationMs = Math.round((duration / timescale) * 1000);
  }
  let offset = moov.start;
  while (offset < moov.end) {
    const trak = findBox(buffer, offset, moov.end, 'trak');
    if (!trak) break;
    const tkhd = findBox(buffer, trak.start, trak.end, 'tkhd');
    if (tkhd && tkhd.end - 8 >= tkhd.start) {
      // Width and height are the last 8 bytes of tkhd, 16.16 fixed point.
      const width = buffer.readUInt32BE(tkhd.end - 8) >>> 16;
      const height = buffer.readUInt32BE(tkhd.end - 4) >>> 16;
      if (width > 0 && height > 0) return { ...facts, width, height };
    }
    offset = trak.end;
  }
  return facts;
}

/** The content range of the first box of a type among the boxes in [start, end). */
function findBox(buffer: Buffer, start: number, end: number, type: string): { start: number; end: number } | undefined {
  let offset = start;
  while (offset + 8 <= end && offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset);
    const boxType = buffer.subarray(offset + 4, offset + 8).toString('latin1');
    if (size < 8) return undefined;
    if (boxType === type) return { start: offset + 8, end: Math.min(offset + size, buffer.length) };
    offset += size;
  }
  return undefined;
}
