/**
 * Prints bench/results/latest.json (or the file given) as Markdown tables.
 *   node node_modules/vite-node/vite-node.mjs -c bench/node/vite.config.ts bench/report-md.ts [-- file]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { markdownTables } from './lib/markdown.ts';

const file = process.argv[2] ?? fileURLToPath(new URL('./results/latest.json', import.meta.url));
console.log(markdownTables(JSON.parse(readFileSync(file, 'utf8'))));
