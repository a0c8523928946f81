/**
 * An X emulator in its own process, so the network the benchmark and the fault test talk to does not
 * share an event loop (or a CPU) with the Crier under test. Sends `{ url }` to its parent once it
 * listens on 127.0.0.1; stops on SIGTERM. Every request goes through the emulator's full pipeline
 * (OpenAPI validation, authentication, scopes, rate limits, X's text rules).
 *
 * Environment: EMULATOR_CLIENT_ID, EMULATOR_REDIRECT_URI, EMULATOR_POST_LIMIT (per user per 15 min).
 */
import { createXEmulator } from '../../sandbox/x/emulator.js';

const clientId = process.env.EMULATOR_CLIENT_ID ?? 'crier-bench';
const redirectUri = process.env.EMULATOR_REDIRECT_URI ?? 'http://localhost/api/oauth/callback/x';
const postLimit = Number(process.env.EMULATOR_POST_LIMIT ?? 1_000_000);
const FIFTEEN_MINUTES = 15 * 60_000;

const emulator = createXEmulator({
  clients: [{ clientId, redirectUris: [redirectUri] }],
  rateLimits: {
    'POST /2/tweets': { limit: postLimit, windowMs: FIFTEEN_MINUTES },
    'GET /2/users/{id}/tweets': { limit: postLimit, windowMs: FIFTEEN_MINUTES },
    'GET /2/users/me': { limit: postLimit, windowMs: FIFTEEN_MINUTES },
  },
});
const url = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
process.send?.({ url });
process.once('SIGTERM', () => {
  void emulator.app.close().then(() => process.exit(0));
});
