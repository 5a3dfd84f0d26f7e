import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's chromium, driven by playwright-core. The flags keep it offline
 * and quiet: no GPU, no sandbox (CI runs as root), no QUIC, no background
 * fetches, so a test page can reach nothing but the 127.0.0.1 server under
 * test.
 */
export const CHROMIUM_PATH = process.env.LIFETICK_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether a browser test can run here; in CI (CI=true) a missing browser is a failure, not a skip. */
export function browserAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS, headless: true });
}

/** Where browser tests leave their screenshots (kept after the run, printed by the test). */
export function artifactPath(name: string): string {
  const dir = path.resolve(process.env.LIFETICK_ARTIFACTS ?? 'artifacts');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
