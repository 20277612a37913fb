/** Deterministic inputs, built outside every timed region. */

/** A small seeded PRNG (mulberry32) so every contestant gets the same key sequence. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomIndices(count: number, range: number, seed: number): Int32Array {
  const next = prng(seed);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.floor(next() * range);
  return out;
}

/**
 * A user record whose JSON text is about 200 bytes (W4, W5). `generation` makes each pass
 * write a value that differs from the stored one, so no contestant can skip an equal write.
 */
export function userObject(id: number, generation: number): Record<string, unknown> {
  return {
    id,
    name: `User Number ${id}`,
    email: `user${id}@example.com`,
    age: 20 + (id % 50),
    active: (id + generation) % 2 === 0,
    address: { street: `${id} Main Street`, city: 'Springfield', zip: `${10000 + id}` },
    tags: ['member', id % 3 === 0 ? 'admin' : 'user'],
    updatedAt: 1700000000000 + generation,
  };
}

/**
 * Inputs built just before a timed region live in V8's young generation; the first
 * scavenges inside the timed region would copy them all (megabytes for W4), which showed as
 * 100-400% spreads on legacy's short W4 rounds. Churning through short-lived garbage first
 * makes two scavenges promote the inputs, outside the timing. No engine flag needed.
 */
export function promoteInputs(): void {
  let keep = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < 64; i++) keep += new Array(65_536).fill(i).length;
  }
  if (keep < 0) throw new Error('unreachable');
}
