import { parseArgs } from 'node:util';
import { createThreadsEmulator } from './emulator.js';

/**
 * Runs the Threads emulator on its own, for trying Crier against it by hand:
 *
 *   npx tsx sandbox/threads/main.ts --port 4013 --client-id crier-sandbox --client-secret sandbox-secret \
 *     --redirect-uri http://localhost:3000/api/oauth/callback/threads --state-file data/threads-sandbox.json
 */
const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '4013' },
    'public-url': { type: 'string' },
    'client-id': { type: 'string', default: 'crier-sandbox' },
    'client-secret': { type: 'string', default: 'crier-sandbox-secret' },
    'redirect-uri': { type: 'string', multiple: true, default: ['http://localhost:3000/api/oauth/callback/threads'] },
    user: { type: 'string', multiple: true, default: [] },
    'geo-gating': { type: 'boolean', default: false },
    'state-file': { type: 'string' },
    log: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`--port must be a port number, not ${values.port}`);

const emulator = createThreadsEmulator({
  publicUrl: values['public-url'],
  clients: [
    { clientId: values['client-id'], clientSecret: values['client-secret'], redirectUris: values['redirect-uri'] },
  ],
  users: values.user.map((username) => ({ username, eligibleForGeoGating: values['geo-gating'] })),
  stateFile: values['state-file'],
  logger: values.log,
});

const address = await emulator.app.listen({ host: values.host, port });
process.stdout.write(
  `Threads emulator listening on ${address}\n  authorize: ${address}/oauth/authorize\n  faults:    ${address}/_emulator/faults\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    emulator.app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`could not close the Threads emulator cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
