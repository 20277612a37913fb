// A small ManagerHost over a last-writer-wins fake core, to test the sync and persistence
// transports alone (the real manager and core are exercised by the browser suite). It keeps
// the host's contract: writes queue until flush(); flush() commits them and reports the
// changed keys, the outbox and the legacy events; remote text is merged by the "core".
import type { CoreHandle, LocalOp, CoreChange, LoadResult } from '../../../js-shim/wasm/core-api.js';
import type { FlushInfo, ManagerHost } from '../../../js-shim/internal/manager-host.js';
import type { StateChangeEvent } from '../../../js-shim/types.js';

type Clock = [number, number, string];
interface Register { json: string | null; clock: Clock }

const newer = (a: Clock, b: Clock): boolean => (a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] > b[2]);
const hash = (text: string): number => [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);

/** Top-level keys only; clocks are (wall, counter, origin); tombstones kept for merging. */
export class FakeCore implements Partial<CoreHandle> {
  readonly registers = new Map<string, Register>();
  private last: Clock;
  private outbox: Array<{ k: string; c: Clock; d: 0 | 1; v?: unknown }> = [];
  private seq = 0;
  constructor(readonly origin: string, private wall = 1000) {
    this.last = [0, 0, origin];
  }
  tick(): Clock {
    this.wall++;
    this.last = this.wall > this.last[0] ? [this.wall, 0, this.origin] : [this.last[0], this.last[1] + 1, this.origin];
    return this.last;
  }
  applyLocal(ops: readonly LocalOp[]): { ok: boolean; changes: CoreChange[] } {
    const changes: CoreChange[] = [];
    for (const op of ops) {
      if (op.kind === 'clear') continue;
      const clock = this.tick();
      const json = op.kind === 'set' ? JSON.stringify(op.value) : null;
      this.registers.set(op.key, { json, clock });
      this.outbox.push({ k: op.key, c: clock, d: json === null ? 1 : 0, ...(json !== null ? { v: JSON.parse(json) } : {}) });
      changes.push({ key: op.key, path: [], deleted: json === null, ...(op.kind === 'set' ? { value: op.value } : {}) });
    }
    return { ok: true, changes };
  }
  takeOutbox(): string | null {
    if (this.outbox.length === 0) return null;
    const text = JSON.stringify({ t: 'ops', v: 2, o: this.origin, s: ++this.seq, ops: this.outbox });
    this.outbox = [];
    return text;
  }
  applyRemote(message: string): { changes: CoreChange[]; dropped: Array<{ code: string; message: string }> } {
    const msg = JSON.parse(message) as { ops?: Array<{ k: string; c: Clock; d: number; v?: unknown }> };
    if (!Array.isArray(msg.ops)) return { changes: [], dropped: [{ code: 'BAD_MESSAGE', message: 'no ops' }] };
    const changes: CoreChange[] = [];
    for (const op of msg.ops) {
      const current = this.registers.get(op.k);
      if (current !== undefined && !newer(op.c, current.clock)) continue;
      const json = op.d ? null : JSON.stringify(op.v);
      this.registers.set(op.k, { json, clock: op.c });
      if (newer(op.c, this.last)) this.last = [op.c[0], op.c[1], this.origin];
      changes.push({ key: op.k, path: [], deleted: json === null, ...(json !== null ? { value: JSON.parse(json) } : {}) });
    }
    return { changes, dropped: [] };
  }
  encodeState(): string {
    const ops = [...this.registers].map(([k, r]) => ({ k, c: r.clock, d: r.json === null ? 1 : 0, ...(r.json !== null ? { v: JSON.parse(r.json) } : {}) }));
    return JSON.stringify({ t: 'state', v: 2, o: this.origin, ops });
  }
  digest(): string {
    return JSON.stringify([...this.registers].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  keyJson(key: string): string | null {
    return this.registers.get(key)?.json ?? null;
  }
  keyValue(key: string): unknown {
    const json = this.keyJson(key);
    return json === null ? undefined : JSON.parse(json);
  }
  keyMeta(key: string): string | null {
    const r = this.registers.get(key);
    return r === undefined ? null : JSON.stringify({ v: 1, c: r.clock, h: hash(r.json ?? '') });
  }
  loadEntry(key: string, valueText: string, metaText: string | null): LoadResult {
    const meta = metaText === null ? null : (JSON.parse(metaText) as { c: Clock; h: number });
    const repaired = meta === null || meta.h !== hash(valueText);
    // Like the core: a pair it cannot trust is loaded with the zero clock (any real write wins).
    this.registers.set(key, { json: valueText, clock: repaired || meta === null ? [0, 0, ''] : meta.c });
    return { ok: true, repaired };
  }
}

export class FakeHost implements ManagerHost {
  readonly core: CoreHandle;
  readonly fake: FakeCore;
  readonly errors: Error[] = [];
  readonly legacyReceived: unknown[] = [];
  readonly remoteApplied: string[] = [];
  private readonly listeners = new Set<(info: FlushInfo) => void>();
  private queue: Array<{ op: LocalOp; event: StateChangeEvent }> = [];

  constructor(readonly origin: string, wall?: number) {
    this.fake = new FakeCore(origin, wall);
    this.core = this.fake as unknown as CoreHandle;
  }
  whenCoreReady(): Promise<CoreHandle> {
    return Promise.resolve(this.core);
  }
  set(key: string, value: unknown): void {
    const previousValue = this.peek(key);
    this.queue.push({ op: { kind: 'set', key, path: [], value }, event: { key, value, previousValue, source: 'test', timestamp: 1 } });
  }
  delete(key: string): void {
    this.queue.push({ op: { kind: 'delete', key, path: [] }, event: { key, value: undefined, previousValue: this.peek(key), source: 'delete', timestamp: 1 } });
  }
  flush(): void {
    if (this.queue.length === 0) return;
    const queued = this.queue.splice(0);
    const { changes } = this.fake.applyLocal(queued.map((q) => q.op));
    const legacy = new Map(queued.map((q) => [q.event.key, q.event]));
    this.emit(changes, 'local', this.fake.takeOutbox(), [...legacy.values()]);
  }
  onFlush(listener: (info: FlushInfo) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  applyRemoteMessage(text: string): void {
    this.flush();
    this.remoteApplied.push(text);
    const { changes } = this.fake.applyRemote(text);
    if (changes.length > 0) this.emit(changes, 'remote', null, []);
  }
  applyLegacyEvent(event: unknown): void {
    this.legacyReceived.push(event);
  }
  reportError(error: Error): void {
    this.errors.push(error);
  }
  replaceState(): void {
    throw new Error('not used by these tests');
  }
  peek(key: string): unknown {
    return this.fake.keyValue(key);
  }
  keys(): string[] {
    return [...this.fake.registers].filter(([, r]) => r.json !== null).map(([k]) => k);
  }
  private emit(changes: CoreChange[], origin: 'local' | 'remote', outbox: string | null, legacyEvents: StateChangeEvent[]): void {
    const info: FlushInfo = {
      changes: changes.map((c) => ({ ...c, origin, previous: undefined, value: c.value })),
      changedKeys: [...new Set(changes.map((c) => c.key))],
      outbox,
      legacyEvents,
    };
    for (const listener of this.listeners) listener(info);
  }
}
