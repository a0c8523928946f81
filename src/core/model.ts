import type { Environment, Network } from './networks.js';
import type { ErrorClass, PublicationState } from './publication.js';

/** Crier's entities as services and the API see them; storage maps its rows to these. */

export type Role = 'owner' | 'admin' | 'editor' | 'contributor' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Workspace {
  id: string;
  name: string;
  timeZone: string;
}

export interface Membership {
  workspace: Workspace;
  role: Role;
}

export type AccountState = 'connected' | 'reconnect_needed' | 'disabled';

export interface Account {
  id: string;
  workspaceId: string;
  network: Network;
  environment: Environment;
  remoteId: string;
  handle: string;
  displayName: string;
  profileUrl: string;
  avatarUrl: string | null;
  state: AccountState;
  timeZone: string | null;
  credentialsExpireAt: number | null;
  createdAt: number;
}

export interface Media {
  id: string;
  workspaceId: string;
  fileName: string;
  mimeType: string;
  size: number;
  width: number | null;
  height: number | null;
  altText: string;
  storageKey: string;
  createdAt: number;
}

export interface Variant {
  id: string;
  postId: string;
  network: Network;
  segmentId: string | null;
  /** Null: inherits the post's main text. */
  text: string | null;
  /** Null: inherits the post's media. */
  mediaIds: string[] | null;
  /** Where the network has one (YouTube, Pinterest). */
  title: string | null;
  /** The link a network takes apart from the text (Pinterest, LinkedIn). */
  link: string | null;
  /** Network options its connector checks: a Pinterest board, a YouTube privacy, a content warning. */
  options: Record<string, unknown> | null;
}

export interface Post {
  id: string;
  workspaceId: string;
  campaignId: string | null;
  text: string;
  mediaIds: string[];
  scheduledAt: number | null;
  timeZone: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface PublicationFailure {
  errorClass: ErrorClass;
  message: string;
  networkMessage: string | null;
}

export interface Publication {
  id: string;
  workspaceId: string;
  postId: string;
  variantId: string;
  accountId: string;
  state: PublicationState;
  dueAt: number;
  nextAttemptAt: number;
  attemptCount: number;
  startedAt: number | null;
  publishedAt: number | null;
  late: boolean;
  remoteId: string | null;
  permalink: string | null;
  failure: PublicationFailure | null;
  createdAt: number;
  updatedAt: number;
}

/** `manual`: nothing was sent; the publication was handed to people to post by hand. */
export type AttemptOutcome = 'published' | 'failed' | 'retry' | 'unknown' | 'manual';

export interface Attempt {
  id: string;
  publicationId: string;
  number: number;
  workerId: string;
  startedAt: number;
  endedAt: number | null;
  outcome: AttemptOutcome | null;
  errorClass: ErrorClass | null;
  errorMessage: string | null;
  networkResponse: string | null;
}

/** The resolved content of a variant: what will actually be sent. */
export function resolveVariant(post: Pick<Post, 'text' | 'mediaIds'>, variant: Pick<Variant, 'text' | 'mediaIds'>) {
  return { text: variant.text ?? post.text, mediaIds: variant.mediaIds ?? post.mediaIds };
}
