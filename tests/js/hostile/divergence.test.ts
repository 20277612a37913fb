// Writes after which the view, the core and storage would disagree for good: each case ends
// with the three compared (storage through a reload from the same Storage).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage, QUIET, createLoaded } from '../contract/helpers.js';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import { UniversalStateManager } from '../../../js-shim/legacy/universal-state-manager.js';
import { loadCore } from '../../../js-shim/wasm/load-core.js';
import type { CoreFactory, LocalOp } from '../../../js-shim/wasm/core-api.js';

const coreOf = (m: ValtioStateManager) => JSON.parse(m.core!.exportJson()) as Record<string, unknown>;
const viewOf = (m: ValtioStateManager) => JSON.parse(JSON.stringify(m.getSnapshot())) as Record<string, unknown>;

async function reloadOf(storage: Storage): Promise<Record<string, unknown>> {
  const reload = new ValtioStateManager({ ...QUIET, persistent: true, storage } as never);
  await reload.ready;
  const state = viewOf(reload);
  reload.destroy();
  return state;
}

let manager: ValtioStateManager;
afterEach(() => {
  manager?.destroy();
  vi.restoreAllMocks();
});

describe('removing an array element', () => {
  it('writePath(key, [i], undefined): one behaviour for the view, the core and storage', async () => {
    const storage = new MemoryStorage();
    manager = await createLoaded({ persistent: true, storage } as never);
    manager.set('list', [1, 2, 3]);
    manager.flush();
    // A hole in the middle: the view used to drop it while the core kept a null.
    expect(() => manager.writePath('list', [1], undefined)).toThrow(expect.objectContaining({ code: 'BAD_PATH' }));
    expect(() => { manager.getProxyStore().list[0] = undefined; }).toThrow(expect.objectContaining({ code: 'BAD_PATH' }));
    // The last element: a pop everywhere.
    manager.writePath('list', [2], undefined);
    manager.flush();
    expect(viewOf(manager)).toEqual({ list: [1, 2] });
    expect(coreOf(manager)).toEqual({ list: [1, 2] });
    expect(await reloadOf(storage)).toEqual({ list: [1, 2] });
  });

  it('an element inside a nested array, through the proxy store', async () => {
    manager = await createLoaded();
    manager.set('doc', { rows: [{ a: 1 }, { a: 2 }] });
    manager.getProxyStore().doc.rows[1] = undefined;
    manager.flush();
    expect(viewOf(manager)).toEqual({ doc: { rows: [{ a: 1 }] } });
    expect(coreOf(manager)).toEqual(viewOf(manager));
  });
});

/** The real core, handed out late, whose applyLocal refuses every op on key `refused`. */
function refusingCore(release: Promise<void>): () => Promise<CoreFactory> {
  return async () => {
    const real = await loadCore();
    await release;
    return {
      create(options) {
        const core = real.create(options);
        const apply = core.applyLocal.bind(core);
        core.applyLocal = (ops: readonly LocalOp[], now: number) => {
          const bad = ops.findIndex((op) => op.kind !== 'clear' && op.key === 'refused');
          if (bad >= 0) return { ok: false, changes: [], error: { code: 'BAD_JSON', message: 'refused for the test', opIndex: bad } };
          return apply(ops, now);
        };
        return core;
      },
    } as CoreFactory;
  };
}

describe('a transaction made before the core is ready', () => {
  it('is all-or-nothing when the core refuses one of its writes', async () => {
    let open!: () => void;
    const errors: Error[] = [];
    manager = new ValtioStateManager({ ...QUIET, loadCore: refusingCore(new Promise<void>((r) => { open = r; })), onError: (e) => errors.push(e) });
    manager.set('before', 0);
    manager.transaction(() => {
      manager.set('a', 1);
      manager.set('refused', 2);
      manager.set('b', 3);
    });
    manager.set('after', 4);
    open();
    await manager.ready;
    manager.flush();
    // The transaction's writes go together; the writes around it are untouched.
    expect(viewOf(manager)).toEqual({ before: 0, after: 4 });
    expect(coreOf(manager)).toEqual({ before: 0, after: 4 });
    expect(errors.map((e) => (e as { code?: string }).code)).toContain('BAD_JSON');
  });
});

describe('an onError callback that throws', () => {
  /** A Storage that fails (not for quota) when writing one key. */
  class FailingStorage extends MemoryStorage {
    override setItem(key: string, value: string): void {
      if (key === 'mfe-state:a') throw new Error('disk on fire');
      super.setItem(key, value);
    }
  }

  it('never escapes into the write path, and never changes state or storage', async () => {
    const storage = new FailingStorage();
    const thrown = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    manager = await createLoaded({ persistent: true, storage, onError: () => { throw new Error('reporter broke'); } } as never);
    manager.set('a', 1);
    manager.set('b', 2);
    expect(() => manager.flush()).not.toThrow();
    expect(() => manager.set('__proto__', 1)).not.toThrow(); // dropped and reported
    manager.set('c', 3);
    manager.flush();
    expect(viewOf(manager)).toEqual({ a: 1, b: 2, c: 3 });
    expect(coreOf(manager)).toEqual({ a: 1, b: 2, c: 3 });
    // Every key but the one the storage refuses is stored.
    expect(await reloadOf(storage)).toEqual({ b: 2, c: 3 });
    // The reporter's own failure is not swallowed silently.
    expect(thrown).toHaveBeenCalled();
  });

  it('the legacy manager: a throwing reporter does not stop listeners of a write it accepted', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.stubGlobal('localStorage', new FailingStorage());
    try {
      const legacy = new UniversalStateManager({ ...QUIET, persistent: true, onError: () => { throw new Error('reporter broke'); } });
      const heard: unknown[] = [];
      legacy.subscribe('a', (v) => heard.push(v));
      expect(() => legacy.set('a', 1)).not.toThrow();
      expect(heard).toEqual([1]);
      legacy.destroy?.();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
