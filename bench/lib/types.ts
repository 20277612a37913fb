/**
 * The shapes every part of the benchmark agrees on: what a contestant must offer, and the
 * row format that bench/results/latest.json holds (docs/benchmarks.md "Output").
 */

export type ContestantName = 'legacy' | 'valtio' | 'ours' | 'limit' | 'clone';
export const CONTESTANTS: readonly ContestantName[] = ['legacy', 'valtio', 'ours', 'limit', 'clone'];

/**
 * Contestants that only make sense for some workloads. `clone` is the price of owning an
 * immutable copy of a value (W4's second limit); it has nothing to say about renders, tabs,
 * start-up or bytes, and running it elsewhere would only lengthen the run.
 */
const ONLY_IN: Partial<Record<ContestantName, readonly string[]>> = { clone: ['W4'] };

/** Whether `contestant` takes part in `workload` (W1...W11). */
export function runsWorkload(contestant: ContestantName, workload: string): boolean {
  const only = ONLY_IN[contestant];
  return only === undefined || only.includes(workload);
}

export type Engine = 'node' | 'chromium';
export type Unit = 'ops/s' | 'ms' | 'bytes' | 'renders' | 'messages';

/** The part of the StateManager API the workloads drive (docs/api-contract.md section 1). */
export interface BenchManager {
  get(key: string): unknown;
  set(key: string, value: unknown, source?: string): void;
  subscribe(key: string, listener: (value: unknown, event: unknown) => void): () => void;
  getSnapshot(): Record<string, unknown>;
  destroy(): void;
}

export interface ManagerConfig {
  persistent?: boolean;
  crossTab?: boolean;
  devtools?: boolean;
  initialState?: Record<string, unknown>;
}

/** Everything side-effectful off: the config of W1-W4 and W6. */
export const CONFIG_OFF: ManagerConfig = { persistent: false, crossTab: false, devtools: false };

export type SettleMode = 'commit' | 'durable' | 'natural';

export interface Contestant {
  readonly name: ContestantName;
  /**
   * Builds a manager that is fully usable (ours: `ready` resolved). Not timed by W1-W6.
   * `onConstructed` fires right after the constructor returns (W10's synchronous moment).
   */
  create(config?: ManagerConfig, onConstructed?: () => void): Promise<BenchManager>;
  /**
   * Commits whatever the manager deferred (ours: queued writes into the wasm core; the valtio
   * store: its microtask-batched subscribers). Called INSIDE every timed region that writes,
   * so batching is measured with its cost, never as free work left for later.
   * mode 'commit' (default): the writes reach the core (ours: `flush()`);
   * 'durable': they also reach storage, which ours otherwise defers to idle time (W5);
   * 'natural': only what the end of the task does by itself, as an app that never calls
   * `flush()` would see it (W8's latency: no explicit storage write on the send path).
   */
  settle(manager: BenchManager, mode?: SettleMode): Promise<void>;
}

export interface Row {
  engine: Engine;
  workload: string;
  contestant: ContestantName;
  value: number;
  unit: Unit;
  higherIsBetter: boolean;
  spread: number;
  /** Extra fields (rounds, ratio to legacy, metric name, ...) are allowed by the format. */
  [extra: string]: unknown;
}
