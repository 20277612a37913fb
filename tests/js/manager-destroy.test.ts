// destroy() ends everything the manager attached: its channels close, and what was written
// before it is in storage. A destroyed manager that kept its
// channels open would go on merging other tabs' writes and answering their catch-up
// requests, and its page listeners would keep it (and its state) alive.
import { describe, expect, it } from 'vitest';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { ChannelHub } from './fakes/channel-fakes.js';
import { FakeStorage } from './fakes/storage-fakes.js';

describe('ValtioStateManager.destroy()', () => {
  it('closes every channel it opened, and a destroyed manager hears no other tab', async () => {
    const hub = new ChannelHub();
    const storage = new FakeStorage();
    const manager = new ValtioStateManager({ devtools: false, storage, channelFactory: hub.factory });
    await manager.ready;
    const other = new ValtioStateManager({ devtools: false, persistent: false, channelFactory: hub.factory });
    await other.ready;
    const mine = hub.channels.filter((c) => !c.closed).length;
    manager.destroy();
    const open = hub.channels.filter((c) => !c.closed);
    expect(hub.channels.length).toBeGreaterThan(open.length);
    expect(mine - open.length).toBeGreaterThanOrEqual(1); // the destroyed manager's channels closed
    other.set('after', 1);
    other.flush();
    await hub.settle();
    expect(manager.get('after')).toBeUndefined();
    other.destroy();
    expect(hub.channels.every((c) => c.closed)).toBe(true);
  });

  it('what was written just before destroy() is in storage', async () => {
    const storage = new FakeStorage();
    const manager = new ValtioStateManager({ devtools: false, crossTab: false, storage });
    await manager.ready;
    manager.set('draft', 'kept');
    manager.destroy();
    expect(storage.getItem('mfe-state:draft')).toBe('"kept"');
    expect(JSON.parse(storage.getItem('mfe-state#meta:draft')!).c[2]).toBe(manager.origin);
  });
});
