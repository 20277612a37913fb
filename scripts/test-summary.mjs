// Sums the tiers' results into one plain closing line: "tests: N passed, N failed".
// Inputs: the ctest log (doctest prints "[doctest] test cases: T | P passed | F failed")
// and vitest JSON reports. Exits non-zero if anything failed or nothing ran.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`test-summary: missing ${file}`);
    failed += 1;
    continue;
  }
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    const report = JSON.parse(text);
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    console.log(`test-summary: ${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  } else {
    for (const m of text.matchAll(/\[doctest\] test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed/g)) {
      passed += Number(m[2]);
      failed += Number(m[3]);
      console.log(`test-summary: ${file}: ${m[2]} doctest cases passed, ${m[3]} failed`);
    }
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
