// Event timestamps: the clock is read once per synchronous run of writes (the largest cost
// of an event otherwise), never reused across runs, and never left stale by a run whose
// events were built but whose writes were undone.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValtioStateManager } from '../../js-shim/core.js';
import type { StateChangeEvent } from '../../js-shim/types.js';
import { Notifier } from '../../js-shim/manager/notifier.js';

const OFF = { persistent: false, crossTab: false, devtools: false } as const;
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('event timestamps', () => {
  it('reads the clock once for every event of one synchronous run of writes', async () => {
    const manager = new ValtioStateManager(OFF);
    await manager.ready;
    const events: StateChangeEvent[] = [];
    manager.subscribeAll((event) => events.push(event));
    const now = vi.spyOn(Date, 'now');
    for (let i = 0; i < 50; i++) manager.set(`k${i % 5}`, i);
    expect(events).toHaveLength(50);
    expect(now).toHaveBeenCalledTimes(1);
    expect(new Set(events.map((e) => e.timestamp)).size).toBe(1);
    manager.destroy();
  });

  it('reads it again for the writes of a later task, so a timestamp is never older than its run', async () => {
    const manager = new ValtioStateManager(OFF);
    await manager.ready;
    const stamps: number[] = [];
    manager.subscribe('k', (_value, event) => stamps.push(event.timestamp));
    let clock = 1_000;
    vi.spyOn(Date, 'now').mockImplementation(() => clock);
    manager.set('k', 1);
    manager.set('k', 2);
    clock = 2_000;
    await Promise.resolve(); // the run ends at the next microtask: the end-of-task batch
    manager.set('k', 3);
    clock = 3_000;
    await tick();
    manager.set('k', 4);
    expect(stamps).toEqual([1_000, 1_000, 2_000, 3_000]);
    manager.destroy();
  });

  it('forgets a reading even when no write follows the event that took it', async () => {
    // (a transaction's events are built before its batch reaches the core; if the core
    // refuses it, nothing is announced and no write schedules the end of the task)
    const notifier = new Notifier({ read: () => undefined, mutable: (node) => node, commit: () => {}, report: () => {} });
    let clock = 1_000;
    vi.spyOn(Date, 'now').mockImplementation(() => clock);
    expect(notifier.makeEvent('k', 1, 0, 'tx').timestamp).toBe(1_000);
    clock = 2_000;
    await tick();
    expect(notifier.makeEvent('k', 2, 1, 'tx').timestamp).toBe(2_000);
  });
});
