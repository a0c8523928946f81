import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ManualNetwork, ManualPostFile, PublishRequest } from '../connectors/kit/connector.js';
import type { ConnectorRegistry } from '../connectors/kit/registry.js';
import { CrierError, invalidInput, notFound } from '../core/errors.js';
import type { Account, Publication } from '../core/model.js';
import type { Environment, Network } from '../core/networks.js';
import type { AccountsRepository } from '../store/repositories/accounts.repository.js';
import type { ManualPostingRepository } from '../store/repositories/manual-posting.repository.js';
import type { PostsRepository } from '../store/repositories/posts.repository.js';
import type { ClaimedPublication, PublicationsRepository } from '../store/repositories/publications.repository.js';
import type { Clock } from './clock.js';
import type { MediaService } from './media.service.js';
import { publishMediaOf } from './publish-media.js';

/** What a person needs to make a post by hand, and why Crier cannot make it itself. */
export interface ManualBundleView {
  publicationId: string;
  workspaceId: string;
  network: Network;
  displayName: string;
  accountHandle: string;
  reason: string;
  text: string;
  steps: string[];
  postUrl: string;
  /** In order; each is downloaded by its position. */
  files: Array<{ index: number; fileName: string; mimeType: string; size: number }>;
}

/**
 * Publications on networks Crier cannot post to (ManualNetworks). At the due time the dispatcher hands
 * such a publication here instead of to a connector: its attempt ends as `manual` with no network
 * called, it waits in `awaiting_manual`, and people are reminded. A person then takes the bundle (the
 * text, the files, the steps) prepared by the network's ManualPublishing from the variant's content,
 * posts it, and marks it posted with its link, or cancels it.
 */
export class ManualPostingService {
  constructor(
    private readonly manualPosting: ManualPostingRepository,
    private readonly publications: PublicationsRepository,
    private readonly posts: PostsRepository,
    private readonly accounts: AccountsRepository,
    private readonly registry: ConnectorRegistry,
    private readonly media: MediaService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Whether publications to this network are posted by hand rather than through a connector. */
  isManual(network: Network, environment: Environment): boolean {
    return this.registry.findManual(network, environment) !== undefined;
  }

  /**
   * A claimed publication on a manual network reached its time: record that it waits for a person and
   * remind people. Returns false when the claim was lost meanwhile (nothing changed).
   */
  async handOver(claim: ClaimedPublication, workerId: string): Promise<boolean> {
    const { publication } = claim;
    const now = this.clock.now();
    const account = await this.accounts.find(publication.workspaceId, publication.accountId);
    const manual = account && this.registry.findManual(account.network, account.environment);
    const where = account ? `${manual?.displayName ?? account.network} as ${account.handle}` : 'its network';
    const handed = await this.manualPosting.handOver({
      publicationId: publication.id,
      attemptId: claim.attemptId,
      workerId,
      now,
      reminder: {
        id: randomUUID(),
        workspaceId: publication.workspaceId,
        kind: 'manual_post_due',
        accountId: publication.accountId,
        publicationId: publication.id,
        message: `Time to post on ${where} by hand: take the text and files from the calendar, post them, then mark the publication posted.`,
        createdAt: now,
      },
    });
    if (handed) this.logger.info({ publicationId: publication.id }, 'publication handed to people to post by hand');
    else
      this.logger.warn(
        { publicationId: publication.id },
        'publication was taken from this worker before it was handed over',
      );
    return handed;
  }

  async bundle(workspaceId: string, publicationId: string): Promise<ManualBundleView> {
    const { manual, account, request } = await this.prepareRequest(workspaceId, publicationId);
    const bundle = await manual.manual.prepare(request);
    return {
      publicationId,
      workspaceId,
      network: manual.network,
      displayName: manual.displayName,
      accountHandle: account.handle,
      reason: manual.manual.reason,
      text: bundle.text,
      steps: bundle.steps,
      postUrl: bundle.postUrl,
      files: bundle.files.map((file, index) => ({
        index,
        fileName: file.fileName,
        mimeType: file.mimeType,
        size: file.size,
      })),
    };
  }

  /** One file of the bundle, to stream: nothing is read until the stream is. */
  async file(workspaceId: string, publicationId: string, index: number): Promise<ManualPostFile> {
    const { manual, request } = await this.prepareRequest(workspaceId, publicationId);
    const file = (await manual.manual.prepare(request)).files[index];
    if (!file) throw notFound('File', String(index));
    return file;
  }

  /** A person posted it: published, with the link to the post when they give one. */
  async markPosted(workspaceId: string, publicationId: string, permalink?: string): Promise<Publication> {
    await this.requirePublication(workspaceId, publicationId);
    const marked = await this.manualPosting.markPosted({
      workspaceId,
      id: publicationId,
      permalink: permalink?.trim() || null,
      now: this.clock.now(),
    });
    if (!marked) {
      throw new CrierError('conflict', 'Only a publication waiting to be posted by hand can be marked as posted');
    }
    return this.requirePublication(workspaceId, publicationId);
  }

  private async prepareRequest(
    workspaceId: string,
    publicationId: string,
  ): Promise<{ manual: ManualNetwork; account: Account; request: PublishRequest }> {
    const publication = await this.requirePublication(workspaceId, publicationId);
    const account = await this.accounts.find(workspaceId, publication.accountId);
    if (!account) throw notFound('Account', publication.accountId);
    const manual = this.registry.findManual(account.network, account.environment);
    if (!manual) {
      const name = this.registry.findRules(account.network, account.environment)?.displayName ?? account.network;
      throw invalidInput(`Crier posts to ${name} itself: this publication has nothing to post by hand`);
    }
    const found = await this.posts.findVariant(publication.variantId);
    if (!found) throw notFound('Post', publication.postId);
    const { post, variant } = found;
    const request: PublishRequest = {
      publicationId,
      text: variant.text ?? post.text,
      media: await publishMediaOf(this.media, workspaceId, variant.mediaIds ?? post.mediaIds),
      ...(variant.title !== null ? { title: variant.title } : {}),
      ...(variant.link !== null ? { link: variant.link } : {}),
      ...(variant.options !== null ? { options: variant.options } : {}),
    };
    return { manual, account, request };
  }

  private async requirePublication(workspaceId: string, id: string): Promise<Publication> {
    const publication = await this.publications.find(workspaceId, id);
    if (!publication) throw notFound('Publication', id);
    return publication;
  }
}
