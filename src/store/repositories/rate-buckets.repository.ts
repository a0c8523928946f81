import type { Kysely } from 'kysely';
import { bucketCapacity, type RateRule, takeTokens } from '../../core/rate-budget.js';
import type { Database } from '../schema.js';

export interface TokenRequest {
  key: string;
  rule: RateRule;
  wanted: number;
}

export interface TokenGrant {
  granted: number;
  /** When the bucket will hold its next whole token, if it gave none. */
  nextTokenAt: number;
}

/**
 * Token buckets in the database, so every process that publishes draws from the same budget. The
 * arithmetic is the domain's (core/rate-budget.ts); this only reads and writes buckets under a lock.
 */
export class RateBucketsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /** Takes tokens from several buckets in one transaction; a bucket seen for the first time starts full. */
  async take(requests: readonly TokenRequest[], now: number): Promise<Map<string, TokenGrant>> {
    const grants = new Map<string, TokenGrant>();
    if (requests.length === 0) return grants;
    // Buckets are locked in key order, so two processes taking the same pair cannot deadlock.
    const ordered = [...requests].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('rate_buckets')
        .values(ordered.map((request) => ({ key: request.key, tokens: bucketCapacity(request.rule), updated_at: now })))
        .onConflict((conflict) => conflict.column('key').doNothing())
        .execute();
      let select = trx
        .selectFrom('rate_buckets')
        .selectAll()
        .where(
          'key',
          'in',
          ordered.map((request) => request.key),
        )
        .orderBy('key');
      if (this.dialect === 'postgres') select = select.forUpdate();
      const rows = new Map((await select.execute()).map((row) => [row.key, row]));
      for (const request of ordered) {
        const row = rows.get(request.key);
        const bucket = row
          ? { tokens: Number(row.tokens), updatedAt: Number(row.updated_at) }
          : { tokens: bucketCapacity(request.rule), updatedAt: now };
        const taken = takeTokens(bucket, request.rule, request.wanted, now);
        await trx
          .updateTable('rate_buckets')
          .set({ tokens: taken.bucket.tokens, updated_at: taken.bucket.updatedAt })
          .where('key', '=', request.key)
          .execute();
        grants.set(request.key, { granted: taken.granted, nextTokenAt: taken.nextTokenAt });
      }
    });
    return grants;
  }
}
