import {
  type AddJobsJobSpec,
  Logger as GraphileLogger,
  makeWorkerUtils,
  type Runner,
  run,
  type TaskList,
  type WorkerUtils,
} from 'graphile-worker';
import type { Logger } from 'pino';
import { PREPARE_AHEAD_MS, type PublicationDispatcher } from '../services/dispatcher.service.js';
import { PERIODIC_SCHEDULE, type PeriodicWork, type PublicationQueue } from './publication-queue.js';

export interface GraphileQueueOptions {
  connectionString: string;
  /** graphile-worker's own schema (tests give each run its own). */
  schema: string;
  /** Jobs one worker process runs at once. */
  concurrency: number;
  /** How often a worker looks for jobs that became due (new jobs due now arrive by LISTEN/NOTIFY at once). */
  pollMs: number;
  /** Called when this process starts working: settle what a previous life of this worker held. */
  onWorkerStart: () => Promise<void>;
}

export const PUBLISH_TASK = 'crier_publish';
const SWEEP_TASK = 'crier_recovery_sweep';
const REFRESH_TASK = 'crier_refresh_tokens';

/**
 * If a publish job itself fails (the database was unreachable), graphile-worker retries it with its
 * own backoff a few times; beyond that the recovery sweep brings the publication back.
 */
const PUBLISH_JOB_MAX_ATTEMPTS = 5;

/** Jobs fetched (and locked) at once by one worker process. */
const LOCAL_QUEUE_SIZE = 100;

/** One job per publication, replaced when the publication's time changes. */
export function jobKeyOf(publicationId: string): string {
  return `publication:${publicationId}`;
}

/**
 * Publishing on graphile-worker (PostgreSQL). Scheduling a publication adds a job carrying only its
 * id, due at its time, under a stable job key: rescheduling replaces it, cancelling removes it. A job
 * claims through the same repository as the embedded scheduler (the database is the truth). The
 * recovery sweep and the token refresh run on graphile-worker's cron, which fires each item once
 * across all workers.
 */
export class GraphileQueue implements PublicationQueue {
  readonly kind = 'graphile-worker';
  private utils: Promise<WorkerUtils> | undefined;
  private runner: Runner | undefined;
  private runnerEnded = false;
  private stopping = false;
  private endedOnItsOwn: () => void = () => {};
  readonly ended = new Promise<void>((resolve) => {
    this.endedOnItsOwn = resolve;
  });

  constructor(
    private readonly dispatcher: () => PublicationDispatcher,
    private readonly periodic: PeriodicWork,
    private readonly logger: Logger,
    private readonly options: GraphileQueueOptions,
  ) {}

  async start(options: { work: boolean }): Promise<void> {
    await this.workerUtils();
    if (!options.work || this.runner) return;
    await this.options.onWorkerStart();
    this.runner = await run({
      connectionString: this.options.connectionString,
      schema: this.options.schema,
      concurrency: this.options.concurrency,
      // graphile-worker's default poll (2 s) would make a job due in the future up to 2 s late.
      pollInterval: this.options.pollMs,
      noHandleSignals: true,
      preset: {
        worker: {
          // The pool fetches (and locks) jobs in batches for all its slots, instead of every slot polling
          // the database on its own: with a 100 ms poll, 32 slots would ask 320 times a second.
          // Batches stay small so that workers share a launch's jobs instead of one taking them all.
          localQueue: {
            size: Math.min(this.options.concurrency, LOCAL_QUEUE_SIZE),
            refetchDelay: { durationMs: this.options.pollMs },
          },
          // Completions are written together, a few per statement, once the slot is free again.
          completeJobBatchDelay: 0,
        },
      },
      logger: this.graphileLogger(),
      taskList: this.tasks(),
      crontab: [
        `${PERIODIC_SCHEDULE.sweep.cron} ${SWEEP_TASK} ?max=1`,
        `${PERIODIC_SCHEDULE.refreshTokens.cron} ${REFRESH_TASK} ?max=1`,
      ].join('\n'),
    });
    this.runnerEnded = false;
    const ended = (error?: unknown) => {
      this.runnerEnded = true;
      if (this.stopping) return;
      // graphile-worker stops by itself when another process migrates its schema in a breaking way
      // (an upgrade): this process takes no more work and should be restarted.
      this.logger.error({ err: error }, 'graphile-worker stopped on its own; this worker takes no more publications');
      this.endedOnItsOwn();
    };
    this.runner.promise.then(() => ended(), ended);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const runner = this.runner;
    this.runner = undefined;
    if (runner && !this.runnerEnded) {
      await runner.stop().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'graphile-worker had already stopped');
      });
    }
    const utils = this.utils;
    this.utils = undefined;
    if (utils) await (await utils).release();
  }

  async schedule(items: ReadonlyArray<{ publicationId: string; dueAt: number }>): Promise<void> {
    if (items.length === 0) return;
    const specs: AddJobsJobSpec[] = items.map((item) => ({
      identifier: PUBLISH_TASK,
      payload: { publicationId: item.publicationId },
      // A worker arrives a little early, prepares the post, and publishes on the dot (dispatcher.service.ts).
      runAt: new Date(item.dueAt - PREPARE_AHEAD_MS),
      jobKey: jobKeyOf(item.publicationId),
      maxAttempts: PUBLISH_JOB_MAX_ATTEMPTS,
    }));
    try {
      const utils = await this.workerUtils();
      await utils.addJobs(specs);
    } catch (error) {
      this.logger.error(
        { err: error, count: items.length },
        'adding publish jobs failed; the recovery sweep adds them again once they are overdue',
      );
    }
  }

  async unschedule(publicationIds: readonly string[]): Promise<void> {
    if (publicationIds.length === 0) return;
    try {
      const utils = await this.workerUtils();
      // graphile-worker's documented way to remove a job by key is its SQL function remove_job.
      await utils.withPgClient((client) =>
        client.query(`select ${quoteIdentifier(this.options.schema)}.remove_job(key) from unnest($1::text[]) as key`, [
          publicationIds.map(jobKeyOf),
        ]),
      );
    } catch (error) {
      // A job left behind finds its publication cancelled and does nothing.
      this.logger.warn({ err: error, publicationIds }, 'removing publish jobs failed');
    }
  }

  private tasks(): TaskList {
    return {
      [PUBLISH_TASK]: async (payload) => {
        const publicationId = (payload as { publicationId?: unknown } | null)?.publicationId;
        if (typeof publicationId !== 'string') {
          this.logger.error({ payload }, 'a publish job without a publication id was dropped');
          return;
        }
        await this.dispatcher().dispatchOne(publicationId);
      },
      [SWEEP_TASK]: async () => {
        await this.periodic.sweep();
      },
      [REFRESH_TASK]: async () => {
        await this.periodic.refreshTokens();
      },
    };
  }

  private workerUtils(): Promise<WorkerUtils> {
    this.utils ??= (async () => {
      const utils = await makeWorkerUtils({
        connectionString: this.options.connectionString,
        schema: this.options.schema,
        logger: this.graphileLogger(),
      });
      await utils.migrate();
      return utils;
    })();
    return this.utils;
  }

  private graphileLogger(): GraphileLogger {
    const logger = this.logger;
    return new GraphileLogger((scope) => (level, message, meta) => {
      const fields = { ...scope, ...meta };
      // Jobs are fetched for the whole pool (localQueue), so a pool smaller than the concurrency is
      // deliberate here: PostgreSQL's connections are what runs out first with many workers.
      if (message.includes('smaller than concurrency')) logger.debug(fields, message);
      else if (level === 'error') logger.error(fields, message);
      else if (level === 'warning') logger.warn(fields, message);
      else if (level === 'info') logger.debug(fields, message);
      else logger.trace(fields, message);
    });
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
