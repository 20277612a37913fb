/** The measured rows as Markdown tables (for the README's performance section). */
import { checkGoals } from './goals.ts';
import { CONTESTANTS, type Engine, type Row } from './types.ts';

function cell(row: Row | undefined): string {
  if (!row) return '-';
  const v = row.value;
  const text =
    row.unit === 'ops/s' ? (v >= 1e6 ? `${(v / 1e6).toFixed(2)}M/s` : v >= 1e3 ? `${(v / 1e3).toFixed(1)}k/s` : `${v.toFixed(0)}/s`)
    : row.unit === 'ms' ? `${v.toFixed(2)} ms`
    : row.unit === 'bytes' ? `${(v / 1024).toFixed(1)} KB`
    : `${Math.round(v)}`;
  return `${text} ±${Math.round(row.spread * 100)}%`;
}

export function markdownTables(rows: readonly Row[]): string {
  const out: string[] = [];
  for (const engine of ['node', 'chromium'] as Engine[]) {
    const mine = rows.filter((r) => r.engine === engine);
    if (mine.length === 0) continue;
    const goals = checkGoals(mine);
    out.push(`**${engine}** (median of ${mine[0].rounds ?? '?'} rounds, ± = (max-min)/median)`, '');
    out.push(`| workload | ${CONTESTANTS.join(' | ')} | ours vs legacy | ours vs clone | goal | met |`);
    out.push(`|---|${CONTESTANTS.map(() => '---').join('|')}|---|---|---|---|`);
    const ids = [...new Set(mine.map((r) => (r.metric ? `${r.workload} ${r.metric}` : r.workload)))];
    for (const id of ids) {
      const [w, metric] = id.split(' ');
      const of = (c: string) => mine.find((r) => r.workload === w && r.contestant === c && (metric === undefined || r.metric === metric));
      const ours = of('ours');
      const g = goals.find((x) => x.workload === w && (x.metric === undefined || x.metric === metric));
      const ratio = ours && typeof ours.ratioToLegacy === 'number' ? `${ours.ratioToLegacy.toFixed(2)}x` : '-';
      const vsClone = ours && typeof ours.ratioToClone === 'number' ? `${ours.ratioToClone.toFixed(2)}x` : '-';
      const unit = ours?.unit ?? of('legacy')?.unit ?? '';
      out.push(`| ${id} (${unit}) | ${CONTESTANTS.map((c) => cell(of(c))).join(' | ')} | ${ratio} | ${vsClone} | ${g?.goal ?? ''} | ${g ? (g.met === null ? 'n/a' : g.met ? 'yes' : '**no**') : ''} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
