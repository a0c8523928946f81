import type { Problem } from '../../core/content.js';

export const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Mastodon's own options for a status, from `PublishRequest.options`. */
export interface StatusOptions {
  /** `spoiler_text`: the content warning shown before the text. */
  contentWarning: string | undefined;
  visibility: Visibility | undefined;
  /** ISO 639-1. */
  language: string | undefined;
  sensitive: boolean | undefined;
}

const OPTION_KEYS = ['contentWarning', 'visibility', 'language', 'sensitive'];

/** The options' problems, for `validate`: unknown keys, wrong types, a visibility or language Mastodon refuses. */
export function statusOptionProblems(options: Record<string, unknown> | undefined): Problem[] {
  const problems: Problem[] = [];
  for (const key of Object.keys(options ?? {})) {
    if (!OPTION_KEYS.includes(key))
      problems.push({
        code: 'option_unknown',
        field: `options.${key}`,
        message: `Mastodon has no option “${key}” (it takes ${OPTION_KEYS.join(', ')})`,
      });
  }
  const { contentWarning, visibility, language, sensitive } = options ?? {};
  if (contentWarning !== undefined && typeof contentWarning !== 'string') {
    problems.push({
      code: 'content_warning_invalid',
      field: 'options.contentWarning',
      message: 'A content warning is a short text',
    });
  }
  if (visibility !== undefined && !VISIBILITIES.includes(visibility as Visibility)) {
    problems.push({
      code: 'visibility_invalid',
      field: 'options.visibility',
      message: `Mastodon visibility is one of ${VISIBILITIES.join(', ')}`,
    });
  }
  if (language !== undefined && (typeof language !== 'string' || !/^[a-z]{2}$/.test(language))) {
    problems.push({
      code: 'language_invalid',
      field: 'options.language',
      message: 'The language is a two-letter ISO 639-1 code, like en or ja',
    });
  }
  if (sensitive !== undefined && typeof sensitive !== 'boolean') {
    problems.push({
      code: 'sensitive_invalid',
      field: 'options.sensitive',
      message: 'Sensitive media is marked yes or no',
    });
  }
  return problems;
}

/** Reads options `validate` has already accepted. */
export function readStatusOptions(options: Record<string, unknown> | undefined): StatusOptions {
  const contentWarning =
    typeof options?.contentWarning === 'string' && options.contentWarning.trim()
      ? options.contentWarning.trim()
      : undefined;
  return {
    contentWarning,
    visibility: VISIBILITIES.find((value) => value === options?.visibility),
    language: typeof options?.language === 'string' ? options.language : undefined,
    sensitive: typeof options?.sensitive === 'boolean' ? options.sensitive : undefined,
  };
}
