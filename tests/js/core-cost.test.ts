// Prints the cost of one set and one merge through the real wasm bindings (node). Timings
// are informational (machines are shared and noisy): only the results are asserted.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCore } from '../../js-shim/wasm/load-core.js';
import type { CoreFactory, LocalOp } from '../../js-shim/wasm/core-api.js';

let factory: CoreFactory;
beforeAll(async () => {
  factory = await loadCore();
});

function perOp(n: number, body: (i: number) => void): number {
  for (let i = 0; i < Math.min(n, 2000); i++) body(i); // warm up
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) body(i);
    rounds.push(((performance.now() - t0) * 1e6) / n);
  }
  rounds.sort((a, b) => a - b);
  return rounds[2];
}

describe('boundary cost (printed)', () => {
  it('measures set, batched set and merge', () => {
    const now = Date.now();
    const core = factory.create({ origin: 'bench' });
    const single = perOp(5000, (i) => {
      const r = core.applyLocal([{ kind: 'set', key: 'counter', path: [], value: Math.random() }], now);
      if (!r.ok) throw new Error(r.error?.message);
      if (i % 64 === 0) core.takeOutbox();
    });
    const batch: LocalOp[] = [];
    const batched = perOp(50, () => {
      batch.length = 0;
      for (let k = 0; k < 100; k++) batch.push({ kind: 'set', key: `k${k}`, path: [], value: Math.random() });
      core.applyLocal(batch, now);
      core.takeOutbox();
    }) / 100;
    const writer = factory.create({ origin: 'writer' });
    const messages: string[] = [];
    for (let i = 0; i < 5000; i++) {
      writer.applyLocal([{ kind: 'set', key: `k${i % 100}`, path: [], value: i }], now + i);
      messages.push(writer.takeOutbox()!);
    }
    let reader = factory.create({ origin: 'reader' });
    let m = 0;
    const merge = perOp(5000, () => {
      if (m === messages.length) {
        reader.dispose();
        reader = factory.create({ origin: 'reader' });
        m = 0;
      }
      reader.applyRemote(messages[m++], now + 10_000);
    });
    const user = JSON.stringify({ id: 42, name: 'Ann Example', email: 'ann@example.com', roles: ['admin', 'user'], profile: { city: 'Berlin', theme: 'dark', age: 33 }, active: true });
    const objectSet = perOp(2000, (i) => {
      core.applyLocal([{ kind: 'set', key: `user${i % 1000}`, path: [], value: JSON.parse(user.slice(0, -1) + `,"n":${i}}`) }], now);
      if (i % 64 === 0) core.takeOutbox();
    });
    console.log(
      `[core-cost] node: set 1 op/crossing ${single.toFixed(0)} ns, set in batches of 100 ${batched.toFixed(0)} ns/op, ` +
        `~200 B object set ${objectSet.toFixed(0)} ns, merge 1-op message ${merge.toFixed(0)} ns`,
    );
    expect(JSON.parse(core.keyJson('user1')!).name).toBe('Ann Example');
    expect(reader.exportJson().length).toBeGreaterThan(2);
  });
});
