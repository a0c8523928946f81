import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads the environment. Every setting has a default that works on a laptop and a
 * line of documentation; the rest of Crier receives a typed Config and never touches process.env.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  CRIER_PUBLIC_URL: z.string().url().optional(),
  CRIER_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL; leave it unset for the embedded SQLite')
    .optional(),
  CRIER_SECRET_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CRIER_SANDBOX: booleanFlag.default(true),
  CRIER_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CRIER_SANDBOX_BLUESKY: booleanFlag.default(true),
  CRIER_SANDBOX_BLUESKY_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CRIER_SANDBOX_META_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CRIER_SCHEDULER: booleanFlag.default(true),
  CRIER_SCHEDULER_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(100),
  CRIER_SCHEDULER_CONCURRENCY: z.coerce.number().int().min(1).max(5000).default(1000),
  CRIER_WORKER_ID: z
    .string()
    .regex(/^[\w.:-]{1,100}$/, 'letters, digits and . _ : - only')
    .optional(),
  CRIER_PUBLISH_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  CRIER_RECONCILE_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(20_000),
  CRIER_GRAPHILE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case PostgreSQL schema name')
    .default('graphile_worker'),
  CRIER_DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).optional(),
  CRIER_WEB_DIR: z.string().optional(),
  CRIER_LINK_BASE_URL: z.string().url().optional(),
  CRIER_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2})$/, 'CRIER_TRUST_PROXY is true, false or a number of proxies')
    .default('false'),
  CRIER_CLICK_FLUSH_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  CRIER_LINK_CACHE_SIZE: z.coerce.number().int().min(100).max(10_000_000).default(100_000),
  X_CLIENT_ID: z.string().optional(),
  X_CLIENT_SECRET: z.string().optional(),
  X_API_BASE_URL: z.string().url().default('https://api.x.com'),
  X_AUTHORIZE_URL: z.string().url().default('https://x.com/i/oauth2/authorize'),
  X_WEB_URL: z.string().url().default('https://x.com'),
  BLUESKY_SERVICE: z.string().url().default('https://bsky.social'),
  BLUESKY_WEB_URL: z.string().url().default('https://bsky.app'),
  PINTEREST_CLIENT_ID: z.string().optional(),
  PINTEREST_CLIENT_SECRET: z.string().optional(),
  PINTEREST_API_BASE_URL: z.string().url().default('https://api.pinterest.com/v5'),
  PINTEREST_AUTHORIZE_URL: z.string().url().default('https://www.pinterest.com/oauth/'),
  PINTEREST_WEB_URL: z.string().url().default('https://www.pinterest.com'),
  PINTEREST_CONTINUOUS_REFRESH: booleanFlag.default(false),
  SNAPCHAT_CLIENT_ID: z.string().optional(),
  SNAPCHAT_CLIENT_SECRET: z.string().optional(),
  SNAPCHAT_API_BASE_URL: z.string().url().default('https://businessapi.snapchat.com'),
  SNAPCHAT_AUTHORIZE_URL: z.string().url().default('https://accounts.snapchat.com/login/oauth2/authorize'),
  SNAPCHAT_TOKEN_URL: z.string().url().default('https://accounts.snapchat.com/login/oauth2/access_token'),
  SNAPCHAT_WEB_URL: z.string().url().default('https://www.snapchat.com'),
  MASTODON_CLIENT_NAME: z.string().min(1).max(100).default('Crier'),
  MASTODON_WEBSITE: z.string().url().optional(),
  CRIER_SANDBOX_PINTEREST_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CRIER_SANDBOX_SNAPCHAT_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CRIER_SANDBOX_MASTODON_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  YOUTUBE_CLIENT_ID: z.string().optional(),
  YOUTUBE_CLIENT_SECRET: z.string().optional(),
  YOUTUBE_API_BASE_URL: z.string().url().default('https://www.googleapis.com'),
  YOUTUBE_AUTHORIZE_URL: z.string().url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  YOUTUBE_TOKEN_URL: z.string().url().default('https://oauth2.googleapis.com/token'),
  YOUTUBE_WEB_URL: z.string().url().default('https://www.youtube.com'),
  YOUTUBE_DAILY_QUOTA_UNITS: z.coerce.number().int().min(1).default(10_000),
  YOUTUBE_UPLOADS_PER_DAY: z.coerce.number().int().min(1).optional(),
  TIKTOK_CLIENT_KEY: z.string().optional(),
  TIKTOK_CLIENT_SECRET: z.string().optional(),
  TIKTOK_API_BASE_URL: z.string().url().default('https://open.tiktokapis.com'),
  TIKTOK_AUTHORIZE_URL: z.string().url().default('https://www.tiktok.com/v2/auth/authorize/'),
  TIKTOK_WEB_URL: z.string().url().default('https://www.tiktok.com'),
  CRIER_SANDBOX_YOUTUBE_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CRIER_SANDBOX_TIKTOK_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CRIER_MAX_VIDEO_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(4 * 1024 ** 3),
  FACEBOOK_APP_ID: z.string().optional(),
  FACEBOOK_APP_SECRET: z.string().optional(),
  META_GRAPH_BASE_URL: z.string().url().default('https://graph.facebook.com/v25.0'),
  META_DIALOG_URL: z.string().url().default('https://www.facebook.com/v25.0/dialog/oauth'),
  META_RUPLOAD_URL: z.string().url().default('https://rupload.facebook.com'),
  FACEBOOK_WEB_URL: z.string().url().default('https://www.facebook.com'),
  INSTAGRAM_WEB_URL: z.string().url().default('https://www.instagram.com'),
  THREADS_APP_ID: z.string().optional(),
  THREADS_APP_SECRET: z.string().optional(),
  THREADS_GRAPH_URL: z.string().url().default('https://graph.threads.net'),
  THREADS_AUTHORIZE_URL: z.string().url().default('https://threads.net/oauth/authorize'),
  THREADS_WEB_URL: z.string().url().default('https://www.threads.net'),
  CRIER_SANDBOX_THREADS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  LINKEDIN_CLIENT_ID: z.string().optional(),
  LINKEDIN_CLIENT_SECRET: z.string().optional(),
  LINKEDIN_API_URL: z.string().url().default('https://api.linkedin.com'),
  LINKEDIN_OAUTH_URL: z.string().url().default('https://www.linkedin.com/oauth/v2'),
  LINKEDIN_WEB_URL: z.string().url().default('https://www.linkedin.com'),
  LINKEDIN_API_VERSION: z
    .string()
    .regex(/^\d{6}$/, 'LINKEDIN_API_VERSION is a month, YYYYMM')
    .default('202610'),
  CRIER_SANDBOX_LINKEDIN_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

export type EnvironmentVariables = z.input<typeof environmentSchema>;

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  database:
    | { kind: 'sqlite'; file: string }
    /** `schema` confines Crier to one PostgreSQL schema (tests); `poolSize`: connections per process. */
    | { kind: 'postgres'; url: string; schema?: string; poolSize?: number };
  /** Base64 32-byte key for credentials at rest; when absent one is generated in the data folder. */
  secretKey: string | undefined;
  logLevel: string;
  sandbox: { enabled: boolean; port: number; bluesky: boolean; blueskyPort: number; metaPort: number };
  scheduler: {
    /** Take and publish publications in this process (`crier serve`; `crier worker` always does). */
    enabled: boolean;
    pollMs: number;
    concurrency: number;
    /** Recorded on every attempt; a worker restarted under the same id settles its old claims at once. */
    workerId: string;
    /** How long a claim holds before the recovery sweep treats its publication as abandoned. */
    leaseMs: number;
    /** How long after an unknown outcome Crier looks on the network for the post. */
    reconcileDelayMs: number;
    /** graphile-worker's schema, on PostgreSQL. */
    graphileSchema: string;
  };
  webDir: string;
  links: {
    /** Short links of workspaces without their own domain start with this (no trailing slash). */
    baseUrl: string;
    /** True: every proxy in front is trusted; a number: that many; false: the socket's peer is the client. */
    trustProxy: boolean | number;
    clickFlushMs: number;
    cacheSize: number;
  };
  x: { clientId?: string; clientSecret?: string; apiBaseUrl: string; authorizeUrl: string; webUrl: string };
  bluesky: { service: string; webUrl: string };
  pinterest: {
    clientId?: string;
    clientSecret?: string;
    apiBaseUrl: string;
    authorizeUrl: string;
    webUrl: string;
    /** Apps created before 2025-09-25 must ask for continuous refresh tokens. */
    continuousRefresh: boolean;
    sandboxPort: number;
  };
  /** Live Snapchat posting needs an app Snap has allowlisted for its Public Profile API. */
  snapchat: {
    clientId?: string;
    clientSecret?: string;
    apiBaseUrl: string;
    authorizeUrl: string;
    tokenUrl: string;
    webUrl: string;
    sandboxPort: number;
  };
  /** Crier registers itself on each instance under this name. */
  mastodon: { clientName: string; website?: string; sandboxPort: number };
  /** Live YouTube needs the OAuth client of a Google Cloud project with the YouTube Data API enabled. */
  youtube: {
    clientId?: string;
    clientSecret?: string;
    apiBaseUrl: string;
    authorizeUrl: string;
    tokenUrl: string;
    webUrl: string;
    /** Quota units Crier lets each channel spend a day. */
    dailyQuotaUnits: number;
    /** Set when uploads have a bucket of their own (calls a day) instead of costing 1,600 units. */
    uploadsPerDay?: number;
    sandboxPort: number;
  };
  tiktok: {
    clientKey?: string;
    clientSecret?: string;
    apiBaseUrl: string;
    authorizeUrl: string;
    webUrl: string;
    sandboxPort: number;
  };
  /** The library's cap on a video file; images keep their own 20 MB. */
  media: { maxVideoBytes: number };
  /** Facebook Pages and Instagram, one Meta app for both (Facebook Login). */
  meta: {
    appId?: string;
    appSecret?: string;
    graphUrl: string;
    dialogUrl: string;
    ruploadUrl: string;
    facebookWebUrl: string;
    instagramWebUrl: string;
  };
  /** Live Threads needs a Meta app with the Threads use case. */
  threads: {
    appId?: string;
    appSecret?: string;
    graphUrl: string;
    authorizeUrl: string;
    webUrl: string;
    sandboxPort: number;
  };
  /** Live LinkedIn needs an app with the Community Management API product. */
  linkedin: {
    clientId?: string;
    clientSecret?: string;
    apiUrl: string;
    oauthUrl: string;
    webUrl: string;
    /** LinkedIn-Version of every call (YYYYMM); LinkedIn serves each version for about a year. */
    apiVersion: string;
    sandboxPort: number;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.CRIER_DATA_DIR);
  const sandboxPort = e.CRIER_SANDBOX_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1);
  const publicUrl = (e.CRIER_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir,
    database: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          // a publication holds a connection only for its short queries, never during a network call
          poolSize: e.CRIER_DATABASE_POOL_SIZE ?? 10,
        }
      : { kind: 'sqlite', file: path.join(dataDir, 'crier.sqlite') },
    secretKey: e.CRIER_SECRET_KEY,
    logLevel: e.LOG_LEVEL,
    sandbox: {
      enabled: e.CRIER_SANDBOX,
      port: sandboxPort,
      bluesky: e.CRIER_SANDBOX_BLUESKY,
      blueskyPort: e.CRIER_SANDBOX_BLUESKY_PORT ?? (sandboxPort === 0 ? 0 : sandboxPort + 1),
      metaPort: e.CRIER_SANDBOX_META_PORT ?? (sandboxPort === 0 ? 0 : sandboxPort + 2),
    },
    scheduler: {
      enabled: e.CRIER_SCHEDULER,
      pollMs: e.CRIER_SCHEDULER_POLL_MS,
      concurrency: e.CRIER_SCHEDULER_CONCURRENCY,
      workerId: e.CRIER_WORKER_ID ?? `${os.hostname()}-${process.pid}`,
      leaseMs: e.CRIER_PUBLISH_LEASE_MS,
      reconcileDelayMs: e.CRIER_RECONCILE_DELAY_MS,
      graphileSchema: e.CRIER_GRAPHILE_SCHEMA,
    },
    webDir: path.resolve(cwd, e.CRIER_WEB_DIR ?? 'web/dist'),
    links: {
      baseUrl: linkBaseUrl(e.CRIER_LINK_BASE_URL, publicUrl),
      trustProxy:
        e.CRIER_TRUST_PROXY === 'true' ? true : e.CRIER_TRUST_PROXY === 'false' ? false : Number(e.CRIER_TRUST_PROXY),
      clickFlushMs: e.CRIER_CLICK_FLUSH_MS,
      cacheSize: e.CRIER_LINK_CACHE_SIZE,
    },
    x: {
      clientId: e.X_CLIENT_ID,
      clientSecret: e.X_CLIENT_SECRET,
      apiBaseUrl: e.X_API_BASE_URL.replace(/\/$/, ''),
      authorizeUrl: e.X_AUTHORIZE_URL,
      webUrl: e.X_WEB_URL.replace(/\/$/, ''),
    },
    bluesky: { service: e.BLUESKY_SERVICE.replace(/\/$/, ''), webUrl: e.BLUESKY_WEB_URL.replace(/\/$/, '') },
    pinterest: {
      clientId: e.PINTEREST_CLIENT_ID,
      clientSecret: e.PINTEREST_CLIENT_SECRET,
      apiBaseUrl: e.PINTEREST_API_BASE_URL.replace(/\/$/, ''),
      authorizeUrl: e.PINTEREST_AUTHORIZE_URL,
      webUrl: e.PINTEREST_WEB_URL.replace(/\/$/, ''),
      continuousRefresh: e.PINTEREST_CONTINUOUS_REFRESH,
      sandboxPort: e.CRIER_SANDBOX_PINTEREST_PORT ?? (sandboxPort === 0 ? 0 : sandboxPort + 10),
    },
    snapchat: {
      clientId: e.SNAPCHAT_CLIENT_ID,
      clientSecret: e.SNAPCHAT_CLIENT_SECRET,
      apiBaseUrl: e.SNAPCHAT_API_BASE_URL.replace(/\/$/, ''),
      authorizeUrl: e.SNAPCHAT_AUTHORIZE_URL,
      tokenUrl: e.SNAPCHAT_TOKEN_URL,
      webUrl: e.SNAPCHAT_WEB_URL.replace(/\/$/, ''),
      sandboxPort: e.CRIER_SANDBOX_SNAPCHAT_PORT ?? (sandboxPort === 0 ? 0 : sandboxPort + 11),
    },
    mastodon: {
      clientName: e.MASTODON_CLIENT_NAME,
      website: e.MASTODON_WEBSITE,
      sandboxPort: e.CRIER_SANDBOX_MASTODON_PORT ?? (sandboxPort === 0 ? 0 : sandboxPort + 12),
    },
    youtube: {
      clientId: e.YOUTUBE_CLIENT_ID,
      clientSecret: e.YOUTUBE_CLIENT_SECRET,
      apiBaseUrl: e.YOUTUBE_API_BASE_URL.replace(/\/$/, ''),
      authorizeUrl: e.YOUTUBE_AUTHORIZE_URL,
      tokenUrl: e.YOUTUBE_TOKEN_URL,
      webUrl: e.YOUTUBE_WEB_URL.replace(/\/$/, ''),
      dailyQuotaUnits: e.YOUTUBE_DAILY_QUOTA_UNITS,
      uploadsPerDay: e.YOUTUBE_UPLOADS_PER_DAY,
      sandboxPort: e.CRIER_SANDBOX_YOUTUBE_PORT ?? (sandboxPort === 0 ? 0 : sandboxPort + 13),
    },
    tiktok: {
      clientKey: e.TIKTOK_CLIENT_KEY,
      clientSecret: e.TIKTOK_CLIENT_SECRET,
      apiBaseUrl: e.TIKTOK_API_BASE_URL.replace(/\/$/, ''),
      authorizeUrl: e.TIKTOK_AUTHORIZE_URL,
      webUrl: e.TIKTOK_WEB_URL.replace(/\/$/, ''),
      sandboxPort: e.CRIER_SANDBOX_TIKTOK_PORT ?? (sandboxPort === 0 ? 0 : sandboxPort + 14),
    },
    media: { maxVideoBytes: e.CRIER_MAX_VIDEO_BYTES },
    meta: {
      appId: e.FACEBOOK_APP_ID,
      appSecret: e.FACEBOOK_APP_SECRET,
      graphUrl: e.META_GRAPH_BASE_URL.replace(/\/$/, ''),
      dialogUrl: e.META_DIALOG_URL,
      ruploadUrl: e.META_RUPLOAD_URL.replace(/\/$/, ''),
      facebookWebUrl: e.FACEBOOK_WEB_URL.replace(/\/$/, ''),
      instagramWebUrl: e.INSTAGRAM_WEB_URL.replace(/\/$/, ''),
    },
    threads: {
      appId: e.THREADS_APP_ID,
      appSecret: e.THREADS_APP_SECRET,
      graphUrl: e.THREADS_GRAPH_URL.replace(/\/$/, ''),
      authorizeUrl: e.THREADS_AUTHORIZE_URL,
      webUrl: e.THREADS_WEB_URL.replace(/\/$/, ''),
      sandboxPort: e.CRIER_SANDBOX_THREADS_PORT ?? (sandboxPort === 0 ? 0 : sandboxPort + 3),
    },
    linkedin: {
      clientId: e.LINKEDIN_CLIENT_ID,
      clientSecret: e.LINKEDIN_CLIENT_SECRET,
      apiUrl: e.LINKEDIN_API_URL.replace(/\/$/, ''),
      oauthUrl: e.LINKEDIN_OAUTH_URL.replace(/\/$/, ''),
      webUrl: e.LINKEDIN_WEB_URL.replace(/\/$/, ''),
      apiVersion: e.LINKEDIN_API_VERSION,
      sandboxPort: e.CRIER_SANDBOX_LINKEDIN_PORT ?? (sandboxPort === 0 ? 0 : sandboxPort + 4),
    },
  };
}

/**
 * Short links are served either at `/l/:code` on any host Crier answers (a base ending in `/l`), or at
 * `/:code` on a host of their own (a bare origin, recognised by the Host header) — which then cannot
 * be the host of the web UI.
 */
function linkBaseUrl(configured: string | undefined, publicUrl: string): string {
  if (configured === undefined) return `${publicUrl}/l`;
  const url = new URL(configured);
  const path = url.pathname.replace(/\/$/, '');
  if (url.search || url.hash || (path !== '' && path !== '/l')) {
    throw new ConfigError(`CRIER_LINK_BASE_URL must be an origin (https://go.example) or end in /l; got ${configured}`);
  }
  if (path === '' && url.host === new URL(publicUrl).host) {
    throw new ConfigError(
      'CRIER_LINK_BASE_URL on the web UI’s own host must end in /l, or every page would be read as a code',
    );
  }
  return `${url.origin}${path}`;
}

/** Documentation of every variable, printed by `crier config` and copied into the README. */
export const CONFIG_DOCS: Record<keyof EnvironmentVariables, string> = {
  PORT: 'HTTP port of the API and web UI (default 3000)',
  HOST: 'Interface to listen on (default 127.0.0.1; 0.0.0.0 to expose it)',
  CRIER_PUBLIC_URL: 'URL people and networks reach Crier at, for OAuth callbacks (default http://localhost:PORT)',
  CRIER_DATA_DIR: 'Folder for the SQLite database, media and the generated key (default ./data)',
  DATABASE_URL: 'postgres:// URL to use PostgreSQL instead of the embedded SQLite',
  CRIER_SECRET_KEY: 'Base64 32-byte key encrypting account tokens at rest (default: generated in the data folder)',
  LOG_LEVEL: 'pino log level (default info)',
  CRIER_SANDBOX: 'Start the local network emulators and offer sandbox accounts (default true)',
  CRIER_SANDBOX_PORT: 'Port of the X emulator (default PORT+1)',
  CRIER_SANDBOX_BLUESKY: 'Start a local Bluesky PDS in process for the sandbox (default true)',
  CRIER_SANDBOX_BLUESKY_PORT: 'Port of the local Bluesky PDS (default PORT+2)',
  CRIER_SANDBOX_META_PORT: 'Port of the Facebook and Instagram (Graph API) emulator (default PORT+3)',
  CRIER_SCHEDULER:
    'Publish from this `crier serve` process (default true): the embedded scheduler on SQLite, a graphile-worker on PostgreSQL; false serves the API only',
  CRIER_SCHEDULER_POLL_MS:
    'Longest wait before a publication due in the future is picked up, in ms (default 100; graphile-worker pollInterval)',
  CRIER_SCHEDULER_CONCURRENCY:
    'Publications one process holds at once: being published, or readied in the second before they are due (default 1000)',
  CRIER_WORKER_ID:
    'Stable name of this worker (default host-pid); a worker restarted under its name settles what it held at once',
  CRIER_PUBLISH_LEASE_MS:
    'How long a claim on a publication holds before the recovery sweep treats it as abandoned (default 120000)',
  CRIER_RECONCILE_DELAY_MS: 'Wait after an unknown outcome before looking on the network for the post (default 20000)',
  CRIER_GRAPHILE_SCHEMA: 'PostgreSQL schema of the graphile-worker job queue (default graphile_worker)',
  CRIER_DATABASE_POOL_SIZE:
    'PostgreSQL connections per process for Crier itself (default 10; graphile-worker keeps its own 10)',
  CRIER_WEB_DIR: 'Folder of the built web UI (default web/dist)',
  CRIER_LINK_BASE_URL:
    'Start of short links for workspaces without a link domain: an origin served at /:code, or a URL ending in /l (default CRIER_PUBLIC_URL/l)',
  CRIER_TRUST_PROXY:
    'Read the client address from X-Forwarded-For: false, true (trust every proxy) or the number of proxies in front (default false)',
  CRIER_CLICK_FLUSH_MS:
    'Longest time a click waits in memory before it is written, in ms: the most lost on a crash (default 1000)',
  CRIER_LINK_CACHE_SIZE: 'Short links the redirect keeps in memory (default 100000)',
  X_CLIENT_ID: 'OAuth 2.0 client id of your X app (enables live X accounts)',
  X_CLIENT_SECRET: 'OAuth 2.0 client secret of your X app, for confidential clients',
  X_API_BASE_URL: 'X API base URL (default https://api.x.com)',
  X_AUTHORIZE_URL: 'X authorization page (default https://x.com/i/oauth2/authorize)',
  X_WEB_URL: 'Base of X permalinks (default https://x.com)',
  BLUESKY_SERVICE: 'Default Bluesky PDS for live accounts (default https://bsky.social)',
  BLUESKY_WEB_URL: 'Base of Bluesky permalinks (default https://bsky.app)',
  PINTEREST_CLIENT_ID: 'App id of your Pinterest app (enables live Pinterest accounts, with PINTEREST_CLIENT_SECRET)',
  PINTEREST_CLIENT_SECRET: 'App secret of your Pinterest app, sent with HTTP Basic to the token endpoint',
  PINTEREST_API_BASE_URL: 'Pinterest API base URL (default https://api.pinterest.com/v5)',
  PINTEREST_AUTHORIZE_URL: 'Pinterest authorization page (default https://www.pinterest.com/oauth/)',
  PINTEREST_WEB_URL: 'Base of Pinterest profiles and Pin permalinks (default https://www.pinterest.com)',
  PINTEREST_CONTINUOUS_REFRESH:
    'Send continuous_refresh=true when refreshing: apps created before 2025-09-25 need it (default false)',
  SNAPCHAT_CLIENT_ID:
    'OAuth client id of a Snap app allowlisted for the Public Profile API; without it Snapchat posts are prepared for posting by hand',
  SNAPCHAT_CLIENT_SECRET: 'OAuth client secret of that Snap app',
  SNAPCHAT_API_BASE_URL: 'Snap business API base URL (default https://businessapi.snapchat.com)',
  SNAPCHAT_AUTHORIZE_URL: 'Snap authorization page (default https://accounts.snapchat.com/login/oauth2/authorize)',
  SNAPCHAT_TOKEN_URL: 'Snap token endpoint (default https://accounts.snapchat.com/login/oauth2/access_token)',
  SNAPCHAT_WEB_URL: 'Base of Snapchat public profile links (default https://www.snapchat.com)',
  MASTODON_CLIENT_NAME:
    'Name Crier registers under on each Mastodon instance, shown on its consent page (default Crier)',
  MASTODON_WEBSITE: 'Website shown with that registration (optional)',
  CRIER_SANDBOX_PINTEREST_PORT: 'Port of the Pinterest emulator (default PORT+11)',
  CRIER_SANDBOX_SNAPCHAT_PORT: 'Port of the Snapchat emulator (default PORT+12)',
  CRIER_SANDBOX_MASTODON_PORT: 'Port of the Mastodon emulator (default PORT+13)',
  YOUTUBE_CLIENT_ID:
    'OAuth client id of a Google Cloud project with the YouTube Data API enabled (enables live YouTube channels, with YOUTUBE_CLIENT_SECRET)',
  YOUTUBE_CLIENT_SECRET: 'OAuth client secret of that Google client',
  YOUTUBE_API_BASE_URL: 'YouTube Data API and upload base URL (default https://www.googleapis.com)',
  YOUTUBE_AUTHORIZE_URL: 'Google authorization page (default https://accounts.google.com/o/oauth2/v2/auth)',
  YOUTUBE_TOKEN_URL: 'Google token endpoint (default https://oauth2.googleapis.com/token)',
  YOUTUBE_WEB_URL: 'Base of YouTube channel and video links (default https://www.youtube.com)',
  YOUTUBE_DAILY_QUOTA_UNITS:
    'Quota units Crier lets each YouTube channel spend a day, counted before each call (default 10000, Google’s per-project quota: divide it when channels share a project)',
  YOUTUBE_UPLOADS_PER_DAY:
    'Set when your project’s uploads have their own bucket of calls a day (the 2026 quota page) instead of costing 1600 units each',
  TIKTOK_CLIENT_KEY: 'Client key of your TikTok app with the Content Posting API (enables live TikTok accounts)',
  TIKTOK_CLIENT_SECRET: 'Client secret of that TikTok app',
  TIKTOK_API_BASE_URL: 'TikTok API base URL (default https://open.tiktokapis.com)',
  TIKTOK_AUTHORIZE_URL: 'TikTok authorization page (default https://www.tiktok.com/v2/auth/authorize/)',
  TIKTOK_WEB_URL: 'Base of TikTok profile and video links (default https://www.tiktok.com)',
  CRIER_SANDBOX_YOUTUBE_PORT: 'Port of the YouTube emulator (default PORT+14)',
  CRIER_SANDBOX_TIKTOK_PORT: 'Port of the TikTok emulator (default PORT+15)',
  CRIER_MAX_VIDEO_BYTES: 'Largest video the media library takes, in bytes (default 4294967296, TikTok’s 4 GB)',
  FACEBOOK_APP_ID: 'App ID of your Meta app (enables live Facebook Pages and Instagram accounts)',
  FACEBOOK_APP_SECRET: 'App secret of your Meta app (token exchange and appsecret_proof)',
  META_GRAPH_BASE_URL: 'Graph API base with its version (default https://graph.facebook.com/v25.0)',
  META_DIALOG_URL: 'Facebook Login dialog (default https://www.facebook.com/v25.0/dialog/oauth)',
  META_RUPLOAD_URL: 'Host of reel and Instagram video uploads (default https://rupload.facebook.com)',
  FACEBOOK_WEB_URL: 'Base of Facebook Page links (default https://www.facebook.com)',
  INSTAGRAM_WEB_URL: 'Base of Instagram profile links (default https://www.instagram.com)',
  THREADS_APP_ID: 'Threads app id of your Meta app with the Threads use case (enables live Threads accounts)',
  THREADS_APP_SECRET: 'Threads app secret of that Meta app',
  THREADS_GRAPH_URL: 'Threads Graph API host, without version (default https://graph.threads.net)',
  THREADS_AUTHORIZE_URL: 'Threads authorization window (default https://threads.net/oauth/authorize)',
  THREADS_WEB_URL: 'Base of Threads profile links (default https://www.threads.net)',
  CRIER_SANDBOX_THREADS_PORT: 'Port of the Threads emulator (default PORT+4)',
  LINKEDIN_CLIENT_ID:
    'Client id of your LinkedIn app with the Community Management API (enables live LinkedIn accounts)',
  LINKEDIN_CLIENT_SECRET: 'Client secret of that LinkedIn app',
  LINKEDIN_API_URL: 'LinkedIn API host (default https://api.linkedin.com)',
  LINKEDIN_OAUTH_URL:
    'LinkedIn OAuth 2.0 base, with /authorization and /accessToken under it (default https://www.linkedin.com/oauth/v2)',
  LINKEDIN_WEB_URL: 'Base of LinkedIn page and post links (default https://www.linkedin.com)',
  LINKEDIN_API_VERSION:
    'LinkedIn-Version sent with every call, YYYYMM; LinkedIn retires a version after about a year (default 202610)',
  CRIER_SANDBOX_LINKEDIN_PORT: 'Port of the LinkedIn emulator (default PORT+5)',
};
