// The static server a host app is served from, with what a real deployment varies: extra
// response headers (a Content-Security-Policy), a `.wasm` that is missing (404), and CORS
// for a server that only hosts the `.wasm` for apps on another origin. In-process on a free
// port, so closing it cannot leave an orphan behind.
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

export interface HostServerOptions {
  /** Added to every response (e.g. content-security-policy). */
  headers?: Record<string, string>;
  /** Answer every `.wasm` request with 404, as a host that never deployed the file does. */
  wasmNotFound?: boolean;
  /** Allow any origin to fetch (a CDN or remote that serves the `.wasm` to other apps). */
  cors?: boolean;
}

export interface HostServer {
  /** e.g. http://127.0.0.1:43121 (no trailing slash) */
  url: string;
  /** Paths requested so far, in order (to show which server a file came from). */
  requests: string[];
  close(): Promise<void>;
}

export async function startHostServer(rootDir: string, options: HostServerOptions = {}): Promise<HostServer> {
  const root = normalize(rootDir);
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(urlPath);
    const headers: Record<string, string> = { 'cache-control': 'no-store', ...options.headers };
    if (options.cors) headers['access-control-allow-origin'] = '*';
    // Browsers ask for a favicon on their own; answering it keeps the console clean.
    if (urlPath === '/favicon.ico') return void res.writeHead(204, headers).end();
    if (options.wasmNotFound && urlPath.endsWith('.wasm')) return void res.writeHead(404, headers).end('not found');
    let file = normalize(join(root, urlPath));
    if (file !== root && !file.startsWith(root + sep)) return void res.writeHead(403, headers).end();
    try {
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, headers).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
