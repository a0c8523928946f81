import type { Problem, VariantContent } from '../../core/content.js';
import { countGraphemes } from '../../core/limits.js';

/** Pinterest's field limits (PinCreate in the OpenAPI document). */
export const PIN_LIMITS = { title: 100, link: 2048 } as const;

export const BOARD_OPTION = 'boardId';

/** Problems only Pinterest has: the board, the title, the link, and that a pin needs media. */
export function pinProblems(content: VariantContent): Problem[] {
  const problems: Problem[] = [];
  const boardId = content.options?.[BOARD_OPTION];
  if (boardId === undefined || boardId === '') {
    problems.push({
      code: 'board_required',
      field: `options.${BOARD_OPTION}`,
      message: 'Choose the Pinterest board this Pin goes on',
    });
  } else if (typeof boardId !== 'string' || !/^\d+$/.test(boardId)) {
    problems.push({
      code: 'board_invalid',
      field: `options.${BOARD_OPTION}`,
      message: 'That is not a Pinterest board id; choose the board from the list',
    });
  }
  for (const key of Object.keys(content.options ?? {})) {
    if (key !== BOARD_OPTION)
      problems.push({
        code: 'option_unknown',
        field: `options.${key}`,
        message: `Pinterest has no option “${key}” (it takes ${BOARD_OPTION})`,
      });
  }
  if (content.media.length === 0) {
    problems.push({
      code: 'media_required',
      field: 'media',
      message: 'A Pin needs an image, 2 to 5 images, or a video',
    });
  }
  const title = content.title ?? '';
  if (countGraphemes(title) > PIN_LIMITS.title) {
    problems.push({
      code: 'title_too_long',
      field: 'title',
      limit: PIN_LIMITS.title,
      actual: countGraphemes(title),
      message: `Pinterest takes titles up to ${PIN_LIMITS.title} characters; this one has ${countGraphemes(title)}`,
    });
  }
  if (content.link !== undefined && content.link !== '') {
    if (content.link.length > PIN_LIMITS.link) {
      problems.push({
        code: 'link_too_long',
        field: 'link',
        limit: PIN_LIMITS.link,
        actual: content.link.length,
        message: `Pinterest takes links up to ${PIN_LIMITS.link} characters`,
      });
    }
    if (!/^https?:\/\/[^\s]+$/.test(content.link)) {
      problems.push({
        code: 'link_invalid',
        field: 'link',
        message: 'The Pin’s link must be a web address starting with http:// or https://',
      });
    }
  }
  return problems;
}
