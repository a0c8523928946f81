import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/test-crier.js';
import { launchBrowser, makePng, type RunningStack, screenshot, startStack } from './support.js';

/**
 * The whole journey of a new person, in a real browser against everything `crier serve` runs: the X
 * emulator, a real local Bluesky PDS and Crier. The browser lives in Tokyo, so every time shown and
 * typed goes through a zone other than the server's.
 */

const OWNER = {
  name: 'Aiko Tanaka',
  email: 'aiko@fizz.example',
  password: 'summer-fizz-2026',
  workspace: 'Fizz Drinks',
};
const X_USERNAME = 'fizz_drinks';
const LINK = 'https://example.com/summer';
const MAIN_TEXT = `Our summer menu is here: yuzu soda, cold brew tonic and more. ${LINK}`;
const ALT_TEXT = 'A deep blue square, the colour of our yuzu soda can';
/** 15 CJK characters (and 。) weigh 30 on X: ten of them, 300, are over the 280 limit. */
const JAPANESE_SENTENCE = '夏の新メニューが登場しました。';
const X_TOO_LONG = `${JAPANESE_SENTENCE.repeat(10)} ${LINK}`;
const X_TEXT = `${JAPANESE_SENTENCE} ${LINK}`;

const PUBLISH_TIMEOUT_MS = 60_000;

interface ApiPublication {
  id: string;
  network: string;
  state: string;
  remoteId: string | null;
  permalink: string | null;
  attempts: number;
}
interface ApiPost {
  id: string;
  text: string;
  scheduledAt: string | null;
  timeZone: string;
  variants: Array<{ network: string; text: string }>;
  publications: ApiPublication[];
}
interface EmulatorPost {
  id: string;
  text: string;
  username?: string;
  media: Array<{ id: string; mimeType?: string; size?: number; altText?: string }>;
}
interface BlueskyRecord {
  uri: string;
  value: {
    text: string;
    facets?: Array<{
      index: { byteStart: number; byteEnd: number };
      features: Array<{ $type: string; uri?: string }>;
    }>;
    embed?: { $type: string; images?: Array<{ alt: string; image: unknown }> };
  };
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Intl puts a narrow no-break space before AM/PM in some versions: compare times with plain spaces. */
function normalizeSpaces(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

describe('the journey of a new person, in Chromium', () => {
  let running: RunningStack | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let api: ApiClient;
  let workspaceId: string;
  let pngFile: string | undefined;

  beforeAll(async () => {
    running = await startStack();
    browser = await launchBrowser();
    context = await browser.newContext({
      locale: 'en-US',
      timezoneId: 'Asia/Tokyo',
      viewport: { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    // Each one on its own: a failure closing the browser must not leave the stack running.
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await running?.close();
    if (pngFile) fs.rmSync(path.dirname(pngFile), { recursive: true, force: true });
  }, 120_000);

  /** Reads posts through the API, signed in as the owner (a separate session from the browser's). */
  async function listPosts(): Promise<ApiPost[]> {
    const result = await api.request('GET', `/api/workspaces/${workspaceId}/posts`);
    expect(result.status).toBe(200);
    return result.json.posts as ApiPost[];
  }

  it('sets up, connects X and Bluesky sandbox accounts, composes, is refused over the limit, then publishes once to each', async () => {
    if (!running) throw new Error('the stack did not start');
    const { baseUrl, xUrl } = running;

    // 1. First run: Crier sends a new person to setup.
    await page.goto(`${baseUrl}/`);
    await page.waitForURL('**/setup');
    await page.getByTestId('setup-name').fill(OWNER.name);
    await page.getByTestId('setup-email').fill(OWNER.email);
    await page.getByTestId('setup-password').fill(OWNER.password);
    await page.getByTestId('setup-workspace').fill(OWNER.workspace);
    // The time zone is left as the browser's own.
    await expect.poll(() => page.getByTestId('setup-timezone').inputValue()).toContain('Asia/Tokyo');
    await screenshot(page, '01-setup');
    await page.getByTestId('setup-submit').click();

    await page.getByTestId('calendar-empty').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByTestId('workspace-name').textContent()).toBe(OWNER.workspace);
    expect(await page.getByTestId('calendar-range').textContent()).toContain('Asia/Tokyo');
    await screenshot(page, '02-empty-workspace');

    api = new ApiClient(baseUrl);
    const signIn = await api.request('POST', '/api/session', { email: OWNER.email, password: OWNER.password });
    expect(signIn.status).toBe(200);
    workspaceId = signIn.json.workspaces[0].id;
    expect(signIn.json.workspaces[0].timeZone).toBe('Asia/Tokyo');

    // 2. Accounts: X sandbox through the emulator's OAuth consent page.
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('accounts-empty').waitFor();
    await screenshot(page, '03-accounts-empty');
    await page.getByTestId('connect-x-sandbox').click();
    await page.waitForURL((url) => url.origin === new URL(xUrl).origin && url.pathname === '/i/oauth2/authorize');
    await page.locator('#username').fill(X_USERNAME);
    await screenshot(page, '04-x-authorize');
    await page.locator('#authorize').click();

    await page.waitForURL((url) => url.origin === baseUrl && url.pathname === '/accounts');
    const accountRows = page.getByTestId('account-list').locator('[data-testid^="account-"]');
    await expect.poll(() => accountRows.count()).toBe(1);
    const xRow = accountRows.first();
    await expect.poll(() => xRow.textContent()).toContain(`@${X_USERNAME}`);
    expect(await xRow.getByTestId('sandbox-badge').isVisible()).toBe(true);
    await screenshot(page, '05-x-connected');

    // Bluesky sandbox: the app-password modal, filled with the local PDS's demo account.
    await page.getByTestId('connect-bluesky-sandbox').click();
    await page.getByTestId('connect-hint').waitFor();
    await page.getByTestId('connect-use-demo').click();
    expect(await page.getByTestId('connect-identifier').inputValue()).not.toBe('');
    expect(await page.getByTestId('connect-secret').inputValue()).not.toBe('');
    await screenshot(page, '06-bluesky-connect');
    await page.getByTestId('connect-submit').click();
    await page.getByTestId('connect-submit').waitFor({ state: 'detached' });
    await expect.poll(() => accountRows.count()).toBe(2);
    const blueskyRow = accountRows.filter({ hasText: 'Bluesky' });
    await expect.poll(() => blueskyRow.count()).toBe(1);
    expect(await blueskyRow.getByTestId('sandbox-badge').isVisible()).toBe(true);
    await screenshot(page, '07-accounts-connected');

    // 3. Compose for both accounts, with a link and an image with its alt text.
    await page.getByTestId('nav-compose').click();
    await page.getByTestId('compose-text').waitFor();
    const accountBoxes = page.locator('input[data-testid^="compose-account-"]');
    await expect.poll(() => accountBoxes.count()).toBe(2);
    for (const box of await accountBoxes.all()) await box.check();

    await page.getByTestId('compose-text').fill(MAIN_TEXT);
    pngFile = await makePng('summer-menu.png');
    await page.getByTestId('compose-file').setInputFiles(pngFile);
    await page.getByTestId('compose-alt-0').fill(ALT_TEXT);
    await expect.poll(() => page.getByTestId('counter-x').getAttribute('data-over')).toBe('false');
    await expect.poll(() => page.getByTestId('counter-bluesky').getAttribute('data-over')).toBe('false');

    // An X variant over 280 weighted characters: the counter and a problem say so at once.
    await page.getByTestId('variant-customize-x').click();
    await page.getByTestId('variant-text-x').fill(X_TOO_LONG);
    await expect.poll(() => page.getByTestId('counter-x').getAttribute('data-over')).toBe('true');
    expect(await page.getByTestId('counter-x').textContent()).toBe('324 / 280');
    await expect.poll(() => page.getByTestId('problems-x').locator('[data-code]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('problems-bluesky').locator('[data-code]').count()).toBe(0);
    await screenshot(page, '08-compose-over-limit');

    // Scheduling is refused by the server (422), and nothing is stored.
    const refused = page.waitForResponse(
      (response) => response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/posts'),
    );
    await page.getByTestId('compose-schedule').click();
    expect((await refused).status()).toBe(422);
    await page.getByTestId('compose-error').waitFor();
    expect(new URL(page.url()).pathname).toBe('/compose');
    await screenshot(page, '09-compose-refused');
    expect(await listPosts()).toEqual([]);

    // A shorter X variant passes; the post goes out now.
    await page.getByTestId('variant-text-x').fill(X_TEXT);
    await expect.poll(() => page.getByTestId('counter-x').textContent()).toBe('54 / 280');
    expect(await page.getByTestId('counter-x').getAttribute('data-over')).toBe('false');
    await expect.poll(() => page.getByTestId('problems-x').locator('[data-code]').count()).toBe(0);
    const clickedNowAt = Date.now();
    await page.getByTestId('compose-now').click();
    expect(await page.getByTestId('compose-schedule-summary').textContent()).toContain('Asia/Tokyo');
    await screenshot(page, '10-compose-ready');
    const accepted = page.waitForResponse(
      (response) => response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/posts'),
    );
    await page.getByTestId('compose-schedule').click();
    expect((await accepted).status()).toBe(201);

    // 4. The calendar shows both publications reach "published", each with its permalink.
    await page.waitForURL((url) => url.pathname === '/');
    const publications = page.locator('[data-testid^="publication-"]');
    await expect.poll(() => publications.count()).toBe(2);
    await screenshot(page, '11-calendar-scheduled');
    await expect
      .poll(() => publications.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state'))), {
        timeout: PUBLISH_TIMEOUT_MS,
        interval: 500,
      })
      .toEqual(['published', 'published']);
    const publicationIds = await publications.evaluateAll((rows) =>
      rows.map((row) => (row.getAttribute('data-testid') ?? '').replace(/^publication-/, '')),
    );
    for (const id of publicationIds) {
      expect(await page.getByTestId(`permalink-${id}`).getAttribute('href')).toMatch(/^http:\/\/localhost:\d+\//);
    }
    await screenshot(page, '12-calendar-published');

    // 5. Beyond the UI: what Crier recorded, and what each network holds.
    const posts = await listPosts();
    expect(posts).toHaveLength(1);
    const [post] = posts as [ApiPost];
    expect(post.text).toBe(MAIN_TEXT);
    // "Now" was a wall-clock time in Tokyo (to the second): it must name the instant of the click.
    expect(post.timeZone).toBe('Asia/Tokyo');
    expect(Math.abs(Date.parse(post.scheduledAt as string) - clickedNowAt)).toBeLessThan(5_000);
    // The calendar shows it at Tokyo's time, whatever the server's zone.
    const tokyoTime = new Date(post.scheduledAt as string).toLocaleTimeString('en-US', {
      timeZone: 'Asia/Tokyo',
      hour: 'numeric',
      minute: '2-digit',
    });
    expect(normalizeSpaces(await page.getByTestId(`due-${post.id}`).textContent())).toBe(normalizeSpaces(tokyoTime));
    // every URL went out as a tracked short link on Crier's host, tagged for its network
    const shortLink = new RegExp(`${baseUrl}/l/[A-Za-z0-9]{8}$`);
    const xVariant = post.variants.find((variant) => variant.network === 'x');
    const blueskyVariant = post.variants.find((variant) => variant.network === 'bluesky');
    expect(xVariant?.text.startsWith(`${JAPANESE_SENTENCE} ${baseUrl}/l/`)).toBe(true);
    expect(xVariant?.text).toMatch(shortLink);
    expect(blueskyVariant?.text).toMatch(shortLink);
    const blueskyShortLink = (blueskyVariant?.text ?? '').split(' ').pop() as string;
    const landing = await fetch(blueskyShortLink, { redirect: 'manual' });
    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toMatch(
      /^https:\/\/example\.com\/summer\?utm_source=bluesky&utm_medium=social&utm_content=[0-9a-f]{8}&crier_cid=/,
    );
    expect(post.publications.map((p) => p.network).sort()).toEqual(['bluesky', 'x']);
    for (const publication of post.publications) {
      expect(publication).toMatchObject({ state: 'published', attempts: 1 });
      expect(publication.permalink).toBeTruthy();
    }
    const xPublication = post.publications.find((p) => p.network === 'x') as ApiPublication;
    const blueskyPublication = post.publications.find((p) => p.network === 'bluesky') as ApiPublication;

    // X: exactly one post, with the variant's text and one image carrying the alt text.
    const { posts: xPosts } = await getJson<{ posts: EmulatorPost[] }>(`${xUrl}/_emulator/posts`);
    expect(xPosts).toHaveLength(1);
    const [xPost] = xPosts as [EmulatorPost];
    expect(xPost.text).toBe(xVariant?.text);
    expect(xPost.username).toBe(X_USERNAME);
    expect(xPost.id).toBe(xPublication.remoteId);
    expect(xPost.media).toHaveLength(1);
    expect(xPost.media[0]).toMatchObject({ mimeType: 'image/png', altText: ALT_TEXT });
    const xPermalink = await fetch(xPublication.permalink as string);
    expect(xPermalink.status).toBe(200);

    // Bluesky: the permalink is the local PDS's getRecord URL; the record has the text, a link facet
    // covering the URL's bytes, and the image with its alt text.
    const record = await getJson<BlueskyRecord>(blueskyPublication.permalink as string);
    expect(record.uri).toBe(blueskyPublication.remoteId);
    expect(record.value.text).toBe(blueskyVariant?.text);
    const textBytes = Buffer.from(record.value.text, 'utf8');
    const linkFacets = (record.value.facets ?? []).filter((facet) =>
      facet.features.some(
        (feature) => feature.$type === 'app.bsky.richtext.facet#link' && feature.uri === blueskyShortLink,
      ),
    );
    expect(linkFacets).toHaveLength(1);
    const { byteStart, byteEnd } = (linkFacets[0] as NonNullable<typeof linkFacets>[number]).index;
    expect(textBytes.subarray(byteStart, byteEnd).toString('utf8')).toBe(blueskyShortLink);
    expect(record.value.embed?.$type).toBe('app.bsky.embed.images');
    expect(record.value.embed?.images).toHaveLength(1);
    expect(record.value.embed?.images?.[0]?.alt).toBe(ALT_TEXT);

    // And no duplicate on Bluesky: the account's repository holds this one post.
    const did = new URL(blueskyPublication.permalink as string).searchParams.get('repo') as string;
    const listed = await getJson<{ records: Array<{ uri: string }> }>(
      `${running.pdsUrl}/xrpc/com.atproto.repo.listRecords?repo=${encodeURIComponent(did)}&collection=app.bsky.feed.post`,
    );
    expect(listed.records.map((item) => item.uri)).toEqual([record.uri]);
  }, 180_000);
});
