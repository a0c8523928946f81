import type { FacetCounts, FollowerDemographics } from './state.js';

/** linkedin.md: "The post is rejected when the targeted audience is under 300 members." */
export const MINIMUM_TARGET_AUDIENCE = 300;

/**
 * How many followers a post's `targetEntities` reach. Inside a facet the values add up (OR); across
 * facets their shares multiply (AND), each share taken against that facet's own total, as if the
 * facets were independent. A facet the organization has no figures for counts as everyone.
 */
export function estimateAudience(followers: FollowerDemographics, targetEntity: Record<string, unknown>): number {
  const total = Math.max(
    0,
    ...[
      followers.byGeoCountry,
      followers.bySeniority,
      followers.byIndustry,
      followers.byFunction,
      followers.byStaffCountRange,
    ].map(sum),
  );
  let estimate = total;
  const facets: Array<[string, FacetCounts, (value: unknown) => string]> = [
    ['geoLocations', followers.byGeoCountry, String],
    ['seniorities', followers.bySeniority, String],
    ['industries', followers.byIndustry, String],
    ['jobFunctions', followers.byFunction, String],
    ['staffCountRanges', followers.byStaffCountRange, String],
    ['interfaceLocales', followers.byInterfaceLocale, localeKey],
  ];
  for (const [facet, counts, keyOf] of facets) {
    const values = targetEntity[facet];
    if (!Array.isArray(values) || values.length === 0) continue;
    const facetTotal = sum(counts);
    if (facetTotal === 0) continue;
    const matching = values.map(keyOf).reduce((total, key) => total + (counts[key] ?? 0), 0);
    estimate *= matching / facetTotal;
  }
  return Math.floor(estimate);
}

function sum(counts: FacetCounts): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

function localeKey(value: unknown): string {
  const locale = value as { language?: unknown; country?: unknown };
  return `${String(locale.language)}_${String(locale.country)}`;
}
