/** Tracked links as services and the API see them; storage maps its rows to these. */

export interface Campaign {
  id: string;
  workspaceId: string;
  name: string;
  /** Used as `utm_campaign` and in reports. */
  slug: string;
  createdAt: number;
}

export interface Link {
  id: string;
  workspaceId: string;
  code: string;
  originalUrl: string;
  targetUrl: string;
  /** Null for a link made by hand. */
  postId: string | null;
  variantId: string | null;
  campaignId: string | null;
  network: string | null;
  segmentId: string | null;
  enabled: boolean;
  expiresAt: number | null;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

/** What the redirect needs of a link, kept in memory. */
export interface LinkTarget {
  id: string;
  workspaceId: string;
  targetUrl: string;
  enabled: boolean;
  expiresAt: number | null;
}

/** A workspace's own short domain, served at `/:code` by Host header. */
export interface LinkDomain {
  workspaceId: string;
  host: string;
  baseUrl: string;
}

/** One click as stored: no address, no path of the referrer, no user agent string. */
export interface ClickRecord {
  id: string;
  workspaceId: string;
  linkId: string;
  at: number;
  country: string | null;
  referrerHost: string | null;
  device: string;
  browser: string | null;
  isBot: boolean;
  visitorHash: string;
}

export interface Conversion {
  clickId: string;
  goal: string;
  value: number | null;
  currency: string | null;
  at: number;
}
