import { parseArgs } from 'node:util';
import { createYouTubeEmulator } from './emulator.js';

/**
 * Runs the YouTube emulator on its own, for trying Crier against it by hand:
 *
 *   npx tsx sandbox/youtube/main.ts --port 4017 --client-id crier-sandbox --client-secret sandbox \
 *     --redirect-uri http://localhost:3000/api/oauth/callback/youtube --state-file data/youtube.json
 *
 * Everything comes from the command line; Crier itself starts the emulator in process.
 */
const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '4017' },
    'public-url': { type: 'string' },
    'client-id': { type: 'string', default: 'crier-sandbox' },
    'client-secret': { type: 'string', default: 'crier-sandbox-secret' },
    'redirect-uri': { type: 'string', multiple: true, default: ['http://localhost:3000/api/oauth/callback/youtube'] },
    'state-file': { type: 'string' },
    'media-dir': { type: 'string' },
    'daily-units': { type: 'string', default: '10000' },
    log: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`--port must be a port number, not ${values.port}`);
const dailyUnits = Number(values['daily-units']);
if (!Number.isInteger(dailyUnits) || dailyUnits < 1) throw new Error(`--daily-units must be a positive integer`);

const emulator = createYouTubeEmulator({
  publicUrl: values['public-url'],
  clients: [
    { clientId: values['client-id'], clientSecret: values['client-secret'], redirectUris: values['redirect-uri'] },
  ],
  stateFile: values['state-file'],
  mediaDir: values['media-dir'],
  quota: { dailyUnits },
  logger: values.log,
});

const address = await emulator.app.listen({ host: values.host, port });
process.stdout.write(
  `YouTube emulator (discovery revision ${emulator.revision}) listening on ${address}\n` +
    `  authorize: ${address}/o/oauth2/v2/auth\n  token:     ${address}/token\n  faults:    ${address}/_emulator/faults\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    emulator.app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`could not close the YouTube emulator cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
