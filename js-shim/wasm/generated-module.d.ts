/**
 * Types of the Emscripten-generated ES module (js-shim/wasm/generated/, built by
 * scripts/build-wasm.sh and not committed). Only load-core.ts imports it.
 */
declare module '*/universal_state_core.mjs' {
  interface EmscriptenModuleOptions {
    wasmBinary?: ArrayBuffer | Uint8Array;
    locateFile?: (path: string, scriptDirectory: string) => string;
    /** Called instead of fetching: instantiate with `imports`, then call `receive`. */
    instantiateWasm?: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => object;
  }
  const createUniversalStateCore: (options?: EmscriptenModuleOptions) => Promise<unknown>;
  export default createUniversalStateCore;
}

/** The wasm as base64 (js-shim/wasm/generated/, built by scripts/build-wasm.sh). */
declare module '*/universal_state_core.inline.mjs' {
  const base64: string;
  export default base64;
}
