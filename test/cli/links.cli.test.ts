import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestCrier } from '../support/test-crier.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

/** Campaigns, links and reports from the command line, on the data a server left behind. */
describe('crier campaigns, links and report', () => {
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const crier = await startTestCrier({ connectors: [], scheduler: false });
    await crier.services.auth.setupOwner({
      name: 'Owner',
      email: 'owner@example.test',
      password: 'a long enough password',
      workspaceName: 'Cars',
      timeZone: 'Europe/Berlin',
    });
    await crier.close();
    env = { ...process.env, CRIER_DATA_DIR: crier.dataDir, CRIER_SANDBOX: 'false', LOG_LEVEL: 'silent' };
  });

  const crier = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env });
    return stdout;
  };

  it('creates a campaign and a tracked link in it, then reports on the campaign', async () => {
    expect(await crier('campaigns', 'create', 'Model E launch')).toContain('model-e-launch');
    const link = JSON.parse(
      await crier(
        'links',
        'create',
        'https://cars.example/test-drive',
        '--campaign',
        'model-e-launch',
        '--code',
        'drive',
        '--json',
      ),
    );
    expect(link).toMatchObject({
      code: 'drive',
      targetUrl: 'https://cars.example/test-drive?utm_campaign=model-e-launch',
      enabled: true,
    });
    const report = JSON.parse(await crier('report', '--campaign', 'model-e-launch', '--by', 'link', '--json'));
    expect(report.totals).toMatchObject({ clicks: 0, conversions: 0 });
    expect(report.series.length).toBeGreaterThanOrEqual(30);
  });
});
