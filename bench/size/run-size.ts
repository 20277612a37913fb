/**
 * W9: bytes shipped. Each contestant's tiny entry is built by Vite as an app would build it
 * (production, minified, tree-shaken through the package's `sideEffects: false`), and every
 * emitted .js and .wasm file is gzipped (level 9) and summed.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';
import { runsWorkload, type ContestantName, type Row } from '../lib/types.ts';

type RollupOutput = Rollup.RollupOutput;
type OutputChunk = Rollup.OutputChunk;

const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface SizeOf {
  /** JS loaded at startup: the entry chunk and its static imports. */
  jsRaw: number;
  jsGzip: number;
  /** Wasm that startup code references (the loader fetches it while the manager starts). */
  wasmRaw: number;
  wasmGzip: number;
  /** Chunks only loaded on demand (getAdapter('react'), the lazily imported glue...). */
  lazyJsGzip: number;
  /** gzip bytes per startup chunk (which part of the JS weighs what). */
  startupChunks: Record<string, number>;
}

/** The emscripten glue module itself (not the embedded base64 copy beside it). */
export const isGlue = (id: string) => /\/js-shim\/wasm\/generated\/universal_state_core\.m?js$/.test(id);

const gzip = (text: string | Uint8Array) => gzipSync(text, { level: 9 }).length;
const bytesOf = (text: string | Uint8Array) => (typeof text === 'string' ? Buffer.byteLength(text) : text.length);

/** An app's production build of one entry file, split into what loads at start and the rest. */
export interface EntryBuild {
  chunks: Map<string, OutputChunk>;
  assets: Rollup.OutputAsset[];
  /** File names of the chunks a page loads at start (see below). */
  startup: Set<string>;
}

/** The modules whose code a set of chunks really carries (tree-shaken ones have no code). */
export function modulesIn(build: EntryBuild, which: 'startup' | 'lazy'): string[] {
  const ids: string[] = [];
  for (const c of build.chunks.values()) {
    if (build.startup.has(c.fileName) !== (which === 'startup')) continue;
    for (const [id, m] of Object.entries(c.modules)) if (m.renderedLength > 0) ids.push(id);
  }
  return ids;
}

/**
 * Builds `entryFile` as an app would build it (production, minified, js-shim tree-shaken as
 * the package's `sideEffects` allows) into `outDir`.
 */
export async function buildEntry(entryFile: string, outDir: string): Promise<EntryBuild> {
  const result = (await build({
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
      rollupOptions: {
        input: entryFile,
        // An app installs the package from npm, where its `"sideEffects": false` lets the
        // bundler drop every module the app does not use. Bundled from source here, Rollup
        // cannot know that, so the same promise is stated for js-shim's files.
        treeshake: { moduleSideEffects: (id) => !id.startsWith(join(repo, 'js-shim') + '/') },
      },
    },
  })) as RollupOutput | RollupOutput[];
  const output = (Array.isArray(result) ? result[0] : result).output;
  const chunks = new Map(output.filter((o): o is OutputChunk => o.type === 'chunk').map((c) => [c.fileName, c]));
  // Startup JS: the entry and everything it imports statically. Anything behind an
  // import() is lazy: it ships, but only loads when used.
  const startup = new Set<string>();
  const visit = (name: string) => {
    if (startup.has(name)) return;
    startup.add(name);
    chunks.get(name)?.imports.forEach(visit);
  };
  for (const c of chunks.values()) if (c.isEntry) visit(c.fileName);
  // The emscripten glue is a static import of the loader, so the walk above finds it; this
  // also counts it if a build ever puts it behind an import() again. The
  // embedded copy (universal_state_core.inline.mjs) is not: a default build imports it only
  // when the .wasm URL answers with something else (a dev server), so it stays lazy.
  for (const c of chunks.values()) if (c.moduleIds.some(isGlue)) visit(c.fileName);
  return { chunks, assets: output.filter((o): o is Rollup.OutputAsset => o.type === 'asset'), startup };
}

export async function measureSize(contestant: ContestantName): Promise<SizeOf> {
  const { chunks, assets, startup } = await buildEntry(join(repo, 'bench/size/entries', `${contestant}.ts`), join(repo, 'build/bench-size', contestant));
  const size: SizeOf = { jsRaw: 0, jsGzip: 0, wasmRaw: 0, wasmGzip: 0, lazyJsGzip: 0, startupChunks: {} };
  for (const c of chunks.values()) {
    if (startup.has(c.fileName)) {
      size.jsRaw += bytesOf(c.code);
      size.jsGzip += gzip(c.code);
      size.startupChunks[c.name] = gzip(c.code);
    } else size.lazyJsGzip += gzip(c.code);
  }
  // The wasm counts when startup code names it (the loader fetches it at construction).
  const allCode = [...chunks.values()].filter((c) => startup.has(c.fileName)).map((c) => c.code).join('\n');
  for (const o of assets) {
    if (o.fileName.endsWith('.wasm') && allCode.includes(o.fileName.split('/').pop()!)) {
      size.wasmRaw += bytesOf(o.source);
      size.wasmGzip += gzip(o.source);
    }
  }
  return size;
}

/** One row per contestant: value = gzip bytes of JS + wasm; the parts as extra fields. */
export async function runSizeWorkload(contestants: readonly ContestantName[], log: (l: string) => void = () => {}): Promise<{ rows: Row[]; missing: Partial<Record<ContestantName, string>> }> {
  const rows: Row[] = [];
  const missing: Partial<Record<ContestantName, string>> = {};
  let legacy: number | undefined;
  for (const c of contestants.filter((c) => runsWorkload(c, 'W9'))) {
    try {
      const s = await measureSize(c);
      const value = s.jsGzip + s.wasmGzip;
      if (c === 'legacy') legacy = value;
      rows.push({
        engine: 'chromium', workload: 'W9', contestant: c, value, unit: 'bytes', higherIsBetter: false,
        // A build is deterministic: one round, no spread.
        spread: 0, rounds: 1, ratioToLegacy: null, title: 'bytes shipped, gzip: startup JS + wasm (lazy chunks apart)', ...s,
      });
    } catch (error) {
      missing[c] = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
  }
  for (const row of rows) if (legacy) row.ratioToLegacy = legacy / row.value;
  log('W9 sizes built');
  return { rows, missing };
}
