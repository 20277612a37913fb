// Apps install only what they run: the main package's runtime `dependencies` (plus its
// optional framework peers) are exactly the packages its runtime code imports, and the
// codemod's parsers live in the codemod package.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.cwd(); // vitest runs from the repository root (its config's root)
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return relative(root, full).startsWith('js-shim/wasm/generated') ? [] : sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Package names of the value imports (not `import type`) of the runtime sources. */
function importedPackages(): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(join(root, 'js-shim'))) {
    const text = readFileSync(file, 'utf8');
    const specs = [
      ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;'"`]*?\bfrom\s+'([^']+)'/gm)].map((m) => m[1]!),
      ...[...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!),
    ];
    for (const spec of specs) {
      if (spec.startsWith('.') || spec.startsWith('node:')) continue;
      found.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return found;
}

describe('runtime dependencies of @mfe/universal-state', () => {
  it('are exactly what the runtime imports (frameworks as optional peers)', () => {
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
    expect([...importedPackages()].sort()).toEqual([...declared].sort());
    for (const peer of Object.keys(pkg.peerDependencies ?? {})) {
      expect((pkg.peerDependenciesMeta as unknown as Record<string, { optional?: boolean }>)[peer]?.optional).toBe(true);
    }
  });

  it('leave the codemod parsers to @mfe/universal-state-codemod, which declares them', () => {
    const codemod = JSON.parse(readFileSync(join(root, 'packages/codemod/package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };
    for (const parser of ['@babel/parser', '@babel/types', '@vue/compiler-sfc']) {
      expect(Object.keys(pkg.dependencies ?? {})).not.toContain(parser);
      expect(Object.keys(codemod.dependencies)).toContain(parser);
    }
    expect(codemod.name).toBe('@mfe/universal-state-codemod');
    expect(pkg.bin).toBeUndefined();
  });
});
