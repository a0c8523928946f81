import type { Command } from 'commander';
import pino from 'pino';
import { configFromEnvironment } from '../../config/environment.js';
import { buildConnectors, buildManualNetworks } from '../../connectors/catalog.js';
import { sandboxEndpointsFor } from '../local.js';
import { startCrierWorker } from '../worker-stack.js';

export function workerCommand(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('worker')
    .description('Publish from the PostgreSQL job queue (graphile-worker): no web UI or API; run as many as you like')
    .action(() =>
      run(async () => {
        const config = configFromEnvironment();
        const logger = pino({ level: config.logLevel });
        // Sandbox accounts publish to the emulators `crier serve` runs, so they work from workers on that host.
        const connectors = buildConnectors(config, sandboxEndpointsFor(config));
        const crier = await startCrierWorker({
          config,
          logger,
          connectors,
          manualNetworks: buildManualNetworks(config),
        });
        logger.info(
          { workerId: config.scheduler.workerId, concurrency: config.scheduler.concurrency },
          'Crier worker is taking publications',
        );

        let stopping = false;
        const shutdown = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          logger.info({ signal }, 'stopping: finishing publications in flight');
          await crier.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void shutdown('SIGINT'));
        process.once('SIGTERM', () => void shutdown('SIGTERM'));
        void crier.queue.ended?.then(async () => {
          await crier.close();
          // a supervisor (systemd, Kubernetes) restarts it, with the new version when that was the cause
          process.exit(75);
        });
      }),
    );
}
