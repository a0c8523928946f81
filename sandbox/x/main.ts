import { parseArgs } from 'node:util';
import { createXEmulator } from './emulator.js';

/**
 * Runs the X emulator on its own, for trying Crier against it by hand:
 *
 *   npx tsx sandbox/x/main.ts --port 4010 --client-id crier-sandbox \
 *     --redirect-uri http://localhost:3000/connect/x/callback --state-file data/x-sandbox.json
 *
 * Everything comes from the command line; Crier itself starts the emulator in process.
 */
const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '4010' },
    'public-url': { type: 'string' },
    'client-id': { type: 'string', default: 'crier-sandbox' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true, default: ['http://localhost:3000/connect/x/callback'] },
    user: { type: 'string', multiple: true, default: [] },
    'state-file': { type: 'string' },
    log: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`--port must be a port number, not ${values.port}`);

const emulator = createXEmulator({
  publicUrl: values['public-url'],
  clients: [
    { clientId: values['client-id'], clientSecret: values['client-secret'], redirectUris: values['redirect-uri'] },
  ],
  users: values.user.map((username) => ({ username })),
  stateFile: values['state-file'],
  logger: values.log,
});

const address = await emulator.app.listen({ host: values.host, port });
process.stdout.write(
  `X emulator (OpenAPI ${emulator.apiVersion}) listening on ${address}\n` +
    `  authorize: ${address}/i/oauth2/authorize\n  faults:    ${address}/_emulator/faults\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    emulator.app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`could not close the X emulator cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
