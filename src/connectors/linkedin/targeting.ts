import type { AudienceSegment } from '../../core/segment.js';
import type { TargetingResult } from '../kit/connector.js';
import {
  COUNTRY_GEO_IDS,
  INDUSTRY_IDS,
  INTERFACE_LOCALES,
  JOB_FUNCTION_IDS,
  SENIORITY_IDS,
  STAFF_COUNT_RANGES,
} from './targeting-facets.js';

const STAFF_RANGE_VALUES = new Set(Object.values(STAFF_COUNT_RANGES));

/**
 * A segment as LinkedIn's `distribution.targetEntities` (linkedin.md, Organic targeting): one target
 * entity whose facets combine with AND, the values inside each with OR. What LinkedIn's organic
 * targeting has no facet for (age, gender, interests), and values Crier has no LinkedIn id for, are
 * refused with the reason. Organization posts only, and the 300-member minimum: both checked when
 * publishing, where the account and its followers are known.
 */
export function compileLinkedInTargeting(segment: AudienceSegment): TargetingResult {
  const reasons: string[] = [];
  const entity: Record<string, unknown> = {};
  const facet = <T>(
    name: string,
    values: string[] | undefined,
    resolve: (value: string) => T | undefined,
    unknownReason: (values: string[]) => string,
  ) => {
    if (!values?.length) return;
    const resolved = values.map((value) => ({ value, id: resolve(value.trim()) }));
    const unknown = resolved.filter((item) => item.id === undefined).map((item) => item.value);
    if (unknown.length > 0) reasons.push(unknownReason(unknown));
    else entity[name] = [...new Map(resolved.map((item) => [JSON.stringify(item.id), item.id])).values()];
  };

  facet(
    'geoLocations',
    segment.countries,
    (code) => urnOf('geo', COUNTRY_GEO_IDS[code.toUpperCase()]),
    (codes) =>
      `Crier does not know LinkedIn's geo id for ${codes.join(', ')}; LinkedIn targets countries by its own geo ids`,
  );
  if (segment.regions?.length) {
    reasons.push(
      `Crier cannot target regions on LinkedIn yet (${segment.regions.join(', ')}): it knows LinkedIn's geo ids for countries only`,
    );
  }
  facet(
    'interfaceLocales',
    segment.languages,
    (language) => INTERFACE_LOCALES[language.toLowerCase()],
    (languages) =>
      `LinkedIn's interface is not offered in ${languages.join(', ')}, so no members can be targeted by it`,
  );
  facet(
    'seniorities',
    segment.seniorities,
    (value) => named('seniority', value, SENIORITY_IDS),
    (values) => `LinkedIn has no seniority ${values.join(', ')} (it has ${Object.keys(SENIORITY_IDS).join(', ')})`,
  );
  facet(
    'industries',
    segment.industries,
    (value) => named('industry', value, INDUSTRY_IDS),
    (values) => `Crier does not know LinkedIn's industry id for ${values.join(', ')}; give it as urn:li:industry:<id>`,
  );
  facet(
    'jobFunctions',
    segment.jobFunctions,
    (value) => named('function', value, JOB_FUNCTION_IDS),
    (values) => `LinkedIn has no job function ${values.join(', ')}`,
  );
  facet(
    'staffCountRanges',
    segment.companySizes,
    (value) => STAFF_COUNT_RANGES[value.replace(/\s/g, '')] ?? (STAFF_RANGE_VALUES.has(value) ? value : undefined),
    (values) =>
      `LinkedIn has no company size ${values.join(', ')} (it has ${Object.keys(STAFF_COUNT_RANGES).join(', ')} employees)`,
  );
  if (segment.ageMin !== undefined || segment.ageMax !== undefined)
    reasons.push('LinkedIn cannot target organic posts by age');
  if (segment.genders?.length) reasons.push('LinkedIn cannot target organic posts by gender');
  if (segment.interests?.length) reasons.push('LinkedIn cannot target organic posts by interest');

  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, targeting: Object.keys(entity).length > 0 ? { targetEntities: [entity] } : {} };
}

function urnOf(kind: string, id: string | undefined): string | undefined {
  return id === undefined ? undefined : `urn:li:${kind}:${id}`;
}

/** A name from the table, a bare id, or a full URN of the right kind. */
function named(kind: string, value: string, table: Record<string, string>): string | undefined {
  if (new RegExp(`^urn:li:${kind}:\\d+$`).test(value)) return value;
  if (/^\d+$/.test(value)) return `urn:li:${kind}:${value}`;
  return urnOf(kind, table[value.toLowerCase()]);
}

/** The target entities a publish request carries, if its targeting has any. */
export function targetEntitiesOf(targeting: Record<string, unknown> | undefined): Array<Record<string, unknown>> {
  const entities = targeting?.targetEntities;
  return Array.isArray(entities) ? (entities as Array<Record<string, unknown>>) : [];
}
