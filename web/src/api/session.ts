import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from './client';
import type { Session, SetupInput, SetupStatus } from './types';

export const setupKey = ['setup'] as const;
export const sessionKey = ['session'] as const;

export function useSetupStatus() {
  return useQuery({ queryKey: setupKey, queryFn: () => api<SetupStatus>('GET', '/api/setup'), staleTime: Infinity });
}

/** The signed-in person, or null when nobody is signed in (the API answers 401). */
export function useSession(enabled: boolean) {
  return useQuery({
    queryKey: sessionKey,
    enabled,
    staleTime: 60_000,
    queryFn: async (): Promise<Session | null> => {
      try {
        return await api<Session>('GET', '/api/session');
      } catch (error) {
        if (isApiError(error, 401)) return null;
        throw error;
      }
    },
  });
}

export function runSetup(input: SetupInput): Promise<unknown> {
  return api('POST', '/api/setup', input);
}

export function signIn(email: string, password: string): Promise<unknown> {
  return api('POST', '/api/session', { email, password });
}

export function signOut(): Promise<unknown> {
  return api('DELETE', '/api/session');
}
