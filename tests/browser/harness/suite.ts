// One served directory and one browser per test file, started before its tests and closed
// after them: the set-up every browser test file needs, written once.
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startStaticServer, type StaticServer } from './server.js';

export interface BrowserSuite {
  /** The running browser (available inside tests and hooks, not at collection time). */
  readonly browser: Browser;
  /** Base URL of the served directory, without a trailing slash. */
  readonly url: string;
}

export function useBrowserSuite(rootDir: string): BrowserSuite {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  beforeAll(async () => {
    server = await startStaticServer(rootDir);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('useBrowserSuite: the browser is only available inside tests and hooks');
      return browser;
    },
    get url() {
      if (!server) throw new Error('useBrowserSuite: the server is only available inside tests and hooks');
      return server.url;
    },
  };
}
