import type { Problem, VariantContent } from '../../core/content.js';
import { countGraphemes } from '../../core/limits.js';
import { NETWORK_NAME } from './errors.js';

/** Where a post goes on a Public Profile: a 24-hour Story, a Saved Story kept on the profile, or Spotlight. */
export const PLACEMENTS = ['story', 'saved_story', 'spotlight'] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** Spotlight description ≤ 160 characters with hashtags; Saved Story title ≤ 45 (snapchat.md, 3P). */
export const TEXT_LIMITS = { spotlightDescription: 160, savedStoryTitle: 45 } as const;

export function placementOf(options: Record<string, unknown> | undefined): Placement {
  return PLACEMENTS.find((placement) => placement === options?.placement) ?? 'story';
}

/** What only Snapchat asks: one media item, the placement, and text only where the placement shows it. */
export function placementProblems(content: VariantContent): Problem[] {
  const problems: Problem[] = [];
  const placement = content.options?.placement;
  if (placement !== undefined && !PLACEMENTS.includes(placement as Placement)) {
    problems.push({
      code: 'placement_invalid',
      field: 'options.placement',
      message: `${NETWORK_NAME} posts go to ${PLACEMENTS.join(', ')}`,
    });
  }
  for (const key of Object.keys(content.options ?? {})) {
    if (key !== 'placement')
      problems.push({
        code: 'option_unknown',
        field: `options.${key}`,
        message: `${NETWORK_NAME} has no option “${key}” (it takes placement)`,
      });
  }
  if (content.media.length === 0)
    problems.push({
      code: 'media_required',
      field: 'media',
      message: `${NETWORK_NAME} posts are one image or one video; text alone cannot be posted`,
    });
  const chosen = placementOf(content.options);
  const text = content.text.trim();
  if (chosen === 'spotlight') {
    const length = countGraphemes(text);
    if (length > TEXT_LIMITS.spotlightDescription) {
      problems.push({
        code: 'text_too_long',
        field: 'text',
        limit: TEXT_LIMITS.spotlightDescription,
        actual: length,
        message: `A Spotlight description takes ${TEXT_LIMITS.spotlightDescription} characters with its hashtags; this one has ${length}`,
      });
    }
    if (content.media.some((item) => !(item.kind === 'video' || item.mimeType.startsWith('video/')))) {
      problems.push({ code: 'spotlight_needs_video', field: 'media', message: 'Spotlight takes video only' });
    }
  } else if (text) {
    problems.push({
      code: 'text_not_shown',
      field: 'text',
      message: `A ${chosen === 'story' ? 'Story' : 'Saved Story'} shows no caption through the API; put the words in the image or video, or choose Spotlight`,
    });
  }
  const title = content.title ?? '';
  if (chosen === 'saved_story' && countGraphemes(title) > TEXT_LIMITS.savedStoryTitle) {
    problems.push({
      code: 'title_too_long',
      field: 'title',
      limit: TEXT_LIMITS.savedStoryTitle,
      actual: countGraphemes(title),
      message: `A Saved Story title takes ${TEXT_LIMITS.savedStoryTitle} characters`,
    });
  }
  return problems;
}
