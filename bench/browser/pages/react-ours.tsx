// W7 ours: useValtioStore (a snapshot that re-renders only for what the component read)
// over ValtioStateManager; writes go through the proxy store at the nested path.
import { createRoot, type Root } from 'react-dom/client';
import { ValtioStateManager } from '../../../js-shim/core.ts';
import { setGlobalValtioStateManagerReact, useValtioStore } from '../../../js-shim/react/index.ts';
import { counter, initialTree, ROWS, type ReactContestantApp, type Tree } from './react-shared.ts';

export async function createApp(): Promise<ReactContestantApp> {
  const manager = new ValtioStateManager({ persistent: false, crossTab: false, devtools: false });
  await manager.ready;
  manager.set('tree', initialTree());
  manager.flush();
  setGlobalValtioStateManagerReact(manager);
  const store = manager.getProxyStore() as unknown as { tree: Tree };
  function Row({ i }: { i: number }) {
    const snap = useValtioStore() as { tree: Tree };
    counter.renders++;
    return <span data-row={i}>{snap.tree.rows[`r${i}`].value}</span>;
  }
  let root: Root | null = null;
  return {
    async mount(el) {
      root = createRoot(el);
      root.render(<>{Array.from({ length: ROWS }, (_, i) => <Row key={i} i={i} />)}</>);
    },
    async write(row, value, style = 'path') {
      if (style === 'key') {
        // The legacy way: a new 'tree' whose other rows are the same objects (as an
        // immutable update by an MFE would build it from `get`).
        const tree = manager.get<Tree>('tree')!;
        manager.set('tree', { ...tree, rows: { ...tree.rows, [`r${row}`]: { value } } });
      } else store.tree.rows[`r${row}`].value = value;
      // The commit to the core (which drives path notifications) is part of the write.
      manager.flush();
    },
    unmount() {
      root?.unmount();
      manager.destroy();
    },
  };
}
