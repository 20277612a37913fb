// Which form a tab sends its ops and state in, with real managers over an in-memory channel
// hub: bytes only until a tab of an older build (text only, unmarked hellos) is heard, then
// bytes and a text copy for as long as such a tab keeps being heard. The old tab here is a
// raw channel speaking the older build's text; the real old build is run in the browser tier
// (tests/browser/mixed-deploy).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { attachSync, CHANNEL_V2, OLDER_PEER_WINDOW_MS, type SyncHandle } from '../../js-shim/sync/index.js';
import { ChannelHub, type FakeChannel } from './fakes/channel-fakes.js';

const live: Array<{ destroy(): void }> = [];
const syncs: SyncHandle[] = [];
afterEach(() => {
  syncs.splice(0).forEach((s) => s.detach());
  live.splice(0).forEach((m) => m.destroy());
  vi.useRealTimers();
});

type Sent = string | Uint8Array;
const isBytes = (m: unknown): m is Uint8Array => m instanceof Uint8Array;
const textOf = (messages: readonly unknown[], t: string): Array<Record<string, unknown>> =>
  messages.filter((m): m is string => typeof m === 'string').map((m) => JSON.parse(m) as Record<string, unknown>).filter((m) => m.t === t);

async function tabs(n: number) {
  const hub = new ChannelHub();
  const managers: ValtioStateManager[] = [];
  const applied: Array<Array<'text' | 'bytes'>> = [];
  const errors: Error[][] = [];
  for (let i = 0; i < n; i++) {
    const list: Error[] = [];
    const m = new ValtioStateManager({ persistent: false, crossTab: false, devtools: false, onError: (e) => list.push(e) });
    await m.ready;
    live.push(m);
    const forms: Array<'text' | 'bytes'> = [];
    const apply = m.applyRemoteMessage.bind(m);
    m.applyRemoteMessage = (message) => { forms.push(typeof message === 'string' ? 'text' : 'bytes'); apply(message); };
    managers.push(m);
    applied.push(forms);
    errors.push(list);
    syncs.push(attachSync(m, { channelFactory: hub.factory, legacyBridge: false }));
  }
  await hub.settle();
  const v2 = (i: number) => hub.channels.filter((c) => c.name === CHANNEL_V2)[i] as FakeChannel;
  /** A tab of the older build: a raw channel that records what it hears. */
  const olderTab = () => {
    const channel = hub.factory(CHANNEL_V2);
    const heard: unknown[] = [];
    channel.onmessage = (e) => heard.push(e.data);
    return { channel, heard };
  };
  return { hub, managers, applied, errors, v2, olderTab };
}

/** What an older build's tab sends: unmarked text. */
const olderHello = (o: string, d = 'older-digest') => JSON.stringify({ t: 'hello', v: 2, o, d });
const olderOps = (o: string, seq: number, key: string, value: unknown) =>
  JSON.stringify({ t: 'ops', v: 2, o, s: seq, ops: [{ c: [Date.now(), 0, o], d: 0, k: key, p: [], v: value }] });

describe('the form of outgoing messages', () => {
  it('is bytes only while no older tab is heard; hellos carry the mark, and the start-up probe is ignored by this build', async () => {
    const { hub, managers, applied, errors, v2 } = await tabs(3);
    managers[0].set('a', { x: 1 });
    managers[0].flush();
    await hub.settle();
    const posted = v2(0).posted;
    expect(posted.filter(isBytes)).toHaveLength(1);
    expect(textOf(posted, 'ops').filter((m) => (m.ops as unknown[]).length > 0)).toEqual([]);
    expect(textOf(posted, 'hello').map((h) => h.b)).toEqual([1]);
    expect(textOf(posted, 'ops').map((m) => [m.s, m.b])).toEqual([[0, 1], [2, 1]]); // the probe
    // Nobody took the probe's skipped number for a lost message (no second hello), or merged it.
    for (let i = 0; i < 3; i++) expect(textOf(v2(i).posted, 'hello')).toHaveLength(1);
    expect(applied[1]).toEqual(['bytes']);
    expect(managers[2].get('a')).toEqual({ x: 1 });
    expect(errors.flat()).toEqual([]);
  });

  it('after an older tab\'s hello: the catch-up answer and later writes go out as bytes and as text the older tab can merge', async () => {
    const { hub, managers, applied, v2, olderTab } = await tabs(2);
    managers[0].set('before', 'old tab opened');
    managers[0].flush();
    await hub.settle();
    const old = olderTab();
    const mark = v2(0).posted.length;
    old.channel.postMessage(olderHello('old-tab'));
    await hub.settle();
    const answer = v2(0).posted.slice(mark) as Sent[];
    expect(answer.filter((m) => isBytes(m) && m[1] === 1)).toHaveLength(1); // state in bytes
    const textState = textOf(answer, 'state');
    expect(textState).toHaveLength(1);
    expect((textState[0]!.ops as Array<{ k: string; v: unknown }>).map((op) => [op.k, op.v])).toEqual([['before', 'old tab opened']]);
    expect(textOf(answer, 'digest').map((d) => [d.to, d.b])).toEqual([['old-tab', 1]]);

    managers[0].set('after', [1, 2]);
    managers[0].flush();
    await hub.settle();
    const ops = textOf(old.heard, 'ops').filter((m) => m.o === managers[0].origin && (m.ops as unknown[]).length > 0);
    expect(ops).toHaveLength(1);
    expect((ops[0]!.ops as Array<{ k: string; v: unknown }>)[0]).toMatchObject({ k: 'after', v: [1, 2] });
    // The other tab of this build merged the bytes and skipped both text copies.
    expect(applied[1]).toEqual(['bytes', 'bytes', 'bytes']);
    expect(managers[1].get('after')).toEqual([1, 2]);
  });

  it('an older tab\'s text write is merged and opens the window like its hello', async () => {
    const { hub, managers, v2, olderTab } = await tabs(1);
    const old = olderTab();
    old.channel.postMessage(olderOps('old-tab', 1, 'from-old', { y: 2 }));
    await hub.settle();
    expect(managers[0].get('from-old')).toEqual({ y: 2 });
    const mark = v2(0).posted.length;
    managers[0].set('reply', true);
    managers[0].flush();
    await hub.settle();
    const sent = v2(0).posted.slice(mark);
    expect(sent.filter(isBytes)).toHaveLength(1);
    expect(textOf(sent, 'ops')).toHaveLength(1);
  });

  it('the text copies of a tab of this build do not open the window in the tabs that hear them', async () => {
    const { hub, managers: [a, b], v2, olderTab } = await tabs(2);
    // Only tab a hears the older tab's hello: tab b is cut off while it is sent.
    v2(1).deaf = true;
    olderTab().channel.postMessage(olderHello('old-tab'));
    await hub.settle();
    v2(1).deaf = false;
    a.set('k', 1);
    a.flush(); // bytes, then the text copy, both heard by b
    await hub.settle();
    expect(textOf(v2(0).posted, 'ops').filter((m) => (m.ops as unknown[]).length > 0)).toHaveLength(1);
    expect(b.get('k')).toBe(1);
    const mark = v2(1).posted.length;
    b.set('k2', 2);
    b.flush();
    await hub.settle();
    const sent = v2(1).posted.slice(mark);
    expect(sent.filter(isBytes)).toHaveLength(1);
    expect(textOf(sent, 'ops')).toEqual([]);
  });

  it('goes back to bytes only once no older tab has been heard for the window, which each older message renews', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { hub, managers, v2, olderTab } = await tabs(1);
    const old = olderTab();
    const textOpsAfter = async (key: string): Promise<number> => {
      const mark = v2(0).posted.length;
      managers[0].set(key, 1);
      managers[0].flush();
      await hub.settle();
      return textOf(v2(0).posted.slice(mark), 'ops').length;
    };
    old.channel.postMessage(olderHello('old-tab'));
    await hub.settle();
    vi.setSystemTime(Date.now() + OLDER_PEER_WINDOW_MS - 1000);
    expect(await textOpsAfter('a')).toBe(1);
    old.channel.postMessage(olderOps('old-tab', 1, 'still-here', 1)); // renews the window
    await hub.settle();
    vi.setSystemTime(Date.now() + OLDER_PEER_WINDOW_MS - 1000);
    expect(await textOpsAfter('b')).toBe(1);
    vi.setSystemTime(Date.now() + 2000);
    expect(await textOpsAfter('c')).toBe(0);
  });

  it('a marked probe is never merged, even from a sender not heard before', async () => {
    const { hub, applied, errors, v2 } = await tabs(1);
    const stranger = hub.factory(CHANNEL_V2);
    stranger.postMessage(JSON.stringify({ t: 'ops', v: 2, o: 'stranger', s: 0, ops: [], b: 1 }));
    stranger.postMessage(JSON.stringify({ t: 'ops', v: 2, o: 'stranger', s: 2, ops: [], b: 1 }));
    await hub.settle();
    expect(applied[0]).toEqual([]);
    expect(errors[0]).toEqual([]);
    expect(textOf(v2(0).posted, 'hello')).toHaveLength(1); // no catch-up asked for the "gap"
  });
});
