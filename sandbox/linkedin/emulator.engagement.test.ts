import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningLinkedInEmulator, startLinkedInEmulator } from './harness.js';
import { connectMember, DEMO_AUTHOR, DEMO_ORGANIZATION, postBody, rest, TEST_APP } from './testing.js';

let emulator: RunningLinkedInEmulator;
let token: string;
let postUrn: string;

beforeEach(async () => {
  emulator = await startLinkedInEmulator({
    clients: [TEST_APP],
    organizations: [DEMO_ORGANIZATION],
    dailyLimits: { 'POST /rest/posts': 3 },
  });
  ({ accessToken: token } = await connectMember(emulator, 'ada.lovelace'));
  postUrn = (await rest(emulator, 'POST', '/rest/posts', { token, json: postBody() })).headers.get('x-restli-id') ?? '';
});
afterEach(async () => {
  await emulator.close();
});

const path = (urn: string, rest = '') => `/rest/socialActions/${encodeURIComponent(urn)}/comments${rest}`;

describe('comments', () => {
  it('lists comments oldest first with start/count paging and a next link', async () => {
    for (let index = 1; index <= 3; index += 1) emulator.addAudienceComment(postUrn, 'fan.one', `comment ${index}`);
    const first = await rest(emulator, 'GET', path(postUrn, '?start=0&count=2'), { token });
    expect(
      ((first.body?.elements ?? []) as Array<{ message: { text: string } }>).map((comment) => comment.message.text),
    ).toEqual(['comment 1', 'comment 2']);
    expect(first.body?.paging).toMatchObject({ start: 0, count: 2, total: 3, links: [{ rel: 'next' }] });
    const second = await rest(emulator, 'GET', path(postUrn, '?start=2&count=2'), { token });
    expect(second.body?.paging).toMatchObject({ total: 3, links: [] });
  });

  it('replies to a comment as the organization with parentComment', async () => {
    const question = emulator.addAudienceComment(postUrn, 'fan.one', 'Price?');
    const reply = await rest(emulator, 'POST', path(postUrn), {
      token,
      json: { actor: DEMO_AUTHOR, object: postUrn, message: { text: 'From 20,000' }, parentComment: question.urn },
    });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('x-restli-id')).toMatch(/^urn:li:comment:\(urn:li:share:\d+,\d+\)$/);
    expect(reply.body).toMatchObject({
      actor: DEMO_AUTHOR,
      parentComment: question.urn,
      message: { text: 'From 20,000' },
    });
  });
});

describe('statistics', () => {
  it('reports share statistics per post for the organization, and social metadata', async () => {
    Object.assign(emulator.state.posts.get(postUrn)?.statistics ?? {}, {
      impressionCount: 400,
      uniqueImpressionsCount: 320,
      clickCount: 12,
      likeCount: 30,
      shareCount: 4,
    });
    emulator.addAudienceComment(postUrn, 'fan.one', 'Nice');
    const query = `?q=organizationalEntity&organizationalEntity=${encodeURIComponent(DEMO_AUTHOR)}&shares=List(${encodeURIComponent(postUrn)})`;
    const stats = await rest(emulator, 'GET', `/rest/organizationalEntityShareStatistics${query}`, { token });
    expect(stats.body?.elements).toEqual([
      {
        organizationalEntity: DEMO_AUTHOR,
        share: postUrn,
        totalShareStatistics: {
          impressionCount: 400,
          uniqueImpressionsCount: 320,
          clickCount: 12,
          likeCount: 30,
          commentCount: 1,
          shareCount: 4,
          engagement: 47 / 400,
        },
      },
    ]);
    const metadata = await rest(emulator, 'GET', `/rest/socialMetadata/${encodeURIComponent(postUrn)}`, { token });
    expect(metadata.body).toMatchObject({
      reactionSummaries: { LIKE: { count: 30 } },
      commentSummary: { count: 1, topLevelCount: 1 },
    });
  });

  it('reports who follows the organization by facet', async () => {
    const query = `?q=organizationalEntity&organizationalEntity=${encodeURIComponent(DEMO_AUTHOR)}`;
    const answer = await rest(emulator, 'GET', `/rest/organizationalEntityFollowerStatistics${query}`, { token });
    const element = ((answer.body?.elements ?? []) as Array<Record<string, unknown>>)[0];
    expect(element?.followerCountsByGeoCountry).toContainEqual({
      geo: 'urn:li:geo:101355337',
      followerCounts: { organicFollowerCount: 2500, paidFollowerCount: 0 },
    });
    expect(element?.followerCountsByStaffCountRange).toContainEqual({
      staffCountRange: 'SIZE_201_TO_500',
      followerCounts: { organicFollowerCount: 2000, paidFollowerCount: 0 },
    });
  });
});

describe('throttling and faults', () => {
  it('throttles per member and day with a bare 429 and no rate-limit headers', async () => {
    for (const text of ['two', 'three'])
      expect(
        (await rest(emulator, 'POST', '/rest/posts', { token, json: postBody({ commentary: text }) })).status,
      ).toBe(201);
    const limited = await rest(emulator, 'POST', '/rest/posts', { token, json: postBody({ commentary: 'four' }) });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      status: 429,
      message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.',
    });
    expect(limited.headers.get('retry-after')).toBeNull();
  });

  it('injects 429, 5xx, 401 and a lost answer', async () => {
    emulator.faults.inject({ kind: 'rate_limit', path: '/rest/posts' });
    expect((await rest(emulator, 'POST', '/rest/posts', { token, json: postBody({ commentary: 'x' }) })).status).toBe(
      429,
    );
    emulator.faults.inject({ kind: 'server_error', status: 503 });
    expect((await rest(emulator, 'POST', '/rest/posts', { token, json: postBody({ commentary: 'x' }) })).body).toEqual({
      status: 503,
      message: 'Service Unavailable',
    });
    emulator.faults.inject({ kind: 'unauthorized' });
    expect((await rest(emulator, 'GET', '/rest/organizationAcls?q=roleAssignee', { token })).body).toMatchObject({
      code: 'EXPIRED_ACCESS_TOKEN',
    });
    emulator.faults.inject({ kind: 'timeout', path: '/rest/posts', afterProcessing: true });
    const before = emulator.state.posts.size;
    const outcome = await fetch(`${emulator.baseUrl}/rest/posts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'linkedin-version': emulator.latestVersion(),
        'x-restli-protocol-version': '2.0.0',
        'content-type': 'application/json',
      },
      body: JSON.stringify(postBody({ commentary: 'lost answer' })),
      signal: AbortSignal.timeout(300),
    }).then(
      async (r) => `${r.status} ${await r.text()}`,
      (e) => String(e),
    );
    console.log(
      outcome,
      emulator.faults.view(),
      JSON.stringify(
        (await rest(emulator, 'POST', '/rest/posts', { token, json: postBody({ commentary: 'lost answer' }) })).body,
      ),
    );
    expect(emulator.state.posts.size).toBe(before + 1);
  });

  it('drops a permission: the next post is ACCESS_DENIED', async () => {
    const member = emulator.state.findMemberByUsername('ada.lovelace');
    emulator.state.dropPermission(member?.id ?? '', 'w_organization_social');
    const denied = await rest(emulator, 'POST', '/rest/posts', { token, json: postBody({ commentary: 'nope' }) });
    expect(denied.body).toMatchObject({ status: 403, code: 'ACCESS_DENIED' });
  });
});
