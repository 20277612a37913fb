/**
 * Summarises a V8 CPU profile (node --cpu-prof, or Chromium's CDP Profiler): self time by
 * file and by function, with the share of sampled time. Where a workload's time goes.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summarizeProfile(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    const url = n.callFrame.url.replace(/^.*\/(js-shim|bench|node_modules|assets)\//, '$1/');
    const name = `${n.callFrame.functionName || '(anonymous)'}  ${url}:${n.callFrame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + dt);
    total += dt;
  });
  const groups = new Map<string, number>();
  for (const [name, us] of self) {
    const where = name.includes('wasm://') ? 'wasm core (all functions)'
      : name.includes('garbage collector') ? 'garbage collector'
      : name.split('  ')[1]?.split(':')[0] || '(native/other)';
    groups.set(where, (groups.get(where) ?? 0) + us);
  }
  const line = (us: number, what: string) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(1).padStart(8)} ms  ${what}`;
  const out = [`total sampled: ${(total / 1000).toFixed(0)} ms`, 'by file:'];
  for (const [where, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 12)) out.push(line(us, where));
  out.push('by function:');
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(line(us, name));
  return out.join('\n');
}
