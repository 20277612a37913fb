// Before an app proves anything about the package, it proves it is the app it claims to be:
// a framework the case says is absent cannot be resolved from the app folder (so nothing
// above the app lends it one), a framework it has resolves from its own node_modules, and
// the package resolves from the tarball install (a real copy, not a link into the repo).
import { createRequire } from 'node:module';
import { lstatSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { FRAMEWORK_PACKAGES, type Framework } from './workspace.js';

const ALL_FRAMEWORK_PACKAGES = ['react', 'react-dom', 'vue'] as const;

function resolveFrom(app: string, request: string): string | null {
  try {
    // A require of the app's own (not this file's): a require made inside the repo would
    // resolve '@mfe/universal-state' to the repo itself (a package may import its own name).
    return createRequire(join(app, 'package.json')).resolve(request, { paths: [app] });
  } catch {
    return null;
  }
}

export interface EnvironmentReport {
  /** One line per fact, printed with the case. */
  lines: string[];
  /** What contradicts the case; empty when the environment is the one claimed. */
  problems: string[];
}

export function checkEnvironment(app: string, framework: Framework): EnvironmentReport {
  const lines: string[] = [];
  const problems: string[] = [];
  const own = join(app, 'node_modules') + sep;
  const present = new Set<string>(FRAMEWORK_PACKAGES[framework]);
  for (const name of ALL_FRAMEWORK_PACKAGES) {
    const resolved = resolveFrom(app, name);
    if (present.has(name)) {
      lines.push(`${name}: ${resolved ?? 'NOT RESOLVABLE'}`);
      if (resolved === null || !resolved.startsWith(own)) problems.push(`${name} should resolve from ${own}, got ${resolved}`);
    } else {
      lines.push(`${name}: absent (require.resolve from the app throws)`);
      if (resolved !== null) problems.push(`${name} must be absent but resolves to ${resolved}`);
    }
  }
  const manifest = resolveFrom(app, '@mfe/universal-state/package.json');
  const installDir = join(app, 'node_modules', '@mfe', 'universal-state');
  if (manifest !== join(installDir, 'package.json')) {
    problems.push(`@mfe/universal-state should resolve from ${installDir}, got ${manifest}`);
  } else {
    const isLink = lstatSync(installDir).isSymbolicLink();
    const lock = JSON.parse(readFileSync(join(app, 'node_modules', '.package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string; version?: string }>;
    };
    const entry = lock.packages['node_modules/@mfe/universal-state'];
    lines.push(`@mfe/universal-state: ${entry?.version} installed from ${entry?.resolved}${isLink ? ' (a symlink!)' : ''}`);
    if (isLink) problems.push('@mfe/universal-state is a symlink, not an install of the tarball');
    if (!entry?.resolved?.endsWith('.tgz')) problems.push(`@mfe/universal-state was not installed from the tarball: ${entry?.resolved}`);
  }
  return { lines, problems };
}
