#!/usr/bin/env node
// Adds up vitest JSON reports and prints the plain line CI reads: `N passed, N failed`.
// A missing or unreadable report counts as one failure, so a crashed run never looks green.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
    for (const s of r.testResults ?? []) {
      if (s.status === 'failed' && (s.assertionResults ?? []).every((a) => a.status !== 'failed')) failed += 1;
    }
  } catch (e) {
    process.stderr.write(`test-summary: cannot read ${file}: ${e.message}\n`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
