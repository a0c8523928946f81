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
