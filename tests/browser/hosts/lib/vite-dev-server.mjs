// Runs `vite` (the dev server, no config file, dependency pre-bundling on) for one app, as a
// developer does, and prints its URL as one JSON line; runs until it is killed.
//   node vite-dev-server.mjs <tools> <app>
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [tools, app] = process.argv.slice(2);
const { createServer } = await import(pathToFileURL(createRequire(join(tools, 'package.json')).resolve('vite')).href);

/** A port nobody listens on right now. */
const port = await new Promise((resolve, reject) => {
  const probe = createNetServer().once('error', reject).listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const server = await createServer({ root: app, logLevel: 'warn', server: { host: '127.0.0.1', port, strictPort: true } });
await server.listen();
console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
