import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectedAccount, Connector } from '../../src/connectors/kit/connector.js';
import { ConnectorRegistry } from '../../src/connectors/kit/registry.js';
import { checkVariant } from '../../src/core/content.js';
import { AccountsService } from '../../src/services/accounts.service.js';
import { SecretBox } from '../../src/store/secret-box.js';
import { createStore, type Store } from '../../src/store/store.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { seedWorkspace } from '../support/factories.js';

const page = (id: string, name: string): ConnectedAccount => ({
  profile: {
    remoteId: id,
    handle: name.toLowerCase().replace(/ /g, ''),
    displayName: name,
    profileUrl: `https://pages.test/${id}`,
  },
  credentials: { pageToken: `token-${id}` },
});

/** A network whose login grants several Pages, as Facebook's does; everything else is unused here. */
function pagesNetwork(candidates: ConnectedAccount[]): Connector {
  const limits = {
    maxTextLength: 100,
    textCounting: { kind: 'graphemes' as const },
    textOptionalWithMedia: true,
    media: { maxImages: 1, maxImageBytes: 1, imageMimeTypes: [], altTextRequired: false, maxAltTextLength: 1 },
  };
  return {
    network: 'facebook',
    environment: 'sandbox',
    displayName: 'Pages',
    capabilities: {
      text: true,
      images: false,
      video: false,
      linkCards: false,
      audienceTargeting: false,
      engagement: false,
      metrics: false,
    },
    limits,
    connect: {
      kind: 'oauth2',
      begin: async ({ state }) => ({ authorizeUrl: `https://pages.test/dialog?state=${state}`, codeVerifier: 'v' }),
      complete: async () => ({ kind: 'choice', candidates }),
    },
    validate: (content) => checkVariant(content, limits, 'Pages'),
    refresh: async () => {
      throw new Error('not used');
    },
    publish: async () => {
      throw new Error('not used');
    },
  };
}

describe.each(DIALECTS)('choosing among the accounts a login offers, on %s', (dialect) => {
  let testDb: TestDatabase;
  let store: Store;
  let seeded: Awaited<ReturnType<typeof seedWorkspace>>;
  const secrets = SecretBox.fromKey(randomBytes(32).toString('base64'));

  beforeEach(async () => {
    testDb = await openTestDatabase(dialect);
    store = createStore(testDb.database);
    seeded = await seedWorkspace(store, Date.now());
  });
  afterEach(async () => {
    await testDb.cleanup();
  });

  const service = (candidates: ConnectedAccount[]) =>
    new AccountsService(
      store.accounts,
      new ConnectorRegistry().register(pagesNetwork(candidates)),
      secrets,
      { now: () => Date.now() },
      'http://crier.test',
    );

  async function loginOffering(accounts: AccountsService) {
    const { authorizeUrl } = await accounts.beginOAuth({
      workspaceId: seeded.workspaceId,
      userId: seeded.userId,
      network: 'facebook',
      environment: 'sandbox',
    });
    const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
    return accounts.completeOAuth({ network: 'facebook', state, code: 'code', userId: seeded.userId });
  }

  it('keeps several accounts as a choice, then connects only the chosen ones with their own credentials', async () => {
    const accounts = service([page('1', 'Fizz Japan'), page('2', 'Fizz Brazil'), page('3', 'Fizz Norway')]);
    const outcome = await loginOffering(accounts);
    if (outcome.kind !== 'choice') throw new Error('expected a choice');
    expect(outcome.candidates.map((c) => c.displayName)).toEqual(['Fizz Japan', 'Fizz Brazil', 'Fizz Norway']);
    expect(await store.accounts.list(seeded.workspaceId)).toHaveLength(1);

    const view = await accounts.pendingChoice(seeded.workspaceId, seeded.userId, outcome.token);
    expect(view.candidates.map((c) => c.remoteId)).toEqual(['1', '2', '3']);

    const chosen = await accounts.choose(seeded.workspaceId, seeded.userId, outcome.token, ['1', '3']);
    expect(chosen.map((account) => account.displayName)).toEqual(['Fizz Japan', 'Fizz Norway']);
    const session = await accounts.openSession(chosen[1]?.id ?? '');
    expect(session.session.credentials).toEqual({ pageToken: 'token-3' });

    await expect(accounts.choose(seeded.workspaceId, seeded.userId, outcome.token, ['2'])).rejects.toThrow(
      /expired or was already made/,
    );
  });

  it('refuses ids that were not offered, and choices of another person', async () => {
    const accounts = service([page('1', 'A'), page('2', 'B')]);
    const outcome = await loginOffering(accounts);
    if (outcome.kind !== 'choice') throw new Error('expected a choice');
    await expect(accounts.choose(seeded.workspaceId, seeded.userId, outcome.token, ['9'])).rejects.toThrow(
      'Not among the accounts offered: 9',
    );
    await expect(accounts.pendingChoice(seeded.workspaceId, 'someone-else', outcome.token)).rejects.toThrow(/expired/);
  });

  it('connects at once when the login offers a single account', async () => {
    const outcome = await loginOffering(service([page('7', 'Only Page')]));
    expect(outcome).toMatchObject({ kind: 'connected', account: { remoteId: '7', displayName: 'Only Page' } });
  });
});
