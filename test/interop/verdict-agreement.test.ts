/**
 * Issue 6's verdict agreement table (helpers/verdict-table.ts; printed by
 * `npx vite-node scripts/verdict-agreement.ts`): every file of every row is accepted alike
 * or rejected alike on BIND's line. Printed, so a run shows the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { confRows, formatVerdictTable, zoneRows } from './helpers/verdict-table.js';
import { haveBinary } from './helpers/bind.js';

const root = mkdtempSync(join(tmpdir(), 'labnet-verdicts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.runIf(haveBinary('named-checkconf') && haveBinary('named-checkzone'))('verdict agreement with named-checkconf and named-checkzone, in one table', () => {
  it('every corpus file agrees, with and without -z', () => {
    const rows = [...confRows(root), ...zoneRows()];
    console.log(formatVerdictTable(rows));
    for (const r of rows) {
      expect(r.files, r.corpus).toBeGreaterThan(0);
      expect({ corpus: r.corpus, apart: r.apart }).toEqual({ corpus: r.corpus, apart: [] });
      expect(r.acceptedAlike + r.rejectedAlike, r.corpus).toBe(r.files);
      expect(r.sameLine, r.corpus).toBe(r.rejectedAlike);
    }
    // Both verdicts occur, so the rows cannot agree by accepting (or rejecting) everything.
    expect(rows.reduce((n, r) => n + r.acceptedAlike, 0)).toBeGreaterThan(100);
    expect(rows.reduce((n, r) => n + r.rejectedAlike, 0)).toBeGreaterThan(100);
  }, 600_000);
});
