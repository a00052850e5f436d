// The pure parts of the DHCP scaling bench (bench/dhcp-scale.mjs): the leases it restarts the
// servers on, as labnet's own journal parser reads them, and where its section goes in
// bench/RESULTS.md and what it says. Writes only to a temp dir.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain .mjs bench module, no types
import { KEA_CSV_HEADER, writeKeaCsv, writeLeasesJournal } from '../../bench/lib/dhcp-peers.mjs';
// @ts-expect-error plain .mjs bench module, no types
import { DHCP_SCALE_HEADING, scalingMarkdown, scalingPanels } from '../../bench/lib/dhcp-scale-md.mjs';
// @ts-expect-error plain .mjs bench module, no types
import { keptSections, replaceSection } from '../../bench/lib/sections.mjs';
import { parseLeasesFileDetailed } from '../../src/dhcp/leases/index.js';
import { ipToString } from '../../src/dhcp/ip.js';

describe('bench leases: the journal and the Kea CSV hold the same leases', () => {
  it('25,001 active leases from 10.0.0.1, distinct MACs, parsed by labnet without a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labnet-test-bench-leases-'));
    try {
      const now = Date.UTC(2026, 5, 1, 12);
      await writeLeasesJournal(join(dir, 'j.leases'), 25_001, now);
      await writeKeaCsv(join(dir, 'k.csv'), 25_001, KEA_CSV_HEADER, now);
      const r = parseLeasesFileDetailed(readFileSync(join(dir, 'j.leases'), 'utf8'), 'j.leases');
      expect(r.warnings).toEqual([]);
      expect(r.leases).toHaveLength(25_001);
      expect(r.leases.every((l) => l.state === 'active' && l.ends === now + 86_400_000)).toBe(true);
      expect(ipToString(r.leases[25_000].ip)).toBe('10.0.97.169');
      expect(new Set(r.leases.map((l) => l.hardwareEthernet)).size).toBe(25_001);
      const rows = readFileSync(join(dir, 'k.csv'), 'utf8').trimEnd().split('\n');
      expect(rows[0]).toBe(KEA_CSV_HEADER);
      expect(rows).toHaveLength(25_002);
      const last = rows[25_001].split(',');
      expect([last[0], last[1], last[4]]).toEqual(['10.0.97.169', r.leases[25_000].hardwareEthernet, String(now / 1000 + 86_400)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bench/RESULTS.md: the DHCP scaling section', () => {
  const run = (over: Record<string, unknown> = {}) => ({
    server: 'labnet', prefix: 8, poolSize: 16_777_214, leases: 0, clients: 10_000_000, readyMs: 400, rssReadyMb: 70, rssAfterMb: 90,
    rate: 2000, seconds: 10, completed: 20_000, lossPct: 0.5, cpuMs: 4000, cpuPer1k: 200, rcvbufErrors: 0, loadavg: '1.50 1.00 0.50', ...over,
  });
  const res = {
    when: '2026-12-04T22:00:00.000Z', quick: false, rate: 2000, seconds: 10, server: '127.0.0.11', relay: '127.0.0.12', totalS: 200,
    machine: { kea: '2.2.0', cores: 2, kernel: '6.1', node: 'v20' }, loadBefore: '1 1 1', loadAfter: '2 2 2',
    pools: [{ prefix: 24, poolSize: 254, clients: 127, labnet: run({ prefix: 24 }), kea: run({ server: 'kea', readyMs: 100, rssReadyMb: 20, cpuPer1k: 400 }) }],
    journals: [{ leases: 1_000_000, labnet: run({ leases: 1_000_000 }), kea: { error: 'skipped: out of the 330 s budget' } }],
  };
  it('one line a row: labnet / Kea in each cell and the ratios; a server that did not run is said so, its cells empty', () => {
    const md = scalingMarkdown(res);
    expect(md).toContain('| /24: 254 addresses (127 clients returning) | 400 / 100 | 4.00x | 70 / 20 | 3.50x | 200.0 / 400.0 | 0.50x | 90 / 90 | 0.50 / 0.50 | 1.50 / 1.50 |');
    expect(md).not.toContain('Contended run');
    expect(scalingMarkdown({ ...res, loadBefore: '3.5 2 2' })).toContain('**Contended run**: the load average reached 3.5 on 2 cores');
    expect(md).toContain('| 1,000,000 active leases | 400 / - | - | 70 / - | - | 200.0 / - | - | 90 / - | 0.50 / - | 1.50 / - | Kea: skipped: out of the 330 s budget');
  });
  it('its own section of RESULTS.md, replaced by the next run and kept by npm run bench', () => {
    const first = replaceSection('# R\n\n## DNS\n\nx\n', DHCP_SCALE_HEADING, scalingMarkdown(res));
    const again = replaceSection(first, DHCP_SCALE_HEADING, scalingMarkdown({ ...res, totalS: 201 }));
    expect(again.split('## DHCP scaling').length).toBe(2);
    expect(keptSections(again)).toContain(', 201 s.');
    expect(keptSections(again).startsWith('\n## DHCP scaling\n')).toBe(true);
  });
  it('the chart panels: a labnet and a Kea bar per row, no bar length for a server that did not run', () => {
    const [pools, ready] = scalingPanels(res);
    expect(pools.bars).toEqual([{ label: 'labnet /24', mine: true, value: 200 }, { label: 'Kea /24', mine: false, value: 400 }]);
    expect(ready.bars.map((b: { label: string }) => b.label)).toEqual(['labnet 1M', 'Kea 1M']);
    expect(Number.isNaN(ready.bars[1].value)).toBe(true);
  });
});
