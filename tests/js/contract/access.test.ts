// forMFE(id) with accessControl: 'namespaces' (docs/reliability.md scenario 14), local side.
import { afterEach, describe, expect, it } from 'vitest';
import { createLoaded, settle } from './helpers.js';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import { StateAccessError } from '../../../js-shim/errors.js';
import { loadCore } from '../../../js-shim/wasm/load-core.js';
import type { V2Message } from '../../../js-shim/wasm/core-api.js';

describe('ValtioStateManager: MFE handles and namespaces', () => {
  let manager: ValtioStateManager;
  afterEach(() => manager?.destroy());

  it("with 'namespaces', a handle writes its own keys and shared keys, never another MFE's", async () => {
    manager = await createLoaded({ accessControl: 'namespaces', initialState: { 'mfe:profile:name': 'Ann' } } as never);
    const cart = manager.forMFE('cart');
    cart.set('mfe:cart:items', [1]);
    cart.set('shared', 'ok');
    expect(() => cart.set('mfe:profile:name', 'x')).toThrow(StateAccessError);
    expect(() => cart.delete('mfe:profile:name')).toThrow(StateAccessError);
    expect(() => { (cart.getProxyStore() as Record<string, Record<string, unknown>>)['mfe:profile:name'] = 'x'; }).toThrow(StateAccessError);
    expect(manager.getSnapshot()).toEqual({ 'mfe:profile:name': 'Ann', 'mfe:cart:items': [1], shared: 'ok' });
    await settle(manager);
    expect(JSON.parse(manager.core!.exportJson())).toEqual({ 'mfe:profile:name': 'Ann', 'mfe:cart:items': [1], shared: 'ok' });
  });

  it('writes through a handle carry the MFE id as writer in the outgoing message', async () => {
    manager = await createLoaded();
    let outbox: V2Message | null = null;
    manager.onFlush((info) => { outbox = info.outbox; });
    manager.forMFE('cart').set('mfe:cart:n', 1);
    manager.flush();
    // Another replica reads the message as it travels and sees who wrote each op.
    const receiver = (await loadCore()).create({ origin: 'receiver' });
    const merged = receiver.applyRemote(outbox!, Date.now());
    expect(merged.dropped).toEqual([]);
    expect(merged.changes).toEqual([expect.objectContaining({ key: 'mfe:cart:n', value: 1, writer: 'cart' })]);
    receiver.dispose();
  });

  it("a forged remote op writing another MFE's key is dropped when the policy is on", async () => {
    const reported: Error[] = [];
    manager = await createLoaded({ accessControl: 'namespaces', onError: (e) => reported.push(e) } as never);
    const forged = JSON.stringify({ t: 'ops', v: 2, o: 'evil', ops: [{ c: [Date.now(), 0, 'evil'], d: 0, k: 'mfe:profile:name', p: [], v: 'x', w: 'cart' }] });
    manager.applyRemoteMessage(forged);
    expect(manager.get('mfe:profile:name')).toBeUndefined();
    expect(reported.length).toBeGreaterThan(0);
  });

  it("with 'off' (default) a handle may write anything", async () => {
    manager = new ValtioStateManager({ persistent: false, crossTab: false, devtools: false });
    manager.forMFE('cart').set('mfe:profile:name', 'x');
    expect(manager.get('mfe:profile:name')).toBe('x');
  });
});
