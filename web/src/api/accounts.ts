import { useQuery } from '@tanstack/react-query';
import { api, wsPath } from './client';
import { listOf } from './lists';
import type { Account, Environment, NetworkOption } from './types';

export const accountsKey = (workspaceId: string) => ['accounts', workspaceId] as const;

export function useAccounts(workspaceId: string) {
  return useQuery({
    queryKey: accountsKey(workspaceId),
    queryFn: async () => listOf<Account>(await api('GET', wsPath(workspaceId, '/accounts')), 'accounts'),
  });
}

export function useNetworkOptions() {
  return useQuery({
    queryKey: ['networks'],
    staleTime: 5 * 60_000,
    queryFn: async () => listOf<NetworkOption>(await api('GET', '/api/networks'), 'networks'),
  });
}

export function startOAuth(workspaceId: string, network: string, environment: Environment, server?: string) {
  return api<{ authorizeUrl: string }>('POST', wsPath(workspaceId, '/accounts/oauth/start'), {
    network,
    environment,
    ...(server ? { server } : {}),
  });
}

export interface PasswordConnectInput {
  network: string;
  environment: Environment;
  service: string;
  identifier: string;
  password: string;
}

export function connectWithPassword(workspaceId: string, input: PasswordConnectInput) {
  return api<Account>('POST', wsPath(workspaceId, '/accounts/password'), input);
}

/** Adds the profile a person posts from by hand on a network Crier cannot post to. */
export function addManualProfile(workspaceId: string, network: string, handle: string) {
  return api<Account>('POST', wsPath(workspaceId, '/accounts/manual'), { network, handle });
}

export function disconnectAccount(workspaceId: string, accountId: string) {
  return api<unknown>('DELETE', wsPath(workspaceId, `/accounts/${encodeURIComponent(accountId)}`));
}

export interface AccountCandidate {
  remoteId: string;
  handle: string;
  displayName: string;
  profileUrl: string;
  avatarUrl?: string;
}

export interface PendingChoice {
  network: string;
  environment: Environment;
  candidates: AccountCandidate[];
}

export function fetchPendingChoice(workspaceId: string, token: string) {
  return api<PendingChoice>('GET', wsPath(workspaceId, `/accounts/choices/${encodeURIComponent(token)}`));
}

export function choosePendingAccounts(workspaceId: string, token: string, remoteIds: string[]) {
  return api<{ accounts: Account[] }>('POST', wsPath(workspaceId, `/accounts/choices/${encodeURIComponent(token)}`), {
    remoteIds,
  });
}
