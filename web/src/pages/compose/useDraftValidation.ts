import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { validateDraft } from '../../api/posts';
import type { DraftBody, VariantCheck } from '../../api/types';

const DEBOUNCE_MS = 250;

/**
 * Asks the server to check the draft against every chosen network's limits, 250 ms after the
 * person stops typing. `revision` changes when something the server reads but the body does not
 * carry changes (an image's alt text saved on the media item).
 */
export function useDraftValidation(workspaceId: string, draft: DraftBody, revision: string) {
  const key = JSON.stringify({ draft, revision });
  const [debouncedKey] = useDebouncedValue(key, DEBOUNCE_MS);
  const enabled = draft.accountIds.length > 0;

  const query = useQuery({
    queryKey: ['validate', workspaceId, debouncedKey],
    enabled,
    retry: false,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => {
      const { draft: body } = JSON.parse(debouncedKey) as { draft: DraftBody };
      return validateDraft(workspaceId, body, signal);
    },
  });

  const checks = new Map<string, VariantCheck>();
  if (enabled) for (const check of query.data?.variants ?? []) checks.set(check.network, check);

  return {
    checks,
    /** The key the shown checks answer; changes whenever a new answer is asked for. */
    checkedKey: debouncedKey,
    checking: enabled && (key !== debouncedKey || query.isFetching),
    error: enabled ? query.error : null,
  };
}
