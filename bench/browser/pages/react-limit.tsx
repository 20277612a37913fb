// W7 limit: one listener set per row path, useSyncExternalStore, nothing else.
import { useSyncExternalStore } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { counter, ROWS, type ReactContestantApp } from './react-shared.ts';

export async function createApp(): Promise<ReactContestantApp> {
  const values = new Array<number>(ROWS).fill(-1);
  const listeners = Array.from({ length: ROWS }, () => new Set<() => void>());
  function Row({ i }: { i: number }) {
    const value = useSyncExternalStore(
      (fn) => (listeners[i].add(fn), () => void listeners[i].delete(fn)),
      () => values[i],
    );
    counter.renders++;
    return <span data-row={i}>{value}</span>;
  }
  let root: Root | null = null;
  return {
    async mount(el) {
      root = createRoot(el);
      root.render(<>{Array.from({ length: ROWS }, (_, i) => <Row key={i} i={i} />)}</>);
    },
    async write(row, value) {
      values[row] = value;
      listeners[row].forEach((fn) => fn());
    },
    unmount: () => root?.unmount(),
  };
}
