import { describe, expect, it } from 'vitest';
import { readImageSize } from './image-size.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
const u16be = (n: number) => [n >> 8, n & 0xff];
const u16le = (n: number) => [n & 0xff, n >> 8];
const u32be = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const text = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('readImageSize', () => {
  it('reads a PNG header', () => {
    const png = bytes(0x89, ...text('PNG\r\n\x1a\n'), ...u32be(13), ...text('IHDR'), ...u32be(640), ...u32be(480));
    expect(readImageSize(png)).toEqual({ width: 640, height: 480 });
  });

  it('reads a GIF header', () => {
    expect(readImageSize(bytes(...text('GIF89a'), ...u16le(300), ...u16le(200)))).toEqual({ width: 300, height: 200 });
  });

  it('walks JPEG segments to the frame header', () => {
    const app0 = [0xff, 0xe0, ...u16be(16), ...new Array(14).fill(0)];
    const sof0 = [0xff, 0xc0, ...u16be(17), 8, ...u16be(1080), ...u16be(1920), 3];
    expect(readImageSize(bytes(0xff, 0xd8, ...app0, ...sof0, ...new Array(12).fill(0)))).toEqual({
      width: 1920,
      height: 1080,
    });
  });

  it('reads an extended WebP header', () => {
    const vp8x = [...text('VP8X'), ...u32be(10), 0, 0, 0, 0, 799 & 0xff, 799 >> 8, 0, 599 & 0xff, 599 >> 8, 0];
    expect(readImageSize(bytes(...text('RIFF'), 0, 0, 0, 0, ...text('WEBP'), ...vp8x))).toEqual({
      width: 800,
      height: 600,
    });
  });

  it('gives up on anything else', () => {
    expect(readImageSize(bytes(1, 2, 3))).toBeUndefined();
    expect(readImageSize(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
  });
});
