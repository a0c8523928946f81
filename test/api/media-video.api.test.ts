import { openAsBlob } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_PNG } from '../../sandbox/x/testing.js';
import { syntheticMp4 } from '../../src/core/video-fixtures.js';
import type { Crier } from '../../src/crier.js';
import { ApiClient, startTestCrier } from '../support/test-crier.js';
import { writeSyntheticVideo } from '../support/video-files.js';

/**
 * Videos in the media library through the HTTP API: MP4, MOV and WebM recognised from their bytes,
 * picture size read from the MP4 `moov` box, uploads larger than the image cap streamed to disk, and
 * the video cap from configuration.
 */

const MiB = 1024 * 1024;
const VIDEO_CAP = 64 * MiB;

let crier: Crier & { baseUrl: string; dataDir: string };
let api: ApiClient;
let workspaceId: string;

beforeAll(async () => {
  crier = await startTestCrier({
    connectors: [],
    scheduler: false,
    configure: (config) => ({ ...config, media: { maxVideoBytes: VIDEO_CAP } }),
  });
  api = new ApiClient(crier.baseUrl);
  workspaceId = await api.setup();
});

afterAll(async () => {
  await crier?.close();
});

function upload(file: Blob, fileName: string, altText?: string) {
  const form = new FormData();
  if (altText !== undefined) form.append('altText', altText);
  form.append('file', file, fileName);
  return api.request('POST', `/api/workspaces/${workspaceId}/media`, form);
}

const blob = (bytes: Uint8Array) => new Blob([new Uint8Array(bytes)]);

describe('videos in the media library', () => {
  it('takes an MP4 with its picture size from the moov box, whatever the file is called', async () => {
    const video = syntheticMp4({ durationMs: 15_000, width: 1920, height: 1080 });
    const answer = await upload(blob(video), 'launch.png', 'The launch film');
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      mimeType: 'video/mp4',
      size: video.length,
      width: 1920,
      height: 1080,
      altText: 'The launch film',
    });
    const content = await api.request('GET', `/api/workspaces/${workspaceId}/media/${answer.json.id}/content`);
    expect(content.headers.get('content-type')).toBe('video/mp4');
  });

  it('tells QuickTime and WebM apart; WebM keeps an unknown size', async () => {
    const mov = await upload(
      blob(syntheticMp4({ durationMs: 5000, width: 720, height: 1280, brand: 'qt  ' })),
      'clip.mov',
    );
    expect(mov.json).toMatchObject({ mimeType: 'video/quicktime', width: 720, height: 1280 });
    const webmHead = Buffer.from('1a45dfa3a34286810142f7810142f2810442f381084282847765626d', 'hex');
    const webm = await upload(blob(Buffer.concat([webmHead, Buffer.alloc(2048)])), 'clip.webm');
    expect(webm.json).toMatchObject({ mimeType: 'video/webm', width: null, height: null });
  });

  it('streams a video larger than the image cap to disk and keeps no temporary file', async () => {
    const file = path.join(crier.dataDir, 'big-film.mp4');
    await writeSyntheticVideo(file, 40 * MiB, { durationMs: 120_000, width: 3840, height: 2160 });
    const answer = await upload(await openAsBlob(file), 'big-film.mp4');
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ mimeType: 'video/mp4', size: 40 * MiB, width: 3840 });
    const stored = await stat(path.join(crier.dataDir, 'media', workspaceId, answer.json.id));
    expect(stored.size).toBe(40 * MiB);
    expect(await readdir(path.join(crier.dataDir, 'media', '.incoming'))).toEqual([]);
  });

  it('refuses a video over the configured cap, an image over 20 MB, and a file that is neither', async () => {
    const file = path.join(crier.dataDir, 'too-big.mp4');
    await writeSyntheticVideo(file, VIDEO_CAP + MiB, { durationMs: 60_000, width: 1280, height: 720 });
    const tooBig = await upload(await openAsBlob(file), 'too-big.mp4');
    expect(tooBig.status).toBe(413);
    expect(tooBig.json).toMatchObject({ code: 'payload_too_large' });

    const hugeImage = Buffer.concat([TINY_PNG, Buffer.alloc(21 * MiB)]);
    const image = await upload(blob(hugeImage), 'huge.png');
    expect(image.status).toBe(400);
    expect(image.json.message).toMatch(/largest image accepted is 20971520 bytes/);

    const text = await upload(blob(Buffer.from('not media at all')), 'notes.txt');
    expect(text.status).toBe(400);
    expect(text.json.message).toMatch(/not a file Crier can publish/);
    expect(await readdir(path.join(crier.dataDir, 'media', '.incoming'))).toEqual([]);
  });

  it('still takes a small image as before', async () => {
    const answer = await upload(blob(TINY_PNG), 'pixel.png', 'A pixel');
    expect(answer.json).toMatchObject({ mimeType: 'image/png', width: 1, height: 1, altText: 'A pixel' });
  });
});
