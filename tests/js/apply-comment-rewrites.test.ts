// scripts/apply-comment-rewrites.mjs: rewrites prepared against one checkout still land
// after merges moved the lines, a second run changes nothing, and what cannot be found is
// reported (exit code 1), never silently skipped.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs script, no type declarations
import { applyRows, parseTable } from '../../scripts/apply-comment-rewrites.mjs';

const script = join(dirname(fileURLToPath(import.meta.url)), '../../scripts/apply-comment-rewrites.mjs');
type Result = { status: string; at?: number; moved?: boolean };

function apply(table: string, files: Record<string, string>) {
  const texts = new Map(Object.entries(files));
  const results = applyRows(parseTable(table), texts) as Result[];
  return { results, texts: Object.fromEntries(texts) as Record<string, string> };
}

const filler = (n: number) => Array.from({ length: n }, (_, i) => `// line ${i}`);

describe('apply-comment-rewrites', () => {
  it('replaces on the given line, or on the nearest line that still has the text', () => {
    const shifted = [...filler(12), '// see OLD-A here', ...filler(3), '// and OLD-B'].join('\n');
    const { results, texts } = apply('f.ts\t3\tOLD-A\tnew-a\nf.ts\t5\tOLD-B\tnew-b\n', { 'f.ts': shifted });
    expect(results.map((r) => [r.status, r.at, r.moved])).toEqual([['applied', 13, true], ['applied', 17, true]]);
    expect(texts['f.ts']).toContain('// see new-a here');
    expect(texts['f.ts']).toContain('// and new-b');
  });

  it('picks the occurrence nearest the given line when the text appears twice', () => {
    const text = ['X here', ...filler(20), 'X there'].join('\n');
    const { texts } = apply('f.ts\t20\tX\tY\n', { 'f.ts': text });
    expect(texts['f.ts']!.split('\n')[0]).toBe('X here');
    expect(texts['f.ts']!.split('\n')[21]).toBe('Y there');
  });

  it('falls back to the whole file beyond 40 lines, and reports a second run as already applied', () => {
    const text = [...filler(100), '// far OLD'].join('\n');
    const first = apply('f.ts\t1\tOLD\tdocs/new.md\n', { 'f.ts': text });
    expect(first.results[0]).toMatchObject({ status: 'applied', at: 101 });
    // Already applied is only recognised near the given line, as a shifted line would be.
    const again = apply('f.ts\t95\tOLD\tdocs/new.md\n', first.texts);
    expect(again.results[0]).toMatchObject({ status: 'already' });
    expect(again.texts).toEqual(first.texts);
  });

  it('does not apply twice when the new text contains the old', () => {
    const first = apply('f.ts\t1\tspec\tthe spec doc\n', { 'f.ts': 'see spec' });
    const again = apply('f.ts\t1\tspec\tthe spec doc\n', first.texts);
    expect(first.texts['f.ts']).toBe('see the spec doc');
    expect(again.results[0]!.status).toBe('already');
    expect(again.texts['f.ts']).toBe('see the spec doc');
  });

  it('reports a missing file and a vanished text as misses, and rejects a malformed row', () => {
    const { results } = apply('f.ts\t1\tGONE\tx\nnope.ts\t1\ta\tb\n', { 'f.ts': 'nothing' });
    expect(results.map((r) => r.status)).toEqual(['missed', 'missed']);
    expect(() => parseTable('f.ts\tone\ta\tb\n')).toThrow(/row 1/);
  });

  it('as a script: writes the files, prints the misses and exits 1 when there are any', () => {
    const root = mkdtempSync(join(tmpdir(), 'rewrites-'));
    try {
      mkdirSync(join(root, 'src'));
      writeFileSync(join(root, 'src/a.ts'), '// (OLD section 1)\n');
      writeFileSync(join(root, 'table.tsv'), 'src/a.ts\t1\t(OLD section 1)\t(docs/x.md section 1)\nsrc/a.ts\t1\tMISSING\ty\n');
      const dry = spawnSync(process.execPath, [script, join(root, 'table.tsv'), `--root=${root}`, '--dry-run'], { encoding: 'utf8' });
      expect(readFileSync(join(root, 'src/a.ts'), 'utf8')).toBe('// (OLD section 1)\n');
      expect(dry.stdout).toContain('1 applied, 0 already applied, 1 missed');
      const run = spawnSync(process.execPath, [script, join(root, 'table.tsv'), `--root=${root}`], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('MISSED  src/a.ts:1  MISSING');
      expect(readFileSync(join(root, 'src/a.ts'), 'utf8')).toBe('// (docs/x.md section 1)\n');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
