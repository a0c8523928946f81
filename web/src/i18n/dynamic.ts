import type { TFunction } from 'i18next';

/**
 * Translates a key built at run time (`networks.${network}`), falling back to the given text when
 * the resources have no such key: a network or state the server knows and this build does not.
 */
export function translateDynamic(
  t: TFunction,
  key: string,
  fallback: string,
  values: Record<string, unknown> = {},
): string {
  return t(key as never, { ...values, defaultValue: fallback } as never) as unknown as string;
}
