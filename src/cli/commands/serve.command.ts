import type { Command } from 'commander';
import pino from 'pino';
import { configFromEnvironment } from '../../config/environment.js';
import { startCrierStack } from '../serve-stack.js';

export function serveCommand(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('serve')
    .description('Start Crier: web UI, API, publishing scheduler and (by default) the sandbox emulators')
    .action(() =>
      run(async () => {
        const config = configFromEnvironment();
        const logger = pino({
          level: config.logLevel,
          redact: { paths: ['req.headers.cookie', 'req.headers.authorization'], remove: true },
        });
        const stack = await startCrierStack(config, logger);
        logger.info(
          { address: stack.address, database: stack.crier.database.dialect },
          `Crier is ready at ${config.publicUrl}`,
        );

        let stopping = false;
        const shutdown = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          logger.info({ signal }, 'stopping: finishing publications in flight');
          await stack.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void shutdown('SIGINT'));
        process.once('SIGTERM', () => void shutdown('SIGTERM'));
      }),
    );
}
