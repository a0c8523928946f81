/** Shapes of the Crier API as the web app reads them. */

export type Environment = 'live' | 'sandbox';

export interface User {
  id: string;
  name: string;
  email: string;
}

export interface Workspace {
  id: string;
  name: string;
  timeZone: string;
  role: string;
}

export interface Session {
  user: User;
  workspaces: Workspace[];
}

export interface SetupStatus {
  needsSetup: boolean;
}

export interface SetupInput {
  name: string;
  email: string;
  password: string;
  workspaceName: string;
  timeZone: string;
}

export interface Account {
  id: string;
  network: string;
  environment: Environment;
  handle: string;
  displayName?: string | null;
  avatarUrl?: string | null;
  state: string;
}

export type ConnectMethod =
  | { kind: 'oauth2'; needsServer?: { label: string; example: string } }
  | {
      kind: 'password';
      defaultService: string;
      secretLabel: string;
      hint?: { identifier: string; password: string };
    }
  /** No sign-in: the person types the profile they post from by hand. */
  | { kind: 'manual'; label: string; example: string };

export interface NetworkOption {
  network: string;
  environment: Environment;
  displayName: string;
  /** `manual`: Crier cannot post there; it prepares each post for a person to make by hand. */
  publishing: 'api' | 'manual';
  /** For networks posted by hand: why, in the server's words. */
  reason?: string;
  connect: ConnectMethod;
}

export interface Media {
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
  width?: number | null;
  height?: number | null;
  altText: string;
  url: string;
}

export interface Problem {
  code: string;
  message: string;
  field: string;
  limit?: number;
  actual?: number;
}

export interface TextMeasure {
  length: number;
  limit: number;
  bytes?: number;
  maxBytes?: number;
}

export interface VariantCheck {
  network: string;
  displayName: string;
  measure: TextMeasure;
  problems: Problem[];
}

export interface ValidationResult {
  variants: VariantCheck[];
}

export interface DraftBody {
  text: string;
  mediaIds: string[];
  accountIds: string[];
  variants: { network: string; text: string }[];
}

export interface CreatePostBody extends DraftBody {
  scheduledAt: string | null;
  timeZone: string;
  /** Campaign id or slug. */
  campaignId?: string | null;
  /** False keeps URLs as written instead of tracked short links. */
  trackLinks?: boolean;
}

export type PublicationState =
  | 'draft'
  | 'scheduled'
  | 'publishing'
  | 'published'
  | 'failed'
  | 'cancelled'
  | 'unknown'
  | 'awaiting_manual';

export interface Failure {
  errorClass: string;
  message: string;
  networkMessage?: string | null;
}

export interface Publication {
  id: string;
  accountId: string;
  network: string;
  environment: Environment;
  accountHandle: string;
  state: PublicationState;
  dueAt: string | null;
  startedAt?: string | null;
  publishedAt?: string | null;
  remoteId?: string | null;
  permalink?: string | null;
  late: boolean;
  failure?: Failure | null;
  attempts: number;
}

export interface Post {
  id: string;
  text: string;
  createdAt: string;
  scheduledAt: string | null;
  timeZone: string;
  publications: Publication[];
}

/** What to post by hand on a network Crier cannot post to, for one publication. */
export interface ManualBundle {
  reason: string;
  network: string;
  displayName: string;
  accountHandle: string;
  text: string;
  steps: string[];
  postUrl: string;
  files: { fileName: string; mimeType: string; size: number; url: string }[];
}
