import { notFound } from '../core/errors.js';
import type { Alert, AlertsRepository } from '../store/repositories/alerts.repository.js';
import type { Clock } from './clock.js';

/** Alerts people see in the app: today, accounts that need connecting again. */
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly clock: Clock,
  ) {}

  listOpen(workspaceId: string): Promise<Alert[]> {
    return this.alerts.listOpen(workspaceId);
  }

  async dismiss(workspaceId: string, id: string): Promise<void> {
    if (!(await this.alerts.dismiss(workspaceId, id, this.clock.now()))) throw notFound('Alert', id);
  }
}
