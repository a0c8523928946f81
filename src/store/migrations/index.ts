import type { Migration } from 'kysely';
import * as postgresInitial from './postgres/0001_initial.js';
import * as postgresAccountChoices from './postgres/0002_account_choices.js';
import * as postgresReliablePublishing from './postgres/0003_reliable_publishing.js';
import * as postgresLinks from './postgres/0004_links.js';
import * as postgresVariantDetails from './postgres/0005_variant_details.js';
import * as postgresManualPosting from './postgres/0006_manual_posting.js';
import * as sqliteInitial from './sqlite/0001_initial.js';
import * as sqliteAccountChoices from './sqlite/0002_account_choices.js';
import * as sqliteReliablePublishing from './sqlite/0003_reliable_publishing.js';
import * as sqliteLinks from './sqlite/0004_links.js';
import * as sqliteVariantDetails from './sqlite/0005_variant_details.js';
import * as sqliteManualPosting from './sqlite/0006_manual_posting.js';

/**
 * One migration history per dialect, listed statically so the compiled build needs no folder scan.
 * Add a migration by adding a file in the dialect's folder and a line here.
 */
export const SQLITE_MIGRATIONS: Record<string, Migration> = {
  '0001_initial': sqliteInitial,
  '0002_account_choices': sqliteAccountChoices,
  '0003_reliable_publishing': sqliteReliablePublishing,
  '0004_links': sqliteLinks,
  '0005_variant_details': sqliteVariantDetails,
  '0006_manual_posting': sqliteManualPosting,
};

export const POSTGRES_MIGRATIONS: Record<string, Migration> = {
  '0001_initial': postgresInitial,
  '0002_account_choices': postgresAccountChoices,
  '0003_reliable_publishing': postgresReliablePublishing,
  '0004_links': postgresLinks,
  '0005_variant_details': postgresVariantDetails,
  '0006_manual_posting': postgresManualPosting,
};
