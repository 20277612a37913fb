/**
 * Diagnostics, not part of `npm run bench`: W1, W2 and W3 in ns per operation for ONE
 * contestant per process (`ONLY=ours` or `ONLY=legacy`), ours split into the JS side of `set`
 * and the commit (`flush()`). Prints fastest/median of 50 passes after 10 of warm-up.
 *   ONLY=ours node node_modules/vite-node/vite-node.mjs -c bench/node/vite.config.ts bench/node/split-per-process.ts
 * Why one per process: `attribution.ts` runs both managers in one process, where they share
 * the listener registry and the event objects' hidden class; a change to one manager's
 * events can then slow the other's listener calls (legacy's W3 read 3x slower there after
 * the event clock change, and not at all in its own process). Run each tree's copy in
 * turn, several times, to compare two checkouts.
 */
import { UniversalStateManager, ValtioStateManager } from '../../js-shim/core.ts';
import { median } from '../lib/stats.ts';
import { CONFIG_OFF } from '../lib/types.ts';

type M = { set(k: string, v: unknown): void; get(k: string): unknown; subscribe(k: string, f: () => void): unknown; flush?(): void };
const only = process.env.ONLY === 'legacy' ? 'legacy' : 'ours';
const manager: M = only === 'legacy' ? new UniversalStateManager(CONFIG_OFF) : new ValtioStateManager(CONFIG_OFF);
if (manager instanceof ValtioStateManager) await manager.ready;
for (let k = 0; k < 100; k++) manager.subscribe(`sub${k}`, () => {});
const keys = Array.from({ length: 100 }, (_, i) => `key${i}`);
keys.forEach((k, i) => manager.set(k, i));
const picks = Array.from({ length: 10_000 }, () => Math.floor(Math.random() * 100));
let sink = 0;

const w3 = (p: number) => { for (let r = 0; r < 100; r++) for (let k = 0; k < 100; k++) manager.set(`sub${k}`, p * 1e6 + r * 100 + k); };
const w1 = () => { for (let i = 0; i < 10_000; i++) manager.set('counter', Math.random()); };
const w2 = () => { let s = 0; for (let b = 0; b < 10; b++) for (let i = 0; i < 10_000; i++) s += manager.get(keys[picks[i]!]!) as number; sink += s; };

const rows: Record<string, number[]> = { 'W3 set': [], 'W3 commit': [], 'W1 set': [], 'W1 commit': [], 'W2 get': [] };
const timed = (run: () => void, sets: number, setRow: string, commitRow: string) => {
  const t0 = performance.now();
  run();
  const t1 = performance.now();
  manager.flush?.();
  const t2 = performance.now();
  return () => {
    rows[setRow]!.push(((t1 - t0) * 1e6) / sets);
    rows[commitRow]!.push(((t2 - t1) * 1e6) / sets);
  };
};
for (let pass = 0; pass < 60; pass++) {
  const keep3 = timed(() => w3(pass), 10_000, 'W3 set', 'W3 commit');
  await Promise.resolve();
  const keep1 = timed(w1, 10_000, 'W1 set', 'W1 commit');
  await Promise.resolve();
  const t0 = performance.now();
  w2();
  const get = ((performance.now() - t0) * 1e6) / 100_000;
  if (pass < 10) continue;
  keep3();
  keep1();
  rows['W2 get']!.push(get);
}
const line = Object.entries(rows).map(([name, v]) => `${name} ${Math.min(...v).toFixed(1)}/${median(v).toFixed(1)}`).join(' | ');
console.log(`${only}: ${line}  (ns per op, fastest/median)`);
if (Number.isNaN(sink)) console.log('unreachable: keeps the reads alive');
(manager as { destroy(): void }).destroy();
