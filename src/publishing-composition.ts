import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { ConnectorRegistry } from './connectors/kit/registry.js';
import { DEFAULT_RECONCILE_POLICY } from './core/publication.js';
import { EmbeddedScheduler } from './jobs/embedded-scheduler.js';
import { GraphileQueue } from './jobs/graphile-queue.js';
import type { PeriodicWork, PublicationQueue } from './jobs/publication-queue.js';
import { AccountTokensService } from './services/account-tokens.service.js';
import type { AccountsService } from './services/accounts.service.js';
import { AlertsService } from './services/alerts.service.js';
import { CircuitBreakers } from './services/circuit-breakers.js';
import type { Clock } from './services/clock.js';
import { PublicationDispatcher } from './services/dispatcher.service.js';
import { ManualPostingService } from './services/manual-posting.service.js';
import type { MediaService } from './services/media.service.js';
import type { PublicationScheduling } from './services/publication-scheduling.js';
import { PublishingService } from './services/publishing.service.js';
import { RateBudget } from './services/rate-budget.js';
import { RecoveryService } from './services/recovery.service.js';
import type { SecretBox } from './store/secret-box.js';
import type { Store } from './store/store.js';

export interface PublishingParts {
  config: Config;
  store: Store;
  registry: ConnectorRegistry;
  accounts: AccountsService;
  media: MediaService;
  secrets: SecretBox;
  clock: Clock;
  logger: Logger;
}

/** A publication this late with no worker on it has lost its queue job; the sweep gives it a new one. */
const OVERDUE_AFTER_MS = 10_000;

/**
 * Publishing's half of the composition root (crier.ts): the queue the database calls for (the
 * embedded scheduler on SQLite, graphile-worker on PostgreSQL), the dispatcher both queues hand
 * publications to, and the periodic work (recovery sweep, token refresh) both run.
 */
export function wirePublishing(parts: PublishingParts) {
  const { config, store, registry, clock } = parts;
  const logger = parts.logger.child({ component: 'publishing' });
  const alerts = new AlertsService(store.alerts, clock);
  const tokens = new AccountTokensService(
    store.accountCredentials,
    store.accounts,
    store.alerts,
    registry,
    parts.secrets,
    clock,
    logger,
  );
  const publishing = new PublishingService(
    store.publications,
    store.posts,
    parts.accounts,
    tokens,
    parts.media,
    clock,
    logger,
    { reconcile: { ...DEFAULT_RECONCILE_POLICY, settleMs: config.scheduler.reconcileDelayMs } },
  );
  // The queue and the dispatcher need each other: services see the queue through this.
  let queue: PublicationQueue | undefined;
  const scheduling: PublicationScheduling = {
    schedule: async (items) => queue?.schedule(items),
    unschedule: async (ids) => queue?.unschedule(ids),
  };
  const manualPosting = new ManualPostingService(
    store.manualPosting,
    store.publications,
    store.posts,
    store.accounts,
    registry,
    parts.media,
    clock,
    logger,
  );
  const dispatcher = new PublicationDispatcher(
    store.publications,
    publishing,
    manualPosting,
    registry,
    new CircuitBreakers(clock),
    new RateBudget(store.rateBuckets, clock),
    scheduling,
    clock,
    logger,
    { workerId: config.scheduler.workerId, leaseMs: config.scheduler.leaseMs },
  );
  const recovery = new RecoveryService(store.publicationRecovery, store.accounts, registry, scheduling, clock, logger, {
    overdueAfterMs: OVERDUE_AFTER_MS,
    settleMs: config.scheduler.reconcileDelayMs,
  });
  const periodic: PeriodicWork = { sweep: () => recovery.sweep(), refreshTokens: () => tokens.refreshExpiring() };
  queue =
    config.database.kind === 'postgres'
      ? new GraphileQueue(() => dispatcher, periodic, logger.child({ queue: 'graphile-worker' }), {
          connectionString: config.database.url,
          schema: config.scheduler.graphileSchema,
          concurrency: config.scheduler.concurrency,
          pollMs: config.scheduler.pollMs,
          onWorkerStart: async () => {
            await recovery.releaseClaimsOf(config.scheduler.workerId);
            await recovery.sweep();
          },
        })
      : new EmbeddedScheduler(
          store.publications,
          () => dispatcher,
          { ...periodic, sweepAtStart: () => recovery.sweep({ everyClaim: true }) },
          clock,
          logger.child({ queue: 'embedded' }),
          { pollMs: config.scheduler.pollMs, concurrency: config.scheduler.concurrency },
        );
  return { queue, tokens, recovery, alerts, publishing, manualPosting };
}
