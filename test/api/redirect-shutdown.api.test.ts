import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { startTestCrier } from '../support/test-crier.js';

const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';

/** Clicks wait in memory for their batch; a graceful stop must write every one of them. */
describe('redirect on shutdown', () => {
  it('writes every buffered click when Crier stops', async () => {
    // a flush interval longer than the test: every click is still in memory when Crier stops
    const crier = await startTestCrier({
      connectors: [],
      scheduler: false,
      configure: (config) => ({ ...config, links: { ...config.links, clickFlushMs: 60_000 } }),
    });
    const grant = await crier.services.auth.setupOwner({
      name: 'Owner',
      email: 'owner@example.test',
      password: 'a long enough password',
      workspaceName: 'Cars',
      timeZone: 'Europe/Berlin',
    });
    const [membership] = await crier.services.auth.memberships(grant.user.id);
    const workspaceId = membership?.workspace.id ?? '';
    const link = await crier.services.links.create(workspaceId, grant.user.id, {
      url: 'https://cars.example/test-drive',
    });

    const sent = 400;
    const answers = await Promise.all(
      Array.from({ length: sent }, (_, index) =>
        fetch(`${crier.baseUrl}/l/${link.code}`, {
          redirect: 'manual',
          headers: { 'user-agent': index % 4 === 0 ? 'Googlebot/2.1 (+http://www.google.com/bot.html)' : BROWSER },
        }),
      ),
    );
    expect(answers.every((answer) => answer.status === 302)).toBe(true);
    expect(crier.services.clicks.pending()).toBeGreaterThan(0);

    await crier.close();

    const database = openDatabase(crier.config.database);
    try {
      const rows = await database.db.selectFrom('clicks').select(['is_bot']).where('link_id', '=', link.id).execute();
      expect(rows).toHaveLength(sent);
      expect(rows.filter((row) => row.is_bot === 1)).toHaveLength(sent / 4);
    } finally {
      await database.close();
    }
  });
});
