/**
 * Small, well-formed media files for tests of emulators and connectors: real headers, so an
 * emulator's inspection reads their format, size and duration like a network would.
 */

/** A PNG header claiming the given size (the pixel data is not needed by anything that inspects it). */
export function samplePng(width = 640, height = 480): Buffer {
  const signature = Buffer.from('89504e470d0a1a0a', 'hex');
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.writeUInt8(8, 16); // bit depth
  ihdr.writeUInt8(6, 17); // RGBA
  const end = Buffer.from('0000000049454e44ae426082', 'hex');
  return Buffer.concat([signature, ihdr, end]);
}

function box(type: string, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(body.length + 8, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

/**
 * An MP4 with `ftyp`, `moov/mvhd` (duration) and `moov/trak/tkhd` (picture size), padded with an
 * `mdat` box to `totalBytes` so size limits can be exercised.
 */
export function sampleMp4(
  input: { durationMs?: number; width?: number; height?: number; totalBytes?: number } = {},
): Buffer {
  const timescale = 1000;
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(timescale, 12);
  mvhd.writeUInt32BE(input.durationMs ?? 5000, 16);
  const tkhd = Buffer.alloc(84);
  tkhd.writeUInt32BE((input.width ?? 1280) << 16, 76);
  tkhd.writeUInt32BE((input.height ?? 720) << 16, 80);
  const head = Buffer.concat([
    box('ftyp', Buffer.from('isom', 'latin1'), Buffer.alloc(4), Buffer.from('isommp41', 'latin1')),
    box('moov', box('mvhd', mvhd), box('trak', box('tkhd', tkhd))),
  ]);
  const padding = Math.max(0, (input.totalBytes ?? 0) - head.length - 8);
  return Buffer.concat([head, box('mdat', Buffer.alloc(padding))]);
}
