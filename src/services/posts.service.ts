import { randomUUID } from 'node:crypto';
import type { ConnectorRegistry } from '../connectors/kit/registry.js';
import type { VariantCheck } from '../core/content.js';
import { CrierError, invalidInput, notFound } from '../core/errors.js';
import type { Link } from '../core/links/model.js';
import type { Account, Media, Post, Publication, Variant } from '../core/model.js';
import type { Network } from '../core/networks.js';
import type { Segment } from '../core/segment.js';
import { describeAdjustment, resolveScheduleTime, type ScheduleAdjustment } from '../core/time.js';
import type { AccountsRepository } from '../store/repositories/accounts.repository.js';
import type { AlertsRepository } from '../store/repositories/alerts.repository.js';
import type { PostsRepository, PostWithPublications } from '../store/repositories/posts.repository.js';
import type { PublicationsRepository } from '../store/repositories/publications.repository.js';
import { assertTimeZone } from './auth.service.js';
import type { Clock } from './clock.js';
import type { PostToTrack, TrackedPost } from './links.service.js';
import type { MediaService } from './media.service.js';
import { NO_SCHEDULING, type PublicationScheduling } from './publication-scheduling.js';
import type { SegmentsService } from './segments.service.js';
import { targetingProblems } from './targeting-problems.js';

/** A schedule time this far in the past still means "now": the request took a moment to arrive. */
const NOW_GRACE_MS = 60_000;

export interface PostDraft {
  text: string;
  mediaIds: string[];
  accountIds: string[];
  /**
   * Per-network differences: a variant without segment changes the network's text; variants with a
   * segment replace it with one publication per audience (compiled to the network's targeting).
   */
  variants: DraftVariant[];
  /** ISO time with offset, or wall-clock time read in `timeZone`; null saves a draft. */
  scheduledAt: string | null;
  timeZone: string;
  /** Campaign id or slug. */
  campaignId?: string | null;
  /** False keeps the URLs as written; by default every URL becomes a tracked short link. */
  trackLinks?: boolean;
}

/** Campaigns and tracked links, as PostsService needs them (LinksService provides them). */
export interface PostTracking {
  campaignId(workspaceId: string, idOrSlug: string): Promise<string | undefined>;
  trackPost(post: PostToTrack): Promise<TrackedPost>;
}

export interface DraftVariant {
  network: Network;
  /** Null or absent: the post's main text. */
  text?: string | null;
  segmentId?: string | null;
  title?: string | null;
  link?: string | null;
  options?: Record<string, unknown> | null;
}

export interface VariantReport extends VariantCheck {
  network: Network;
  displayName: string;
  segmentId?: string;
  segmentName?: string;
}

/** One variant as it will be stored: a network, maybe an audience, its own text or the main one. */
interface PlannedVariant {
  network: Network;
  segment: Segment | null;
  text: string | null;
  title: string | null;
  link: string | null;
  options: Record<string, unknown> | null;
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

/** A post just created; when its time fell in a daylight-saving gap or overlap, how it was resolved. */
export type CreatedPost = PostView & { scheduleAdjustment?: ScheduleAdjustment };

export class PostsService {
  constructor(
    private readonly posts: PostsRepository,
    private readonly publications: PublicationsRepository,
    private readonly accounts: AccountsRepository,
    private readonly alerts: AlertsRepository,
    private readonly media: MediaService,
    private readonly registry: ConnectorRegistry,
    private readonly segments: SegmentsService,
    private readonly clock: Clock,
    /** Tells the publication queue when publications become due or are cancelled. */
    private readonly queue: PublicationScheduling = NO_SCHEDULING,
    private readonly tracking?: PostTracking,
  ) {}

  /** Checks every variant of a draft against its network, reporting every problem at once. */
  async validate(workspaceId: string, draft: Omit<PostDraft, 'scheduledAt' | 'timeZone'>): Promise<VariantReport[]> {
    const { reports } = await this.check(workspaceId, draft);
    return reports;
  }

  async create(workspaceId: string, userId: string, draft: PostDraft): Promise<CreatedPost> {
    assertTimeZone(draft.timeZone);
    const now = this.clock.now();
    const schedule = draft.scheduledAt === null ? null : this.resolveDueAt(draft.scheduledAt, draft.timeZone, now);
    const dueAt = schedule?.at ?? null;
    const { reports, accounts, planned } = await this.check(workspaceId, draft);
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
      campaignId: draft.campaignId ? await this.requireCampaign(workspaceId, draft.campaignId) : null,
      text: draft.text,
      mediaIds: draft.mediaIds,
      scheduledAt: dueAt,
      timeZone: draft.timeZone,
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
    };
    const variants: Variant[] = planned.map((variant) => ({
      id: randomUUID(),
      postId: post.id,
      network: variant.network,
      segmentId: variant.segment?.id ?? null,
      text: variant.text,
      mediaIds: null,
      title: variant.title,
      link: variant.link,
      options: variant.options,
    }));
    // every account gets each variant of its network: one publication per audience
    const publications = accounts.flatMap((account) =>
      variants
        .filter((variant) => variant.network === account.network)
        .map((variant) => ({
          id: randomUUID(),
          variantId: variant.id,
          accountId: account.id,
          state: dueAt === null ? ('draft' as const) : ('scheduled' as const),
          dueAt: dueAt ?? now,
        })),
    );
    const links = draft.trackLinks === false ? [] : await this.trackLinks(post, variants, accounts);
    await this.posts.create(post, variants, publications, links);
    if (dueAt !== null) {
      await this.queue.schedule(publications.map((publication) => ({ publicationId: publication.id, dueAt })));
    }
    const view = await this.get(workspaceId, post.id);
    return schedule?.adjustment ? { ...view, scheduleAdjustment: schedule.adjustment } : view;
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

  /** Cancels a draft, a scheduled publication, or one waiting to be posted by hand (its reminder closes). */
  async cancelPublication(workspaceId: string, id: string): Promise<Publication> {
    await this.requirePublication(workspaceId, id);
    const now = this.clock.now();
    const moved = await this.publications.transition({
      id,
      from: ['draft', 'scheduled', 'awaiting_manual'],
      to: 'cancelled',
      now,
    });
    if (!moved) {
      throw new CrierError(
        'conflict',
        'Only a draft, scheduled or to-be-posted-by-hand publication can be cancelled; this one has moved on',
      );
    }
    await this.queue.unschedule([id]);
    await this.alerts.resolveForPublication(id, now);
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
    await this.queue.schedule([{ publicationId: id, dueAt: now }]);
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

  /** The due time, and how the daylight-saving rule changed it, if it did (core/time.ts). */
  private resolveDueAt(
    value: string,
    timeZone: string,
    now: number,
  ): { at: number; adjustment: ScheduleAdjustment | undefined } {
    const resolved = resolveScheduleTime(value, timeZone);
    if (!resolved.ok) throw invalidInput(resolved.message, { field: 'scheduledAt' });
    if (resolved.at < now - NOW_GRACE_MS) {
      throw invalidInput(`The time ${value} (${timeZone}) is in the past: choose a time from now on`, {
        field: 'scheduledAt',
      });
    }
    return { at: Math.max(resolved.at, now), adjustment: describeAdjustment(value, timeZone, resolved) };
  }

  private async check(
    workspaceId: string,
    draft: Omit<PostDraft, 'scheduledAt' | 'timeZone'>,
  ): Promise<{ reports: VariantReport[]; accounts: Account[]; planned: PlannedVariant[] }> {
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
    const media = (await this.media.findAll(workspaceId, draft.mediaIds)).map(toFacts);
    const planned = await this.plan(workspaceId, networks, draft.variants);
    const reports: VariantReport[] = planned.map((variant) => {
      const account = accounts.find((candidate) => candidate.network === variant.network) as Account;
      const rules = this.registry.rulesFor(account.network, account.environment);
      const check = rules.validate({ ...contentOf(variant), text: variant.text ?? draft.text, media });
      const report: VariantReport = { network: variant.network, displayName: rules.displayName, ...check };
      if (variant.segment) {
        report.segmentId = variant.segment.id;
        report.segmentName = variant.segment.name;
        report.problems = [...report.problems, ...targetingProblems(rules, variant.segment)];
      }
      return report;
    });
    return { reports, accounts, planned };
  }

  /** The variants to store: per network, its audience variants if it has any, else its one variant. */
  private async plan(workspaceId: string, networks: Set<Network>, drafts: DraftVariant[]): Promise<PlannedVariant[]> {
    const planned: PlannedVariant[] = [];
    for (const network of networks) {
      const ofNetwork = drafts.filter((variant) => variant.network === network);
      const withSegment = ofNetwork.filter((variant) => variant.segmentId);
      if (withSegment.length === 0) {
        planned.push({ network, segment: null, ...details(ofNetwork[0]) });
        continue;
      }
      const seen = new Set<string>();
      for (const variant of withSegment) {
        const segmentId = variant.segmentId as string;
        if (seen.has(segmentId)) throw invalidInput(`Two ${network} variants target the same segment`);
        seen.add(segmentId);
        planned.push({ network, segment: await this.segments.get(workspaceId, segmentId), ...details(variant) });
      }
    }
    return planned;
  }

  private async requireCampaign(workspaceId: string, idOrSlug: string): Promise<string> {
    const id = await this.tracking?.campaignId(workspaceId, idOrSlug);
    if (!id) throw invalidInput(`Unknown campaign ${idOrSlug}`, { field: 'campaignId' });
    return id;
  }

  /**
   * Puts a tracked short link in place of every URL of every variant (the stored variant text is what
   * gets published), then checks the texts again: X counts every URL as 23 characters, but a network
   * that counts each character may find a short link longer than the URL it replaced.
   */
  private async trackLinks(post: Post, variants: Variant[], accounts: Account[]): Promise<Link[]> {
    if (!this.tracking) return [];
    const tracked = await this.tracking.trackPost({
      workspaceId: post.workspaceId,
      userId: post.createdBy,
      postId: post.id,
      campaignId: post.campaignId,
      variants: variants.map((variant) => ({
        variantId: variant.id,
        network: variant.network,
        segmentId: variant.segmentId,
        text: variant.text ?? post.text,
        link: variant.link,
      })),
    });
    if (tracked.links.length === 0) return [];
    const media = (await this.media.findAll(post.workspaceId, post.mediaIds)).map(toFacts);
    const reports: VariantReport[] = [];
    for (const variant of variants) {
      const text = tracked.texts.get(variant.id);
      const link = tracked.linkFields.get(variant.id);
      if (text === undefined && link === undefined) continue;
      if (text !== undefined) variant.text = text;
      if (link !== undefined) variant.link = link;
      const account = accounts.find((candidate) => candidate.network === variant.network) as Account;
      const rules = this.registry.rulesFor(account.network, account.environment);
      const check = rules.validate({ ...contentOf(variant), text: variant.text ?? post.text, media });
      if (check.problems.length > 0)
        reports.push({ network: variant.network, displayName: rules.displayName, ...check });
    }
    if (reports.length > 0) {
      throw new CrierError(
        'invalid_content',
        `With its links shortened for tracking, the text no longer fits ${reports.map((report) => report.displayName).join(', ')}: shorten it, or turn link tracking off for this post`,
        { details: { variants: reports } },
      );
    }
    return tracked.links;
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

function details(variant: DraftVariant | undefined) {
  return {
    text: variant?.text ?? null,
    title: variant?.title ?? null,
    link: variant?.link ?? null,
    options: variant?.options ?? null,
  };
}

/** The fields beside text and media that a connector checks, without nulls. */
function contentOf(variant: { title: string | null; link: string | null; options: Record<string, unknown> | null }) {
  return {
    ...(variant.title !== null ? { title: variant.title } : {}),
    ...(variant.link !== null ? { link: variant.link } : {}),
    ...(variant.options !== null ? { options: variant.options } : {}),
  };
}

function toFacts(media: Media) {
  return { id: media.id, mimeType: media.mimeType, size: media.size, altText: media.altText };
}
