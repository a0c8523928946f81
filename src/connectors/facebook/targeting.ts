import type { AudienceSegment } from '../../core/segment.js';
import type { TargetingResult } from '../kit/connector.js';

/** Facebook's hard `targeting.age_min` takes only these values (facebook.md, "Organic targeting"). */
const HARD_AGE_MINIMUMS = [13, 15, 18, 21, 25];
const FEED_AGE_MIN = 13;
const FEED_AGE_MAX = 65;

/**
 * Compiles a segment to a Page post's organic targeting:
 * - countries → `targeting.geo_locations.countries`: a hard restriction, so people in other countries
 *   do not see this variant (the seed's "ice-cold" post stays in hot markets);
 * - age range, genders and interests → `feed_targeting`, the only place Facebook takes them, which
 *   prefers that audience but does not exclude others; a minimum age Facebook can also enforce
 *   (13, 15, 18, 21, 25) goes to `targeting.age_min` as well.
 * What Facebook cannot express from a segment alone is refused with the reason, never dropped.
 */
export function compileFacebookTargeting(segment: AudienceSegment): TargetingResult {
  const reasons: string[] = [];
  const targeting: Record<string, unknown> = {};
  const feedTargeting: Record<string, unknown> = {};

  if (segment.countries?.length) {
    const invalid = segment.countries.filter((code) => !/^[A-Z]{2}$/.test(code));
    if (invalid.length > 0)
      reasons.push(`Facebook targets countries by two-letter ISO codes; ${invalid.join(', ')} is not one`);
    else targeting.geo_locations = { countries: [...new Set(segment.countries)] };
  }
  if (segment.regions?.length) {
    reasons.push(
      'Facebook targets regions by its own region keys, which Crier does not look up; target the countries instead',
    );
  }
  if (segment.languages?.length) {
    reasons.push(
      'Facebook targets languages by its own numeric locale keys, which Crier does not map from language codes; target countries instead',
    );
  }

  const { ageMin, ageMax } = segment;
  if (ageMin !== undefined && ageMin < FEED_AGE_MIN)
    reasons.push(`Facebook cannot aim a post at people under ${FEED_AGE_MIN}`);
  if (ageMax !== undefined && ageMax > FEED_AGE_MAX) {
    reasons.push(
      `Facebook's oldest age to aim at is ${FEED_AGE_MAX}, meaning ${FEED_AGE_MAX} and older; an upper age of ${ageMax} cannot be expressed`,
    );
  }
  if (ageMin !== undefined && ageMax !== undefined && ageMin > ageMax)
    reasons.push(`The youngest age (${ageMin}) is above the oldest (${ageMax})`);
  if (ageMin !== undefined && ageMin >= FEED_AGE_MIN) {
    feedTargeting.age_min = ageMin;
    if (HARD_AGE_MINIMUMS.includes(ageMin)) targeting.age_min = ageMin;
  }
  if (ageMax !== undefined && ageMax <= FEED_AGE_MAX && ageMax >= FEED_AGE_MIN) feedTargeting.age_max = ageMax;

  const genders = [...new Set(segment.genders ?? [])];
  // Both genders is everyone: no field needed.
  if (genders.length === 1) feedTargeting.genders = [genders[0] === 'male' ? 1 : 2];

  if (segment.interests?.length) {
    const named = segment.interests.filter((interest) => !/^\d+$/.test(interest));
    if (named.length > 0) {
      reasons.push(
        `Facebook targets interests by their ids (from its targeting search); ${named.map((name) => `"${name}"`).join(', ')} ${named.length === 1 ? 'is a name' : 'are names'}, not ids`,
      );
    } else {
      feedTargeting.interests = segment.interests;
    }
  }

  const professional = [
    ['seniorities', segment.seniorities],
    ['industries', segment.industries],
    ['job functions', segment.jobFunctions],
    ['company sizes', segment.companySizes],
  ] as const;
  for (const [label, values] of professional) {
    if (values?.length) reasons.push(`Facebook Page posts cannot be aimed by ${label} (that is LinkedIn's targeting)`);
  }

  if (reasons.length > 0) return { ok: false, reasons };
  const compiled: Record<string, unknown> = {};
  if (Object.keys(targeting).length > 0) compiled.targeting = targeting;
  if (Object.keys(feedTargeting).length > 0) compiled.feed_targeting = feedTargeting;
  return { ok: true, targeting: compiled };
}
