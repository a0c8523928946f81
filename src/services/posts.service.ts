import { randomUUID } from 'node:crypto';
import type { ConnectorRegistry } from '../connectors/kit/registry.js';
import type { VariantCheck } from '../core/content.js';
import { CrierError, invalidInput, notFound } from '../core/errors.js';
import type { Account, Media, Post, Publication, Variant } from '../core/model.js';
import type { Network } from '../core/networks.js';
import { resolveScheduleTime } from '../core/time.js';
import type { AccountsRepository } from '../store/repositories/accounts.repository.js';
import type { PostsRepository, PostWithPublications } from '../store/repositories/posts.repository.js';
import type { PublicationsRepository } from '../store/repositories/publications.repository.js';
import { assertTimeZone } from './auth.service.js';
import type { Clock } from './clock.js';
import type { MediaService } from './media.service.js';

/** A schedule time this far in the past still means "now": the request took a moment to arrive. */
const NOW_GRACE_MS = 60_000;

export interface PostDraft {
  text: string;
  mediaIds: string[];
  accountIds: string[];
  /** Only the networks whose text differs from the main text. */
  variants: Array<{ network: Network; text: string }>;
  /** ISO time with offset, or wall-clock time read in `timeZone`; null saves a draft. */
  scheduledAt: string | null;
  timeZone: string;
}

export interface VariantReport extends VariantCheck {
  network: Network;
  displayName: string;
}

export interface PublicationView extends Publication {
  network: Network;
  environment: Account['environment'];
  accountHandle: string;
}

export interface PostView extends Post {
  variants: Variant[];
  publications: PublicationView[];
}

export class PostsService {
  constructor(
    private readonly posts: PostsRepository,
    private readonly publications: PublicationsRepository,
    private readonly accounts: AccountsRepository,
    private readonly media: MediaService,
    private readonly registry: ConnectorRegistry,
    private readonly clock: Clock,
    /** Wakes the scheduler when something becomes due sooner than it expected. */
    private readonly onScheduled: (dueAt: number) => void = () => {},
  ) {}

  /** Checks every variant of a draft against its network, reporting every problem at once. */
  async validate(workspaceId: string, draft: Omit<PostDraft, 'scheduledAt' | 'timeZone'>): Promise<VariantReport[]> {
    const { reports } = await this.check(workspaceId, draft);
    return reports;
  }

  async create(workspaceId: string, userId: string, draft: PostDraft): Promise<PostView> {
    assertTimeZone(draft.timeZone);
    const now = this.clock.now();
    const dueAt = draft.scheduledAt === null ? null : this.resolveDueAt(draft.scheduledAt, draft.timeZone, now);
    const { reports, accounts } = await this.check(workspaceId, draft);
    const problemCount = reports.reduce((sum, report) => sum + report.problems.length, 0);
    if (problemCount > 0) {
      const networks = reports.filter((report) => report.problems.length > 0).map((report) => report.displayName);
      throw new CrierError(
        'invalid_content',
        `${problemCount} problem${problemCount === 1 ? '' : 's'} to fix before this can be scheduled (${networks.join(', ')})`,
        { details: { variants: reports } },
      );
    }

    const post: Post = {
      id: randomUUID(),
      workspaceId,
      campaignId: null,
      text: draft.text,
      mediaIds: draft.mediaIds,
      scheduledAt: dueAt,
      timeZone: draft.timeZone,
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
    };
    const customText = new Map(draft.variants.map((variant) => [variant.network, variant.text]));
    const variants: Variant[] = [...new Set(accounts.map((account) => account.network))].map((network) => ({
      id: randomUUID(),
      postId: post.id,
      network,
      segmentId: null,
      text: customText.get(network) ?? null,
      mediaIds: null,
    }));
    const publications = accounts.map((account) => ({
      id: randomUUID(),
      variantId: variants.find((variant) => variant.network === account.network)?.id ?? '',
      accountId: account.id,
      state: dueAt === null ? ('draft' as const) : ('scheduled' as const),
      dueAt: dueAt ?? now,
    }));
    await this.posts.create(post, variants, publications);
    if (dueAt !== null) this.onScheduled(dueAt);
    return this.get(workspaceId, post.id);
  }

  async get(workspaceId: string, id: string): Promise<PostView> {
    const found = await this.posts.find(workspaceId, id);
    if (!found) throw notFound('Post', id);
    const [view] = await this.toViews(workspaceId, [found]);
    if (!view) throw notFound('Post', id);
    return view;
  }

  async list(workspaceId: string, from: number, to: number): Promise<PostView[]> {
    if (!(from < to)) throw invalidInput('`from` must be before `to`');
    return this.toViews(workspaceId, await this.posts.listInRange(workspaceId, from, to));
  }

  async cancelPublication(workspaceId: string, id: string): Promise<Publication> {
    await this.requirePublication(workspaceId, id);
    const moved = await this.publications.transition({
      id,
      from: ['draft', 'scheduled'],
      to: 'cancelled',
      now: this.clock.now(),
    });
    if (!moved)
      throw new CrierError('conflict', 'Only a draft or scheduled publication can be cancelled; this one has moved on');
    return this.requirePublication(workspaceId, id);
  }

  /** Schedules a failed, unknown or cancelled publication again, due now. */
  async retryPublication(workspaceId: string, id: string): Promise<Publication> {
    await this.requirePublication(workspaceId, id);
    const now = this.clock.now();
    const moved = await this.publications.transition({
      id,
      from: ['failed', 'unknown', 'cancelled', 'draft'],
      to: 'scheduled',
      now,
      nextAttemptAt: now,
    });
    if (!moved)
      throw new CrierError('conflict', 'Only a failed, unknown, cancelled or draft publication can be retried');
    this.onScheduled(now);
    return this.requirePublication(workspaceId, id);
  }

  async attempts(workspaceId: string, publicationId: string) {
    await this.requirePublication(workspaceId, publicationId);
    return this.publications.attempts(publicationId);
  }

  private async requirePublication(workspaceId: string, id: string): Promise<Publication> {
    const publication = await this.publications.find(workspaceId, id);
    if (!publication) throw notFound('Publication', id);
    return publication;
  }

  private resolveDueAt(value: string, timeZone: string, now: number): number {
    const resolved = resolveScheduleTime(value, timeZone);
    if (!resolved.ok) throw invalidInput(resolved.message, { field: 'scheduledAt' });
    if (resolved.at < now - NOW_GRACE_MS) {
      throw invalidInput(`The time ${value} (${timeZone}) is in the past: choose a time from now on`, {
        field: 'scheduledAt',
      });
    }
    return Math.max(resolved.at, now);
  }

  private async check(
    workspaceId: string,
    draft: Omit<PostDraft, 'scheduledAt' | 'timeZone'>,
  ): Promise<{ reports: VariantReport[]; accounts: Account[] }> {
    if (draft.accountIds.length === 0)
      throw invalidInput('Choose at least one account to publish to', { field: 'accountIds' });
    const accounts = await this.requireAccounts(workspaceId, draft.accountIds);
    const networks = new Set(accounts.map((account) => account.network));
    const stray = draft.variants.filter((variant) => !networks.has(variant.network));
    if (stray.length > 0) {
      throw invalidInput(
        `There is a variant for ${stray.map((v) => v.network).join(', ')} but no account of that network is chosen`,
      );
    }
    const media = await this.media.findAll(workspaceId, draft.mediaIds);
    const customText = new Map(draft.variants.map((variant) => [variant.network, variant.text]));
    const reports: VariantReport[] = [];
    for (const network of networks) {
      const account = accounts.find((candidate) => candidate.network === network) as Account;
      const connector = this.registry.get(account.network, account.environment);
      const check = connector.validate({ text: customText.get(network) ?? draft.text, media: media.map(toFacts) });
      reports.push({ network, displayName: connector.displayName, ...check });
    }
    return { reports, accounts };
  }

  private async requireAccounts(workspaceId: string, ids: string[]): Promise<Account[]> {
    const all = await this.accounts.list(workspaceId);
    const unique = [...new Set(ids)];
    const missing = unique.filter((id) => !all.some((account) => account.id === id));
    if (missing.length > 0)
      throw invalidInput(`Unknown account: ${missing.join(', ')}`, { field: 'accountIds', missing });
    const chosen = unique.map((id) => all.find((account) => account.id === id) as Account);
    const unusable = chosen.filter((account) => account.state !== 'connected');
    if (unusable.length > 0) {
      throw invalidInput(
        `Reconnect ${unusable.map((account) => `${account.handle} (${account.network})`).join(', ')} before publishing to it`,
        { field: 'accountIds' },
      );
    }
    return chosen;
  }

  private async toViews(workspaceId: string, found: PostWithPublications[]): Promise<PostView[]> {
    const accounts = new Map((await this.accounts.list(workspaceId)).map((account) => [account.id, account]));
    return found.map(({ post, variants, publications }) => ({
      ...post,
      variants,
      // accounts cascade to their publications, so every publication here has its account
      publications: publications.flatMap((publication) => {
        const account = accounts.get(publication.accountId);
        return account
          ? [
              {
                ...publication,
                network: account.network,
                environment: account.environment,
                accountHandle: account.handle,
              },
            ]
          : [];
      }),
    }));
  }
}

function toFacts(media: Media) {
  return { id: media.id, mimeType: media.mimeType, size: media.size, altText: media.altText };
}
