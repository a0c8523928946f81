/**
 * LinkedIn's own ids for the facets a Crier segment names in words (linkedin.md, Organic targeting).
 * Only ids LinkedIn publishes in its standardized data are listed; anything else must be given as a
 * URN (`urn:li:industry:4`) or is refused with the reason.
 */

/** Countries by ISO 3166-1 alpha-2 → `urn:li:geo:` ids (LinkedIn's geo data for countries). */
export const COUNTRY_GEO_IDS: Record<string, string> = {
  AU: '101452733',
  BR: '106057199',
  CA: '101174742',
  CH: '106693272',
  CN: '102890883',
  DE: '101282230',
  ES: '105646813',
  FR: '105015875',
  GB: '101165590',
  IE: '104738515',
  IN: '102713980',
  IT: '103350119',
  JP: '101355337',
  KR: '105149562',
  MX: '103323778',
  NL: '102890719',
  SE: '105117694',
  SG: '102454443',
  US: '103644278',
};

/** Seniorities (`urn:li:seniority:`), LinkedIn's standardized list. */
export const SENIORITY_IDS: Record<string, string> = {
  unpaid: '1',
  training: '2',
  entry: '3',
  senior: '4',
  manager: '5',
  director: '6',
  vp: '7',
  cxo: '8',
  partner: '9',
  owner: '10',
};

/** Job functions (`urn:li:function:`), LinkedIn's standardized list. */
export const JOB_FUNCTION_IDS: Record<string, string> = {
  accounting: '1',
  administrative: '2',
  'arts and design': '3',
  'business development': '4',
  'community and social services': '5',
  consulting: '6',
  education: '7',
  engineering: '8',
  entrepreneurship: '9',
  finance: '10',
  'healthcare services': '11',
  'human resources': '12',
  'information technology': '13',
  legal: '14',
  marketing: '15',
  'media and communication': '16',
  'military and protective services': '17',
  operations: '18',
  'product management': '19',
  'program and project management': '20',
  purchasing: '21',
  'quality assurance': '22',
  'real estate': '23',
  research: '24',
  sales: '25',
  support: '26',
};

/** A few industries (`urn:li:industry:`) by name; others are given by URN or id. */
export const INDUSTRY_IDS: Record<string, string> = {
  'software development': '4',
  'technology, information and internet': '6',
  'hospitals and health care': '14',
  'financial services': '43',
  'motor vehicle manufacturing': '53',
  'it services and it consulting': '96',
};

/** Company sizes as people write them → LinkedIn's staff count ranges. */
export const STAFF_COUNT_RANGES: Record<string, string> = {
  '1': 'SIZE_1',
  '2-10': 'SIZE_2_TO_10',
  '11-50': 'SIZE_11_TO_50',
  '51-200': 'SIZE_51_TO_200',
  '201-500': 'SIZE_201_TO_500',
  '501-1000': 'SIZE_501_TO_1000',
  '1001-5000': 'SIZE_1001_TO_5000',
  '5001-10000': 'SIZE_5001_TO_10000',
  '10001+': 'SIZE_10001_OR_MORE',
};

/** LinkedIn's interface languages → the locale it targets (`interfaceLocales`: language and country). */
export const INTERFACE_LOCALES: Record<string, { language: string; country: string }> = {
  ar: { language: 'ar', country: 'AE' },
  cs: { language: 'cs', country: 'CZ' },
  da: { language: 'da', country: 'DK' },
  de: { language: 'de', country: 'DE' },
  en: { language: 'en', country: 'US' },
  es: { language: 'es', country: 'ES' },
  fr: { language: 'fr', country: 'FR' },
  hi: { language: 'hi', country: 'IN' },
  id: { language: 'in', country: 'ID' },
  it: { language: 'it', country: 'IT' },
  ja: { language: 'ja', country: 'JP' },
  ko: { language: 'ko', country: 'KR' },
  ms: { language: 'ms', country: 'MY' },
  nl: { language: 'nl', country: 'NL' },
  no: { language: 'no', country: 'NO' },
  pl: { language: 'pl', country: 'PL' },
  pt: { language: 'pt', country: 'BR' },
  ro: { language: 'ro', country: 'RO' },
  ru: { language: 'ru', country: 'RU' },
  sv: { language: 'sv', country: 'SE' },
  th: { language: 'th', country: 'TH' },
  tl: { language: 'tl', country: 'PH' },
  tr: { language: 'tr', country: 'TR' },
  uk: { language: 'uk', country: 'UA' },
  zh: { language: 'zh', country: 'CN' },
};
