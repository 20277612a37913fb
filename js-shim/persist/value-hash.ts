/**
 * The core's value hash (src/value.cpp, valueHash) in TypeScript, so the shim can write a
 * metadata entry the core accepts when the page goes away before the core has loaded
 * (persist/early-writes.ts). A hash that disagreed would only make the next load treat the
 * entry as torn and date it with the zero clock: the value is never lost, only its clock.
 * tests/js/hostile/early-persist-meta.test.ts checks this against the real core.
 */
const MASK = (1n << 64n) - 1n;
const encoder = new TextEncoder();
const numberBits = new DataView(new ArrayBuffer(8));

function mix64(input: bigint): bigint {
  let x = input & MASK;
  x ^= x >> 30n;
  x = (x * 0xbf58476d1ce4e5b9n) & MASK;
  x ^= x >> 27n;
  x = (x * 0x94d049bb133111ebn) & MASK;
  x ^= x >> 31n;
  return x;
}

/** FNV-1a over the UTF-8 bytes. */
function fnv(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of encoder.encode(text)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & MASK;
  return h;
}

function valueHash(value: unknown): bigint {
  if (value === null) return mix64(1n);
  switch (typeof value) {
    case 'boolean':
      return mix64(value ? 3n : 2n);
    case 'number':
      numberBits.setFloat64(0, value === 0 ? 0 : value, true);
      return mix64(numberBits.getBigUint64(0, true) ^ 0x4e554dn);
    case 'string':
      return mix64(fnv(value) ^ 0x535452n);
    default:
      break;
  }
  if (Array.isArray(value)) {
    let h = mix64(0x415252n + BigInt(value.length));
    for (const item of value) h = mix64(h * 31n + valueHash(item));
    return h;
  }
  // Members summed, so their order does not matter (as in the core).
  const names = Object.keys(value as object);
  let sum = 0n;
  for (const name of names) sum = (sum + mix64(fnv(name) * 0x9e3779b97f4a7c15n + valueHash((value as Record<string, unknown>)[name]))) & MASK;
  return mix64(sum ^ (0x4f424an + BigInt(names.length)));
}

/** The 16 hex digits the core writes in a metadata entry's `h`. */
export function valueHashHex(value: unknown): string {
  return valueHash(value).toString(16).padStart(16, '0');
}
