/**
 * `npm run bench`: every contestant side by side, node engine then Chromium engine, then
 * W9 (build sizes). Prints one table per engine and writes bench/results/latest.json.
 *
 *   --engine=node|chromium|all   (default all)
 *   --rounds=N --warmup=N        (default 9 and 2)
 *   --contestants=legacy,ours    (default all four)
 *   --only=W1,W8                 (a subset of workloads)
 *   --tiny                       (tiny sizes: checks the code runs, numbers mean nothing)
 *   --out=path                   (default bench/results/latest.json; tiny.json with --tiny)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_EXTRA_FULL, CHROMIUM_EXTRA_TINY, runChromiumEngine } from './browser/run-chromium.ts';
import { checkGoals } from './lib/goals.ts';
import { formatTable } from './lib/report.ts';
import { CONTESTANTS, type ContestantName, type Row } from './lib/types.ts';
import { runNodeEngine } from './node/run-node.ts';
import { runStartupWorkload } from './node/startup.ts';
import { runSizeWorkload } from './size/run-size.ts';
import { FULL_SIZES, TINY_SIZES } from './workloads/core.ts';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'] as const;
  }),
);
const engine = args.get('engine') ?? 'all';
const tiny = args.has('tiny');
const schedule = { rounds: Number(args.get('rounds') ?? 9), warmup: Number(args.get('warmup') ?? 2) };
const contestants = (args.get('contestants')?.split(',') ?? [...CONTESTANTS]) as ContestantName[];
// A tiny run's numbers mean nothing: it never replaces latest.json unless asked to.
const defaultOut = tiny ? './results/tiny.json' : './results/latest.json';
const out = resolve(args.get('out') ?? fileURLToPath(new URL(defaultOut, import.meta.url)));
const sizes = tiny ? TINY_SIZES : FULL_SIZES;
const only = args.has('only') ? new Set(args.get('only')!.split(',')) : undefined;
const log = (line: string) => console.log(`  ${line}`);

const rows: Row[] = [];
const missing: Record<string, unknown> = {};
const started = performance.now();
if (engine === 'all' || engine === 'node') {
  console.log('node engine ...');
  const r = await runNodeEngine(contestants, sizes, schedule, log, only);
  rows.push(...r.rows);
  if (Object.keys(r.missing).length) missing.node = r.missing;
  if (!only || only.has('W11')) {
    // Fewer rounds: each builds a manager over 100,000 stored keys.
    const startupSchedule = { rounds: Math.min(schedule.rounds, 5), warmup: Math.min(schedule.warmup, 1) };
    rows.push(...(await runStartupWorkload(contestants, tiny ? 500 : 100_000, startupSchedule, log)));
  }
}
if (engine === 'all' || engine === 'chromium') {
  console.log('chromium engine ...');
  const r = await runChromiumEngine(contestants, { ...sizes, ...(tiny ? CHROMIUM_EXTRA_TINY : CHROMIUM_EXTRA_FULL) }, schedule, log, only);
  rows.push(...r.rows);
  const size = !only || only.has('W9') ? await runSizeWorkload(contestants, log) : { rows: [], missing: {} };
  rows.push(...size.rows);
  const gone = { ...r.missing, ...size.missing };
  if (Object.keys(gone).length) missing.chromium = gone;
  if (Object.keys(r.failures).length) missing['chromium workloads'] = r.failures;
}

// Each goal's verdict rides on the ours row it is about, for the README and other tools.
for (const e of ['node', 'chromium'] as const) {
  for (const g of checkGoals(rows.filter((r) => r.engine === e))) {
    const row = rows.find((r) => r.engine === e && r.workload === g.workload && r.contestant === 'ours' && (g.metric === undefined || r.metric === g.metric));
    if (row) Object.assign(row, { goal: g.goal, goalMet: g.met });
  }
}

console.log('');
for (const e of ['node', 'chromium'] as const) if (rows.some((r) => r.engine === e)) console.log(formatTable(e, rows) + '\n');
for (const [e, m] of Object.entries(missing)) console.log(`missing on ${e}: ${JSON.stringify(m)}`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(rows, null, 2) + '\n');
console.log(`wrote ${rows.length} rows to ${out} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
