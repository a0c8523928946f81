import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  followFacebookLogin,
  type RunningGraphEmulator,
  startGraphEmulator,
} from '../../../sandbox/facebook/harness.js';
import { connectorOptionsFor, jpegOf, TEST_APP } from '../../../sandbox/facebook/testing.js';
import { createInstagramConnector } from '../instagram/instagram.connector.js';
import { type AccountSession, type Connector, type Credentials, isAccountChoice } from '../kit/connector.js';
import { mediaFromBytes } from '../kit/testing.js';
import { createFacebookConnector } from './facebook.connector.js';

async function loginWith(connector: Connector, person: string, pages?: string[]) {
  if (connector.connect.kind !== 'oauth2') throw new Error('oauth2 expected');
  const begun = await connector.connect.begin({ redirectUri: TEST_APP.redirectUri, state: 's' });
  const callback = await followFacebookLogin(begun.authorizeUrl, person, { pages });
  return connector.connect.complete({
    redirectUri: TEST_APP.redirectUri,
    code: callback.searchParams.get('code') ?? '',
    codeVerifier: '',
  });
}

function sessionOf(account: { profile: AccountSession['profile']; credentials: Credentials }): AccountSession {
  const session: AccountSession = {
    profile: account.profile,
    credentials: account.credentials,
    async saveCredentials(next) {
      session.credentials = next.credentials;
    },
  };
  return session;
}

describe('Facebook and Instagram connectors', () => {
  let emulator: RunningGraphEmulator;
  let facebook: Connector;
  let instagram: Connector;

  beforeAll(async () => {
    // The app demands appsecret_proof, as an app with "Require App Secret" does; the connectors sign every call.
    emulator = await startGraphEmulator({
      apps: [{ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, redirectUris: [TEST_APP.redirectUri] }],
      requireAppSecretProof: true,
      containerProcessingMs: 10,
    });
    facebook = createFacebookConnector(connectorOptionsFor(emulator));
    instagram = createInstagramConnector(
      connectorOptionsFor(emulator, { webUrl: `${emulator.baseUrl}/web/instagram` }),
    );
  });
  afterAll(() => emulator.close());

  it('offers a choice when the login shares several Pages, and only Pages with Instagram for Instagram', async () => {
    const pages = await loginWith(facebook, 'Chooser');
    expect(isAccountChoice(pages) && pages.candidates.map((candidate) => candidate.profile.displayName)).toEqual([
      'Chooser Drinks',
      'Chooser Motors',
    ]);
    const accounts = await loginWith(instagram, 'Chooser');
    expect(isAccountChoice(accounts)).toBe(false);
    expect(!isAccountChoice(accounts) && accounts.profile.handle).toBe('chooser_drinks');
  });

  it('renews an expired Page token through Crier’s shared renewal, then publishes', async () => {
    const account = await loginWith(facebook, 'Renewer', ['Renewer Drinks']);
    if (isAccountChoice(account)) throw new Error('one Page expected');
    const session = sessionOf(account);
    const renewals: Credentials[] = [];
    session.renewCredentials = async (stale, renew) => {
      renewals.push(stale);
      const next = await renew(stale);
      session.credentials = next.credentials;
      return next.credentials;
    };
    emulator.state.expirePageTokens(Date.now());
    const published = await facebook.publish(session, { publicationId: 'r1', text: 'After renewal', media: [] });
    expect(renewals).toHaveLength(1);
    expect(session.credentials.pageAccessToken).not.toBe(account.credentials.pageAccessToken);
    expect(emulator.state.posts.get(published.remoteId)?.message).toBe('After renewal');
  });

  it('asks for a reconnect when the whole login was invalidated', async () => {
    const account = await loginWith(facebook, 'Changer', ['Changer Drinks']);
    if (isAccountChoice(account)) throw new Error('one Page expected');
    emulator.state.invalidateLogin(String(account.credentials.pageAccessToken));
    const failure = await facebook
      .publish(sessionOf(account), { publicationId: 'x', text: 'Too late', media: [] })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ errorClass: 'auth', networkCode: '190/460' });
    await expect(facebook.refresh(account.credentials)).rejects.toMatchObject({ errorClass: 'auth' });
  });

  it('uploads an album as unpublished photos attached to one post, with alt text', async () => {
    const account = await loginWith(facebook, 'Album', ['Album Drinks']);
    if (isAccountChoice(account)) throw new Error('one Page expected');
    const bytes = await jpegOf(600, 400);
    const photo = (altText: string) =>
      mediaFromBytes(bytes, { mimeType: 'image/jpeg', altText, width: 600, height: 400 });
    const result = await facebook.publish(sessionOf(account), {
      publicationId: 'a1',
      text: 'Two cans',
      media: [photo('Red can'), photo('Blue can')],
    });
    const post = emulator.state.posts.get(result.remoteId);
    expect(post?.kind).toBe('album');
    expect(post?.photoIds.map((id) => emulator.state.photos.get(id)?.altText)).toEqual(['Red can', 'Blue can']);
    expect(result.permalink).toBe(`${emulator.baseUrl}/web/facebook/posts/${result.remoteId}`);
  });

  it('finds a post whose answer was lost, and finds nothing for one never made', async () => {
    const account = await loginWith(facebook, 'Finder', ['Finder Drinks']);
    if (isAccountChoice(account)) throw new Error('one Page expected');
    const session = sessionOf(account);
    const since = Date.now();
    emulator.faults.inject({ kind: 'timeout', afterProcessing: true, path: '/*/feed', method: 'POST' });
    const lost = await facebook
      .publish(session, { publicationId: 'f1', text: 'Answer lost', media: [] })
      .catch((error: unknown) => error);
    expect(lost).toMatchObject({ errorClass: 'unknown_outcome' });
    const found = await facebook.findPublished?.(session, { publicationId: 'f1', text: 'Answer lost', since });
    expect(found?.remoteId).toMatch(/_/);
    expect(await facebook.findPublished?.(session, { publicationId: 'f2', text: 'Never sent', since })).toBeUndefined();
  });

  it('finds an Instagram post whose media_publish answer was lost', async () => {
    const account = await loginWith(instagram, 'Seeker');
    if (isAccountChoice(account)) throw new Error('one account expected');
    const session = sessionOf(account);
    const since = Date.now();
    emulator.faults.inject({ kind: 'timeout', afterProcessing: true, path: '/*/media_publish', method: 'POST' });
    const photo = mediaFromBytes(await jpegOf(800, 800), { mimeType: 'image/jpeg', width: 800, height: 800 });
    const lost = await instagram
      .publish(session, { publicationId: 'i1', text: 'Lost answer', media: [photo] })
      .catch((error: unknown) => error);
    expect(lost).toMatchObject({ errorClass: 'unknown_outcome' });
    const found = await instagram.findPublished?.(session, { publicationId: 'i1', text: 'Lost answer', since });
    expect(found?.permalink).toContain('/web/instagram/p/');
    expect(emulator.state.media.get(found?.remoteId ?? '')?.caption).toBe('Lost answer');
  });
});
