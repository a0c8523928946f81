/**
 * Child process of the redirect benchmark: the yardstick, a bare node:http server answering a fixed
 * 302. Its Location is as long as the ones Crier sends for the benchmark's links (a tagged target and
 * a click id), so both answers cost the load generator the same to read: autocannon parses responses
 * in JavaScript, byte by byte, and a shorter answer would flatter the yardstick.
 */
import http from 'node:http';

const LOCATION =
  'https://fizz.example/products/12345?utm_source=x&utm_medium=social&utm_campaign=bench&crier_cid=0Nf8GzJ2aB3cD4eF';

const server = http.createServer((_request, response) => {
  response.writeHead(302, ['location', LOCATION, 'content-length', '0']);
  response.end();
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
