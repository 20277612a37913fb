// W11 (start-up over many stored keys) still runs: on 300 keys, in this process. Timing is
// never asserted; only the rows' shape, that both contestants loaded every key (the
// workload checks it and throws otherwise), and that the goal is evaluated.
import { expect, it } from 'vitest';
import { runStartupWorkload } from '../../bench/node/startup.ts';
import { checkGoals } from '../../bench/lib/goals.ts';

it('W11 gives a constructor and a ready row for legacy and ours', async () => {
  const rows = await runStartupWorkload(['legacy', 'valtio', 'ours', 'limit'], 300, { warmup: 0, rounds: 2 });
  expect(rows.map((r) => `${r.contestant}:${String(r.metric)}`).sort()).toEqual(['legacy:constructor', 'legacy:ready', 'ours:constructor', 'ours:ready']);
  for (const row of rows) {
    expect(row).toMatchObject({ engine: 'node', workload: 'W11', unit: 'ms', higherIsBetter: false });
    expect(Number.isFinite(row.value) && row.value >= 0).toBe(true);
  }
  expect(checkGoals(rows).find((g) => g.workload === 'W11')?.met).toEqual(expect.any(Boolean));
  expect((globalThis as { localStorage?: unknown }).localStorage).toBeUndefined(); // put back as it was
});
