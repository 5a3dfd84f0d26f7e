/// <reference lib="dom" />
/**
 * The playground in a fleet: the page served by one process follows the
 * SDK's redirect to the process that serves the player, plays there, shows
 * the redirect in its frame log, and follows a mid-session move back.
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/kit/shard-of.ts';
import {
  artifactPath,
  browserAvailable,
  CHROMIUM_PATH,
  launchBrowser,
} from '../helpers/browser.ts';
import { place, ScriptedOwnership } from '../helpers/ownership.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// In CI (CI=true) a missing browser fails the test; elsewhere the test is skipped, loudly.
const runBrowser = browserAvailable() || process.env.CI === 'true';
if (!runBrowser) {
  console.warn(
    `SKIPPED the playground redirect test: no chromium at ${CHROMIUM_PATH} (set LIFETICK_CHROMIUM)`,
  );
}

const servers: TestServer[] = [];
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('playground in a fleet', () => {
  it.skipIf(!runBrowser)(
    'follows a redirect to the serving process, logs it, and follows a mid-session move',
    async () => {
      expect(browserAvailable(), `chromium at ${CHROMIUM_PATH}`).toBe(true);
      // One secret for the fleet: a token minted by A's page works on B.
      const env = {
        LIFETICK_ENV: 'development',
        LIFETICK_SECRET: randomBytes(24).toString('base64url'),
      };
      const ownA = new ScriptedOwnership();
      const ownB = new ScriptedOwnership();
      const a = await startTestServer(env, { ownership: ownA });
      servers.push(a);
      const b = await startTestServer(env, { ownership: ownB });
      servers.push(b);
      ownA.set((id) => place.elsewhere(id, b.url));

      browser = await launchBrowser();
      const page = await browser.newPage();
      page.setDefaultTimeout(20_000);
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
      try {
        await page.goto(`${a.http}/playground`);
        await byTestId('mint-player').fill('playground-fleet');
        await byTestId('mint').click();
        await page.waitForFunction(
          () =>
            (document.getElementById('token') as HTMLInputElement).value.split('.').length === 3,
        );
        await byTestId('connect').click();
        await page.locator('[data-testid="status"][data-state="online"]').waitFor();
        await page.locator('[data-kind="frame"]', { hasText: `redirect 1: to ${b.url}` }).waitFor();
        expect(b.server.players.slotOf('playground-fleet')).toBeGreaterThanOrEqual(0);
        expect(a.server.players.slotOf('playground-fleet')).toBe(-1);

        // B hands the shard back to A: the page follows and plays on.
        ownA.set(place.here);
        ownB.set((id) => place.elsewhere(id, a.url));
        expect(
          b.server.redirectShards([shardOf('playground-fleet')], (id) => ownB.placementOf(id)),
        ).toBe(1);
        await page.locator('[data-kind="frame"]', { hasText: `redirect 1: to ${a.url}` }).waitFor();
        await page.locator('[data-kind="info"]', { hasText: 'reconnected' }).waitFor();
        await page.locator('[data-testid="status"][data-state="online"]').waitFor();
        await byTestId('speed-3').click();
        await page.locator('[data-testid="speed-3"][aria-pressed="true"]').waitFor();
        expect(a.server.players.slotOf('playground-fleet')).toBeGreaterThanOrEqual(0);
        expect(problems).toEqual([]);
      } catch (error) {
        await page
          .screenshot({ path: artifactPath('playground-redirect-failure.png'), fullPage: true })
          .catch(() => {});
        const pageLog = await byTestId('log')
          .innerText({ timeout: 1000 })
          .catch(() => '');
        throw new Error(`${String(error)}\npage log:\n${pageLog}`);
      }
    },
  );
});
