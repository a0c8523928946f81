import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LinksService } from '../services/links.service.js';
import type { RedirectOutcome, RedirectService } from '../services/redirect.service.js';

/**
 * The short-link redirect, answered on node's own request and response before Fastify sees the
 * request: it is the hottest path in Crier, and routing, hooks, request ids and request logging
 * would cost it a third of its throughput (see docs/DECISIONS.md; `npm run bench:redirect` measures
 * it). It serves `GET /l/:code` on any host, and `GET /:code` on a link domain (by Host header).
 * Everything it answers is fixed or comes from the link itself: nothing in the request can choose
 * where it sends people.
 */
export function redirectHandler(redirects: RedirectService, links: LinksService) {
  return function handleRedirect(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '';
    let codeStart: number;
    let owner: string | null | undefined = null;
    if (url.startsWith('/l/')) codeStart = 3;
    else {
      owner = links.linkHostOwner(request.headers.host);
      if (owner === undefined) return false;
      codeStart = 1;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      if (codeStart === 3) return false;
      sendPage(response, 405, NOT_FOUND_PAGE);
      return true;
    }
    const queryAt = url.indexOf('?', codeStart);
    const code = queryAt === -1 ? url.slice(codeStart) : url.slice(codeStart, queryAt);
    const outcome = redirects.follow(
      code,
      {
        peerAddress: request.socket.remoteAddress,
        forwardedFor: request.headers['x-forwarded-for'],
        userAgent: request.headers['user-agent'],
        referer: request.headers.referer,
      },
      { recordClick: request.method === 'GET', workspaceId: owner },
    );
    if (outcome instanceof Promise) {
      outcome.then(
        (settled) => send(response, settled),
        () => sendPage(response, 503, UNAVAILABLE_PAGE),
      );
    } else {
      send(response, outcome);
    }
    return true;
  };
}

function send(response: ServerResponse, outcome: RedirectOutcome): void {
  switch (outcome.kind) {
    case 'redirect':
      // no cache headers: browsers and proxies never store a 302 without them, so every click comes back
      response.writeHead(302, ['location', outcome.location, 'content-length', '0']);
      response.end();
      return;
    case 'not_found':
      sendPage(response, 404, NOT_FOUND_PAGE);
      return;
    case 'disabled':
      sendPage(response, 410, DISABLED_PAGE);
      return;
    case 'expired':
      sendPage(response, 410, EXPIRED_PAGE);
      return;
    default: {
      const exhaustive: never = outcome;
      throw new Error(`unhandled redirect outcome ${JSON.stringify(exhaustive)}`);
    }
  }
}

function sendPage(response: ServerResponse, status: number, page: Buffer): void {
  response.writeHead(status, [
    'content-type',
    'text/html; charset=utf-8',
    'cache-control',
    'no-store',
    'content-length',
    String(page.length),
    'x-robots-tag',
    'noindex',
  ]);
  response.end(page);
}

/** Small fixed pages in both of Crier's languages, built once. */
function page(title: string, english: string, japanese: string): Buffer {
  return Buffer.from(
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222"><h1 style="font-size:1.4rem">${title}</h1><p>${english}</p><p lang="ja">${japanese}</p></body></html>`,
  );
}

const NOT_FOUND_PAGE = page(
  'Link not found',
  'This short link does not exist. Check that it was copied completely.',
  'この短縮リンクは存在しません。リンクが最後までコピーされているかご確認ください。',
);
const DISABLED_PAGE = page(
  'Link turned off',
  'The owner of this short link has turned it off.',
  'この短縮リンクは所有者によって無効にされています。',
);
const EXPIRED_PAGE = page('Link expired', 'This short link has expired.', 'この短縮リンクは有効期限が切れています。');
const UNAVAILABLE_PAGE = page(
  'Try again in a moment',
  'This link cannot be opened right now. Please try again in a moment.',
  'ただいまこのリンクを開けません。しばらくしてからもう一度お試しください。',
);
