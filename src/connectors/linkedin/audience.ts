import { ConnectorError } from '../kit/errors.js';
import { isOrganization, NETWORK_NAME } from './credentials.js';
import { callLinkedIn, type LinkedInTransport } from './rest-client.js';

/** linkedin.md: "The post is rejected when the targeted audience is under 300 members." */
export const MINIMUM_TARGET_AUDIENCE = 300;

type FacetCounts = Map<string, number>;

/** Which follower-statistics list answers each targeting facet, and the key naming the value in it. */
const FACETS: Array<{ facet: string; lists: string[]; key: string }> = [
  { facet: 'geoLocations', lists: ['followerCountsByGeoCountry', 'followerCountsByGeo'], key: 'geo' },
  { facet: 'seniorities', lists: ['followerCountsBySeniority'], key: 'seniority' },
  { facet: 'industries', lists: ['followerCountsByIndustry'], key: 'industry' },
  { facet: 'jobFunctions', lists: ['followerCountsByFunction'], key: 'function' },
  { facet: 'staffCountRanges', lists: ['followerCountsByStaffCountRange'], key: 'staffCountRange' },
];

/**
 * Refuses targeting LinkedIn would refuse, before anything is uploaded or posted: targeting on a
 * member's post, or an audience under 300. The audience is estimated from the organization's
 * follower statistics: values of one facet add up, facets multiply as independent shares. Facets
 * LinkedIn gives no follower figures for (interface locales, degrees, schools) are left out of the
 * estimate, so it can only be too high; LinkedIn's own check still applies when the post is sent.
 */
export async function checkTargetAudience(
  transport: LinkedInTransport,
  input: { accessToken: string; authorUrn: string; entities: Array<Record<string, unknown>> },
): Promise<void> {
  if (input.entities.length === 0) return;
  if (!isOrganization(input.authorUrn)) {
    throw new ConnectorError(
      'invalid_content',
      `${NETWORK_NAME} targets organization posts only; this account posts as a member, so the segment cannot apply`,
      {
        networkCode: 'MEMBER_POST_TARGETED',
      },
    );
  }
  const answer = await callLinkedIn(transport, {
    method: 'GET',
    path: '/rest/organizationalEntityFollowerStatistics',
    accessToken: input.accessToken,
    query: { q: 'organizationalEntity', organizationalEntity: input.authorUrn },
    action: "reading the page's follower statistics",
  });
  const element = ((Array.isArray(answer.body?.elements) ? answer.body.elements : [])[0] ?? {}) as Record<
    string,
    unknown
  >;
  const estimate = Math.max(...input.entities.map((entity) => estimateAudience(element, entity)));
  if (estimate < MINIMUM_TARGET_AUDIENCE) {
    throw new ConnectorError(
      'invalid_content',
      `${NETWORK_NAME} shows a targeted post only to an audience of at least ${MINIMUM_TARGET_AUDIENCE} members; about ${estimate} of this page's followers match the segment. Widen the segment or post without it`,
      { networkCode: 'TARGET_AUDIENCE_TOO_SMALL' },
    );
  }
}

/** The estimate for one target entity from one follower-statistics element. */
export function estimateAudience(statistics: Record<string, unknown>, entity: Record<string, unknown>): number {
  const facets = FACETS.map(({ facet, lists, key }) => ({
    facet,
    counts: countsOf(statistics, lists, key),
    // Shares are taken against the first list alone (countries for geo): regions would count twice.
    total: sum(countsOf(statistics, lists.slice(0, 1), key)),
  }));
  let estimate = Math.max(0, ...facets.map((facet) => facet.total));
  for (const { facet, counts, total } of facets) {
    const values = entity[facet];
    if (!Array.isArray(values) || values.length === 0 || total === 0) continue;
    const matching = values.reduce((found: number, value) => found + (counts.get(String(value)) ?? 0), 0);
    estimate *= Math.min(1, matching / total);
  }
  return Math.floor(estimate);
}

function countsOf(statistics: Record<string, unknown>, lists: string[], key: string): FacetCounts {
  const counts: FacetCounts = new Map();
  for (const list of lists) {
    for (const entry of (Array.isArray(statistics[list]) ? statistics[list] : []) as Array<Record<string, unknown>>) {
      const value = entry[key];
      const followers = entry.followerCounts as
        | { organicFollowerCount?: unknown; paidFollowerCount?: unknown }
        | undefined;
      const count = Number(followers?.organicFollowerCount ?? 0) + Number(followers?.paidFollowerCount ?? 0);
      if (typeof value === 'string' && Number.isFinite(count)) counts.set(value, (counts.get(value) ?? 0) + count);
    }
  }
  return counts;
}

function sum(counts: FacetCounts): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}
