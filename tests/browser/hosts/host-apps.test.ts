// The package as strangers' apps meet it: `npm pack` of the built dist/, installed from the
// tarball into apps outside the repo that have only what such an app has (no framework,
// React only, Vue only), built by Vite 7, webpack 5 and esbuild in production mode, served
// under the headers real deployments send, and used in two tabs of headless Chromium.
// One install per app, one build per app and bundler (reused by every header variant), one
// browser for the whole file. The outcome of every check is written as a table to
// build/test-results/host-apps.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../harness/index.js';
import { cleanEnv, createWorkspace, REPO, type Workspace } from './lib/workspace.js';
import { FRAMEWORK_LABEL, HOST_CASES, ROOT_ENTRY_CASES, type HostCase } from './lib/host-cases.js';
import { writeAppSources, writeCrossOriginSources, writeTwoCopiesSources } from './lib/app-sources.js';
import { buildAll, caseJob, outDirOf, type BuildJob, type BuildResult } from './lib/build-apps.js';
import { checkEnvironment } from './lib/environment-check.js';
import { startHostServer, type HostServerOptions } from './lib/host-server.js';
import { runTwoTabs, type TwoTabsReport } from './lib/two-tabs.js';
import { NODE_ENTRIES, importEveryEntry, renderReactOnServer, renderVueOnServer, type ImportResults } from './lib/node-checks.js';
import { ResultsTable } from './lib/results-table.js';

/** The policy enterprise containers send: no generated code, wasm compilation allowed. */
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
/** The same without 'wasm-unsafe-eval': the core cannot be compiled at all. */
const NO_WASM_CSP = "default-src 'self'; script-src 'self'";

const table = new ResultsTable(['environment', 'production build', 'strict CSP', 'CSP without wasm', '.wasm 404', 'vite dev server', 'root entry builds', 'node']);
const timings: string[] = [];
let ws: Workspace;
let builds: Map<string, BuildResult>;
let browser: Browser;
const started = Date.now();
const seconds = (from: number) => ((Date.now() - from) / 1000).toFixed(1);

const ALL_CASES = [...HOST_CASES, ...ROOT_ENTRY_CASES];
const CROSS_ORIGIN: HostCase = { ...HOST_CASES.find((c) => c.framework === 'none' && c.bundler === 'vite')!, managerEntry: '@mfe/universal-state/core', name: 'no framework / vite, .wasm from another origin' };
const TWO_COPIES_ENTRY = '@mfe/universal-state/core';

function extraJobs(): BuildJob[] {
  const app = ws.apps.none;
  return [
    { id: CROSS_ORIGIN.name, app, bundler: 'vite', entry: 'cross-origin.html', outDir: 'dist-cross-origin' },
    { id: 'two copies: container', app, bundler: 'webpack', entry: 'container.js', outDir: 'dist-two-copies/container', uniqueName: 'container' },
    { id: 'two copies: mfe', app, bundler: 'webpack', entry: 'mfe.js', outDir: 'dist-two-copies/mfe', uniqueName: 'mfe' },
  ];
}

beforeAll(async () => {
  let from = Date.now();
  ws = await createWorkspace();
  timings.push(`pack + install (tools and the apps at once): ${seconds(from)}s`);
  for (const framework of ['none', 'react', 'vue'] as const) {
    writeAppSources(ws.apps[framework], HOST_CASES.filter((c) => c.framework === framework));
  }
  writeAppSources(ws.apps.both, ROOT_ENTRY_CASES);
  writeCrossOriginSources(ws.apps.none, CROSS_ORIGIN);
  writeTwoCopiesSources(ws.apps.none, TWO_COPIES_ENTRY);
  from = Date.now();
  builds = await buildAll(ws.tools, [...ALL_CASES.map((c) => caseJob(ws, c)), ...extraJobs()]);
  timings.push(`builds (2 at a time): ${seconds(from)}s; ${[...builds].map(([id, b]) => `${id} ${b.seconds.toFixed(1)}s${b.ok ? '' : ' FAILED'}`).join(', ')}`);
  if (builds.get('two copies: container')?.ok && builds.get('two copies: mfe')?.ok) {
    copyFileSync(join(ws.apps.none, 'two-copies.html'), join(ws.apps.none, 'dist-two-copies', 'index.html'));
  }
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  timings.push(`whole file: ${seconds(started)}s`);
  table.write(join(REPO, 'build/test-results/host-apps.md'));
  console.log(`host apps:\n  ${timings.join('\n  ')}\n\n${table.markdown()}`);
  if (ws && !process.env.KEEP_HOST_APPS) rmSync(ws.work, { recursive: true, force: true });
  else if (ws) console.log(`host apps kept in ${ws.work}`);
});

/** A failed build as an error whose first line is the bundler's reason (the table shows it). */
function buildFailure(what: string, log: string | undefined): Error {
  const lines = (log ?? 'not built').split('\n').map((l) => l.trim()).filter(Boolean);
  const reason = lines.find((l) => /not exported|can't resolve|could not resolve|error/i.test(l)) ?? lines[0];
  return new Error(`${what} failed: ${reason}\n${log}`);
}

/** Throws when the app is not the app the case claims (a framework it must lack resolves). */
function requireEnvironment(c: HostCase): void {
  const env = checkEnvironment(ws.apps[c.framework], c.framework);
  if (env.problems.length > 0) throw new Error(`the app is not the app it claims to be: ${env.problems.join('; ')}`);
}

/** Throws what stands in the way of a case (a wrong environment, its build's error); returns its output folder. */
function requireApp(c: HostCase, buildId = c.name): string {
  requireEnvironment(c);
  const build = builds.get(buildId);
  if (!build?.ok) throw buildFailure(`the ${c.bundler} build`, build?.log);
  return join(ws.apps[c.framework], outDirOf(c));
}

async function withServer<T>(root: string, options: HostServerOptions, body: (url: string) => Promise<T>): Promise<T> {
  const server = await startHostServer(root, options);
  try {
    return await body(server.url);
  } finally {
    await server.close();
  }
}

/** Throws one error naming every way the report differs from what the case expects. */
function failIfAny(problems: string[]): void {
  if (problems.length > 0) throw new Error(problems.join('; '));
}

function commonProblems(r: TwoTabsReport, written: unknown): string[] {
  const problems: string[] = [];
  const names = [...new Set(r.loads.map((l) => l.ctorName))];
  if (names.length !== 1 || names[0] !== 'ValtioStateManager') problems.push(`constructor.name is ${names.join(', ')}, not ValtioStateManager`);
  if (JSON.stringify(r.stored) !== JSON.stringify(written)) problems.push(`localStorage holds ${JSON.stringify(r.stored)}`);
  if (r.pageErrors.length > 0) problems.push(`uncaught: ${r.pageErrors.join(' | ')}`);
  return problems;
}

/** The core loaded in every load and did its work, silently. */
function expectWorkingCore(r: TwoTabsReport, written: unknown): void {
  const problems = r.loads
    .filter((l) => l.ready !== 'resolved')
    .map((l) => `${l.tab}: ready ${l.ready}${l.readyError ? ` (${l.readyError.name}: ${l.readyError.message})` : ''}`);
  problems.push(...commonProblems(r, written));
  if (r.consoleErrors.length > 0) problems.push(`console errors: ${r.consoleErrors.join(' | ')}`);
  if (r.failedResponses.length > 0) problems.push(`failed responses: ${r.failedResponses.join(', ')}`);
  failIfAny(problems);
}

/**
 * The core could not load: the app kept working (runTwoTabs saw the write cross tabs,
 * persist and survive a reload), `ready` rejected with StateCoreError, and each load said so
 * with exactly one console.error.
 */
function expectLoudFallback(r: TwoTabsReport, written: unknown): void {
  const problems = r.loads
    .filter((l) => l.ready !== 'rejected' || l.readyError?.name !== 'StateCoreError' || !l.readyError.isStateCoreError)
    .map((l) => `${l.tab}: ready ${l.ready}${l.readyError ? ` with ${l.readyError.name} (instanceof StateCoreError: ${l.readyError.isStateCoreError})` : ''}, expected a rejection with StateCoreError`);
  for (const l of r.loads) {
    if (l.consoleErrorCalls.length !== 1) problems.push(`${l.tab}: ${l.consoleErrorCalls.length} console.error calls, expected 1: ${l.consoleErrorCalls.join(' | ')}`);
  }
  problems.push(...commonProblems(r, written));
  failIfAny(problems);
}

describe.each(ALL_CASES)('host app: $name', (c) => {
  it('proves its environment: frameworks it lacks do not resolve, the package is the tarball install', table.recorded(c.name, 'environment', () => {
    const env = checkEnvironment(ws.apps[c.framework], c.framework);
    console.log(`[${c.name}] imports ${c.managerEntry}${c.adapterEntry && c.adapterEntry !== c.managerEntry ? ` + ${c.adapterEntry}` : ''}; environment:\n  ${env.lines.join('\n  ')}`);
    expect(env.problems).toEqual([]);
  }));

  it('production build in two tabs: ready resolves, a write crosses tabs and persists, a reload keeps it, the class keeps its name, no console error',
    table.recorded(c.name, 'production build', async () => {
      const dist = requireApp(c);
      if (c.bundler === 'vite') expect(readdirSync(join(dist, 'assets')).some((f) => f.endsWith('.wasm'))).toBe(true);
      expectWorkingCore(await withServer(dist, {}, (url) => runTwoTabs(browser, `${url}/index.html`, c.written)), c.written);
    }));

  it(`same build under the strict CSP (${STRICT_CSP}): works fully`, table.recorded(c.name, 'strict CSP', async () => {
    const dist = requireApp(c);
    const headers = { 'content-security-policy': STRICT_CSP };
    expectWorkingCore(await withServer(dist, { headers }, (url) => runTwoTabs(browser, `${url}/index.html`, c.written)), c.written);
  }));

  it('same build under a CSP that forbids wasm: writes still persist and cross tabs, ready rejects with StateCoreError, one console.error',
    table.recorded(c.name, 'CSP without wasm', async () => {
      const dist = requireApp(c);
      const headers = { 'content-security-policy': NO_WASM_CSP };
      expectLoudFallback(await withServer(dist, { headers }, (url) => runTwoTabs(browser, `${url}/index.html`, c.written)), c.written);
    }));

  if (c.servesWasmFile) {
    it('same build with the .wasm answering 404: writes still persist and cross tabs, ready rejects with StateCoreError, one console.error',
      table.recorded(c.name, '.wasm 404', async () => {
        const dist = requireApp(c);
        const r = await withServer(dist, { wasmNotFound: true }, (url) => runTwoTabs(browser, `${url}/index.html`, c.written));
        expectLoudFallback(r, c.written);
      }));
  } else {
    it('same build with every .wasm answering 404 works fully: the core is embedded, no file is fetched',
      table.recorded(c.name, '.wasm 404', async () => {
        const dist = requireApp(c);
        expectWorkingCore(await withServer(dist, { wasmNotFound: true }, (url) => runTwoTabs(browser, `${url}/index.html`, c.written)), c.written);
      }));
  }
});

describe('a host serving the .wasm itself from another origin (the `wasm` option)', () => {
  it('loads the core from the other origin and works fully; the app origin serves no .wasm', table.recorded(CROSS_ORIGIN.name, 'production build', async () => {
    requireApp(CROSS_ORIGIN, CROSS_ORIGIN.name);
    const dist = join(ws.apps.none, 'dist-cross-origin');
    const generated = join(ws.apps.none, 'node_modules/@mfe/universal-state/dist/wasm/generated');
    const cdn = join(ws.work, 'cdn');
    mkdirSync(cdn, { recursive: true });
    copyFileSync(join(generated, readdirSync(generated).find((f) => f.endsWith('.wasm'))!), join(cdn, 'state-core.wasm'));
    const wasmServer = await startHostServer(cdn, { cors: true });
    try {
      await withServer(dist, { wasmNotFound: true }, async (appUrl) => {
        const wasmUrl = `${wasmServer.url}/state-core.wasm`;
        const r = await runTwoTabs(browser, `${appUrl}/cross-origin.html?wasm=${encodeURIComponent(wasmUrl)}`, CROSS_ORIGIN.written);
        expectWorkingCore(r, CROSS_ORIGIN.written);
        expect(wasmServer.requests, 'requests the other origin served').toContain('/state-core.wasm');
      });
    } finally {
      await wasmServer.close();
    }
  }));
});

describe('two separately built bundles, each with its own copy of the package, on one page', () => {
  it('share one global manager, and instanceof holds across the copies', table.recorded('two webpack bundles on one page', 'production build', async () => {
    for (const id of ['two copies: container', 'two copies: mfe']) {
      if (!builds.get(id)?.ok) throw buildFailure(`${id}: the webpack build`, builds.get(id)?.log);
    }
    await withServer(join(ws.apps.none, 'dist-two-copies'), {}, async (url) => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(String(e)));
      try {
        await page.goto(`${url}/index.html`);
        await page.waitForFunction(() => (window as unknown as { __mfe?: unknown }).__mfe !== undefined, undefined, { timeout: 20_000 });
        const ready = await page.evaluate(() => (window as unknown as { __container: { manager: { ready: Promise<void> } } }).__container.manager.ready.then(() => 'resolved', (e: unknown) => `rejected: ${String(e)}`));
        const seen = await page.evaluate(() => (window as unknown as { __mfe: Record<string, unknown> }).__mfe);
        const wanted: Record<string, unknown> = {
          separateCopies: true, sameManager: true, valtioInstanceof: true, legacyInstanceof: true, legacyIsNotValtio: true, ctorName: 'ValtioStateManager',
        };
        const problems = Object.keys(wanted).filter((k) => seen[k] !== wanted[k]).map((k) => `${k} is ${JSON.stringify(seen[k])}`);
        if (ready !== 'resolved') problems.push(`the container's ready ${ready}`);
        if (errors.length > 0) problems.push(`console errors: ${errors.join(' | ')}`);
        failIfAny(problems);
      } finally {
        await page.close();
      }
    });
  }));
});

/** Starts `vite` for an app and returns its URL; the process is ours to stop. */
async function startViteDevServer(app: string): Promise<{ url: string; child: ChildProcess; log: () => string }> {
  const script = join(REPO, 'tests/browser/hosts/lib/vite-dev-server.mjs');
  const child = spawn(process.execPath, [script, ws.tools, app], { cwd: app, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const line = output.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`vite exited (${code}) before serving:\n${output}`)));
  });
  return { url, child, log: () => output };
}

describe.each(ALL_CASES.filter((c) => c.bundler === 'vite'))('host app: $name, under `vite` (the dev server, default config)', (c) => {
  it('ready resolves, a write crosses tabs and persists, a reload keeps it', table.recorded(c.name, 'vite dev server', async () => {
    requireEnvironment(c);
    const server = await startViteDevServer(ws.apps[c.framework]);
    try {
      expectWorkingCore(await runTwoTabs(browser, `${server.url}/`, c.written), c.written);
    } catch (error) {
      throw new Error(`${String(error instanceof Error ? error.message : error)}\nvite said:\n${server.log()}`);
    } finally {
      server.child.kill('SIGTERM');
    }
  }));
});

describe('node, from the tarball install', () => {
  let imports: ImportResults | Error;
  beforeAll(async () => {
    imports = await importEveryEntry(ws.apps.none).catch((e: Error) => e);
  }, 120_000);

  it.each(NODE_ENTRIES)('imports %s with no framework installed', (entry) => table.recorded(`node, ${FRAMEWORK_LABEL.none}: import ${entry}`, 'node', () => {
    expect(checkEnvironment(ws.apps.none, 'none').problems).toEqual([]);
    if (imports instanceof Error) throw imports;
    if (!imports[entry]?.ok) throw new Error(`import('${entry}') failed: ${imports[entry]?.error}`);
  })());

  it('renders a React component using useGlobalState to a string with the state it was given, opening no channel', table.recorded('node, React only: renderToString', 'node', async () => {
    expect(checkEnvironment(ws.apps.react, 'react').problems).toEqual([]);
    const r = await renderReactOnServer(ws.apps.react);
    expect(r).toEqual({ html: '<p>rendered by React on the server</p>', openedChannels: [], windowDefined: false });
  }));

  it('renders a Vue component using useValtioGlobalStateVue to a string with the state it was given, opening no channel', table.recorded('node, Vue only: renderToString', 'node', async () => {
    expect(checkEnvironment(ws.apps.vue, 'vue').problems).toEqual([]);
    const r = await renderVueOnServer(ws.apps.vue);
    expect(r).toEqual({ html: '<p>rendered by Vue on the server</p>', openedChannels: [], windowDefined: false });
  }));
});
