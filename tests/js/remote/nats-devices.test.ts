// State across devices through a real nats-server (JetStream KV over WebSocket): each test
// starts its own server on free ports with users confined to their own bucket, and stops it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NatsConnection } from '@nats-io/nats-core';
import type { KV } from '@nats-io/kv';
import { startNatsServer, type NatsServerHandle } from '../../support/nats-server.js';
import { entryName } from '../../../js-shim/remote/key-entry.js';
import { StateRemoteError } from '../../../js-shim/remote/remote-error.js';
import { createStateManager } from '../../../js-shim/factory.js';
import { natsRemote } from '../../../js-shim/remote/nats.js';
import { StateValidationError } from '../../../js-shim/errors.js';
import { adminBucket, openDevice, until, type Device } from './devices.js';

let server: NatsServerHandle;
let admin: { nc: NatsConnection; kv: KV };
const devices: Device[] = [];
const USERS = [
  { user: 'admin', pass: 'admin-pass' },
  { user: 'alice', pass: 'alice-pass', bucket: 'alice' },
  { user: 'bob', pass: 'bob-pass', bucket: 'bob' },
];

beforeEach(async () => {
  server = await startNatsServer(USERS);
  admin = await adminBucket(server.wsUrl, 'alice');
  await (await import('@nats-io/kv')).Kvm.prototype.create.call(new (await import('@nats-io/kv')).Kvm(admin.nc), 'bob', { history: 1 });
});

afterEach(async () => {
  for (const device of devices.splice(0)) device.manager.destroy();
  await admin.nc.close();
  await server.dispose();
});

function alice(storage?: Device['storage']): Device {
  const device = openDevice({ servers: server.wsUrl, bucket: 'alice', user: 'alice', pass: 'alice-pass' }, storage);
  devices.push(device);
  return device;
}

const connected = (...list: Device[]) => until('devices connected', () => list.every((d) => d.remote.status === 'connected'));
const same = (a: Device, b: Device) => JSON.stringify(sorted(a.manager.getSnapshot())) === JSON.stringify(sorted(b.manager.getSnapshot()));
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]));
}

// Hostile entries, each under a name of its own. The bucket keeps one entry per name
// (history 1): an entry overwritten before a watch delivered it is gone from the server, so
// several bad entries written to one name may reach a device as only the last one. The
// server's delivery to a new watch can start a little after the watch is set up (it waits to
// register the watch's subscription), so even a device that looks connected may miss them.
function hostileEntries(): Array<{ name: string; text: string; reported: (e: Error) => boolean }> {
  const op = (k: string, v: unknown) => JSON.stringify({ t: 'state', v: 2, o: 'x', ops: [{ c: [Date.now(), 0, 'x'], d: 0, k, v }] });
  const badEntryOf = (key: string) => (e: Error) => e instanceof StateRemoteError && e.code === 'BAD_ENTRY' && e.key === key;
  const badEntryNamed = (name: string) => (e: Error) => e instanceof StateRemoteError && e.code === 'BAD_ENTRY' && e.message.includes(name);
  let deep: unknown = 1;
  for (let i = 0; i < 200; i++) deep = [deep];
  return [
    { name: entryName('prefs'), text: 'not json', reported: badEntryOf('prefs') },
    { name: entryName('cart'), text: op('other', 1), reported: badEntryOf('cart') },
    { name: entryName('draft'), text: JSON.stringify({ t: 'state', v: 2, o: 'x', ops: [{ c: [1, 0, 'x'], d: 2 }] }), reported: badEntryOf('draft') },
    { name: 'not.base64', text: '{}', reported: badEntryNamed('not.base64') },
    { name: entryName('mfe:cart:registered'), text: op('mfe:cart:registered', true), reported: badEntryNamed(entryName('mfe:cart:registered')) },
    { name: entryName('deep'), text: op('deep', deep), reported: (e) => /deep/i.test(e.message) || (e as { code?: string }).code === 'TOO_DEEP' },
  ];
}

async function expectHostileDropped(b: Device, hostile: ReturnType<typeof hostileEntries>): Promise<void> {
  await until('the good entry merged', () => b.manager.get('good') !== undefined);
  await until('every bad entry reported', () => hostile.every((h) => b.errors.some(h.reported)));
  expect(b.manager.get('good')).toEqual({ ok: true });
  for (const key of ['prefs', 'cart', 'draft', 'other', 'deep', 'mfe:cart:registered']) expect(b.manager.get(key)).toBeUndefined();
  // Nothing but the bad entries is reported.
  expect(b.errors.filter((e) => !hostile.some((h) => h.reported(e)))).toEqual([]);
}

describe('hostile server entries', () => {
  const good = JSON.stringify({ t: 'state', v: 2, o: 'x', ops: [{ c: [Date.now(), 0, 'x'], d: 0, k: 'good', v: { ok: true } }] });

  it('written while a device listens: each is dropped and reported, good ones still merge', async () => {
    const b = alice();
    await connected(b);
    const hostile = hostileEntries();
    for (const h of hostile) await admin.kv.put(h.name, h.text);
    await admin.kv.put(entryName('good'), good);
    await expectHostileDropped(b, hostile);
  });

  it('found on the server by a device that starts (the first pass, merged in combined messages): each is dropped and reported', async () => {
    const hostile = hostileEntries();
    for (const h of hostile) await admin.kv.put(h.name, h.text);
    await admin.kv.put(entryName('good'), good);
    const b = alice();
    await expectHostileDropped(b, hostile);
  });

  it('overwritten on the server before a device heard them: never delivered, so nothing to drop or report', async () => {
    await admin.kv.put(entryName('prefs'), 'not json');
    await admin.kv.put(entryName('prefs'), JSON.stringify({ t: 'state', v: 2, o: 'x', ops: [{ c: [1, 0, 'x'], d: 0, k: 'other', v: 1 }] }));
    await admin.kv.put(entryName('prefs'), JSON.stringify({ t: 'state', v: 2, o: 'x', ops: [{ c: [Date.now(), 0, 'x'], d: 0, k: 'prefs', v: 'last' }] }));
    const b = alice();
    await connected(b);
    await until('the latest entry merged', () => b.manager.get('prefs') === 'last');
    expect(b.manager.get('other')).toBeUndefined();
    expect(b.errors).toEqual([]);
  });
});

describe('two devices of one user', () => {
  it('a write on device A reaches device B', async () => {
    const a = alice();
    const b = alice();
    await connected(a, b);
    const heard: Array<{ value: unknown; source: string }> = [];
    b.manager.subscribe('prefs', (value, event) => heard.push({ value, source: event.source }));
    a.manager.set('prefs', { theme: 'dark' }, 'settings');
    await until('B has the write', () => (b.manager.get('prefs') as { theme?: string } | undefined)?.theme === 'dark');
    expect(heard.at(-1)?.value).toEqual({ theme: 'dark' });
    expect(heard.at(-1)?.source).toContain('settings');
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('concurrent writes to one key, and to different paths of one key, end identical on both', async () => {
    const a = alice();
    const b = alice();
    await connected(a, b);
    a.manager.set('draft', { title: 'A' });
    b.manager.set('draft', { title: 'B' });
    a.manager.set('cart', { items: {} });
    await until('cart everywhere', () => b.manager.get('cart') !== undefined);
    await connected(a, b);
    a.manager.writePath('cart', ['items', 'apple'], 1);
    b.manager.writePath('cart', ['items', 'pear'], 2);
    await until('both ended identical', () => {
      const cart = b.manager.get('cart') as { items: Record<string, number> };
      return same(a, b) && cart.items.apple === 1 && cart.items.pear === 2 && a.remote.status === 'connected' && b.remote.status === 'connected';
    });
    expect(['A', 'B']).toContain((a.manager.get('draft') as { title: string }).title);
    expect(a.manager.get('draft')).toEqual(b.manager.get('draft'));
  });

  it('a device away for 1,000 writes catches up, and what it wrote while away reaches the others', async () => {
    const a = alice();
    const bStorage = alice().storage;
    const b0 = devices.at(-1)!;
    await connected(a, b0);
    b0.manager.destroy(); // device B goes away; its storage stays
    for (let i = 0; i < 1000; i++) a.manager.set(`item:${i % 100}`, { n: i });
    // B writes while away, with no connection, into its own storage.
    const offline = openDevice({ servers: 'ws://127.0.0.1:1', bucket: 'alice', user: 'alice', pass: 'alice-pass' }, bStorage);
    offline.manager.set('note', 'written offline');
    offline.manager.flush();
    offline.manager.destroy();
    const b = alice(bStorage);
    await until('B caught up and pushed', () => b.manager.get('item:99') !== undefined && a.manager.get('note') === 'written offline');
    await until('both identical', () => same(a, b));
    expect(b.manager.get('item:0')).toEqual({ n: 900 });
    expect(b.manager.get('item:99')).toEqual({ n: 999 });
  });

  it('the server killed and restarted while both write: nothing is lost', async () => {
    const a = alice();
    const b = alice();
    await connected(a, b);
    for (let i = 0; i < 20; i++) a.manager.set(`a:${i}`, i);
    await server.stop();
    await until('both see the server gone', () => a.remote.status === 'offline' && b.remote.status === 'offline');
    for (let i = 0; i < 20; i++) b.manager.set(`b:${i}`, i);
    for (let i = 20; i < 40; i++) a.manager.set(`a:${i}`, i);
    await server.restart();
    for (let i = 20; i < 40; i++) b.manager.set(`b:${i}`, i);
    await until('both have every write', () => a.manager.keys().length === 80 && b.manager.keys().length === 80 && same(a, b), 60_000);
    expect(a.errors.filter((e) => !(e instanceof StateRemoteError && e.code === 'SERVER_FAILED'))).toEqual([]);
  });
});

describe('three devices of one user', () => {
  it('a write on any reaches the other two, and concurrent writes to one key end identical on all three', async () => {
    const [a, b, c] = [alice(), alice(), alice()];
    await connected(a, b, c);
    b.manager.set('prefs', { theme: 'dark' });
    await until('A and C have B\'s write', () => (a.manager.get('prefs') as { theme?: string } | undefined)?.theme === 'dark'
      && (c.manager.get('prefs') as { theme?: string } | undefined)?.theme === 'dark');
    a.manager.set('draft', { title: 'A' });
    b.manager.set('draft', { title: 'B' });
    c.manager.set('draft', { title: 'C' });
    a.manager.writePath('prefs', ['lang'], 'fr');
    c.manager.writePath('prefs', ['size'], 14);
    await until('all three identical and caught up', () => same(a, b) && same(b, c)
      && [a, b, c].every((d) => d.remote.status === 'connected')
      && (a.manager.get('prefs') as { size?: number }).size === 14 && (c.manager.get('prefs') as { lang?: string }).lang === 'fr');
    expect(['A', 'B', 'C']).toContain((a.manager.get('draft') as { title: string }).title);
    expect(b.manager.get('prefs')).toEqual({ theme: 'dark', lang: 'fr', size: 14 });
    for (const d of [a, b, c]) expect(d.errors).toEqual([]);
  });
});

describe('offline writes and a reload', () => {
  it('writes made offline survive a reload before the device reconnects, and are then pushed', async () => {
    const a = alice();
    const b = alice();
    await connected(a, b);
    a.manager.set('cart', { items: { pear: 1 } });
    await until('B has the cart', () => b.manager.get('cart') !== undefined);
    await server.stop();
    await until('A sees the server gone', () => a.remote.status === 'offline');
    a.manager.set('draft', { text: 'written offline' });
    a.manager.writePath('cart', ['items', 'apple'], 3);
    a.manager.destroy(); // the page reloads while the server is still down; only storage carries the writes over
    const reloaded = alice(a.storage);
    await reloaded.manager.ready;
    expect(reloaded.remote.status).toBe('offline');
    expect(reloaded.manager.get('draft')).toEqual({ text: 'written offline' });
    expect(reloaded.manager.get('cart')).toEqual({ items: { pear: 1, apple: 3 } });
    expect(b.manager.get('draft')).toBeUndefined();
    expect(b.manager.get('cart')).toEqual({ items: { pear: 1 } });
    await server.restart();
    // B hears only the server (no cross-tab channel between devices): it has them once pushed.
    await until('B has what A wrote offline', () => (b.manager.get('draft') as { text?: string } | undefined)?.text === 'written offline'
      && (b.manager.get('cart') as { items?: { apple?: number } } | undefined)?.items?.apple === 3);
    await until('identical and caught up', () => same(reloaded, b) && reloaded.remote.status === 'connected');
    expect(reloaded.errors.filter((e) => !(e instanceof StateRemoteError && e.code === 'SERVER_FAILED'))).toEqual([]);
  });
});

describe('isolation', () => {
  it("user A's credentials cannot read or write user B's bucket: the server refuses, the connector reports", async () => {
    const bob = openDevice({ servers: server.wsUrl, bucket: 'bob', user: 'bob', pass: 'bob-pass' });
    devices.push(bob);
    await connected(bob);
    bob.manager.set('secret', 'bob only');
    await until('bob pushed', () => bob.remote.status === 'connected');
    const intruder = openDevice({ servers: server.wsUrl, bucket: 'bob', user: 'alice', pass: 'alice-pass' });
    devices.push(intruder);
    intruder.manager.set('secret', 'overwritten by alice');
    await until('the refusal reported', () => intruder.errors.some((e) => e instanceof StateRemoteError && e.code === 'ACCESS_DENIED'));
    expect(intruder.manager.get('secret')).toBe('overwritten by alice'); // its own local state only
    expect(bob.manager.get('secret')).toBe('bob only');
    const stored = await admin.kv.get(entryName('secret'));
    expect(stored).toBeNull(); // nothing reached alice's bucket either
    const bobKv = await (await import('@nats-io/kv')).Kvm.prototype.open.call(new (await import('@nats-io/kv')).Kvm(admin.nc), 'bob');
    expect((await bobKv.get(entryName('secret')))?.string()).toContain('bob only');
    expect(intruder.remote.status).not.toBe('connected');
  });
});

describe('refused credentials', () => {
  it('a wrong password is reported as AUTH_FAILED and the device stays offline, writing locally', async () => {
    const device = openDevice({ servers: server.wsUrl, bucket: 'alice', user: 'alice', pass: 'wrong' });
    devices.push(device);
    device.manager.set('draft', 'kept locally');
    await until('the refusal reported', () => device.errors.some((e) => e instanceof StateRemoteError && e.code === 'AUTH_FAILED'));
    expect(device.remote.status).toBe('offline');
    expect(device.manager.get('draft')).toBe('kept locally');
    expect(await admin.kv.get(entryName('draft'))).toBeNull();
  });
});

describe('configuration', () => {
  it('the legacy manager refuses remote with a clear error', () => {
    const remote = natsRemote({ servers: 'ws://127.0.0.1:1', bucket: 'x' });
    expect(() => createStateManager({ remote } as never)).toThrow(StateValidationError);
    expect(() => createStateManager({ remote } as never)).toThrow(/useValtio: true/);
  });
});
