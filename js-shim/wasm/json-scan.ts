/**
 * A strict JSON scanner that finds the first fault of a text exactly where, and with the
 * status, the core's own reader reported it when the wasm still read JSON: syntax, nesting
 * depth, escaped lone surrogates, numbers out of range and (optionally) forbidden member
 * names, in document order. It builds nothing: JSON.parse builds the value once the scan
 * passed. Duplicate members are not a fault (the last one wins, as in JSON.parse), but a
 * fault inside an overwritten one still is, as it was for the core.
 */
export interface ScanFault {
  code: 'BAD_JSON' | 'TOO_DEEP' | 'FORBIDDEN_KEY';
  message: string;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** True for the member names the core refuses (they could pollute a JS prototype). */
export function isForbiddenName(name: string): boolean {
  return FORBIDDEN.has(name);
}

/**
 * The first fault of `text`, or null when it is one JSON value within `maxDepth` containers.
 * `badTail`: the text's last unit stands for bytes that were not UTF-8 (bytesToText), a fault
 * wherever the reader meets it: in a string, "invalid UTF-8", as the core said.
 */
export function scanJson(text: string, maxDepth: number, rejectForbidden: boolean, badTail = false): ScanFault | null {
  const end = text.length;
  let p = 0;
  let fault: ScanFault | null = null;
  const fail = (code: ScanFault['code'], message: string): false => {
    fault ??= { code, message };
    return false;
  };
  const ws = (): void => {
    for (let c = text.charCodeAt(p); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++p));
  };
  const hex4 = (): number => {
    if (end - p < 4) return -1;
    const h = text.slice(p, p + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) return -1;
    p += 4;
    return parseInt(h, 16);
  };
  const string = (): boolean => {
    p++; // opening quote
    for (;;) {
      if (p >= end) return fail('BAD_JSON', 'unterminated string');
      const c = text.charCodeAt(p++);
      if (badTail && p === end) return fail('BAD_JSON', 'invalid UTF-8');
      if (c === 34) return true;
      if (c < 0x20) return fail('BAD_JSON', 'control character in string');
      if (c !== 92) continue;
      if (p >= end) return fail('BAD_JSON', 'unterminated string');
      const e = text[p++]!;
      if ('"\\/bfnrt'.includes(e)) continue;
      if (e !== 'u') return fail('BAD_JSON', 'bad escape');
      const cp = hex4();
      if (cp < 0) return fail('BAD_JSON', 'bad \\u escape');
      if (cp >= 0xdc00 && cp <= 0xdfff) return fail('BAD_JSON', 'lone surrogate');
      if (cp >= 0xd800 && cp <= 0xdbff) {
        if (end - p < 2 || text[p] !== '\\' || text[p + 1] !== 'u') return fail('BAD_JSON', 'lone surrogate');
        p += 2;
        const lo = hex4();
        if (lo < 0xdc00 || lo > 0xdfff) return fail('BAD_JSON', 'lone surrogate');
      }
    }
  };
  const digits = (): void => {
    for (let c = text.charCodeAt(p); c >= 48 && c <= 57; c = text.charCodeAt(++p));
  };
  const isDigit = (at: number): boolean => {
    const c = text.charCodeAt(at);
    return c >= 48 && c <= 57;
  };
  const number = (): boolean => {
    const start = p;
    if (text[p] === '-') p++;
    if (!isDigit(p)) return fail('BAD_JSON', 'invalid value');
    if (text[p] === '0') p++;
    else digits();
    let integral = true;
    if (text[p] === '.') {
      integral = false;
      p++;
      if (!isDigit(p)) return fail('BAD_JSON', 'invalid number');
      digits();
    }
    if (text[p] === 'e' || text[p] === 'E') {
      integral = false;
      p++;
      if (text[p] === '+' || text[p] === '-') p++;
      if (!isDigit(p)) return fail('BAD_JSON', 'invalid number');
      digits();
    }
    const token = text.slice(start, p);
    // Integers of up to 19 digits are read exactly; anything else may overflow to infinity.
    if (integral && token.length - (token[0] === '-' ? 1 : 0) <= 19) return true;
    return Number.isFinite(Number(token)) || fail('BAD_JSON', 'number out of range');
  };
  const value = (depth: number): boolean => {
    ws();
    if (p >= end) return fail('BAD_JSON', 'unexpected end of JSON');
    const c = text[p]!;
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) return fail('TOO_DEEP', 'value nested too deeply');
      p++;
      return c === '{' ? object(depth) : array(depth);
    }
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (c !== word[0]) continue;
      if (!text.startsWith(word, p)) return fail('BAD_JSON', 'invalid literal');
      p += word.length;
      return true;
    }
    return number();
  };
  const object = (depth: number): boolean => {
    ws();
    if (text[p] === '}') {
      p++;
      return true;
    }
    for (;;) {
      ws();
      if (text[p] !== '"') return fail('BAD_JSON', 'expected a member name');
      const start = p;
      if (!string()) return false;
      if (rejectForbidden) {
        const raw = text.slice(start + 1, p - 1);
        const name = raw.includes('\\') ? (JSON.parse(text.slice(start, p)) as string) : raw;
        if (FORBIDDEN.has(name)) return fail('FORBIDDEN_KEY', 'forbidden member name');
      }
      ws();
      if (text[p] !== ':') return fail('BAD_JSON', "expected ':'");
      p++;
      if (!value(depth + 1)) return false;
      ws();
      if (text[p] === ',') {
        p++;
        continue;
      }
      if (text[p] === '}') {
        p++;
        return true;
      }
      return fail('BAD_JSON', "expected ',' or '}'");
    }
  };
  const array = (depth: number): boolean => {
    ws();
    if (text[p] === ']') {
      p++;
      return true;
    }
    for (;;) {
      if (!value(depth + 1)) return false;
      ws();
      if (text[p] === ',') {
        p++;
        continue;
      }
      if (text[p] === ']') {
        p++;
        return true;
      }
      return fail('BAD_JSON', "expected ',' or ']'");
    }
  };
  if (value(0)) {
    ws();
    if (p !== end) fail('BAD_JSON', 'trailing characters');
  }
  return fault;
}

/** UTF-8 length of a well-formed string (how the core measured keys, labels and texts). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 2; // the pair: 2 units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

const nativeToWellFormed = (String.prototype as { toWellFormed?: () => string }).toWellFormed;

/**
 * The text as it reached the core before: UTF-8 cannot carry a raw lone surrogate, and the
 * encoder replaced each with U+FFFD. (Escaped ones, `\uD800`, are the scanner's to refuse.)
 */
export function asWellFormed(text: string): string {
  if (nativeToWellFormed !== undefined) return nativeToWellFormed.call(text);
  return new TextDecoder().decode(new TextEncoder().encode(text));
}

/**
 * Bytes as text for the scan: up to the first byte that does not start well-formed UTF-8 (no
 * overlong forms, no surrogates, nothing past U+10FFFF: what the core's reader accepted),
 * then one marker unit in its place (`bad`), since nothing after the first fault matters.
 */
// A leading byte-order mark stays a character: the core's reader refused it.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

export function bytesToText(b: Uint8Array): { text: string; bad: boolean } {
  const n = b.length;
  for (let i = 0; i < n;) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const cont = (k: number): boolean => i + k < n && (b[i + k]! & 0xc0) === 0x80;
    let len = 0;
    if (c >= 0xc2 && c <= 0xdf) len = cont(1) ? 2 : 0;
    else if (c >= 0xe0 && c <= 0xef) len = cont(1) && cont(2) && !(c === 0xe0 && b[i + 1]! < 0xa0) && !(c === 0xed && b[i + 1]! > 0x9f) ? 3 : 0;
    else if (c >= 0xf0 && c <= 0xf4) len = cont(1) && cont(2) && cont(3) && !(c === 0xf0 && b[i + 1]! < 0x90) && !(c === 0xf4 && b[i + 1]! > 0x8f) ? 4 : 0;
    if (len === 0) return { text: `${utf8.decode(b.subarray(0, i))}\udfff`, bad: true };
    i += len;
  }
  return { text: utf8.decode(b), bad: false };
}
