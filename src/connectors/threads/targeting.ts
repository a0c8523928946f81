import type { AudienceSegment } from '../../core/segment.js';
import type { TargetingResult } from '../kit/connector.js';

/**
 * Threads' only organic targeting is a country allow-list (threads.md, Organic targeting):
 * `allowlisted_country_codes`, for profiles eligible for geo-gating (checked when publishing).
 * Everything else a segment may say is refused with the reason, never dropped.
 */
export function compileThreadsTargeting(segment: AudienceSegment): TargetingResult {
  const reasons: string[] = [];
  const refuse = (present: boolean, what: string) => {
    if (present) reasons.push(`Threads cannot limit a post by ${what}: only by country`);
  };
  refuse(Boolean(segment.regions?.length), 'region (it takes whole countries)');
  refuse(Boolean(segment.languages?.length), 'language');
  refuse(segment.ageMin !== undefined || segment.ageMax !== undefined, 'age');
  refuse(Boolean(segment.genders?.length), 'gender');
  refuse(Boolean(segment.interests?.length), 'interest');
  refuse(
    Boolean(
      segment.seniorities?.length ||
        segment.industries?.length ||
        segment.jobFunctions?.length ||
        segment.companySizes?.length,
    ),
    'professional attributes',
  );
  const countries = [...new Set((segment.countries ?? []).map((code) => code.trim().toUpperCase()))];
  const malformed = countries.filter((code) => !/^[A-Z]{2}$/.test(code));
  if (malformed.length > 0)
    reasons.push(`Threads takes ISO 3166-1 alpha-2 country codes; ${malformed.join(', ')} is not one`);
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, targeting: countries.length > 0 ? { allowlisted_country_codes: countries } : {} };
}

/** The country list a publish request carries, if its targeting has one. */
export function allowlistedCountries(targeting: Record<string, unknown> | undefined): string[] | undefined {
  const value = targeting?.allowlisted_country_codes;
  return Array.isArray(value) && value.length > 0 ? value.map(String) : undefined;
}
