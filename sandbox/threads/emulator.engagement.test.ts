import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningThreadsEmulator, startThreadsEmulator } from './harness.js';
import { connectThreadsUser, graph, TEST_CLIENT } from './testing.js';

let emulator: RunningThreadsEmulator;
let token: string;
let userId: string;
let postId: string;

beforeEach(async () => {
  emulator = await startThreadsEmulator({ clients: [TEST_CLIENT] });
  ({ longToken: token, userId } = await connectThreadsUser(emulator, 'crier.demo'));
  const container = await graph(
    emulator,
    'POST',
    `/v1.0/${userId}/threads`,
    { media_type: 'TEXT', text: 'Summer is here' },
    token,
  );
  postId = String(
    (
      await graph(
        emulator,
        'POST',
        `/v1.0/${userId}/threads_publish`,
        { creation_id: String(container.body.id) },
        token,
      )
    ).body.id,
  );
});
afterEach(async () => {
  await emulator.close();
});

describe('replies', () => {
  it('lists replies oldest first with reverse=false, page by page with cursors', async () => {
    for (const text of ['first', 'second', 'third']) emulator.addAudienceReply(postId, 'fan.one', text);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await graph(
        emulator,
        'GET',
        `/v1.0/${postId}/replies`,
        { fields: 'id,text,username,timestamp', reverse: 'false', limit: '2', ...(after ? { after } : {}) },
        token,
      );
      const { data, paging } = page.body as {
        data: Array<{ text: string }>;
        paging: { cursors: { after: string }; next?: string };
      };
      seen.push(...data.map((reply) => reply.text));
      after = paging.next ? paging.cursors.after : undefined;
      pages += 1;
    } while (after);
    expect(seen).toEqual(['first', 'second', 'third']);
    expect(pages).toBe(2);
  });

  it('publishes a reply with reply_to_id and shows the whole tree in the conversation', async () => {
    const question = emulator.addAudienceReply(postId, 'fan.one', 'Where can I buy it?');
    const container = await graph(
      emulator,
      'POST',
      `/v1.0/${userId}/threads`,
      { media_type: 'TEXT', text: 'In every store', reply_to_id: question.id },
      token,
    );
    const reply = await graph(
      emulator,
      'POST',
      `/v1.0/${userId}/threads_publish`,
      { creation_id: String(container.body.id) },
      token,
    );
    const direct = await graph(emulator, 'GET', `/v1.0/${postId}/replies`, { fields: 'id,text' }, token);
    expect((direct.body.data as unknown[]).length).toBe(1);
    const tree = await graph(
      emulator,
      'GET',
      `/v1.0/${postId}/conversation`,
      { fields: 'id,text,replied_to,root_post,is_reply_owned_by_me', reverse: 'false' },
      token,
    );
    expect(tree.body.data).toEqual([
      {
        id: question.id,
        text: 'Where can I buy it?',
        replied_to: { id: postId },
        root_post: { id: postId },
        is_reply_owned_by_me: false,
      },
      {
        id: reply.body.id,
        text: 'In every store',
        replied_to: { id: question.id },
        root_post: { id: postId },
        is_reply_owned_by_me: true,
      },
    ]);
    const quota = await graph(
      emulator,
      'GET',
      `/v1.0/me/threads_publishing_limit`,
      { fields: 'quota_usage,reply_quota_usage' },
      token,
    );
    expect(quota.body).toEqual({ data: [{ quota_usage: 1, reply_quota_usage: 1 }] });
  });

  it('hides a reply on one’s own post', async () => {
    const reply = emulator.addAudienceReply(postId, 'troll', 'meh');
    expect((await graph(emulator, 'POST', `/v1.0/${reply.id}/manage_reply`, { hide: 'true' }, token)).body).toEqual({
      success: true,
    });
    const read = await graph(emulator, 'GET', `/v1.0/${reply.id}`, { fields: 'hide_status' }, token);
    expect(read.body).toEqual({ hide_status: 'HIDDEN' });
  });
});

describe('insights', () => {
  it('reads a post’s metrics, counting direct replies only', async () => {
    Object.assign(emulator.state.media.get(postId)?.insights ?? {}, {
      views: 120,
      likes: 9,
      reposts: 2,
      quotes: 1,
      shares: 3,
    });
    const first = emulator.addAudienceReply(postId, 'fan.one', 'nice');
    emulator.addAudienceReply(first.id, 'fan.two', 'agreed');
    const answer = await graph(
      emulator,
      'GET',
      `/v1.0/${postId}/insights`,
      { metric: 'views,likes,replies,reposts,quotes,shares' },
      token,
    );
    const values = Object.fromEntries(
      (answer.body.data as Array<{ name: string; values: Array<{ value: number }> }>).map((metric) => [
        metric.name,
        metric.values[0]?.value,
      ]),
    );
    expect(values).toEqual({ views: 120, likes: 9, replies: 1, reposts: 2, quotes: 1, shares: 3 });
  });

  it('refuses a metric outside the collection’s list, Graph’s way', async () => {
    const answer = await graph(emulator, 'GET', `/v1.0/${postId}/insights`, { metric: 'views,saves' }, token);
    expect(answer.body.error?.message).toBe(
      '(#100) metric[1] must be one of the following values: views, likes, replies, reposts, quotes, shares',
    );
  });

  it('needs threads_manage_insights: a token without it gets Graph error 10', async () => {
    emulator.state.dropPermission(userId, 'threads_manage_insights');
    const answer = await graph(emulator, 'GET', `/v1.0/${postId}/insights`, { metric: 'views' }, token);
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: 10, type: 'OAuthException' });
  });
});
