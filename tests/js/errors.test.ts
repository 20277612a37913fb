// @vitest-environment happy-dom
// The error family: one base (`StateError`: code, key, cause) that every error of the
// package belongs to, including the TypeError and RangeError ones; and every error a user
// can receive through `onError` is importable from `/core` and the root, so an app can
// branch on it with `instanceof`.
import { afterEach, describe, expect, it } from 'vitest';
import * as core from '../../js-shim/core.js';
import * as root from '../../js-shim/index.js';
import {
  DevtoolsMessageError, StateAccessError, StateCoreError, StateError, StateLimitError, StateStorageError,
  StateSyncError, StateTransactionError, StateValidationError, ValtioStateManager,
} from '../../js-shim/core.js';
import { attachDevtools } from '../../js-shim/devtools/index.js';
import { attachSync, CHANNEL_V2, type SyncHandle } from '../../js-shim/sync/index.js';
import { FakeExtension } from './devtools-fakes.js';
import { ChannelHub } from './fakes/channel-fakes.js';

const live: Array<{ destroy(): void }> = [];
const syncs: SyncHandle[] = [];
afterEach(() => {
  syncs.splice(0).forEach((s) => s.detach());
  live.splice(0).forEach((m) => m.destroy());
  localStorage.clear();
});

const cause = new Error('underneath');
/** One instance of each class, made as the package makes them, all with key 'k' where they take one. */
const samples = {
  StateValidationError: new StateValidationError('BAD_VALUE', 'v', 'k', cause),
  StateLimitError: new StateLimitError('TOO_LARGE', 'l', 'k', cause),
  StateAccessError: new StateAccessError('a', 'k', 'ACCESS_DENIED', cause),
  StateCoreError: new StateCoreError('BAD_JSON', 'c', 'k', cause),
  StateTransactionError: new StateTransactionError('VETOED', 't', 'k', cause),
  StateStorageError: new StateStorageError('CORRUPT_ENTRY', 's', 'k', cause),
  StateSyncError: new StateSyncError('MALFORMED_MESSAGE', 'y', cause),
  DevtoolsMessageError: new DevtoolsMessageError('d', cause),
};
const classes = {
  StateValidationError, StateLimitError, StateAccessError, StateCoreError, StateTransactionError,
  StateStorageError, StateSyncError, DevtoolsMessageError,
};

describe('one error family', () => {
  it.each(Object.entries(samples))('%s is a StateError with its name, code, key and cause', (name, error) => {
    expect(error).toBeInstanceOf(StateError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(typeof error.code).toBe('string');
    expect(error.key).toBe(name === 'StateSyncError' || name === 'DevtoolsMessageError' ? undefined : 'k');
    expect(error.cause).toBe(cause);
  });

  it('keeps the TypeError and RangeError that callers and the bad-input contract rely on', () => {
    expect(samples.StateValidationError).toBeInstanceOf(TypeError);
    expect(samples.StateLimitError).toBeInstanceOf(RangeError);
    expect(samples.StateStorageError).not.toBeInstanceOf(TypeError);
    expect(samples.StateAccessError).not.toBeInstanceOf(RangeError);
  });

  it('keeps each subclass exact: only its own instances pass its instanceof', () => {
    for (const [name, error] of Object.entries(samples)) {
      for (const [other, cls] of Object.entries(classes)) {
        expect([name, other, error instanceof cls]).toEqual([name, other, name === other]);
      }
    }
  });

  it('does not claim errors that are not the package\'s', () => {
    for (const foreign of [new Error('x'), new TypeError('x'), new RangeError('x'), { code: 'BAD_KEY', key: 'k' }, null, 'BAD_KEY']) {
      expect(foreign instanceof StateError).toBe(false);
    }
    class Lookalike extends Error { readonly code = 'BAD_KEY'; readonly key = 'k'; }
    expect(new Lookalike() instanceof StateError).toBe(false);
  });

  it('has no cause property when none was given (so logs do not show "cause: undefined")', () => {
    expect('cause' in new StateCoreError('BAD_JSON', 'c')).toBe(false);
    expect('cause' in new StateValidationError('BAD_KEY', 'v')).toBe(false);
  });

  it('recognises the errors of a second copy of the package on the page as StateErrors', async () => {
    // A query string makes the module loader evaluate errors.ts a second time: another copy.
    const copy = (await import(/* @vite-ignore */ '../../js-shim/errors.ts?second-copy')) as typeof import('../../js-shim/errors.js');
    expect(copy.StateError).not.toBe(StateError);
    const theirs = new copy.StateValidationError('BAD_KEY', 'from the other copy', 'k');
    expect(theirs instanceof StateError).toBe(true);
    expect(new StateLimitError('TOO_LARGE', 'ours') instanceof copy.StateError).toBe(true);
  });
});

describe('every error that onError can deliver is exported from /core and the root', () => {
  const names = ['StateError', ...Object.keys(classes)];
  it.each(names)('%s', (name) => {
    expect(core).toHaveProperty(name);
    expect((root as Record<string, unknown>)[name]).toBe((core as Record<string, unknown>)[name]);
  });

  async function manager(extra: Record<string, unknown> = {}) {
    const errors: Error[] = [];
    const m = new ValtioStateManager({ crossTab: false, devtools: false, onError: (e) => errors.push(e), ...extra });
    live.push(m);
    await m.ready;
    return { m, errors };
  }

  it('storage: a corrupt entry arrives as a StateStorageError', async () => {
    localStorage.setItem('mfe-state:bad', '{oops');
    const { errors } = await manager();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StateStorageError);
    expect(errors[0]).toBeInstanceOf(StateError);
    expect(errors[0]).toMatchObject({ code: 'CORRUPT_ENTRY', key: 'bad' });
  });

  it('other tabs: a malformed message arrives as a StateSyncError', async () => {
    const { m, errors } = await manager({ persistent: false });
    const hub = new ChannelHub();
    syncs.push(attachSync(m, { channelFactory: hub.factory }));
    await hub.settle();
    hub.factory(CHANNEL_V2).postMessage('not json');
    await hub.settle();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StateSyncError);
    expect(errors[0]).toBeInstanceOf(StateError);
    expect(errors[0]).toMatchObject({ code: 'MALFORMED_MESSAGE' });
  });

  it('devtools: a bad message and a throwing extension arrive as DevtoolsMessageErrors', async () => {
    const { m, errors } = await manager({ persistent: false });
    const ext = new FakeExtension();
    live.push({ destroy: attachDevtools(m, { extension: ext, windowHandleName: null }).detach });
    ext.dispatch({ type: 'DISPATCH', payload: { type: 'JUMP_TO_STATE' }, state: '{oops' });
    const boom = new Error('extension gone');
    const broken = { connect: () => { throw boom; } };
    attachDevtools(m, { extension: broken as never, windowHandleName: null });
    expect(errors.map((e) => [e instanceof DevtoolsMessageError, e instanceof StateError, (e as StateError).code])).toEqual([
      [true, true, 'BAD_DEVTOOLS_MESSAGE'],
      [true, true, 'DEVTOOLS_FAILED'],
    ]);
    expect(errors[1]!.cause).toBe(boom);
  });
});
