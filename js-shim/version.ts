/**
 * This package's version. `npm run build` writes dist/version.js from package.json, so a
 * built copy always carries its own version; a test keeps this source value equal to it.
 * Two copies of different versions on one page are told apart by it (internal/copies.ts).
 */
export const PACKAGE_VERSION = '2.0.0';
