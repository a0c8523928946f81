/**
 * A Crier process that only schedules and publishes, for tests that kill it with SIGKILL mid-flight.
 * Reads its settings from the environment the test gives it; prints `ready` once it is running.
 */
import pino from 'pino';
import { loadConfig } from '../../src/config/config.js';
import { createCrier } from '../../src/crier.js';
import { sandboxXConnector } from './x-sandbox.js';

const emulatorUrl = process.env.TEST_X_EMULATOR_URL;
if (!emulatorUrl) throw new Error('TEST_X_EMULATOR_URL is required');
const config = loadConfig({ ...process.env, PORT: '0', CRIER_SANDBOX: 'false', LOG_LEVEL: 'silent' });
const crier = await createCrier({
  config,
  connectors: [sandboxXConnector(emulatorUrl)],
  logger: pino({ level: 'silent' }),
});
await crier.start();
process.stdout.write('ready\n');
