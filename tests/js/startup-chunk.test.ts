// What a default container downloads at start. The W9 entry (`new ValtioStateManager()` from
// '@mfe/universal-state/core') is built by Vite as an app would build it; code that only
// some pages run must sit behind an import(): the Redux DevTools connection (pages with the
// extension), the legacy fallback (pages whose core cannot load) and the embedded copy of
// the wasm (hosts whose .wasm URL answers with something else).
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { buildEntry, modulesIn, type EntryBuild } from '../../bench/size/run-size.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let built: EntryBuild;
let startup: string[];
let lazy: string[];

beforeAll(async () => {
  built = await buildEntry(`${repo}bench/size/entries/ours.ts`, `${repo}build/test-startup-chunk`);
  startup = modulesIn(built, 'startup').map((id) => id.replace(repo, ''));
  lazy = modulesIn(built, 'lazy').map((id) => id.replace(repo, ''));
});

describe('the start-up chunk of a default container', () => {
  it('holds the manager, the loader, the glue and the console handle', () => {
    for (const file of [
      'js-shim/manager/valtio-state-manager.ts',
      'js-shim/wasm/load-core.ts',
      'js-shim/wasm/generated/universal_state_core.mjs',
      // The console handle is installed synchronously: scripts use it right after start.
      'js-shim/devtools/debug-handle.ts',
    ]) expect(startup).toContain(file);
  });

  it('leaves out the DevTools extension connection, the legacy fallback and the embedded wasm', () => {
    const late = [
      'js-shim/devtools/connection.ts',
      'js-shim/devtools/time-travel.ts',
      'js-shim/devtools/action-name.ts',
      'js-shim/devtools/value-diff.ts',
      'js-shim/manager/core-fallback.ts',
      'js-shim/wasm/generated/universal_state_core.inline.mjs',
    ];
    expect(startup.filter((id) => late.includes(id))).toEqual([]);
    // They still ship, as chunks of their own that the manager imports when needed.
    for (const file of late) expect(lazy).toContain(file);
  });

  it('carries no proxy-compare: selectors track reads with a small tracker of their own', () => {
    expect(startup.filter((id) => id.includes('node_modules/proxy-compare'))).toEqual([]);
    expect(startup).toContain('js-shim/manager/read-tracking.ts');
  });

  it('reaches the glue through static imports alone, so it downloads with the manager, not once the constructor asks for the core', () => {
    // A glue behind an import() is requested only when the core starts loading, and then
    // arrives after the .wasm has compiled: it was the last piece before the core could start.
    const reached = new Set<string>();
    const visit = (name: string) => {
      if (reached.has(name)) return;
      reached.add(name);
      built.chunks.get(name)?.imports.forEach(visit);
    };
    for (const c of built.chunks.values()) if (c.isEntry) visit(c.fileName);
    const glueChunk = [...built.chunks.values()].find((c) => c.moduleIds.some((id) => id.endsWith('generated/universal_state_core.mjs')));
    expect(glueChunk).toBeDefined();
    expect(reached).toContain(glueChunk!.fileName);
  });

  it('names the .wasm in start-up code (the loader fetches it at construction)', () => {
    const wasm = built.assets.find((a) => a.fileName.endsWith('.wasm'))!;
    const code = [...built.chunks.values()].filter((c) => built.startup.has(c.fileName)).map((c) => c.code).join('\n');
    expect(code).toContain(wasm.fileName.split('/').pop());
  });
});
