import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

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
