/** Printing: one table per engine, then its goals. Plain text that reads well in a log. */
import { checkGoals } from './goals.ts';
import { CONTESTANTS, type Engine, type Row } from './types.ts';

function formatValue(row: Row): string {
  const v = row.value;
  if (!Number.isFinite(v)) return String(v);
  switch (row.unit) {
    case 'ops/s':
      return v >= 1e6 ? `${(v / 1e6).toFixed(2)}M/s` : v >= 1e3 ? `${(v / 1e3).toFixed(1)}k/s` : `${v.toFixed(1)}/s`;
    case 'ms':
      return `${v.toFixed(v < 10 ? 2 : 1)} ms`;
    case 'bytes':
      return `${(v / 1024).toFixed(1)} KB`;
    default:
      return `${Math.round(v)} ${row.unit}`;
  }
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function formatTable(engine: Engine, rows: readonly Row[]): string {
  const mine = rows.filter((r) => r.engine === engine);
  const groups = new Map<string, Row[]>();
  for (const r of mine) {
    const id = r.metric ? `${r.workload} ${r.metric}` : r.workload;
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id)!.push(r);
  }
  const header = ['workload', ...CONTESTANTS.map((c) => `${c} (spread)`), 'ours vs legacy', 'ours vs clone'];
  const lines: string[][] = [header];
  for (const [id, list] of groups) {
    const cells = CONTESTANTS.map((c) => {
      const r = list.find((x) => x.contestant === c);
      return r ? `${formatValue(r)} (${(r.spread * 100).toFixed(0)}%)` : '-';
    });
    const ours = list.find((x) => x.contestant === 'ours');
    const ratio = ours && typeof ours.ratioToLegacy === 'number' ? `${ours.ratioToLegacy.toFixed(2)}x` : '-';
    const vsClone = ours && typeof ours.ratioToClone === 'number' ? `${ours.ratioToClone.toFixed(2)}x` : '-';
    lines.push([id, ...cells, ratio, vsClone]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i].length)) + 2);
  const out = [`== ${engine} ==  (median of rounds; spread = (max-min)/median; "ours vs legacy|clone" > 1 means ours is better)`];
  for (const l of lines) out.push(l.map((cell, i) => pad(cell, widths[i])).join('').trimEnd());
  out.push('goals:');
  for (const g of checkGoals(mine)) {
    const state = g.met === null ? 'n/a ' : g.met ? 'MET ' : 'MISS';
    const measured = g.measured === null ? '' : ` (measured ${+g.measured.toPrecision(3)})`;
    out.push(`  ${state} ${g.workload}${g.metric ? ' ' + g.metric : ''}: ${g.goal}${measured}`);
  }
  return out.join('\n');
}
