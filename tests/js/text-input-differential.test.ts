// The wasm core has no JSON reader any more: text messages (older tabs, the NATS connector)
// and stored metadata are read in JS and handed over in the binary form. This compares that
// conversion with the core's own text readers, still built natively as a process
// (tests/cpp/oracle/text_oracle.cpp), on seeded random and hostile texts: the same
// acceptance, the same statuses (code, message, op index) and the same stored state.
// Seed printed; replay with TEXT_DIFF_SEED=<seed> (TEXT_DIFF_CASES=<n> for more cases).
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCore } from '../../js-shim/wasm/load-core.js';
import type { CoreFactory, CoreStatus } from '../../js-shim/wasm/core-api.js';
import { mulberry32 } from '../support/mulberry32.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ORACLE = `${ROOT}build/native/text_oracle`;
const NOW = 1_700_000_000_000; // the oracle's now (text_oracle.cpp)
const SEED = Number(process.env.TEXT_DIFF_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = Number(process.env.TEXT_DIFF_CASES ?? 600);

type Row = [string, string, number];
interface MsgAnswer { dropped: Row[]; state: unknown }
interface MetaAnswer { ok: number; rep: number; e: Row | null; state: unknown }

/** The native build of the text readers; built here when the native tree exists without it. */
function oracle(): string {
  if (!existsSync(ORACLE)) {
    if (!existsSync(`${ROOT}build/native/CMakeCache.txt`)) throw new Error('no native build: run scripts/build-native.sh (npm test builds it in the C++ tier)');
    execFileSync('cmake', ['--build', `${ROOT}build/native`, '--target', 'text_oracle'], { stdio: 'inherit' });
  }
  return ORACLE;
}

function ask<T>(frames: ReadonlyArray<[string, string | Uint8Array]>): T[] {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const [kind, text] of frames) {
    const body = typeof text === 'string' ? enc.encode(text) : text; // as the old wrapper wrote text into wasm memory
    parts.push(enc.encode(`${kind} ${body.length}\n`), body);
  }
  const r = spawnSync(oracle(), { input: Buffer.concat(parts), maxBuffer: 1 << 30, env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  if (r.status !== 0) throw new Error(`text_oracle failed: ${r.stderr}`);
  const lines = r.stdout.toString('utf8').trim().split('\n');
  expect(lines.length).toBe(frames.length);
  return lines.map((l) => JSON.parse(l) as T);
}


function generator(seed: number) {
  const rnd = mulberry32(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
  // Each message is clean (every field acceptable) or hostile; hostile ones draw their
  // fields from both lists, so a bad field sits beside good ones.
  let hostile = false;
  let clocks = 0;
  const choose = <T,>(good: readonly T[], bad: readonly T[]): T => (hostile && rnd() < 0.3 ? pick(bad) : pick(good));
  const ws = (): string => (rnd() < 0.1 ? pick([' ', '\n', '\t ', '\r\n']) : '');
  const str = (s: string): string => JSON.stringify(s);
  const NUMBERS = ['0', '-0', '1', '-17', '3.25', '1.50', '1e2', '1E+2', '2.5e-3', '1e-400', '12345678901234567890', '123456789012345678901234', '9007199254740993', '0.1', '1.7976931348623157e308', '-2147483649', '4294967296'];
  const BAD_NUMBERS = ['1e400', '-1e400', '01', '1.', '.5', '-', '1e', '+1', 'NaN', 'Infinity'];
  const STRINGS = ['"a"', '""', '"é€"', '"😀"', '"\\ud83d\\ude00"', '"\\u00e9"', '"\\n\\t\\/"', '"a\\"b"', '"\ud800raw"', str('x'.repeat(300))];
  const BAD_STRINGS = ['"\\ud800"', '"\\udc00x"', '"\\ud800\\u0041"', '"\\x"', '"\\u12"', '"\u0001"', '"tab\there"', '"unterminated'];
  const NAMES = ['"a"', '"b"', '"1"', '"01"', '"é"', '""', '"x y"', '"\\u0061"'];
  const BAD_NAMES = ['"__proto__"', '"constructor"', '"prototype"', '"__pro\\u0074o__"', '"\\ud800"'];
  const value = (depth: number): string => {
    const r = rnd();
    if (depth > 0 && r < 0.4) {
      const n = int(4);
      if (rnd() < 0.5) return `[${ws()}${Array.from({ length: n }, () => value(depth - 1)).join(`,${ws()}`)}]`;
      return `{${Array.from({ length: n }, () => `${ws()}${choose(NAMES, BAD_NAMES)}${ws()}:${value(depth - 1)}`).join(',')}}`;
    }
    if (r < 0.6) return choose(NUMBERS, BAD_NUMBERS);
    if (r < 0.8) return choose(STRINGS, BAD_STRINGS);
    return choose(['true', 'false', 'null'], ['tru', 'nul']);
  };
  const nested = (levels: number, inner: string): string => '['.repeat(levels) + inner + ']'.repeat(levels);
  const deepValue = (): string => (rnd() < 0.5 ? nested(55 + int(15), '1') : `{"a":${nested(58 + int(10), '{"__proto__":1}')}}`);
  const op = (origin: string): string => {
    const fields: string[] = [];
    const clockOrigin = choose([str(origin)], ['"other"', '""', '5', str('o'.repeat(300))]);
    const wall = choose(['1', '1000', String(NOW - 5)], [String(NOW + 1e9), '-1', '1.5', '"1"', '9007199254740992']);
    // Every op its own clock: under a shared clock the winner is decided by the value's hash,
    // and the old reader only approximated long decimals (JSON.parse, now used, reads them
    // exactly), so two values tied on a clock could be ordered differently on purpose.
    const counter = choose([String(++clocks)], ['4294967297', '1.5']);
    if (!hostile || rnd() > 0.03) fields.push(`"c":${choose([`[${wall},${counter},${clockOrigin}]`], ['[1,0]', '"c"', '[0,0,""]'])}`);
    const kind = choose(['0', '0', '0', '0', '1', '2'], ['3', '"0"', '0.5', '-1']);
    if (!hostile || rnd() > 0.03) fields.push(`"d":${kind}`);
    if (!hostile || rnd() > 0.05) fields.push(`"k":${choose(['"a"', '"b"', '"mfe:x:y"', str('é'.repeat(300))], ['""', '"__proto__"', '"constructor"', '5', str('k'.repeat(1100)), str('é'.repeat(600))])}`);
    if (rnd() < 0.3) fields.push(`"p":${choose(['[]', '["x"]', '[0]', '[1,"y"]', str(Array.from({ length: 40 }, () => 'z'))], ['[262144]', '[-1]', '[1.5]', '[true]', '"x"', '["__proto__"]', '["a","prototype"]', str(Array.from({ length: 64 }, () => 'z'))])}`);
    if (!hostile || rnd() > 0.05) fields.push(`"v":${hostile && rnd() < 0.08 ? deepValue() : value(int(4))}`);
    if (rnd() < 0.3) fields.push(`"s":${choose(['"src"', '""', str('é'.repeat(512))], ['5', str('s'.repeat(1025)), str('é'.repeat(513))])}`);
    if (rnd() < 0.2) fields.push(`"w":${choose(['"mfe1"', str('w'.repeat(1024))], ['null'])}`);
    if (rnd() < 0.1) fields.push(`"v":${value(2)}`); // a duplicate member: the last one wins
    for (let i = fields.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [fields[i], fields[j]] = [fields[j]!, fields[i]!];
    }
    return hostile && rnd() < 0.03 ? pick(['1', '[]', 'null']) : `{${fields.join(`,${ws()}`)}}`;
  };
  const message = (): string => {
    hostile = rnd() < 0.5;
    const origin = choose(['peer'], ['', 'o'.repeat(300)]);
    const t = choose(['"ops"', '"ops"', '"state"'], ['"hello"', '"digest"', '"nope"', '5']);
    const fields = [`"t":${t}`, `"v":${choose(['2', '2.0'], ['"2"', '3', '-2'])}`, `"o":${choose([str(origin)], ['7'])}`, `"s":${int(9)}`];
    const ops = Array.from({ length: int(6) }, () => op(rnd() < 0.9 ? 'peer' : 'other'));
    fields.push(`"ops":${choose([`[${ops.join(',')}]`], ['{}'])}`);
    if (hostile) for (let i = fields.length - 1; i > 0; i--) if (rnd() < 0.05) fields.splice(i, 1);
    return hostile && rnd() < 0.03 ? pick(['[]', '"ops"', '']) : `${ws()}{${fields.join(',')}}${ws()}`;
  };
  const HOSTILE = ['{', '}', '[', ']', '"', ',', ':', '\\', 'u', '0', 'e', '-', ' ', '\u0000', '\ud800', 'é', 'x'];
  const mutate = (text: string): string => {
    let t = text;
    for (let n = 1 + int(3); n > 0 && t.length > 0; n--) {
      const at = int(t.length);
      const r = rnd();
      if (r < 0.35) t = t.slice(0, at) + t.slice(at + 1);
      else if (r < 0.7) t = t.slice(0, at) + pick(HOSTILE) + t.slice(at);
      else if (r < 0.85) t = t.slice(0, at);
      else t = t.slice(0, at) + t.slice(at, at + 1 + int(8)).repeat(2) + t.slice(at + 1 + int(8));
    }
    return t;
  };
  const meta = (valid: string): string => {
    const r = rnd();
    if (r < 0.15) return valid;
    if (r < 0.5) return mutate(valid);
    const m = JSON.parse(valid) as { v: number; c: [number, number, string]; h: string };
    const parts = [
      `"v":${pick([String(m.v), '2', '"1"', '1.5', '1e10', '-1', '1.0'])}`,
      `"c":${pick([str(m.c as unknown as string), `[${NOW + 1e9},0,"x"]`, '[0,0,""]', '[1,2]', '[1,4294967297,"x"]', '[1,0,""]', '"c"', '[[[[1]]],0,"x"]'])}`,
      `"h":${pick([str(m.h), '"0000000000000000"', str(m.h.slice(1)), str(`${m.h}0`), 'null', str(`é${m.h.slice(2)}`), '"\\u0030123456789abcdef"'])}`,
    ];
    if (rnd() < 0.2) parts.push(pick(['"__proto__":1', '"x":[[[1]]]', '"x":[[[[1]]]]', '"constructor":{}', '"h":5', '"h":"0123456789abcdef"']));
    if (rnd() < 0.2) parts.unshift(pick(['"h":5', '"v":"x"', '"c":null']));
    if (rnd() < 0.05) return `{${parts.join(',')},"pad":"${'p'.repeat(4100)}"}`;
    return `{${parts.join(',')}}`;
  };
  // Text that arrives as bytes (the core read bytes without the binary mark as UTF-8),
  // sometimes with bytes that are not UTF-8 or a byte-order mark.
  const BAD_BYTES = [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82], [0xef, 0xbb, 0xbf], [0x80]];
  const asBytes = (text: string): Uint8Array => {
    const b = [...new TextEncoder().encode(text)];
    if (rnd() < 0.6) b.splice(rnd() < 0.2 ? 0 : int(b.length + 1), 0, ...pick(BAD_BYTES));
    return new Uint8Array(b);
  };
  const anyMessage = (): string | Uint8Array => {
    const text = rnd() < 0.2 ? mutate(message()) : message();
    return rnd() < 0.15 ? asBytes(text) : text;
  };
  return { message: anyMessage, meta };
}

let factory: CoreFactory;
beforeAll(async () => {
  factory = await loadCore();
});

const row = (s: CoreStatus): Row => [s.code, s.message, s.opIndex ?? -1];

describe(`text inputs: JS conversion against the core's text readers (TEXT_DIFF_SEED=${SEED})`, () => {
  it('messages: same statuses and same stored state for random and hostile texts', () => {
    console.log(`[text differential] seed ${SEED}, ${CASES} messages (replay: TEXT_DIFF_SEED=${SEED})`);
    const gen = generator(SEED);
    const texts = Array.from({ length: CASES }, () => gen.message());
    const answers = ask<MsgAnswer>(texts.map((t) => ['msg', t]));
    let merged = 0;
    for (let i = 0; i < texts.length; i++) {
      const core = factory.create({ origin: 'oracle' });
      const r = core.applyRemote(texts[i]!, NOW);
      const got = { dropped: r.dropped.map(row), state: JSON.parse(core.exportJson()) as unknown };
      core.dispose();
      const shown = typeof texts[i] === 'string' ? JSON.stringify(texts[i]) : `bytes ${Buffer.from(texts[i] as Uint8Array).toString('hex')}`;
      expect(got, `case ${i} (seed ${SEED}): ${shown.slice(0, 400)}`).toEqual(answers[i]);
      if (r.changes.length > 0) merged++;
    }
    // The generator must reach the core with accepted ops, not only refusals.
    expect(merged).toBeGreaterThan(CASES / 20);
  });

  it('metadata: same load result and stored state for random and hostile texts', () => {
    const gen = generator(SEED ^ 0x5eed);
    const source = factory.create({ origin: 'src' });
    source.applyLocal([{ kind: 'set', key: 'k', path: [], value: 1 }], NOW);
    const valid = source.keyMeta('k')!;
    const texts = Array.from({ length: Math.ceil(CASES / 2) }, () => gen.meta(valid));
    const answers = ask<MetaAnswer>(texts.map((t) => ['meta', t]));
    const seen = new Set<string>();
    for (let i = 0; i < texts.length; i++) {
      const core = factory.create({ origin: 'oracle' });
      const r = core.loadEntry('k', '1', texts[i]!, NOW);
      const got = { ok: r.ok ? 1 : 0, rep: r.repaired ? 1 : 0, e: r.error ? row(r.error) : null, state: JSON.parse(core.exportJson()) as unknown };
      core.dispose();
      expect(got, `case ${i} (seed ${SEED}): ${JSON.stringify(texts[i]).slice(0, 400)}`).toEqual(answers[i]);
      seen.add(`${got.rep}:${got.e?.[0] ?? ''}`);
    }
    // Kept (not repaired), unreadable and future-clock metadata all occur.
    expect(seen.has('0:')).toBe(true);
    expect(seen.has('1:BAD_META')).toBe(true);
  });
});
