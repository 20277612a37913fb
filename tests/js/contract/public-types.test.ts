// An MFE that types its manager as the public `StateManager` interface can hand it to every
// adapter setter and factory, and call the adapters' part of the interface, without casts
// (the codemod fixtures had to work around this with `AnyStateManager`). Checked by running
// tsc on a small MFE against the package's real source; a deliberate mistake in a second
// file proves the check reports errors at all.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const work = join(repoRoot, 'build/public-types');

const typedMfe = `
import type { StateManager } from '@mfe/universal-state';
import {
  setGlobalStateManager, setGlobalValtioStateManagerReact, createReactAdapter, createValtioReactAdapter,
  setGlobalValtioStateManagerVue, createValtioVueAdapter, VueAdapter,
} from '@mfe/universal-state';

export function mount(services: { stateManager: StateManager }): string[] {
  const manager = services.stateManager;
  setGlobalStateManager(manager);
  setGlobalValtioStateManagerReact(manager);
  setGlobalValtioStateManagerVue(manager);
  createReactAdapter(manager);
  createValtioReactAdapter(manager);
  createValtioVueAdapter(manager);
  new VueAdapter(manager);
  manager.writePath('user', ['profile', 'city'], 'Rome', 'profile-mfe');
  const stop = manager.subscribePath('user', ['name'], () => {});
  stop();
  const frozen: unknown = manager.snapshotAt('user', []);
  return [...manager.keys(), String(manager.readAt('user', ['name'])), String(frozen), String(manager.listenerCount())];
}
`;

// Not a manager at all: must be refused, or the check above proves nothing.
const wrongMfe = `
import { setGlobalStateManager } from '@mfe/universal-state';
setGlobalStateManager({ get: () => undefined });
`;

let output = '';
let code = 0;

beforeAll(async () => {
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  await writeFile(join(work, 'typed-mfe.ts'), typedMfe);
  await writeFile(join(work, 'wrong-mfe.ts'), wrongMfe);
  const js = (p: string) => [join(repoRoot, 'js-shim', p)];
  const config = {
    compilerOptions: {
      target: 'ES2022', module: 'ES2022', moduleResolution: 'Bundler', strict: true, noEmit: true,
      skipLibCheck: true, jsx: 'react-jsx', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: ['node'],
      paths: { '@mfe/universal-state': js('index.ts') },
    },
    files: [join(work, 'typed-mfe.ts'), join(work, 'wrong-mfe.ts')],
    include: [join(repoRoot, 'js-shim/**/*.d.ts')],
  };
  await writeFile(join(work, 'tsconfig.json'), JSON.stringify(config, null, 2));
  try {
    await exec(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(work, 'tsconfig.json')], { cwd: work, maxBuffer: 1 << 24 });
  } catch (error) {
    const e = error as { code: number; stdout: string };
    code = e.code;
    output = e.stdout;
  }
}, 180_000);

describe('public types', () => {
  it('a manager typed as StateManager goes to every adapter without a cast', () => {
    const errorsIn = (file: string) => output.split('\n').filter((line) => line.includes(file));
    expect(errorsIn('typed-mfe.ts')).toEqual([]);
  });

  it('the check is real: something that is not a manager is refused', () => {
    expect(code).not.toBe(0);
    expect(output).toMatch(/wrong-mfe\.ts\(3,\d+\): error TS/);
  });
});
