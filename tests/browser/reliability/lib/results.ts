// The side-by-side table: every scenario of docs/reliability.md, the new manager's result and
// the legacy manager's, with the legacy's expected failures marked as such (never hidden).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Check, Impl } from './tabs.js';

export interface Row {
  id: string;
  title: string;
  /** Why the legacy manager is expected to fail this one (absent: expected to pass). */
  legacyExpectedFailure?: string;
}

const results = new Map<string, Partial<Record<Impl, Check[] | string>>>();

export function recordResult(id: string, impl: Impl, checks: Check[] | string): void {
  results.set(id, { ...results.get(id), [impl]: checks });
}

function verdict(row: Row, impl: Impl): string {
  const outcome = results.get(row.id)?.[impl];
  if (outcome === undefined) return 'not run';
  if (typeof outcome === 'string') return outcome;
  const failed = outcome.filter((c) => !c.ok);
  if (failed.length === 0) return impl === 'legacy' && row.legacyExpectedFailure ? 'pass (expected to fail)' : 'pass';
  const what = failed.map((c) => c.name).join('; ');
  if (impl === 'legacy') return row.legacyExpectedFailure ? `FAIL, expected: ${what}` : `FAIL (unexpected): ${what}`;
  return `FAIL: ${what}`;
}

export function renderTable(rows: Row[], seed: number): string {
  const lines = [
    `Reliability scenarios (docs/reliability.md), seed ${seed} (replay: RELIABILITY_SEED=${seed})`,
    '',
    '| # | scenario | new manager (ValtioStateManager) | legacy manager (UniversalStateManager) |',
    '|---|---|---|---|',
  ];
  for (const row of rows) lines.push(`| ${row.id} | ${row.title} | ${verdict(row, 'new')} | ${verdict(row, 'legacy')} |`);
  const details: string[] = [];
  for (const row of rows) {
    for (const impl of ['new', 'legacy'] as const) {
      const outcome = results.get(row.id)?.[impl];
      if (typeof outcome !== 'object') continue;
      for (const c of outcome) details.push(`  ${row.id} ${impl} ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
    }
  }
  return [...lines, '', 'Details:', ...details].join('\n');
}

export function writeTable(text: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'reliability-table.md'), text + '\n');
}
