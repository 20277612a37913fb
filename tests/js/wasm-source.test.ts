// Every way a host can hand over the .wasm (the `wasm` option), and every way that fails:
// a failure names its cause and the remedy in a StateCoreError, a bad option fails at once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileWasm } from '../../js-shim/wasm/wasm-source.js';
import { StateCoreError } from '../../js-shim/errors.js';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { QUIET } from './contract/helpers.js';

const wasmBytes = readFileSync(new URL('../../js-shim/wasm/generated/universal_state_core.wasm', import.meta.url));
const html = new TextEncoder().encode('<!doctype html><html></html>');

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/core.wasm') res.writeHead(200, { 'content-type': 'application/wasm' }).end(wasmBytes);
    else if (req.url === '/spa.wasm') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The rejection of `promise`, which must be a StateCoreError. */
async function failure(promise: Promise<unknown>): Promise<StateCoreError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(StateCoreError);
  return error as StateCoreError;
}

describe('compileWasm: every accepted source compiles', () => {
  const copy = () => new Uint8Array(wasmBytes);
  const cases: Array<[string, () => unknown]> = [
    ['a Uint8Array', copy],
    ['an ArrayBuffer', () => copy().buffer],
    ['a DataView', () => new DataView(copy().buffer)],
    ['a Response', () => new Response(copy())],
    ['a Promise of a Response', () => Promise.resolve(new Response(copy()))],
    ['a compiled WebAssembly.Module', () => new WebAssembly.Module(copy())],
    ['a URL string', () => `${base}/core.wasm`],
    ['a URL object', () => new URL('/core.wasm', base)],
    ['fetch(url) itself', () => fetch(`${base}/core.wasm`)],
  ];
  it.each(cases)('%s', async (_name, make) => {
    const module = await compileWasm(make() as never);
    expect(WebAssembly.Module.exports(module).length).toBeGreaterThan(5);
  });
});

describe('compileWasm: failures name the cause and the remedy', () => {
  it('a URL answering 404', async () => {
    const e = await failure(compileWasm(`${base}/missing.wasm`));
    expect(e.code).toBe('WASM_NOT_FOUND');
    expect(e.message).toContain(`${base}/missing.wasm answered 404`);
    expect(e.message).toMatch(/Remedy: .*`wasm` option.*\/inline/);
  });

  it('a URL answering a page instead of the wasm (a dev server fallback)', async () => {
    const e = await failure(compileWasm(`${base}/spa.wasm`));
    expect(e.code).toBe('WASM_NOT_WASM');
    expect(e.message).toContain('first bytes 3c 21 64 6f');
    expect(e.message).toContain('text/html');
  });

  it('a server that is not there (offline)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = await failure(compileWasm(`http://127.0.0.1:${port}/core.wasm`));
    expect(e.code).toBe('WASM_FETCH_FAILED');
    expect(e.message).toContain('Access-Control-Allow-Origin');
  });

  it('bytes that are not wasm, truncated wasm, a rejected promise', async () => {
    expect((await failure(compileWasm(html))).code).toBe('WASM_NOT_WASM');
    const truncated = await failure(compileWasm(wasmBytes.subarray(0, 1000)));
    expect(truncated.code).toBe('WASM_NOT_WASM');
    expect(truncated.message).toContain('do not compile');
    const rejected = await failure(compileWasm(Promise.reject(new Error('CDN down'))));
    expect(rejected.code).toBe('WASM_FETCH_FAILED');
    expect(rejected.message).toContain('CDN down');
  });

  it('a browser without WebAssembly', async () => {
    const saved = globalThis.WebAssembly;
    (globalThis as { WebAssembly?: unknown }).WebAssembly = undefined;
    try {
      const e = await failure(compileWasm(wasmBytes));
      expect(e.code).toBe('NO_WEBASSEMBLY');
      expect(e.message).toContain('useValtio: false');
    } finally {
      globalThis.WebAssembly = saved;
    }
  });

  it('a promise of something that is no source', async () => {
    expect((await failure(compileWasm(Promise.resolve(42) as never))).code).toBe('BAD_WASM_OPTION');
  });
});

describe('the manager option `wasm`', () => {
  it.each([[42], [''], [{}], [null], [[1, 2, 3]]])('refuses %j at construction with a StateCoreError', (value) => {
    let thrown: unknown = null;
    try {
      new ValtioStateManager({ ...QUIET, wasm: value as never });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StateCoreError);
    expect((thrown as StateCoreError).code).toBe('BAD_WASM_OPTION');
    expect((thrown as Error).message).toMatch(/URL \(string or URL\), a BufferSource, a Response, a Promise of one, or a WebAssembly.Module/);
  });

  it('loads the core from the URL it names (a fresh realm: no core loaded before)', async () => {
    vi.resetModules();
    const fresh = await import('../../js-shim/manager/valtio-state-manager.js');
    const requests: string[] = [];
    server.on('request', (req) => requests.push(req.url ?? ''));
    const manager = new fresh.ValtioStateManager({ ...QUIET, wasm: `${base}/core.wasm` });
    manager.set('a', { b: 1 });
    await manager.ready;
    expect(JSON.parse(manager.core!.exportJson())).toEqual({ a: { b: 1 } });
    expect(requests).toEqual(['/core.wasm']);
    manager.destroy();
  });

  it('a URL answering 404: ready rejects with the cause, the manager keeps working', async () => {
    vi.resetModules();
    const fresh = await import('../../js-shim/manager/valtio-state-manager.js');
    const errors = await import('../../js-shim/errors.js');
    const reported: Error[] = [];
    const manager = new fresh.ValtioStateManager({ ...QUIET, wasm: `${base}/gone.wasm`, onError: (e) => reported.push(e) });
    manager.set('a', 1);
    const e = await manager.ready.then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(errors.StateCoreError);
    expect((e as StateCoreError).code).toBe('WASM_NOT_FOUND');
    expect((e as Error).message).toMatch(/gone\.wasm answered 404.*Remedy/);
    expect(reported).toEqual([e]);
    expect(manager.get('a')).toBe(1);
    manager.destroy();
  });
});
