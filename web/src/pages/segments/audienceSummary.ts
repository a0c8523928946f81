import { useTranslation } from 'react-i18next';
import type { Audience } from '../../api/segments';
import { translateDynamic } from '../../i18n/dynamic';
import { useCodeNames } from './codes';

export type AudienceField =
  | 'countries'
  | 'regions'
  | 'languages'
  | 'ages'
  | 'genders'
  | 'interests'
  | 'seniorities'
  | 'industries'
  | 'jobFunctions'
  | 'companySizes';

export interface SummaryLine {
  field: AudienceField;
  /** What the line is about, in the interface language: `Countries`. */
  label: string;
  /** The values, named and joined in the interface language: `Japan, United States`. */
  text: string;
}

/** Turns an audience into lines people read (`Countries: Japan, United States`), in the interface language. */
export function useAudienceSummary(): (audience: Audience) => SummaryLine[] {
  const { t, i18n } = useTranslation();
  const countries = useCodeNames('region');
  const languages = useCodeNames('language');
  const language = i18n.resolvedLanguage === 'ja' ? 'ja' : 'en';
  const join = (values: string[]) => values.join(language === 'ja' ? '、' : ', ');

  return (audience) => {
    const lines: SummaryLine[] = [];
    const add = (field: AudienceField, values: string[] | undefined) => {
      if (values && values.length > 0) lines.push({ field, label: t(`segments.fields.${field}`), text: join(values) });
    };
    add('countries', audience.countries?.map(countries.name));
    add('regions', audience.regions);
    add('languages', audience.languages?.map(languages.name));
    const { ageMin, ageMax } = audience;
    if (ageMin !== undefined || ageMax !== undefined) {
      const text =
        ageMin !== undefined && ageMax !== undefined
          ? t('segments.summary.ageRange', { min: ageMin, max: ageMax })
          : ageMin !== undefined
            ? t('segments.summary.ageFrom', { min: ageMin })
            : t('segments.summary.ageTo', { max: ageMax });
      lines.push({ field: 'ages', label: t('segments.fields.ages'), text });
    }
    add(
      'genders',
      audience.genders?.map((gender) => translateDynamic(t, `segments.genders.${gender}`, gender)),
    );
    add('interests', audience.interests);
    add('seniorities', audience.seniorities);
    add('industries', audience.industries);
    add('jobFunctions', audience.jobFunctions);
    add('companySizes', audience.companySizes);
    return lines;
  };
}

/** The whole audience on one line: `Japan, Korea · 18–34 · Women`. */
export function useAudienceLine(): (audience: Audience) => string {
  const summary = useAudienceSummary();
  return (audience) =>
    summary(audience)
      .map((line) => line.text)
      .join(' · ');
}
