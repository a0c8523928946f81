import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestPds, TestPlc } from '@atproto/dev-env';
import type { PDS } from '@atproto/pds';

/**
 * A real Bluesky network (PLC directory + PDS) running inside this process, for the sandbox and for
 * the Bluesky connector's tests. It is the reference PDS from @atproto/dev-env, not an imitation:
 * what works against it works against bsky.social, except the app.bsky.* reads an AppView serves.
 */

export interface LocalBlueskyOptions {
  /** Parent folder for this run's data; a fresh folder is made inside it and removed on close. Defaults to the OS temp folder. */
  tmpDir?: string;
  /** Fixed ports, when a stable URL matters; free ports are picked otherwise. */
  pdsPort?: number;
  plcPort?: number;
  /** Handle of the demo account offered to people trying Crier. */
  demoHandle?: string;
  /** Give up on a start that takes longer than this, cleaning up whatever did start. */
  startTimeoutMs?: number;
}

/** An account on the local network. `password` is an app password, as a real user would type into Crier. */
export interface LocalBlueskyAccount {
  handle: string;
  password: string;
  did: string;
}

export interface LocalBluesky {
  pdsUrl: string;
  plcUrl: string;
  demoAccount: LocalBlueskyAccount;
  createAccount(handle: string, options?: { displayName?: string }): Promise<LocalBlueskyAccount>;
  close(): Promise<void>;
}

export const DEFAULT_DEMO_HANDLE = 'crier-demo.test';
const DEFAULT_START_TIMEOUT_MS = 60_000;
// The dev PDS only accepts handles under these domains (see TestPds in @atproto/dev-env).
const LOCAL_HANDLE_DOMAIN = '.test';

/**
 * Where a post on the local network can be seen: the PDS's own record URL, since there is no web app
 * in front of it. Pass it as the sandbox connector's `permalink`.
 */
export function localPostPermalink(input: { service: string; did: string; rkey: string }): string {
  const url = new URL('/xrpc/com.atproto.repo.getRecord', input.service);
  url.searchParams.set('repo', input.did);
  url.searchParams.set('collection', 'app.bsky.feed.post');
  url.searchParams.set('rkey', input.rkey);
  return url.toString();
}

/** Where an account on the local network can be seen: its repo description on the PDS. Pass it as `profileUrl`. */
export function localProfileUrl(input: { service: string; did: string }): string {
  const url = new URL('/xrpc/com.atproto.repo.describeRepo', input.service);
  url.searchParams.set('repo', input.did);
  return url.toString();
}

export async function startLocalBluesky(options: LocalBlueskyOptions = {}): Promise<LocalBluesky> {
  const parentDir = options.tmpDir ?? os.tmpdir();
  await mkdir(parentDir, { recursive: true });
  const runDir = await mkdtemp(path.join(parentDir, 'crier-bluesky-'));
  const servers: StartedServers = { startedPds: [] };
  const closeServers = async () => {
    const { startedPds, plc } = servers;
    servers.startedPds = [];
    servers.pds = undefined;
    servers.plc = undefined;
    // The PDS resolves identities through the PLC, so it goes first.
    for (const pds of startedPds) await destroyPds(pds);
    if (plc) await plc.close();
  };
  /** Closes whatever a failed start left running and removes its data, keeping the first error. */
  const abandon = async (error: unknown): Promise<never> => {
    try {
      await closeServers();
    } catch (closeError) {
      throw new AggregateError([error, closeError], 'the local Bluesky network failed to start, then to stop');
    } finally {
      await rm(runDir, { recursive: true, force: true });
    }
    throw error;
  };

  const starting = startServers(runDir, options, servers);
  try {
    await withTimeout(
      starting,
      options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      'the local Bluesky network did not start in time',
    );
  } catch (error) {
    await abandon(error).finally(() => {
      // A start that timed out may still finish later: what it opens then is closed then.
      starting.then(closeServers, closeServers).catch((lateError: unknown) => {
        process.emitWarning(`a late-starting local Bluesky network could not be closed: ${String(lateError)}`);
      });
    });
  }

  const { plc, pds } = servers;
  if (!plc || !pds) return abandon(new Error('the local Bluesky network reported a start without its servers'));
  const createAccount = (handle: string, accountOptions: { displayName?: string } = {}) =>
    createLocalAccount(pds.url, handle, accountOptions.displayName);

  let demoAccount: LocalBlueskyAccount;
  try {
    demoAccount = await createAccount(options.demoHandle ?? DEFAULT_DEMO_HANDLE, { displayName: 'Crier Demo' });
  } catch (error) {
    return abandon(error);
  }

  let closing: Promise<void> | undefined;
  return {
    pdsUrl: pds.url,
    plcUrl: plc.url,
    demoAccount,
    createAccount,
    close() {
      closing ??= closeServers().finally(() => rm(runDir, { recursive: true, force: true }));
      return closing;
    },
  };
}

interface StartedServers {
  plc?: TestPlc;
  pds?: TestPds;
  /** Each PDS whose start() was called, kept apart because TestPds.create loses it when start fails. */
  startedPds: PDS[];
}

async function startServers(runDir: string, options: LocalBlueskyOptions, servers: StartedServers): Promise<void> {
  // Imported here so nothing outside the sandbox loads the PDS (a devDependency of ~360 MB).
  const devEnv = await import('@atproto/dev-env');
  const dataDirectory = path.join(runDir, 'pds');
  const blobstoreDiskLocation = path.join(runDir, 'blobs');
  await mkdir(dataDirectory, { recursive: true });

  await onLoopbackOnly(async () => {
    await keepingStartedPds(servers.startedPds, async () => {
      await withTemporaryTmpdir(runDir, async () => {
        // dev-env spreads these objects over its defaults: an `undefined` port would erase the chosen one.
        servers.plc = await devEnv.TestPlc.create(options.plcPort ? { port: options.plcPort } : {});
        servers.pds = await devEnv.TestPds.create({
          didPlcUrl: servers.plc.url,
          ...(options.pdsPort ? { port: options.pdsPort } : {}),
          dataDirectory,
          blobstoreDiskLocation,
          // dev-env ships fixed secrets ("admin-pass"); this network gets its own.
          adminPassword: randomSecret(),
          jwtSecret: randomSecret(),
        });
      });
    });
  });
  if (!servers.pds) throw new Error('the local PDS did not start');
  // Resolves `.test` handles and the PDS's DID documents locally, as TestNetworkNoAppView.create does.
  devEnv.mockNetworkUtilities(servers.pds);
}

async function createLocalAccount(pdsUrl: string, handle: string, displayName?: string): Promise<LocalBlueskyAccount> {
  const { AtpAgent } = await import('@atproto/api');
  const fullHandle = handle.includes('.') ? handle : `${handle}${LOCAL_HANDLE_DOMAIN}`;
  const agent = new AtpAgent({ service: pdsUrl });
  const created = await agent.createAccount({
    handle: fullHandle,
    email: `${fullHandle.replace(/\./g, '-')}@crier.invalid`,
    password: randomSecret(),
  });
  const did = created.data.did;
  if (displayName) {
    await agent.com.atproto.repo.putRecord({
      repo: did,
      collection: 'app.bsky.actor.profile',
      rkey: 'self',
      record: { $type: 'app.bsky.actor.profile', displayName },
    });
  }
  // People connect Crier with an app password, never the account password: so does the sandbox.
  const appPassword = await agent.com.atproto.server.createAppPassword({ name: 'Crier sandbox' });
  return { handle: created.data.handle, password: appPassword.data.password, did };
}

/**
 * The PDS and PLC call `listen(port)` with no host, which binds every interface. A dev PDS has
 * well-known defaults and open sign-up, so for the length of the start, a listen without a host is
 * bound to the loopback interface instead. Calls that name a host are left alone.
 */
async function onLoopbackOnly<T>(start: () => Promise<T>): Promise<T> {
  const originalListen = net.Server.prototype.listen;
  const loopbackListen = function (this: net.Server, ...args: unknown[]) {
    const [first, second] = args;
    const portOnly = typeof first === 'number' && (args.length === 1 || typeof second === 'function');
    if (portOnly) return Reflect.apply(originalListen, this, [first, '127.0.0.1', ...args.slice(1)]);
    return Reflect.apply(originalListen, this, args);
  };
  net.Server.prototype.listen = loopbackListen as typeof originalListen;
  try {
    return await start();
  } finally {
    net.Server.prototype.listen = originalListen;
  }
}

/**
 * Stops a PDS, including one whose listen failed: its database poller would keep the process alive,
 * and destroy() stops half-way for it, at closing an HTTP server that never ran.
 */
async function destroyPds(pds: PDS): Promise<void> {
  if (pds.server?.listening) return pds.destroy();
  await pds.ctx.sequencer.destroy();
  await pds.ctx.backgroundQueue.destroy();
  await pds.ctx.accountManager.close();
  await pds.ctx.proxyAgent.destroy();
}

/** Notes every PDS whose start() is called while `work` runs (the PDS class comes with dev-env). */
async function keepingStartedPds<T>(startedPds: PDS[], work: () => Promise<T>): Promise<T> {
  const { PDS: PdsClass } = await import('@atproto/pds');
  const originalStart = PdsClass.prototype.start;
  PdsClass.prototype.start = function (this: PDS) {
    startedPds.push(this);
    return originalStart.call(this);
  };
  try {
    return await work();
  } finally {
    PdsClass.prototype.start = originalStart;
  }
}

/**
 * TestPds creates a placeholder folder under os.tmpdir() before reading our data folders; pointing the
 * temp folder at this run's folder while it starts keeps even that inside the run.
 */
async function withTemporaryTmpdir<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await work();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
}

function randomSecret(): string {
  return randomBytes(18).toString('base64url');
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (${timeoutMs} ms)`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
