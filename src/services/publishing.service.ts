import type { Logger } from 'pino';
import type { PublishResult } from '../connectors/kit/connector.js';
import { ConnectorError, isConnectorError } from '../connectors/kit/errors.js';
import type { Publication, PublicationFailure } from '../core/model.js';
import {
  DEFAULT_RECONCILE_POLICY,
  DEFAULT_RETRY_POLICY,
  isRetryable,
  nextAttemptAt,
  type ReconcilePolicy,
  type RetryPolicy,
} from '../core/publication.js';
import type { PostsRepository } from '../store/repositories/posts.repository.js';
import type {
  AttemptResult,
  ClaimedPublication,
  PublicationsRepository,
} from '../store/repositories/publications.repository.js';
import type { AccountTokensService } from './account-tokens.service.js';
import type { AccountsService } from './accounts.service.js';
import type { Clock } from './clock.js';
import type { MediaService } from './media.service.js';
import { publishMediaOf } from './publish-media.js';
import { RecentReads } from './recent-reads.js';

export const ABANDONED_MESSAGE =
  'Crier stopped while this was being published, so it may or may not be on the network. Check the account, then retry or leave it.';
export const RECONCILING_MESSAGE =
  'Crier stopped while this was being published. It will look on the network for the post before trying again.';
const LOOKING_LATER = 'Crier will look on the network for the post before trying again.';
const CANNOT_LOOK = 'This network gives Crier no way to check, so check the account, then retry or leave it.';

/** The last look before giving up waits this many settle times after the one before it. */
const FINAL_LOOK_FACTOR = 5;

/** How long a read of a post or an account is shared by the publications that need it. */
const RECENT_READS_MS = 2_000;

export interface PublishingPolicies {
  retry?: RetryPolicy;
  reconcile?: ReconcilePolicy;
}

/**
 * Publishes one claimed publication through its connector and records the outcome. The attempt is
 * already on record (the claim wrote it); this decides, from the connector's error class, whether the
 * failure may be retried, and never retries one that may have published. After an unknown outcome it
 * reconciles: where the network lets Crier look, the next attempt looks for the post first and only
 * publishes when the network has none; elsewhere the question is left to a person.
 */
export class PublishingService {
  private readonly retryPolicy: RetryPolicy;
  private readonly reconcilePolicy: ReconcilePolicy;

  constructor(
    private readonly publications: PublicationsRepository,
    private readonly posts: PostsRepository,
    private readonly accounts: AccountsService,
    private readonly tokens: AccountTokensService,
    private readonly media: MediaService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    policies: PublishingPolicies = {},
  ) {
    this.retryPolicy = policies.retry ?? DEFAULT_RETRY_POLICY;
    this.reconcilePolicy = policies.reconcile ?? DEFAULT_RECONCILE_POLICY;
    this.recentVariants = new RecentReads(RECENT_READS_MS, () => clock.now());
    this.recentSessions = new RecentReads(RECENT_READS_MS, () => clock.now());
  }

  /** A launch's publications share reads of their post and of each account (recent-reads.ts). */
  private readonly recentVariants: RecentReads<Awaited<ReturnType<PostsRepository['findVariant']>>>;
  private readonly recentSessions: RecentReads<Awaited<ReturnType<AccountsService['openSession']>>>;

  /**
   * Publishes a claimed publication and records the outcome. `preparing` is its post already being
   * prepared (see `prepare`), started while the claim was made so the network call starts sooner.
   */
  async publish(claim: ClaimedPublication, workerId: string, preparing?: Promise<Preparation>): Promise<AttemptResult> {
    const { publication } = claim;
    const result = await this.attempt(claim, preparing);
    const stored = await this.publications.completeAttempt({
      publicationId: publication.id,
      attemptId: claim.attemptId,
      workerId,
      now: this.clock.now(),
      result,
    });
    if (!stored) {
      this.logger.warn({ publicationId: publication.id }, 'publication was taken from this worker before it finished');
    }
    this.logger.info(
      { publicationId: publication.id, attempt: claim.attemptNumber, outcome: result.outcome },
      'publication attempt ended',
    );
    return result;
  }

  private async attempt(claim: ClaimedPublication, preparing?: Promise<Preparation>): Promise<AttemptResult> {
    let prepared: Preparation;
    try {
      prepared = await (preparing ?? this.prepare(claim.publication));
    } catch (error) {
      // Nothing was sent yet, so whatever went wrong, the network certainly has no post.
      return this.classify(claim, error, { reachedNetwork: false, canLook: false });
    }
    if ('outcome' in prepared) return prepared;
    const { findPublished } = prepared;
    if (claim.reconcileFirst && findPublished) {
      const settled = await this.lookFirst(claim, findPublished);
      if (settled) return settled;
    }
    try {
      const published = await prepared.publish();
      return { outcome: 'published', remoteId: published.remoteId, permalink: published.permalink };
    } catch (error) {
      if (claim.reconcileFirst && findPublished && isConnectorError(error) && error.errorClass === 'invalid_content') {
        // An earlier attempt's post may have landed after Crier looked; a network that refuses
        // duplicates (X) refuses this one for that very reason. Look once more before failing it.
        const late = await findPublished().catch(() => undefined);
        if (late) return foundOnNetwork(late);
      }
      return this.classify(claim, error, {
        reachedNetwork: true,
        canLook: findPublished !== undefined,
        renewed: prepared.renewed(),
      });
    }
  }

  /**
   * Reconciliation: the post an earlier attempt may have made. Found: published. Not there: publish
   * (undefined), or fail when the attempts are spent. Cannot tell: look again later, or leave it to a
   * person when the looks are spent too.
   */
  private async lookFirst(
    claim: ClaimedPublication,
    findPublished: () => Promise<PublishResult | undefined>,
  ): Promise<AttemptResult | undefined> {
    let found: PublishResult | undefined;
    try {
      found = await findPublished();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const failure: PublicationFailure = {
        errorClass: 'unknown_outcome',
        message: `Crier could not check whether the post is on the network (${reason}).`,
        networkMessage: isConnectorError(error) ? (error.networkMessage ?? null) : null,
      };
      return this.unknown(claim, failure, true);
    }
    if (found) return foundOnNetwork(found);
    if (claim.attemptNumber === this.retryPolicy.maxAttempts + 1) {
      // About to give up: a request that timed out may still be on its way through a busy network.
      // Look once more, much later, before saying it was not published.
      return {
        outcome: 'unknown',
        failure: {
          errorClass: 'unknown_outcome',
          message: 'The network has no such post yet; Crier looks once more, a little later, before giving up.',
          networkMessage: null,
        },
        reconcileAt: this.clock.now() + FINAL_LOOK_FACTOR * this.reconcilePolicy.settleMs,
      };
    }
    if (claim.attemptNumber > this.retryPolicy.maxAttempts) {
      return failed(
        'transient',
        `Not published: the network has no such post, and Crier gave up after ${this.retryPolicy.maxAttempts} attempts.`,
      );
    }
    return undefined;
  }

  /** An unknown outcome, with a look on the network planned while the looks allowed are not spent. */
  private unknown(claim: ClaimedPublication, failure: PublicationFailure, canLook: boolean): AttemptResult {
    const looksLeft = claim.attemptNumber < this.retryPolicy.maxAttempts + this.reconcilePolicy.extraLookups;
    if (canLook && looksLeft) {
      return {
        outcome: 'unknown',
        failure: { ...failure, message: `${failure.message} ${LOOKING_LATER}` },
        reconcileAt: this.clock.now() + this.reconcilePolicy.settleMs,
      };
    }
    const advice = canLook ? 'Check the account, then retry or leave it.' : CANNOT_LOOK;
    return { outcome: 'unknown', failure: { ...failure, message: `${failure.message} ${advice}` } };
  }

  /**
   * Everything a publish needs, read and checked, without calling the network: the variant, its media,
   * a session for the account, the targeting. Or the failure that makes publishing pointless.
   */
  async prepare(publication: Publication): Promise<Preparation> {
    const found = await this.recentVariants.read(publication.variantId, () =>
      this.posts.findVariant(publication.variantId),
    );
    if (!found) return failed('invalid_content', 'The post of this publication no longer exists');
    const opened = await this.recentSessions.read(publication.accountId, () =>
      this.accounts.openSession(publication.accountId),
    );
    const { account, connector } = opened;
    const { session, renewed } = this.tokens.shareRenewal(account.id, opened.session);
    if (account.state !== 'connected') {
      return failed('auth', `${account.handle} on ${connector.displayName} must be reconnected before it can publish`);
    }
    const text = found.variant.text ?? found.post.text;
    const mediaIds = found.variant.mediaIds ?? found.post.mediaIds;
    const media = await publishMediaOf(this.media, publication.workspaceId, mediaIds);
    const { title, link, options } = found.variant;
    const details = {
      ...(title !== null ? { title } : {}),
      ...(link !== null ? { link } : {}),
      ...(options !== null ? { options } : {}),
    };
    const check = connector.validate({ ...details, text, media });
    if (check.problems.length > 0) {
      return failed('invalid_content', check.problems.map((problem) => problem.message).join('; '));
    }
    let targeting: Record<string, unknown> | undefined;
    if (found.audience) {
      const compiled = connector.compileTargeting?.(found.audience);
      if (!compiled?.ok) {
        const reasons = compiled ? compiled.reasons.join('; ') : 'it has no audience targeting for organic posts';
        return failed('invalid_content', `${connector.displayName} cannot target this audience: ${reasons}`);
      }
      targeting = compiled.targeting;
    }
    const lookup = connector.findPublished?.bind(connector);
    return {
      publish: () => connector.publish(session, { ...details, publicationId: publication.id, text, media, targeting }),
      renewed,
      findPublished: lookup
        ? () =>
            lookup(session, { publicationId: publication.id, text, since: publication.startedAt ?? publication.dueAt })
        : undefined,
    };
  }

  private async classify(
    claim: ClaimedPublication,
    error: unknown,
    context: { reachedNetwork: boolean; canLook: boolean; renewed?: boolean },
  ): Promise<AttemptResult> {
    if (!isConnectorError(error)) {
      this.logger.error({ err: error, publicationId: claim.publication.id }, 'unexpected error while publishing');
      const message = error instanceof Error ? error.message : String(error);
      // After the call started we cannot tell whether the network got the post; before it, we can.
      const errorClass = context.reachedNetwork ? 'unknown_outcome' : 'transient';
      return this.classify(claim, new ConnectorError(errorClass, message, { cause: error }), context);
    }
    const failure: PublicationFailure = {
      errorClass: error.errorClass,
      message: error.message,
      networkMessage: error.networkMessage ?? null,
    };
    if (error.errorClass === 'auth') {
      if (context.renewed && claim.attemptNumber < this.retryPolicy.maxAttempts) {
        // The network renewed the account's access, then refused it: a hiccup until it keeps happening.
        // Only a refused renewal (or this, to the last attempt) asks people to reconnect the account.
        return {
          outcome: 'retry',
          failure: { ...failure, message: `${failure.message} (right after its access was renewed; tried again)` },
          nextAttemptAt: nextAttemptAt({
            now: this.clock.now(),
            attemptNumber: claim.attemptNumber,
            policy: this.retryPolicy,
          }),
        };
      }
      await this.tokens.markReconnectNeeded(claim.publication.accountId, error.networkMessage ?? error.message);
    }
    if (error.errorClass === 'unknown_outcome') return this.unknown(claim, failure, context.canLook);
    if (isRetryable(error.errorClass) && claim.attemptNumber < this.retryPolicy.maxAttempts) {
      return {
        outcome: 'retry',
        failure,
        nextAttemptAt: nextAttemptAt({
          now: this.clock.now(),
          attemptNumber: claim.attemptNumber,
          policy: this.retryPolicy,
          retryAt: error.retryAt,
        }),
      };
    }
    return { outcome: 'failed', failure };
  }
}

export type Preparation = Prepared | AttemptResult;

interface Prepared {
  publish(): Promise<PublishResult>;
  /** Whether the account's access was renewed during the attempt. */
  renewed(): boolean;
  /** Present when the network lets Crier look for the post (reconciliation). */
  findPublished?: () => Promise<PublishResult | undefined>;
}

function foundOnNetwork(found: PublishResult): AttemptResult {
  return {
    outcome: 'published',
    remoteId: found.remoteId,
    permalink: found.permalink,
    networkResponse: `found on the network by reconciliation: ${found.remoteId}`,
  };
}

function failed(errorClass: ConnectorError['errorClass'], message: string): AttemptResult {
  return { outcome: 'failed', failure: { errorClass, message, networkMessage: null } };
}
