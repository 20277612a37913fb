/**
 * The node engine: W1-W4 and W6 (W5, W7, W8 and W10 need a browser; W9 is a build).
 * Started through vite-node so the TypeScript of js-shim/ and its wasm loader run exactly as
 * the node tests run them; each contestant lives in its own child process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { interleave, toRows, type ScheduleOptions } from '../lib/schedule.ts';
import { runsWorkload, type ContestantName, type Row } from '../lib/types.ts';
import { CORE_WORKLOADS, type RoundResult, type Sizes } from '../workloads/core.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const viteNodeBin = createRequire(import.meta.url).resolve('vite-node/vite-node.mjs');

class ContestantProcess {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (r: RoundResult) => void; reject: (e: Error) => void }>();
  readonly loaded: Promise<string | null>;
  private readonly child: ChildProcess;

  constructor(readonly name: ContestantName) {
    this.child = fork(viteNodeBin, ['-c', here('./vite.config.ts'), here('./child.ts')], {
      env: { ...process.env, BENCH_CONTESTANT: name },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.loaded = new Promise((resolve) => {
      this.child.once('exit', (code) => resolve(`process exited (${code}) before it was ready`));
      this.child.on('message', (m: { ready?: boolean; error?: string | null; id?: number; result?: RoundResult }) => {
        if (m.ready) return resolve(m.error ?? null);
        const w = this.waiting.get(m.id!);
        this.waiting.delete(m.id!);
        if (m.error) w?.reject(new Error(`${name}: ${m.error}`));
        else w?.resolve(m.result!);
      });
    });
  }

  round(workload: string, sizes: Sizes): Promise<RoundResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, workload, sizes });
    });
  }

  stop(): void {
    if (this.child.connected) this.child.send('exit');
    setTimeout(() => this.child.kill(), 2000).unref();
  }
}

export interface EngineReport {
  rows: Row[];
  /** Contestants that could not run, with why. */
  missing: Partial<Record<ContestantName, string>>;
}

export async function runNodeEngine(
  contestants: readonly ContestantName[],
  sizes: Sizes,
  schedule: ScheduleOptions,
  log: (line: string) => void = () => {},
  only?: ReadonlySet<string>,
): Promise<EngineReport> {
  const procs = contestants.map((c) => new ContestantProcess(c));
  const missing: EngineReport['missing'] = {};
  const live: ContestantProcess[] = [];
  for (const p of procs) {
    const error = await p.loaded;
    if (error) {
      missing[p.name] = error;
      p.stop();
    } else live.push(p);
  }
  const rows: Row[] = [];
  try {
    for (const w of CORE_WORKLOADS) {
      if (w.browserOnly || (only && !only.has(w.id))) continue;
      const started = performance.now();
      const names = live.map((p) => p.name).filter((c) => runsWorkload(c, w.id));
      const values = await interleave(names, schedule, async (c) => {
        const { ms, ops } = await live.find((p) => p.name === c)!.round(w.id, sizes);
        return (ops / ms) * 1000;
      });
      rows.push(...toRows({ engine: 'node', workload: w.id, unit: 'ops/s', higherIsBetter: true, extra: { title: w.title } }, values));
      log(`node ${w.id} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    live.forEach((p) => p.stop());
  }
  return { rows, missing };
}
