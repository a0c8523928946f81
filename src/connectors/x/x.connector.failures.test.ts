import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followConsent, type RunningXEmulator, startXEmulator } from '../../../sandbox/x/harness.js';
import { TINY_PNG } from '../../../sandbox/x/testing.js';
import type { AccountSession, ConnectedAccount, Connector, PublishMedia, PublishRequest } from '../kit/connector.js';
import type { ConnectorError } from '../kit/errors.js';
import { mediaFromBytes, singleAccount } from '../kit/testing.js';
import { createXConnector, type XConnectorOptions } from './x.connector.js';

const CLIENT_ID = 'crier-sandbox';
const REDIRECT = 'http://localhost:3000/connect/x/callback';

let emulator: RunningXEmulator;
let account: ConnectedAccount;

beforeEach(async () => {
  emulator = await startXEmulator({ clients: [{ clientId: CLIENT_ID, redirectUris: [REDIRECT] }] });
  const connector = connectorWith();
  if (connector.connect.kind !== 'oauth2') throw new Error('X connects with OAuth 2.0');
  const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 'state' });
  const callback = await followConsent(begun.authorizeUrl, 'crier_demo');
  account = singleAccount(
    await connector.connect.complete({
      redirectUri: REDIRECT,
      code: callback.searchParams.get('code') ?? '',
      codeVerifier: begun.codeVerifier,
    }),
  );
});

afterEach(async () => {
  await emulator.close();
});

function connectorWith(overrides: Partial<XConnectorOptions> = {}): Connector {
  return createXConnector({
    environment: 'sandbox',
    clientId: CLIENT_ID,
    apiBaseUrl: emulator.baseUrl,
    authorizeUrl: emulator.authorizeUrl,
    webUrl: emulator.baseUrl,
    timeoutMs: 5_000,
    ...overrides,
  });
}

function session(): AccountSession {
  return {
    profile: account.profile,
    credentials: account.credentials,
    saveCredentials: async () => undefined,
  };
}

function publication(text: string, media: PublishMedia[] = []): PublishRequest {
  return { publicationId: randomUUID(), text, media };
}

const png = (): PublishMedia => mediaFromBytes(TINY_PNG, { altText: 'pixel', fileName: 'pixel.png' });

/** Publishes and returns the ConnectorError it must fail with. */
async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!outcome) throw new Error('expected the publish to fail, and it succeeded');
  expect(outcome).toHaveProperty('errorClass');
  return outcome as ConnectorError;
}

describe('error answers from X', () => {
  it('maps 429 to rate_limited with retryAt from x-rate-limit-reset', async () => {
    emulator.faults.inject({ kind: 'rate_limit', path: '/2/tweets', resetInSeconds: 600 });
    const before = Date.now();
    const error = await failure(connectorWith().publish(session(), publication('limited')));
    expect(error.errorClass).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(error.networkMessage).toBe('Rate limit exceeded');
    expect(error.retryAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 600_000);
    expect(error.retryAt).toBeLessThanOrEqual(Date.now() + 601_000);
    expect(emulator.state.listPosts()).toHaveLength(0);
  });

  it('maps a 503 to transient: an error answer published nothing', async () => {
    emulator.faults.inject({ kind: 'server_error', status: 503, path: '/2/tweets' });
    const error = await failure(connectorWith().publish(session(), publication('unavailable')));
    expect(error).toMatchObject({ errorClass: 'transient', status: 503, networkMessage: 'Service Unavailable' });
  });

  it('maps a duplicate to invalid_content with X own words', async () => {
    const connector = connectorWith();
    await connector.publish(session(), publication('Said once'));
    const error = await failure(connector.publish(session(), publication('Said once')));
    expect(error).toMatchObject({
      errorClass: 'invalid_content',
      status: 403,
      networkMessage: 'You are not allowed to create a Tweet with duplicate content.',
    });
    expect(emulator.state.listPosts()).toHaveLength(1);
  });

  it('surfaces an OpenAPI violation (a field the schema forbids) as invalid_content', async () => {
    // A connector bug, simulated: one extra property in the body of POST /2/tweets.
    const addsAField: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith('/2/tweets') && typeof init?.body === 'string') {
        return fetch(input, { ...init, body: JSON.stringify({ ...JSON.parse(init.body), mood: 'happy' }) });
      }
      return fetch(input, init);
    };
    const error = await failure(connectorWith({ fetch: addsAField }).publish(session(), publication('with a bug')));
    expect(error).toMatchObject({ errorClass: 'invalid_content', status: 400, networkCode: 'invalid-request' });
    expect(error.networkMessage).toContain('$.mood');
  });

  it('surfaces too many images as invalid_content from the schema (media_ids holds at most 4)', async () => {
    const error = await failure(connectorWith().publish(session(), publication('five', [1, 2, 3, 4, 5].map(png))));
    expect(error.errorClass).toBe('invalid_content');
    expect(error.networkMessage).toContain('$.media.media_ids');
    expect(emulator.state.listPosts()).toHaveLength(0);
  });

  it('maps a refused image upload to invalid_content before any post is attempted', async () => {
    const notAnImage = { ...png(), read: async () => Buffer.from('plain text pretending to be a PNG') };
    const error = await failure(connectorWith().publish(session(), publication('bad image', [notAnImage])));
    expect(error).toMatchObject({ errorClass: 'invalid_content', status: 400 });
    expect(emulator.state.listPosts()).toHaveLength(0);
  });
});

describe('no answer from X', () => {
  it('maps a timeout of POST /2/tweets to unknown_outcome', async () => {
    emulator.faults.inject({ kind: 'timeout', path: '/2/tweets', afterProcessing: true });
    const error = await failure(connectorWith({ timeoutMs: 300 }).publish(session(), publication('lost answer')));
    expect(error.errorClass).toBe('unknown_outcome');
    // The post does exist: exactly why the outcome must be reconciled, never retried blindly.
    expect(emulator.state.listPosts()).toHaveLength(1);
  });

  it('maps a timeout of a media upload to transient: nothing was posted yet', async () => {
    emulator.faults.inject({ kind: 'timeout', path: '/2/media/upload' });
    const error = await failure(connectorWith({ timeoutMs: 300 }).publish(session(), publication('pic', [png()])));
    expect(error.errorClass).toBe('transient');
    expect(emulator.state.listPosts()).toHaveLength(0);
  });

  it('maps a refused connection to transient', async () => {
    const closedPort = await freePort();
    const offline = connectorWith({ apiBaseUrl: `http://127.0.0.1:${closedPort}` });
    const error = await failure(offline.publish(session(), publication('nobody home')));
    expect(error).toMatchObject({ errorClass: 'transient', networkMessage: 'ECONNREFUSED' });
  });

  it('maps a token endpoint outage during refresh to transient', async () => {
    emulator.faults.inject({ kind: 'server_error', status: 500, path: '/2/oauth2/token' });
    const expired: AccountSession = {
      ...session(),
      credentials: { ...account.credentials, expiresAt: Date.now() - 1 },
    };
    const error = await failure(connectorWith().publish(expired, publication('later')));
    expect(error).toMatchObject({ errorClass: 'transient', status: 500 });
  });
});

/** A port that was free a moment ago and has nothing listening now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}
