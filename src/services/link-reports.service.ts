import { invalidInput } from '../core/errors.js';
import { foldSeries, MAX_BUCKETS, type SeriesInterval, type SeriesPoint } from '../core/links/report-series.js';
import type { CampaignsRepository } from '../store/repositories/campaigns.repository.js';
import type {
  GroupCounts,
  LinkReportsRepository,
  ReportDimension,
  ReportScope,
} from '../store/repositories/link-reports.repository.js';
import type { LinksRepository } from '../store/repositories/links.repository.js';
import { assertTimeZone } from './auth.service.js';

const HOUR_MS = 3_600_000;
const TOP = 10;

export interface ReportRequest {
  from: number;
  to: number;
  interval: SeriesInterval;
  timeZone: string;
  groupBy: ReportDimension;
  /** Link id or code, campaign id or slug; the others are ids or a network name. */
  filters: { link?: string; post?: string; variant?: string; campaign?: string; network?: string; segment?: string };
}

export interface ReportGroup {
  key: string | null;
  label: string | null;
  clicks: number;
  uniqueVisitors: number;
  botClicks: number;
  conversions: number;
  conversionValue: number;
}

export interface LinkReport {
  from: number;
  to: number;
  interval: SeriesInterval;
  timeZone: string;
  totals: Omit<ReportGroup, 'key' | 'label'> & {
    /** Bots' share of every click stored, 0..1. */
    botShare: number;
    /** Conversions per human click, 0..1. */
    conversionRate: number | null;
    /** Known once metric snapshots of impressions exist; null until then. */
    impressions: number | null;
    clickThroughRate: number | null;
  };
  groupBy: ReportDimension;
  groups: ReportGroup[];
  countries: Array<{ key: string | null; clicks: number }>;
  referrers: Array<{ key: string | null; clicks: number }>;
  devices: Array<{ key: string | null; clicks: number }>;
  browsers: Array<{ key: string | null; clicks: number }>;
  series: SeriesPoint[];
}

/** Clicks, visitors, bots and conversions of a workspace's links, per any owner and over time. */
export class LinkReportsService {
  constructor(
    private readonly reports: LinkReportsRepository,
    private readonly links: LinksRepository,
    private readonly campaigns: CampaignsRepository,
  ) {}

  async report(workspaceId: string, request: ReportRequest): Promise<LinkReport> {
    assertTimeZone(request.timeZone);
    if (!(request.from < request.to)) throw invalidInput('`from` must be before `to`');
    const spanHours = (request.to - request.from) / HOUR_MS;
    const buckets = request.interval === 'hour' ? spanHours : spanHours / 24;
    if (buckets > MAX_BUCKETS[request.interval]) {
      throw invalidInput(
        `Ask for at most ${MAX_BUCKETS[request.interval]} ${request.interval}s at a time (${request.interval === 'hour' ? 'use days for longer ranges' : 'a shorter range'})`,
      );
    }
    const scope = await this.scope(workspaceId, request);
    const [totals, groups, countries, referrers, devices, browsers, slots] = await Promise.all([
      this.reports.totals(scope),
      this.reports.breakdown(scope, request.groupBy, 100),
      this.reports.breakdown(scope, 'country', TOP),
      this.reports.breakdown(scope, 'referrer', TOP),
      this.reports.breakdown(scope, 'device', TOP),
      this.reports.breakdown(scope, 'browser', TOP),
      this.reports.slots(scope),
    ]);
    const labels = await this.reports.labels(
      workspaceId,
      request.groupBy,
      groups.flatMap((group) => (group.key === null ? [] : [group.key])),
    );
    const stored = totals.clicks + totals.botClicks;
    return {
      from: request.from,
      to: request.to,
      interval: request.interval,
      timeZone: request.timeZone,
      totals: {
        clicks: totals.clicks,
        uniqueVisitors: totals.visitors,
        botClicks: totals.botClicks,
        conversions: totals.conversions,
        conversionValue: totals.conversionValue,
        botShare: stored === 0 ? 0 : totals.botClicks / stored,
        conversionRate: totals.clicks === 0 ? null : totals.conversions / totals.clicks,
        impressions: null,
        clickThroughRate: null,
      },
      groupBy: request.groupBy,
      groups: groups.map((group) => toGroup(group, group.key === null ? null : (labels.get(group.key) ?? group.key))),
      countries: countries.map(humanClicks),
      referrers: referrers.map(humanClicks),
      devices: devices.map(humanClicks),
      browsers: browsers.map(humanClicks),
      series: foldSeries(slots, request),
    };
  }

  private async scope(workspaceId: string, request: ReportRequest): Promise<ReportScope> {
    const { filters } = request;
    const scope: ReportScope = {
      workspaceId,
      from: request.from,
      to: request.to,
      postId: filters.post,
      variantId: filters.variant,
      network: filters.network,
      segmentId: filters.segment,
    };
    if (filters.campaign) {
      const campaign = await this.campaigns.find(workspaceId, filters.campaign);
      if (!campaign) throw invalidInput(`Unknown campaign ${filters.campaign}`, { field: 'campaign' });
      scope.campaignId = campaign.id;
    }
    if (filters.link) {
      const link = await this.links.find(workspaceId, filters.link);
      if (!link) throw invalidInput(`Unknown link ${filters.link}`, { field: 'link' });
      scope.linkId = link.id;
    }
    return scope;
  }
}

function toGroup(group: GroupCounts, label: string | null): ReportGroup {
  return {
    key: group.key,
    label,
    clicks: group.clicks,
    uniqueVisitors: group.visitors,
    botClicks: group.botClicks,
    conversions: group.conversions,
    conversionValue: group.conversionValue,
  };
}

function humanClicks(group: GroupCounts): { key: string | null; clicks: number } {
  return { key: group.key, clicks: group.clicks };
}
