/**
 * Minimal MP4 headers for tests and the sandbox: an `ftyp`, a `moov` with a movie header and one
 * video track, and the header of an `mdat` whose payload the caller writes (zeros will do: nothing in
 * Crier decodes frames). Built by hand so tests need no video encoder.
 */

export interface SyntheticMp4 {
  durationMs: number;
  width: number;
  height: number;
  /** Major brand: `isom` for MP4, `qt  ` for QuickTime. */
  brand?: string;
}

const TIMESCALE = 1000;

/** `ftyp` + `moov` + the 16-byte header of an `mdat` of `payloadBytes`; the file is this plus the payload. */
export function mp4Head(video: SyntheticMp4, payloadBytes: number): Buffer {
  const brand = video.brand ?? 'isom';
  const ftyp = box('ftyp', Buffer.concat([ascii(brand), uint32(0x200), ascii(brand), ascii('mp41')]));
  const mvhd = fullBox(
    'mvhd',
    0,
    Buffer.concat([uint32(0), uint32(0), uint32(TIMESCALE), uint32(video.durationMs), Buffer.alloc(80)]),
  );
  const tkhd = fullBox(
    'tkhd',
    0,
    Buffer.concat([
      uint32(0),
      uint32(0),
      uint32(1),
      uint32(0),
      uint32(video.durationMs),
      Buffer.alloc(8 + 8 + 36),
      uint32(video.width * 0x10000),
      uint32(video.height * 0x10000),
    ]),
  );
  const hdlr = fullBox('hdlr', 0, Buffer.concat([uint32(0), ascii('vide'), Buffer.alloc(12), Buffer.from('Video\0')]));
  const moov = box('moov', Buffer.concat([mvhd, box('trak', Buffer.concat([tkhd, box('mdia', hdlr)]))]));
  // A 64-bit `mdat` header, so the same code writes files over 4 GB.
  const mdatHeader = Buffer.concat([uint32(1), ascii('mdat'), uint64(16 + payloadBytes)]);
  return Buffer.concat([ftyp, moov, mdatHeader]);
}

/** A whole small MP4 in memory. */
export function syntheticMp4(video: SyntheticMp4 & { payloadBytes?: number }): Buffer {
  const payload = video.payloadBytes ?? 1024;
  return Buffer.concat([mp4Head(video, payload), Buffer.alloc(payload)]);
}

function box(type: string, payload: Buffer): Buffer {
  return Buffer.concat([uint32(8 + payload.length), ascii(type), payload]);
}

function fullBox(type: string, version: number, payload: Buffer): Buffer {
  return box(type, Buffer.concat([Buffer.from([version, 0, 0, 0]), payload]));
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes;
}

function uint64(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
}

function ascii(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}
