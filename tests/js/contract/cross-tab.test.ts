// The new manager's ManagerHost seam for other tabs: protocol-v2 messages and legacy
// events are merged through the real core; listeners hear '<source> (cross-tab)'; bad
// input is reported, never thrown, and changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { createLoaded, recorder, settle } from './helpers.js';
import type { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import type { StateChangeEvent } from '../../../js-shim/types.js';

describe('ValtioStateManager: merging other tabs', () => {
  const managers: ValtioStateManager[] = [];
  const make = async (config = {}) => {
    const m = await createLoaded(config);
    managers.push(m);
    return m;
  };
  afterEach(() => {
    for (const m of managers.splice(0)) m.destroy();
  });

  /** The v2 message a's next flush produces. */
  const outboxOf = (a: ValtioStateManager, write: () => void): string => {
    let text: string | null = null;
    const off = a.onFlush((info) => { text = info.outbox; });
    write();
    a.flush();
    off();
    expect(text).not.toBeNull();
    return text!;
  };

  it("applies a remote message: view, listeners with '(cross-tab)', path watchers, shared subtrees", async () => {
    const a = await make({ initialState: { user: { name: 'Ann', prefs: { dark: true } } } });
    const b = await make({ initialState: { user: { name: 'Ann', prefs: { dark: true } } } });
    const prefsBefore = b.readAt('user', ['prefs']);
    const heard = recorder<[unknown, StateChangeEvent]>();
    b.subscribe('user', heard);
    heard.calls.length = 0;
    let nameChanges = 0;
    let prefsChanges = 0;
    b.subscribePath('user', ['name'], () => nameChanges++);
    b.subscribePath('user', ['prefs'], () => prefsChanges++);
    const message = outboxOf(a, () => { a.getProxyStore().user.name = 'Bob'; });
    b.applyRemoteMessage(message);
    expect(b.get('user')).toEqual({ name: 'Bob', prefs: { dark: true } });
    expect(b.readAt('user', ['prefs'])).toBe(prefsBefore);
    expect(heard.calls).toHaveLength(1);
    expect(heard.calls[0]![1]).toMatchObject({ key: 'user', source: 'proxy (cross-tab)' });
    await settle(b);
    expect(nameChanges).toBe(1);
    expect(prefsChanges).toBe(0);
    expect(JSON.parse(b.core!.exportJson())).toEqual(JSON.parse(JSON.stringify(b.getSnapshot())));
  });

  it('a duplicated or replayed message changes nothing and notifies nobody', async () => {
    const a = await make();
    const b = await make();
    const message = outboxOf(a, () => a.set('k', 1, 'form'));
    b.applyRemoteMessage(message);
    const heard = recorder<[StateChangeEvent]>();
    b.subscribeAll(heard);
    b.applyRemoteMessage(message);
    expect(heard.calls).toHaveLength(0);
    expect(b.get('k')).toBe(1);
  });

  it('local writes queued before a remote merge are ordered by the core, not lost', async () => {
    const a = await make();
    const b = await make();
    const message = outboxOf(a, () => a.set('remote', 'r'));
    b.set('local', 'l');
    b.applyRemoteMessage(message);
    expect(b.getSnapshot()).toEqual({ local: 'l', remote: 'r' });
    expect(JSON.parse(b.core!.exportJson())).toEqual({ local: 'l', remote: 'r' });
  });

  it.each([
    ['not JSON', '{{{'],
    ['null', 'null'],
    ['an unknown type', '{"t":"nope","v":2,"o":"x"}'],
    ['a forbidden key', '{"t":"ops","v":2,"o":"x","ops":[{"c":[1,0,"x"],"d":0,"k":"__proto__","p":[],"v":{"polluted":true}}]}'],
    ['a forbidden path', '{"t":"ops","v":2,"o":"x","ops":[{"c":[1,0,"x"],"d":0,"k":"k","p":["constructor","prototype"],"v":1}]}'],
    ['a spoofed origin', '{"t":"ops","v":2,"o":"x","ops":[{"c":[1,0,"y"],"d":0,"k":"k","p":[],"v":1}]}'],
    ['a clock far in the future', `{"t":"ops","v":2,"o":"x","ops":[{"c":[${Date.now() + 3_600_000},0,"x"],"d":0,"k":"k","p":[],"v":1}]}`],
  ])('drops and reports %s; state unchanged', async (_label, text) => {
    const reported: Error[] = [];
    const b = await make({ initialState: { k: 'keep' }, onError: (e: Error) => reported.push(e) });
    expect(() => b.applyRemoteMessage(text)).not.toThrow();
    expect(b.getSnapshot()).toEqual({ k: 'keep' });
    expect(reported.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops a message that is not text', async () => {
    const reported: Error[] = [];
    const b = await make({ onError: (e: Error) => reported.push(e) });
    b.applyRemoteMessage(42 as never);
    expect(reported).toHaveLength(1);
  });

  it("merges legacy events through the core, the same in every tab that hears them in the same order, with '(cross-tab)'", async () => {
    const b = await make();
    const c = await make();
    const heard = recorder<[StateChangeEvent]>();
    b.subscribeAll(heard);
    const now = Date.now();
    const events = [
      { key: 'theme', value: 'dark', previousValue: 'light', source: 'settings', timestamp: now },
      { key: 'theme', value: 'blue', previousValue: 'dark', source: 'settings', timestamp: now },
      { key: 'cart', value: { items: [1] }, previousValue: undefined, source: 'cart', timestamp: now + 1 },
      { key: 'cart', value: undefined, previousValue: { items: [1] }, source: 'delete', timestamp: now + 2 },
    ];
    // A channel delivers one sender's events in order, to every tab.
    for (const e of events) b.applyLegacyEvent(e);
    for (const e of events) c.applyLegacyEvent(e);
    expect(b.getSnapshot()).toEqual(c.getSnapshot());
    expect(b.core!.digest()).toBe(c.core!.digest());
    expect(b.get('theme')).toBe('blue'); // same millisecond: the later event wins, as in the legacy tab
    expect(b.get('cart')).toBeUndefined();
    expect(heard.calls[0]![0]).toMatchObject({ key: 'theme', value: 'dark', source: 'settings (cross-tab)' });
  });

  it('legacy events of two senders heard in different orders converge once the tabs exchange state', async () => {
    const b = await make();
    const c = await make();
    const now = Date.now();
    const events = [
      { key: 'theme', value: 'dark', previousValue: 'light', source: 'settings', timestamp: now },
      { key: 'theme', value: 'blue', previousValue: 'light', source: 'other-tab', timestamp: now },
    ];
    for (const e of events) b.applyLegacyEvent(e);
    for (const e of [...events].reverse()) c.applyLegacyEvent(e);
    // What a catch-up does when the digests differ.
    b.applyRemoteMessage(c.core!.encodeState());
    c.applyRemoteMessage(b.core!.encodeState());
    expect(b.getSnapshot()).toEqual(c.getSnapshot());
    expect(b.core!.digest()).toBe(c.core!.digest());
  });

  it("with accessControl 'namespaces', a legacy event cannot write an MFE key (it names no writer)", async () => {
    const reported: Error[] = [];
    const b = await make({ accessControl: 'namespaces', initialState: { 'mfe:cart:total': 5 }, onError: (e: Error) => reported.push(e) });
    b.applyLegacyEvent({ key: 'mfe:cart:total', value: 0, previousValue: 5, source: 'forged', timestamp: Date.now() });
    b.applyLegacyEvent({ key: 'theme', value: 'dark', previousValue: undefined, source: 'settings', timestamp: Date.now() });
    expect(b.get('mfe:cart:total')).toBe(5);
    expect(b.get('theme')).toBe('dark'); // ordinary keys still sync from legacy tabs
    expect(reported.map((e) => (e as { code?: string }).code)).toEqual(['ACCESS_DENIED']);
  });

  it.each([
    ['null', null],
    ['no key', { value: 1, timestamp: 1 }],
    ['an empty key', { key: '', value: 1, timestamp: 1 }],
    ['a forbidden key', { key: '__proto__', value: 1, timestamp: 1 }],
    ['no timestamp', { key: 'k', value: 1 }],
    ['a function value', { key: 'k', value: () => 1, timestamp: 1 }],
  ])('drops and reports a legacy event with %s', async (_label, event) => {
    const reported: Error[] = [];
    const b = await make({ initialState: { k: 'keep' }, onError: (e: Error) => reported.push(e) });
    expect(() => b.applyLegacyEvent(event)).not.toThrow();
    expect(b.getSnapshot()).toEqual({ k: 'keep' });
    expect(reported.length).toBeGreaterThan(0);
  });
});
