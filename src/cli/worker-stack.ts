import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Connector, ManualNetwork } from '../connectors/kit/connector.js';
import { invalidInput } from '../core/errors.js';
import { type Crier, createCrier } from '../crier.js';

/**
 * A worker process (`crier worker`): no HTTP, no sandbox; takes due publications from the
 * graphile-worker queue, publishes them and runs the periodic work. Any number of them share the work
 * through PostgreSQL, on any number of hosts.
 */
export async function startCrierWorker(input: {
  config: Config;
  logger: Logger;
  connectors: Connector[];
  /** Publications on these networks are handed to people at their due time, by whichever worker claims them. */
  manualNetworks?: ManualNetwork[];
}): Promise<Crier> {
  if (input.config.database.kind !== 'postgres') {
    throw invalidInput(
      'crier worker needs PostgreSQL (DATABASE_URL=postgres://…). On SQLite, `crier serve` publishes by itself: one process.',
    );
  }
  const crier = await createCrier({
    config: input.config,
    logger: input.logger,
    connectors: input.connectors,
    manualNetworks: input.manualNetworks,
  });
  await crier.startWorker();
  return crier;
}
