import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { MetaConnectorOptions } from '../../src/connectors/meta/options.js';
import type { RunningGraphEmulator } from './harness.js';

/** Test helpers for the Graph emulator and the Meta connectors (not used by Crier itself). */

export const TEST_APP = {
  appId: '1234567890123',
  appSecret: 'sandbox-app-secret',
  redirectUri: 'http://localhost:3999/api/oauth/callback/facebook',
};

/** A real JPEG of the given size, so the emulator can read its dimensions. */
export async function jpegOf(width: number, height: number): Promise<Uint8Array> {
  const bytes = await sharp({ create: { width, height, channels: 3, background: { r: 20, g: 160, b: 90 } } })
    .jpeg()
    .toBuffer();
  return new Uint8Array(bytes);
}

/** Bytes that stand for a video: the emulator counts video bytes and does not decode them. */
export function videoBytes(size = 256 * 1024): Uint8Array {
  return new Uint8Array(randomBytes(size));
}

/** Connector options pointing at a running emulator, with short waits for tests. */
export function connectorOptionsFor(
  emulator: RunningGraphEmulator,
  overrides: Partial<MetaConnectorOptions> = {},
): MetaConnectorOptions {
  return {
    environment: 'sandbox',
    appId: TEST_APP.appId,
    appSecret: TEST_APP.appSecret,
    graphUrl: emulator.graphUrl,
    dialogUrl: emulator.dialogUrl,
    ruploadUrl: emulator.baseUrl,
    webUrl: emulator.baseUrl,
    timeoutMs: 1000,
    processingWait: { pollIntervalMs: 20, maxWaitMs: 1500 },
    ...overrides,
  };
}

/** Audience actions through the emulator's control routes, as the audience simulator would do them. */
export async function commentAs(
  emulator: RunningGraphEmulator,
  objectId: string,
  text: string,
  author = 'Sandbox Fan',
): Promise<string> {
  const response = await fetch(`${emulator.baseUrl}/_emulator/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ objectId, text, author }),
  });
  if (response.status !== 201)
    throw new Error(`adding a comment answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
