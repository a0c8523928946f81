import { parseArgs } from 'node:util';
import { createLinkedInEmulator } from './emulator.js';
import { demoFollowers } from './sample-organizations.js';

/**
 * Runs the LinkedIn emulator on its own, for trying Crier against it by hand:
 *
 *   npx tsx sandbox/linkedin/main.ts --port 4014 --client-id crier-sandbox --client-secret sandbox-secret \
 *     --redirect-uri http://localhost:3000/api/oauth/callback/linkedin --state-file data/linkedin-sandbox.json
 *
 * Every member who signs in administers the demo organization "Crier Sandbox Motors".
 */
const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '4014' },
    'public-url': { type: 'string' },
    'client-id': { type: 'string', default: 'crier-sandbox' },
    'client-secret': { type: 'string', default: 'crier-sandbox-secret' },
    'redirect-uri': { type: 'string', multiple: true, default: ['http://localhost:3000/api/oauth/callback/linkedin'] },
    'no-refresh-tokens': { type: 'boolean', default: false },
    'state-file': { type: 'string' },
    log: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`--port must be a port number, not ${values.port}`);

const emulator = createLinkedInEmulator({
  publicUrl: values['public-url'],
  clients: [
    {
      clientId: values['client-id'],
      clientSecret: values['client-secret'],
      redirectUris: values['redirect-uri'],
      refreshTokens: !values['no-refresh-tokens'],
    },
  ],
  organizations: [
    {
      id: '90000001',
      name: 'Crier Sandbox Motors',
      vanityName: 'crier-sandbox-motors',
      followers: demoFollowers(),
      members: [{ username: 'everyone', role: 'ADMINISTRATOR' }],
    },
  ],
  stateFile: values['state-file'],
  logger: values.log,
});

const address = await emulator.app.listen({ host: values.host, port });
process.stdout.write(
  `LinkedIn emulator listening on ${address} (LinkedIn-Version up to ${emulator.latestVersion()})\n  authorize: ${address}/oauth/v2/authorization\n  faults:    ${address}/_emulator/faults\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    emulator.app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`could not close the LinkedIn emulator cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
