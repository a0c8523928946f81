import { measureText, type NetworkLimits, type TextMeasure } from './limits.js';

/** A media item as the rules see it: facts, no bytes. */
export interface MediaFacts {
  id: string;
  /** Derived from the MIME type when absent. */
  kind?: 'image' | 'video';
  mimeType: string;
  size: number;
  altText: string;
  width?: number;
  height?: number;
  durationMs?: number;
}

/** What a variant will say on one network once every inherited field is resolved. */
export interface VariantContent {
  text: string;
  media: readonly MediaFacts[];
  title?: string;
  link?: string;
  /** Network-specific options (privacy, board, visibility…), checked by the network's connector. */
  options?: Record<string, unknown>;
}

export type ProblemCode =
  | 'text_empty'
  | 'text_too_long'
  | 'text_too_many_bytes'
  | 'too_many_images'
  | 'image_too_large'
  | 'image_type_unsupported'
  | 'alt_text_missing'
  | 'alt_text_too_long'
  // connectors add their own codes for rules only their network has
  | (string & {});

/** One reason a variant cannot be published as it stands, with enough detail to show the person. */
export interface Problem {
  code: ProblemCode;
  message: string;
  /** Which part of the variant: `text` or `media[i]`. */
  field: string;
  limit?: number;
  actual?: number;
}

export interface VariantCheck {
  measure: TextMeasure;
  problems: Problem[];
}

/**
 * Checks a variant against a network's limits and reports every problem at once, so a person fixes
 * them in one pass instead of discovering them one save at a time.
 */
export function checkVariant(content: VariantContent, limits: NetworkLimits, networkName: string): VariantCheck {
  const problems: Problem[] = [];
  const measure = measureText(content.text, limits);
  const hasMedia = content.media.length > 0;

  if (content.text.trim().length === 0 && !(hasMedia && limits.textOptionalWithMedia)) {
    problems.push({
      code: 'text_empty',
      field: 'text',
      message: hasMedia
        ? `${networkName} needs text even when the post has media`
        : `${networkName} needs text or media: the post is empty`,
    });
  }
  if (measure.length > measure.limit) {
    problems.push({
      code: 'text_too_long',
      field: 'text',
      limit: measure.limit,
      actual: measure.length,
      message: `${networkName} allows ${measure.limit} characters; this text counts ${measure.length} (${measure.length - measure.limit} over)`,
    });
  }
  if (measure.bytes !== undefined && measure.maxBytes !== undefined && measure.bytes > measure.maxBytes) {
    problems.push({
      code: 'text_too_many_bytes',
      field: 'text',
      limit: measure.maxBytes,
      actual: measure.bytes,
      message: `${networkName} allows ${measure.maxBytes} bytes of text; this text is ${measure.bytes} bytes`,
    });
  }

  const media = limits.media;
  if (content.media.length > media.maxImages) {
    problems.push({
      code: 'too_many_images',
      field: 'media',
      limit: media.maxImages,
      actual: content.media.length,
      message: `${networkName} takes at most ${media.maxImages} images per post; this one has ${content.media.length}`,
    });
  }
  content.media.forEach((item, index) => {
    const field = `media[${index}]`;
    if (!media.imageMimeTypes.includes(item.mimeType)) {
      problems.push({
        code: 'image_type_unsupported',
        field,
        message: `${networkName} does not take ${item.mimeType} images (it takes ${media.imageMimeTypes.join(', ')})`,
      });
    }
    if (item.size > media.maxImageBytes) {
      problems.push({
        code: 'image_too_large',
        field,
        limit: media.maxImageBytes,
        actual: item.size,
        message: `${networkName} takes images up to ${formatBytes(media.maxImageBytes)}; image ${index + 1} is ${formatBytes(item.size)}`,
      });
    }
    const alt = item.altText.trim();
    if (media.altTextRequired && alt.length === 0) {
      problems.push({
        code: 'alt_text_missing',
        field,
        message: `Image ${index + 1} needs alt text on ${networkName}, so people using screen readers know what it shows`,
      });
    }
    if (alt.length > media.maxAltTextLength) {
      problems.push({
        code: 'alt_text_too_long',
        field,
        limit: media.maxAltTextLength,
        actual: alt.length,
        message: `${networkName} takes alt text up to ${media.maxAltTextLength} characters; image ${index + 1} has ${alt.length}`,
      });
    }
  });

  return { measure, problems };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(bytes % 1_000_000 === 0 ? 0 : 1)} MB`;
  if (bytes >= 1_000) return `${Math.round(bytes / 1_000)} kB`;
  return `${bytes} bytes`;
}
