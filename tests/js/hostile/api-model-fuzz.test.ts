// Model-based fuzz of the public API. Seeded random sequences of set, delete, clear, nested
// proxy writes, transactions (some throwing, some vetoed by middleware), subscribe and
// unsubscribe, restoreSnapshot, with nasty values; after every step the new manager is
// compared with a small reference model (plain JSON values), the legacy manager with the
// model where their contracts agree, every live subscription with the value it last heard,
// and, after a flush every few steps, the core and a reload from the same storage. Some
// steps try to reach a global prototype through the proxy store.
//
// Short in `npm test` (fixed seeds, printed). Longer: FUZZ_SEQUENCES=500 FUZZ_STEPS=400
// (random seeds from FUZZ_SEED_BASE, default the clock); replay one with FUZZ_SEED=<n>.
import { afterAll, describe, expect, it } from 'vitest';
import { QUIET } from '../contract/helpers.js';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import { UniversalStateManager } from '../../../js-shim/legacy/universal-state-manager.js';
import { loadCore } from '../../../js-shim/wasm/load-core.js';
import { MAX_VALUE_BYTES } from '../../../js-shim/internal/core-limits.js';
import type { StateMiddleware } from '../../../js-shim/types.js';
import { mulberry32 as rng } from '../../support/mulberry32.js';

type Json = null | boolean | number | string | Json[] | { [name: string]: Json };
type Model = Record<string, Json>;

const replay = process.env.FUZZ_SEED === undefined ? null : Number(process.env.FUZZ_SEED);
const SEQUENCES = Number(process.env.FUZZ_SEQUENCES ?? 12);
const STEPS = Number(process.env.FUZZ_STEPS ?? 120);
const BASE = Number(process.env.FUZZ_SEED_BASE ?? (process.env.FUZZ_SEQUENCES === undefined ? 1 : Date.now() % 1e6));
const seeds = replay !== null ? [replay] : Array.from({ length: SEQUENCES }, (_, i) => BASE + i);
const KEYS = ['a', 'b', 'c', 'user', 'list', 'ünï', 'k:7', 'deep'];
let totalSteps = 0;


const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** What the manager was given and what JSON makes of it (the model's value). */
interface Input { give: () => unknown; json: Json }

function generators(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const strings = ['', 'x', 'ünïcødé', '𝄞 astral', 'line\nbreak "quoted" \\', '\u0000\u001f control', 'VETO-not', '<script>'];
  const numbers = [0, -0, 1, -1, 0.1, 1e308, 5e-324, 2 ** 53 - 1, -(2 ** 31)];
  const scalar = (): Json => pick([null, true, false, pick(numbers), pick(strings), pick(strings)]) as Json;
  const value = (depth: number): Json => {
    const r = random();
    if (depth <= 0 || r < 0.4) return scalar();
    if (r < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth - 1));
    const out: Record<string, Json> = {};
    for (let i = Math.floor(random() * 4); i > 0; i--) out[pick(['name', 'n', 'ключ', 'a b', '0', 'x'])] = value(depth - 1);
    return out;
  };
  const plain = (json: Json): Input => ({ give: () => clone(json), json: clone(json) === undefined ? null : (JSON.parse(JSON.stringify(json)) as Json) });
  /** Valid inputs whose JSON form differs from the object given. */
  const converted = (): Input => pick<Input>([
    { give: () => new Number(5), json: 5 },
    { give: () => new String('ab'), json: 'ab' },
    { give: () => new Boolean(false), json: false },
    { give: () => new Date(Date.UTC(2020, 1, 3)), json: '2020-02-03T00:00:00.000Z' },
    { give: () => ({ at: new Date(0), n: new Number(-0) }), json: { at: '1970-01-01T00:00:00.000Z', n: 0 } },
    { give: () => ({ gone: undefined, kept: 1 }), json: { kept: 1 } },
    { give: () => 'é'.repeat(150_000), json: 'é'.repeat(150_000) },
    { give: () => nest(60), json: nest(60) as Json },
  ]);
  /** Inputs every write must refuse, leaving everything as it was. */
  const invalid = (): (() => unknown) => pick<() => unknown>([
    () => NaN, () => Infinity, () => () => 1, () => Symbol('s'), () => 10n, () => 'lone \uD800', () => ({ ['bad\uDC00']: 1 }),
    () => { const o: Record<string, unknown> = {}; o.self = o; return o; }, () => [1, undefined], () => nest(65),
    () => '\u0001'.repeat(200_000), () => 'x'.repeat(MAX_VALUE_BYTES + 1), () => new Map([[1, 2]]),
  ]);
  return { pick, value, plain, converted, invalid };
}

function nest(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { d: value };
  return value;
}

/** Paths to containers inside `root` (objects and arrays), at most `max` deep. */
function containerPaths(root: Json, max = 4): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  const walk = (node: Json, path: Array<string | number>): void => {
    if (node === null || typeof node !== 'object' || path.length > max) return;
    out.push(path);
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...path, i]));
    else for (const [name, child] of Object.entries(node)) walk(child, [...path, name]);
  };
  walk(root, []);
  return out;
}

function readAt(root: Json, path: ReadonlyArray<string | number>): Json {
  let node: Json = root;
  for (const step of path) node = (node as Record<string | number, Json>)[step]!;
  return node;
}

/** The model's nested write: a copy of `root` with `value` at `path` (undefined removes). */
function writeAt(root: Json, path: ReadonlyArray<string | number>, value: Json | undefined): Json {
  const copy = clone(root);
  const parent = readAt(copy, path.slice(0, -1)) as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (value !== undefined) parent[last] = value;
  else if (Array.isArray(parent)) parent.pop();
  else delete parent[last];
  return copy;
}

class FastStorage implements Storage {
  private readonly data = new Map<string, string>();
  get length(): number { return this.data.size; }
  clear(): void { this.data.clear(); }
  getItem(key: string): string | null { return this.data.get(key) ?? null; }
  key(index: number): string | null { return [...this.data.keys()][index] ?? null; }
  removeItem(key: string): void { this.data.delete(key); }
  setItem(key: string, value: string): void { this.data.set(key, String(value)); }
}

const veto: StateMiddleware = (event, next) => {
  if (!JSON.stringify(event.value ?? null).includes('"VETO"')) next();
};

async function runSequence(seed: number): Promise<void> {
  const random = rng(seed);
  const gen = generators(random);
  const storage = new FastStorage();
  const errors: Error[] = [];
  const config = { ...QUIET, middleware: [veto], onError: (e: Error) => errors.push(e) };
  const manager = new ValtioStateManager({ ...config, persistent: true, storage } as never);
  await manager.ready;
  const legacy = new UniversalStateManager(config);
  let model: Model = {};
  const history: Model[] = [];
  const subscriptions: Array<{ key: string; heard: Json | undefined; stop: () => void }> = [];
  let where = '';

  const valid = (): Input => (random() < 0.15 ? gen.converted() : gen.plain(gen.value(3)));
  const fits = (json: Json): boolean => bytes(json) <= MAX_VALUE_BYTES;

  const compare = (step: number): void => {
    const at = `seed ${seed}, step ${step} (${where})`;
    expect(clone(manager.getSnapshot()), at).toEqual(model);
    expect(clone(legacy.getSnapshot()), `${at}, legacy`).toEqual(model);
    for (const s of subscriptions) expect(s.heard, `${at}, listener of ${s.key}`).toEqual(model[s.key]);
  };

  const compareDurable = async (step: number): Promise<void> => {
    manager.flush();
    const at = `seed ${seed}, step ${step} (${where}), after flush`;
    expect(JSON.parse(manager.core!.exportJson()), `${at}: core`).toEqual(model);
    const reload = new ValtioStateManager({ ...QUIET, persistent: true, storage } as never);
    expect(clone(reload.getSnapshot()), `${at}: reload`).toEqual(model);
    reload.destroy();
  };

  /** One write inside or outside a transaction; returns the model after it, or throws like the manager. */
  const write = (state: Model, inTxn: boolean): Model => {
    const key = gen.pick(KEYS);
    const r = random();
    if (r < 0.35) {
      const input = valid();
      where = `set ${key}`;
      manager.set(key, input.give());
      if (!inTxn) legacy.set(key, input.give());
      return { ...state, [key]: input.json };
    }
    if (r < 0.45) {
      where = `set ${key} to an invalid value`;
      const bad = gen.invalid();
      expect(() => manager.set(key, bad()), `seed ${seed}: ${where} ${String(bad).slice(0, 60)}`).toThrow();
      return state;
    }
    if (r < 0.52) {
      where = `set ${key} to a vetoed value`;
      manager.set(key, { v: 'VETO' }); // throws inside a transaction: the whole of it rolls back
      if (!inTxn) legacy.set(key, { v: 'VETO' });
      return state;
    }
    if (r < 0.62) {
      where = `delete ${key}`;
      manager.delete(key);
      if (!inTxn) legacy.delete(key);
      const { [key]: _gone, ...rest } = state;
      return rest;
    }
    const root = state[key];
    const paths = root === undefined ? [] : containerPaths(root);
    if (paths.length === 0) return state;
    const parentPath = gen.pick(paths);
    const parent = readAt(root!, parentPath);
    const store = manager.getProxyStore();
    const proxyParent = parentPath.reduce((node: any, step) => node[step], store[key]);
    let next: Json;
    if (Array.isArray(parent)) {
      if (random() < 0.3 && parent.length > 0) {
        where = `pop ${key}.${parentPath.join('.')}`;
        proxyParent.pop();
        next = writeAt(root!, [...parentPath, parent.length - 1], undefined);
      } else {
        const input = random() < 0.1 ? gen.converted() : gen.plain(gen.value(2));
        next = writeAt(root!, [...parentPath, parent.length], input.json);
        where = `push into ${key}.${parentPath.join('.')}`;
        if (parentPath.length + 1 + depthOf(input.json) > 64 || !fits(next)) {
          expect(() => proxyParent.push(input.give()), `seed ${seed}: ${where} must be refused`).toThrow();
          return state;
        }
        proxyParent.push(input.give());
      }
    } else {
      const name = gen.pick(['name', 'n', 'added', 'ключ', 'x']);
      if (random() < 0.25) {
        where = `delete ${key}.${[...parentPath, name].join('.')}`;
        delete proxyParent[name];
        next = writeAt(root!, [...parentPath, name], undefined);
      } else {
        const input = random() < 0.1 ? gen.converted() : gen.plain(gen.value(2));
        where = `assign ${key}.${[...parentPath, name].join('.')}`;
        next = writeAt(root!, [...parentPath, name], input.json);
        if (parentPath.length + 1 + depthOf(input.json) > 64 || !fits(next)) {
          expect(() => { proxyParent[name] = input.give(); }, `seed ${seed}: ${where} must be refused`).toThrow();
          return state;
        }
        proxyParent[name] = input.give();
      }
    }
    if (!inTxn) legacy.set(key, clone(next));
    return { ...state, [key]: next };
  };

  for (let step = 0; step < STEPS; step++) {
    totalSteps++;
    const r = random();
    if (r < 0.55) {
      model = write(model, false);
    } else if (r < 0.7) {
      where = 'transaction';
      let inner = model;
      const fail = random() < 0.3;
      let committed = false;
      try {
        manager.transaction(() => {
          for (let i = 1 + Math.floor(random() * 4); i > 0; i--) inner = write(inner, true);
          if (fail) throw new Error('the transaction body fails');
        });
        committed = true;
      } catch {
        // rolled back: the model keeps what it had (a veto or a bad value threw too)
      }
      if (committed) {
        model = inner;
        legacy.restoreSnapshot(clone(model));
      }
    } else if (r < 0.76) {
      where = 'clear';
      manager.clear();
      legacy.clear();
      model = {};
    } else if (r < 0.86) {
      const key = gen.pick(KEYS);
      where = `subscribe ${key}`;
      const sub = { key, heard: model[key] as Json | undefined, stop: () => undefined };
      let first = true;
      sub.stop = manager.subscribe(key, (value) => {
        if (first) expect(value, `seed ${seed}: subscribe hands the current value`).toEqual(model[key]);
        first = false;
        sub.heard = value === undefined ? undefined : clone(value as Json);
      });
      first = false; // later calls are changes, compared after the step
      subscriptions.push(sub);
    } else if (r < 0.92 && subscriptions.length > 0) {
      where = 'unsubscribe';
      subscriptions.splice(Math.floor(random() * subscriptions.length), 1)[0]!.stop();
    } else if (r < 0.95) {
      // Hostile reads and writes through the proxy store: no prototype is ever reached.
      // (Only containers: a string or number handed out is a primitive, whose prototype
      // chain is the language's, not something the proxy hands out.)
      const containers = KEYS.filter((k) => model[k] !== null && typeof model[k] === 'object');
      const key = containers.length > 0 ? gen.pick(containers) : 'absent';
      where = `prototype attempt on ${key}`;
      const store = manager.getProxyStore();
      for (const attempt of [
        () => { store[key].__proto__.polluted = seed; },
        () => { store[key].constructor.prototype.polluted = seed; },
        () => { store[key].toString.constructor.prototype.polluted = seed; },
        () => { store.__proto__.polluted = seed; },
      ]) {
        try { attempt(); } catch { /* refusing is fine */ }
      }
      expect(({} as Record<string, unknown>).polluted, `seed ${seed}: ${where}`).toBeUndefined();
      expect(([] as unknown as Record<string, unknown>).polluted, `seed ${seed}: ${where}`).toBeUndefined();
      expect((Function.prototype as unknown as Record<string, unknown>).polluted, `seed ${seed}: ${where}`).toBeUndefined();
    } else if (history.length > 0) {
      where = 'restoreSnapshot';
      const snapshot = gen.pick(history);
      manager.restoreSnapshot(clone(snapshot));
      legacy.restoreSnapshot(clone(snapshot));
      model = clone(snapshot);
    }
    if (random() < 0.2) history.push(clone(model));
    compare(step);
    if (step % 15 === 14) await compareDurable(step);
  }
  await compareDurable(STEPS);
  // Only reports of dropped or refused input are expected; never a core disagreement.
  expect(errors.filter((e) => e.name === 'StateCoreError').map((e) => e.message), `seed ${seed}`).toEqual([]);
  manager.destroy();
  legacy.destroy?.();
}

function depthOf(value: Json): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce<number>((max, child) => Math.max(max, depthOf(child)), 0);
}

describe('model-based fuzz of the public API', () => {
  afterAll(() => {
    const list = seeds.length <= 20 ? seeds.join(',') : `${seeds[0]}..${seeds[seeds.length - 1]}`;
    console.log(`[api-fuzz] ${seeds.length} sequences, ${totalSteps} steps; seeds ${list} (replay one: FUZZ_SEED=<n>)`);
  });
  it.each(seeds)('seed %i', async (seed) => {
    await loadCore();
    try {
      await runSequence(seed);
    } finally {
      // A failure must not leave the realm polluted for the next sequences.
      for (const proto of [Object.prototype, Array.prototype, Function.prototype]) delete (proto as Record<string, unknown>).polluted;
    }
  });
});
