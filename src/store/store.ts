import type { CrierDatabase } from './database.js';
import { AccountsRepository } from './repositories/accounts.repository.js';
import { CampaignsRepository } from './repositories/campaigns.repository.js';
import { ClicksRepository } from './repositories/clicks.repository.js';
import { LinkReportsRepository } from './repositories/link-reports.repository.js';
import { LinksRepository } from './repositories/links.repository.js';
import { MediaRepository } from './repositories/media.repository.js';
import { PostsRepository } from './repositories/posts.repository.js';
import { PublicationsRepository } from './repositories/publications.repository.js';
import { SegmentsRepository } from './repositories/segments.repository.js';
import { UsersRepository } from './repositories/users.repository.js';

export interface Store {
  users: UsersRepository;
  accounts: AccountsRepository;
  media: MediaRepository;
  posts: PostsRepository;
  publications: PublicationsRepository;
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
    segments: new SegmentsRepository(database.db),
    campaigns: new CampaignsRepository(database.db),
    links: new LinksRepository(database.db),
    clicks: new ClicksRepository(database.db, database.dialect),
    linkReports: new LinkReportsRepository(database.db),
  };
}
