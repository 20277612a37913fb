/** The goals of docs/benchmarks.md, checked against the measured rows of one engine. */
import type { Row } from './types.ts';

export interface GoalCheck {
  workload: string;
  metric?: string;
  goal: string;
  /** null: not measurable in this run (a contestant missing). */
  met: boolean | null;
  /** The number the goal is about (a ratio, a count or an absolute value). */
  measured: number | null;
}

const find = (rows: readonly Row[], w: string, c: string, metric?: string) =>
  rows.find((r) => r.workload === w && r.contestant === c && (metric === undefined || r.metric === metric));

function ratioGoal(rows: readonly Row[], w: string, min: number): GoalCheck {
  const ours = find(rows, w, 'ours');
  const legacy = find(rows, w, 'legacy');
  if (!ours || !legacy) return { workload: w, goal: `ours/legacy >= ${min}`, met: null, measured: null };
  const ratio = ours.value / legacy.value;
  return { workload: w, goal: `ours/legacy >= ${min}`, met: ratio >= min, measured: ratio };
}

export function checkGoals(rows: readonly Row[]): GoalCheck[] {
  const has = (w: string) => rows.some((r) => r.workload === w);
  const out: GoalCheck[] = [];
  if (has('W1')) out.push(ratioGoal(rows, 'W1', 1.0));
  if (has('W2')) out.push(ratioGoal(rows, 'W2', 1.0));
  if (has('W3')) out.push(ratioGoal(rows, 'W3', 1.0));
  if (has('W4')) {
    // Storing an object should cost no more than cloning it (the clone contestant).
    const ours = find(rows, 'W4', 'ours');
    const clone = find(rows, 'W4', 'clone');
    const goal = 'ours/clone >= 1';
    out.push(ours && clone ? { workload: 'W4', goal, met: ours.value / clone.value >= 1, measured: ours.value / clone.value } : { workload: 'W4', goal, met: null, measured: null });
  }
  if (has('W5')) out.push(ratioGoal(rows, 'W5', 5));
  if (has('W6')) out.push(ratioGoal(rows, 'W6', 10));
  if (has('W7')) {
    const ours = find(rows, 'W7', 'ours');
    out.push({
      workload: 'W7', goal: 'ours renders = changed components exactly',
      met: ours ? ours.exact === true : null, measured: ours ? ours.value : null,
    });
  }
  if (has('W8')) {
    const p99 = [find(rows, 'W8', 'ours', 'p99'), find(rows, 'W8', 'legacy', 'p99')];
    out.push({
      workload: 'W8', metric: 'p99', goal: 'ours p99 <= legacy p99',
      met: p99[0] && p99[1] ? p99[0].value <= p99[1].value : null, measured: p99[0]?.value ?? null,
    });
    const msgs = [find(rows, 'W8', 'ours', 'messages'), find(rows, 'W8', 'legacy', 'messages')];
    out.push({
      workload: 'W8', metric: 'messages', goal: 'ours messages <= legacy / 10',
      met: msgs[0] && msgs[1] ? msgs[0].value <= msgs[1].value / 10 : null, measured: msgs[0]?.value ?? null,
    });
  }
  if (has('W9')) {
    const ours = find(rows, 'W9', 'ours');
    out.push({ workload: 'W9', goal: 'ours <= 40 KB gzip (40960 B)', met: ours ? ours.value <= 40960 : null, measured: ours?.value ?? null });
  }
  if (has('W11')) {
    const c = [find(rows, 'W11', 'ours', 'constructor'), find(rows, 'W11', 'legacy', 'constructor')];
    out.push({
      workload: 'W11', metric: 'constructor', goal: 'ours <= 2x legacy',
      met: c[0] && c[1] ? c[0].value <= 2 * c[1].value : null, measured: c[0] && c[1] ? c[0].value / c[1].value : null,
    });
  }
  if (has('W10')) {
    // Time to a usable manager (ours: `ready`) within 1.5x legacy's, both from the same run.
    const ours = find(rows, 'W10', 'ours');
    const legacy = find(rows, 'W10', 'legacy');
    const goal = 'ours <= 1.5x legacy';
    out.push(ours && legacy ? { workload: 'W10', goal, met: ours.value <= 1.5 * legacy.value, measured: ours.value / legacy.value } : { workload: 'W10', goal, met: null, measured: null });
  }
  return out;
}
