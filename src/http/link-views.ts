import type { Campaign } from '../core/links/model.js';
import type { LinkReport } from '../services/link-reports.service.js';
import type { LinkView } from '../services/links.service.js';

/** Link entities → JSON: times become ISO strings. */

const iso = (ms: number) => new Date(ms).toISOString();

export function campaignJson(campaign: Campaign) {
  return { id: campaign.id, name: campaign.name, slug: campaign.slug, createdAt: iso(campaign.createdAt) };
}

export function linkJson(link: LinkView) {
  return {
    id: link.id,
    code: link.code,
    shortUrl: link.shortUrl,
    originalUrl: link.originalUrl,
    targetUrl: link.targetUrl,
    postId: link.postId,
    variantId: link.variantId,
    campaignId: link.campaignId,
    network: link.network,
    segmentId: link.segmentId,
    enabled: link.enabled,
    expiresAt: link.expiresAt === null ? null : iso(link.expiresAt),
    createdAt: iso(link.createdAt),
  };
}

export function reportJson(report: LinkReport) {
  return {
    ...report,
    from: iso(report.from),
    to: iso(report.to),
    series: report.series.map((point) => ({ ...point, start: iso(point.start) })),
  };
}
