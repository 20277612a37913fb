// The benchmark code still runs: every node workload, every contestant, on a tiny size, in
// this process (no child processes, no browser). Timing is never asserted: these numbers
// mean nothing, only the shape of the rows and that the values are finite.
import { describe, expect, it } from 'vitest';
import { contestantLoaders } from '../../bench/contestants/index.ts';
import { checkGoals } from '../../bench/lib/goals.ts';
import { formatTable } from '../../bench/lib/report.ts';
import { interleave, toRows } from '../../bench/lib/schedule.ts';
import { CONTESTANTS, runsWorkload, type Row } from '../../bench/lib/types.ts';
import { markdownTables } from '../../bench/lib/markdown.ts';
import { CORE_WORKLOADS, TINY_SIZES } from '../../bench/workloads/core.ts';

describe('benchmark smoke run (tiny sizes, node engine)', () => {
  it('produces one well-formed row per contestant and node workload', async () => {
    const contestants = await Promise.all(CONTESTANTS.map((name) => contestantLoaders[name]()));
    const rows: Row[] = [];
    for (const workload of CORE_WORKLOADS.filter((w) => !w.browserOnly)) {
      const taking = CONTESTANTS.filter((c) => runsWorkload(c, workload.id));
      const values = await interleave(taking, { warmup: 1, rounds: 2 }, async (name) => {
        const { ms, ops } = await workload.round(contestants[CONTESTANTS.indexOf(name)], TINY_SIZES);
        // A round faster than the timer's resolution would give Infinity ops/s.
        return (ops / Math.max(ms, 1e-3)) * 1000;
      });
      rows.push(...toRows({ engine: 'node', workload: workload.id, unit: 'ops/s', higherIsBetter: true }, values));
    }

    // Every contestant runs the five node workloads, except clone, which only runs W4.
    expect(rows).toHaveLength(5 * (CONTESTANTS.length - 1) + 1);
    expect(rows.filter((r) => r.contestant === 'clone').map((r) => r.workload)).toEqual(['W4']);
    for (const row of rows) {
      expect(row.engine).toBe('node');
      expect(row.workload).toMatch(/^W([1-9]|10)$/);
      expect(CONTESTANTS).toContain(row.contestant);
      expect(Number.isFinite(row.value)).toBe(true);
      expect(row.value).toBeGreaterThan(0);
      expect(row.unit).toBe('ops/s');
      expect(typeof row.higherIsBetter).toBe('boolean');
      expect(Number.isFinite(row.spread)).toBe(true);
      expect(row.spread).toBeGreaterThanOrEqual(0);
    }
    // The report and the goal check accept what the run produced.
    expect(formatTable('node', rows)).toContain('W6');
    expect(checkGoals(rows).map((g) => g.workload)).toEqual(['W1', 'W2', 'W3', 'W4', 'W6']);
    // W4 is judged against the clone contestant, shown beside the ratio to legacy.
    const w4 = checkGoals(rows).find((g) => g.workload === 'W4')!;
    expect(w4.goal).toBe('ours/clone >= 1');
    expect(Number.isFinite(w4.measured)).toBe(true);
    const oursW4 = rows.find((r) => r.workload === 'W4' && r.contestant === 'ours')!;
    expect(oursW4.ratioToClone).toBeCloseTo(oursW4.value / rows.find((r) => r.workload === 'W4' && r.contestant === 'clone')!.value, 6);
    expect(formatTable('node', rows)).toMatch(/ours vs clone/);
    const w4Line = markdownTables(rows).split('\n').find((l) => l.startsWith('| W4 '))!;
    expect(w4Line).toContain(`${(oursW4.ratioToClone as number).toFixed(2)}x`);
  }, 60_000);
});
