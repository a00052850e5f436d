import { describe, expect, it } from 'vitest';
import { deriveSample, metricValue, parseDnsperfInterval, type RawReading } from '../../bench/soak/samples.js';
// @ts-expect-error plain ES module of the benchmarks, no declarations
import { parsePerfdhcpInterval } from '../../bench/lib/perfdhcp.mjs';
// @ts-expect-error plain ES module of the benchmarks, no declarations
import { keptSections, replaceSection } from '../../bench/lib/sections.mjs';
import { soakSvg } from '../../bench/soak/plot.js';
import { flatness } from '../../bench/soak/trend.js';

const metrics = (o: { delay: [number, number, number]; dnsDrops: number; dhcpDrops: number; updates: [number, number]; active: number }) =>
  [
    '# TYPE labnet_dns_updates_total counter',
    `labnet_dns_updates_total{zone="lab.local.",rcode="NOERROR"} ${o.updates[0]}`,
    `labnet_dns_updates_total{zone="lab.local.",rcode="REFUSED"} ${o.updates[1]}`,
    `labnet_dhcp_leases{state="active"} ${o.active}`,
    `labnet_dhcp_leases{state="free"} 7`,
    `labnet_udp_receive_drops{socket="dns"} ${o.dnsDrops}`,
    `labnet_udp_receive_drops{socket="dhcp"} ${o.dhcpDrops}`,
    `labnet_event_loop_delay_seconds{quantile="0.5"} ${o.delay[0]}`,
    `labnet_event_loop_delay_seconds{quantile="0.99"} ${o.delay[1]}`,
    `labnet_event_loop_delay_seconds{quantile="1"} ${o.delay[2]}`,
    'labnet_reloads_total{result="ok"} 0',
    '',
  ].join('\n');

describe('soak sample parsing', () => {
  it('reads one Prometheus sample by name and exact labels, undefined when absent', () => {
    const m = metrics({ delay: [0.001, 0.002, 0.05], dnsDrops: 3, dhcpDrops: 0, updates: [5, 1], active: 42 });
    expect(metricValue(m, 'labnet_dhcp_leases', { state: 'active' })).toBe(42);
    expect(metricValue(m, 'labnet_event_loop_delay_seconds', { quantile: '0.99' })).toBe(0.002);
    expect(metricValue(m, 'labnet_dhcp_leases', { state: 'backup' })).toBeUndefined();
    expect(metricValue('x_total 9\nx_total_more 1\n', 'x_total')).toBe(9);
  });

  it('reads dnsperf -S interval lines and perfdhcp -t report lines, nothing else', () => {
    expect(parseDnsperfInterval('1796418596.110482: 1999.582292')).toBeCloseTo(1999.582292, 6);
    expect(parseDnsperfInterval('[Status] Sending queries (to 127.0.0.1:15353)')).toBeUndefined();
    expect(parsePerfdhcpInterval('sent: 999/999/98/98; received: 999/996/98/0; drops: 0/3/0/98; rejected: 0/0/0/0')).toEqual({
      sent: [999, 999, 98, 98], received: [999, 996, 98, 0], drops: [0, 3, 0, 98],
    });
    expect(parsePerfdhcpInterval('sent: 14999/14428; received: 14428/12034; drops: 571/2394; rejected: 0/0')).toEqual({ sent: [14999, 14428], received: [14428, 12034], drops: [571, 2394] });
    expect(parsePerfdhcpInterval('Rate: 498.763 4-way exchanges/second, expected rate: 500')).toBeUndefined();
  });
});

describe('deriveSample', () => {
  const raw = (t: number, o: Partial<RawReading> & { m: Parameters<typeof metrics>[0] }): RawReading => ({
    t, rssKiB: 102400, dnsRates: [], rcvbufErrors: 0, zoneJournalBytes: 0, leaseFileBytes: 0, updatesSent: 0, ...o, metrics: metrics(o.m),
  });

  it('takes each counter\'s difference over the interval, the gauges as they are at its end', () => {
    const prev = raw(10, { m: { delay: [0, 0, 0], dnsDrops: 100, dhcpDrops: 5, updates: [50, 2], active: 900 }, perfdhcp: { sent: [1000, 990, 100, 50], received: [990, 980, 100, 0] }, rcvbufErrors: 7, updatesSent: 60 });
    const cur = raw(20, {
      rssKiB: 153600,
      m: { delay: [0.0005, 0.004, 0.03], dnsDrops: 150, dhcpDrops: 5, updates: [240, 2], active: 1000 },
      dnsRates: [9000, 8000],
      perfdhcp: { sent: [6000, 5900, 600, 300], received: [5900, 5750, 590, 0] },
      rcvbufErrors: 57,
      zoneJournalBytes: 4096,
      leaseFileBytes: 2048,
      updatesSent: 260,
    });
    const s = deriveSample(prev, cur, 10000);
    expect(s).toMatchObject({
      t: 20,
      rssMiB: 150,
      dnsAnswersPerSecond: 8500,
      dnsSocketDropsPerSecond: 5,
      dhcpDiscoversPerSecond: 500,
      dhcpRenewalsPerSecond: 50,
      dhcpSocketDropsPerSecond: 0,
      activeLeases: 1000,
      updatesSentPerSecond: 20,
      updatesAnsweredPerSecond: 19,
      rcvbufErrorsPerSecond: 5,
      zoneJournalKiB: 4,
      leaseFileKiB: 2,
    });
    expect(s.loopDelayP50Ms).toBeCloseTo(0.5, 9);
    expect(s.loopDelayP99Ms).toBeCloseTo(4, 9);
    expect(s.loopDelayMaxMs).toBeCloseTo(30, 9);
    expect(s.dnsShortfallPct).toBeCloseTo(15, 9);
    // 5000 DISCOVERs, 4770 ACKs.
    expect(s.dhcpLossPct).toBeCloseTo(4.6, 9);
  });

  it('leaves what was not reported as NaN (no perfdhcp report yet, no dnsperf line, no metric)', () => {
    const m = { delay: [0, 0, 0] as [number, number, number], dnsDrops: 0, dhcpDrops: 0, updates: [0, 0] as [number, number], active: 0 };
    const s = deriveSample(raw(0, { m }), { ...raw(10, { m }), metrics: '' }, 1000);
    expect(s.dhcpLossPct).toBeNaN();
    expect(s.dnsAnswersPerSecond).toBeNaN();
    expect(s.loopDelayP99Ms).toBeNaN();
    expect(s.dnsSocketDropsPerSecond).toBeNaN();
  });
});

describe('bench/RESULTS.md sections', () => {
  const md = '# Benchmark results\n\n## DNS\n\ntable\n\n## Hostile input\n\nfuzz\n\n## Soak\n\nold soak\n';
  it('replaces one section and keeps the others, appends one not there yet', () => {
    expect(replaceSection(md, '## Soak', 'new soak')).toBe('# Benchmark results\n\n## DNS\n\ntable\n\n## Hostile input\n\nfuzz\n\n## Soak\n\nnew soak\n');
    expect(replaceSection(md, '## Hostile input', 'f2')).toBe('# Benchmark results\n\n## DNS\n\ntable\n\n## Hostile input\n\nf2\n\n## Soak\n\nold soak\n');
    expect(replaceSection('# R\n', '## Soak', 'x')).toBe('# R\n\n## Soak\n\nx\n');
  });
  it('carries the fuzz, soak and PostgreSQL sections over, not the ones npm run bench writes', () => {
    expect(keptSections(md)).toBe('\n## Hostile input\n\nfuzz\n\n## Soak\n\nold soak\n');
    expect(keptSections(`${md}\n## PostgreSQL\n\npg\n`)).toBe('\n## Hostile input\n\nfuzz\n\n## Soak\n\nold soak\n\n## PostgreSQL\n\npg\n');
    expect(keptSections('# R\n\n## DNS\n\nx\n')).toBe('');
  });
});

describe('soakSvg', () => {
  it('draws a panel per series with its verdict, a fitted line where judged, and escapes titles', () => {
    const t = Array.from({ length: 30 }, (_, i) => i * 10);
    const rising = t.map((x) => 100 + x);
    const svg = soakSvg(
      [
        { title: 'RSS', unit: 'MiB', t, y: rising, flat: flatness(t, rising, { rel: 0.1, abs: 1 }), from: 29 },
        { title: 'journal <KiB>', unit: 'KiB', t, y: t, from: 29 },
      ],
      'soak & co',
    );
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('RSS (MiB) - rising');
    expect(svg).toContain('journal &lt;KiB> (KiB)</text>');
    expect(svg).toContain('soak &amp; co');
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
  });
});
