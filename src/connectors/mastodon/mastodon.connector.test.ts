import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMastodonEmulator, startMastodonEmulator } from '../../../sandbox/mastodon/harness.js';
import { followConsent } from '../../../sandbox/x/harness.js';
import type { AccountSession } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { singleAccount } from '../kit/testing.js';
import { rateLimitRetryAt } from './errors.js';
import { createMastodonConnector } from './mastodon.connector.js';
import { instanceOrigin } from './server.js';

const REDIRECT = 'http://localhost:3999/api/oauth/callback/mastodon';

async function connect(
  emulator: RunningMastodonEmulator,
  username: string,
  connector = createMastodonConnector({ environment: 'sandbox', clientName: 'Crier test', timeoutMs: 500 }),
) {
  if (connector.connect.kind !== 'oauth2') throw new Error('OAuth expected');
  const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 's', server: emulator.baseUrl });
  const callback = await followConsent(begun.authorizeUrl, username);
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
    saveCredentials: async () => {},
  };
  return { connector, session };
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as ConnectorError,
  );

describe('instanceOrigin', () => {
  it.each([
    ['mastodon.social', 'https://mastodon.social'],
    ['  https://example.social/ ', 'https://example.social'],
    ['@crier@example.social', 'https://example.social'],
  ])('reads %s as %s', (typed, origin) => {
    expect(instanceOrigin(typed, { allowHttp: false })).toBe(origin);
  });

  it.each(['', 'http://mastodon.social', 'https://example.social/@me', 'https://user:pw@example.social', 'mastodon'])(
    'refuses %j live',
    (typed) => {
      expect(() => instanceOrigin(typed, { allowHttp: false })).toThrow(ConnectorError);
    },
  );

  it('takes http on this machine only in the sandbox', () => {
    expect(instanceOrigin('http://127.0.0.1:3013', { allowHttp: true })).toBe('http://127.0.0.1:3013');
    expect(() => instanceOrigin('http://10.0.0.5', { allowHttp: true })).toThrow(/https/);
  });
});

describe('Mastodon connector against the emulator', () => {
  let emulator: RunningMastodonEmulator;
  beforeAll(async () => {
    emulator = await startMastodonEmulator({ limits: { maxCharacters: 100 } });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('registers once per instance and profiles the account by its full address', async () => {
    const appsBefore = emulator.state.apps.size;
    const first = await connect(emulator, 'brand');
    await connect(emulator, 'brand_two', first.connector);
    expect(emulator.state.apps.size).toBe(appsBefore + 1);
    expect(first.session.profile.handle).toBe(`brand@${new URL(emulator.baseUrl).host}`);
  });

  it('posts once when the answer was lost and the publication is tried again (Idempotency-Key)', async () => {
    const { connector, session } = await connect(emulator, 'idempotent');
    emulator.faults.inject({ kind: 'timeout', path: '/api/v1/statuses', method: 'POST', afterProcessing: true });
    const request = { publicationId: 'pub-lost-answer', text: 'Launch day', media: [] };
    const lost = await failureOf(connector.publish(session, request));
    expect(lost?.errorClass).toBe('unknown_outcome');
    const again = await connector.publish(session, request);
    const made = [...emulator.state.statuses.values()].filter((status) => status.text === 'Launch day');
    expect(made).toHaveLength(1);
    expect(again.remoteId).toBe(made[0]?.id);
  });

  it('checks the instance’s own character limit at publishing', async () => {
    const { connector, session } = await connect(emulator, 'limits');
    const text = 'a'.repeat(150);
    expect(connector.validate({ text, media: [] }).problems).toEqual([]);
    const failure = await failureOf(connector.publish(session, { publicationId: 'long', text, media: [] }));
    expect(failure?.errorClass).toBe('invalid_content');
    expect(failure?.message).toMatch(/instance allows 100 characters/);
  });

  it('sends content warning, visibility and language', async () => {
    const { connector, session } = await connect(emulator, 'options');
    const options = { contentWarning: 'Spoilers', visibility: 'unlisted', language: 'ja' };
    const result = await connector.publish(session, { publicationId: 'cw', text: '新型車', media: [], options });
    const status = emulator.state.statuses.get(result.remoteId);
    expect(status).toMatchObject({ spoilerText: 'Spoilers', sensitive: true, visibility: 'unlisted', language: 'ja' });
  });

  it('names every option problem before scheduling, counting the warning with the text', () => {
    const connector = createMastodonConnector({ environment: 'live', clientName: 'Crier' });
    const problems = connector.validate({
      text: 'a'.repeat(490),
      media: [],
      options: { contentWarning: 'b'.repeat(20), visibility: 'friends', language: 'eng', colour: 'red' },
    }).problems;
    expect(problems.map((problem) => problem.code).sort()).toEqual([
      'language_invalid',
      'option_unknown',
      'text_too_long',
      'visibility_invalid',
    ]);
  });

  it('lists mentions of the account from notifications', async () => {
    const { connector, session } = await connect(emulator, 'mentioned');
    const post = await connector.publish(session, { publicationId: 'mention-me', text: 'Ask us anything', media: [] });
    await fetch(`${emulator.baseUrl}/_emulator/statuses/${post.remoteId}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'curious', text: 'Is it electric?' }),
    });
    const listMentions = (connector as unknown as { listMentions: typeof connector.listComments }).listMentions;
    const page = await listMentions?.(session, { postRemoteId: '' });
    expect(page?.comments.map((comment) => comment.text)).toContain('Is it electric?');
  });

  it('reads the rate-limit reset as Mastodon’s ISO-8601 time', () => {
    const headers = new Headers({ 'x-ratelimit-reset': '2026-11-26T08:00:00.000Z' });
    expect(rateLimitRetryAt(headers, 0)).toBe(Date.parse('2026-11-26T08:00:00.000Z'));
    expect(rateLimitRetryAt(new Headers(), 1000)).toBe(1000 + 5 * 60_000);
  });
});
