// A cold device reads the whole bucket and merges the first pass in a few combined state
// messages, not one core call per key. The combined path must stay as strict as the one-by-one
// path: entries written straight to the server by another client, some hostile, some odd.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NatsConnection } from '@nats-io/nats-core';
import type { KV } from '@nats-io/kv';
import { startNatsServer, type NatsServerHandle } from '../../support/nats-server.js';
import { entryName } from '../../../js-shim/remote/key-entry.js';
import { StateRemoteError } from '../../../js-shim/remote/remote-error.js';
import { adminBucket, openDevice, until, type Device } from './devices.js';

let server: NatsServerHandle;
let admin: { nc: NatsConnection; kv: KV };
const devices: Device[] = [];

beforeEach(async () => {
  server = await startNatsServer([{ user: 'admin', pass: 'admin-pass' }, { user: 'alice', pass: 'alice-pass', bucket: 'alice' }]);
  admin = await adminBucket(server.wsUrl, 'alice');
});

afterEach(async () => {
  for (const device of devices.splice(0)) device.manager.destroy();
  await admin.nc.close();
  await server.dispose();
});

const entry = (key: string, value: unknown, wall = Date.now()) =>
  JSON.stringify({ t: 'state', v: 2, o: 'other-device', ops: [{ c: [wall, 0, 'other-device'], d: 0, k: key, v: value }] });

describe('cold catch-up in combined messages', () => {
  it('merges 1,000 entries in a few core calls, dropping and reporting only the bad ones', async () => {
    const texts = new Map<string, string>();
    for (let i = 0; i < 1000; i++) texts.set(`item:${i}`, entry(`item:${i}`, { i, text: `value ${i}` }));
    // Checked before the core: an op for another key.
    texts.set('item:500', JSON.stringify({ t: 'state', v: 2, o: 'x', ops: [{ c: [Date.now(), 0, 'x'], d: 0, k: 'victim', v: 1 }] }));
    // Refused by the core for the whole message: one such entry must not take the others with it.
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    texts.set('item:600', entry('item:600', deep));
    // Refused by the core for its one op (a clock years ahead).
    texts.set('item:800', entry('item:800', { future: true }, Date.now() + 10 * 365 * 86_400_000));
    // Valid, but not in the form JSON.stringify writes: merged on its own, still merged.
    texts.set('item:700', entry('item:700', { i: 700, text: 'value 700' }).replace(/,/g, ' , '));
    const names = [...texts.keys()];
    for (let i = 0; i < names.length; i += 100) {
      await Promise.all(names.slice(i, i + 100).map((key) => admin.kv.put(entryName(key), texts.get(key)!)));
    }

    const device = openDevice({ servers: server.wsUrl, bucket: 'alice', user: 'alice', pass: 'alice-pass' });
    devices.push(device);
    const merges = vi.spyOn(device.manager, 'applyRemoteMessage');
    await until('caught up', () => device.remote.status === 'connected' && device.manager.get('item:999') !== undefined);

    for (let i = 0; i < 1000; i++) {
      if ([500, 600, 800].includes(i)) expect(device.manager.get(`item:${i}`)).toBeUndefined();
      else expect(device.manager.get(`item:${i}`)).toEqual({ i, text: `value ${i}` });
    }
    expect(device.manager.get('victim')).toBeUndefined();
    // One by one this was a call per entry; combined it is a handful (the odd entries on their own).
    expect(merges.mock.calls.length).toBeLessThanOrEqual(5);
    const badEntries = device.errors.filter((e) => e instanceof StateRemoteError && e.code === 'BAD_ENTRY');
    expect(badEntries.map((e) => (e as StateRemoteError).key)).toEqual(['item:500']);
    expect(device.errors.some((e) => /deep/i.test(e.message))).toBe(true);
    expect(device.errors.some((e) => /future/i.test(e.message))).toBe(true);
    expect(device.errors).toHaveLength(3);
  });
});
