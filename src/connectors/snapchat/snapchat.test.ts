import { createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mediaFromBytes } from '../kit/testing.js';
import { parseUsername, snapchatManualNetwork } from './manual.js';
import { encryptedParts } from './publish.js';
import { validateSnapchat } from './snapchat.connector.js';

describe('Snapchat media encryption', () => {
  it('encrypts as it streams, in parts no larger than asked, that decrypt to the file', async () => {
    const file = randomBytes(2500);
    const key = randomBytes(32);
    const iv = randomBytes(16);
    const parts: Buffer[] = [];
    for await (const part of encryptedParts(mediaFromBytes(file, { mimeType: 'video/mp4' }), key, iv, 1000))
      parts.push(Buffer.from(part));
    expect(parts.map((part) => part.length)).toEqual([1000, 1000, 512]);
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    expect(Buffer.concat([...parts.map((part) => decipher.update(part)), decipher.final()])).toEqual(file);
  });
});

describe('Snapchat rules', () => {
  const png = { id: 'i', mimeType: 'image/png', size: 100, altText: 'ignored by Snap' };
  const mp4 = { id: 'v', mimeType: 'video/mp4', size: 100, altText: '', durationMs: 90_000 };

  it('says a Story shows no caption, and Spotlight takes only video of up to 60 s', () => {
    expect(
      validateSnapchat({ text: 'Hello', media: [png], options: { placement: 'story' } }).problems.map(
        (problem) => problem.code,
      ),
    ).toEqual(['text_not_shown']);
    const spotlight = validateSnapchat({ text: 'Hi', media: [png], options: { placement: 'spotlight' } }).problems.map(
      (problem) => problem.code,
    );
    expect(spotlight).toEqual(['spotlight_needs_video']);
    const long = validateSnapchat({ text: '', media: [mp4], options: { placement: 'spotlight' } }).problems.map(
      (problem) => problem.code,
    );
    expect(long).toEqual(['video_too_long']);
  });

  it('needs exactly one image or video', () => {
    expect(validateSnapchat({ text: '', media: [] }).problems.map((problem) => problem.code)).toEqual([
      'media_required',
    ]);
    expect(validateSnapchat({ text: '', media: [png, png] }).problems.map((problem) => problem.code)).toEqual([
      'too_many_images',
    ]);
  });

  it('offers manual posting without an allowlisted app, with the reason and the steps', async () => {
    const manual = snapchatManualNetwork();
    expect(manual.capabilities.publishing).toBe('manual');
    expect(manual.manual.reason).toMatch(/allowlist/);
    const bundle = await manual.manual.prepare({
      publicationId: 'p',
      text: 'Summer #icecold',
      media: [mediaFromBytes(new Uint8Array(10), { mimeType: 'video/mp4', fileName: 'launch.mp4' })],
      options: { placement: 'spotlight' },
    });
    expect(bundle.steps.join(' ')).toMatch(/launch\.mp4.*Spotlight/s);
  });

  it('reads the username a person posts from as they write it: with @, in capitals, or as a profile link', () => {
    for (const typed of [
      'fizzdrinks',
      ' @FizzDrinks ',
      'https://www.snapchat.com/add/fizzdrinks',
      'snapchat.com/@fizzdrinks',
    ]) {
      expect(parseUsername(typed)).toEqual({
        ok: true,
        profile: {
          remoteId: 'fizzdrinks',
          handle: 'fizzdrinks',
          displayName: 'fizzdrinks',
          profileUrl: 'https://www.snapchat.com/add/fizzdrinks',
        },
      });
    }
    for (const typed of ['ab', '1fizz', 'fizz drinks', 'fizz-', 'a'.repeat(16), 'https://example.com/add/fizz']) {
      expect(parseUsername(typed)).toMatchObject({ ok: false, message: expect.stringContaining('Snapchat username') });
    }
  });
});
