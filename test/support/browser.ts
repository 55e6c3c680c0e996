import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (scripts/ensure.mjs --browser installs it); playwright-core brings no browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, sandbox-free (tests run as root), and silent on the network beyond the hub on loopback. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/**
 * A page as the browser tests use it: its viewport, no motion (a screenshot shows the final
 * state), a default timeout, and every error thrown in it collected in `errors`.
 */
export async function openPage(browser: Browser, viewport: { width: number; height: number }, errors: string[], timeoutMs = 8000): Promise<Page> {
  const page = await browser.newPage({ viewport, reducedMotion: 'reduce' });
  page.setDefaultTimeout(timeoutMs);
  page.on('pageerror', (err) => errors.push(err.message));
  return page;
}

/**
 * Where screenshots go: docs/screenshots (shown in the README) when SCREENSHOTS=1, else a temp
 * folder removed by `cleanup`, so an ordinary test run leaves no trace.
 */
export function screenshotDir(): { dir: string; cleanup: () => void } {
  if (process.env.SCREENSHOTS === '1') {
    const dir = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    return { dir, cleanup: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-screens-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
