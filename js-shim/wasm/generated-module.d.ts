/**
 * Types of the Emscripten-generated ES module (js-shim/wasm/generated/, built by
 * scripts/build-wasm.sh and not committed). Only load-core.ts imports it.
 */
declare module '*/universal_state_core.mjs' {
  interface EmscriptenModuleOptions {
    wasmBinary?: ArrayBuffer | Uint8Array;
    locateFile?: (path: string, scriptDirectory: string) => string;
  }
  const createUniversalStateCore: (options?: EmscriptenModuleOptions) => Promise<unknown>;
  export default createUniversalStateCore;
}
