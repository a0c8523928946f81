import { useQuery } from '@tanstack/react-query';
import { api, wsPath } from './client';
import { listOf } from './lists';

export interface Campaign {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
}

export const REPORT_GROUPS = ['network', 'campaign', 'segment', 'variant', 'post', 'link'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

export interface ReportCounts {
  clicks: number;
  uniqueVisitors: number;
  botClicks: number;
  conversions: number;
  conversionValue: number;
}

export interface TopEntry {
  key: string | null;
  clicks: number;
}

/** `GET /api/workspaces/:id/reports/links`, as src/http/link-schemas.ts describes it. */
export interface LinkReport {
  from: string;
  to: string;
  interval: 'hour' | 'day';
  timeZone: string;
  totals: ReportCounts & { botShare: number; conversionRate: number | null };
  groupBy: string;
  groups: Array<ReportCounts & { key: string | null; label: string | null }>;
  countries: TopEntry[];
  referrers: TopEntry[];
  devices: TopEntry[];
  browsers: TopEntry[];
  series: Array<{ start: string; clicks: number; botClicks: number; conversions: number }>;
}

export interface ReportParams {
  from: string;
  to: string;
  interval: 'hour' | 'day';
  timeZone: string;
  groupBy: ReportGroup;
  campaign?: string;
}

export function useCampaigns(workspaceId: string) {
  return useQuery({
    queryKey: ['campaigns', workspaceId],
    queryFn: async () => listOf<Campaign>(await api('GET', wsPath(workspaceId, '/campaigns')), 'campaigns'),
  });
}

export function useLinkReport(workspaceId: string, params: ReportParams) {
  return useQuery({
    queryKey: ['link-report', workspaceId, params],
    queryFn: async () => {
      const query = new URLSearchParams({
        from: params.from,
        to: params.to,
        interval: params.interval,
        timeZone: params.timeZone,
        groupBy: params.groupBy,
      });
      if (params.campaign) query.set('campaign', params.campaign);
      return api<LinkReport>('GET', wsPath(workspaceId, `/reports/links?${query}`));
    },
    refetchInterval: 30_000,
  });
}
