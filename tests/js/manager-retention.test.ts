// A value the state no longer holds must not stay in memory because the manager keeps
// something that points at it: the first value of every key comes in through the
// constructor (initial state, stored entries), so nothing the manager keeps for its
// lifetime may hold the constructor's scope. (A value kept alive also keeps the proxy the
// proxy store cached for it: about 1 KB per key.)
import { afterEach, describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createLoaded } from './contract/helpers.js';
import { FakeStorage } from './fakes/storage-fakes.js';
import type { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import type { ValtioStateManagerConfig } from '../../js-shim/manager/startup.js';

function collector(): () => void {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}

let manager: ValtioStateManager | undefined;
afterEach(() => manager?.destroy());

/** A WeakRef to the first value of `key`, made in its own frame so no local keeps the value. */
function firstValueOf(m: ValtioStateManager, key: string): WeakRef<object> {
  return new WeakRef(m.peek(key) as object);
}

const configs: Array<[string, ValtioStateManagerConfig]> = [
  ['no side effects', {}],
  ['storage written before set returns', { persistent: true, storage: new FakeStorage(), storageWrites: 'sync' }],
];

describe.each(configs)('after a key is written (%s)', (_name, extra) => {
  it('its first value can be collected, whether written whole or through the proxy store', async () => {
    manager = await createLoaded({ ...extra, initialState: { whole: { n: 0 }, nested: { label: 'first', tags: ['a'] } } });
    const gc = collector();
    const whole = firstValueOf(manager, 'whole');
    const nested = firstValueOf(manager, 'nested');
    manager.getProxyStore().nested.label; // the proxy store caches a proxy for the first value
    manager.set('whole', { n: 1 });
    manager.getProxyStore().nested.label = 'second';
    manager.flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(manager.get('nested')).toEqual({ label: 'second', tags: ['a'] });
    expect(whole.deref()).toBeUndefined();
    expect(nested.deref()).toBeUndefined();
  });
});
