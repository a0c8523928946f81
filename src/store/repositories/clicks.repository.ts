import { CompiledQuery, type Kysely } from 'kysely';
import type { ClickRecord, Conversion } from '../../core/links/model.js';
import type { Database } from '../schema.js';

const CLICK_COLUMNS = [
  'id',
  'workspace_id',
  'link_id',
  'at',
  'country',
  'referrer_host',
  'device',
  'browser',
  'is_bot',
  'visitor_hash',
] as const;

/**
 * Rows per INSERT, largest first: a batch is cut into these few sizes only, so the statements stay
 * prepared (store/sqlite-statements.ts). 500 × 10 parameters stays far below both databases' limits.
 */
const CHUNK_SIZES = [500, 100, 20, 5, 1];

/**
 * Clicks are written only in batches, by the click recorder. The INSERT text for a batch size is
 * built once and reused: a query builder would rebuild and recompile a 5,000-parameter statement for
 * every batch, which costs more than the insert itself on the redirect's process.
 */
export class ClicksRepository {
  private readonly statements = new Map<number, string>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /** Writes every click in one transaction; a click id seen before is skipped, so a retried batch never doubles. */
  async insertBatch(clicks: readonly ClickRecord[]): Promise<void> {
    if (clicks.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (let start = 0; start < clicks.length; ) {
        const size = CHUNK_SIZES.find((candidate) => candidate <= clicks.length - start) ?? 1;
        const chunk = clicks.slice(start, start + size);
        start += size;
        const parameters: unknown[] = [];
        for (const click of chunk) {
          parameters.push(
            click.id,
            click.workspaceId,
            click.linkId,
            click.at,
            click.country,
            click.referrerHost,
            click.device,
            click.browser,
            click.isBot ? 1 : 0,
            click.visitorHash,
          );
        }
        await trx.executeQuery(CompiledQuery.raw(this.insertStatement(chunk.length), parameters));
      }
    });
  }

  /** The salt of a UTC day: the first process to ask creates it, every process gets the same one. */
  async saltFor(day: string, proposal: string, now: number): Promise<string> {
    await this.db
      .insertInto('visitor_salts')
      .values({ day, salt: proposal, created_at: now })
      .onConflict((conflict) => conflict.column('day').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('visitor_salts')
      .select('salt')
      .where('day', '=', day)
      .executeTakeFirstOrThrow();
    return row.salt;
  }

  /** Forgets the salts of days before `day`: yesterday's hashes can no longer be tied to today's. */
  async deleteSaltsBefore(day: string): Promise<void> {
    await this.db.deleteFrom('visitor_salts').where('day', '<', day).execute();
  }

  /** False when this click already converted on this goal (a thank-you page reloaded counts once). */
  async insertConversion(conversion: Conversion & { id: string }): Promise<boolean> {
    const result = await this.db
      .insertInto('conversions')
      .values({
        id: conversion.id,
        click_id: conversion.clickId,
        goal: conversion.goal,
        value: conversion.value,
        currency: conversion.currency,
        at: conversion.at,
      })
      .onConflict((conflict) => conflict.columns(['click_id', 'goal']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Every stored click of a link, oldest first (tests and exports; reports aggregate instead). */
  async listForLink(linkId: string): Promise<ClickRecord[]> {
    const rows = await this.db
      .selectFrom('clicks')
      .selectAll()
      .where('link_id', '=', linkId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      workspaceId: row.workspace_id,
      linkId: row.link_id,
      at: row.at,
      country: row.country,
      referrerHost: row.referrer_host,
      device: row.device,
      browser: row.browser,
      isBot: Boolean(row.is_bot),
      visitorHash: row.visitor_hash,
    }));
  }

  private insertStatement(rows: number): string {
    let statement = this.statements.get(rows);
    if (statement) return statement;
    let parameter = 0;
    const placeholder = () => (this.dialect === 'postgres' ? `$${++parameter}` : '?');
    const tuples = Array.from({ length: rows }, () => `(${CLICK_COLUMNS.map(placeholder).join(', ')})`);
    statement = `insert into clicks (${CLICK_COLUMNS.join(', ')}) values ${tuples.join(', ')} on conflict (id) do nothing`;
    this.statements.set(rows, statement);
    return statement;
  }
}
