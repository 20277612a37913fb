// The emscripten glue is part of what every default container downloads at start; its
// gzip size is held under a ceiling so a link option or toolchain change that brings back
// unused runtime is noticed here, not only in the size benchmark. The ceiling leaves
// ~200 bytes of headroom over the build documented in docs/toolchain.md; the embind runtime
// (its type registry and class machinery, gone since the core exports plain functions)
// alone weighed about 6 KB gzip, so bringing it back fails here.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const GZIP_CEILING = 2_600;
const glue = readFileSync(new URL('../../js-shim/wasm/generated/universal_state_core.mjs', import.meta.url));

describe('the emscripten glue', () => {
  it('stays under its gzip ceiling', () => {
    expect(gzipSync(glue, { level: 9 }).length).toBeLessThanOrEqual(GZIP_CEILING);
  });

  it('reads no Module hook but instantiateWasm (load-core.ts passes nothing else)', () => {
    const text = glue.toString('utf8');
    // (Emscripten 3.1.6 still tests Module.locateFile when naming the wasm: not covered.)
    for (const hook of ['wasmBinary', 'preRun', 'onRuntimeInitialized', 'print', 'printErr', 'noExitRuntime']) {
      expect(text).not.toMatch(new RegExp(`\\[["']${hook}["']\\]|\\.${hook}\\b`));
    }
    expect(text).toMatch(/instantiateWasm/);
  });

  it('contains no eval or new Function (the core must start under a CSP without unsafe-eval)', () => {
    const text = glue.toString('utf8');
    expect(text).not.toMatch(/\beval\s*\(/);
    expect(text).not.toMatch(/new\s+Function\s*\(/);
  });
});
