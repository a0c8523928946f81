import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino, { type Logger } from 'pino';
import type { Config } from './config/config.js';
import type { Connector, ManualNetwork } from './connectors/kit/connector.js';
import { ConnectorRegistry } from './connectors/kit/registry.js';
import type { Network } from './core/networks.js';
import { buildHttpApp } from './http/app.js';
import { redirectHandler } from './http/redirect.js';
import type { PublicationQueue } from './jobs/publication-queue.js';
import { wirePublishing } from './publishing-composition.js';
import type { AccountTokensService } from './services/account-tokens.service.js';
import { AccountsService, type SandboxHint } from './services/accounts.service.js';
import type { AlertsService } from './services/alerts.service.js';
import { AuthService } from './services/auth.service.js';
import { CampaignsService } from './services/campaigns.service.js';
import { ClickRecorder } from './services/click-recorder.js';
import { type Clock, systemClock } from './services/clock.js';
import { ConversionsService } from './services/conversions.service.js';
import { LinkCache } from './services/link-cache.js';
import { LinkReportsService } from './services/link-reports.service.js';
import { LinksService } from './services/links.service.js';
import type { ManualPostingService } from './services/manual-posting.service.js';
import { DEFAULT_MEDIA_LIMITS, MediaService } from './services/media.service.js';
import { PostsService } from './services/posts.service.js';
import type { PublishingService } from './services/publishing.service.js';
import type { RecoveryService } from './services/recovery.service.js';
import { RedirectService } from './services/redirect.service.js';
import { SegmentsService } from './services/segments.service.js';
import { openCountryLookup } from './store/country-lookup.js';
import { type CrierDatabase, migrateToLatest, openDatabase } from './store/database.js';
import { MediaFiles } from './store/media-files.js';
import { SecretBox } from './store/secret-box.js';
import { createStore, type Store } from './store/store.js';

export interface CrierOptions {
  config: Config;
  connectors: Connector[];
  /** Networks Crier offers without an API to post through: it prepares posts for people to make by hand. */
  manualNetworks?: ManualNetwork[];
  sandboxHints?: Partial<Record<Network, SandboxHint>>;
  logger?: Logger;
  clock?: Clock;
}

export interface Crier {
  config: Config;
  logger: Logger;
  database: CrierDatabase;
  store: Store;
  services: {
    auth: AuthService;
    accounts: AccountsService;
    media: MediaService;
    posts: PostsService;
    publishing: PublishingService;
    manualPosting: ManualPostingService;
    segments: SegmentsService;
    campaigns: CampaignsService;
    links: LinksService;
    linkReports: LinkReportsService;
    conversions: ConversionsService;
    redirects: RedirectService;
    clicks: ClickRecorder;
  };
  /** The embedded scheduler on SQLite, graphile-worker on PostgreSQL. */
  queue: PublicationQueue;
  tokens: AccountTokensService;
  recovery: RecoveryService;
  alerts: AlertsService;
  http: FastifyInstance;
  /** Starts publishing here (when the scheduler is enabled) and the HTTP server; returns its address. */
  start(): Promise<string>;
  /** Starts publishing only, no HTTP: `crier worker`. */
  startWorker(): Promise<void>;
  /** Stops taking requests and work, finishes what is in flight, closes the database. */
  close(): Promise<void>;
}

export const VERSION = readVersion();

/** Another process's change to a link (turned off, say) reaches this one's redirect cache within this. */
const LINK_REFRESH_MS = 10_000;
/** Clicks written per batch once this many wait; under load a batch is written every few milliseconds. */
const CLICK_BATCH_SIZE = 1_000;
/** Clicks kept in memory while the database refuses writes, before the oldest are dropped. */
const MAX_BUFFERED_CLICKS = 200_000;

/** The composition root: the one place where repositories, services, connectors and HTTP meet. */
export async function createCrier(options: CrierOptions): Promise<Crier> {
  const { config } = options;
  const logger =
    options.logger ??
    pino({
      level: config.logLevel,
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', '*.password'], remove: true },
    });
  const clock = options.clock ?? systemClock;

  const database = openDatabase(config.database);
  const applied = await migrateToLatest(database);
  if (applied.length > 0) logger.info({ migrations: applied, database: database.dialect }, 'database migrated');
  const store = createStore(database);
  const secrets = config.secretKey ? SecretBox.fromKey(config.secretKey) : SecretBox.fromKeyFile(config.dataDir);

  const registry = new ConnectorRegistry();
  for (const connector of options.connectors) registry.register(connector);
  for (const manual of options.manualNetworks ?? []) registry.registerManual(manual);

  const auth = new AuthService(store.users, clock);
  const accounts = new AccountsService(
    store.accounts,
    registry,
    secrets,
    clock,
    config.publicUrl,
    options.sandboxHints,
  );
  const media = new MediaService(store.media, new MediaFiles(path.join(config.dataDir, 'media')), clock, {
    ...DEFAULT_MEDIA_LIMITS,
    maxVideoBytes: config.media.maxVideoBytes,
  });
  const { queue, tokens, recovery, alerts, publishing, manualPosting } = wirePublishing({
    config,
    store,
    registry,
    accounts,
    media,
    secrets,
    clock,
    logger,
  });
  const segments = new SegmentsService(store.segments, clock);
  const linkCache = new LinkCache(store.links, clock, logger.child({ component: 'links' }), {
    maxEntries: config.links.cacheSize,
    refreshMs: LINK_REFRESH_MS,
  });
  const clicks = new ClickRecorder(
    store.clicks,
    openCountryLookup(config.dataDir),
    clock,
    logger.child({ component: 'clicks' }),
    { flushMs: config.links.clickFlushMs, batchSize: CLICK_BATCH_SIZE, maxBuffered: MAX_BUFFERED_CLICKS },
  );
  const redirects = new RedirectService(linkCache, clicks, clock, config.links.trustProxy);
  const campaigns = new CampaignsService(store.campaigns, clock);
  const links = new LinksService(store.links, store.campaigns, linkCache, clock, {
    baseUrl: config.links.baseUrl,
    publicUrl: config.publicUrl,
  });
  await links.loadDomains();
  const linkReports = new LinkReportsService(store.linkReports, store.links, store.campaigns);
  const conversions = new ConversionsService(store.clicks, clock);
  const posts = new PostsService(
    store.posts,
    store.publications,
    store.accounts,
    store.alerts,
    media,
    registry,
    segments,
    clock,
    queue,
    links,
  );

  const http = await buildHttpApp(
    {
      services: {
        auth,
        accounts,
        media,
        posts,
        manualPosting,
        segments,
        campaigns,
        links,
        linkReports,
        conversions,
        alerts,
      },
      queue,
      version: VERSION,
      databaseKind: database.dialect,
      secureCookies: config.publicUrl.startsWith('https://'),
      ping: async () => {
        await sql`select 1`.execute(database.db);
      },
    },
    { logger, webDir: config.webDir, ahead: redirectHandler(redirects, links) },
  );

  return {
    config,
    logger,
    database,
    store,
    services: {
      auth,
      accounts,
      media,
      posts,
      publishing,
      manualPosting,
      segments,
      campaigns,
      links,
      linkReports,
      conversions,
      redirects,
      clicks,
    },
    queue,
    tokens,
    recovery,
    alerts,
    http,
    async start() {
      clicks.start();
      const warmed = await linkCache.start();
      logger.debug({ links: warmed }, 'short links loaded into the redirect cache');
      await queue.start({ work: config.scheduler.enabled });
      return http.listen({ port: config.port, host: config.host });
    },
    async startWorker() {
      await queue.start({ work: true });
    },
    async close() {
      await http.close();
      linkCache.stop();
      // after the server: no click can arrive once the last batch is written
      await clicks.stop();
      await queue.stop();
      await database.close();
    },
  };
}

function readVersion(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    const file = new URL(candidate, import.meta.url);
    if (fs.existsSync(file)) {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'crier' && parsed.version) return parsed.version;
    }
  }
  return '0.0.0';
}
