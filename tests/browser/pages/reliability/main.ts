// One tab of the reliability suite. The query string picks the manager (impl=new|legacy, or
// none for an observer/attacker tab) and the faults to inject before it is created. The tab
// exposes `window.__rt` for the test driver and sets document.title to 'ready' once usable
// (the new manager: once its core holds everything loaded).
import { createStateManager, type AnyStateManager } from '@mfe/universal-state/core';
import { installNetworkSwitch, installStorageFault } from './faults.js';
import { fuzz } from './fuzz.js';

const params = new URLSearchParams(location.search);
const impl = params.get('impl') ?? 'none';
const net = installNetworkSwitch(params.get('nobc') === '1');
installStorageFault(params.get('storage'));

interface Reported { name: string; code?: string; message: string }
const errors: Reported[] = [];
const events: Array<{ key: string; source: string }> = [];
const recorded: Record<string, unknown[]> = {};
const raw = new Map<string, BroadcastChannel>();

let manager: AnyStateManager | null = null;
if (impl === 'new' || impl === 'legacy') {
  manager = createStateManager({
    useValtio: impl === 'new',
    storagePrefix: params.get('prefix') ?? 'rel',
    devtools: false,
    accessControl: (params.get('ac') as 'off' | 'namespaces' | null) ?? 'off',
    onError: (e: Error) => errors.push({ name: e.name, code: (e as { code?: string }).code, message: e.message.slice(0, 300) }),
  });
  manager.subscribeAll((e) => {
    events.push({ key: e.key, source: e.source });
    if (params.get('throwing') === '1') throw new Error('a listener that throws');
  });
}

const m = (): AnyStateManager => {
  if (manager === null) throw new Error('this tab has no manager');
  return manager;
};
/** Plain JSON copy of the state: what the test compares across tabs. */
const snapshot = (): Record<string, unknown> => JSON.parse(JSON.stringify(m().getSnapshot())) as Record<string, unknown>;

const rt = {
  impl,
  net,
  errors,
  events,
  recorded,
  get origin(): string | null { return manager !== null && 'origin' in manager ? manager.origin : null; },
  set: (key: string, value: unknown, source?: string) => m().set(key, value, source),
  get: (key: string) => JSON.parse(JSON.stringify(m().get(key) ?? null)) as unknown,
  del: (key: string) => m().delete(key),
  clear: () => m().clear(),
  snapshot,
  /** Sorted JSON of the state, for equality across tabs. */
  canonical: () => JSON.stringify(Object.keys(snapshot()).sort().map((k) => [k, snapshot()[k]])),
  digest: (): string | null => (manager !== null && 'core' in manager ? manager.core?.digest() ?? null : null),
  remoteCount: () => events.filter((e) => e.source.endsWith('(cross-tab)')).length,
  hasKeys: (keys: string[]) => keys.every((k) => m().get(k) !== undefined),
  fuzz: (seed: number, ops: number, tab: number, disturb = false) => fuzz(m(), seed, ops, tab, disturb ? net : undefined),
  /** n writes in one task with Date.now() frozen: all in the same millisecond. */
  sameMillisecond(prefix: string, n: number, shared: string, tag: string): number {
    const realNow = Date.now;
    const frozen = realNow();
    Date.now = () => frozen;
    try {
      for (let i = 0; i < n; i++) {
        m().set(`${prefix}${i}`, i);
        m().set(`${shared}${i % 10}`, `${tag}:${i}`);
      }
    } finally {
      Date.now = realNow;
    }
    return frozen;
  },
  /** Writes one key per step, then a progress key, a step per task, until told to stop. */
  startSlowBurst(prefix: string): void {
    let i = 0;
    const step = (): void => {
      m().set(`${prefix}${i}`, i);
      m().set(`${prefix}progress`, i);
      i++;
      setTimeout(step, 0);
    };
    step();
  },
  forMFE: (id: string, key: string, value: unknown): string => {
    const mgr = m() as { forMFE?: (id: string) => { set(k: string, v: unknown): void } };
    if (typeof mgr.forMFE !== 'function') return 'no forMFE';
    try {
      mgr.forMFE(id).set(key, value);
      return 'ok';
    } catch (e) {
      return `${(e as Error).name}:${(e as { code?: string }).code ?? ''}`;
    }
  },
  proxyWrite(path: string[], value: unknown): string {
    const mgr = m() as { getProxyStore?: () => Record<string, unknown> };
    if (typeof mgr.getProxyStore !== 'function') return 'no proxy store';
    try {
      let node = mgr.getProxyStore() as Record<string, unknown>;
      for (const seg of path.slice(0, -1)) node = node[seg] as Record<string, unknown>;
      node[path[path.length - 1]] = value;
      return 'ok';
    } catch (e) {
      return (e as Error).name;
    }
  },
  catchUp: () => document.dispatchEvent(new Event('visibilitychange')),
  // Raw channel access for observer and attacker tabs (no manager involved).
  post(name: string, data: unknown): void {
    if (!raw.has(name)) raw.set(name, new net.Native(name));
    raw.get(name)!.postMessage(data);
  },
  record(name: string): void {
    recorded[name] = [];
    const channel = new net.Native(name);
    channel.onmessage = (e) => recorded[name].push(e.data);
    raw.set(`rec:${name}`, channel);
  },
  ls: {
    get: (k: string) => localStorage.getItem(k),
    set: (k: string, v: string) => localStorage.setItem(k, v),
    keys: () => Object.keys(localStorage),
    dump: () => ({ ...localStorage }) as Record<string, string>,
    clear: () => localStorage.clear(),
    /** Fills the origin's quota with junk entries; returns how many were written. */
    fill(prefix: string): number {
      const chunk = 'j'.repeat(256 * 1024);
      let n = 0;
      for (let size = chunk.length; size >= 16; ) {
        try {
          localStorage.setItem(`${prefix}${n}`, chunk.slice(0, size));
          n++;
        } catch {
          size = Math.floor(size / 2);
        }
      }
      return n;
    },
  },
  polluted: () => ({} as Record<string, unknown>).polluted !== undefined || Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'),
};
Object.assign(window, { __rt: rt });

// early=<n>: n writes right after construction, before the core can have loaded; the title
// says so at once, so a test can close the tab while the core is still on its way.
const early = Number(params.get('early') ?? 0);
if (early > 0) {
  for (let i = 0; i < early; i++) m().set(`early:${i}`, { i });
  document.title = `early ${early}`;
}
const ready = manager !== null && 'ready' in manager ? manager.ready : Promise.resolve();
ready.then(() => { document.title = 'ready'; }, (e: unknown) => { document.title = `failed: ${String(e)}`; });
