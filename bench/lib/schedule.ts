/**
 * Round scheduling. Contestants run interleaved (round r of every contestant before round
 * r+1 of any), so a burst of load from the other engineers on this shared machine hits all
 * contestants of a round alike instead of one contestant's whole series.
 */
import type { ContestantName, Engine, Row, Unit } from './types.ts';
import { median, spread } from './stats.ts';

export interface ScheduleOptions {
  warmup: number;
  rounds: number;
  /**
   * Called when a contestant's round throws; that contestant is dropped from this workload
   * (no row) and the others go on. Without it, the error propagates.
   */
  onFailure?: (contestant: ContestantName, error: Error) => void;
}

/** Per contestant, the value of each measured round (warm-up rounds dropped). */
export type RoundValues = Map<ContestantName, number[]>;

export async function interleave(
  contestants: readonly ContestantName[],
  options: ScheduleOptions,
  runOne: (contestant: ContestantName, round: number) => Promise<number>,
): Promise<RoundValues> {
  const values: RoundValues = new Map(contestants.map((c) => [c, []]));
  const failed = new Set<ContestantName>();
  for (let r = 0; r < options.warmup + options.rounds; r++) {
    for (const c of contestants) {
      if (failed.has(c)) continue;
      try {
        const v = await runOne(c, r);
        if (r >= options.warmup) values.get(c)!.push(v);
      } catch (error) {
        if (!options.onFailure) throw error;
        failed.add(c);
        values.delete(c);
        options.onFailure(c, error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
  return values;
}

export interface RowSpec {
  engine: Engine;
  workload: string;
  unit: Unit;
  higherIsBetter: boolean;
  /** Extra fields for every row of this workload (metric name, config, ...). */
  extra?: Record<string, unknown>;
}

/** Median + spread per contestant, and the ratio to legacy (> 1 means better than legacy). */
export function toRows(spec: RowSpec, values: RoundValues, extraPer?: Partial<Record<ContestantName, Record<string, unknown>>>): Row[] {
  const legacyValues = values.get('legacy');
  const legacy = legacyValues && legacyValues.length ? median(legacyValues) : undefined;
  const cloneValues = values.get('clone');
  const clone = cloneValues && cloneValues.length ? median(cloneValues) : undefined;
  const rows: Row[] = [];
  for (const [contestant, rounds] of values) {
    if (rounds.length === 0) continue;
    const value = median(rounds);
    let ratioToLegacy: number | null = null;
    if (legacy !== undefined && legacy !== 0 && value !== 0) {
      ratioToLegacy = spec.higherIsBetter ? value / legacy : legacy / value;
    }
    // Against the clone contestant (W4 only): > 1 means ours stores an object for less than
    // it costs to clone it.
    const ratioToClone = clone !== undefined && clone !== 0 && value !== 0 ? (spec.higherIsBetter ? value / clone : clone / value) : undefined;
    rows.push({
      engine: spec.engine,
      workload: spec.workload,
      contestant,
      value,
      unit: spec.unit,
      higherIsBetter: spec.higherIsBetter,
      spread: spread(rounds),
      rounds: rounds.length,
      roundValues: rounds.map((v) => +v.toPrecision(6)),
      ratioToLegacy,
      ...(ratioToClone === undefined ? {} : { ratioToClone }),
      ...spec.extra,
      ...extraPer?.[contestant],
    });
  }
  return rows;
}
