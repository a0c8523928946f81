import { z } from 'zod';
import { NETWORKS, type Network } from '../core/networks.js';
import { ERROR_CLASSES, PUBLICATION_STATES } from '../core/publication.js';

/** Shapes of the public API, shared by the routes and the generated OpenAPI description. */

export const networkSchema = z.enum(NETWORKS as unknown as [Network, ...Network[]]);
export const environmentSchema = z.enum(['live', 'sandbox']);
const isoTime = z.string().describe('ISO 8601 time in UTC');

export const errorSchema = z.object({
  code: z.string().describe('Stable machine-readable code'),
  message: z.string().describe('What went wrong, for people'),
  details: z.unknown().optional(),
  requestId: z.string(),
});

export const workspaceParams = z.object({ workspaceId: z.string().min(1) });
export const idParams = workspaceParams.extend({ id: z.string().min(1) });

export const userSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });
export const sessionSchema = z.object({
  user: userSchema,
  workspaces: z.array(z.object({ id: z.string(), name: z.string(), timeZone: z.string(), role: z.string() })),
});

export const accountSchema = z.object({
  id: z.string(),
  network: networkSchema,
  environment: environmentSchema,
  remoteId: z.string(),
  handle: z.string(),
  displayName: z.string(),
  profileUrl: z.string(),
  avatarUrl: z.string().nullable(),
  state: z.enum(['connected', 'reconnect_needed', 'disabled']),
  timeZone: z.string().nullable(),
  createdAt: isoTime,
});

export const mediaSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  altText: z.string(),
  url: z.string(),
  createdAt: isoTime,
});

export const problemSchema = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string(),
  limit: z.number().optional(),
  actual: z.number().optional(),
});

export const variantReportSchema = z.object({
  network: networkSchema,
  displayName: z.string(),
  segmentId: z.string().optional(),
  segmentName: z.string().optional(),
  measure: z.object({
    length: z.number(),
    limit: z.number(),
    bytes: z.number().optional(),
    maxBytes: z.number().optional(),
  }),
  problems: z.array(problemSchema),
});

export const draftSchema = z.object({
  text: z.string().max(100_000),
  mediaIds: z.array(z.string()).max(20).default([]),
  accountIds: z.array(z.string()).min(1, 'choose at least one account').max(100),
  variants: z
    .array(
      z.object({
        network: networkSchema,
        text: z.string().max(100_000).nullable().optional().describe('Omitted or null: the main text'),
        segmentId: z.string().nullable().optional().describe('An audience: compiled to the network’s own targeting'),
        title: z.string().max(1000).nullable().optional().describe('Where the network has one (YouTube, Pinterest)'),
        link: z.string().url().max(2000).nullable().optional().describe('A link apart from the text (Pinterest)'),
        options: z
          .record(z.string(), z.unknown())
          .nullable()
          .optional()
          .describe('Network options, checked by its connector: boardId, privacy, contentWarning…'),
      }),
    )
    .max(50)
    .default([]),
});

export const createPostSchema = draftSchema.extend({
  scheduledAt: z
    .string()
    .nullable()
    .describe('ISO 8601 with offset, or a wall-clock time read in timeZone; null saves a draft'),
  timeZone: z.string().min(1).describe('IANA time zone of the person scheduling, e.g. Asia/Tokyo'),
  campaignId: z.string().nullable().optional().describe('Campaign id or slug: utm_campaign of the post’s links'),
  trackLinks: z
    .boolean()
    .default(true)
    .describe('Turn every URL into a tracked short link with UTM tags (default); false keeps URLs as written'),
});

export const publicationSchema = z.object({
  id: z.string(),
  postId: z.string(),
  variantId: z.string(),
  accountId: z.string(),
  network: networkSchema,
  environment: environmentSchema,
  accountHandle: z.string(),
  state: z.enum(PUBLICATION_STATES),
  dueAt: isoTime,
  nextAttemptAt: isoTime,
  startedAt: isoTime.nullable(),
  publishedAt: isoTime.nullable(),
  remoteId: z.string().nullable(),
  permalink: z.string().nullable(),
  late: z.boolean(),
  attempts: z.number(),
  failure: z
    .object({ errorClass: z.enum(ERROR_CLASSES), message: z.string(), networkMessage: z.string().nullable() })
    .nullable(),
});

export const postSchema = z.object({
  id: z.string(),
  text: z.string(),
  mediaIds: z.array(z.string()),
  scheduledAt: isoTime.nullable(),
  timeZone: z.string(),
  campaignId: z.string().nullable(),
  createdAt: isoTime,
  variants: z.array(
    z.object({
      id: z.string(),
      network: networkSchema,
      text: z.string().nullable(),
      segmentId: z.string().nullable(),
      title: z.string().nullable(),
      link: z.string().nullable(),
      options: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  publications: z.array(publicationSchema),
});

export const scheduleAdjustmentSchema = z
  .object({
    kind: z.enum(['moved_past_gap', 'earlier_of_overlap']),
    requested: z.string().describe('The wall-clock time as it was asked for'),
    timeZone: z.string(),
    at: isoTime.describe('When Crier will publish'),
    message: z.string().describe('What happened, for people'),
  })
  .describe('Present when the time fell in a daylight-saving gap or overlap and was resolved by the documented rule');

/** A post just created: when its time fell in a daylight-saving gap or overlap, how it was resolved. */
export const createdPostSchema = postSchema.extend({ scheduleAdjustment: scheduleAdjustmentSchema.optional() });

export const manualBundleSchema = z.object({
  reason: z.string().describe('Why Crier cannot post to this network itself'),
  network: networkSchema,
  displayName: z.string(),
  accountHandle: z.string(),
  text: z.string().describe('The text to paste'),
  steps: z.array(z.string()),
  postUrl: z.string().describe('Where the person posts'),
  files: z.array(
    z.object({
      fileName: z.string(),
      mimeType: z.string(),
      size: z.number(),
      url: z.string().describe('Downloads the file'),
    }),
  ),
});

export const alertSchema = z.object({
  id: z.string(),
  kind: z.enum(['account_reconnect_needed', 'manual_post_due']),
  accountId: z.string().nullable(),
  publicationId: z.string().nullable().describe('The publication the alert is about, when it is about one'),
  message: z.string(),
  createdAt: isoTime,
});

export const attemptSchema = z.object({
  number: z.number(),
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
  outcome: z.string().nullable(),
  errorClass: z.string().nullable(),
  errorMessage: z.string().nullable(),
  networkResponse: z.string().nullable(),
});

export const audienceSchema = z.object({
  countries: z.array(z.string()).optional().describe('ISO 3166-1 alpha-2 codes, e.g. JP'),
  regions: z.array(z.string()).optional().describe('ISO 3166-2 codes, e.g. US-CA'),
  languages: z.array(z.string()).optional().describe('ISO 639-1 codes, e.g. ja'),
  ageMin: z.number().int().optional(),
  ageMax: z.number().int().optional(),
  genders: z.array(z.enum(['female', 'male'])).optional(),
  interests: z.array(z.string()).optional(),
  seniorities: z.array(z.string()).optional(),
  industries: z.array(z.string()).optional(),
  jobFunctions: z.array(z.string()).optional(),
  companySizes: z.array(z.string()).optional(),
});

export const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  audience: audienceSchema,
  createdAt: isoTime,
});
