// A maintainer has only this repository. A comment or page that sends the reader to a
// planning document kept elsewhere, or to a tracker number, is a dead end for them: what it
// relies on belongs in docs/ (api-contract.md, reliability.md, benchmarks.md, toolchain.md,
// conventions.md, architecture.md), cited by section. This test reads every tracked or new
// (not ignored) text file of the source folders and fails on such a citation, naming the
// file and line.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');

const SCANNED = ['js-shim', 'src', 'bindings', 'tests', 'bench', 'scripts', 'demo', 'docs', 'packages', '.ci', 'README.md', 'CMakeLists.txt'];
const BINARY = /\.(png|jpe?g|gif|ico|wasm|woff2?|gz|tgz|zip)$/i;

// The outside documents by the names they went by. Spelled in pieces so this file does not
// match itself.
const OUTSIDE = ['SPEC', 'ARCHITECTURE', 'TOOLCHAIN', 'PERFORMANCE', 'RELIABILITY', 'STYLE'];
const CITATION = new RegExp(
  [
    // "NAME.md", "NAME section 2", "NAME §1", "NAME 14", "NAME W1", 'NAME "Errors"', "NAME: ..."
    `\\b(?:${OUTSIDE.join('|')})(?:\\.md\\b|:|\\s*§|\\s+(?:section\\b|\\d|W\\d|"))`,
    // the folder they were kept in
    ['shared', 'design'].join('/'),
    // a tracker number
    '\\b[Ii]ssues?\\s+#?\\d+',
  ].join('|'),
);

/** Tracked and new files under the scanned paths; .gitignore'd output (dist/, generated wasm) is skipped. */
function scannedFiles(): string[] {
  const roots = SCANNED.filter((p) => existsSync(join(repoRoot, p)));
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...roots], {
    cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  return out.split('\0').filter((f) => f !== '' && !BINARY.test(f) && existsSync(join(repoRoot, f)));
}

/** Every citation as `file:line: text`. */
export function findCitations(files: readonly string[], read: (file: string) => string): string[] {
  const found: string[] = [];
  for (const file of files) {
    const text = read(file);
    if (text.includes('\0')) continue;
    text.split('\n').forEach((line, i) => {
      const match = CITATION.exec(line);
      if (match) found.push(`${file}:${i + 1}: ${match[0]}  <-  ${line.trim().slice(0, 140)}`);
    });
  }
  return found;
}

describe('the repository explains itself', () => {
  it('recognises each way the outside documents and tracker numbers were cited', () => {
    const cited = [
      `(${OUTSIDE[0]} section 1)`, `${OUTSIDE[0]} §1`, `(${OUTSIDE[4]}.md, scenarios)`, `(${OUTSIDE[4]} 11c)`,
      `(${OUTSIDE[3]} W1/W2)`, `(${OUTSIDE[5]} 7)`, `(${OUTSIDE[1]} "Errors")`, `(${OUTSIDE[1]}: "a view")`,
      `(${OUTSIDE[2]}.md)`, `../${['shared', 'design'].join('/')}/x.md`, `(issue ${8})`, `issues #${12}`,
    ];
    const files = cited.map((_, i) => `f${i}`);
    expect(findCitations(files, (f) => cited[Number(f.slice(1))]!)).toHaveLength(cited.length);
  });

  it('leaves alone what only looks like a citation', () => {
    const fine = [
      `${OUTSIDE[4]}_SEED=3 npm test`, 'docs/api-contract.md section 1', 'toolchain trap 3', 'an issue with the cache',
      'reliability scenario 11c', 'specification', `const ${OUTSIDE[5]}S = 1;`,
    ];
    expect(findCitations(['x'], () => fine.join('\n'))).toEqual([]);
  });

  it('no comment or page cites a document outside the repository or a tracker number', () => {
    const files = scannedFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(findCitations(files, (f) => readFileSync(join(repoRoot, f), 'utf8'))).toEqual([]);
  });
});
