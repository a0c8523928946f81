import { describe, expect, it } from 'vitest';
import { readVideoFacts, sniffVideoType } from './video-file.js';
import { mp4Head, syntheticMp4 } from './video-fixtures.js';

const readerOf = (bytes: Uint8Array) => {
  const reads: Array<[number, number]> = [];
  const read = async (start: number, end: number) => {
    reads.push([start, end]);
    return bytes.subarray(start, end);
  };
  return { read, reads };
};

describe('sniffVideoType', () => {
  it('tells MP4, QuickTime and WebM from their first bytes', () => {
    expect(sniffVideoType(syntheticMp4({ durationMs: 1000, width: 2, height: 2 }))).toBe('video/mp4');
    expect(sniffVideoType(syntheticMp4({ durationMs: 1000, width: 2, height: 2, brand: 'qt  ' }))).toBe(
      'video/quicktime',
    );
    const webm = Buffer.from('1a45dfa3a34286810142f7810142f2810442f381084282847765626d', 'hex');
    expect(sniffVideoType(webm)).toBe('video/webm');
  });

  it('refuses Matroska, images and text', () => {
    const matroska = Buffer.concat([Buffer.from('1a45dfa3', 'hex'), Buffer.from('B\x82\x88matroska', 'latin1')]);
    expect(sniffVideoType(matroska)).toBeUndefined();
    expect(sniffVideoType(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))).toBeUndefined();
    expect(sniffVideoType(Buffer.from('hello world, not a video'))).toBeUndefined();
  });
});

describe('readVideoFacts', () => {
  it('reads duration and picture size from the moov box without reading the media data', async () => {
    const file = syntheticMp4({ durationMs: 61_500, width: 1920, height: 1080, payloadBytes: 5_000_000 });
    const { read, reads } = readerOf(file);
    const facts = await readVideoFacts(file.length, read);
    expect(facts).toEqual({ mimeType: 'video/mp4', durationMs: 61_500, width: 1920, height: 1080 });
    const bytesRead = reads.reduce((total, [start, end]) => total + (end - start), 0);
    expect(bytesRead).toBeLessThan(2_000);
  });

  it('finds a moov placed after the media data', async () => {
    const video = { durationMs: 3_000, width: 720, height: 1280 };
    const head = mp4Head(video, 0);
    // ftyp | mdat (payload) | moov: the layout cameras write before "fast start" moves moov forward
    const ftypEnd = head.readUInt32BE(0);
    const moovEnd = ftypEnd + head.readUInt32BE(ftypEnd);
    const payload = Buffer.alloc(100_000);
    const mdat = Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from('mdat'), payload]);
    mdat.writeUInt32BE(mdat.length, 0);
    const file = Buffer.concat([head.subarray(0, ftypEnd), mdat, head.subarray(ftypEnd, moovEnd)]);
    expect(await readVideoFacts(file.length, readerOf(file).read)).toEqual({
      mimeType: 'video/mp4',
      ...video,
    });
  });

  it('answers nulls for a WebM and undefined for something that is not a video', async () => {
    const webm = Buffer.from('1a45dfa3a34286810142f7810142f2810442f381084282847765626d', 'hex');
    expect(await readVideoFacts(webm.length, readerOf(webm).read)).toEqual({
      mimeType: 'video/webm',
      durationMs: null,
      width: null,
      height: null,
    });
    const text = Buffer.from('just some text');
    expect(await readVideoFacts(text.length, readerOf(text).read)).toBeUndefined();
  });

  it('survives a truncated or lying box size', async () => {
    const file = syntheticMp4({ durationMs: 1000, width: 2, height: 2 });
    const truncated = file.subarray(0, 40);
    const facts = await readVideoFacts(truncated.length, readerOf(truncated).read);
    expect(facts).toEqual({ mimeType: 'video/mp4', durationMs: null, width: null, height: null });
  });
});
