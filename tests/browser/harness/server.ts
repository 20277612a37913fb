// A static file server on 127.0.0.1 with a free port (port 0), serving .wasm as
// application/wasm. In-process, so closing it cannot leave an orphan behind.
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
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  /** e.g. http://127.0.0.1:43121 (no trailing slash) */
  url: string;
  close(): Promise<void>;
}

/**
 * Per-request policy for tests of hosting conditions: `route` may map a request path to
 * another file path (e.g. strip a scenario prefix), answer it with a status of its own (a
 * .wasm that is missing), and add headers (a Content-Security-Policy).
 */
export interface ServerOptions {
  route?(urlPath: string): { path?: string; status?: number; headers?: Record<string, string> };
}

export async function startStaticServer(rootDir: string, options: ServerOptions = {}): Promise<StaticServer> {
  const root = normalize(rootDir);
  const server: Server = createServer(async (req, res) => {
    try {
      const requested = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const routed = options.route?.(requested) ?? {};
      if (routed.status !== undefined) {
        res.writeHead(routed.status, routed.headers).end('answered by the test policy');
        return;
      }
      const urlPath = routed.path ?? requested;
      let file = normalize(join(root, urlPath));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        ...routed.headers,
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
