// Seeded random operations for scenario 1: set, nested set, delete and clear, in the mix
// docs/reliability.md asks for. The same seed gives the same sequence in every run, so a failure
// printed with its seed can be replayed. Delivery is disturbed too: some chunks are held
// back and released after the next one (messages cross and arrive late), and some are
// sent while the tab is off the network (dropped both ways, to be recovered by catch-up).
import type { AnyStateManager } from '@mfe/universal-state/core';
import type { NetworkSwitch } from './faults.js';
import { mulberry32 } from '../../../support/mulberry32.js';


/** Runs `ops` operations in chunks (a task each, so other tabs' messages interleave). */
export async function fuzz(manager: AnyStateManager, seed: number, ops: number, tab: number, net?: NetworkSwitch): Promise<number> {
  const random = mulberry32(seed * 1000 + tab);
  const store = 'getProxyStore' in manager ? manager.getProxyStore() : null;
  let done = 0;
  while (done < ops) {
    const mode = net === undefined ? 1 : random();
    if (mode < 0.08) net!.offline = true;
    else if (mode < 0.4) net!.hold = true;
    for (let i = 0; i < 25 && done < ops; i++, done++) {
      const key = `f${Math.floor(random() * 48)}`;
      const r = random();
      const current = manager.get<Record<string, unknown>>(key);
      if (r < 0.55) {
        manager.set(key, { n: Math.floor(random() * 1e6), tab, inner: { v: done } }, `fuzz-${tab}`);
      } else if (r < 0.8) {
        const value = Math.floor(random() * 1e6);
        if (current !== null && typeof current === 'object') {
          // Nested set: a path write on the new manager; the legacy one can only rewrite the key.
          if (store !== null) (store[key] as Record<string, Record<string, unknown>>).inner.v = value;
          else manager.set(key, { ...current, inner: { v: value } }, `fuzz-${tab}`);
        }
      } else if (r < 0.98) {
        manager.delete(key);
      } else {
        manager.clear();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (net !== undefined) {
      net.offline = false;
      if (net.hold) net.release();
    }
  }
  return done;
}
