// The temporary world the host apps live in, outside the repo so nothing above an app can
// lend it a package:
//   <work>/pkg/    the tarball `npm pack` makes of the built dist/
//   <work>/tools/  the bundlers (vite, webpack, esbuild), a sibling of the apps, never an
//                  ancestor: a bundler runs from here but resolves the app's imports from
//                  the app's own node_modules only
//   <work>/apps/<framework>/  one app per framework set: the tarball and that framework
// Every install runs at once and shares the user's npm cache.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../..', import.meta.url));

/** Bundler versions the apps are built with (esbuild: the version the repo's lock has). */
export const TOOL_VERSIONS = { vite: '7', webpack: '5', esbuild: '0.28.2' } as const;
export const FRAMEWORK_VERSIONS = { react: '19', 'react-dom': '19', vue: '3' } as const;

/** 'both': the legacy container's setup, the one app where the root entry is the import to use. */
export type Framework = 'none' | 'react' | 'vue' | 'both';
export const FRAMEWORK_PACKAGES: Record<Framework, Array<keyof typeof FRAMEWORK_VERSIONS>> = {
  none: [],
  react: ['react', 'react-dom'],
  vue: ['vue'],
  both: ['react', 'react-dom', 'vue'],
};
const APP_FOLDER: Record<Framework, string> = { none: 'no-framework', react: 'react-only', vue: 'vue-only', both: 'react-and-vue' };

/**
 * The environment a child process (npm, a bundler, node) gets: ours without what the test
 * runner sets, so a build behaves as on a developer's machine (vitest sets NODE_ENV=test,
 * which would make Vite bundle React's development build).
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  for (const name of Object.keys(env)) {
    if (name === 'NODE_ENV' || name.startsWith('VITEST') || name === 'TEST' || name === 'NODE_OPTIONS') delete env[name];
  }
  return env;
}

export function run(cmd: string, args: string[], cwd: string, timeoutMs = 300_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

export interface Workspace {
  work: string;
  tools: string;
  tarball: string;
  apps: Record<Framework, string>;
}

/** Packs dist/ (built first if missing), as a publish would ship it. */
function packTarball(pkgDir: string): string {
  if (!existsSync(join(REPO, 'dist/index.js'))) execFileSync('bash', ['scripts/build.sh'], { cwd: REPO, stdio: 'inherit' });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', pkgDir], { cwd: REPO, env: cleanEnv(), encoding: 'utf8' });
  return join(pkgDir, (JSON.parse(out) as Array<{ filename: string }>)[0]!.filename);
}

function npmInstall(dir: string): Promise<string> {
  return run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
}

export async function createWorkspace(): Promise<Workspace> {
  const work = mkdtempSync(join(tmpdir(), 'us-host-apps-'));
  const pkg = join(work, 'pkg');
  mkdirSync(pkg);
  const tarball = packTarball(pkg);
  const tools = join(work, 'tools');
  mkdirSync(tools);
  writeFileSync(join(tools, 'package.json'), JSON.stringify({
    name: 'host-app-tools', private: true,
    dependencies: { vite: TOOL_VERSIONS.vite, webpack: TOOL_VERSIONS.webpack, esbuild: TOOL_VERSIONS.esbuild },
  }, null, 2));
  const apps = {} as Record<Framework, string>;
  for (const framework of Object.keys(FRAMEWORK_PACKAGES) as Framework[]) {
    const app = join(work, 'apps', APP_FOLDER[framework]);
    mkdirSync(app, { recursive: true });
    const dependencies: Record<string, string> = { '@mfe/universal-state': `file:${tarball}` };
    for (const name of FRAMEWORK_PACKAGES[framework]) dependencies[name] = FRAMEWORK_VERSIONS[name];
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: `host-${framework}`, private: true, type: 'module', dependencies }, null, 2));
    apps[framework] = app;
  }
  await Promise.all([npmInstall(tools), ...Object.values(apps).map(npmInstall)]);
  return { work, tools, tarball, apps };
}
