import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followFacebookLogin, type RunningGraphEmulator, startGraphEmulator } from '../../sandbox/facebook/harness.js';
import { connectorOptionsFor, TEST_APP } from '../../sandbox/facebook/testing.js';
import { createFacebookConnector } from '../../src/connectors/facebook/facebook.connector.js';
import { freePort } from '../support/ports.js';
import { ApiClient, startTestCrier } from '../support/test-crier.js';

type TestCrier = Awaited<ReturnType<typeof startTestCrier>>;

/**
 * The seed's promise, end to end: one campaign says "Ice-cold and refreshing" to hot regions and
 * "A taste of summer" to cold ones, and each Facebook post reaches the network with its own targeting.
 */
describe('audience variants reach the network as its own targeting', () => {
  let graph: RunningGraphEmulator;
  let crier: TestCrier;
  let api: ApiClient;
  let workspaceId: string;

  beforeAll(async () => {
    const port = await freePort();
    graph = await startGraphEmulator({
      apps: [
        {
          appId: TEST_APP.appId,
          appSecret: TEST_APP.appSecret,
          redirectUris: [`http://localhost:${port}/api/oauth/callback/facebook`],
        },
      ],
    });
    crier = await startTestCrier({
      connectors: [createFacebookConnector(connectorOptionsFor(graph))],
      port,
      pollMs: 50,
    });
    api = new ApiClient(crier.baseUrl);
    workspaceId = await api.setup('America/Sao_Paulo');
  });

  afterAll(async () => {
    await crier?.close();
    await graph?.close();
  });

  async function connectFirstPage(): Promise<string> {
    const started = await api.request('POST', `/api/workspaces/${workspaceId}/accounts/oauth/start`, {
      network: 'facebook',
      environment: 'sandbox',
    });
    const callback = await followFacebookLogin(started.json.authorizeUrl, 'Fizz Marketing');
    const back = await api.request('GET', `${callback.pathname}${callback.search}`);
    const landing = new URL(back.headers.get('location') ?? '', crier.baseUrl);
    // the login grants two Pages: Crier asks which ones to connect
    const token = landing.searchParams.get('choose') ?? '';
    const choice = await api.request('GET', `/api/workspaces/${workspaceId}/accounts/choices/${token}`);
    expect(choice.json.candidates.length).toBeGreaterThan(1);
    const first = choice.json.candidates[0];
    const chosen = await api.request('POST', `/api/workspaces/${workspaceId}/accounts/choices/${token}`, {
      remoteIds: [first.remoteId],
    });
    expect(chosen.json.accounts).toEqual([expect.objectContaining({ remoteId: first.remoteId, network: 'facebook' })]);
    return chosen.json.accounts[0].id;
  }

  it('publishes one targeted post per audience, and refuses an audience Facebook cannot express', async () => {
    const accountId = await connectFirstPage();
    const segment = async (name: string, audience: Record<string, unknown>) =>
      (await api.request('POST', `/api/workspaces/${workspaceId}/segments`, { name, audience })).json.id as string;
    const hot = await segment('Hot regions', { countries: ['BR', 'TH'], ageMin: 18, ageMax: 34 });
    const cold = await segment('Cold regions', { countries: ['NO', 'FI'], genders: ['female'] });
    const impossible = await segment('Engineers in Bavaria', { regions: ['DE-BY'], jobFunctions: ['Engineering'] });

    const refused = await api.request('POST', `/api/workspaces/${workspaceId}/posts`, {
      text: 'Main text',
      accountIds: [accountId],
      variants: [{ network: 'facebook', segmentId: impossible, text: 'Prost!' }],
      scheduledAt: new Date().toISOString(),
      timeZone: 'America/Sao_Paulo',
    });
    expect(refused).toMatchObject({ status: 422, json: { code: 'invalid_content' } });
    const problems = refused.json.details.variants[0].problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem: { code: string }) => problem.code === 'targeting_refused')).toBe(true);
    expect(graph.state.posts.size).toBe(0);

    const created = await api.request('POST', `/api/workspaces/${workspaceId}/posts`, {
      text: 'Fizz, now in stores',
      accountIds: [accountId],
      variants: [
        { network: 'facebook', segmentId: hot, text: 'Ice-cold and refreshing' },
        { network: 'facebook', segmentId: cold, text: 'A taste of summer' },
      ],
      scheduledAt: new Date().toISOString(),
      timeZone: 'America/Sao_Paulo',
    });
    expect(created.status).toBe(201);
    expect(created.json.publications).toHaveLength(2);

    await eventually(async () => {
      const post = (await api.request('GET', `/api/workspaces/${workspaceId}/posts/${created.json.id}`)).json;
      return (
        post.publications.every((publication: { state: string }) => publication.state === 'published') || undefined
      );
    });
    const posts = [...graph.state.posts.values()];
    const byText = (message: string) => posts.find((post) => post.message === message);
    expect(posts).toHaveLength(2);
    expect(byText('Ice-cold and refreshing')?.targeting).toMatchObject({ geo_locations: { countries: ['BR', 'TH'] } });
    expect(byText('Ice-cold and refreshing')?.feedTargeting).toMatchObject({ age_min: 18, age_max: 34 });
    expect(byText('A taste of summer')?.targeting).toMatchObject({ geo_locations: { countries: ['NO', 'FI'] } });
    expect(byText('A taste of summer')?.feedTargeting).toMatchObject({ genders: [2] });
  });
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no result within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
