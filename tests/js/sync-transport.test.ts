// attachSync against fake hosts and an in-memory channel hub: one message per flush, no
// echo, a throwing listener does not stop sync, malformed input is dropped and reported,
// catch-up after missed messages, the legacy bridge, and the storage-event fallback.
import { afterEach, describe, expect, it } from 'vitest';
import { attachSync, CHANNEL_LEGACY, CHANNEL_V2, BRIDGE_MARK, type SyncHandle } from '../../js-shim/sync/index.js';
import { createStorageChannel, type StorageEventSource } from '../../js-shim/sync/storage-channel.js';
import type { StateSyncError } from '../../js-shim/sync/sync-error.js';
import { ChannelHub, type FakeChannel } from './fakes/channel-fakes.js';
import { FakeHost } from './fakes/host-fakes.js';
import { FakeStorage } from './fakes/storage-fakes.js';

const handles: SyncHandle[] = [];
afterEach(() => handles.splice(0).forEach((h) => h.detach()));

async function tabs(n: number, hub = new ChannelHub()) {
  const hosts = Array.from({ length: n }, (_, i) => new FakeHost(`tab-${i}`, 1000 + i));
  for (const host of hosts) handles.push(attachSync(host, { channelFactory: hub.factory }));
  await hub.settle(); // start-up hellos: equal digests, nobody answers
  return { hub, hosts, channel: (i: number, name = CHANNEL_V2) => hub.channels.filter((c) => c.name === name)[i] as FakeChannel };
}

describe('attachSync', () => {
  it('posts one message per flush and converges every tab, with no echo', async () => {
    const { hub, hosts, channel } = await tabs(3);
    const postedBefore = hosts.map((_, i) => channel(i).posted.length);
    for (let i = 0; i < 50; i++) hosts[0].set(`k${i % 5}`, i);
    hosts[0].flush();
    await hub.settle();
    expect(channel(0).posted.length - postedBefore[0]).toBe(1);
    expect(hosts[1].remoteApplied).toHaveLength(1);
    expect(hosts[2].remoteApplied).toHaveLength(1);
    // Receivers never re-broadcast what they merged.
    expect(channel(1).posted.length).toBe(postedBefore[1]);
    expect(channel(2).posted.length).toBe(postedBefore[2]);
    expect(new Set(hosts.map((h) => h.core.digest())).size).toBe(1);
  });

  it('keeps syncing after a listener throws', async () => {
    const { hub, hosts } = await tabs(2);
    const apply = hosts[1].applyRemoteMessage.bind(hosts[1]);
    let calls = 0;
    hosts[1].applyRemoteMessage = (text) => { calls++; if (calls === 1) throw new Error('listener blew up'); apply(text); };
    hosts[0].set('a', 1); hosts[0].flush(); await hub.settle();
    hosts[0].set('a', 2); hosts[0].flush(); await hub.settle();
    expect(hosts[1].errors.map((e) => e.message)).toEqual(['listener blew up']);
    expect(hosts[1].peek('a')).toBe(2);
  });

  it('drops and reports malformed, oversized and unknown messages without touching state', async () => {
    const { hub, hosts } = await tabs(2);
    const intruder = hub.factory(CHANNEL_V2);
    const bad: unknown[] = [null, 42, { t: 'ops' }, 'not json', '[]', '{"t":"ops","v":2}', '{"t":"ops","v":1,"o":"x"}',
      '{"t":"teleport","v":2,"o":"x"}', '{"t":"hello","v":2,"o":"x"}', 'x'.repeat(4 * 1024 * 1024 + 1)];
    for (const message of bad) intruder.postMessage(message);
    await hub.settle();
    const codes = hosts[1].errors.map((e) => (e as StateSyncError).code);
    expect(codes).toEqual([...Array(7).fill('MALFORMED_MESSAGE'), 'UNKNOWN_TYPE', 'MALFORMED_MESSAGE', 'TOO_LARGE']);
    expect(hosts[1].remoteApplied).toEqual([]);
    expect(hosts[1].keys()).toEqual([]);
  });

  it('lets a full-state message past the 4 MiB ops limit (the core allows 32 MiB for catch-up)', async () => {
    const { hub, hosts } = await tabs(2);
    const big = JSON.stringify({ t: 'state', v: 2, o: 'tab-0', ops: [{ k: 'big', c: [5000, 0, 'tab-0'], d: 0, v: 'x'.repeat(5 * 1024 * 1024) }] });
    hub.factory(CHANNEL_V2).postMessage(big);
    await hub.settle();
    expect(hosts[1].errors).toEqual([]);
    expect((hosts[1].peek('big') as string).length).toBe(5 * 1024 * 1024);
  });

  it('answers a repeated hello only once while its own state is unchanged', async () => {
    const { hub, hosts, channel } = await tabs(2);
    hosts[0].set('a', 1); hosts[0].flush(); await hub.settle();
    const asker = hub.factory(CHANNEL_V2);
    const before = channel(0).posted.length;
    for (let i = 0; i < 20; i++) asker.postMessage(JSON.stringify({ t: 'hello', v: 2, o: 'late-tab', d: 'stale' }));
    await hub.settle();
    expect(channel(0).posted.length - before).toBe(2); // one state + one digest
    hosts[0].set('a', 2); hosts[0].flush(); await hub.settle();
    asker.postMessage(JSON.stringify({ t: 'hello', v: 2, o: 'late-tab', d: 'stale' }));
    await hub.settle();
    expect(channel(0).posted.length - before).toBe(5); // + the ops message, + a fresh answer
  });

  it('ignores messages carrying its own origin', async () => {
    const { hub, hosts } = await tabs(2);
    hub.factory(CHANNEL_V2).postMessage(JSON.stringify({ t: 'ops', v: 2, o: 'tab-1', s: 1, ops: [] }));
    await hub.settle();
    expect(hosts[1].remoteApplied).toEqual([]);
  });

  it('catches up both ways after each side missed the other\'s writes', async () => {
    const { hub, hosts, channel } = await tabs(3);
    channel(1).deaf = true; // tab 1 is cut off (closed channel, frozen tab)
    hosts[0].set('from-0', 'a'); hosts[0].flush();
    hosts[1].set('from-1', 'b'); hosts[1].flush();
    await hub.settle();
    expect(hosts[1].peek('from-0')).toBeUndefined();
    expect(hosts[0].peek('from-1')).toBeUndefined();
    channel(1).deaf = false;
    handles[1].requestCatchUp(); // what visibilitychange/pageshow do
    await hub.settle();
    for (const host of hosts) expect([host.peek('from-0'), host.peek('from-1')]).toEqual(['a', 'b']);
    expect(new Set(hosts.map((h) => h.core.digest())).size).toBe(1);
  });

  it('asks for a catch-up by itself when a sender\'s sequence shows a lost message', async () => {
    const { hub, hosts, channel } = await tabs(2);
    hosts[0].set('a', 1); hosts[0].flush(); await hub.settle();
    channel(1).deaf = true;
    hosts[0].set('b', 2); hosts[0].flush(); await hub.settle(); // lost
    channel(1).deaf = false;
    hosts[0].set('c', 3); hosts[0].flush(); await hub.settle(); // seq gap seen: hello, state
    expect([hosts[1].peek('a'), hosts[1].peek('b'), hosts[1].peek('c')]).toEqual([1, 2, 3]);
  });

  it('bridges to legacy tabs: posts marked legacy events, merges unmarked ones, skips its peers\' bridged copies', async () => {
    const { hub, hosts, channel } = await tabs(2);
    const legacyTab = hub.factory(CHANNEL_LEGACY);
    const seen: unknown[] = [];
    legacyTab.onmessage = (e) => seen.push(e.data);
    hosts[0].set('theme', 'dark'); hosts[0].flush();
    await hub.settle();
    expect(seen).toEqual([{ key: 'theme', value: 'dark', previousValue: undefined, source: 'test', timestamp: 1, [BRIDGE_MARK]: 'tab-0' }]);
    expect(hosts[1].legacyReceived).toEqual([]); // got it from v2 instead
    expect(hosts[1].peek('theme')).toBe('dark');
    const fromLegacy = { key: 'lang', value: 'fr', previousValue: undefined, source: 'legacy-mfe', timestamp: 7 };
    legacyTab.postMessage(fromLegacy);
    await hub.settle();
    expect(hosts[0].legacyReceived).toEqual([fromLegacy]);
    expect(hosts[1].legacyReceived).toEqual([fromLegacy]);
    expect(channel(0, CHANNEL_LEGACY).posted).toHaveLength(1); // nothing of the merge re-posted
  });

  it('opens no legacy channel when the bridge is off, and detaches cleanly', async () => {
    const hub = new ChannelHub();
    const host = new FakeHost('solo');
    const handle = attachSync(host, { channelFactory: hub.factory, legacyBridge: false });
    expect(hub.channels.map((c) => c.name)).toEqual([CHANNEL_V2]);
    handle.detach();
    expect(hub.channels[0].closed).toBe(true);
    const postedAtDetach = hub.channels[0].posted.length; // the start-up hello and probe
    host.set('a', 1); host.flush();
    expect(hub.channels[0].posted.slice(postedAtDetach)).toEqual([]);
  });
});

describe('storage-event fallback channel', () => {
  it('carries text between tabs through storage events and leaves nothing stored', () => {
    const storage = new FakeStorage();
    const targets = [new EventTarget(), new EventTarget()];
    // The browser sends a storage event to every other tab of the origin on each change.
    const setItem = storage.setItem.bind(storage);
    let writer = 0;
    storage.setItem = (key, value) => {
      setItem(key, value);
      const event = Object.assign(new Event('storage'), { key, newValue: value, storageArea: storage });
      targets.forEach((t, i) => { if (i !== writer) t.dispatchEvent(event); });
    };
    const [a, b] = targets.map((t) => createStorageChannel(CHANNEL_V2, storage, t as unknown as StorageEventSource));
    const got: unknown[] = [];
    b.onmessage = (e) => got.push(e.data);
    a.postMessage('{"t":"ops"}');
    a.postMessage('{"t":"ops"}'); // the same text twice still fires twice
    expect(got).toEqual(['{"t":"ops"}', '{"t":"ops"}']);
    expect(storage.map.size).toBe(0);
    b.close();
    a.postMessage('late');
    expect(got).toHaveLength(2);
  });
});
