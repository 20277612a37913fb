/**
 * Several copies of this package on one page (each MFE bundles its own, as legacy MFEs do).
 * Every copy adds its version to a page-global list under a `Symbol.for` key; when a version
 * differs from those already there, one console warning names them: the copies work together
 * (managers are recognised by brand, the global manager is shared), but a team should know
 * that two versions run.
 */
import { PACKAGE_VERSION } from '../version.js';

const COPIES = Symbol.for('@mfe/universal-state/versions');
type Holder = { [COPIES]?: string[] };

let announced = false;

/** Registers this copy's version once; warns when it is a second distinct version on the page. */
export function announceCopy(): void {
  if (announced) return;
  announced = true;
  const holder = globalThis as Holder;
  const versions = (holder[COPIES] ??= []);
  if (versions.includes(PACKAGE_VERSION)) return;
  versions.push(PACKAGE_VERSION);
  if (versions.length > 1) {
    console.warn(
      `[universal-state] ${versions.length} versions of @mfe/universal-state run on this page: ${versions.join(', ')}. ` +
        'They share the global manager and recognise each other\'s managers, but align the versions to get the same behaviour everywhere.',
    );
  }
}
