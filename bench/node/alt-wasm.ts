/**
 * Experiments with another build of the core (e.g. -O2 instead of -Oz) without touching
 * js-shim: BENCH_WASM_DIR=<dir with universal_state_core.mjs + .wasm>. The node vite config
 * aliases the loader's glue import to that dir; this preloads the matching .wasm so every
 * manager created afterwards uses it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export async function preloadAltWasm(): Promise<string | null> {
  const dir = process.env.BENCH_WASM_DIR;
  if (!dir) return null;
  const { loadCore } = await import('../../js-shim/wasm/load-core.ts');
  await loadCore({ wasmBinary: readFileSync(join(dir, 'universal_state_core.wasm')) });
  return dir;
}
