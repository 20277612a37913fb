/**
 * Where the core's .wasm comes from, turned into a compiled `WebAssembly.Module`. Every way a
 * host can hand it over ends here, and every way it can fail becomes one StateCoreError whose
 * message names the cause and what to do about it (docs/wasm-loading.md).
 *
 * @example
 *   const module = await compileWasm('https://cdn.example.com/universal_state_core.wasm');
 */
import { StateCoreError } from '../errors.js';

/**
 * What the manager's `wasm` option accepts: the file's URL (string or `URL`), its bytes, a
 * `Response` (what `fetch` gives), a Promise of any of these, or a compiled module.
 */
export type WasmSource =
  | string
  | URL
  | BufferSource
  | Response
  | WebAssembly.Module
  | PromiseLike<string | URL | BufferSource | Response | WebAssembly.Module>;

/** The first four bytes of every wasm binary: "\0asm". */
const MAGIC = [0x00, 0x61, 0x73, 0x6d];

const REMEDY_ASSET =
  'serve universal_state_core.wasm (the package copies it beside dist/wasm/generated/universal_state_core.mjs; ' +
  'bundlers emit it as an asset), pass its URL or bytes as the `wasm` option, or import from ' +
  "'@mfe/universal-state/inline', which embeds it";

function hex(bytes: Uint8Array): string {
  return [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Duck-typed so a Response from another realm (an iframe, a polyfill) is accepted too. */
function isResponse(value: unknown): value is Response {
  return typeof value === 'object' && value !== null && typeof (value as Response).arrayBuffer === 'function'
    && typeof (value as Response).status === 'number' && typeof (value as Response).ok === 'boolean';
}

function isBufferSource(value: unknown): value is BufferSource {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value)
    || Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

function isCompiledModule(value: unknown): value is WebAssembly.Module {
  return typeof WebAssembly === 'object' && value instanceof WebAssembly.Module;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return Object.prototype.toString.call(value).slice(8, -1);
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
}

/**
 * Throws a StateCoreError('BAD_WASM_OPTION') when `value` is none of the accepted kinds, so a
 * mistake in the config fails at construction, not later in a rejected `ready`.
 */
export function checkWasmSource(value: unknown): asserts value is WasmSource {
  if (typeof value === 'string' ? value.trim() !== '' : value instanceof URL || isBufferSource(value)
    || isResponse(value) || isCompiledModule(value) || isThenable(value)) return;
  throw new StateCoreError('BAD_WASM_OPTION',
    `the \`wasm\` option must be a URL (string or URL), a BufferSource, a Response, a Promise of one, or a WebAssembly.Module; got ${describe(value)}`);
}

/** True when a compile error is the page's Content-Security-Policy refusing WebAssembly. */
function isCspRefusal(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /Content Security Policy|unsafe-eval|wasm-eval/i.test(text);
}

/** A 200 answer that is not wasm at a URL a dev server made up (see docs/wasm-loading.md). */
export class NotWasmResponse extends StateCoreError {
  constructor(readonly url: string, readonly status: number, readonly contentType: string, readonly firstBytes: string) {
    super('WASM_NOT_WASM',
      `the wasm core could not load: ${url} answered ${status} ${contentType || 'without a content type'} ` +
      `(first bytes ${firstBytes}, expected 00 61 73 6d), not the .wasm file. Remedy: ${REMEDY_ASSET}.`);
    this.name = 'StateCoreError';
  }
}

async function fetchResponse(url: string): Promise<Response> {
  if (typeof fetch !== 'function') {
    throw new StateCoreError('WASM_FETCH_FAILED', `the wasm core could not load: there is no fetch() here to get ${url}. Remedy: pass the bytes as the \`wasm\` option.`);
  }
  try {
    return await fetch(url, { credentials: 'same-origin' });
  } catch (error) {
    throw new StateCoreError('WASM_FETCH_FAILED',
      `the wasm core could not load: fetching ${url} failed (${String((error as Error)?.message ?? error)}; offline, blocked by connect-src, or a cross-origin server without CORS). ` +
      `Remedy: ${REMEDY_ASSET}; a .wasm on another origin must be served with Access-Control-Allow-Origin.`, undefined, error);
  }
}

async function responseBytes(response: Response, label: string): Promise<Uint8Array> {
  const url = response.url || label;
  if (!response.ok) {
    const code = response.status === 404 ? 'WASM_NOT_FOUND' : 'WASM_FETCH_FAILED';
    throw new StateCoreError(code, `the wasm core could not load: ${url} answered ${response.status}. Remedy: ${REMEDY_ASSET}.`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!MAGIC.every((b, i) => bytes[i] === b)) {
    throw new NotWasmResponse(url, response.status, response.headers?.get?.('content-type') ?? '', hex(bytes));
  }
  return bytes;
}

function toBytes(source: BufferSource): Uint8Array {
  return source instanceof Uint8Array ? source
    : ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
      : new Uint8Array(source as ArrayBuffer);
}

async function compileBytes(bytes: Uint8Array, label: string): Promise<WebAssembly.Module> {
  if (!MAGIC.every((b, i) => bytes[i] === b)) {
    throw new StateCoreError('WASM_NOT_WASM', `the wasm core could not load: the bytes from ${label} are not wasm (first bytes ${hex(bytes)}, expected 00 61 73 6d). Remedy: ${REMEDY_ASSET}.`);
  }
  try {
    return await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (error) {
    if (isCspRefusal(error)) {
      throw new StateCoreError('WASM_BLOCKED',
        "the wasm core could not load: the page's Content-Security-Policy forbids compiling WebAssembly. " +
        "Remedy: add 'wasm-unsafe-eval' to script-src (e.g. script-src 'self' 'wasm-unsafe-eval'); no 'unsafe-eval' is needed.", undefined, error);
    }
    throw new StateCoreError('WASM_NOT_WASM', `the wasm core could not load: the bytes from ${label} do not compile (${String((error as Error)?.message ?? error)}). Remedy: ${REMEDY_ASSET}, from the same package version.`, undefined, error);
  }
}

/**
 * Compiles the module while its bytes still arrive (`WebAssembly.compileStreaming`), off the
 * main thread, instead of waiting for the whole body and then compiling: the page's own
 * start-up work and the compile overlap. Only for a 200 answer served as application/wasm;
 * anything else, or any failure here, returns null and `response` is read the ordinary way
 * (from an untouched copy), so every error keeps its own code and message.
 */
async function compileWhileDownloading(response: Response): Promise<WebAssembly.Module | null> {
  if (typeof WebAssembly.compileStreaming !== 'function' || !response.ok || typeof response.clone !== 'function') return null;
  const type = response.headers?.get?.('content-type') ?? '';
  if (!/^application\/wasm\b/i.test(type)) return null;
  let streamed: Response;
  try {
    streamed = response.clone();
  } catch {
    return null;
  }
  try {
    return await WebAssembly.compileStreaming(streamed);
  } catch {
    return null;
  }
}

/**
 * Compiles the wasm from any accepted source. Rejects with a StateCoreError naming the cause
 * (NO_WEBASSEMBLY, WASM_FETCH_FAILED, WASM_NOT_FOUND, WASM_NOT_WASM, WASM_BLOCKED,
 * BAD_WASM_OPTION) and the remedy.
 */
export async function compileWasm(source: WasmSource, label = 'the `wasm` option'): Promise<WebAssembly.Module> {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.compile !== 'function') {
    throw new StateCoreError('NO_WEBASSEMBLY',
      'the wasm core could not load: this browser has no WebAssembly. Remedy: run the legacy manager here (useValtio: false); ' +
      'the new manager keeps state in the legacy format meanwhile.');
  }
  let value: unknown = source;
  if (isThenable(value)) {
    try {
      value = await value;
    } catch (error) {
      throw new StateCoreError('WASM_FETCH_FAILED', `the wasm core could not load: the promise given as ${label} rejected (${String((error as Error)?.message ?? error)}). Remedy: ${REMEDY_ASSET}.`, undefined, error);
    }
    checkWasmSource(value);
    if (isThenable(value)) throw new StateCoreError('BAD_WASM_OPTION', `${label} resolved to another promise; resolve it to a Response, bytes, a URL or a WebAssembly.Module`);
  }
  if (isCompiledModule(value)) return value;
  if (typeof value === 'string' || (value as unknown) instanceof URL) {
    const url = String(value);
    const response = await fetchResponse(url);
    return (await compileWhileDownloading(response)) ?? compileBytes(await responseBytes(response, url), url);
  }
  if (isResponse(value)) return compileBytes(await responseBytes(value, label), (value as Response).url || label);
  if (isBufferSource(value)) return compileBytes(toBytes(value), label);
  checkWasmSource(value);
  throw new StateCoreError('BAD_WASM_OPTION', `unsupported ${label}`);
}

/** The embedded copy (base64 in a generated module) as bytes. */
export function decodeBase64(text: string): Uint8Array {
  if (typeof atob === 'function') {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  const B = (globalThis as { Buffer?: { from(t: string, e: string): Uint8Array } }).Buffer;
  if (B) return new Uint8Array(B.from(text, 'base64'));
  throw new StateCoreError('NO_BASE64', 'cannot decode the embedded wasm: neither atob nor Buffer exists here');
}
