import { useQuery } from '@tanstack/react-query';
import { api, wsPath } from './client';
import { listOf } from './lists';

/** An audience, as `src/core/segment.ts` defines it: every field optional, at least one set. */
export interface Audience {
  /** ISO 3166-1 alpha-2, upper case: `JP`. */
  countries?: string[];
  /** ISO 3166-2: `US-CA`. */
  regions?: string[];
  /** ISO 639-1, lower case: `ja`. */
  languages?: string[];
  ageMin?: number;
  ageMax?: number;
  genders?: Gender[];
  interests?: string[];
  seniorities?: string[];
  industries?: string[];
  jobFunctions?: string[];
  companySizes?: string[];
}

export type Gender = 'female' | 'male';

export interface Segment {
  id: string;
  name: string;
  audience: Audience;
  createdAt: string;
}

export const segmentsKey = (workspaceId: string) => ['segments', workspaceId] as const;

export function useSegments(workspaceId: string) {
  return useQuery({
    queryKey: segmentsKey(workspaceId),
    queryFn: async () => listOf<Segment>(await api('GET', wsPath(workspaceId, '/segments')), 'segments'),
  });
}

/** Rejects with a 400 ApiError whose message lists every problem of the audience. */
export function createSegment(workspaceId: string, input: { name: string; audience: Audience }) {
  return api<Segment>('POST', wsPath(workspaceId, '/segments'), input);
}

/** Rejects with a 409 ApiError while publications still to be published target the segment. */
export function deleteSegment(workspaceId: string, segmentId: string) {
  return api<unknown>('DELETE', wsPath(workspaceId, `/segments/${encodeURIComponent(segmentId)}`));
}
