import type { Logger } from 'pino';
import type { PublishMedia, PublishResult } from '../connectors/kit/connector.js';
import { ConnectorError, isConnectorError } from '../connectors/kit/errors.js';
import type { PublicationFailure } from '../core/model.js';
import { DEFAULT_RETRY_POLICY, isRetryable, nextAttemptAt, type RetryPolicy } from '../core/publication.js';
import type { PostsRepository } from '../store/repositories/posts.repository.js';
import type {
  AttemptResult,
  ClaimedPublication,
  PublicationsRepository,
} from '../store/repositories/publications.repository.js';
import type { AccountsService } from './accounts.service.js';
import type { Clock } from './clock.js';
import type { MediaService } from './media.service.js';

export const ABANDONED_MESSAGE =
  'Crier stopped while this was being published, so it may or may not be on the network. Check the account, then retry or leave it.';

/**
 * Publishes one claimed publication through its connector and records the outcome. The attempt is
 * already on record (the claim wrote it); this decides, from the connector's error class, whether the
 * failure may be retried, and never retries one that may have published.
 */
export class PublishingService {
  constructor(
    private readonly publications: PublicationsRepository,
    private readonly posts: PostsRepository,
    private readonly accounts: AccountsService,
    private readonly media: MediaService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {}

  async publish(claim: ClaimedPublication, workerId: string): Promise<AttemptResult> {
    const { publication } = claim;
    const result = await this.attempt(claim);
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

  private async attempt(claim: ClaimedPublication): Promise<AttemptResult> {
    let prepared: Prepared | AttemptResult;
    try {
      prepared = await this.prepare(claim);
    } catch (error) {
      // Nothing was sent yet, so whatever went wrong, the network certainly has no post.
      return this.classify(claim, error, { reachedNetwork: false });
    }
    if ('outcome' in prepared) return prepared;
    try {
      const published = await prepared.publish();
      return { outcome: 'published', remoteId: published.remoteId, permalink: published.permalink };
    } catch (error) {
      return this.classify(claim, error, { reachedNetwork: true });
    }
  }

  private async prepare(claim: ClaimedPublication): Promise<Prepared | AttemptResult> {
    const { publication } = claim;
    const found = await this.posts.findVariant(publication.variantId);
    if (!found) return failed('invalid_content', 'The post of this publication no longer exists');
    const { account, connector, session } = await this.accounts.openSession(publication.accountId);
    if (account.state !== 'connected') {
      return failed('auth', `${account.handle} on ${connector.displayName} must be reconnected before it can publish`);
    }
    const text = found.variant.text ?? found.post.text;
    const mediaIds = found.variant.mediaIds ?? found.post.mediaIds;
    const media: PublishMedia[] = (await this.media.findAll(publication.workspaceId, mediaIds)).map((item) => ({
      id: item.id,
      kind: item.mimeType.startsWith('video/') ? 'video' : 'image',
      mimeType: item.mimeType,
      size: item.size,
      altText: item.altText,
      fileName: item.fileName,
      width: item.width ?? undefined,
      height: item.height ?? undefined,
      read: () => this.media.read(item),
      stream: (range) => this.media.stream(item, range),
    }));
    const check = connector.validate({ text, media });
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
    return { publish: () => connector.publish(session, { publicationId: publication.id, text, media, targeting }) };
  }

  private async classify(
    claim: ClaimedPublication,
    error: unknown,
    context: { reachedNetwork: boolean },
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
    if (error.errorClass === 'auth') await this.accounts.markReconnectNeeded(claim.publication.accountId);
    if (error.errorClass === 'unknown_outcome') return { outcome: 'unknown', failure };
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

interface Prepared {
  publish(): Promise<PublishResult>;
}

function failed(errorClass: ConnectorError['errorClass'], message: string): AttemptResult {
  return { outcome: 'failed', failure: { errorClass, message, networkMessage: null } };
}
