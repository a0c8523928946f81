import { api, wsPath } from './client';
import type { CreatePostBody, DraftBody, Post, Publication, VariantCheck } from './types';

/**
 * Variants as the API now takes them: per network, its own text and optionally an audience. A
 * network with one or more audience variants gets one publication per audience per account and no
 * untargeted one.
 */
export interface DraftVariant {
  network: string;
  /** Null or absent: the main text. */
  text?: string | null;
  segmentId?: string | null;
}

export type TargetedDraft = Omit<DraftBody, 'variants'> & { variants: DraftVariant[] };
export type TargetedCreateBody = Omit<CreatePostBody, 'variants'> & { variants: DraftVariant[] };

/** One planned variant's report: a network, and the audience when the variant has one. */
export interface TargetedCheck extends VariantCheck {
  segmentId?: string;
  segmentName?: string;
}

/** How a check (or a variant) is found: its network and its audience, if any. */
export function variantKey(network: string, segmentId?: string | null): string {
  return segmentId ? `${network}\u0000${segmentId}` : network;
}

export function validateTargetedDraft(workspaceId: string, draft: TargetedDraft, signal?: AbortSignal) {
  return api<{ variants: TargetedCheck[] }>('POST', wsPath(workspaceId, '/posts/validate'), draft, signal);
}

export function createTargetedPost(workspaceId: string, body: TargetedCreateBody) {
  return api<Post>('POST', wsPath(workspaceId, '/posts'), body);
}

/** A stored variant of a post, as `GET /posts` returns it. */
export interface PostVariant {
  id: string;
  network: string;
  text: string | null;
  segmentId: string | null;
}

/** The post's variants, which the shared `Post` type does not list yet. */
export function variantsOf(post: Post): PostVariant[] {
  const variants = (post as Post & { variants?: unknown }).variants;
  return Array.isArray(variants) ? (variants as PostVariant[]) : [];
}

/**
 * The variant a publication carries out. The API's publication JSON does not name its variant (yet:
 * `variantId` is read when present); without it, a publication maps to a variant only when its
 * network has exactly one variant in the post — with several audiences on one network it cannot be told.
 */
export function variantOf(post: Post, publication: Publication): PostVariant | undefined {
  const variants = variantsOf(post);
  const variantId = (publication as Publication & { variantId?: unknown }).variantId;
  if (typeof variantId === 'string') return variants.find((variant) => variant.id === variantId);
  const ofNetwork = variants.filter((variant) => variant.network === publication.network);
  return ofNetwork.length === 1 ? ofNetwork[0] : undefined;
}
