import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPinterestEmulator, startPinterestEmulator } from '../../../sandbox/pinterest/harness.js';
import { followConsent } from '../../../sandbox/x/harness.js';
import { TINY_PNG } from '../../../sandbox/x/testing.js';
import type { AccountSession, Connector } from '../kit/connector.js';
import type { ConnectorError } from '../kit/errors.js';
import { mediaFromBytes, singleAccount } from '../kit/testing.js';
import { rateLimitRetryAt } from './errors.js';
import { createPinterestConnector } from './pinterest.connector.js';

const CLIENT = { clientId: 'crier-test', clientSecret: 'test-secret' };
const REDIRECT = 'http://localhost:3999/api/oauth/callback/pinterest';
const image = () => mediaFromBytes(TINY_PNG, { altText: 'A bottle', fileName: 'bottle.png' });

describe('Pinterest rules before scheduling', () => {
  const connector = createPinterestConnector({
    environment: 'live',
    ...CLIENT,
    apiBaseUrl: 'https://api.pinterest.com/v5',
    authorizeUrl: 'https://www.pinterest.com/oauth/',
    webUrl: 'https://www.pinterest.com',
  });

  it('asks for a board and for media, and checks title and link', () => {
    const codes = connector
      .validate({ text: 'Hello', title: 't'.repeat(101), link: 'example.com', media: [] })
      .problems.map((problem) => problem.code);
    expect(codes.sort()).toEqual(['board_required', 'link_invalid', 'media_required', 'title_too_long']);
  });

  it('takes JPEG and PNG inline, and says so for other images', () => {
    const webp = { id: 'w', mimeType: 'image/webp', size: 10, altText: '' };
    const { problems } = connector.validate({ text: '', media: [webp], options: { boardId: '123' } });
    expect(problems).toEqual([expect.objectContaining({ code: 'image_type_unsupported', field: 'media[0]' })]);
  });

  it('reads a rate-limit wait from Retry-After, then x-ratelimit-reset', () => {
    expect(rateLimitRetryAt(new Headers({ 'retry-after': '30' }), 1000)).toBe(31_000);
    expect(rateLimitRetryAt(new Headers({ 'x-ratelimit-reset': '12' }), 1000)).toBe(13_000);
  });
});

describe('Pinterest connector against the emulator', () => {
  let emulator: RunningPinterestEmulator;
  let connector: Connector;
  let session: AccountSession;
  let boardId: string;

  beforeAll(async () => {
    emulator = await startPinterestEmulator({
      clients: [{ ...CLIENT, redirectUris: [REDIRECT] }],
      mediaProcessingMs: 50,
    });
    connector = createPinterestConnector({
      environment: 'sandbox',
      ...CLIENT,
      apiBaseUrl: emulator.apiBaseUrl,
      authorizeUrl: emulator.authorizeUrl,
      webUrl: emulator.baseUrl,
      videoPollIntervalMs: 20,
      videoProcessingTimeoutMs: 2000,
    });
    if (connector.connect.kind !== 'oauth2') throw new Error('OAuth expected');
    const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 's' });
    const callback = await followConsent(begun.authorizeUrl, 'brand_boards');
    const account = singleAccount(
      await connector.connect.complete({
        redirectUri: REDIRECT,
        code: callback.searchParams.get('code') ?? '',
        codeVerifier: '',
      }),
    );
    session = { profile: account.profile, credentials: account.credentials, saveCredentials: async () => {} };
    const owner = emulator.state.users.get(account.profile.remoteId);
    if (!owner) throw new Error('no sandbox user');
    for (const name of ['Winter', 'Recipes']) emulator.state.addBoard(owner.id, name, 'PUBLIC');
    boardId = (await connector.destinations?.list(session))?.find((board) => board.name === 'Recipes')?.id ?? '';
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('lists every board of the account and posts on the chosen one', async () => {
    expect((await connector.destinations?.list(session))?.map((board) => board.name)).toEqual([
      'Summer launch',
      'Winter',
      'Recipes',
    ]);
    const pin = await connector.publish(session, {
      publicationId: 'p',
      text: 'Hot chocolate',
      title: 'Recipe',
      link: 'https://example.com/r',
      media: [image()],
      options: { boardId },
    });
    expect(emulator.state.pins.get(pin.remoteId)).toMatchObject({
      boardId,
      title: 'Recipe',
      link: 'https://example.com/r',
      altText: 'A bottle',
    });
    expect(pin.permalink).toBe(`${emulator.baseUrl}/pin/${pin.remoteId}/`);
  });

  it('refuses a board that is not the account’s, in Pinterest’s words', async () => {
    const failure = await connector
      .publish(session, { publicationId: 'p', text: '', media: [image()], options: { boardId: '999' } })
      .catch((error: ConnectorError) => error);
    expect(failure).toMatchObject({ errorClass: 'invalid_content', networkMessage: 'Board not found.' });
  });

  it('surfaces a video Pinterest could not process as Pinterest’s refusal, before any Pin exists', async () => {
    const settle = emulator.state.settleMedia.bind(emulator.state);
    emulator.state.settleMedia = (record) => {
      if (record.status === 'processing') record.status = 'failed';
      return settle(record);
    };
    const pinsBefore = emulator.state.pins.size;
    const video = mediaFromBytes(new Uint8Array(4096), { mimeType: 'video/mp4', fileName: 'clip.mp4' });
    const failure = await connector
      .publish(session, { publicationId: 'v', text: '', media: [video], options: { boardId } })
      .catch((error: ConnectorError) => error);
    emulator.state.settleMedia = settle;
    expect(failure).toMatchObject({ errorClass: 'invalid_content' });
    expect(emulator.state.pins.size).toBe(pinsBefore);
  });

  it('maps pin analytics onto Crier’s names', async () => {
    const pin = await connector.publish(session, {
      publicationId: 'm',
      text: 'Measured',
      media: [image()],
      options: { boardId },
    });
    await fetch(`${emulator.baseUrl}/_emulator/pins/${pin.remoteId}/activity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ IMPRESSION: 120, OUTBOUND_CLICK: 7, SAVE: 3 }),
    });
    const reading = await connector.readMetrics?.(session, { postRemoteId: pin.remoteId });
    expect(reading?.metrics).toMatchObject({ impressions: 120, clicks: 7, saves: 3 });
    expect(reading?.raw.PIN_CLICK).toBe(0);
  });
});
