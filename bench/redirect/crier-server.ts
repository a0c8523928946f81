/**
 * Child process of the redirect benchmark: Crier on a fresh SQLite database holding LINK_COUNT links,
 * listening on 127.0.0.1. Prints `{"port":…,"codesFile":…}` when ready; on SIGTERM closes Crier
 * gracefully (which writes every buffered click), counts the click table and prints the counts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { generateCode } from '../../src/core/links/codes.js';
import type { Link } from '../../src/core/links/model.js';
import { createCrier } from '../../src/crier.js';
import { insertLinkRows } from '../../src/store/repositories/links.repository.js';

const LINK_COUNT = Number(process.env.BENCH_LINKS ?? 100_000);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crier-bench-'));
const config = loadConfig({
  HOST: '127.0.0.1',
  PORT: '0',
  CRIER_DATA_DIR: dataDir,
  CRIER_SANDBOX: 'false',
  CRIER_SCHEDULER: 'false',
  LOG_LEVEL: 'warn',
});
const crier = await createCrier({ config, connectors: [] });

const now = Date.now();
const workspaceId = randomUUID();
await crier.store.users.createOwnerIfNone({
  user: { id: randomUUID(), email: 'bench@example.test', name: 'Bench', passwordHash: 'x' },
  workspace: { id: workspaceId, name: 'Bench', timeZone: 'UTC' },
  now,
});
const codes: string[] = [];
for (let start = 0; start < LINK_COUNT; start += 1000) {
  const batch: Link[] = [];
  for (let index = start; index < Math.min(start + 1000, LINK_COUNT); index += 1) {
    const code = generateCode(randomBytes);
    codes.push(code);
    batch.push({
      id: randomUUID(),
      workspaceId,
      code,
      originalUrl: `https://fizz.example/products/${index}`,
      targetUrl: `https://fizz.example/products/${index}?utm_source=x&utm_medium=social&utm_campaign=bench`,
      postId: null,
      variantId: null,
      campaignId: null,
      network: 'x',
      segmentId: null,
      enabled: true,
      expiresAt: null,
      createdBy: null,
      createdAt: now + index,
      updatedAt: now + index,
    });
  }
  await insertLinkRows(crier.database.db, batch);
}
const codesFile = path.join(dataDir, 'codes.txt');
fs.writeFileSync(codesFile, codes.join('\n'));

const address = new URL(await crier.start());
process.stdout.write(`${JSON.stringify({ port: Number(address.port), codesFile })}\n`);

process.once('SIGTERM', async () => {
  await crier.close();
  // a second connection after the graceful close: what is in the table is what survived
  const { openDatabase } = await import('../../src/store/database.js');
  const database = openDatabase(config.database);
  const rows = await database.db
    .selectFrom('clicks')
    .select(['is_bot', database.db.fn.countAll<number>().as('count')])
    .groupBy('is_bot')
    .execute();
  await database.close();
  const count = (bot: number) => Number(rows.find((row) => Number(row.is_bot) === bot)?.count ?? 0);
  process.stdout.write(`${JSON.stringify({ humanClicks: count(0), botClicks: count(1) })}\n`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
