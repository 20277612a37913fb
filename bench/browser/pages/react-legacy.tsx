// W7 legacy: the package's useGlobalState over UniversalStateManager. The manager only
// knows keys, so a path write is an immutable update of the whole 'tree' key.
import { createRoot, type Root } from 'react-dom/client';
import { UniversalStateManager } from '../../../js-shim/core.ts';
import { setGlobalStateManager, useGlobalState } from '../../../js-shim/react/index.ts';
import { counter, initialTree, ROWS, type ReactContestantApp, type Tree } from './react-shared.ts';

export async function createApp(): Promise<ReactContestantApp> {
  const manager = new UniversalStateManager({ persistent: false, crossTab: false, devtools: false });
  manager.set('tree', initialTree());
  setGlobalStateManager(manager);
  function Row({ i }: { i: number }) {
    const [tree] = useGlobalState<Tree>('tree');
    counter.renders++;
    return <span data-row={i}>{tree!.rows[`r${i}`].value}</span>;
  }
  let root: Root | null = null;
  return {
    async mount(el) {
      root = createRoot(el);
      root.render(<>{Array.from({ length: ROWS }, (_, i) => <Row key={i} i={i} />)}</>);
    },
    async write(row, value) {
      const tree = manager.get<Tree>('tree')!;
      manager.set('tree', { ...tree, rows: { ...tree.rows, [`r${row}`]: { value } } });
    },
    unmount() {
      root?.unmount();
      manager.destroy();
    },
  };
}
