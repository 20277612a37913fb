// The manager's link to the core, alone, over a fake core that refuses what the test says:
// the recovery path when the core and the shim disagree (a refused op in a batch, a refused
// transaction, a refused clear, a core that throws) and the backlog of other tabs' messages
// kept while the core loads.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CoreChange } from '../../js-shim/wasm/core-api.js';
import { CoreLink, MAX_BUFFERED_REMOTE, type CoreLinkHost } from '../../js-shim/manager/core-link.js';
import { StateCoreError } from '../../js-shim/errors.js';
import { RefusingCore } from './fakes/refusing-core.js';

class Host implements CoreLinkHost {
  readonly values = new Map<string, unknown>();
  readonly errors: Error[] = [];
  readonly resyncs: Array<{ key: string; value: unknown; previous: unknown; source: string }> = [];
  readonly commits: Array<{ changes: readonly CoreChange[]; origin: string; outbox: string | null }> = [];
  readonly remote: Array<{ key: string; previous: unknown; source: string }> = [];
  txn = false;
  report = (error: Error): void => {
    this.errors.push(error);
  };
  inTransaction(): boolean {
    return this.txn;
  }
  takeLegacyEvents(): null {
    return null;
  }
  committed(changes: readonly CoreChange[], origin: 'local' | 'remote', outbox: string | null): void {
    this.commits.push({ changes, origin, outbox });
  }
  resynced(key: string, value: unknown, previous: unknown, source: string): void {
    this.resyncs.push({ key, value, previous, source });
  }
  remoteApplied(before: ReadonlyMap<string, { previous: unknown; source: string }>, suffix: string): void {
    for (const [key, { previous, source }] of before) this.remote.push({ key, previous, source: source + suffix });
  }
}

/** A local write as the manager makes it: the view changes at once, the op waits in the link. */
function write(host: Host, link: CoreLink, key: string, value: unknown): void {
  host.values.set(key, value);
  link.queueKeySet(key, value, 'test');
}

describe('CoreLink recovery when the core refuses what the shim accepted', () => {
  let host: Host;
  let core: RefusingCore;
  let link: CoreLink;
  beforeEach(() => {
    host = new Host();
    core = new RefusingCore('me');
    link = new CoreLink(host);
    link.attach(core.handle);
  });

  it('keeps the good writes of a batch with one refused op, reports it and puts the core value back in the view', () => {
    write(host, link, 'bad', 'old');
    link.flush();
    core.refuse.add('bad');
    write(host, link, 'a', 1);
    write(host, link, 'bad', 'new');
    write(host, link, 'b', 2);
    link.flush();

    expect(core.keyJson('a')).toBe('1');
    expect(core.keyJson('b')).toBe('2');
    expect(core.keyJson('bad')).toBe('"old"');
    // the whole batch first, then op by op
    expect(core.batches.slice(1).map((b) => b.length)).toEqual([3, 1, 1, 1]);
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toBeInstanceOf(StateCoreError);
    expect((host.errors[0] as StateCoreError).code).toBe('BAD_PATH');
    expect((host.errors[0] as StateCoreError).key).toBe('bad');
    expect(host.values.get('bad')).toBe('old');
    expect(host.resyncs).toEqual([{ key: 'bad', value: 'old', previous: 'new', source: 'core-rejected' }]);
    // the committed changes are the good ones only
    expect(host.commits.at(-1)!.changes.map((c) => c.key)).toEqual(['a', 'b']);
  });

  it('removes from the view a refused key the core never held', () => {
    core.refuse.add('ghost');
    write(host, link, 'ghost', { x: 1 });
    link.flush();
    expect(host.values.has('ghost')).toBe(false);
    expect(host.resyncs).toEqual([{ key: 'ghost', value: undefined, previous: { x: 1 }, source: 'core-rejected' }]);
  });

  it('applies a committed transaction all or none: one refused op refuses every op of its group', () => {
    write(host, link, 'solo', 1);
    link.checkpoint();
    write(host, link, 'x', 1);
    write(host, link, 'refused', 2);
    link.release();
    core.refuse.add('refused');
    link.flush();

    expect(core.keyJson('solo')).toBe('1');
    expect(core.keyJson('x')).toBeNull();
    expect(host.values.has('x')).toBe(false);
    expect(host.values.has('refused')).toBe(false);
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]!.message).toMatch(/a transaction of 2 writes \(at "refused"\)/);
    expect(host.resyncs.map((r) => r.key).sort()).toEqual(['refused', 'x']);
  });

  it('re-reads every key of the view and of the core when a clear in a refused unit fails', () => {
    write(host, link, 'kept', 1);
    link.flush();
    host.values.set('onlyInView', 'stale');
    core.refuse.add('blocked');
    link.checkpoint();
    host.values.clear();
    link.queueOp({ kind: 'clear', source: 'clear' });
    write(host, link, 'blocked', 1);
    link.release();
    link.flush();

    // the clear did not happen in the core, so the view gets 'kept' back and loses what the core never had
    expect(host.values.get('kept')).toBe(1);
    expect(host.values.has('onlyInView')).toBe(false);
    expect(host.values.has('blocked')).toBe(false);
  });

  it('reports a core that throws on a batch and keeps going with the next one', () => {
    write(host, link, 'a', 1);
    core.throwNext = true;
    link.flush();
    expect((host.errors[0] as StateCoreError).code).toBe('CORE_FAILURE');
    expect(host.commits).toHaveLength(0);
    write(host, link, 'b', 2);
    link.flush();
    expect(core.keyJson('b')).toBe('2');
  });

  it('an atomic flush applies nothing and returns the refusal, so the caller can roll back', () => {
    core.refuse.add('bad');
    write(host, link, 'good', 1);
    write(host, link, 'bad', 2);
    const status = link.flushBatch(true);
    expect(status?.code).toBe('BAD_PATH');
    expect(core.keyJson('good')).toBeNull();
    expect(host.errors).toHaveLength(0);
    expect(host.resyncs).toHaveLength(0);
  });

  it('holds queued ops while a transaction runs', () => {
    write(host, link, 'a', 1);
    host.txn = true;
    link.flush();
    expect(core.batches).toHaveLength(0);
    host.txn = false;
    link.flush();
    expect(core.keyJson('a')).toBe('1');
  });
});

describe('CoreLink before and without a core', () => {
  const message = (key: string, value: unknown, wall: number): string =>
    JSON.stringify({ t: 'ops', v: 2, o: 'peer', s: 1, ops: [{ k: key, c: [wall, 0, 'peer'], d: 0, v: value }] });

  it('keeps other tabs\' messages until the core is attached, then merges them in order after the local writes', () => {
    const host = new Host();
    const link = new CoreLink(host);
    write(host, link, 'local', 1);
    link.applyRemoteMessage(message('shared', 'first', 5000));
    link.applyRemoteMessage(message('shared', 'second', 5001));
    expect(host.values.has('shared')).toBe(false);

    const core = new RefusingCore('me');
    link.attach(core.handle);
    link.flush();
    link.drainRemoteBacklog();
    expect(core.batches[0]!.map((op) => op.kind !== 'clear' && op.key)).toEqual(['local']);
    expect(host.values.get('shared')).toBe('second');
    expect(host.remote.map((r) => r.source)).toEqual(['unknown (cross-tab)', 'unknown (cross-tab)']);
  });

  it('drops messages past the backlog limit with BACKLOG_FULL, and everything once the core is given up', () => {
    const host = new Host();
    const link = new CoreLink(host);
    for (let i = 0; i <= MAX_BUFFERED_REMOTE; i++) link.applyRemoteMessage(message('k', i, 5000 + i));
    expect(host.errors.map((e) => (e as StateCoreError).code)).toEqual(['BACKLOG_FULL']);

    write(host, link, 'waiting', 1);
    expect([...link.pendingKeys()!]).toEqual(['waiting']);
    expect([...link.abandon()!]).toEqual(['waiting']);
    write(host, link, 'after', 2);
    expect(link.pendingKeys()!.size).toBe(0);
    link.applyRemoteMessage(message('k', 'late', 9000));
    expect(host.errors).toHaveLength(1);
  });

  it('reports text that is not a message without throwing', () => {
    const host = new Host();
    const link = new CoreLink(host);
    link.attach(new RefusingCore('me').handle);
    link.applyRemoteMessage(42 as unknown as string);
    expect((host.errors[0] as StateCoreError).code).toBe('BAD_MESSAGE');
  });
});
