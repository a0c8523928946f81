import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { followConsent, type RunningYouTubeEmulator, startYouTubeEmulator } from '../../sandbox/youtube/harness.js';
import type { AccountSession } from '../../src/connectors/kit/connector.js';
import { singleAccount } from '../../src/connectors/kit/testing.js';
import { createYouTubeConnector } from '../../src/connectors/youtube/youtube.connector.js';
import { mediaFromFile, writeSyntheticVideo } from '../support/video-files.js';

/**
 * A 200 MB video to the YouTube emulator, cut off in the middle of its third chunk, resumes and
 * completes, while the test process (connector and emulator both live in it) stays within 200 MB of
 * its idle memory: the file is written, uploaded and stored in pieces, never held whole.
 */

const CLIENT = { clientId: 'crier-large.apps.googleusercontent.com', clientSecret: 'large-secret' };
const REDIRECT = 'http://localhost:3999/api/oauth/callback/youtube';
const MB = 1_000_000;
const VIDEO_BYTES = 200 * MB;
const CHUNK_BYTES = 8 * 1024 * 1024;
const MEMORY_HEADROOM_BYTES = 200 * MB;

let emulator: RunningYouTubeEmulator;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'crier-large-'));
  emulator = await startYouTubeEmulator({
    clients: [{ ...CLIENT, redirectUris: [REDIRECT] }],
    mediaDir: path.join(folder, 'emulator'),
  });
});

afterAll(async () => {
  await emulator?.close();
  await rm(folder, { recursive: true, force: true });
});

async function fileHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

it('uploads 200 MB interrupted after the second chunk, resumes and completes within 200 MB of idle memory', async () => {
  const connector = createYouTubeConnector({
    environment: 'sandbox',
    ...CLIENT,
    apiBaseUrl: emulator.baseUrl,
    authorizeUrl: emulator.authorizeUrl,
    tokenUrl: emulator.tokenUrl,
    webUrl: emulator.baseUrl,
    upload: { chunkBytes: CHUNK_BYTES, resumeBackoffMs: 50 },
  });
  if (connector.connect.kind !== 'oauth2') throw new Error('YouTube connects with OAuth 2.0');
  const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 'large' });
  const callback = await followConsent(begun.authorizeUrl, 'large_upload');
  const account = singleAccount(
    await connector.connect.complete({
      redirectUri: REDIRECT,
      code: callback.searchParams.get('code') ?? '',
      codeVerifier: begun.codeVerifier,
    }),
  );
  const session: AccountSession = {
    profile: account.profile,
    credentials: account.credentials,
    saveCredentials: async (next) => {
      session.credentials = next.credentials;
    },
  };

  const file = path.join(folder, 'launch-film.mp4');
  await writeSyntheticVideo(file, VIDEO_BYTES, { durationMs: 600_000, width: 1920, height: 1080 });
  const media = await mediaFromFile(file);

  globalThis.gc?.();
  const idle = process.memoryUsage().rss;
  let peak = idle;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);

  // Chunks 1 and 2 go through; chunk 3 is cut after 3 MB of its 8 MiB, which the emulator keeps.
  emulator.faults.interruptUpload({ afterChunks: 2, afterBytes: 3 * MB });
  const started = Date.now();
  let result: Awaited<ReturnType<typeof connector.publish>>;
  try {
    result = await connector.publish(session, {
      publicationId: 'large-1',
      title: 'Launch film (200 MB)',
      text: 'The whole launch film',
      media: [media],
    });
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  const seconds = (Date.now() - started) / 1000;
  const growth = peak - idle;
  process.stdout.write(
    `200 MB resumable upload: ${seconds.toFixed(1)} s, idle RSS ${(idle / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB, growth ${(growth / MB).toFixed(0)} MB\n`,
  );

  expect(emulator.faults.view().uploadInterruption).toBeUndefined(); // the cut happened
  const stored = emulator.state.videos.get(result.remoteId);
  expect(stored?.file.size).toBe(VIDEO_BYTES);
  expect(await fileHash(stored?.file.path ?? '')).toBe(await fileHash(file));
  expect(growth).toBeLessThan(MEMORY_HEADROOM_BYTES);
}, 180_000);
