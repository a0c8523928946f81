import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { startTestCrier } from '../support/test-crier.js';
import { connectXAccount, type RunningXEmulator, sandboxXConnector, startTestXEmulator } from '../support/x-sandbox.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

/** The CLI works on the same data as the server; these run the real `crier` entry point. */
describe('crier CLI', () => {
  let dataDir: string;
  let x: RunningXEmulator;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const port = await freePort();
    x = await startTestXEmulator(`http://localhost:${port}`);
    const crier = await startTestCrier({ connectors: [sandboxXConnector(x.baseUrl)], port, scheduler: false });
    dataDir = crier.dataDir;
    const grant = await crier.services.auth.setupOwner({
      name: 'Owner',
      email: 'owner@example.test',
      password: 'a long enough password',
      workspaceName: 'Cars',
      timeZone: 'Europe/Berlin',
    });
    const [membership] = await crier.services.auth.memberships(grant.user.id);
    await connectXAccount({
      accounts: crier.services.accounts,
      workspaceId: membership?.workspace.id ?? '',
      userId: grant.user.id,
      username: 'car_maker',
    });
    await crier.close();
    env = {
      ...process.env,
      CRIER_DATA_DIR: dataDir,
      PORT: String(port),
      CRIER_SANDBOX_BLUESKY: 'false',
      LOG_LEVEL: 'silent',
    };
  });

  afterAll(async () => {
    await x?.close();
  });

  const crier = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env }).catch(
      (error: { code: number; stdout: string; stderr: string }) => ({ ...error, failed: true }),
    );

  it('lists accounts as JSON', async () => {
    const { stdout } = await crier('accounts', '--json');
    expect(JSON.parse(stdout).accounts).toEqual([
      expect.objectContaining({ network: 'x', environment: 'sandbox', handle: 'car_maker' }),
    ]);
  });

  it('schedules a post in a time zone and lists it', async () => {
    const posted = await crier(
      'post',
      '-t',
      'Test drives open Saturday',
      '-a',
      'car_maker',
      '--at',
      '2030-03-31T02:30',
      '--tz',
      'Europe/Berlin',
      '--json',
    );
    const post = JSON.parse(posted.stdout);
    // 02:30 does not exist in Berlin on 2030-03-31: it moves forward past the gap, to 03:30 CEST
    expect(post.scheduledAt).toBe('2030-03-31T01:30:00.000Z');
    expect(post.publications).toEqual([expect.objectContaining({ state: 'scheduled', accountHandle: 'car_maker' })]);

    const listed = await crier('posts', '--to', '2030-12-31T00:00:00Z', '--json');
    expect(JSON.parse(listed.stdout).posts.map((p: { id: string }) => p.id)).toContain(post.id);
    const human = await crier('posts', '--to', '2030-12-31T00:00:00Z');
    expect(human.stdout).toContain('Test drives open Saturday');
    expect(human.stdout).toContain('scheduled');
  });

  it('refuses bad input with a clear message and a non-zero exit', async () => {
    const tooLong = await crier('post', '-t', 'x'.repeat(300), '-a', 'car_maker');
    expect(tooLong).toMatchObject({ failed: true, code: 65 });
    expect(tooLong.stderr).toContain('X allows 280 characters; this text counts 300');

    const unknown = await crier('post', '-t', 'hello', '-a', 'nobody');
    expect(unknown.stderr).toContain('Unknown account nobody');

    const past = await crier('post', '-t', 'hello', '-a', 'car_maker', '--at', '2001-01-01T00:00:00Z');
    expect(past.stderr).toContain('is in the past');
  });
});
