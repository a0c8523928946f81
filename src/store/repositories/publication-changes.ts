import type { ExpressionBuilder, Selectable } from 'kysely';
import type { AttemptOutcome, PublicationFailure } from '../../core/model.js';
import { LATE_THRESHOLD_MS } from '../../core/publication.js';
import type { Database, PublicationsTable } from '../schema.js';
import type { AttemptResult, ClaimedPublication } from './publications.repository.js';
import { toPublication } from './rows.js';

/** The column changes of a claim and of an outcome, shared by both dialects' statements. */

export interface ClaimInput {
  workerId: string;
  now: number;
  limit: number;
  leaseMs: number;
  /** Attempt ids, where the database does not make them (SQLite). */
  newId: () => string;
  /** Only among these publications. */
  ids?: readonly string[];
}

export interface CompleteInput {
  publicationId: string;
  attemptId: string;
  workerId: string;
  now: number;
  result: AttemptResult;
}

export function claimedColumns(eb: ExpressionBuilder<Database, 'publications'>, input: ClaimInput) {
  const { workerId, now, leaseMs } = input;
  return {
    state: 'publishing',
    claimed_by: workerId,
    claimed_until: now + leaseMs,
    started_at: eb.fn.coalesce('publications.started_at', eb.val(now)),
    attempt_count: eb('publications.attempt_count', '+', 1),
    late: eb
      .case()
      .when('publications.due_at', '<', now - LATE_THRESHOLD_MS)
      .then(1)
      .else(eb.ref('publications.late'))
      .end(),
    updated_at: now,
  };
}

export function toClaimed(row: Selectable<PublicationsTable>, attemptId: string): ClaimedPublication {
  return {
    publication: toPublication(row),
    attemptId,
    attemptNumber: Number(row.attempt_count),
    reconcileFirst: Number(row.reconcile_pending) === 1,
  };
}

function failureOf(result: AttemptResult): PublicationFailure | null {
  return result.outcome === 'published' ? null : result.failure;
}

export function publicationOutcome({ result, now }: CompleteInput) {
  const failure = failureOf(result);
  const reconcileAt = result.outcome === 'unknown' ? result.reconcileAt : undefined;
  const nextAttemptAt = result.outcome === 'retry' ? result.nextAttemptAt : reconcileAt;
  return {
    state: result.outcome === 'retry' ? 'scheduled' : result.outcome,
    claimed_by: null,
    claimed_until: null,
    updated_at: now,
    ...(result.outcome === 'published'
      ? { remote_id: result.remoteId, permalink: result.permalink, published_at: now }
      : {}),
    ...(nextAttemptAt !== undefined ? { next_attempt_at: nextAttemptAt } : {}),
    // Every other outcome settles the question: published, failed, or certainly not published.
    reconcile_pending: reconcileAt !== undefined ? 1 : 0,
    failure_class: failure?.errorClass ?? null,
    failure_message: failure?.message ?? null,
    failure_network_message: failure?.networkMessage ?? null,
  };
}

export function attemptOutcome({ result, now }: CompleteInput) {
  const failure = failureOf(result);
  return {
    ended_at: now,
    outcome: result.outcome satisfies AttemptOutcome,
    error_class: failure?.errorClass ?? null,
    error_message: failure?.message ?? null,
    network_response:
      result.outcome === 'published' ? (result.networkResponse ?? result.remoteId) : (failure?.networkMessage ?? null),
  };
}
