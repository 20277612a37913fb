/**
 * W11 (node): start-up with many keys in storage. Storage is filled once, the way ours
 * persists (a value and a metadata entry per key; legacy reads the values and skips the
 * metadata), then each round builds a manager over it. Two numbers per contestant:
 * `constructor` (how long `new` blocks the page) and `ready` (until ours' core holds every
 * entry, which ours does in slices of later tasks; legacy is ready when constructed).
 * Runs in this process, legacy and ours interleaved round by round; the storage is a
 * Map-backed Storage installed as globalThis.localStorage, so both read the same data the
 * same way (a real browser's localStorage costs more per read, alike for both).
 */
import { interleave, toRows, type ScheduleOptions } from '../lib/schedule.ts';
import { contestantLoaders } from '../contestants/index.ts';
import type { Contestant, ContestantName, Row } from '../lib/types.ts';

class MapStorage implements Storage {
  private readonly data = new Map<string, string>();
  private order: string[] | null = null;
  get length(): number { return this.data.size; }
  clear(): void { this.data.clear(); this.order = null; }
  getItem(key: string): string | null { return this.data.get(key) ?? null; }
  key(index: number): string | null { this.order ??= [...this.data.keys()]; return this.order[index] ?? null; }
  removeItem(key: string): void { if (this.data.delete(key)) this.order = null; }
  setItem(key: string, value: string): void { if (!this.data.has(key)) this.order = null; this.data.set(key, String(value)); }
}

const value = (i: number) => ({ id: i, name: `user ${i}`, email: `user${i}@example.com`, tags: ['a', 'b'], active: i % 2 === 0 });

export async function runStartupWorkload(
  contestants: readonly ContestantName[],
  keys: number,
  schedule: ScheduleOptions,
  log: (line: string) => void = () => {},
): Promise<Row[]> {
  const measured = contestants.filter((c) => c === 'legacy' || c === 'ours');
  if (measured.length === 0) return [];
  const storage = new MapStorage();
  const globals = globalThis as { localStorage?: Storage };
  const before = globals.localStorage;
  globals.localStorage = storage;
  try {
    const started = performance.now();
    const { ValtioStateManager } = await import('../../js-shim/core.ts');
    const filler = new ValtioStateManager({ crossTab: false, devtools: false });
    await filler.ready;
    for (let i = 0; i < keys; i++) filler.set(`key:${i}`, value(i));
    filler.destroy(); // flushes: every value and its metadata are in storage
    log(`node W11 storage filled with ${keys} keys (${storage.length} entries) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const loaded = new Map<ContestantName, Contestant>(await Promise.all(measured.map(async (c) => [c, await contestantLoaders[c]()] as const)));
    const ready = new Map<ContestantName, number[]>();
    const constructed = await interleave(measured, schedule, async (c, round) => {
      const t0 = performance.now();
      let ctor = 0;
      const manager = await loaded.get(c)!.create({ crossTab: false, devtools: false }, () => { ctor = performance.now() - t0; });
      const until = performance.now() - t0;
      const last = manager.get(`key:${keys - 1}`) as { id?: number } | undefined;
      manager.destroy();
      if (last?.id !== keys - 1) throw new Error(`W11 check failed: ${c} did not load key:${keys - 1}`);
      if (round >= schedule.warmup) ready.set(c, [...(ready.get(c) ?? []), until]);
      return ctor;
    });
    const title = `start-up with ${keys} stored keys`;
    return [
      ...toRows({ engine: 'node', workload: 'W11', unit: 'ms', higherIsBetter: false, extra: { metric: 'constructor', title: `${title}: constructor` } }, constructed),
      ...toRows({ engine: 'node', workload: 'W11', unit: 'ms', higherIsBetter: false, extra: { metric: 'ready', title: `${title}: until ready` } }, ready),
    ];
  } finally {
    if (before === undefined) delete globals.localStorage;
    else globals.localStorage = before;
  }
}
