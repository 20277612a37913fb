// Builds every host app, two at a time (the machine has two cores), each in its own
// process. A failed build fails only the cases that need it: its error is kept and thrown
// by them, so one broken bundler does not hide the results of the others.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cleanEnv, type Workspace } from './workspace.js';
import type { Bundler, HostCase } from './host-cases.js';
import { mainFile, pageHtml } from './app-sources.js';

const BUNDLE_SCRIPT = fileURLToPath(new URL('./bundle-app.mjs', import.meta.url));

export interface BuildJob {
  id: string;
  app: string;
  bundler: Bundler;
  /** The page (Vite) or script (webpack, esbuild) the build starts from, relative to app. */
  entry: string;
  /** Relative to app. */
  outDir: string;
  /** The page written beside a webpack or esbuild bundle. */
  html?: string;
  uniqueName?: string;
}

export interface BuildResult {
  ok: boolean;
  /** The bundler's output when it failed. */
  log: string;
  seconds: number;
}

export const outDirOf = (c: HostCase) => `dist-${c.bundler}`;

export function caseJob(ws: Workspace, c: HostCase): BuildJob {
  const app = ws.apps[c.framework];
  if (c.bundler === 'vite') return { id: c.name, app, bundler: 'vite', entry: 'index.html', outDir: outDirOf(c) };
  const html = pageHtml('main.js', c.bundler === 'webpack' ? 'classic' : 'module');
  return { id: c.name, app, bundler: c.bundler, entry: mainFile(c), outDir: outDirOf(c), html };
}

function runJob(tools: string, job: BuildJob): Promise<BuildResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BUNDLE_SCRIPT, JSON.stringify({ tools, ...job })], {
      cwd: job.app, env: cleanEnv(), encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20,
    }, (error, stdout, stderr) => {
      resolve({ ok: error === null, log: `${stdout}${stderr}`.trim(), seconds: (Date.now() - started) / 1000 });
    });
  });
}

export async function buildAll(tools: string, jobs: BuildJob[], parallel = 2): Promise<Map<string, BuildResult>> {
  const results = new Map<string, BuildResult>();
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) results.set(job.id, await runJob(tools, job));
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}
