/**
 * W7 common parts: the nested state (100 rows under one key), the render counter every
 * row component bumps, and a yield that lets React commit between two writes.
 */
export const ROWS = 100;

export type Tree = { rows: Record<string, { value: number }> };

export function initialTree(): Tree {
  const rows: Tree['rows'] = {};
  for (let i = 0; i < ROWS; i++) rows[`r${i}`] = { value: -1 };
  return { rows };
}

export const counter = { renders: 0 };

/** A macrotask without the 4 ms clamp of nested timers: React's microtask/sync work runs first. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(0);
  });
}

/** What a contestant's React app offers the driver. */
export interface ReactContestantApp {
  /** Mounts the 100 rows into `el` over a fresh manager. */
  mount(el: HTMLElement): Promise<void>;
  /**
   * Writes `value` at tree.rows.r<row>.value the way the contestant is meant to be written;
   * `style: 'key'` (ours only): as a legacy MFE would, `set('tree', copy with the row changed)`.
   */
  write(row: number, value: number, style?: 'path' | 'key'): Promise<void>;
  unmount(): void;
}
