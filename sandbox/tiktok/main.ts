import { parseArgs } from 'node:util';
import { createTikTokEmulator } from './emulator.js';

/**
 * Runs the TikTok emulator on its own, for trying Crier against it by hand:
 *
 *   npx tsx sandbox/tiktok/main.ts --port 4018 --client-key crier-sandbox --client-secret sandbox \
 *     --redirect-uri http://localhost:3000/api/oauth/callback/tiktok --state-file data/tiktok.json
 */
const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '4018' },
    'public-url': { type: 'string' },
    'client-key': { type: 'string', default: 'crier-sandbox' },
    'client-secret': { type: 'string', default: 'crier-sandbox-secret' },
    'redirect-uri': { type: 'string', multiple: true, default: ['http://localhost:3000/api/oauth/callback/tiktok'] },
    audited: { type: 'boolean', default: false },
    'verified-url-prefix': { type: 'string', multiple: true, default: [] },
    'state-file': { type: 'string' },
    'media-dir': { type: 'string' },
    log: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`--port must be a port number, not ${values.port}`);

const emulator = createTikTokEmulator({
  publicUrl: values['public-url'],
  clients: [
    {
      clientKey: values['client-key'],
      clientSecret: values['client-secret'],
      redirectUris: values['redirect-uri'],
      audited: values.audited,
    },
  ],
  verifiedUrlPrefixes: values['verified-url-prefix'],
  stateFile: values['state-file'],
  mediaDir: values['media-dir'],
  logger: values.log,
});

const address = await emulator.app.listen({ host: values.host, port });
process.stdout.write(
  `TikTok emulator listening on ${address}\n  authorize: ${address}/v2/auth/authorize/\n  faults:    ${address}/_emulator/faults\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    emulator.app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`could not close the TikTok emulator cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
