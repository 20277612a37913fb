/**
 * Synchronous load of the persisted entries, validated in JS so the manager can fill its
 * view on the first line after construction, before the wasm core has loaded. The core
 * validates everything again when the manager hands it each entry (`core.loadEntry`), which
 * is also where a torn value/metadata pair is detected by its hash and repaired.
 *
 * Nothing here throws: a bad entry is reported and skipped, and it stays in storage untouched
 * (a newer app version or a human may still want it); good entries load regardless.
 */
import { getLocalStorage } from '../internal/environment.js';
import { isForbiddenName, isWellFormed, utf8Length } from '../internal/validate.js';
import { MAX_DEPTH, MAX_VALUE_BYTES } from '../internal/core-limits.js';
import type { ErrorReporter } from '../types.js';
import { hasOverflowedCounter, parseMeta } from './meta.js';
import { StateStorageError } from './storage-error.js';

export interface PersistOptions {
  /** The Storage to use; null turns persistence off; undefined means window.localStorage. */
  storage?: Storage | null;
  /** `${prefix}:${key}` holds the value (as the legacy manager writes it). */
  prefix: string;
  /** Version of the app's data shape, recorded in each entry's metadata. Default 1. */
  schemaVersion?: number;
  /** Turns a value stored under an older `schemaVersion` into the current shape. */
  migrate?: (value: unknown, fromVersion: number) => unknown;
  /** Write each commit's keys at once instead of in an idle batch (`storageWrites: 'sync'`). */
  sync?: boolean;
}

export interface PersistedEntry {
  key: string;
  value: unknown;
  /** The value's JSON text (after migration, when one ran). */
  valueText: string;
  /** `${prefix}#meta:${key}` as stored, or null when the value has none (legacy write, torn pair). */
  metaText: string | null;
}

/** The core's default; entries written before versioning existed carry this. */
export const DEFAULT_SCHEMA_VERSION = 1;

export const valueKeyOf = (prefix: string, key: string): string => `${prefix}:${key}`;
export const metaKeyOf = (prefix: string, key: string): string => `${prefix}#meta:${key}`;

/** The storage persistence should use, or null where there is none (SSR, private mode). */
export function resolveStorage(storage: Storage | null | undefined): Storage | null {
  if (storage === null) return null;
  return storage ?? getLocalStorage();
}

/** Every key in storage; throws what the Storage throws. */
export function listStorageKeys(storage: Storage): string[] {
  const keys: string[] = [];
  const length = storage.length;
  for (let i = 0; i < length; i++) {
    const name = storage.key(i);
    if (name !== null) keys.push(name);
  }
  return keys;
}

/**
 * Why a parsed value may not enter the state, or null when it may. Iterative, so a hostile
 * deeply nested entry cannot overflow the stack before the depth limit is seen.
 */
export function checkStoredValue(value: unknown): string | null {
  if (typeof value === 'string') return isWellFormed(value) ? null : 'a string with a lone UTF-16 surrogate';
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_DEPTH) return `nested deeper than ${MAX_DEPTH}`;
    for (const name of Object.keys(node)) {
      if (isForbiddenName(name)) return `forbidden member name "${name}"`;
      if (!isWellFormed(name)) return `member name with a lone UTF-16 surrogate`;
      const child = (node as Record<string, unknown>)[name];
      // Strings are checked here, not pushed: most of a value is leaves.
      if (typeof child === 'string') {
        if (!isWellFormed(child)) return 'a string with a lone UTF-16 surrogate';
      } else if (child !== null && typeof child === 'object') {
        stack.push([child, depth + 1]);
      }
    }
  }
  return null;
}

/** Parses and checks one value text; throws a StateStorageError describing the problem. */
function parseValue(key: string, text: string): unknown {
  if (text.length > MAX_VALUE_BYTES && utf8Length(text) > MAX_VALUE_BYTES) {
    throw new StateStorageError('CORRUPT_ENTRY', `stored value of "${key}" is larger than ${MAX_VALUE_BYTES} bytes`, key);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StateStorageError('CORRUPT_ENTRY', `stored value of "${key}" is not JSON`, key, error);
  }
  const problem = checkStoredValue(value);
  if (problem !== null) throw new StateStorageError('CORRUPT_ENTRY', `stored value of "${key}": ${problem}`, key);
  return value;
}

/** Runs `migrate` for an entry written under an older schema version. */
function migrateEntry(entry: PersistedEntry, fromVersion: number, opts: PersistOptions): PersistedEntry {
  let migrated: unknown;
  let text: string | undefined;
  try {
    migrated = opts.migrate!(entry.value, fromVersion);
    text = JSON.stringify(migrated);
  } catch (error) {
    throw new StateStorageError('MIGRATION_FAILED', `migrate threw for "${entry.key}" (from version ${fromVersion})`, entry.key, error);
  }
  if (text === undefined) {
    throw new StateStorageError('MIGRATION_FAILED', `migrate returned no JSON value for "${entry.key}"`, entry.key);
  }
  // Re-parse so the view holds exactly what JSON carries, checked like any stored value.
  return { ...entry, value: parseValue(entry.key, text), valueText: text };
}

let metaHead = { version: -1, head: '' };
/** How the core starts the metadata of a value written under `version`. */
function currentMetaHead(version: number): string {
  if (metaHead.version !== version) metaHead = { version, head: `{"v":${version},"c":[` };
  return metaHead.head;
}

/** One entry, or throws a StateStorageError saying why it is skipped. */
function readEntry(storage: Storage, opts: PersistOptions, key: string, current: number): PersistedEntry | null {
  const valueText = storage.getItem(valueKeyOf(opts.prefix, key));
  if (valueText === null) return null; // removed since listing
  if (isForbiddenName(key)) throw new StateStorageError('CORRUPT_ENTRY', `stored key "${key}" is a forbidden name`, key);
  const metaText = storage.getItem(metaKeyOf(opts.prefix, key));
  const entry: PersistedEntry = { key, value: parseValue(key, valueText), valueText, metaText };
  if (metaText === null) return entry; // legacy write or torn pair: the core rebuilds the metadata
  // The common case, metadata the core wrote under the current version, is recognised by
  // its head without a parse (start-up reads every entry; the core checks the rest).
  if (metaText.startsWith(currentMetaHead(current))) return entry;
  const meta = parseMeta(metaText);
  if (meta === null && hasOverflowedCounter(metaText)) return entry; // the core repairs it
  if (meta === null) throw new StateStorageError('UNKNOWN_META', `metadata of "${key}" is not ours`, key);
  if (meta.version > current) {
    throw new StateStorageError('UNKNOWN_META', `"${key}" was written under schema version ${meta.version}; this app knows ${current}`, key);
  }
  if (meta.version < current && opts.migrate !== undefined) return migrateEntry(entry, meta.version, opts);
  return entry;
}

/** One stored entry as readPersistedEntries reads it, or null when absent or bad. */
export function readPersistedEntry(opts: PersistOptions, key: string): PersistedEntry | null {
  const storage = resolveStorage(opts.storage);
  if (storage === null) return null;
  try {
    return readEntry(storage, opts, key, opts.schemaVersion ?? DEFAULT_SCHEMA_VERSION);
  } catch {
    return null;
  }
}

/**
 * Every good entry under `${prefix}:`, in storage order. Bad entries are reported through
 * `report` and skipped; the storage is never written here.
 */
export function readPersistedEntries(opts: PersistOptions, report: ErrorReporter): PersistedEntry[] {
  const storage = resolveStorage(opts.storage);
  if (storage === null) return [];
  const current = opts.schemaVersion ?? DEFAULT_SCHEMA_VERSION;
  const head = `${opts.prefix}:`;
  let names: string[];
  try {
    names = listStorageKeys(storage);
  } catch (error) {
    report(new StateStorageError('STORAGE_FAILED', 'could not list storage entries', undefined, error));
    return [];
  }
  const entries: PersistedEntry[] = [];
  for (const name of names) {
    if (!name.startsWith(head)) continue;
    const key = name.slice(head.length);
    if (key === '') continue;
    try {
      const entry = readEntry(storage, opts, key, current);
      if (entry !== null) entries.push(entry);
    } catch (error) {
      report(error instanceof StateStorageError ? error
        : new StateStorageError('STORAGE_FAILED', `could not read "${key}"`, key, error));
    }
  }
  return entries;
}
