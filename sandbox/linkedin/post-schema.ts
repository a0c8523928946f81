import { z } from 'zod';
import { type InputError, LinkedInFailure, linkedInErrors } from './errors.js';

/** linkedin.md, Publish and Organic targeting: the body of `POST /rest/posts`. */
const urn = (kinds: string) =>
  z.string().regex(new RegExp(`^urn:li:(?:${kinds}):[A-Za-z0-9_-]+$`), `must be a ${kinds.replace(/\|/g, ' or ')} URN`);

const targetEntitySchema = z
  .object({
    geoLocations: z.array(urn('geo')).min(1),
    seniorities: z.array(urn('seniority')).min(1),
    industries: z.array(urn('industry')).min(1),
    jobFunctions: z.array(urn('function')).min(1),
    staffCountRanges: z
      .array(
        z.enum([
          'SIZE_1',
          'SIZE_2_TO_10',
          'SIZE_11_TO_50',
          'SIZE_51_TO_200',
          'SIZE_201_TO_500',
          'SIZE_501_TO_1000',
          'SIZE_1001_TO_5000',
          'SIZE_5001_TO_10000',
          'SIZE_10001_OR_MORE',
        ]),
      )
      .min(1),
    degrees: z.array(urn('degree')).min(1),
    fieldsOfStudy: z.array(urn('fieldOfStudy')).min(1),
    schools: z.array(urn('organization|school')).min(1),
    organizations: z.array(urn('organization')).min(1),
    interfaceLocales: z
      .array(z.object({ language: z.string().regex(/^[a-z]{2}$/), country: z.string().regex(/^[A-Z]{2}$/) }).strict())
      .min(1),
  })
  .partial()
  .strict();

const mediaSchema = z
  .object({ id: urn('image|video|document'), title: z.string().optional(), altText: z.string().max(4086).optional() })
  .strict();

const contentSchema = z.union([
  z.object({ media: mediaSchema }).strict(),
  z
    .object({
      multiImage: z
        .object({
          images: z
            .array(z.object({ id: urn('image'), altText: z.string().optional() }).strict())
            .min(2)
            .max(20),
          altText: z.string().optional(),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      article: z
        .object({
          source: z.string().url(),
          title: z.string().min(1),
          description: z.string().optional(),
          thumbnail: urn('image').optional(),
          thumbnailAltText: z.string().optional(),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      poll: z
        .object({
          question: z.string(),
          options: z
            .array(z.object({ text: z.string() }).strict())
            .min(2)
            .max(4),
          settings: z.record(z.string(), z.unknown()).optional(),
        })
        .strict(),
    })
    .strict(),
]);

export const postSchema = z
  .object({
    author: urn('person|organization'),
    commentary: z.string(),
    visibility: z.enum(['PUBLIC', 'CONNECTIONS', 'LOGGED_IN', 'CONTAINER']),
    distribution: z
      .object({
        feedDistribution: z.enum(['MAIN_FEED', 'NONE']),
        targetEntities: z.array(targetEntitySchema).optional(),
        thirdPartyDistributionChannels: z.array(z.string()).optional(),
      })
      .strict(),
    lifecycleState: z.enum(['PUBLISHED', 'DRAFT']),
    isReshareDisabledByAuthor: z.boolean().optional(),
    content: contentSchema.optional(),
    contentLandingPage: z.string().url().optional(),
  })
  .strict();

export type PostBody = z.infer<typeof postSchema>;

/** Parses a body with a schema, or throws LinkedIn's 422 with one input error per problem. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const inputErrors: InputError[] = parsed.error.issues.map((issue) => ({
    code: inputErrorCode(issue.code),
    description: issue.message,
    fieldPath: `/${issue.path.join('/')}${issue.code === 'unrecognized_keys' ? `/${issue.keys.join(',')}` : ''}`,
  }));
  throw new LinkedInFailure(linkedInErrors.unprocessable(`${what} failed validation`, inputErrors));
}

function inputErrorCode(code: string): string {
  switch (code) {
    case 'unrecognized_keys':
      return 'UNRECOGNIZED_FIELD';
    case 'invalid_type':
      return 'INVALID_TYPE';
    case 'invalid_value':
      return 'INVALID_VALUE';
    case 'too_big':
    case 'too_small':
      return 'INVALID_LENGTH';
    default:
      return 'INVALID_FIELD_VALUE';
  }
}
