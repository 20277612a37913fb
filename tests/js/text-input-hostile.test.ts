// Hostile text inputs, now read in JS instead of by a JSON reader in the wasm: each one must
// be refused (or accepted) exactly as before, with the same status code, message and op
// index, and leave the same state. The expected results were recorded from the build whose
// wasm still read JSON; the seeded differential test (text-input-differential.test.ts)
// compares random texts with the native text readers.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCore } from '../../js-shim/wasm/load-core.js';
import type { CoreFactory } from '../../js-shim/wasm/core-api.js';

const NOW = 1_700_000_000_000;
const op = (v, extra = '') => `{"t":"ops","v":2,"o":"p","ops":[{"c":[1,0,"p"],"d":0,"k":"k","v":${v}${extra}}]}`;
const MESSAGES: Record<string, string> = {
  'malformed JSON': '{"t":"ops","v":2,',
  'trailing characters': '{"t":"ops","v":2,"o":"p","ops":[]} x',
  'escaped lone high surrogate': op('"\\ud800"'),
  'escaped lone low surrogate': op('"\\udc00"'),
  'high surrogate then a non-low escape': op('"\\ud800\\u0041"'),
  'raw lone surrogate (replaced by U+FFFD, as UTF-8 carried it)': op('"\ud800"'),
  'escaped surrogate pair': op('"\\ud83d\\ude00"'),
  '__proto__ member in a value': op('{"__proto__":{"x":1}}'),
  'escaped __proto__ member name': op('{"__pro\\u0074o__":1}'),
  'constructor member deep in a value': op('[{"a":{"constructor":1}}]'),
  '__proto__ key': '{"t":"ops","v":2,"o":"p","ops":[{"c":[1,0,"p"],"d":0,"k":"__proto__","v":1}]}',
  'prototype path segment': '{"t":"ops","v":2,"o":"p","ops":[{"c":[1,0,"p"],"d":0,"k":"k","p":["prototype"],"v":1}]}',
  'value too deep for the envelope': op('['.repeat(70) + ']'.repeat(70)),
  'value at the depth limit': op('['.repeat(64) + ']'.repeat(64)),
  'value too deep under its path': '{"t":"ops","v":2,"o":"p","ops":[{"c":[1,0,"p"],"d":0,"k":"k","p":["a","b"],"v":' + '['.repeat(63) + ']'.repeat(63) + '}]}',
  'text within 4 MiB whose binary form is not': '{"t":"ops","v":2,"o":"p","ops":[' + Array.from({ length: 9 }, (_, i) => `{"c":[${i + 1},0,"p"],"d":0,"k":"k${i}","v":${JSON.stringify(Array.from({ length: 100000 }, () => 1))}}`).join(',') + ']}',
  'number out of range': op('1e400'),
  'negative number out of range': op('-1e999'),
  'long integer read exactly': op('123456789012345678901234'),
  'duplicate members: last wins': op('{"a":1,"a":2}'),
  'duplicate members: a fault in the overwritten one': op('{"a":"\\ud800","a":2}'),
  'control character in a string': op('"a\u0001b"'),
  'bad escape': op('"\\x"'),
  'value over 1 MiB (estimated as the core did)': op(JSON.stringify(Array.from({ length: 140000 }, () => 1))),
  'ops message over 4 MiB': op(JSON.stringify('y'.repeat(4_200_000))),
  'one bad op among good ones': '{"t":"ops","v":2,"o":"p","ops":[{"c":[1,0,"p"],"d":0,"k":"a","v":1},{"c":[2,0,"p"],"d":0,"k":"","v":1},{"c":[3,0,"x"],"d":0,"k":"b","v":1},{"c":[' + (NOW + 1e9) + ',0,"p"],"d":0,"k":"c","v":1},{"c":[4,0,"p"],"d":0,"k":"d","v":{"prototype":0}}]}',
  'forbidden path segment, then no value': '{"t":"ops","v":2,"o":"p","ops":[{"c":[1,0,"p"],"d":0,"k":"k","p":["prototype"]}]}',
  'a path segment over 1 MiB (no limit of its own)': '{"t":"ops","v":2,"o":"p","ops":[{"c":[1,0,"p"],"d":0,"k":"k","v":{}},{"c":[2,0,"p"],"d":0,"k":"k","p":["' + 's'.repeat(1_100_000) + '"],"v":1}]}',
  'a string over 1 MiB, then a forbidden member': op(`{"big":"${'b'.repeat(1_100_000)}","__proto__":1}`),
  'a string over 1 MiB, then nesting too deep': op(`{"big":"${'b'.repeat(1_100_000)}","d":${'['.repeat(64)}${']'.repeat(64)}}`),
  'unknown type': '{"t":"nope","v":2,"o":"p","ops":[]}',
  'hello': '{"t":"hello","v":2,"o":"p"}',
  'wrong version': '{"t":"ops","v":3,"o":"p","ops":[]}',
  'not an object': '[1,2]',
  'state from another origin is fine': '{"t":"state","v":2,"o":"p","ops":[{"c":[1,0,"q"],"d":0,"k":"k","v":"s"}]}',
};
const METAS = (valid: string): Record<string, string> => ({
  'valid': valid,
  'not JSON': valid.slice(0, -2),
  '__proto__ member': valid.replace('{', '{"__proto__":1,'),
  'at the depth limit': valid.replace('{', '{"x":[[[1]]],'),
  'too deep': valid.replace('{', '{"x":[[[[1]]]],'),
  'raw lone surrogate in a member': valid.replace('{', '{"x":"\ud800",'),
  'wrong hash': valid.replace(/"h":"[0-9a-f]+"/, '"h":"0000000000000000"'),
  'future clock': valid.replace(/"c":\[\d+/, `"c":[${NOW + 1e9}`),
  'other schema': valid.replace('"v":1', '"v":2'),
  'escaped lone surrogate': valid.replace('{', '{"x":"\\ud800",'),
  'over 4096 bytes': valid.replace('{', `{"pad":"${'p'.repeat(4100)}",`),
});

/** Results of the wasm that read JSON itself (state: keys only for the very large ones). */
const BEFORE_MESSAGES: Record<string, { dropped: unknown[]; state: unknown }> = {
  "malformed JSON": {"dropped":[{"code":"BAD_MESSAGE","message":"message: expected a member name"}],"state":{}},
  "trailing characters": {"dropped":[{"code":"BAD_MESSAGE","message":"message: trailing characters"}],"state":{}},
  "escaped lone high surrogate": {"dropped":[{"code":"BAD_MESSAGE","message":"message: lone surrogate"}],"state":{}},
  "escaped lone low surrogate": {"dropped":[{"code":"BAD_MESSAGE","message":"message: lone surrogate"}],"state":{}},
  "high surrogate then a non-low escape": {"dropped":[{"code":"BAD_MESSAGE","message":"message: lone surrogate"}],"state":{}},
  "raw lone surrogate (replaced by U+FFFD, as UTF-8 carried it)": {"dropped":[],"state":{"k":"�"}},
  "escaped surrogate pair": {"dropped":[],"state":{"k":"😀"}},
  "__proto__ member in a value": {"dropped":[{"code":"FORBIDDEN_KEY","message":"forbidden member name: __proto__","opIndex":0}],"state":{}},
  "escaped __proto__ member name": {"dropped":[{"code":"FORBIDDEN_KEY","message":"forbidden member name: __proto__","opIndex":0}],"state":{}},
  "constructor member deep in a value": {"dropped":[{"code":"FORBIDDEN_KEY","message":"forbidden member name: constructor","opIndex":0}],"state":{}},
  "__proto__ key": {"dropped":[{"code":"FORBIDDEN_KEY","message":"forbidden key: __proto__","opIndex":0}],"state":{}},
  "prototype path segment": {"dropped":[{"code":"FORBIDDEN_KEY","message":"forbidden path segment: prototype","opIndex":0}],"state":{}},
  "value too deep for the envelope": {"dropped":[{"code":"TOO_DEEP","message":"message: value nested too deeply"}],"state":{}},
  "value at the depth limit": {"dropped":[],"state":{"k":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}},
  "value too deep under its path": {"dropped":[{"code":"TOO_DEEP","message":"value nested too deeply","opIndex":0}],"state":{}},
  "text within 4 MiB whose binary form is not": {"dropped":[],"state":["k0","k1","k2","k3","k4","k5","k6","k7","k8"]},
  "number out of range": {"dropped":[{"code":"BAD_MESSAGE","message":"message: number out of range"}],"state":{}},
  "negative number out of range": {"dropped":[{"code":"BAD_MESSAGE","message":"message: number out of range"}],"state":{}},
  "long integer read exactly": {"dropped":[],"state":{"k":1.2345678901234569e+23}},
  "duplicate members: last wins": {"dropped":[],"state":{"k":{"a":2}}},
  "duplicate members: a fault in the overwritten one": {"dropped":[{"code":"BAD_MESSAGE","message":"message: lone surrogate"}],"state":{}},
  "control character in a string": {"dropped":[{"code":"BAD_MESSAGE","message":"message: control character in string"}],"state":{}},
  "bad escape": {"dropped":[{"code":"BAD_MESSAGE","message":"message: bad escape"}],"state":{}},
  "value over 1 MiB (estimated as the core did)": {"dropped":[{"code":"TOO_LARGE","message":"value over 1 MiB","opIndex":0}],"state":[]},
  "ops message over 4 MiB": {"dropped":[{"code":"TOO_LARGE","message":"message over 4 MiB"}],"state":[]},
  "one bad op among good ones": {"dropped":[{"code":"BAD_KEY","message":"empty key","opIndex":1},{"code":"BAD_MESSAGE","message":"op clock origin differs from the sender","opIndex":2},{"code":"FUTURE_CLOCK","message":"clock too far in the future","opIndex":3},{"code":"FORBIDDEN_KEY","message":"forbidden member name: prototype","opIndex":4}],"state":{"a":1}},
  "forbidden path segment, then no value": {"dropped":[{"code":"FORBIDDEN_KEY","message":"forbidden path segment: prototype","opIndex":0}],"state":{}},
  "a path segment over 1 MiB (no limit of its own)": {"dropped":[],"state":["k"]},
  "a string over 1 MiB, then a forbidden member": {"dropped":[{"code":"FORBIDDEN_KEY","message":"forbidden member name: __proto__","opIndex":0}],"state":{}},
  "a string over 1 MiB, then nesting too deep": {"dropped":[{"code":"TOO_DEEP","message":"value nested too deeply","opIndex":0}],"state":{}},
  "unknown type": {"dropped":[{"code":"UNKNOWN_TYPE","message":"unknown message type"}],"state":{}},
  "hello": {"dropped":[],"state":{}},
  "wrong version": {"dropped":[{"code":"BAD_MESSAGE","message":"unsupported protocol version"}],"state":{}},
  "not an object": {"dropped":[{"code":"BAD_MESSAGE","message":"message without a type"}],"state":{}},
  "state from another origin is fine": {"dropped":[],"state":{"k":"s"}},
};

const BEFORE_METAS: Record<string, unknown> = {
  "valid": {"ok":true,"repaired":false},
  "not JSON": {"ok":true,"repaired":true,"error":{"code":"BAD_META","message":"unreadable metadata for k"}},
  "__proto__ member": {"ok":true,"repaired":true,"error":{"code":"BAD_META","message":"unreadable metadata for k"}},
  "at the depth limit": {"ok":true,"repaired":false},
  "too deep": {"ok":true,"repaired":true,"error":{"code":"BAD_META","message":"unreadable metadata for k"}},
  "raw lone surrogate in a member": {"ok":true,"repaired":false},
  "wrong hash": {"ok":true,"repaired":true},
  "future clock": {"ok":true,"repaired":true,"error":{"code":"FUTURE_CLOCK","message":"stored clock too far in the future"}},
  "other schema": {"ok":true,"repaired":true,"error":{"code":"BAD_META","message":"metadata schema version 2"}},
  "escaped lone surrogate": {"ok":true,"repaired":true,"error":{"code":"BAD_META","message":"unreadable metadata for k"}},
  "over 4096 bytes": {"ok":true,"repaired":true,"error":{"code":"BAD_META","message":"unreadable metadata for k"}},
};

let factory: CoreFactory;
beforeAll(async () => {
  factory = await loadCore();
});

describe('hostile text messages: the same verdict as the JSON reader in the wasm gave', () => {
  for (const [name, text] of Object.entries(MESSAGES)) {
    it(name, () => {
      const core = factory.create({ origin: 'me' });
      const r = core.applyRemote(text, NOW);
      const state = JSON.parse(core.exportJson()) as Record<string, unknown>;
      const before = BEFORE_MESSAGES[name]!;
      expect(r.dropped).toEqual(before.dropped);
      expect(Array.isArray(before.state) ? Object.keys(state) : state).toEqual(before.state);
    });
  }
});

describe('hostile stored metadata: the same load result as the JSON reader in the wasm gave', () => {
  it('for every case', () => {
    const src = factory.create({ origin: 'src' });
    src.applyLocal([{ kind: 'set', key: 'k', path: [], value: 1 }], NOW);
    for (const [name, text] of Object.entries(METAS(src.keyMeta('k')!))) {
      const core = factory.create({ origin: 'me' });
      expect(core.loadEntry('k', '1', text, NOW), name).toEqual(BEFORE_METAS[name]);
    }
  });
});
