import { slugify } from './codes.js';
import { replaceUrls } from './rewrite.js';
import { applyUtmTags, checkTargetUrl } from './tracked-url.js';

/** A variant's text as it will be published, before its links are tracked. */
export interface VariantToTrack {
  variantId: string;
  network: string;
  segmentName: string | null;
  text: string;
  /** The link some networks take apart from the text (a pin's destination), tracked like the text's URLs. */
  link?: string | null;
}

export interface PlannedLink {
  code: string;
  variantId: string;
  network: string;
  /** As the person wrote it (absolute form). */
  originalUrl: string;
  /** With UTM tags; the click id is added per click. */
  targetUrl: string;
}

export interface TrackingPlan {
  /** Rewritten text per variant id; only variants that had a URL to track appear. */
  texts: Map<string, string>;
  /** Short link in place of a variant's separate link field, per variant id. */
  linkFields: Map<string, string>;
  links: PlannedLink[];
}

/**
 * Replaces every URL of every variant with a short link whose target carries the UTM tags of that
 * variant: utm_source = network, utm_medium = social, utm_campaign = the campaign's slug,
 * utm_content = the variant. A URL repeated in one variant shares one link; short links already in
 * the text (Crier's own) and URLs that cannot be tracked (a `ftp:` one, a user name in the host) are
 * left as written.
 */
export function planTrackedLinks(input: {
  variants: readonly VariantToTrack[];
  campaignSlug: string | null;
  /** Base of the short links, without a trailing slash: `https://go.example` or `https://crier.example/l`. */
  shortLinkBase: string;
  isShortLink(url: string): boolean;
  newCode(): string;
}): TrackingPlan {
  const texts = new Map<string, string>();
  const linkFields = new Map<string, string>();
  const links: PlannedLink[] = [];
  for (const variant of input.variants) {
    const codeByUrl = new Map<string, string>();
    const shorten = (url: string): string | undefined => {
      if (input.isShortLink(url)) return undefined;
      const checked = checkTargetUrl(url);
      if (!checked.ok) return undefined;
      let code = codeByUrl.get(checked.url);
      if (code === undefined) {
        code = input.newCode();
        codeByUrl.set(checked.url, code);
        links.push({
          code,
          variantId: variant.variantId,
          network: variant.network,
          originalUrl: checked.url,
          targetUrl: applyUtmTags(checked.url, {
            source: variant.network,
            medium: 'social',
            campaign: input.campaignSlug ?? undefined,
            content: variantTag(variant.variantId, variant.segmentName),
          }),
        });
      }
      return `${input.shortLinkBase}/${code}`;
    };
    let changed = false;
    const text = replaceUrls(variant.text, (found) => {
      const short = shorten(found.url);
      if (short !== undefined) changed = true;
      return short;
    });
    if (changed) texts.set(variant.variantId, text);
    const linkField = variant.link ? shorten(variant.link) : undefined;
    if (linkField !== undefined) linkFields.set(variant.variantId, linkField);
  }
  return { texts, linkFields, links };
}

/**
 * `utm_content` of a variant: its segment's slug when it has one (readable in web analytics), then
 * the first 8 characters of its id so two variants never share a tag.
 */
export function variantTag(variantId: string, segmentName: string | null): string {
  const id = variantId.replaceAll('-', '').slice(0, 8);
  const segment = segmentName ? slugify(segmentName) : '';
  return segment ? `${segment}-${id}` : id;
}
