// The table of root names to subpaths (js-shim/entry-map.ts) is what the codemod rewrites
// root imports with and what the node entries are generated from: it must list exactly the
// root's names, values and types, each under the subpath whose .d.ts exports it. And the
// version each built copy announces on a page must be the package's.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT_NAMES_BY_SUBPATH, SUBPATH_ENTRIES, subpathOf, type SubpathName } from '../../js-shim/entry-map.js';
import { PACKAGE_VERSION } from '../../js-shim/version.js';
import { repoRoot, run } from './packed-app.js';

/** Exported names of a declaration file and whether each exists at run time. */
function exportsOf(program: ts.Program, file: string): Map<string, 'value' | 'type'> {
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return new Map(checker.getExportsOfModule(moduleSymbol).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    return [symbol.name, target.flags & ts.SymbolFlags.Value ? 'value' : 'type'] as const;
  }));
}

describe('the entry map', () => {
  it('lists exactly the root names, each as exported by its subpath', () => {
    if (!existsSync(join(repoRoot, 'dist/index.d.ts'))) run('bash', ['scripts/build.sh'], repoRoot);
    const file = (name: string) => join(repoRoot, 'dist', `${name}.d.ts`);
    const declarations = { core: file('core'), react: file('react/index'), vue: file('vue/index') };
    const program = ts.createProgram([file('index'), ...Object.values(declarations)], {
      module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, noEmit: true,
    });
    const root = exportsOf(program, file('index'));
    const listed = new Map<string, 'value' | 'type'>();
    for (const subpath of Object.keys(ROOT_NAMES_BY_SUBPATH) as SubpathName[]) {
      const exported = exportsOf(program, declarations[subpath]);
      for (const kind of ['values', 'types'] as const) {
        for (const name of ROOT_NAMES_BY_SUBPATH[subpath][kind]) {
          listed.set(name, kind === 'values' ? 'value' : 'type');
          expect(exported.get(name), `${name} from ${SUBPATH_ENTRIES[subpath]}`).toBe(kind === 'values' ? 'value' : 'type');
        }
      }
    }
    expect(new Map([...listed].sort())).toEqual(new Map([...root].sort()));
  });

  it('answers per name', () => {
    expect(subpathOf('useGlobalState')).toEqual({ entry: '@mfe/universal-state/react', kind: 'value' });
    expect(subpathOf('VueStore')).toEqual({ entry: '@mfe/universal-state/vue', kind: 'type' });
    expect(subpathOf('createStateManager')).toEqual({ entry: '@mfe/universal-state/core', kind: 'value' });
    expect(subpathOf('notAName')).toBeUndefined();
  });
});

describe('the version a copy announces', () => {
  it('is the package version, in the sources and in the build', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(PACKAGE_VERSION).toBe(pkg.version);
    if (existsSync(join(repoRoot, 'dist/version.js'))) {
      expect(readFileSync(join(repoRoot, 'dist/version.js'), 'utf8')).toContain(JSON.stringify(pkg.version));
    }
  });
});
