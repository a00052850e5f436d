// The report parts of the zone scaling bench (bench/lib/zone-scale.mjs, svg.mjs): the chart's
// sections merged, a size skipped for memory said to be, the cost per record taken above the
// small zone.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs bench module, no types
import { barSection, composeSvg, mergeSections, sectionsOf } from '../../bench/lib/svg.mjs';
// @ts-expect-error plain .mjs bench module, no types
import { neededBytes, zoneScaleMarkdown, zoneScalePanels } from '../../bench/lib/zone-scale.mjs';

const result = {
  rounds: 3, baseRecords: 3, loadAvgBefore: '1.00 1.00 1.00', loadAvgAfter: '1.50 1.00 1.00', seconds: 60,
  base: { labnet: { readyMs: 500, rssKiB: 76800 }, bind: { readyMs: 250, rssKiB: 36864 } },
  sizes: [
    {
      records: 1_000_003,
      labnet: { readyMs: 2500, readyRounds: [2400, 2500, 2600], rssKiB: 153600, hwmKiB: 204800, usPerRecord: 2, bytesPerRecord: 78.6, loads: ['1.0', '1.1', '1.2'] },
      bind: { readyMs: 4250, readyRounds: [4200, 4250, 4300], rssKiB: 332800, hwmKiB: 332800, usPerRecord: 4, bytesPerRecord: 303, loads: ['1.0', '1.1', '1.2'] },
    },
    { records: 5_000_003, skipped: 'needs about 2,600 MB, 1,000 MB available (MemAvailable)' },
  ],
};

describe('zone scaling report', () => {
  it('has the ratios of each size, and says which size was skipped and why', () => {
    const md = zoneScaleMarkdown(result, { when: '2026-12-04T00:00:00Z', command: 'npm run bench:zone-scale' });
    expect(md.startsWith('## Zone sizes\n')).toBe(true);
    expect(md).toContain('| 1,000,003 | 2.50 (2.40, 2.50, 2.60) | 4.25 (4.20, 4.25, 4.30) | 0.59x | 150 / 200 | 325 / 325 | 0.46x | 2.00 / 79 | 4.00 / 303 |');
    expect(md).toContain('| 5,000,003 | skipped: needs about 2,600 MB, 1,000 MB available (MemAvailable) |');
    expect(neededBytes(5_000_000)).toBeGreaterThan(neededBytes(1_000_000));
  });

  it('draws one bar per measured size and server, and a chart keeps the sections a run did not redraw', () => {
    const panels = zoneScalePanels(result);
    expect(panels).toHaveLength(4);
    expect(panels[0].bars.map((b: { label: string; value: number }) => [b.label, b.value])).toEqual([['1,000,003 labnet', 2.5], ['1,000,003 BIND', 4.25]]);
    const dns = barSection('dns', [{ title: 'qps', d: 0, bars: [{ label: 'labnet', mine: true, value: 10 }] }]);
    const first = composeSvg([dns, barSection('zones', panels)], '2026-12-04');
    const redrawn = composeSvg(mergeSections(first, [barSection('zones', panels.slice(0, 1))]), '2026-12-05');
    const ids = sectionsOf(redrawn).map((s: { id: string; h: number }) => [s.id, s.h]);
    expect(ids).toEqual([['dns', dns.h], ['zones', barSection('zones', panels.slice(0, 1)).h]]);
    expect(redrawn).toContain(`height="${40 + dns.h + barSection('zones', panels.slice(0, 1)).h}"`);
  });
});
