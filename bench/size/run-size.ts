/**
 * W9: bytes shipped. Each contestant's tiny entry is built by Vite as an app would build it
 * (production, minified, tree-shaken through the package's `sideEffects: false`), and every
 * emitted .js and .wasm file is gzipped (level 9) and summed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { ContestantName, Row } from '../lib/types.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

export interface SizeOf {
  jsRaw: number;
  jsGzip: number;
  wasmRaw: number;
  wasmGzip: number;
}

export async function measureSize(contestant: ContestantName): Promise<SizeOf> {
  const outDir = join(repo, 'build/bench-size', contestant);
  await build({
    configFile: false,
    root: repo,
    mode: 'production',
    logLevel: 'error',
    resolve: {
      alias: [
        { find: /^@mfe\/universal-state\/core$/, replacement: join(repo, 'js-shim/core.ts') },
        { find: /^@mfe\/universal-state$/, replacement: join(repo, 'js-shim/index.ts') },
      ],
    },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      // The wasm must stay a separate file, as it ships; never inlined as base64.
      assetsInlineLimit: 0,
      reportCompressedSize: false,
      rollupOptions: { input: join(repo, 'bench/size/entries', `${contestant}.ts`) },
    },
  });
  const size: SizeOf = { jsRaw: 0, jsGzip: 0, wasmRaw: 0, wasmGzip: 0 };
  for (const file of files(outDir)) {
    const bytes = readFileSync(file);
    const gz = gzipSync(bytes, { level: 9 }).length;
    if (file.endsWith('.js')) {
      size.jsRaw += bytes.length;
      size.jsGzip += gz;
    } else if (file.endsWith('.wasm')) {
      size.wasmRaw += bytes.length;
      size.wasmGzip += gz;
    }
  }
  return size;
}

/** One row per contestant: value = gzip bytes of JS + wasm; the parts as extra fields. */
export async function runSizeWorkload(contestants: readonly ContestantName[], log: (l: string) => void = () => {}): Promise<{ rows: Row[]; missing: Partial<Record<ContestantName, string>> }> {
  const rows: Row[] = [];
  const missing: Partial<Record<ContestantName, string>> = {};
  let legacy: number | undefined;
  for (const c of contestants) {
    try {
      const s = await measureSize(c);
      const value = s.jsGzip + s.wasmGzip;
      if (c === 'legacy') legacy = value;
      rows.push({
        engine: 'chromium', workload: 'W9', contestant: c, value, unit: 'bytes', higherIsBetter: false,
        // A build is deterministic: one round, no spread.
        spread: 0, rounds: 1, ratioToLegacy: null, title: 'bytes shipped, gzip (JS + wasm)', ...s,
      });
    } catch (error) {
      missing[c] = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
  }
  for (const row of rows) if (legacy) row.ratioToLegacy = legacy / row.value;
  log('W9 sizes built');
  return { rows, missing };
}
