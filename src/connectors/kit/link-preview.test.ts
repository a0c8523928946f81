import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkPreviewFetcher, isRefusedAddress, LinkPreviewError, parseMetadata } from './link-preview.js';

const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

type Route = (request: IncomingMessage, response: ServerResponse) => void;
const html =
  (body: string, contentType = 'text/html; charset=utf-8'): Route =>
  (_, response) => {
    response.writeHead(200, { 'content-type': contentType });
    response.end(body);
  };

const routes: Record<string, Route> = {
  '/car': html(`<!doctype html><html><head>
      <title>Ignored when OpenGraph has a title</title>
      <meta property="og:title" content="The new model &amp; its &quot;range&quot;">
      <meta name="description" content="Plain description">
      <meta property='og:description' content='Electric, 500 km.'>
      <meta property="og:image" content="/images/car.png">
    </head><body><meta property="og:title" content="not this one"></body></html>`),
  '/private-image': html(
    '<head><meta property="og:title" content="Has a bad image"><meta property="og:image" content="http://10.0.0.9/x.png"></head>',
  ),
  '/plain': html('<html><head><title>  Just a\n title </title></head><body>hello</body></html>'),
  '/sjis': (_, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    const title = Buffer.from([0x90, 0x56, 0x8c, 0x5e, 0x8e, 0xd4]); // 新型車 in Shift_JIS
    response.end(
      Buffer.concat([Buffer.from('<html><head><meta charset="shift_jis"><title>'), title, Buffer.from('</title>')]),
    );
  },
  '/images/car.png': (_, response) => {
    response.writeHead(200, { 'content-type': 'image/png' });
    response.end(PIXEL_PNG);
  },
  '/hop': (_, response) => {
    response.writeHead(302, { location: '/car' });
    response.end();
  },
  '/loop': (_, response) => {
    response.writeHead(301, { location: '/loop' });
    response.end();
  },
  '/huge': (_, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.write('<html><head><meta property="og:title" content="Big page"></head><body>');
    response.end('x'.repeat(200_000));
  },
  '/slow': () => {
    // never answers
  },
  '/pdf': (_, response) => {
    response.writeHead(200, { 'content-type': 'application/pdf' });
    response.end('%PDF-1.4');
  },
};

let server: Server;
let base: string;
let hits = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    hits += 1;
    const route = routes[new URL(request.url ?? '/', 'http://x').pathname];
    if (route) return route(request, response);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('link preview from a local server (private addresses allowed)', () => {
  const preview = createLinkPreviewFetcher({ allowPrivateAddresses: true, timeoutMs: 2_000, maxBytes: 50_000 });

  it('reads OpenGraph title, description and image', async () => {
    const result = await preview(`${base}/car`);
    expect(result).toEqual({
      title: 'The new model & its "range"',
      description: 'Electric, 500 km.',
      image: { bytes: new Uint8Array(PIXEL_PNG), mimeType: 'image/png' },
    });
  });

  it('falls back to the <title> and follows a redirect', async () => {
    expect(await preview(`${base}/plain`)).toEqual({ title: 'Just a title' });
    expect((await preview(`${base}/hop`))?.title).toBe('The new model & its "range"');
  });

  it('decodes a page in the charset it declares', async () => {
    expect(await preview(`${base}/sjis`)).toEqual({ title: '新型車' });
  });

  it('parses the start of a page larger than the byte cap', async () => {
    expect(await preview(`${base}/huge`)).toEqual({ title: 'Big page' });
  });

  it('keeps the title when the image cannot be fetched', async () => {
    const guarded = createLinkPreviewFetcher({
      resolveHost: async () => ['93.184.215.14'],
      fetch: (input, init) => fetch(`${base}${new URL(String(input)).pathname}`, init),
    });
    expect(await guarded('https://cars.example/private-image')).toEqual({ title: 'Has a bad image' });
  });

  it('gives nothing for a page that is not HTML', async () => {
    expect(await preview(`${base}/pdf`)).toBeUndefined();
  });

  it('stops after three redirects', async () => {
    await expect(preview(`${base}/loop`)).rejects.toMatchObject({ reason: 'too_many_redirects' });
  });

  it('gives up after its time limit', async () => {
    const quick = createLinkPreviewFetcher({ allowPrivateAddresses: true, timeoutMs: 200 });
    const started = Date.now();
    await expect(quick(`${base}/slow`)).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses schemes other than http and https', async () => {
    await expect(preview('file:///etc/passwd')).rejects.toMatchObject({ reason: 'scheme_refused' });
  });
});

describe('address guard (private addresses refused)', () => {
  const preview = createLinkPreviewFetcher({ timeoutMs: 2_000 });

  it.each([
    'http://127.0.0.1/',
    'http://10.1.2.3/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://localhost/',
  ])('refuses %s without connecting', async (url) => {
    const before = hits;
    await expect(preview(url)).rejects.toMatchObject({ reason: 'address_refused' });
    expect(hits).toBe(before);
  });

  it('refuses the local test server itself', async () => {
    const before = hits;
    await expect(preview(`${base}/car`)).rejects.toBeInstanceOf(LinkPreviewError);
    expect(hits).toBe(before);
  });

  it('checks every redirect hop again', async () => {
    const requested: string[] = [];
    const hosts: Record<string, string[]> = { 'news.example': ['93.184.215.14'], 'intranet.example': ['10.0.0.7'] };
    const guarded = createLinkPreviewFetcher({
      resolveHost: async (host) => hosts[host] ?? [],
      fetch: async (input) => {
        requested.push(String(input));
        return new Response(null, { status: 302, headers: { location: 'http://intranet.example/admin' } });
      },
    });
    await expect(guarded('https://news.example/story')).rejects.toMatchObject({ reason: 'address_refused' });
    expect(requested).toEqual(['https://news.example/story']);
  });

  it('checks the address it connects to, not only the one it was told first (DNS rebinding)', async () => {
    const before = hits;
    // The first answer says public; the lookup made when connecting finds loopback.
    const rebound = createLinkPreviewFetcher({ resolveHost: async () => ['93.184.215.14'] });
    await expect(rebound(`${base.replace('127.0.0.1', 'localhost')}/car`)).rejects.toMatchObject({
      reason: 'address_refused',
    });
    expect(hits).toBe(before);
  });

  it('refuses a host with any private address among its answers', async () => {
    const guarded = createLinkPreviewFetcher({
      resolveHost: async () => ['93.184.215.14', '192.168.1.10'],
      fetch: async () => new Response('unreachable'),
    });
    await expect(guarded('https://mixed.example/')).rejects.toMatchObject({ reason: 'address_refused' });
  });
});

describe('isRefusedAddress', () => {
  it('knows special ranges from public addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.1.1',
      '224.0.0.1',
      '::',
      '::1',
      'fd00::1',
      'fe80::1',
      'ff02::1',
      '::ffff:10.0.0.1',
      '::ffff:a9fe:a9fe',
    ]) {
      expect(isRefusedAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isRefusedAddress(address), address).toBe(false);
    }
  });
});

describe('parseMetadata', () => {
  it('prefers OpenGraph, then Twitter cards, then the page', () => {
    const page = `<head><meta name="twitter:title" content="Twitter title"><meta name="twitter:image" content="https://cdn.example/t.jpg">
      <meta name=description content="Described &#x65E5;&#26412;"><title>Page</title></head>`;
    expect(parseMetadata(page)).toEqual({
      title: 'Twitter title',
      description: 'Described 日本',
      image: 'https://cdn.example/t.jpg',
    });
  });
});
