import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (package `chromium`); playwright-core drives it, nothing is downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags that keep Chromium quiet on a machine without internet access (see the machine notes). */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

function aptInstall(packages: string[]): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { env, stdio: 'inherit', timeout: 600_000 });
  execFileSync('apt-get', ['install', '-y', ...packages], { env, stdio: 'inherit', timeout: 1_200_000 });
}

/**
 * Makes sure Debian's Chromium is installed, installing it with apt-get when it
 * is missing (CI runs as root). Returns why it is unusable, or null when it is
 * there. No emoji font is installed: the page draws its icons as inline SVG, and
 * the walk checks that no emoji is left in its text.
 */
export function ensureChromium(): string | null {
  if (!fs.existsSync(CHROMIUM)) {
    try {
      process.stderr.write(`[browser tests] ${CHROMIUM} is missing: installing Debian's chromium with apt-get\n`);
      aptInstall(['chromium']);
    } catch (err) {
      return `apt-get install chromium failed: ${(err as Error).message}`;
    }
    if (!fs.existsSync(CHROMIUM)) return `apt-get installed chromium but ${CHROMIUM} is still missing`;
  }
  return null;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
