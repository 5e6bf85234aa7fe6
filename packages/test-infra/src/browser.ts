import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's chromium, which `.ci/run` installs when it is missing (Playwright's own download does not work on these machines). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, headless, throwaway browser: no sandbox (containers), no GPU, no background traffic or updates. */
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** A browser for one test file; `close()` ends it and deletes its profile. */
export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts headless chromium with a fresh user-data-dir, for tests that drive a real browser (the
 * gateway's sign-in page, the web console). `options` go to Playwright's context (viewport, touch,
 * locale), so a test can be a phone.
 */
export async function launchChromium(options: Parameters<typeof chromium.launchPersistentContext>[1] = {}): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium package (apt-get install chromium; .ci/run does it)`);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'pipe-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    ...options,
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
