// The static server a host app is served from, with what a real deployment varies: extra
// response headers (a Content-Security-Policy), a `.wasm` that is missing (404), and CORS
// for a server that only hosts the `.wasm` for apps on another origin. A policy over the
// harness's static server, which it serves through (in-process, free port, no orphans).
import { startStaticServer, type StaticServer } from '../../harness/server.js';

export interface HostServerOptions {
  /** Added to every response (e.g. content-security-policy). */
  headers?: Record<string, string>;
  /** Answer every `.wasm` request with 404, as a host that never deployed the file does. */
  wasmNotFound?: boolean;
  /** Allow any origin to fetch (a CDN or remote that serves the `.wasm` to other apps). */
  cors?: boolean;
}

export interface HostServer extends StaticServer {
  /** Paths requested so far, in order (to show which server a file came from). */
  requests: string[];
}

export async function startHostServer(rootDir: string, options: HostServerOptions = {}): Promise<HostServer> {
  const requests: string[] = [];
  const headers: Record<string, string> = { ...options.headers };
  if (options.cors) headers['access-control-allow-origin'] = '*';
  const server = await startStaticServer(rootDir, {
    route(urlPath) {
      requests.push(urlPath);
      // Browsers ask for a favicon on their own; answering it keeps the console clean.
      if (urlPath === '/favicon.ico') return { status: 204, headers };
      if (options.wasmNotFound && urlPath.endsWith('.wasm')) return { status: 404, headers };
      return { headers };
    },
  });
  return { ...server, requests };
}
