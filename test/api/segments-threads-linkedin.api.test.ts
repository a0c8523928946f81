import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  followLinkedInConsent,
  type RunningLinkedInEmulator,
  startLinkedInEmulator,
} from '../../sandbox/linkedin/harness.js';
import { DEMO_ORGANIZATION } from '../../sandbox/linkedin/testing.js';
import {
  followThreadsConsent,
  type RunningThreadsEmulator,
  startThreadsEmulator,
} from '../../sandbox/threads/harness.js';
import { fileDropMediaUrls } from '../../src/connectors/kit/public-media.js';
import { createLinkedInConnector } from '../../src/connectors/linkedin/linkedin.connector.js';
import { createThreadsConnector } from '../../src/connectors/threads/threads.connector.js';
import { freePort } from '../support/ports.js';
import { ApiClient, startTestCrier } from '../support/test-crier.js';

type TestCrier = Awaited<ReturnType<typeof startTestCrier>>;

/**
 * The seed's promise on the two networks: the same campaign says one thing to one audience and
 * another to another, each variant's segment compiled to the network's own targeting fields, and a
 * segment the network cannot serve refused before anything is sent.
 */
describe('segments on Threads and LinkedIn, through the API and the scheduler', () => {
  let threads: RunningThreadsEmulator;
  let linkedin: RunningLinkedInEmulator;
  let crier: TestCrier;
  let api: ApiClient;
  let workspaceId: string;
  let threadsAccountId: string;
  let linkedinAccountId: string;
  const ORGANIZATION_URN = `urn:li:organization:${DEMO_ORGANIZATION.id}`;

  beforeAll(async () => {
    const port = await freePort();
    const callback = (network: string) => `http://localhost:${port}/api/oauth/callback/${network}`;
    threads = await startThreadsEmulator({
      clients: [{ clientId: '880000000000009', clientSecret: 'api-test-secret', redirectUris: [callback('threads')] }],
      users: [{ username: 'cold.drinks', eligibleForGeoGating: true }],
    });
    linkedin = await startLinkedInEmulator({
      clients: [
        {
          clientId: 'api-test',
          clientSecret: 'api-test-secret',
          redirectUris: [callback('linkedin')],
          refreshTokens: true,
        },
      ],
      organizations: [DEMO_ORGANIZATION],
    });
    crier = await startTestCrier({
      port,
      connectors: [
        createThreadsConnector({
          environment: 'sandbox',
          appId: '880000000000009',
          appSecret: 'api-test-secret',
          graphHostUrl: threads.baseUrl,
          authorizeUrl: threads.authorizeUrl,
          webUrl: threads.baseUrl,
          mediaUrls: fileDropMediaUrls({ emulatorUrl: threads.baseUrl, networkName: 'Threads' }),
          containerWait: { pollIntervalMs: 20, maxWaitMs: 5000 },
        }),
        createLinkedInConnector({
          environment: 'sandbox',
          clientId: 'api-test',
          clientSecret: 'api-test-secret',
          apiUrl: linkedin.baseUrl,
          oauthUrl: `${linkedin.baseUrl}/oauth/v2`,
          webUrl: linkedin.baseUrl,
          apiVersion: linkedin.latestVersion(),
        }),
      ],
    });
    api = new ApiClient(crier.baseUrl);
    workspaceId = await api.setup('UTC');

    const start = (network: string) =>
      api.request('POST', `/api/workspaces/${workspaceId}/accounts/oauth/start`, { network, environment: 'sandbox' });
    const land = async (back: URL) =>
      new URL(
        (await api.request('GET', `${back.pathname}${back.search}`)).headers.get('location') ?? '',
        crier.baseUrl,
      );

    const threadsBack = await followThreadsConsent((await start('threads')).json.authorizeUrl, 'cold.drinks');
    threadsAccountId = (await land(threadsBack)).searchParams.get('connected') ?? '';

    const linkedinBack = await followLinkedInConsent((await start('linkedin')).json.authorizeUrl, 'ada.lovelace');
    const token = (await land(linkedinBack)).searchParams.get('choose') ?? '';
    const offered = await api.request('GET', `/api/workspaces/${workspaceId}/accounts/choices/${token}`);
    expect(offered.json.candidates.map((candidate: { remoteId: string }) => candidate.remoteId)).toContain(
      ORGANIZATION_URN,
    );
    const chosen = await api.request('POST', `/api/workspaces/${workspaceId}/accounts/choices/${token}`, {
      remoteIds: [ORGANIZATION_URN],
    });
    expect(chosen.status).toBe(201);
    linkedinAccountId = chosen.json.accounts[0].id;
    expect(linkedinAccountId).toBeTruthy();
  });

  afterAll(async () => {
    await crier?.close();
    await threads?.close();
    await linkedin?.close();
  });

  const segment = async (name: string, audience: Record<string, unknown>) =>
    (await api.request('POST', `/api/workspaces/${workspaceId}/segments`, { name, audience })).json.id as string;

  const publicationsOf = async (postId: string) =>
    (await api.request('GET', `/api/workspaces/${workspaceId}/posts/${postId}`)).json.publications as Array<{
      accountId: string;
      state: string;
      remoteId: string | null;
      failure?: { errorClass: string; message: string };
    }>;

  it('publishes each variant with its segment compiled to the network’s targeting fields', async () => {
    const asia = await segment('Japan and Korea', { countries: ['JP', 'KR'] });
    const us = await segment('US senior staff', {
      countries: ['US'],
      seniorities: ['senior', 'manager'],
      languages: ['en'],
    });
    const created = await api.request('POST', `/api/workspaces/${workspaceId}/posts`, {
      text: 'A taste of summer',
      accountIds: [threadsAccountId, linkedinAccountId],
      variants: [
        { network: 'threads', text: '夏の味', segmentId: asia },
        { network: 'linkedin', text: 'Ice-cold and refreshing', segmentId: us },
      ],
      scheduledAt: new Date(Date.now() + 300).toISOString(),
      timeZone: 'UTC',
      trackLinks: false,
    });
    expect(created.status).toBe(201);
    const published = await eventually(async () => {
      const publications = await publicationsOf(created.json.id);
      return publications.every((publication) => publication.state === 'published') ? publications : undefined;
    });
    const byAccount = new Map(published.map((publication) => [publication.accountId, publication.remoteId ?? '']));
    expect(threads.state.media.get(byAccount.get(threadsAccountId) ?? '')).toMatchObject({
      text: '夏の味',
      allowlistedCountryCodes: ['JP', 'KR'],
    });
    expect(linkedin.state.posts.get(byAccount.get(linkedinAccountId) ?? '')).toMatchObject({
      renderedText: 'Ice-cold and refreshing',
      distribution: {
        targetEntities: [
          {
            geoLocations: ['urn:li:geo:103644278'],
            interfaceLocales: [{ language: 'en', country: 'US' }],
            seniorities: ['urn:li:seniority:4', 'urn:li:seniority:5'],
          },
        ],
      },
    });
  });

  it('refuses a segment neither network can express before scheduling, with each network’s reasons', async () => {
    const teens = await segment('Teen surfers in Tokyo', {
      regions: ['JP-13'],
      ageMin: 13,
      ageMax: 19,
      interests: ['surfing'],
    });
    const body = {
      text: 'Catch the wave',
      accountIds: [threadsAccountId, linkedinAccountId],
      variants: [
        { network: 'threads', segmentId: teens },
        { network: 'linkedin', segmentId: teens },
      ],
    };
    const report = await api.request('POST', `/api/workspaces/${workspaceId}/posts/validate`, body);
    for (const variant of report.json.variants as Array<{ problems: Array<{ code: string; message: string }> }>) {
      expect(variant.problems.map((problem) => problem.code)).toEqual(expect.arrayContaining(['targeting_refused']));
    }
    const messages = JSON.stringify(report.json);
    expect(messages).toContain('Threads cannot limit a post by age');
    expect(messages).toContain('LinkedIn cannot target organic posts by interest');
    const refused = await api.request('POST', `/api/workspaces/${workspaceId}/posts`, {
      ...body,
      scheduledAt: new Date(Date.now() + 60_000).toISOString(),
      timeZone: 'UTC',
    });
    expect(refused).toMatchObject({ status: 422, json: { code: 'invalid_content' } });
  });

  it('fails a LinkedIn post whose audience is under 300 followers with the reason, having sent nothing', async () => {
    const postsBefore = linkedin.state.posts.size;
    const chiefs = await segment('Chiefs in Japan', { countries: ['JP'], seniorities: ['cxo'] });
    const created = await api.request('POST', `/api/workspaces/${workspaceId}/posts`, {
      text: 'For the few',
      accountIds: [linkedinAccountId],
      variants: [{ network: 'linkedin', segmentId: chiefs }],
      scheduledAt: new Date(Date.now() + 300).toISOString(),
      timeZone: 'UTC',
      trackLinks: false,
    });
    expect(created.status).toBe(201);
    const failed = await eventually(async () => {
      const [publication] = await publicationsOf(created.json.id);
      return publication?.state === 'failed' ? publication : undefined;
    });
    expect(failed.failure).toMatchObject({
      errorClass: 'invalid_content',
      message: expect.stringContaining('at least 300 members'),
    });
    expect(linkedin.state.posts.size).toBe(postsBefore);
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
