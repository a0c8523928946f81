/**
 * Child process of the redirect benchmark: autocannon against one server on 127.0.0.1, every request
 * to a different link code (round robin over the codes file). Prints autocannon's figures as JSON.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';

const [port, codesFile, connections, durationSeconds, userAgent, amount] = process.argv.slice(2);
const codes = fs.readFileSync(codesFile ?? '', 'utf8').split('\n');
let next = 0;

const result = await autocannon({
  url: `http://127.0.0.1:${port}`,
  connections: Number(connections),
  ...(amount ? { amount: Number(amount) } : { duration: Number(durationSeconds) }),
  headers: { 'user-agent': userAgent ?? '', accept: 'text/html' },
  requests: [
    {
      method: 'GET',
      setupRequest: (request) => {
        next = (next + 1) % codes.length;
        return { ...request, path: `/l/${codes[next]}` };
      },
    },
  ],
});
process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.average,
    p99: result.latency.p99,
    sent: (result.requests as unknown as { sent: number }).sent,
    redirects: result.statusCodeStats?.['302']?.count ?? 0,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  })}\n`,
);
