import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';
import { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type LocalBluesky,
  localPostPermalink,
  localProfileUrl,
  startLocalBluesky,
} from '../../../sandbox/bluesky/local-network.js';
import type { AccountSession, ConnectedAccount, Connector, PublishMedia } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { mediaFromBytes } from '../kit/testing.js';
import { createBlueskyConnector } from './bluesky.connector.js';

/**
 * The Bluesky connector against a real PDS on loopback (see sandbox/bluesky/local-network.ts): real
 * login, real blobs, real records, read back from the repo the way any Bluesky client would.
 */

let network: LocalBluesky;
let reader: AtpAgent;
let bob: { handle: string; did: string };
const previews = vi.fn(async (url: string) => ({
  title: `Preview of ${new URL(url).pathname}`,
  description: 'A car.',
}));

function connectorFor(overrides: Partial<Parameters<typeof createBlueskyConnector>[0]> = {}): Connector {
  return createBlueskyConnector({
    environment: 'sandbox',
    defaultService: network.pdsUrl,
    permalink: localPostPermalink,
    profileUrl: localProfileUrl,
    linkPreview: previews,
    timeoutMs: 10_000,
    ...overrides,
  });
}

function sessionOf(account: ConnectedAccount) {
  const saved: ConnectedAccount[] = [];
  const session: AccountSession = {
    profile: account.profile,
    credentials: account.credentials,
    saveCredentials: async (next) => {
      saved.push(next);
    },
  };
  return { session, saved };
}

async function readPost(uri: string) {
  const [, , did, collection, rkey] = uri.split('/');
  const { data } = await reader.com.atproto.repo.getRecord({
    repo: did ?? '',
    collection: collection ?? '',
    rkey: rkey ?? '',
  });
  return data.value as Record<string, unknown> & { text: string; facets?: unknown[]; embed?: Record<string, unknown> };
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
function span(text: string, part: string) {
  const at = text.indexOf(part);
  return { byteStart: utf8(text.slice(0, at)), byteEnd: utf8(text.slice(0, at)) + utf8(part) };
}

const nextPublicationId = () => `pub-${randomUUID()}`;

beforeAll(async () => {
  network = await startLocalBluesky({ startTimeoutMs: 45_000 });
  reader = new AtpAgent({ service: network.pdsUrl });
  bob = await network.createAccount('bob.test');
}, 60_000);

afterAll(async () => {
  await network?.close();
});

async function connectDemo(connector: Connector = connectorFor()): Promise<ConnectedAccount> {
  if (connector.connect.kind !== 'password') throw new Error('Bluesky connects with a password');
  return connector.connect.login({ identifier: network.demoAccount.handle, password: network.demoAccount.password });
}

describe('connect', () => {
  it('logs in with an app password and reads the display name from the profile record', async () => {
    const connector = connectorFor();
    expect(connector.connect).toMatchObject({
      kind: 'password',
      secretLabel: 'App password',
      defaultService: network.pdsUrl,
    });
    const account = await connectDemo(connector);
    expect(account.profile).toMatchObject({
      remoteId: network.demoAccount.did,
      handle: 'crier-demo.test',
      displayName: 'Crier Demo',
      profileUrl: localProfileUrl({ service: network.pdsUrl, did: network.demoAccount.did }),
    });
    expect(account.credentials).toMatchObject({
      service: network.pdsUrl,
      did: network.demoAccount.did,
      handle: 'crier-demo.test',
    });
    expect(account.expiresAt).toBeGreaterThan(Date.now());
  });

  it('falls back to the handle when the account has no profile record', async () => {
    const plain = await network.createAccount('plain.test');
    const connector = connectorFor();
    if (connector.connect.kind !== 'password') throw new Error('Bluesky connects with a password');
    const account = await connector.connect.login({ identifier: `@${plain.handle}`, password: plain.password });
    expect(account.profile.displayName).toBe('plain.test');
  });

  it('refuses a wrong password as an auth error', async () => {
    const connector = connectorFor();
    if (connector.connect.kind !== 'password') throw new Error('Bluesky connects with a password');
    const attempt = connector.connect.login({ identifier: network.demoAccount.handle, password: 'wrong-password' });
    await expect(attempt).rejects.toMatchObject({ errorClass: 'auth', networkCode: 'AuthenticationRequired' });
  });

  it('refreshes a session, and asks for a reconnect when the refresh token is refused', async () => {
    const connector = connectorFor();
    const account = await connectDemo(connector);
    const refreshed = await connector.refresh(account.credentials);
    expect(refreshed.credentials.refreshJwt).not.toBe(account.credentials.refreshJwt);
    expect(refreshed.profile.displayName).toBe('Crier Demo');
    const broken = { ...account.credentials, refreshJwt: 'not-a-token' };
    await expect(connector.refresh(broken)).rejects.toMatchObject({ errorClass: 'auth' });
  });
});

describe('publish', () => {
  it('publishes Japanese text with a link, a mention and a hashtag, with exact byte offsets', async () => {
    const connector = connectorFor();
    const { session } = sessionOf(await connectDemo(connector));
    const text = `新型モデル登場！詳細はこちら https://example.com/cars/new?utm=1 @${bob.handle} さんも #試乗会 へ`;
    const published = await connector.publish(session, { publicationId: nextPublicationId(), text, media: [] });

    expect(published.remoteId).toMatch(new RegExp(`^at://${network.demoAccount.did}/app.bsky.feed.post/`));
    const rkey = published.remoteId.split('/').pop();
    expect(published.permalink).toBe(
      localPostPermalink({ service: network.pdsUrl, did: network.demoAccount.did, rkey: rkey ?? '' }),
    );
    const record = await readPost(published.remoteId);
    expect(record.text).toBe(text);
    expect(record.facets).toEqual([
      {
        $type: 'app.bsky.richtext.facet',
        index: span(text, 'https://example.com/cars/new?utm=1'),
        features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/cars/new?utm=1' }],
      },
      {
        $type: 'app.bsky.richtext.facet',
        index: span(text, `@${bob.handle}`),
        features: [{ $type: 'app.bsky.richtext.facet#mention', did: bob.did }],
      },
      {
        $type: 'app.bsky.richtext.facet',
        index: span(text, '#試乗会'),
        features: [{ $type: 'app.bsky.richtext.facet#tag', tag: '試乗会' }],
      },
    ]);
    // 14 Japanese characters (3 bytes each) and a space come before the link.
    expect(span(text, 'https://').byteStart).toBe(43);
  });

  it('leaves a mention of an unknown handle as plain text', async () => {
    const connector = connectorFor();
    const { session } = sessionOf(await connectDemo(connector));
    const text = 'Hello @nobody-here.test';
    const published = await connector.publish(session, { publicationId: nextPublicationId(), text, media: [] });
    const record = await readPost(published.remoteId);
    expect(record.text).toBe(text);
    expect(record.facets).toBeUndefined();
  });

  it('uploads an image with its alt text and aspect ratio', async () => {
    const connector = connectorFor();
    const { session } = sessionOf(await connectDemo(connector));
    const png = tinyPng(3, 2);
    const media: PublishMedia = mediaFromBytes(png, {
      id: 'media-1',
      altText: 'A red car parked by the sea',
      fileName: 'car.png',
    });
    const published = await connector.publish(session, {
      publicationId: nextPublicationId(),
      text: 'The new model https://example.com/cars',
      media: [media],
    });
    const record = await readPost(published.remoteId);
    const embed = record.embed as {
      $type: string;
      images: Array<{ alt: string; aspectRatio: unknown; image: { ref: unknown } }>;
    };
    expect(embed.$type).toBe('app.bsky.embed.images');
    expect(embed.images).toHaveLength(1);
    expect(embed.images[0]?.alt).toBe('A red car parked by the sea');
    expect(embed.images[0]?.aspectRatio).toEqual({ width: 3, height: 2 });
    const cid = String(embed.images[0]?.image.ref);
    const blob = await reader.com.atproto.sync.getBlob({ did: network.demoAccount.did, cid });
    expect(Buffer.from(blob.data)).toEqual(Buffer.from(png));
  });

  it('adds a link card from the link preview, or titled with the host when the preview fails', async () => {
    const connector = connectorFor();
    const { session } = sessionOf(await connectDemo(connector));
    const withPreview = await connector.publish(session, {
      publicationId: nextPublicationId(),
      text: 'Book a test drive: https://example.com/test-drive',
      media: [],
    });
    expect((await readPost(withPreview.remoteId)).embed).toEqual({
      $type: 'app.bsky.embed.external',
      external: { uri: 'https://example.com/test-drive', title: 'Preview of /test-drive', description: 'A car.' },
    });

    const failing = connectorFor({ linkPreview: async () => Promise.reject(new Error('page is down')) });
    const withoutPreview = await failing.publish(session, {
      publicationId: nextPublicationId(),
      text: 'Book a test drive: https://dealer.example.org/book',
      media: [],
    });
    expect((await readPost(withoutPreview.remoteId)).embed).toEqual({
      $type: 'app.bsky.embed.external',
      external: { uri: 'https://dealer.example.org/book', title: 'dealer.example.org', description: '' },
    });
  });

  it('publishes one record when the same publication is published twice', async () => {
    const calls = recordingFetch();
    const connector = connectorFor({ fetch: calls.fetch });
    const { session } = sessionOf(await connectDemo(connector));
    const request = { publicationId: nextPublicationId(), text: 'Exactly once, please.', media: [] };
    const first = await connector.publish(session, request);
    calls.log.length = 0;
    const second = await connector.publish(session, request);
    expect(second).toEqual(first);
    // The PDS refuses the second create at the same key (a bare 500); the connector reads the first back.
    expect(calls.log).toEqual(['com.atproto.repo.createRecord 500', 'com.atproto.repo.getRecord 200']);
    const { data } = await reader.com.atproto.repo.listRecords({
      repo: network.demoAccount.did,
      collection: 'app.bsky.feed.post',
      limit: 100,
    });
    expect(data.records.filter((record) => (record.value as { text?: string }).text === request.text)).toHaveLength(1);
  });

  it('refreshes an expired access token before publishing and saves the new tokens first', async () => {
    const connector = connectorFor();
    const account = await connectDemo(connector);
    const expired = { ...account.credentials, accessJwt: jwtWithExp(Math.floor(Date.now() / 1000) - 60) };
    const { session, saved } = sessionOf({ ...account, credentials: expired });
    const published = await connector.publish(session, {
      publicationId: nextPublicationId(),
      text: 'Fresh tokens',
      media: [],
    });
    expect(published.remoteId).toContain(network.demoAccount.did);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.credentials.accessJwt).not.toBe(expired.accessJwt);
    expect(saved[0]?.credentials.refreshJwt).not.toBe(account.credentials.refreshJwt);
  });

  it('refreshes once and retries when the PDS refuses a token that looked valid', async () => {
    const calls = recordingFetch();
    const connector = connectorFor({ fetch: calls.fetch });
    const account = await connectDemo(connector);
    const forged = { ...account.credentials, accessJwt: jwtWithExp(Math.floor(Date.now() / 1000) + 3600) };
    const { session, saved } = sessionOf({ ...account, credentials: forged });
    calls.log.length = 0;
    const published = await connector.publish(session, {
      publicationId: nextPublicationId(),
      text: 'Retried once',
      media: [],
    });
    expect((await readPost(published.remoteId)).text).toBe('Retried once');
    expect(saved).toHaveLength(1);
    expect(calls.log).toEqual([
      'com.atproto.repo.createRecord 400',
      'com.atproto.server.refreshSession 200',
      'com.atproto.repo.createRecord 200',
    ]);
  });

  it('finds the post when the answer to a create is lost after the PDS wrote it', async () => {
    const calls = recordingFetch({ loseAnswerOf: 'com.atproto.repo.createRecord' });
    const connector = connectorFor({ fetch: calls.fetch });
    const { session } = sessionOf(await connectDemo(connector));
    const published = await connector.publish(session, {
      publicationId: nextPublicationId(),
      text: 'Lost answer',
      media: [],
    });
    expect((await readPost(published.remoteId)).text).toBe('Lost answer');
  });

  it('reports a create that times out with nothing written as an unknown outcome', async () => {
    const calls = recordingFetch({ hang: 'com.atproto.repo.createRecord' });
    const connector = connectorFor({ fetch: calls.fetch, timeoutMs: 300 });
    // Logging in checks the password with a slow hash: it gets the usual time limit.
    const { session } = sessionOf(await connectDemo());
    const attempt = connector.publish(session, { publicationId: nextPublicationId(), text: 'Too slow', media: [] });
    await expect(attempt).rejects.toMatchObject({ errorClass: 'unknown_outcome' });
  });

  it('reports a PDS that refuses connections as transient: nothing was sent', async () => {
    const port = await closedPort();
    const connector = connectorFor();
    const account = await connectDemo(connector);
    const unreachable = {
      ...account.credentials,
      service: `http://127.0.0.1:${port}`,
      pdsUrl: `http://127.0.0.1:${port}`,
    };
    const { session } = sessionOf({ ...account, credentials: unreachable });
    const attempt = connector.publish(session, { publicationId: nextPublicationId(), text: 'Nobody home', media: [] });
    await expect(attempt).rejects.toBeInstanceOf(ConnectorError);
    await expect(attempt).rejects.toMatchObject({ errorClass: 'transient' });
  });

  it('reports a record the PDS refuses as invalid content, with its words', async () => {
    const connector = connectorFor();
    const { session } = sessionOf(await connectDemo(connector));
    // Over the lexicon's 300 graphemes: validate() would have said so; the PDS says it too.
    const attempt = connector.publish(session, {
      publicationId: nextPublicationId(),
      text: 'a'.repeat(301),
      media: [],
    });
    await expect(attempt).rejects.toMatchObject({ errorClass: 'invalid_content', networkCode: 'InvalidRequest' });
  });
});

describe('validate', () => {
  it('reports over-long text, too many bytes, and images without alt text, all at once', () => {
    const connector = connectorFor();
    const image = { id: 'm', mimeType: 'image/png', size: 1000, altText: ' ' };
    const check = connector.validate({
      text: '日本語'.repeat(400),
      media: [image, { ...image, mimeType: 'image/tiff' }],
    });
    expect(check.problems.map((problem) => problem.code).sort()).toEqual([
      'alt_text_missing',
      'alt_text_missing',
      'image_type_unsupported',
      'text_too_long',
      'text_too_many_bytes',
    ]);
    expect(check.measure).toMatchObject({ length: 1200, limit: 300, bytes: 3600, maxBytes: 3000 });
  });
});

/**
 * A fetch that logs "method status" for each XRPC call, and can lose the answer of one method after
 * the server has handled it, or hang on it until the connector's time limit aborts it.
 */
function recordingFetch(faults: { loseAnswerOf?: string; hang?: string } = {}) {
  const log: string[] = [];
  const recording: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const method = new URL(request.url).pathname.replace('/xrpc/', '');
    if (method === faults.hang) {
      return new Promise<Response>((_, reject) => {
        request.signal.addEventListener('abort', () => reject(request.signal.reason));
      });
    }
    const response = await fetch(request);
    log.push(`${method} ${response.status}`);
    if (method === faults.loseAnswerOf) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    return response;
  };
  return { fetch: recording, log };
}

/** An unsigned JWT with only an expiry: enough for the connector to judge, refused by the PDS. */
function jwtWithExp(exp: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'at+jwt' })}.${part({ scope: 'com.atproto.appPass', exp })}.c2lnbmF0dXJl`;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** A valid PNG of the given size, one red pixel repeated. */
function tinyPng(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(new Array(width).fill([255, 0, 0]).flat())]);
  const pixels = deflateSync(Buffer.concat(new Array(height).fill(row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}
