/**
 * Rules for the URLs behind tracked links: which targets Crier accepts, how UTM tags are applied and
 * how the per-click id is added at redirect time. Pure string work, no I/O.
 */

/** Query parameter carrying the first-party click id to the website, read back by the conversion script. */
export const CLICK_ID_PARAM = 'crier_cid';

export interface UtmTags {
  source?: string;
  medium?: string;
  campaign?: string;
  content?: string;
}

const UTM_KEYS = ['source', 'medium', 'campaign', 'content'] as const;

/** Parameters Crier owns on a tracked target: replaced, never duplicated, when the URL already has them. */
const OWNED_PARAMS = new Set([...UTM_KEYS.map((key) => `utm_${key}`), CLICK_ID_PARAM]);

export type TargetCheck = { ok: true; url: string } | { ok: false; reason: string };

/**
 * Accepts an absolute http(s) URL and returns its canonical ASCII form (IDN hosts in punycode, the
 * path and query percent-encoded), which is what a Location header can carry. Credentials in a URL
 * (`https://bank.example@evil.example/`) are refused: they only serve to disguise where a link goes.
 */
export function checkTargetUrl(raw: string): TargetCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: `${raw} is not an absolute URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `Only http and https links can be tracked, not ${url.protocol.replace(':', '')}` };
  }
  if (url.username || url.password) return { ok: false, reason: 'A link target may not carry a user name or password' };
  if (!url.hostname) return { ok: false, reason: `${raw} has no host` };
  return { ok: true, url: url.href };
}

/**
 * The target with Crier's UTM tags. Tags the URL already has for the same keys are replaced (an old
 * campaign's tags copied along would credit the wrong network); every other parameter is kept exactly
 * as written, in its place, and the fragment stays last.
 */
export function applyUtmTags(target: string, tags: UtmTags): string {
  const url = new URL(target);
  const added = UTM_KEYS.flatMap((key) => {
    const value = tags[key]?.trim();
    return value ? [`utm_${key}=${encodeURIComponent(value)}`] : [];
  });
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !OWNED_PARAMS.has(parameterName(pair)));
  const query = [...kept, ...added];
  url.search = query.length > 0 ? `?${query.join('&')}` : '';
  return url.href;
}

/** A target split where the click id goes, so the redirect only concatenates strings. */
export interface RedirectTemplate {
  /** Everything before the fragment, ending with `?` or `&` ready for the click id. */
  head: string;
  /** The fragment with its `#`, or empty. */
  fragment: string;
}

export function redirectTemplate(target: string): RedirectTemplate {
  const hashAt = target.indexOf('#');
  const beforeFragment = hashAt === -1 ? target : target.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : target.slice(hashAt);
  const separator =
    beforeFragment.endsWith('?') || beforeFragment.endsWith('&') ? '' : beforeFragment.includes('?') ? '&' : '?';
  return { head: `${beforeFragment}${separator}${CLICK_ID_PARAM}=`, fragment };
}

/** The Location of one click: the target with this click's id, the fragment still last. */
export function redirectLocation(template: RedirectTemplate, clickId: string): string {
  return template.head + clickId + template.fragment;
}

function parameterName(pair: string): string {
  const equals = pair.indexOf('=');
  const name = equals === -1 ? pair : pair.slice(0, equals);
  try {
    return decodeURIComponent(name.replaceAll('+', ' ')).toLowerCase();
  } catch {
    // a malformed escape is not one of our names; keep the pair untouched
    return name;
  }
}
