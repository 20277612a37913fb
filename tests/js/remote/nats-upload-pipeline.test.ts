// A device uploads its writes with many compare-and-set requests in flight, not one round trip
// after another, while keeping what made the sequential upload safe: one request per key at a
// time (so a key's writes reach the server in order, each on the revision the last returned),
// and a conflict re-merged through the core before the merged result is written.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NatsConnection } from '@nats-io/nats-core';
import { Bucket, type KV } from '@nats-io/kv';
import { startNatsServer, type NatsServerHandle } from '../../support/nats-server.js';
import { entryName, keyOfEntryName } from '../../../js-shim/remote/key-entry.js';
import { adminBucket, openDevice, until, type Device } from './devices.js';

let server: NatsServerHandle;
let admin: { nc: NatsConnection; kv: KV };
const devices: Device[] = [];
const restores: Array<() => void> = [];

beforeEach(async () => {
  server = await startNatsServer([{ user: 'admin', pass: 'admin-pass' }, { user: 'alice', pass: 'alice-pass', bucket: 'alice' }]);
  admin = await adminBucket(server.wsUrl, 'alice');
});

afterEach(async () => {
  for (const restore of restores.splice(0)) restore();
  for (const device of devices.splice(0)) device.manager.destroy();
  await admin.nc.close();
  await server.dispose();
});

function alice(): Device {
  const device = openDevice({ servers: server.wsUrl, bucket: 'alice', user: 'alice', pass: 'alice-pass' });
  devices.push(device);
  return device;
}

type Write = (this: KV, name: string, data: string, revision?: number) => Promise<number>;

/**
 * Watches the devices' compare-and-set writes (the admin's own writes pass untouched): how
 * many are on the way at once, overall and per key. `before` runs ahead of each write.
 */
function watchWrites(before?: (name: string) => Promise<void>) {
  const seen = { most: 0, mostPerKey: 0, writes: 0 };
  const now = new Map<string, number>();
  let total = 0;
  for (const method of ['create', 'update'] as const) {
    const original = (Bucket.prototype as unknown as Record<string, Write>)[method];
    (Bucket.prototype as unknown as Record<string, Write>)[method] = async function (this: KV, name, data, revision) {
      if (this === admin.kv) return original.call(this, name, data, revision);
      seen.writes++;
      total++;
      now.set(name, (now.get(name) ?? 0) + 1);
      seen.most = Math.max(seen.most, total);
      seen.mostPerKey = Math.max(seen.mostPerKey, now.get(name)!);
      try {
        await before?.(name);
        return await original.call(this, name, data, revision);
      } finally {
        total--;
        now.set(name, now.get(name)! - 1);
      }
    };
    restores.push(() => { (Bucket.prototype as unknown as Record<string, Write>)[method] = original; });
  }
  return seen;
}

async function serverValues(): Promise<number> {
  return (await admin.kv.status()).values;
}

describe('upload with many writes in flight', () => {
  it('1,000 keys written at once go up with many requests on the way, never two for one key', async () => {
    const a = alice();
    await until('connected', () => a.remote.status === 'connected');
    const seen = watchWrites();
    for (let i = 0; i < 1000; i++) a.manager.set(`item:${i}`, { i });
    // The same keys again while the first requests are on the way: written after them, in order.
    await until('some requests sent', () => seen.writes > 0);
    for (let i = 0; i < 1000; i += 10) a.manager.set(`item:${i}`, { i, again: true });
    const deadline = Date.now() + 30_000;
    for (;;) {
      expect(Date.now(), 'every key on the server').toBeLessThan(deadline);
      if ((await serverValues()) >= 1000 && a.remote.status === 'connected') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen.most).toBeGreaterThan(1);
    expect(seen.mostPerKey).toBe(1);
    for (const i of [0, 10, 990]) {
      const stored = JSON.parse((await admin.kv.get(entryName(`item:${i}`)))!.string()) as { ops: Array<{ v: unknown }> };
      expect(stored.ops.at(-1)!.v).toEqual({ i, again: true });
    }
    expect(a.errors).toEqual([]);
  });

  it('a write that loses the race for its key (another device wrote it first) is merged through the core and written again', async () => {
    const a = alice();
    await until('connected', () => a.remote.status === 'connected');
    const foreign = (key: string) => JSON.stringify({ t: 'state', v: 2, o: 'other-device', ops: [{ c: [Date.now(), 0, 'other-device'], d: 0, k: key, p: ['from'], v: 'other' }] });
    const raced = new Set<string>();
    // Just ahead of each key's first write, another client writes a path of that key (after
    // A's write, so the core keeps both: A's value with the other path on top). Every first
    // compare-and-set of A's finds a newer revision than the one it was made on.
    watchWrites(async (name) => {
      if (raced.has(name)) return;
      raced.add(name);
      await admin.kv.put(name, foreign(keyOfEntryName(name)!));
    });
    for (let i = 0; i < 50; i++) a.manager.set(`cart:${i}`, { mine: i });
    await until('every key raced', () => raced.size === 50);
    const deadline = Date.now() + 30_000;
    for (;;) {
      expect(Date.now(), 'every key merged and written').toBeLessThan(deadline);
      const entries = await Promise.all(Array.from({ length: 50 }, (_, i) => admin.kv.get(entryName(`cart:${i}`))));
      const merged = entries.every((e, i) => e !== null && e.string().includes('"mine"') && e.string().includes('other-device') && (a.manager.get(`cart:${i}`) as { from?: string }).from === 'other');
      if (merged && a.remote.status === 'connected') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    for (let i = 0; i < 50; i++) {
      // The other device's write to the key and A's write to a path of it: the core's merge.
      expect(a.manager.get(`cart:${i}`)).toEqual({ mine: i, from: 'other' });
    }
    expect(a.errors).toEqual([]);
  });

  it("a device's own writes coming back through its watch are not merged again; another device's are", async () => {
    const a = alice();
    const b = alice();
    await until('connected', () => a.remote.status === 'connected' && b.remote.status === 'connected');
    const merges = vi.spyOn(a.manager, 'applyRemoteMessage');
    for (let i = 0; i < 200; i++) a.manager.set(`own:${i}`, { i });
    await until('B has every write', () => b.manager.get('own:199') !== undefined && a.remote.status === 'connected');
    // The watch delivers all 200 entries back to A (they are on the server in order).
    const deadline = Date.now() + 30_000;
    while ((await admin.kv.status()).values < 200) expect(Date.now()).toBeLessThan(deadline);
    b.manager.set('from-b', 1);
    await until('A has B\'s write', () => a.manager.get('from-b') === 1);
    expect(merges.mock.calls.length).toBe(1);
    expect(a.errors).toEqual([]);
  });

  it('an entry that arrives between cutting a key\'s entry and writing it is not overwritten: the write conflicts and the merged result is written', async () => {
    const a = alice();
    await until('connected', () => a.remote.status === 'connected');
    const foreignPath = (key: string) => JSON.stringify({ t: 'state', v: 2, o: 'other-device', ops: [{ c: [Date.now(), 0, 'other-device'], d: 0, k: key, p: ['from'], v: 'other' }] });
    const late = Array.from({ length: 50 }, (_, i) => `late:${950 + i}`);
    // Every write of A's waits at the gate until another client has written the last 50 keys
    // and A has merged those entries. A's first 256 writes are then on the way and the entries
    // of the other keys, the last 50 among them, were cut before those entries arrived.
    let gate: Promise<void> | null = null;
    watchWrites(async () => {
      gate ??= (async () => {
        for (const key of late) await admin.kv.put(entryName(key), foreignPath(key));
        await until('A merged the other client\'s entries', () => late.every((key) => (a.manager.get(key) as { from?: string } | undefined)?.from === 'other'));
      })();
      await gate;
    });
    for (let i = 0; i < 1000; i++) a.manager.set(`late:${i}`, { i });
    const deadline = Date.now() + 30_000;
    for (;;) {
      expect(Date.now(), 'every key written').toBeLessThan(deadline);
      if ((await serverValues()) >= 1000 && a.remote.status === 'connected') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const key of late) {
      const stored = (await admin.kv.get(entryName(key)))!.string();
      expect(stored, key).toContain('other-device'); // the other client's write is still on the server
      expect(stored, key).toContain('"i"');
      expect(a.manager.get(key)).toEqual({ i: Number(key.slice(5)), from: 'other' });
    }
    expect(a.errors).toEqual([]);
  });
});
