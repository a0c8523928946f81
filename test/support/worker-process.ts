/**
 * A `crier worker` process for the fault test and the publishing benchmark: the same startCrierWorker
 * the CLI runs, with connectors pointed at the test's emulators (their limits and time limits) instead
 * of the sandbox defaults. Reads Crier's settings from the environment like the CLI, and the
 * connectors from WORKER_CONNECTORS (JSON). Reports over IPC: `ready`, then the publish calls it made.
 */
import pino from 'pino';
import { type PublishCall, recordingConnector } from '../../bench/publish/recording-connector.js';
import { startCrierWorker } from '../../src/cli/worker-stack.js';
import { loadConfig } from '../../src/config/config.js';
import { blueskyConnectorFor, type WorkerConnectors, xConnectorFor } from './worker-connectors.js';

const described = JSON.parse(process.env.WORKER_CONNECTORS ?? '{}') as WorkerConnectors;
const calls: PublishCall[] = [];
const record = (call: PublishCall) => calls.push(call);
const connectors = [
  ...(described.x ? [recordingConnector(xConnectorFor(described.x), record)] : []),
  ...(described.bluesky ? [recordingConnector(blueskyConnectorFor(described.bluesky), record)] : []),
];
const config = loadConfig({ ...process.env, CRIER_SANDBOX: 'false' });
const logger = pino({ level: config.logLevel }, pino.destination(2));
const crier = await startCrierWorker({ config, logger, connectors });

const flush = () => {
  if (calls.length > 0) process.send?.({ type: 'calls', calls: calls.splice(0) });
};
const flushing = setInterval(flush, 100);
process.send?.({ type: 'ready' });
process.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(flushing);
  void crier.close().then(() => {
    flush();
    process.exit(0);
  });
});
