// A fake core that disagrees with the shim on purpose: like the real core, a batch is atomic
// (one refused op refuses the whole batch, naming the op); it refuses writes to the keys in
// `refuse`, can throw on the next batch, and counts the batches it was handed. Built on the
// last-writer-wins FakeCore, so what it holds can be read back with keyJson/exportJson.
import type { CoreHandle, LocalOp, LocalResult } from '../../../js-shim/wasm/core-api.js';
import { FakeCore } from './host-fakes.js';

export class RefusingCore extends FakeCore {
  readonly refuse = new Set<string>();
  /** Every batch applyLocal was called with, in order. */
  readonly batches: LocalOp[][] = [];
  throwNext = false;
  disposed = false;

  override applyLocal(ops: readonly LocalOp[]): LocalResult {
    this.batches.push([...ops]);
    if (this.throwNext) {
      this.throwNext = false;
      throw new Error('wasm trap');
    }
    const bad = ops.findIndex((op) => op.kind !== 'clear' && this.refuse.has(op.key));
    if (bad >= 0) return { ok: false, changes: [], error: { code: 'BAD_PATH', message: 'refused by the fake', opIndex: bad } };
    for (const op of ops) if (op.kind === 'clear') this.registers.clear();
    return super.applyLocal(ops) as LocalResult;
  }

  exportValues(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, register] of this.registers) if (register.json !== null) out[key] = JSON.parse(register.json);
    return out;
  }

  exportJson(): string {
    return JSON.stringify(this.exportValues());
  }

  dispose(): void {
    this.disposed = true;
  }

  get handle(): CoreHandle {
    return this as unknown as CoreHandle;
  }
}
