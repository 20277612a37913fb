// W7 valtio: valtio's own useSnapshot over the bench manager's proxy store; writes go
// through the proxy at the nested path, which is how valtio is meant to be used.
import { useSnapshot } from 'valtio/react';
import { createRoot, type Root } from 'react-dom/client';
import { ValtioBenchManager } from '../../contestants/valtio-manager.ts';
import { counter, initialTree, ROWS, type ReactContestantApp, type Tree } from './react-shared.ts';

export async function createApp(): Promise<ReactContestantApp> {
  const manager = new ValtioBenchManager({ persistent: false, crossTab: false, devtools: false });
  manager.set('tree', initialTree());
  const store = manager.getProxyStore() as { tree: Tree };
  function Row({ i }: { i: number }) {
    const snap = useSnapshot(store);
    counter.renders++;
    return <span data-row={i}>{snap.tree.rows[`r${i}`].value}</span>;
  }
  let root: Root | null = null;
  return {
    async mount(el) {
      root = createRoot(el);
      root.render(<>{Array.from({ length: ROWS }, (_, i) => <Row key={i} i={i} />)}</>);
    },
    async write(row, value) {
      store.tree.rows[`r${row}`].value = value;
    },
    unmount() {
      root?.unmount();
      manager.destroy();
    },
  };
}
