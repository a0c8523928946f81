import { mkdtemp, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBluesky, localPostPermalink, localProfileUrl, startLocalBluesky } from './local-network.js';

let parentDir: string;
let network: LocalBluesky;

beforeAll(async () => {
  parentDir = await mkdtemp(path.join(os.tmpdir(), 'crier-local-network-test-'));
  network = await startLocalBluesky({ tmpDir: path.join(parentDir, 'not-yet-made'), startTimeoutMs: 45_000 });
}, 60_000);

afterAll(async () => {
  await network?.close();
  await rm(parentDir, { recursive: true, force: true });
});

describe('startLocalBluesky', () => {
  it('offers a demo account that logs in with its app password', async () => {
    const agent = new AtpAgent({ service: network.pdsUrl });
    const { data } = await agent.login({
      identifier: network.demoAccount.handle,
      password: network.demoAccount.password,
    });
    expect(data).toMatchObject({ handle: 'crier-demo.test', did: network.demoAccount.did });
    expect(network.demoAccount.password).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
  });

  it('creates more accounts, under .test when no domain is given', async () => {
    const carol = await network.createAccount('carol', { displayName: 'Carol' });
    expect(carol.handle).toBe('carol.test');
    const agent = new AtpAgent({ service: network.pdsUrl });
    const profile = await agent.com.atproto.repo.getRecord({
      repo: carol.did,
      collection: 'app.bsky.actor.profile',
      rkey: 'self',
    });
    expect(profile.data.value).toMatchObject({ displayName: 'Carol' });
  });

  it('keeps its data in its own folder under tmpDir', async () => {
    const runs = await readdir(path.join(parentDir, 'not-yet-made'));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^crier-bluesky-/);
  });

  it('listens on loopback only', async () => {
    const outside = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && !address.internal && address.family === 'IPv4');
    const port = Number(new URL(network.pdsUrl).port);
    expect(await canConnect('127.0.0.1', port)).toBe(true);
    if (outside) expect(await canConnect(outside.address, port)).toBe(false);
  });

  it('links a post to its record on the PDS', () => {
    expect(localPostPermalink({ service: 'http://localhost:2583', did: 'did:plc:abc', rkey: '3k2a' })).toBe(
      'http://localhost:2583/xrpc/com.atproto.repo.getRecord?repo=did%3Aplc%3Aabc&collection=app.bsky.feed.post&rkey=3k2a',
    );
  });

  it('links an account to its repo description, which answers', async () => {
    const url = localProfileUrl({ service: network.pdsUrl, did: network.demoAccount.did });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ handle: 'crier-demo.test', did: network.demoAccount.did });
  });

  it('cleans up after a start that fails, and says why', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    const failedDir = path.join(parentDir, 'failed');
    try {
      await expect(startLocalBluesky({ tmpDir: failedDir, pdsPort: taken })).rejects.toThrow(/EADDRINUSE/);
      expect(await readdir(failedDir)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('removes its folder on close', async () => {
    const second = await startLocalBluesky({ tmpDir: path.join(parentDir, 'second') });
    expect(await readdir(path.join(parentDir, 'second'))).toHaveLength(1);
    await second.close();
    expect(await readdir(path.join(parentDir, 'second'))).toEqual([]);
    expect(await canConnect('127.0.0.1', Number(new URL(second.pdsUrl).port))).toBe(false);
  });
});

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
