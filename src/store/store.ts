import type { CrierDatabase } from './database.js';
import { AccountCredentialsRepository } from './repositories/account-credentials.repository.js';
import { AccountsRepository } from './repositories/accounts.repository.js';
import { AlertsRepository } from './repositories/alerts.repository.js';
import { CampaignsRepository } from './repositories/campaigns.repository.js';
import { ClicksRepository } from './repositories/clicks.repository.js';
import { LinkReportsRepository } from './repositories/link-reports.repository.js';
import { LinksRepository } from './repositories/links.repository.js';
import { ManualPostingRepository } from './repositories/manual-posting.repository.js';
import { MediaRepository } from './repositories/media.repository.js';
import { PostsRepository } from './repositories/posts.repository.js';
import { PublicationRecoveryRepository } from './repositories/publication-recovery.repository.js';
import { PublicationsRepository } from './repositories/publications.repository.js';
import { RateBucketsRepository } from './repositories/rate-buckets.repository.js';
import { SegmentsRepository } from './repositories/segments.repository.js';
import { UsersRepository } from './repositories/users.repository.js';

export interface Store {
  users: UsersRepository;
  accounts: AccountsRepository;
  media: MediaRepository;
  posts: PostsRepository;
  publications: PublicationsRepository;
  publicationRecovery: PublicationRecoveryRepository;
  manualPosting: ManualPostingRepository;
  rateBuckets: RateBucketsRepository;
  accountCredentials: AccountCredentialsRepository;
  alerts: AlertsRepository;
  segments: SegmentsRepository;
  campaigns: CampaignsRepository;
  links: LinksRepository;
  clicks: ClicksRepository;
  linkReports: LinkReportsRepository;
}

export function createStore(database: CrierDatabase): Store {
  return {
    users: new UsersRepository(database.db),
    accounts: new AccountsRepository(database.db),
    media: new MediaRepository(database.db),
    posts: new PostsRepository(database.db),
    publications: new PublicationsRepository(database.db, database.dialect),
    publicationRecovery: new PublicationRecoveryRepository(database.db),
    manualPosting: new ManualPostingRepository(database.db),
    rateBuckets: new RateBucketsRepository(database.db, database.dialect),
    accountCredentials: new AccountCredentialsRepository(database.db, database.dialect),
    alerts: new AlertsRepository(database.db),
    segments: new SegmentsRepository(database.db),
    campaigns: new CampaignsRepository(database.db),
    links: new LinksRepository(database.db),
    clicks: new ClicksRepository(database.db, database.dialect),
    linkReports: new LinkReportsRepository(database.db),
  };
}
