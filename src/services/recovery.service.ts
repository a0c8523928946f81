import type { Logger } from 'pino';
import type { ConnectorRegistry } from '../connectors/kit/registry.js';
import type { Publication } from '../core/model.js';
import type { AccountsRepository } from '../store/repositories/accounts.repository.js';
import type { PublicationRecoveryRepository } from '../store/repositories/publication-recovery.repository.js';
import type { Clock } from './clock.js';
import type { PublicationScheduling } from './publication-scheduling.js';
import { ABANDONED_MESSAGE, RECONCILING_MESSAGE } from './publishing.service.js';

export interface RecoveryOptions {
  /** How long after its due time a publication no worker took counts as lost by the queue. */
  overdueAfterMs: number;
  /** Wait before looking on the network for a post an abandoned attempt may have made. */
  settleMs: number;
}

export interface SweepReport {
  abandoned: number;
  reconciling: number;
  requeued: number;
}

const REQUEUE_BATCH = 500;

/**
 * The recovery sweep: settles what no worker holds. Publications left `publishing` past their lease
 * (a worker died mid-call) become `unknown`, and where the network lets Crier look, a reconciliation
 * is planned for them instead of a blind second publish. Publications whose time has passed without
 * any worker coming (a job lost with a dead worker, or never written) get their job again.
 */
export class RecoveryService {
  constructor(
    private readonly recovery: PublicationRecoveryRepository,
    private readonly accounts: AccountsRepository,
    private readonly registry: ConnectorRegistry,
    private readonly queue: PublicationScheduling,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: RecoveryOptions,
  ) {}

  /**
   * A worker starting under an id it had before: what that id held was cut off when it stopped, so it
   * is abandoned now rather than when its lease runs out.
   */
  async releaseClaimsOf(workerId: string): Promise<void> {
    await this.recovery.expireLeasesOf(workerId, this.clock.now());
  }

  /**
   * `everyClaim`: treat every publication in flight as abandoned, whatever its lease says (the embedded
   * mode at start: only this process publishes, so whatever is publishing was left by a previous run).
   */
  async sweep(options: { everyClaim?: boolean } = {}): Promise<SweepReport> {
    const now = this.clock.now();
    const abandoned = await this.recovery.recoverAbandoned({
      leaseCutoff: options.everyClaim ? Number.MAX_SAFE_INTEGER : now,
      now,
      message: ABANDONED_MESSAGE,
    });
    const reconcileAt = now + this.options.settleMs;
    const reconciling = await this.recovery.scheduleReconciliation({
      ids: await this.lookable(abandoned),
      at: reconcileAt,
      now,
      message: RECONCILING_MESSAGE,
    });
    const overdue = await this.recovery.listOverdue({
      dueBefore: now - this.options.overdueAfterMs,
      limit: REQUEUE_BATCH,
    });
    await this.queue.schedule([
      ...reconciling.map((publicationId) => ({ publicationId, dueAt: reconcileAt })),
      ...overdue.map((item) => ({ publicationId: item.id, dueAt: item.dueAt })),
    ]);
    const report = { abandoned: abandoned.length, reconciling: reconciling.length, requeued: overdue.length };
    if (report.abandoned > 0 || report.requeued > 0) this.logger.warn(report, 'recovery sweep settled publications');
    return report;
  }

  /** The abandoned publications whose network can be asked whether the post exists. */
  private async lookable(publications: Publication[]): Promise<string[]> {
    const ids: string[] = [];
    for (const publication of publications) {
      const account = await this.accounts.find(publication.workspaceId, publication.accountId);
      const connector = account && this.registry.find(account.network, account.environment);
      if (connector?.findPublished) ids.push(publication.id);
    }
    return ids;
  }
}
