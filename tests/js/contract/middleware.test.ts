// Middleware order and veto (docs/api-contract.md section 1, set row) and the two shipped middleware.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { implementations, recorder, type TestManager } from './helpers.js';
import { loggingMiddleware, validationMiddleware } from '../../../js-shim/middleware.js';
import type { StateChangeEvent, StateMiddleware } from '../../../js-shim/types.js';

describe.each(implementations)('$name: middleware', (impl) => {
  let manager: TestManager;
  afterEach(() => {
    manager?.destroy();
    vi.restoreAllMocks();
  });

  it('runs in the order given, each seeing the event, before the write is stored', () => {
    const seen: string[] = [];
    const tag = (name: string): StateMiddleware => (event, next) => {
      seen.push(`${name}:${event.key}=${String(event.value)} (stored ${String(manager.get(event.key))})`);
      next();
    };
    manager = impl.create({ initialState: { k: 0 }, middleware: [tag('first'), tag('second'), tag('third')] });
    manager.set('k', 1, 'src');
    expect(seen).toEqual(['first:k=1 (stored 0)', 'second:k=1 (stored 0)', 'third:k=1 (stored 0)']);
    expect(manager.get('k')).toBe(1);
  });

  it('receives the full event: key, value, previousValue, source, timestamp', () => {
    const events: StateChangeEvent[] = [];
    manager = impl.create({ initialState: { k: 'old' }, middleware: [(event, next) => { events.push({ ...event }); next(); }] });
    manager.set('k', 'new', 'form');
    expect(events).toEqual([{ key: 'k', value: 'new', previousValue: 'old', source: 'form', timestamp: expect.any(Number) }]);
  });

  it('a middleware that does not call next() vetoes: nothing changes, nobody is notified', () => {
    const later = vi.fn((_event: StateChangeEvent, next: () => void) => next());
    manager = impl.create({ initialState: { k: 1 }, middleware: [(event, next) => { if (event.value !== 'blocked') next(); }, later] });
    const keyListener = recorder<[unknown, StateChangeEvent]>();
    const globalListener = recorder<[StateChangeEvent]>();
    manager.subscribe('k', keyListener);
    manager.subscribeAll(globalListener);
    keyListener.calls.length = 0;
    manager.set('k', 'blocked');
    expect(manager.get('k')).toBe(1);
    expect(manager.getSnapshot()).toEqual({ k: 1 });
    expect(keyListener.calls).toHaveLength(0);
    expect(globalListener.calls).toHaveLength(0);
    expect(later).not.toHaveBeenCalled();
    manager.set('k', 2);
    expect(manager.get('k')).toBe(2);
    expect(later).toHaveBeenCalledTimes(1);
  });

  it('next() called twice by one middleware applies the write once', () => {
    manager = impl.create({ middleware: [(_e, next) => { next(); next(); }] });
    const listener = recorder<[StateChangeEvent]>();
    manager.subscribeAll(listener);
    manager.set('k', 1);
    expect(listener.calls).toHaveLength(1);
  });

  it('validationMiddleware vetoes and logs a value its validator rejects; other keys pass', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    manager = impl.create({
      initialState: { age: 30 },
      middleware: [validationMiddleware({ age: (v) => typeof v === 'number' && v >= 0 })],
    });
    manager.set('age', -1);
    expect(manager.get('age')).toBe(30);
    expect(warn).toHaveBeenCalledTimes(1);
    manager.set('age', 31);
    expect(manager.get('age')).toBe(31);
    manager.set('name', 'anything');
    expect(manager.get('name')).toBe('anything');
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('validationMiddleware treats a throwing validator as a rejection', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    manager = impl.create({ middleware: [validationMiddleware({ k: () => { throw new Error('bad'); } })] });
    manager.set('k', 1);
    expect(manager.get('k')).toBeUndefined();
  });

  it('validationMiddleware ignores inherited names such as toString', () => {
    manager = impl.create({ middleware: [validationMiddleware({})] });
    manager.set('toString', 'ok');
    expect(manager.get('toString')).toBe('ok');
  });

  it('loggingMiddleware logs and lets the write through', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    manager = impl.create({ middleware: [loggingMiddleware] });
    manager.set('k', 5, 'src');
    expect(manager.get('k')).toBe(5);
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]![0])).toContain('k');
  });
});
