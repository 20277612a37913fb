#!/usr/bin/env node
// Applies a table of text rewrites made against an older checkout, after other branches
// were merged and lines moved. Each row of the TSV is
//   file <TAB> line <TAB> old substring <TAB> new substring
// and replaces one occurrence of `old` in `file`: on `line` if it is still there, else on
// the nearest line within ±40 that has it, else the nearest anywhere in the file. A row whose
// `old` is gone but whose `new` is already on such a line counts as applied before. Every
// other row is reported as a miss, and the exit code is 1 when there is any.
//
//   node scripts/apply-comment-rewrites.mjs rewrites.tsv [--dry-run] [--root=<repo>]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

const NEAR = 40;

function parseArgs(argv) {
  const opts = { tsv: null, dryRun: false, root: process.cwd() };
  for (const arg of argv) {
    if (arg === '--dry-run') opts.dryRun = true;
    else if (arg.startsWith('--root=')) opts.root = resolve(arg.slice('--root='.length));
    else if (!arg.startsWith('--') && opts.tsv === null) opts.tsv = arg;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (opts.tsv === null) throw new Error('usage: apply-comment-rewrites.mjs <rewrites.tsv> [--dry-run] [--root=<repo>]');
  return opts;
}

/** Rows of the table; blank lines and lines starting with # are skipped. */
export function parseTable(text) {
  const rows = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const cells = line.split('\t');
    const lineNo = Number(cells[1]);
    if (cells.length !== 4 || !Number.isInteger(lineNo) || lineNo < 1 || cells[2] === '') {
      throw new Error(`row ${i + 1}: expected file<TAB>line<TAB>old<TAB>new, got ${JSON.stringify(line)}`);
    }
    rows.push({ row: i + 1, file: cells[0], line: lineNo, old: cells[2], new: cells[3] });
  });
  return rows;
}

/** Line indexes ordered by distance from `center` (the earlier line first on a tie). */
function* byDistance(center, count, limit) {
  if (center >= 0 && center < count) yield center;
  for (let d = 1; d <= limit; d++) {
    if (center - d >= 0 && center - d < count) yield center - d;
    if (center + d >= 0 && center + d < count) yield center + d;
  }
}

/**
 * Applies the rows to the given file texts (a Map of file -> text, changed in place) and
 * returns one result per row: { status: 'applied' | 'already' | 'missed', at?, moved? }.
 */
export function applyRows(rows, texts) {
  const results = [];
  for (const r of rows) {
    const text = texts.get(r.file);
    if (text === undefined) {
      results.push({ ...r, status: 'missed', why: 'no such file' });
      continue;
    }
    const lines = text.split('\n');
    const center = r.line - 1;
    const find = (needle, limit) => {
      for (const i of byDistance(center, lines.length, limit)) if (lines[i].includes(needle)) return i;
      return -1;
    };
    // `old` inside `new` would be found again on a second run: then `new` wins the test.
    const oldInsideNew = r.new.includes(r.old);
    const isApplied = (i) => lines[i].includes(r.new) && (oldInsideNew || !lines[i].includes(r.old));
    let at = find(r.old, NEAR);
    if (at === -1) at = find(r.old, lines.length);
    if (at !== -1 && oldInsideNew && isApplied(at)) at = -1;
    if (at === -1) {
      const done = find(r.new, NEAR);
      if (r.new !== '' && done !== -1 && isApplied(done)) results.push({ ...r, status: 'already', at: done + 1 });
      else results.push({ ...r, status: 'missed', why: 'old text not found' });
      continue;
    }
    lines[at] = lines[at].replace(r.old, () => r.new);
    texts.set(r.file, lines.join('\n'));
    results.push({ ...r, status: 'applied', at: at + 1, moved: at !== center });
  }
  return results;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const rows = parseTable(readFileSync(opts.tsv, 'utf8'));
  const texts = new Map();
  for (const file of new Set(rows.map((r) => r.file))) {
    const path = isAbsolute(file) ? file : join(opts.root, file);
    if (existsSync(path)) texts.set(file, readFileSync(path, 'utf8'));
  }
  const before = new Map(texts);
  const results = applyRows(rows, texts);
  if (!opts.dryRun) {
    for (const [file, text] of texts) if (text !== before.get(file)) writeFileSync(isAbsolute(file) ? file : join(opts.root, file), text);
  }
  const count = (s) => results.filter((r) => r.status === s).length;
  for (const r of results) {
    if (r.status === 'applied' && r.moved) console.log(`moved   ${r.file}:${r.line} -> ${r.at}  ${r.old}`);
    if (r.status === 'already') console.log(`already ${r.file}:${r.at}  ${r.new}`);
    if (r.status === 'missed') console.log(`MISSED  ${r.file}:${r.line}  ${r.old}  (${r.why})`);
  }
  console.log(`${opts.dryRun ? '[dry run] ' : ''}${count('applied')} applied, ${count('already')} already applied, ${count('missed')} missed, of ${results.length} rows`);
  process.exitCode = count('missed') > 0 ? 1 : 0;
}

// Run as a script, not when a test imports the functions.
if (process.argv[1]?.endsWith('apply-comment-rewrites.mjs')) main();
