import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type TargetedCheck, type TargetedDraft, validateTargetedDraft, variantKey } from '../../api/variants';

const DEBOUNCE_MS = 250;

/**
 * Asks the server to check the draft against every chosen network's limits, 250 ms after the
 * person stops typing. `revision` changes when something the server reads but the body does not
 * carry changes (an image's alt text saved on the media item). The checks are keyed by
 * `variantKey(network, segmentId)`: one per planned variant, audience variants apart.
 */
export function useDraftValidation(workspaceId: string, draft: TargetedDraft, revision: string) {
  const key = JSON.stringify({ draft, revision });
  const [debouncedKey] = useDebouncedValue(key, DEBOUNCE_MS);
  const asked = useMemo(() => (JSON.parse(debouncedKey) as { draft: TargetedDraft }).draft, [debouncedKey]);
  // both: the draft on screen has accounts, and so does the one about to be asked about
  const enabled = draft.accountIds.length > 0 && asked.accountIds.length > 0;

  const query = useQuery({
    queryKey: ['validate', workspaceId, debouncedKey],
    enabled,
    retry: false,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => validateTargetedDraft(workspaceId, asked, signal),
  });

  const checks = new Map<string, TargetedCheck>();
  if (enabled) {
    for (const check of query.data?.variants ?? []) checks.set(variantKey(check.network, check.segmentId), check);
  }

  return {
    checks,
    /** The key the shown checks answer; changes whenever a new answer is asked for. */
    checkedKey: debouncedKey,
    checking: draft.accountIds.length > 0 && (key !== debouncedKey || query.isFetching),
    error: enabled ? query.error : null,
  };
}
