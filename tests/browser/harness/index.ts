import { fileURLToPath } from 'node:url';
export { startStaticServer, type StaticServer } from './server.js';
export { launchBrowser, collectErrors, CHROMIUM_ARGS } from './browser.js';
export { useBrowserSuite, type BrowserSuite } from './suite.js';

/** Where global-setup builds tests/browser/pages/**\/*.html (same relative paths). */
export const PAGES_DIR = fileURLToPath(new URL('../../../build/browser-pages', import.meta.url));
/** Where test artefacts (screenshots) go; gitignored. */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../artifacts', import.meta.url));
