import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch } from './guarded-fetch.js';

describe('guarded fetch for servers people name', () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer((_request, response) => response.end('inside'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const guarded = createGuardedFetch();

  it.each([
    'http://127.0.0.1:PORT/',
    'http://localhost:PORT/',
    'http://[::1]:PORT/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.8/',
  ])('refuses %s', async (address) => {
    await expect(guarded(address.replace('PORT', String(port)))).rejects.toThrow(/fetch failed|does not connect/);
  });

  it('does not follow a redirect into the local network', async () => {
    // a plain fetch would follow the same redirect: the guard is what stops it
    const redirecting = http.createServer((_request, response) => {
      response.writeHead(302, { location: `http://127.0.0.1:${port}/` }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const redirectingPort = (redirecting.address() as AddressInfo).port;
    const plain = await fetch(`http://127.0.0.1:${redirectingPort}/`);
    expect(await plain.text()).toBe('inside');
    await expect(guarded(`http://127.0.0.1:${redirectingPort}/`)).rejects.toThrow();
    await new Promise((resolve) => redirecting.close(resolve));
  });
});
