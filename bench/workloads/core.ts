/**
 * W1-W6: the manager workloads that run the same code in node and in Chromium. One call
 * of a round function = one measured round: the manager is built and filled outside the
 * timed region, the timed region ends only after `settle` (the contestant's deferred
 * commit), and a check after it proves the work really happened.
 */
import { CONFIG_OFF, type BenchManager, type Contestant, type ManagerConfig } from '../lib/types.ts';
import { promoteInputs, randomIndices, userObject } from './data.ts';

export type CoreWorkloadId = 'W1' | 'W2' | 'W3' | 'W4' | 'W5' | 'W6';

export interface Sizes {
  /** W1: sets per block. */ w1Sets: number;
  /** W2: keys and gets per block. */ w2Keys: number; w2Gets: number;
  /** W3: keys (one subscriber each) and passes over them per block. */ w3Keys: number; w3Passes: number;
  /** W4: distinct keys and passes (a fresh object per key per pass). */ w4Keys: number; w4Passes: number;
  /** W5: counter sets per block (plus 2 user-object sets per 5 of them). */ w5Iterations: number;
  /** W6: keys in the state and (change, snapshot) pairs per round. */ w6Keys: number; w6Iterations: number;
  /**
   * Blocks per round, per workload: repeats the listed workload so that one legacy round
   * lasts ~10-50 ms. Shorter rounds measured the timer and the GC (spreads over 100%).
   */
  blocks: Record<CoreWorkloadId, number>;
}

export const FULL_SIZES: Sizes = {
  w1Sets: 10_000, w2Keys: 100, w2Gets: 10_000, w3Keys: 100, w3Passes: 100,
  w4Keys: 1_000, w4Passes: 4, w5Iterations: 10_000, w6Keys: 10_000, w6Iterations: 10,
  blocks: { W1: 20, W2: 100, W3: 10, W4: 5, W5: 1, W6: 5 },
};

export const TINY_SIZES: Sizes = {
  w1Sets: 50, w2Keys: 10, w2Gets: 50, w3Keys: 5, w3Passes: 3,
  w4Keys: 10, w4Passes: 2, w5Iterations: 10, w6Keys: 50, w6Iterations: 2,
  blocks: { W1: 1, W2: 1, W3: 1, W4: 1, W5: 1, W6: 1 },
};

export interface RoundResult {
  ms: number;
  ops: number;
}

export interface CoreWorkload {
  id: CoreWorkloadId;
  title: string;
  /** undefined: the contestant's defaults (persistent + crossTab + devtools on). */
  config: ManagerConfig | undefined;
  /** Chromium only (needs localStorage and BroadcastChannel of a real page). */
  browserOnly: boolean;
  round(contestant: Contestant, sizes: Sizes): Promise<RoundResult>;
}

/** Keeps results alive so no engine can drop the work as dead code. */
let sink = 0;
export function sinkValue(): number {
  return sink;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`benchmark check failed: ${what}`);
}

async function withManager<T>(
  contestant: Contestant,
  config: ManagerConfig | undefined,
  body: (m: BenchManager) => Promise<T>,
): Promise<T> {
  // Stored entries of an earlier round would be loaded by the next manager (W5).
  if (config === undefined && typeof localStorage !== 'undefined') localStorage.clear();
  const manager = await contestant.create(config);
  try {
    return await body(manager);
  } finally {
    manager.destroy();
  }
}

const w1: CoreWorkload = {
  id: 'W1',
  title: "set('counter', random) x10k",
  config: CONFIG_OFF,
  browserOnly: false,
  round: (c, s) =>
    withManager(c, CONFIG_OFF, async (m) => {
      let last = 0;
      const t0 = performance.now();
      for (let b = 0; b < s.blocks.W1; b++) {
        for (let i = 0; i < s.w1Sets; i++) m.set('counter', (last = Math.random()));
        await c.settle(m);
      }
      const ms = performance.now() - t0;
      check(m.get('counter') === last, 'W1 last value readable');
      return { ms, ops: s.blocks.W1 * s.w1Sets };
    }),
};

const w2: CoreWorkload = {
  id: 'W2',
  title: 'get of 100 keys at random x10k',
  config: CONFIG_OFF,
  browserOnly: false,
  round: (c, s) =>
    withManager(c, CONFIG_OFF, async (m) => {
      const keys = Array.from({ length: s.w2Keys }, (_, i) => `key${i}`);
      keys.forEach((k, i) => m.set(k, i));
      await c.settle(m);
      const picks = randomIndices(s.w2Gets, s.w2Keys, 2);
      let sum = 0;
      const t0 = performance.now();
      for (let b = 0; b < s.blocks.W2; b++) {
        for (let i = 0; i < s.w2Gets; i++) sum += m.get(keys[picks[i]]) as number;
      }
      const ms = performance.now() - t0;
      let expected = 0;
      for (let i = 0; i < s.w2Gets; i++) expected += picks[i];
      check(sum === expected * s.blocks.W2, 'W2 values read back');
      sink += sum;
      return { ms, ops: s.blocks.W2 * s.w2Gets };
    }),
};

const w3: CoreWorkload = {
  id: 'W3',
  title: '100 keys with a subscriber each, set each, x passes',
  config: CONFIG_OFF,
  browserOnly: false,
  round: (c, s) =>
    withManager(c, CONFIG_OFF, async (m) => {
      const keys = Array.from({ length: s.w3Keys }, (_, i) => `sub${i}`);
      let calls = 0;
      const unsubscribe = keys.map((k) => m.subscribe(k, () => void calls++));
      const t0 = performance.now();
      let value = 0;
      for (let b = 0; b < s.blocks.W3; b++) {
        for (let p = 0; p < s.w3Passes; p++) {
          for (let i = 0; i < keys.length; i++) m.set(keys[i], ++value);
        }
        await c.settle(m);
      }
      const ms = performance.now() - t0;
      unsubscribe.forEach((u) => u());
      const sets = s.blocks.W3 * s.w3Passes * s.w3Keys;
      check(calls === sets, `W3 every listener called once per set (${calls} of ${sets})`);
      return { ms, ops: sets };
    }),
};

const w4: CoreWorkload = {
  id: 'W4',
  title: 'set ~200-byte user objects on 1k distinct keys',
  config: CONFIG_OFF,
  browserOnly: false,
  round: (c, s) =>
    withManager(c, CONFIG_OFF, async (m) => {
      const passes = s.blocks.W4 * s.w4Passes;
      const users = Array.from({ length: passes }, (_, p) =>
        Array.from({ length: s.w4Keys }, (_, i) => userObject(i, p)),
      );
      const keys = Array.from({ length: s.w4Keys }, (_, i) => `user:${i}`);
      promoteInputs();
      const t0 = performance.now();
      for (let b = 0; b < s.blocks.W4; b++) {
        for (let p = b * s.w4Passes; p < (b + 1) * s.w4Passes; p++) {
          const row = users[p];
          for (let i = 0; i < keys.length; i++) m.set(keys[i], row[i]);
        }
        await c.settle(m);
      }
      const ms = performance.now() - t0;
      const lastUser = m.get(keys[keys.length - 1]) as { updatedAt: number };
      check(lastUser.updatedAt === 1700000000000 + passes - 1, 'W4 last object readable');
      return { ms, ops: passes * s.w4Keys };
    }),
};

const w5: CoreWorkload = {
  id: 'W5',
  title: 'W1 + W4 interleaved (10k counter sets, 4k user-object sets on 1k keys), default config',
  config: undefined,
  browserOnly: true,
  // One block is W1 (10k counter sets) and W4 (4 passes of user objects over 1k keys)
  // interleaved: two user sets after every five counter sets.
  round: (c, s) =>
    withManager(c, undefined, async (m) => {
      const userSets = Math.floor((s.w5Iterations * 2) / 5);
      const users = Array.from({ length: s.blocks.W5 * userSets }, (_, i) => userObject(i % s.w4Keys, i));
      let u = 0;
      promoteInputs();
      const t0 = performance.now();
      for (let b = 0; b < s.blocks.W5; b++) {
        for (let i = 0; i < s.w5Iterations; i++) {
          m.set('counter', Math.random());
          if (i % 5 < 2) {
            m.set(`user:${u % s.w4Keys}`, users[u]);
            u++;
          }
        }
        await c.settle(m, 'durable');
      }
      const ms = performance.now() - t0;
      check(typeof m.get('counter') === 'number', 'W5 counter readable');
      check(u === users.length, 'W5 every user object written');
      return { ms, ops: s.blocks.W5 * s.w5Iterations + u };
    }),
};

const w6: CoreWorkload = {
  id: 'W6',
  title: '10k keys, one change, then getSnapshot()',
  config: CONFIG_OFF,
  browserOnly: false,
  round: (c, s) =>
    withManager(c, CONFIG_OFF, async (m) => {
      for (let i = 0; i < s.w6Keys; i++) m.set(`k${i}`, { id: i, label: `item ${i}` });
      await c.settle(m);
      m.getSnapshot(); // the first snapshot may build caches; W6 measures the one after a change
      promoteInputs();
      const iterations = s.blocks.W6 * s.w6Iterations;
      let snap: Record<string, unknown> = {};
      const t0 = performance.now();
      for (let i = 0; i < iterations; i++) {
        m.set(`k${i % s.w6Keys}`, { id: i, label: `changed ${i}` });
        await c.settle(m);
        snap = m.getSnapshot();
      }
      const ms = performance.now() - t0;
      const lastKey = `k${(iterations - 1) % s.w6Keys}`;
      check((snap[lastKey] as { label: string }).label === `changed ${iterations - 1}`, 'W6 snapshot sees the change');
      check(Object.keys(snap).length === s.w6Keys, 'W6 snapshot holds every key');
      return { ms, ops: iterations };
    }),
};

export const CORE_WORKLOADS: readonly CoreWorkload[] = [w1, w2, w3, w4, w5, w6];
