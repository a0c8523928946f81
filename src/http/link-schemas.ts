import { z } from 'zod';
import { SERIES_INTERVALS } from '../core/links/report-series.js';
import { REPORT_DIMENSIONS } from '../store/repositories/link-reports.repository.js';

/** Shapes of the links, campaigns, conversions and reports API. */

const isoTime = z.string().describe('ISO 8601 time in UTC');

export const campaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string().describe('utm_campaign of every tracked link of the campaign'),
  createdAt: isoTime,
});

export const createCampaignSchema = z.object({
  name: z.string().trim().min(1).max(200),
  slug: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Lower-case words joined by hyphens; made from the name when absent'),
});

export const linkSchema = z.object({
  id: z.string(),
  code: z.string(),
  shortUrl: z.string(),
  originalUrl: z.string(),
  targetUrl: z.string().describe('Where the link sends people, with its UTM tags; each click adds crier_cid'),
  postId: z.string().nullable(),
  variantId: z.string().nullable(),
  campaignId: z.string().nullable(),
  network: z.string().nullable(),
  segmentId: z.string().nullable(),
  enabled: z.boolean(),
  expiresAt: isoTime.nullable(),
  createdAt: isoTime,
});

const utmSchema = z.object({
  source: z.string().max(200).optional(),
  medium: z.string().max(200).optional(),
  campaign: z.string().max(200).optional(),
  content: z.string().max(200).optional(),
});

export const createLinkSchema = z.object({
  url: z.string().min(1).max(4000),
  code: z.string().optional().describe('Your own code (3–64 letters, digits, - or _); generated when absent'),
  campaign: z.string().optional().describe('Campaign id or slug'),
  utm: utmSchema.optional(),
  expiresAt: z.string().datetime({ offset: true }).nullable().optional(),
});

export const updateLinkSchema = z.object({
  enabled: z.boolean().optional(),
  expiresAt: z.string().datetime({ offset: true }).nullable().optional(),
});

export const linkDomainSchema = z.object({ host: z.string(), baseUrl: z.string() });

export const conversionSchema = z.object({
  clickId: z.string().min(1).max(64).describe('The crier_cid the landing page received'),
  goal: z.string().min(1).max(64).describe('e.g. test_drive_booked'),
  value: z.number().nullable().optional(),
  currency: z.string().nullable().optional().describe('ISO 4217, e.g. JPY'),
});

export const reportQuerySchema = z.object({
  from: z.string().datetime({ offset: true }).optional().describe('Start (default: 30 days ago)'),
  to: z.string().datetime({ offset: true }).optional().describe('End (default: now)'),
  interval: z.enum(SERIES_INTERVALS).default('day'),
  timeZone: z.string().default('UTC').describe('IANA zone the hours and days of the series are read in'),
  groupBy: z.enum(REPORT_DIMENSIONS).default('network'),
  link: z.string().optional().describe('Link id or code'),
  post: z.string().optional(),
  variant: z.string().optional(),
  campaign: z.string().optional().describe('Campaign id or slug'),
  network: z.string().optional(),
  segment: z.string().optional(),
});

const countsSchema = {
  clicks: z.number().describe('Human clicks (bots excluded)'),
  uniqueVisitors: z.number().describe('Distinct visitors per day, summed over the range'),
  botClicks: z.number(),
  conversions: z.number(),
  conversionValue: z.number(),
};

const topSchema = z.array(z.object({ key: z.string().nullable(), clicks: z.number() }));

export const reportSchema = z.object({
  from: isoTime,
  to: isoTime,
  interval: z.enum(SERIES_INTERVALS),
  timeZone: z.string(),
  totals: z.object({
    ...countsSchema,
    botShare: z.number(),
    conversionRate: z.number().nullable(),
    impressions: z.number().nullable(),
    clickThroughRate: z.number().nullable(),
  }),
  groupBy: z.enum(REPORT_DIMENSIONS),
  groups: z.array(z.object({ key: z.string().nullable(), label: z.string().nullable(), ...countsSchema })),
  countries: topSchema,
  referrers: topSchema,
  devices: topSchema,
  browsers: topSchema,
  series: z.array(z.object({ start: isoTime, clicks: z.number(), botClicks: z.number(), conversions: z.number() })),
});
