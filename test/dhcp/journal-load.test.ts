/**
 * Loading a lease journal bigger than one read chunk (1 MiB): the chunked LeasesReader must give
 * what the general parser gives for the whole file, torn tails included (dhcpd.leases(5); RFC 2131
 * 4.3.1: bindings committed before the crash are the ones that count).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLeaseJournal } from '../../src/dhcp/lease-journal.js';
import { formatLease, formatLeasesHeader, parseLeasesFileDetailed } from '../../src/dhcp/leases/index.js';
import type { Lease } from '../../src/dhcp/types.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-journal-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ISC_BLOCK = (k: number) =>
  `lease 10.1.${k >> 8}.${k & 255} {\n  starts 5 2026/11/27 07:58:20;\n  ends 5 2026/11/27 08:08:20;\n  binding state active;\n  set vendor-class-identifier = "MSFT 5.0";\n  on expiry {\n    set ddns-fwd-name = "";\n  }\n}\n`;

/** ~2.6 MB: labnet records (a tenth of them renewals of earlier addresses), an ISC block every 997 records. */
function bigJournal(): string {
  const parts = [formatLeasesHeader()];
  for (let k = 0; k < 12000; k++) {
    const j = k % 10 === 9 ? k - 9 : k;
    const lease: Lease = {
      ip: 0x0a000001 + j, state: 'active', starts: Date.UTC(2026, 10, 27, 8, 0, 0) + k * 1000, ends: Date.UTC(2026, 10, 27, 9, 0, 0) + k * 1000,
      cltt: Date.UTC(2026, 10, 27, 8, 0, 0), hardwareEthernet: `02:00:00:00:${((j >> 8) & 255).toString(16).padStart(2, '0')}:${(j & 255).toString(16).padStart(2, '0')}`,
      clientId: `0102${j.toString(16).padStart(8, '0')}`, clientHostname: j % 3 === 0 ? `pc-${j} "ü"` : `pc-${j}`,
    };
    parts.push(formatLease(lease));
    if (k % 997 === 0) parts.push(ISC_BLOCK(k));
  }
  return parts.join('');
}

describe('a journal of several read chunks', () => {
  const text = bigJournal();
  const whole = parseLeasesFileDetailed(text, 'x', { fastPath: false });

  it('loads exactly what the general parser reads from the whole file', async () => {
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 << 20);
    const path = join(dir, 'big.leases');
    writeFileSync(path, text);
    const j = await openLeaseJournal(path);
    expect(j.leases()).toStrictEqual(whole.leases);
    expect(j.stats().recordsInFile).toBe(whole.records);
    await j.close();
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it.each([
    ['inside a labnet record', text.lastIndexOf('  binding state')],
    ['inside an ISC block', text.lastIndexOf('    set ddns-fwd-name')],
    ['inside a string', text.lastIndexOf('"MSFT') + 3],
    ['just before the last }', text.length - 2],
  ])('torn %s: the complete records load, the file is cut back and appends follow the last complete record', async (_name, cut) => {
    const path = join(dir, `torn-${cut}.leases`);
    const torn = text.slice(0, cut);
    writeFileSync(path, torn);
    const expected = parseLeasesFileDetailed(torn, path, { fastPath: false });
    expect(expected.torn).toBe(true);
    const j = await openLeaseJournal(path);
    expect(j.leases()).toStrictEqual(expected.leases);
    expect(statSync(path).size).toBe(expected.validBytes);
    const extra: Lease = { ip: 0x0b000001, state: 'active', starts: 0, ends: Infinity };
    await j.record(extra);
    await j.close();
    const again = await openLeaseJournal(path);
    expect(again.leases()).toStrictEqual([...expected.leases, extra]);
    await again.close();
  });
});
