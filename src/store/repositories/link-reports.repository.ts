import { type Kysely, type RawBuilder, sql } from 'kysely';
import { SLOT_MS, type SlotCounts } from '../../core/links/report-series.js';
import type { Database } from '../schema.js';

/** Which clicks a report counts: a workspace, a time range, and any of its links' owners. */
export interface ReportScope {
  workspaceId: string;
  from: number;
  to: number;
  linkId?: string;
  postId?: string;
  variantId?: string;
  campaignId?: string;
  network?: string;
  segmentId?: string;
}

export const REPORT_DIMENSIONS = [
  'network',
  'campaign',
  'segment',
  'variant',
  'post',
  'link',
  'country',
  'referrer',
  'device',
  'browser',
] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

const DIMENSION_COLUMN: Record<ReportDimension, string> = {
  network: 'l.network',
  campaign: 'l.campaign_id',
  segment: 'l.segment_id',
  variant: 'l.variant_id',
  post: 'l.post_id',
  link: 'l.id',
  country: 'c.country',
  referrer: 'c.referrer_host',
  device: 'c.device',
  browser: 'c.browser',
};

export interface ClickCounts {
  /** Human clicks: bots are stored but never counted here. */
  clicks: number;
  botClicks: number;
  /** Distinct daily visitor hashes of human clicks (a visitor on two days counts twice). */
  visitors: number;
}

export interface ConversionCounts {
  conversions: number;
  conversionValue: number;
}

export interface GroupCounts extends ClickCounts, ConversionCounts {
  key: string | null;
}

/** Aggregates over clicks and conversions; the same SQL runs on SQLite and PostgreSQL. */
export class LinkReportsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async totals(scope: ReportScope): Promise<ClickCounts & ConversionCounts> {
    const [clicks] = await this.clickQuery(scope, undefined);
    const [conversions] = await this.conversionQuery(scope, undefined);
    return {
      clicks: Number(clicks?.clicks ?? 0),
      botClicks: Number(clicks?.bot_clicks ?? 0),
      visitors: Number(clicks?.visitors ?? 0),
      conversions: Number(conversions?.conversions ?? 0),
      conversionValue: Number(conversions?.conversion_value ?? 0),
    };
  }

  /** Counts per value of a dimension, most clicks first. */
  async breakdown(scope: ReportScope, dimension: ReportDimension, limit: number): Promise<GroupCounts[]> {
    const column = sql.ref(DIMENSION_COLUMN[dimension]);
    const [clickRows, conversionRows] = await Promise.all([
      this.clickQuery(scope, column),
      this.conversionQuery(scope, column),
    ]);
    const groups = new Map<string | null, GroupCounts>();
    const group = (key: string | null) => {
      let found = groups.get(key);
      if (!found) {
        found = { key, clicks: 0, botClicks: 0, visitors: 0, conversions: 0, conversionValue: 0 };
        groups.set(key, found);
      }
      return found;
    };
    for (const row of clickRows) {
      Object.assign(group(row.key), {
        clicks: Number(row.clicks),
        botClicks: Number(row.bot_clicks),
        visitors: Number(row.visitors),
      });
    }
    for (const row of conversionRows) {
      Object.assign(group(row.key), {
        conversions: Number(row.conversions),
        conversionValue: Number(row.conversion_value ?? 0),
      });
    }
    return [...groups.values()]
      .sort(
        (a, b) => b.clicks - a.clicks || b.conversions - a.conversions || String(a.key).localeCompare(String(b.key)),
      )
      .slice(0, limit);
  }

  /** Counts per 15-minute slot, for core/links/report-series to fold into hours or days. */
  async slots(scope: ReportScope): Promise<SlotCounts[]> {
    const clickSlot = sql<number>`(c.at / ${sql.lit(SLOT_MS)}) * ${sql.lit(SLOT_MS)}`;
    const conversionSlot = sql<number>`(v.at / ${sql.lit(SLOT_MS)}) * ${sql.lit(SLOT_MS)}`;
    const [clickRows, conversionRows] = await Promise.all([
      this.clickQuery(scope, clickSlot),
      this.conversionQuery(scope, conversionSlot),
    ]);
    const slots = new Map<number, SlotCounts>();
    const slot = (key: number) => {
      let found = slots.get(key);
      if (!found) {
        found = { slot: key, clicks: 0, botClicks: 0, conversions: 0 };
        slots.set(key, found);
      }
      return found;
    };
    for (const row of clickRows) {
      const counts = slot(Number(row.key));
      counts.clicks = Number(row.clicks);
      counts.botClicks = Number(row.bot_clicks);
    }
    for (const row of conversionRows) slot(Number(row.key)).conversions = Number(row.conversions);
    return [...slots.values()].sort((a, b) => a.slot - b.slot);
  }

  /** Display names of the ids a dimension groups by. */
  async labels(workspaceId: string, dimension: ReportDimension, keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await (() => {
      switch (dimension) {
        case 'campaign':
          return this.db
            .selectFrom('campaigns')
            .select(['id', 'name as label'])
            .where('workspace_id', '=', workspaceId)
            .where('id', 'in', keys)
            .execute();
        case 'segment':
          return this.db
            .selectFrom('segments')
            .select(['id', 'name as label'])
            .where('workspace_id', '=', workspaceId)
            .where('id', 'in', keys)
            .execute();
        case 'post':
          return this.db
            .selectFrom('posts')
            .select(['id', 'text as label'])
            .where('workspace_id', '=', workspaceId)
            .where('id', 'in', keys)
            .execute();
        case 'link':
          return this.db
            .selectFrom('links')
            .select(['id', 'code as label'])
            .where('workspace_id', '=', workspaceId)
            .where('id', 'in', keys)
            .execute();
        case 'variant':
          return this.db.selectFrom('variants').select(['id', 'network as label']).where('id', 'in', keys).execute();
        default:
          return Promise.resolve([] as Array<{ id: string; label: string }>);
      }
    })();
    return new Map(rows.map((row) => [row.id, row.label]));
  }

  private clickQuery(scope: ReportScope, key: RawBuilder<unknown> | undefined) {
    let query = this.db
      .selectFrom('clicks as c')
      .innerJoin('links as l', 'l.id', 'c.link_id')
      .select([
        sql<number>`sum(case when c.is_bot = 0 then 1 else 0 end)`.as('clicks'),
        sql<number>`sum(c.is_bot)`.as('bot_clicks'),
        sql<number>`count(distinct case when c.is_bot = 0 then c.visitor_hash end)`.as('visitors'),
      ])
      .where('c.workspace_id', '=', scope.workspaceId)
      .where('c.at', '>=', scope.from)
      .where('c.at', '<', scope.to);
    query = this.whereLinks(query, scope);
    if (!key) return query.execute().then((rows) => rows.map((row) => ({ ...row, key: null as string | null })));
    return query
      .select(key.as('key'))
      .groupBy(key)
      .execute()
      .then((rows) => rows.map((row) => ({ ...row, key: row.key as string | null })));
  }

  private conversionQuery(scope: ReportScope, key: RawBuilder<unknown> | undefined) {
    let query = this.db
      .selectFrom('conversions as v')
      .innerJoin('clicks as c', 'c.id', 'v.click_id')
      .innerJoin('links as l', 'l.id', 'c.link_id')
      .select([sql<number>`count(*)`.as('conversions'), sql<number | null>`sum(v.value)`.as('conversion_value')])
      .where('c.workspace_id', '=', scope.workspaceId)
      .where('c.is_bot', '=', 0)
      .where('v.at', '>=', scope.from)
      .where('v.at', '<', scope.to);
    query = this.whereLinks(query, scope);
    if (!key) return query.execute().then((rows) => rows.map((row) => ({ ...row, key: null as string | null })));
    return query
      .select(key.as('key'))
      .groupBy(key)
      .execute()
      .then((rows) => rows.map((row) => ({ ...row, key: row.key as string | null })));
  }

  // biome-ignore lint/suspicious/noExplicitAny: shared by two queries whose joined tables differ
  private whereLinks<Q extends { where: (...args: any[]) => Q }>(query: Q, scope: ReportScope): Q {
    let scoped = query;
    if (scope.linkId) scoped = scoped.where('l.id', '=', scope.linkId);
    if (scope.postId) scoped = scoped.where('l.post_id', '=', scope.postId);
    if (scope.variantId) scoped = scoped.where('l.variant_id', '=', scope.variantId);
    if (scope.campaignId) scoped = scoped.where('l.campaign_id', '=', scope.campaignId);
    if (scope.network) scoped = scoped.where('l.network', '=', scope.network);
    if (scope.segmentId) scoped = scoped.where('l.segment_id', '=', scope.segmentId);
    return scoped;
  }
}
