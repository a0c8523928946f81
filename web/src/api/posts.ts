import { useQuery } from '@tanstack/react-query';
import { api, wsPath } from './client';
import { listOf } from './lists';
import type { CreatePostBody, DraftBody, ManualBundle, Post, ValidationResult } from './types';

const ACTIVE_STATES = new Set(['scheduled', 'publishing']);

export const postsKey = (workspaceId: string) => ['posts', workspaceId] as const;

/** Posts due in [from, to); refreshed every 3 s while anything is still on its way out. */
export function usePosts(workspaceId: string, from: string, to: string) {
  return useQuery({
    queryKey: [...postsKey(workspaceId), from, to],
    queryFn: async () => {
      const query = new URLSearchParams({ from, to });
      return listOf<Post>(await api('GET', wsPath(workspaceId, `/posts?${query}`)), 'posts');
    },
    refetchInterval: (query) => {
      const posts = query.state.data ?? [];
      const active = posts.some((post) => post.publications.some((p) => ACTIVE_STATES.has(p.state)));
      return active ? 3000 : false;
    },
  });
}

export function validateDraft(workspaceId: string, draft: DraftBody, signal?: AbortSignal) {
  return api<ValidationResult>('POST', wsPath(workspaceId, '/posts/validate'), draft, signal);
}

export function createPost(workspaceId: string, body: CreatePostBody) {
  return api<Post>('POST', wsPath(workspaceId, '/posts'), body);
}

export function cancelPublication(workspaceId: string, publicationId: string) {
  return api<unknown>('POST', wsPath(workspaceId, `/publications/${encodeURIComponent(publicationId)}/cancel`));
}

export function retryPublication(workspaceId: string, publicationId: string) {
  return api<unknown>('POST', wsPath(workspaceId, `/publications/${encodeURIComponent(publicationId)}/retry`));
}

const publicationPath = (workspaceId: string, publicationId: string, rest: string) =>
  wsPath(workspaceId, `/publications/${encodeURIComponent(publicationId)}${rest}`);

export function fetchManualBundle(workspaceId: string, publicationId: string) {
  return api<ManualBundle>('GET', publicationPath(workspaceId, publicationId, '/manual'));
}

/** A person posted it by hand: published, with the link to the post when they have it. */
export function markPosted(workspaceId: string, publicationId: string, permalink: string) {
  return api<unknown>(
    'POST',
    publicationPath(workspaceId, publicationId, '/mark-posted'),
    permalink ? { permalink } : {},
  );
}
