import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { PublicationQueue } from '../jobs/publication-queue.js';
import type { AccountsService } from '../services/accounts.service.js';
import type { AlertsService } from '../services/alerts.service.js';
import type { AuthService } from '../services/auth.service.js';
import type { CampaignsService } from '../services/campaigns.service.js';
import type { ConversionsService } from '../services/conversions.service.js';
import type { LinkReportsService } from '../services/link-reports.service.js';
import type { LinksService } from '../services/links.service.js';
import type { ManualPostingService } from '../services/manual-posting.service.js';
import type { MediaService } from '../services/media.service.js';
import type { PostsService } from '../services/posts.service.js';
import type { SegmentsService } from '../services/segments.service.js';

/** What routes may use: services only — never repositories or connectors. */
export interface HttpServices {
  auth: AuthService;
  accounts: AccountsService;
  media: MediaService;
  posts: PostsService;
  manualPosting: ManualPostingService;
  segments: SegmentsService;
  campaigns: CampaignsService;
  links: LinksService;
  linkReports: LinkReportsService;
  conversions: ConversionsService;
  alerts: AlertsService;
}

export interface HttpContext {
  services: HttpServices;
  queue?: PublicationQueue;
  version: string;
  databaseKind: 'sqlite' | 'postgres';
  /** Secure cookies when Crier is reached over https. */
  secureCookies: boolean;
  /** Checks the database answers, for the health endpoint. */
  ping(): Promise<void>;
}

export function typed(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}
