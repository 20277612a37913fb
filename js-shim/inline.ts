/**
 * `@mfe/universal-state/inline`: everything `/core` exports, with the wasm core embedded in
 * the JavaScript (base64), so no .wasm asset has to be emitted, copied or served: for esbuild
 * and other hosts that copy no files. Costs about 39 KB gzip more JavaScript than `/core`
 * plus its asset; see docs/wasm-loading.md.
 *
 * @example
 * import { createStateManager } from '@mfe/universal-state/inline';
 * const manager = createStateManager({ useValtio: true });
 * await manager.ready; // no network request for the core
 */
import embeddedWasm from './wasm/generated/universal_state_core.inline.mjs';
import { useEmbeddedWasm } from './wasm/load-core.js';

useEmbeddedWasm(embeddedWasm);

export * from './core.js';
