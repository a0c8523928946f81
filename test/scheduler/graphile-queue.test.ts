import { afterAll, beforeAll } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createTestPostgresDatabase } from '../support/postgres-databases.js';
import { describePublicationQueueContract } from './publication-queue.contract.js';

if (DIALECTS.includes('postgres')) {
  // graphile-worker needs a database to itself while it runs (see postgres-databases.ts)
  let database: Awaited<ReturnType<typeof createTestPostgresDatabase>> | undefined;
  beforeAll(async () => {
    database = await createTestPostgresDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  describePublicationQueueContract('graphile-worker', 'postgres', () => {
    if (!database) throw new Error('the test database was not created');
    return database.url;
  });
}
