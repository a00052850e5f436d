/**
 * Prints issue 6's verdict agreement table (test/interop/helpers/verdict-table.ts): every
 * named.conf and zone file of the corpora checked by BIND 9.18's named-checkconf (without
 * and with -z) and named-checkzone, and by labnet. Needs bind9 and bind9-utils installed.
 * Run: npx vite-node scripts/verdict-agreement.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confRows, formatVerdictTable, zoneRows } from '../test/interop/helpers/verdict-table.js';

const root = mkdtempSync(join(tmpdir(), 'labnet-verdicts-'));
try {
  process.stdout.write(formatVerdictTable([...confRows(root), ...zoneRows()]));
} finally {
  rmSync(root, { recursive: true, force: true });
}
