// attachPersistence against a fake host and a Map-backed Storage: coalesced writes, the
// legacy-readable value beside the core's metadata, converged winner across tabs, quota and
// throwing storage, torn pairs repaired on load.
import { describe, expect, it } from 'vitest';
import { attachPersistence } from '../../js-shim/persist/index.js';
import type { StateStorageError } from '../../js-shim/persist/storage-error.js';
import { FakeHost } from './fakes/host-fakes.js';
import { FakeStorage } from './fakes/storage-fakes.js';

const codes = (host: FakeHost) => host.errors.map((e) => (e as StateStorageError).code);
const setsOf = (storage: FakeStorage, key: string) => storage.writes.filter((w) => w.op === 'set' && w.key === key).length;

async function attached(storage: Storage | null, origin = 'tab-a', wall?: number) {
  const host = new FakeHost(origin, wall);
  const persistence = attachPersistence(host, { storage, prefix: 'app' });
  await host.whenCoreReady(); // lets the load-time repair pass run
  await Promise.resolve();
  return { host, persistence };
}

describe('attachPersistence', () => {
  it('coalesces many writes of a key into one storage write per flush, as plain legacy JSON', async () => {
    const storage = new FakeStorage();
    const { host, persistence } = await attached(storage);
    for (let i = 0; i < 100; i++) host.set('counter', i);
    host.set('user', { name: 'Ada' });
    expect(storage.writes).toEqual([]); // nothing on the hot path
    persistence.flush();
    expect(setsOf(storage, 'app:counter')).toBe(1);
    expect(storage.getItem('app:counter')).toBe('99');
    expect(JSON.parse(storage.getItem('app:user')!)).toEqual({ name: 'Ada' });
    expect(storage.getItem('app#meta:counter')).toBe(host.core.keyMeta('counter'));
    persistence.detach();
  });

  it('writes pending keys on detach and stops afterwards', async () => {
    const storage = new FakeStorage();
    const { host, persistence } = await attached(storage);
    host.set('a', 1);
    persistence.detach();
    expect(storage.getItem('app:a')).toBe('1');
    host.set('a', 2);
    host.flush();
    persistence.flush();
    expect(storage.getItem('app:a')).toBe('1');
  });

  it('can be flushed from inside the host\'s own flush (a manager whose flush() makes writes durable)', async () => {
    const storage = new FakeStorage();
    const { host, persistence } = await attached(storage);
    const commit = host.flush.bind(host);
    host.flush = () => { commit(); persistence.flush(); };
    host.set('a', 1);
    host.flush();
    expect(storage.getItem('app:a')).toBe('1');
  });

  it('removes value and metadata on delete', async () => {
    const storage = new FakeStorage();
    const { host, persistence } = await attached(storage);
    host.set('a', 1);
    persistence.flush();
    host.delete('a');
    persistence.flush();
    expect([...storage.map.keys()]).toEqual([]);
  });

  it('leaves the converged winner in storage, whichever tab flushes last', async () => {
    const storage = new FakeStorage();
    const late = await attached(storage, 'tab-late', 5000); // its clock is ahead: it wins
    const early = await attached(storage, 'tab-early', 1000);
    late.host.set('k', 'winner');
    early.host.set('k', 'loser');
    late.host.flush();
    early.host.flush();
    late.persistence.flush();
    early.persistence.flush(); // flushes last, but holds the older write
    expect(storage.getItem('app:k')).toBe('"winner"');
    // The loser then merges the winner's op: storage stays as it is.
    early.host.applyRemoteMessage(late.host.fake.encodeState());
    early.persistence.flush();
    expect(storage.getItem('app:k')).toBe('"winner"');
    expect(storage.getItem('app#meta:k')).toBe(late.host.core.keyMeta('k'));
  });

  it('reports an exhausted quota, keeps memory and other entries, and writes the key once room is made', async () => {
    const storage = new FakeStorage();
    const { host, persistence } = await attached(storage);
    host.set('small', 1);
    persistence.flush();
    storage.quota = 200;
    host.set('big', 'x'.repeat(500));
    expect(() => persistence.flush()).not.toThrow();
    expect(codes(host)).toEqual(['QUOTA_EXCEEDED']);
    expect(host.peek('big')).toBe('x'.repeat(500));
    expect(storage.getItem('app:small')).toBe('1');
    storage.quota = Infinity;
    host.set('small', 2); // any later flush retries the key still pending
    persistence.flush();
    expect(storage.getItem('app:big')).toBe(JSON.stringify('x'.repeat(500)));
  });

  it('reports storage that throws on every access, and absent storage, without throwing', async () => {
    const throwing = new FakeStorage({ throwOnAccess: true });
    const { host, persistence } = await attached(throwing);
    host.set('a', 1);
    expect(() => persistence.flush()).not.toThrow();
    expect(codes(host)).toContain('STORAGE_FAILED');
    expect(host.peek('a')).toBe(1);

    const absent = new FakeHost('tab-b');
    const noStorage = attachPersistence(absent, { storage: undefined, prefix: 'app' }); // node has no localStorage
    absent.set('a', 1);
    expect(() => noStorage.flush()).not.toThrow();
    expect(absent.errors.map((e) => (e as StateStorageError).code)).toEqual(['STORAGE_UNAVAILABLE']);
    expect(absent.peek('a')).toBe(1);
  });

  it('repairs torn pairs once the core is ready: rebuilds missing metadata, drops orphan metadata', async () => {
    const storage = new FakeStorage();
    storage.setItem('app:legacy', '{"n":1}'); // written by a legacy tab: no metadata
    storage.setItem('app#meta:gone', JSON.stringify({ v: 1, c: [5, 0, 'x'], h: 0 })); // value deleted, tab died
    storage.setItem('app:torn', '2'); // value rewritten, metadata of the old value left behind
    storage.setItem('app#meta:torn', JSON.stringify({ v: 1, c: [900, 0, 'x'], h: 12345 }));
    const host = new FakeHost('tab-a');
    // What the manager does with readPersistedEntries: the core repairs both (zero clock).
    expect(host.fake.loadEntry('legacy', '{"n":1}', null).repaired).toBe(true);
    expect(host.fake.loadEntry('torn', '2', storage.getItem('app#meta:torn')).repaired).toBe(true);
    const persistence = attachPersistence(host, { storage, prefix: 'app' });
    await host.whenCoreReady();
    await Promise.resolve();
    persistence.flush();
    expect(storage.getItem('app#meta:legacy')).toBe(host.core.keyMeta('legacy'));
    expect(storage.getItem('app:legacy')).toBe('{"n":1}');
    expect(storage.getItem('app#meta:gone')).toBeNull();
    expect(storage.getItem('app#meta:torn')).toBe(host.core.keyMeta('torn')); // despite its later-looking clock
    expect(codes(host).sort()).toEqual(['TORN_ENTRY', 'TORN_ENTRY', 'TORN_ENTRY']);
  });
});
