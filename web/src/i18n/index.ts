import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ja from './ja.json';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'ja', label: '日本語' },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

export const LANGUAGE_STORAGE_KEY = 'crier.language';

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, ja: { translation: ja } },
    supportedLngs: LANGUAGES.map((language) => language.code),
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ['localStorage'],
    },
  });

function reflectLanguage(language: string): void {
  document.documentElement.lang = language;
}

reflectLanguage(i18n.resolvedLanguage ?? 'en');
i18n.on('languageChanged', () => reflectLanguage(i18n.resolvedLanguage ?? 'en'));

/** The active language, one of ours: the locale for dates and numbers too. */
export function currentLanguage(): LanguageCode {
  return i18n.resolvedLanguage === 'ja' ? 'ja' : 'en';
}

export default i18n;
