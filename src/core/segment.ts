/**
 * An audience. Networks with organic targeting (Facebook Pages, LinkedIn, Threads by country) compile
 * it to their own fields; a segment a network cannot express is refused with the reason.
 */
export interface AudienceSegment {
  /** ISO 3166-1 alpha-2, upper case: `JP`, `US`. */
  countries?: string[];
  /** ISO 3166-2: `US-CA`, `JP-13`. */
  regions?: string[];
  /** ISO 639-1: `en`, `ja`. */
  languages?: string[];
  ageMin?: number;
  ageMax?: number;
  genders?: Array<'female' | 'male'>;
  /** Free-text interests; a network that targets interests needs its own ids, resolved by its connector. */
  interests?: string[];
  /** Professional attributes (LinkedIn). */
  seniorities?: string[];
  industries?: string[];
  jobFunctions?: string[];
  companySizes?: string[];
}

export interface Segment {
  id: string;
  workspaceId: string;
  name: string;
  audience: AudienceSegment;
  createdAt: number;
}

const COUNTRY = /^[A-Z]{2}$/;
const REGION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
const LANGUAGE = /^[a-z]{2}$/;

/**
 * Checks an audience and returns it normalised (codes upper/lower-cased, duplicates removed), or the
 * list of what is wrong with it. Pure: the API and the CLI both call it.
 */
export function normalizeAudience(
  input: AudienceSegment,
): { ok: true; audience: AudienceSegment } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const list = (
    values: string[] | undefined,
    transform: (value: string) => string,
    pattern: RegExp | undefined,
    label: string,
  ) => {
    if (!values) return undefined;
    const cleaned = new Set<string>();
    for (const raw of values) {
      const value = transform(raw.trim());
      if (!value) continue;
      // the person's own spelling in the message, so they recognise what they typed
      if (pattern && !pattern.test(value)) problems.push(`${raw.trim()} is not a valid ${label}`);
      else cleaned.add(value);
    }
    return cleaned.size > 0 ? [...cleaned] : undefined;
  };
  const audience: AudienceSegment = {
    countries: list(input.countries, (v) => v.toUpperCase(), COUNTRY, 'country code (ISO 3166-1 alpha-2, like JP)'),
    regions: list(input.regions, (v) => v.toUpperCase(), REGION, 'region code (ISO 3166-2, like US-CA)'),
    languages: list(input.languages, (v) => v.toLowerCase(), LANGUAGE, 'language code (ISO 639-1, like ja)'),
    genders: input.genders && input.genders.length > 0 ? [...new Set(input.genders)] : undefined,
    interests: list(input.interests, (v) => v, undefined, 'interest'),
    seniorities: list(input.seniorities, (v) => v, undefined, 'seniority'),
    industries: list(input.industries, (v) => v, undefined, 'industry'),
    jobFunctions: list(input.jobFunctions, (v) => v, undefined, 'job function'),
    companySizes: list(input.companySizes, (v) => v, undefined, 'company size'),
    ageMin: input.ageMin,
    ageMax: input.ageMax,
  };
  for (const [label, age] of [
    ['minimum age', input.ageMin],
    ['maximum age', input.ageMax],
  ] as const) {
    if (age !== undefined && (!Number.isInteger(age) || age < 13 || age > 100)) {
      problems.push(`The ${label} must be a whole number from 13 to 100`);
    }
  }
  if (input.ageMin !== undefined && input.ageMax !== undefined && input.ageMin > input.ageMax) {
    problems.push('The minimum age is above the maximum age');
  }
  const defined = Object.fromEntries(Object.entries(audience).filter(([, value]) => value !== undefined));
  if (Object.keys(defined).length === 0)
    problems.push('An audience needs at least one attribute (countries, languages, ages…)');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, audience: defined as AudienceSegment };
}
