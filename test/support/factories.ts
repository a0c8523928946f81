import { randomUUID } from 'node:crypto';
import type { Store } from '../../src/store/store.js';

/** Builds the rows a scheduling test needs, through the repositories (no SQL here). */
export async function seedWorkspace(store: Store, now: number) {
  const userId = randomUUID();
  const workspaceId = randomUUID();
  await store.users.createOwnerIfNone({
    user: { id: userId, email: `owner-${userId}@example.test`, name: 'Owner', passwordHash: 'x' },
    workspace: { id: workspaceId, name: 'Brand', timeZone: 'Europe/Paris' },
    now,
  });
  const account = await store.accounts.upsert({
    id: randomUUID(),
    workspaceId,
    network: 'x',
    environment: 'sandbox',
    remoteId: '42',
    handle: 'brand',
    displayName: 'Brand',
    profileUrl: 'http://localhost/brand',
    avatarUrl: null,
    sealedCredentials: 'sealed',
    credentialsExpireAt: null,
    now,
  });
  return { userId, workspaceId, account };
}

export async function seedPublications(
  store: Store,
  input: { workspaceId: string; userId: string; accountId: string; count: number; dueAt: number; now: number },
): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < input.count; index += 1) {
    const postId = randomUUID();
    const variantId = randomUUID();
    const publicationId = randomUUID();
    ids.push(publicationId);
    await store.posts.create(
      {
        id: postId,
        workspaceId: input.workspaceId,
        campaignId: null,
        text: `post ${index}`,
        mediaIds: [],
        scheduledAt: input.dueAt,
        timeZone: 'Europe/Paris',
        createdBy: input.userId,
        createdAt: input.now,
        updatedAt: input.now,
      },
      [
        {
          id: variantId,
          postId,
          network: 'x',
          segmentId: null,
          text: null,
          mediaIds: null,
          title: null,
          link: null,
          options: null,
        },
      ],
      [{ id: publicationId, variantId, accountId: input.accountId, state: 'scheduled', dueAt: input.dueAt }],
    );
  }
  return ids;
}
