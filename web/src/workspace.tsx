import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { User, Workspace } from './api/types';
import { userTimeZone } from './time';

export interface WorkspaceContextValue {
  user: User;
  workspace: Workspace;
}

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

/** The signed-in person and the workspace they are working in (the first of theirs). */
export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace used outside a signed-in screen');
  return value;
}

/**
 * Locale and time zone every date on screen is shown in: the interface language, refined by the
 * browser's own regional variant of it (en-GB writes dates its own way), and the browser's time zone.
 */
export function useLocaleZone(): { locale: string; zone: string } {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage === 'ja' ? 'ja' : 'en';
  const regional = navigator.languages.find((tag) => tag.toLowerCase().startsWith(`${language}-`));
  return { locale: regional ?? language, zone: userTimeZone() };
}
