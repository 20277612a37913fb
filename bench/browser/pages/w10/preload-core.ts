// W10 experiment: start loading the wasm core (glue + .wasm) at the same time as the
// manager's own chunk, as an app could with a preload, instead of from the constructor.
import { loadCore } from '../../../../js-shim/wasm/load-core.ts';

export function preload(): Promise<unknown> {
  return loadCore();
}
