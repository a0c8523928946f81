import pino from 'pino';
import type { Config } from '../config/config.js';
import { configFromEnvironment } from '../config/environment.js';
import { buildConnectors, buildManualNetworks, type SandboxEndpoints } from '../connectors/catalog.js';
import { invalidInput } from '../core/errors.js';
import { type Crier, createCrier } from '../crier.js';

/**
 * Where the sandbox emulators answer when `crier serve` runs them, derived from configuration so
 * other commands (and other processes) agree on it.
 */
export function sandboxEndpointsFor(config: Config): SandboxEndpoints | undefined {
  if (!config.sandbox.enabled) return undefined;
  const xBase = `http://localhost:${config.sandbox.port}`;
  return {
    x: { apiBaseUrl: xBase, authorizeUrl: `${xBase}/i/oauth2/authorize`, webUrl: xBase, clientId: SANDBOX_X_CLIENT_ID },
    bluesky: config.sandbox.bluesky ? { pdsUrl: `http://localhost:${config.sandbox.blueskyPort}` } : undefined,
    meta: sandboxMetaEndpoints(`http://localhost:${config.sandbox.metaPort}`),
  };
}

/** Crier's app as registered with the Graph emulator; the emulator takes ids and secrets as given. */
export const SANDBOX_META_APP = { appId: '100000000000001', appSecret: 'crier-sandbox-app-secret' };

/** The Graph emulator's addresses under its base URL; v25.0 is the version of Meta's specs it serves. */
export function sandboxMetaEndpoints(base: string) {
  const graph = `${base}/v25.0`;
  return { graphUrl: graph, dialogUrl: `${graph}/dialog/oauth`, ruploadUrl: base, webUrl: base, ...SANDBOX_META_APP };
}

export const SANDBOX_X_CLIENT_ID = 'crier-sandbox';

/**
 * A Crier for one command on this machine's data: no HTTP server and no scheduler (the `serve`
 * process publishes). Access to the data folder is the authority here, as for any local admin tool.
 */
export async function openLocalCrier(): Promise<Crier> {
  const config = configFromEnvironment();
  return createCrier({
    config: { ...config, scheduler: { ...config.scheduler, enabled: false } },
    connectors: buildConnectors(config, sandboxEndpointsFor(config)),
    manualNetworks: buildManualNetworks(config),
    logger: pino({ level: 'warn' }, pino.destination(2)),
  });
}

export async function resolveWorkspace(crier: Crier, requested: string | undefined) {
  const workspaceId = requested ?? (await crier.store.users.firstWorkspaceId());
  if (!workspaceId)
    throw invalidInput('Crier has no workspace yet: open the web UI (crier serve) and create the owner first');
  const owner = await crier.store.users.ownerOf(workspaceId);
  if (!owner) throw invalidInput(`Workspace ${workspaceId} was not found`);
  return { workspaceId, ownerId: owner };
}
