import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { type Config, loadConfig } from '../../src/config/config.js';
import type { Connector, ManualNetwork } from '../../src/connectors/kit/connector.js';
import { type Crier, createCrier } from '../../src/crier.js';
import type { Clock } from '../../src/services/clock.js';
import type { DatabaseSettings } from '../../src/store/database.js';

export interface TestCrierOptions {
  connectors: Connector[];
  /** Networks posted by hand (buildManualNetworks' kind). */
  manualNetworks?: ManualNetwork[];
  database?: DatabaseSettings;
  dataDir?: string;
  clock?: Clock;
  scheduler?: boolean;
  pollMs?: number;
  concurrency?: number;
  secretKey?: string;
  /** Fixed port, when the public URL must be known in advance (OAuth callbacks). */
  port?: number;
  /** Adjusts the configuration read from the test environment (link settings, say). */
  configure?: (config: Config) => Config;
}

/** A Crier on a throwaway data folder, listening on a free port, with a silent logger. */
export async function startTestCrier(options: TestCrierOptions): Promise<Crier & { baseUrl: string; dataDir: string }> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'crier-data-'));
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: String(options.port ?? 0),
    CRIER_DATA_DIR: dataDir,
    CRIER_SANDBOX: 'false',
    CRIER_SCHEDULER: options.scheduler === false ? 'false' : 'true',
    CRIER_SCHEDULER_POLL_MS: String(options.pollMs ?? 100),
    CRIER_SCHEDULER_CONCURRENCY: String(options.concurrency ?? 16),
    LOG_LEVEL: 'silent',
    CRIER_SECRET_KEY: options.secretKey,
  });
  const crier = await createCrier({
    config: { ...(options.configure?.(config) ?? config), database: options.database ?? config.database },
    connectors: options.connectors,
    manualNetworks: options.manualNetworks,
    logger: pino({ level: process.env.CRIER_TEST_LOG_LEVEL ?? 'silent' }),
    clock: options.clock,
  });
  const address = await crier.start();
  return Object.assign(crier, { baseUrl: address, dataDir });
}

/** A tiny client that keeps the session cookie, as a browser would. */
export class ApiClient {
  private cookie: string | undefined;

  constructor(private readonly baseUrl: string) {}

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.baseUrl}${url}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(body !== undefined && typeof body === 'string' ? { 'content-type': 'application/json' } : {}),
        ...(body !== undefined && typeof body !== 'string' && !(body instanceof FormData)
          ? { 'content-type': 'application/json' }
          : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body:
        body === undefined
          ? undefined
          : typeof body === 'string' || body instanceof FormData
            ? body
            : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await response.text();
    const json = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
    return { status: response.status, json, text, headers: response.headers };
  }

  /** A download as bytes, with the session cookie (request() reads answers as text). */
  async download(url: string) {
    const response = await fetch(`${this.baseUrl}${url}`, { headers: this.cookie ? { cookie: this.cookie } : {} });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }

  /** Creates the owner and signs in; returns the workspace id. */
  async setup(timeZone = 'Asia/Tokyo'): Promise<string> {
    const result = await this.request('POST', '/api/setup', {
      name: 'Aiko Owner',
      email: 'owner@example.test',
      password: 'correct horse battery',
      workspaceName: 'Fizz Drinks',
      timeZone,
    });
    if (result.status !== 201) throw new Error(`setup failed: ${result.status} ${result.text}`);
    return result.json.workspaces[0].id as string;
  }
}
