/**
 * Prints the functions with the most self time in a V8 .cpuprofile (from node --cpu-prof),
 * with their share of the sampled time: where a workload's nanoseconds go.
 *   vite-node bench/node/summarize-profile.ts -- path/to/file.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const n = byId.get(id)!;
  const dt = profile.timeDeltas[i] ?? 0;
  const url = n.callFrame.url.replace(/^.*\/(js-shim|bench|node_modules)\//, '$1/');
  const name = `${n.callFrame.functionName || '(anonymous)'}  ${url}:${n.callFrame.lineNumber + 1}`;
  self.set(name, (self.get(name) ?? 0) + dt);
  total += dt;
});
// Grouped by where the code lives: wasm core, the JS boundary, the rest of the shim, GC.
const groups = new Map<string, number>();
for (const [name, us] of self) {
  const where = name.includes('wasm://') ? 'wasm core (all functions)'
    : name.includes('garbage collector') ? 'garbage collector'
    : name.split('  ')[1]?.split(':')[0] || '(native/other)';
  groups.set(where, (groups.get(where) ?? 0) + us);
}
console.log('by file:');
for (const [where, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(1).padStart(8)} ms  ${where}`);
}
console.log('by function:');
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25));
console.log(`total sampled: ${(total / 1000).toFixed(0)} ms`);
for (const [name, us] of top) console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
