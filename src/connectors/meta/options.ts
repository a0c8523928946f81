import type { Environment } from '../../core/networks.js';
import type { GraphTransport } from './graph-client.js';
import type { ProcessingWait } from './processing.js';

/** What the Facebook and Instagram connectors need to reach Meta (or the sandbox emulator). */
export interface MetaConnectorOptions {
  environment: Environment;
  appId: string;
  appSecret: string;
  /** `https://graph.facebook.com/v25.0` live; the emulator's versioned base in the sandbox. */
  graphUrl: string;
  /** `https://www.facebook.com/v25.0/dialog/oauth` live. */
  dialogUrl: string;
  /** `https://rupload.facebook.com` live. */
  ruploadUrl: string;
  /** Where people see Pages and posts: `https://www.facebook.com` (or instagram.com) live. */
  webUrl: string;
  fetch?: typeof fetch;
  /** Time limit of one API call; 30 s by default. */
  timeoutMs?: number;
  /** Time limit of one upload of video bytes; 10 minutes by default. */
  uploadTimeoutMs?: number;
  /** How long to wait for Meta to process media before giving up on this attempt. */
  processingWait?: ProcessingWait;
  now?: () => number;
}

export function transportOf(options: MetaConnectorOptions, networkName: string): GraphTransport {
  const graphUrl = options.graphUrl.replace(/\/$/, '');
  return {
    graphUrl,
    ruploadUrl: options.ruploadUrl.replace(/\/$/, ''),
    version: graphUrl.slice(graphUrl.lastIndexOf('/') + 1),
    appId: options.appId,
    appSecret: options.appSecret,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    uploadTimeoutMs: options.uploadTimeoutMs ?? 10 * 60_000,
    now: options.now ?? Date.now,
    networkName,
  };
}
