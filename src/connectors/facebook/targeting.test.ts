import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  followFacebookLogin,
  type RunningGraphEmulator,
  startGraphEmulator,
} from '../../../sandbox/facebook/harness.js';
import { connectorOptionsFor, TEST_APP } from '../../../sandbox/facebook/testing.js';
import type { AccountSession, Connector } from '../kit/connector.js';
import { singleAccount } from '../kit/testing.js';
import { createFacebookConnector } from './facebook.connector.js';
import { compileFacebookTargeting } from './targeting.js';

describe('compileFacebookTargeting', () => {
  it('puts countries in the hard restriction and age and gender in the preference', () => {
    const compiled = compileFacebookTargeting({ countries: ['ES', 'IT'], ageMin: 18, ageMax: 34, genders: ['female'] });
    expect(compiled).toEqual({
      ok: true,
      targeting: {
        targeting: { geo_locations: { countries: ['ES', 'IT'] }, age_min: 18 },
        feed_targeting: { age_min: 18, age_max: 34, genders: [2] },
      },
    });
  });

  it('keeps a minimum age Facebook cannot enforce as a preference only', () => {
    const compiled = compileFacebookTargeting({ ageMin: 30 });
    expect(compiled).toEqual({ ok: true, targeting: { feed_targeting: { age_min: 30 } } });
  });

  it('passes interest ids and leaves both genders out', () => {
    const compiled = compileFacebookTargeting({ interests: ['6003107902433'], genders: ['female', 'male'] });
    expect(compiled).toEqual({ ok: true, targeting: { feed_targeting: { interests: ['6003107902433'] } } });
  });

  it('refuses what Facebook cannot express, with every reason', () => {
    const compiled = compileFacebookTargeting({
      regions: ['US-CA'],
      languages: ['ja'],
      ageMin: 10,
      ageMax: 70,
      interests: ['surfing'],
      seniorities: ['director'],
    });
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    expect(compiled.reasons).toHaveLength(6);
    expect(compiled.reasons.join('\n')).toMatch(/region keys/);
    expect(compiled.reasons.join('\n')).toMatch(/locale keys/);
    expect(compiled.reasons.join('\n')).toMatch(/under 13/);
    expect(compiled.reasons.join('\n')).toMatch(/65/);
    expect(compiled.reasons.join('\n')).toMatch(/"surfing" is a name/);
    expect(compiled.reasons.join('\n')).toMatch(/LinkedIn/);
  });
});

describe('a Facebook post aimed at a segment', () => {
  let emulator: RunningGraphEmulator;
  let connector: Connector;
  let session: AccountSession;

  beforeAll(async () => {
    emulator = await startGraphEmulator({
      apps: [{ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, redirectUris: [TEST_APP.redirectUri] }],
    });
    connector = createFacebookConnector(connectorOptionsFor(emulator));
    if (connector.connect.kind !== 'oauth2') throw new Error('oauth2 expected');
    const begun = await connector.connect.begin({ redirectUri: TEST_APP.redirectUri, state: 's' });
    const callback = await followFacebookLogin(begun.authorizeUrl, 'Targeting', { pages: ['Targeting Drinks'] });
    const account = singleAccount(
      await connector.connect.complete({
        redirectUri: TEST_APP.redirectUri,
        code: callback.searchParams.get('code') ?? '',
        codeVerifier: '',
      }),
    );
    session = { profile: account.profile, credentials: account.credentials, saveCredentials: async () => undefined };
  });
  afterAll(() => emulator.close());

  it('arrives at the Page with targeting and feed_targeting as compiled', async () => {
    const hot = compileFacebookTargeting({ countries: ['ES', 'GR'], ageMin: 21, ageMax: 45 });
    if (!hot.ok) throw new Error(hot.reasons.join('; '));
    const result = await connector.publish(session, {
      publicationId: 'p1',
      text: 'Ice-cold and refreshing',
      media: [],
      targeting: hot.targeting,
    });
    const stored = emulator.state.posts.get(result.remoteId);
    expect(stored?.targeting).toEqual({ geo_locations: { countries: ['ES', 'GR'] }, age_min: 21 });
    expect(stored?.feedTargeting).toEqual({ age_min: 21, age_max: 45 });
  });

  it('sends no targeting for a post without a segment', async () => {
    const result = await connector.publish(session, { publicationId: 'p2', text: 'For everyone', media: [] });
    const stored = emulator.state.posts.get(result.remoteId);
    expect(stored?.targeting).toBeUndefined();
    expect(stored?.feedTargeting).toBeUndefined();
  });

  it('has the emulator refuse targeting Meta would refuse', async () => {
    const failure = await connector
      .publish(session, { publicationId: 'p3', text: 'Bad aim', media: [], targeting: { targeting: { age_min: 30 } } })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ errorClass: 'invalid_content', networkCode: '100/1487756' });
  });

  it('offers compileTargeting on the connector, refusing an impossible segment before anything is sent', () => {
    const before = emulator.state.posts.size;
    const result = connector.compileTargeting?.({ regions: ['JP-13'] });
    expect(result).toMatchObject({ ok: false });
    expect(emulator.state.posts.size).toBe(before);
  });
});
