/** Child process of the redirect benchmark: the yardstick, a bare node:http server answering a fixed 302. */
import http from 'node:http';

const server = http.createServer((_request, response) => {
  response.writeHead(302, ['location', 'https://fizz.example/products/1?utm_source=x', 'content-length', '0']);
  response.end();
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
