import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { type CrierStack, startCrierStack } from '../../src/cli/serve-stack.js';
import { loadConfig } from '../../src/config/config.js';
import { freePort } from '../support/ports.js';

/** The repository root, whatever folder vitest runs from. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results');

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** `count` free ports, all different (a port just closed may be handed out again). */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

export interface RunningStack {
  stack: CrierStack;
  /** Where people open Crier (the public URL, on localhost as the OAuth callback expects). */
  baseUrl: string;
  /** The X emulator. */
  xUrl: string;
  /** The local Bluesky PDS. */
  pdsUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

/** Fails early, with what to do, when the web UI has not been built. */
export function assertWebBuilt(): void {
  const index = path.join(REPO_ROOT, 'web', 'dist', 'index.html');
  if (!fs.existsSync(index)) {
    throw new Error(`The web UI is not built (${index} is missing): run \`npm run build\` first`);
  }
}

/** Everything `crier serve` runs (X emulator, local Bluesky PDS, Crier), on a fresh data folder and free ports. */
export async function startStack(): Promise<RunningStack> {
  assertWebBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crier-browser-'));
  const [port, sandboxPort, blueskyPort] = await distinctFreePorts(3);
  const config = loadConfig(
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      CRIER_DATA_DIR: dataDir,
      CRIER_SANDBOX_PORT: String(sandboxPort),
      CRIER_SANDBOX_BLUESKY_PORT: String(blueskyPort),
      CRIER_SCHEDULER_POLL_MS: '200',
      LOG_LEVEL: 'silent',
    },
    REPO_ROOT,
  );
  const logger = pino({ level: process.env.CRIER_TEST_LOG_LEVEL ?? 'silent' });
  let stack: CrierStack;
  try {
    stack = await startCrierStack(config, logger);
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const pdsUrl = stack.sandbox?.bluesky?.pdsUrl;
  if (!stack.sandbox || !pdsUrl) {
    await stack.close();
    throw new Error('the sandbox did not start with a local Bluesky PDS');
  }
  return {
    stack,
    baseUrl: config.publicUrl,
    xUrl: stack.sandbox.xUrl,
    pdsUrl,
    dataDir,
    async close() {
      try {
        await stack.close();
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** A small real PNG file (a solid square), written to a temp folder. */
export async function makePng(name = 'summer.png', size = 64): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crier-png-'));
  const file = path.join(dir, name);
  const bytes = await sharp({ create: { width: size, height: size, channels: 3, background: '#36c' } })
    .png()
    .toBuffer();
  fs.writeFileSync(file, bytes);
  return file;
}

/** Saves a full-page screenshot as test-results/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
