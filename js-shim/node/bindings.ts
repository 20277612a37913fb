/**
 * What the node entries (the `node` export condition of the root, `/react` and `/vue`) share:
 * load a framework's bindings if the framework is installed, else hand out stand-ins. A
 * server or an app's unit tests may import the package without React or Vue; node, unlike a
 * bundler, can try an import at run time and carry on when the package is absent.
 */

export type Framework = 'react' | 'vue';

const LABEL: Record<Framework, string> = { react: 'React', vue: 'Vue' };

/** True for node's "package not found" naming `framework` itself (not a broken install inside it). */
function isMissingFramework(error: unknown, framework: Framework): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return new RegExp(`['"]${framework}(/[^'"]*)?['"]`).test(String(message));
}

/** The bindings module, or null when `framework` is not installed; other failures propagate. */
export async function loadBindings<T>(framework: Framework, load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (isMissingFramework(error, framework)) return null;
    throw error;
  }
}

/**
 * A function in place of `name` that throws, when called or constructed, an error naming
 * the missing framework and what to do. `entry` is the entry the app imported.
 */
export function standIn(name: string, framework: Framework, entry: string): (...args: unknown[]) => never {
  const advice = entry === '@mfe/universal-state'
    ? `Install ${framework}, or import the framework-free names from '@mfe/universal-state/core'.`
    : `Install ${framework} (a peer dependency of ${entry}).`;
  const fn = function (): never {
    const error = new Error(`${name} needs ${LABEL[framework]}, but '${framework}' could not be imported from ${entry}. ${advice}`);
    (error as Error & { code: string }).code = 'FRAMEWORK_MISSING';
    throw error;
  };
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}
