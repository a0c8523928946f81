/**
 * The shape of organic targeting Meta takes on Page posts (facebook.md, "Organic targeting"):
 * `targeting` restricts who can see a post; `feed_targeting` only prefers an audience.
 * Returns the problems, in Meta's words where it has them.
 */
const HARD_AGE_MIN = new Set([13, 15, 18, 21, 25]);
const TARGETING_KEYS = new Set([
  'geo_locations',
  'locales',
  'age_min',
  'excluded_countries',
  'excluded_regions',
  'excluded_cities',
  'excluded_zipcodes',
  'timezones',
]);
const FEED_KEYS = new Set([
  'age_min',
  'age_max',
  'genders',
  'geo_locations',
  'locales',
  'interests',
  'education_statuses',
  'college_years',
  'relationship_statuses',
]);
const GEO_KEYS = new Set(['countries', 'regions', 'cities', 'zips']);

export function targetingProblems(kind: 'targeting' | 'feed_targeting', spec: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const allowed = kind === 'targeting' ? TARGETING_KEYS : FEED_KEYS;
  for (const key of Object.keys(spec))
    if (!allowed.has(key)) problems.push(`${kind}.${key} is not a valid targeting field`);
  const geo = spec.geo_locations;
  if (geo !== undefined) problems.push(...geoProblems(kind, geo));
  if (spec.locales !== undefined && !isListOf(spec.locales, Number.isInteger))
    problems.push(`${kind}.locales must be a list of locale keys (integers)`);
  const ageMin = spec.age_min;
  if (ageMin !== undefined) {
    if (kind === 'targeting' && !(typeof ageMin === 'number' && HARD_AGE_MIN.has(ageMin))) {
      problems.push('targeting.age_min must be one of 13, 15, 18, 21 or 25');
    }
    if (kind === 'feed_targeting' && !(Number.isInteger(ageMin) && (ageMin as number) >= 13))
      problems.push('feed_targeting.age_min must be at least 13');
  }
  const ageMax = spec.age_max;
  if (ageMax !== undefined && !(Number.isInteger(ageMax) && (ageMax as number) <= 65 && (ageMax as number) >= 13)) {
    problems.push('feed_targeting.age_max must be between 13 and 65');
  }
  if (typeof ageMin === 'number' && typeof ageMax === 'number' && ageMin > ageMax)
    problems.push(`${kind}.age_min is above age_max`);
  if (spec.genders !== undefined && !isListOf(spec.genders, (value) => value === 1 || value === 2)) {
    problems.push('feed_targeting.genders takes 1 (male) and 2 (female)');
  }
  for (const key of ['interests', 'education_statuses', 'college_years', 'relationship_statuses']) {
    if (spec[key] !== undefined && !isListOf(spec[key], (value) => Number.isInteger(Number(value))))
      problems.push(`feed_targeting.${key} must be a list of ids`);
  }
  return problems;
}

function geoProblems(kind: string, geo: unknown): string[] {
  if (typeof geo !== 'object' || geo === null || Array.isArray(geo)) return [`${kind}.geo_locations must be an object`];
  const problems: string[] = [];
  const entries = geo as Record<string, unknown>;
  for (const key of Object.keys(entries))
    if (!GEO_KEYS.has(key)) problems.push(`${kind}.geo_locations.${key} is not a valid location type`);
  if (kind === 'feed_targeting' && entries.zips !== undefined)
    problems.push('feed_targeting.geo_locations does not take zips');
  if (
    entries.countries !== undefined &&
    !isListOf(entries.countries, (value) => typeof value === 'string' && /^[A-Z]{2}$/.test(value))
  ) {
    problems.push(`${kind}.geo_locations.countries must be ISO 3166 alpha-2 codes`);
  }
  for (const [key, max] of [
    ['regions', 200],
    ['cities', 250],
    ['zips', Number.POSITIVE_INFINITY],
  ] as const) {
    const list = entries[key];
    if (list === undefined) continue;
    if (!isListOf(list, (value) => typeof value === 'object' && value !== null && 'key' in value))
      problems.push(`${kind}.geo_locations.${key} must be a list of {"key": …}`);
    else if ((list as unknown[]).length > max)
      problems.push(`${kind}.geo_locations.${key} takes at most ${max} entries`);
  }
  return problems;
}

function isListOf(value: unknown, accept: (entry: unknown) => boolean): boolean {
  return Array.isArray(value) && value.length > 0 && value.every(accept);
}
