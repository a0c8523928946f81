import type { Generated } from 'kysely';

/**
 * Table shapes shared by both dialects. Times are epoch milliseconds (bigint in PostgreSQL, parsed
 * back to numbers) so that ordering and arithmetic are identical on SQLite and PostgreSQL.
 * Booleans are stored as 0/1 integers for the same reason.
 */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a leaked database does not yield usable sessions. */
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  time_zone: string;
  created_at: number;
}

export interface MembersTable {
  workspace_id: string;
  user_id: string;
  role: string;
  created_at: number;
}

export interface AccountsTable {
  id: string;
  workspace_id: string;
  network: string;
  environment: string;
  remote_id: string;
  handle: string;
  display_name: string;
  profile_url: string;
  avatar_url: string | null;
  /** AES-256-GCM ciphertext of the connector's credentials JSON. */
  credentials: string;
  credentials_expire_at: number | null;
  state: string;
  time_zone: string | null;
  created_at: number;
  updated_at: number;
}

export interface OAuthRequestsTable {
  state: string;
  workspace_id: string;
  user_id: string;
  network: string;
  environment: string;
  /** Encrypted PKCE verifier. */
  code_verifier: string;
  created_at: number;
  expires_at: number;
}

export interface AccountChoicesTable {
  token: string;
  workspace_id: string;
  user_id: string;
  network: string;
  environment: string;
  /** Sealed JSON of the candidate accounts with their credentials. */
  candidates: string;
  created_at: number;
  expires_at: number;
}

export interface CampaignsTable {
  id: string;
  workspace_id: string;
  name: string;
  slug: string;
  created_at: number;
}

export interface SegmentsTable {
  id: string;
  workspace_id: string;
  name: string;
  /** JSON of the audience definition (countries, languages, ages, interests…). */
  definition: string;
  created_at: number;
}

export interface MediaTable {
  id: string;
  workspace_id: string;
  file_name: string;
  mime_type: string;
  size: number;
  width: number | null;
  height: number | null;
  alt_text: string;
  storage_key: string;
  created_at: number;
}

export interface PostsTable {
  id: string;
  workspace_id: string;
  campaign_id: string | null;
  text: string;
  /** JSON array of media ids, in order. */
  media_ids: string;
  scheduled_at: number | null;
  time_zone: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface VariantsTable {
  id: string;
  post_id: string;
  network: string;
  segment_id: string | null;
  /** Null when the variant inherits the post's main text. */
  text: string | null;
  media_ids: string | null;
  title: string | null;
  link: string | null;
  /** JSON of the network options the connector checks (board, privacy, content warning…). */
  options: string | null;
  created_at: number;
}

export interface PublicationsTable {
  id: string;
  workspace_id: string;
  post_id: string;
  variant_id: string;
  account_id: string;
  state: string;
  due_at: number;
  /** When the scheduler may next try; equals due_at until a retry pushes it later. */
  next_attempt_at: number;
  attempt_count: number;
  /** Which scheduler process holds it while publishing, and until when. */
  claimed_by: string | null;
  claimed_until: number | null;
  started_at: number | null;
  published_at: number | null;
  late: number;
  remote_id: string | null;
  permalink: string | null;
  failure_class: string | null;
  failure_message: string | null;
  failure_network_message: string | null;
  created_at: number;
  updated_at: number;
  /** 1 when an earlier attempt's outcome is unknown: look on the network before publishing again. */
  reconcile_pending: Generated<number>;
}

export interface AttemptsTable {
  id: string;
  publication_id: string;
  number: number;
  worker_id: string;
  started_at: number;
  ended_at: number | null;
  outcome: string | null;
  error_class: string | null;
  error_message: string | null;
  network_response: string | null;
}

export interface LinksTable {
  id: string;
  workspace_id: string;
  /** Unique across Crier: the redirect finds a link by code alone, whatever the domain. */
  code: string;
  /** As the person wrote it, in canonical form. */
  original_url: string;
  /** With UTM tags; the click id is added per click. */
  target_url: string;
  /** Set for links made when a post was scheduled; null for links made by hand. */
  post_id: string | null;
  variant_id: string | null;
  campaign_id: string | null;
  network: string | null;
  segment_id: string | null;
  enabled: number;
  expires_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface LinkDomainsTable {
  /** Lower-case host as a Host header carries it (with the port when not the default). */
  host: string;
  workspace_id: string;
  /** Origin the workspace's short links start with, e.g. `https://go.fizz.example`. */
  base_url: string;
  created_at: number;
}

export interface ClicksTable {
  /** The click id handed to the website, so conversions can name the click. */
  id: string;
  workspace_id: string;
  link_id: string;
  at: number;
  /** ISO 3166-1 alpha-2, or null when the address has no known country. */
  country: string | null;
  referrer_host: string | null;
  device: string;
  browser: string | null;
  is_bot: number;
  /** sha256 of the day's salt, the address and the user agent: counts visitors, identifies nobody. */
  visitor_hash: string;
}

export interface VisitorSaltsTable {
  /** UTC day, `2026-11-26`; salts of past days are deleted so hashes cannot be linked across days. */
  day: string;
  salt: string;
  created_at: number;
}

export interface ConversionsTable {
  id: string;
  click_id: string;
  goal: string;
  value: number | null;
  currency: string | null;
  at: number;
}

/** A token bucket of a rate budget, shared by every process that publishes (core/rate-budget.ts). */
export interface RateBucketsTable {
  key: string;
  tokens: number;
  updated_at: number;
}

/** A signal raised for people (an account needing reconnection, a post to make by hand), shown until dismissed. */
export interface AlertsTable {
  id: string;
  workspace_id: string;
  kind: string;
  account_id: string | null;
  /** The publication the alert is about, when it is about one. */
  publication_id: string | null;
  message: string;
  created_at: number;
  dismissed_at: number | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  workspaces: WorkspacesTable;
  members: MembersTable;
  accounts: AccountsTable;
  oauth_requests: OAuthRequestsTable;
  account_choices: AccountChoicesTable;
  campaigns: CampaignsTable;
  segments: SegmentsTable;
  media: MediaTable;
  posts: PostsTable;
  variants: VariantsTable;
  publications: PublicationsTable;
  attempts: AttemptsTable;
  rate_buckets: RateBucketsTable;
  alerts: AlertsTable;
  links: LinksTable;
  link_domains: LinkDomainsTable;
  clicks: ClicksTable;
  visitor_salts: VisitorSaltsTable;
  conversions: ConversionsTable;
}
