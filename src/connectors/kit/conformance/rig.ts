import type { Network } from '../../../core/networks.js';
import type { AccountSession, Connector, PublishRequest } from '../connector.js';

/** The kinds of content a network may accept; a rig offers a sample of each kind its network supports. */
export const CONTENT_TYPES = ['text', 'link', 'image', 'images', 'video'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** Failures every emulator can inject, in Crier's words. */
export const FAULTS = [
  'rate_limit',
  'server_error',
  'timeout',
  'expired_token',
  'revoked_token',
  'permission_missing',
] as const;
export type Fault = (typeof FAULTS)[number];

/** What a published post looks like when read back from the emulator's own records. */
export interface StoredPost {
  text: string;
  mediaCount: number;
}

/**
 * A connector wired to its network's emulator, with the levers the shared conformance suite needs.
 * Each network provides one (`test/conformance/<network>.conformance.test.ts`); the suite itself
 * never asks which network it holds.
 */
export interface ConformanceRig {
  connector: Connector;
  /** Connects an account the way a person would (consent page or password), returning its session. */
  connect(): Promise<AccountSession>;
  /** A request per content type the target declares; every one is published and read back. */
  samples: Partial<Record<ContentType, () => Promise<PublishRequest> | PublishRequest>>;
  /** Published by the fault tests; any simple content. */
  simple(): Promise<PublishRequest> | PublishRequest;
  /** Content the network must refuse before anything is sent (over its limits). */
  overLimit: PublishRequest;
  /** The post as the emulator stored it, by the id the connector returned. */
  readBack(remoteId: string): Promise<StoredPost | undefined>;
  /** Someone in the audience comments on a post (for networks whose connector lists comments). */
  addComment?(postRemoteId: string, text: string): Promise<void>;
  /** Arms a fault for the next publish. */
  inject(fault: Fault): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

export interface ConformanceTarget {
  network: Network;
  /** What the network publishes through Crier; a sample for each must be in the rig. */
  contentTypes: ContentType[];
  /** Whether the connector lists and answers comments, and reads metrics. */
  comments: boolean;
  metrics: boolean;
  /**
   * False for networks whose tokens never expire (Mastodon): instead of refreshing an expired token,
   * the suite checks that `refresh` keeps the credentials and publishing goes on. Default true.
   */
  credentialsExpire?: boolean;
  /** True when the network honours an idempotency key: a repeated publication makes one post. */
  idempotent?: boolean;
  setup(): Promise<ConformanceRig>;
}
