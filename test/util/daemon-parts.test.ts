import { describe, expect, it } from 'vitest';
import { formatMetrics } from '../../src/util/prometheus.js';
import { udpDrops } from '../../src/util/proc-net-udp.js';
import { parseLocatedJson } from '../../src/util/json-located.js';
import { QueryCounts } from '../../src/dns/query-counts.js';
import { buildQuery } from '../../src/dns/client.js';
import { formatTable } from '../../src/cli/table.js';
import { Histogram } from '../../src/util/histogram.js';

describe('formatMetrics (Prometheus text format 0.0.4)', () => {
  it('writes HELP, TYPE and one line per sample, label values escaped', () => {
    const text = formatMetrics([
      { name: 'x_total', help: 'X.\nTwo lines', type: 'counter', samples: [{ labels: { a: 'q"u\\o\nte', b: 'B' }, value: 3 }, { value: Infinity }] },
      { name: 'y', help: 'Y', type: 'gauge', samples: [] },
    ]);
    expect(text).toBe('# HELP x_total X.\\nTwo lines\n# TYPE x_total counter\nx_total{a="q\\"u\\\\o\\nte",b="B"} 3\nx_total +Inf\n# HELP y Y\n# TYPE y gauge\n');
  });

  it('writes a histogram as cumulative _bucket lines ending at +Inf, then _sum and _count', () => {
    const h = new Histogram([0.001, 0.01]);
    for (const v of [0.0005, 0.001, 0.002, 5]) h.observe(v);
    const text = formatMetrics([{ name: 'sync_seconds', help: 'S.', type: 'histogram', samples: [{ labels: { f: 'j' }, histogram: h.snapshot() }] }]);
    expect(text).toBe(
      [
        '# HELP sync_seconds S.',
        '# TYPE sync_seconds histogram',
        'sync_seconds_bucket{f="j",le="0.001"} 2',
        'sync_seconds_bucket{f="j",le="0.01"} 3',
        'sync_seconds_bucket{f="j",le="+Inf"} 4',
        'sync_seconds_sum{f="j"} 5.0035',
        'sync_seconds_count{f="j"} 4',
        '',
      ].join('\n'),
    );
  });
});

describe('Histogram', () => {
  it('puts a value equal to a bound in that bound\'s bucket (le), larger ones in +Inf', () => {
    const h = new Histogram([1, 2]);
    expect(h.snapshot()).toEqual({ bounds: [1, 2], cumulative: [0, 0, 0], sum: 0, count: 0 });
    h.observe(1);
    h.observe(1.5);
    h.observe(3);
    expect(h.snapshot()).toEqual({ bounds: [1, 2], cumulative: [1, 2, 3], sum: 5.5, count: 3 });
  });
  it('refuses bounds that do not increase', () => {
    expect(() => new Histogram([1, 1])).toThrow(RangeError);
  });
});

describe('udpDrops (/proc/net/udp)', () => {
  const text = [
    '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
    ' 1469: 0100007F:14B4 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 18445 2 0000000079098646 17',
    ' 7899: 0100007F:1A6F 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 63149 2 00000000eee48fd5 0',
  ].join('\n');
  it('reads the drops column of the socket bound to the address and port', () => {
    expect(udpDrops(text, '127.0.0.1', 5300)).toBe(17);
    expect(udpDrops(text, '127.0.0.1', 6767)).toBe(0);
    expect(udpDrops(text, '127.0.0.1', 53)).toBeUndefined();
  });
});

describe('parseLocatedJson', () => {
  it('places values by path and syntax errors at the character', () => {
    const j = parseLocatedJson('{\n  "a": [1, {"b": "x"}],\n  "c": null\n}', 'f.json');
    expect(j.value).toEqual({ a: [1, { b: 'x' }], c: null });
    expect(j.at(['a', 1, 'b'])).toEqual({ line: 2, col: 18 });
    expect(j.at(['c'])).toEqual({ line: 3, col: 8 });
    expect(j.error(['a', 0], 'no').format()).toBe('f.json:2:9: no');
    expect(() => parseLocatedJson('{"a": 01}', 'f.json')).toThrow("expected ',' or '}', found '1'");
    expect(() => parseLocatedJson('{"a": "x\ny"}', 'f.json')).toThrow('bad string');
    expect(() => parseLocatedJson('[1] 2', 'f.json')).toThrow('expected the end of the file');
  });
});

describe('QueryCounts', () => {
  it('counts by type and full rcode, truncated answers and silence', () => {
    const c = new QueryCounts();
    const q = buildQuery(1, 'a.lab.local', 1);
    const reply = (rcode: number, tc = false) => {
      const r = Buffer.from(q);
      r[2] = 0x80 | (tc ? 0x02 : 0);
      r[3] = rcode;
      return r;
    };
    c.record(q, [reply(0)]);
    c.record(q, [reply(0, true)]);
    c.record(q, [reply(3)]);
    c.record(buildQuery(2, 'x', 12), [reply(0)]);
    c.record(q, null);
    expect(c.snapshot()).toEqual({
      byTypeRcode: [
        { type: 'A', rcode: 'NOERROR', count: 2 },
        { type: 'A', rcode: 'NXDOMAIN', count: 1 },
        { type: 'PTR', rcode: 'NOERROR', count: 1 },
      ],
      updates: [],
      truncated: 1,
      unanswered: 1,
    });
  });

  it('counts UPDATEs (opcode 5) by zone and rcode, apart from queries', () => {
    const c = new QueryCounts();
    const update = (zone: string) => {
      const m = buildQuery(3, zone, 6);
      m[2] = 5 << 3; // opcode UPDATE, the zone section in the question's place (RFC 2136 2.3)
      return m;
    };
    const answer = (m: Buffer, rcode: number) => {
      const r = Buffer.from(m);
      r[2] |= 0x80;
      r[3] = rcode;
      return r;
    };
    const u = update('Lab.Local');
    c.record(u, [answer(u, 0)]);
    c.record(u, [answer(u, 0)]);
    c.record(u, [answer(u, 5)]);
    const s = c.snapshot();
    expect(s.updates).toEqual([
      { zone: 'lab.local.', rcode: 'NOERROR', count: 2 },
      { zone: 'lab.local.', rcode: 'REFUSED', count: 1 },
    ]);
    expect(s.byTypeRcode).toEqual([]);
  });

  it('keeps a bounded number of UPDATE series: zones past the bound count as (other)', () => {
    const c = new QueryCounts();
    for (let i = 0; i < 1200; i++) {
      const m = buildQuery(i, `z${i}.test`, 6);
      m[2] = 5 << 3;
      const r = Buffer.from(m);
      r[2] |= 0x80;
      r[3] = 9;
      c.record(m, [r]);
    }
    const s = c.snapshot();
    expect(s.updates.length).toBe(1001);
    expect(s.updates.find((x) => x.zone === '(other)')).toEqual({ zone: '(other)', rcode: 'NOTAUTH', count: 200 });
  });
});

describe('formatTable', () => {
  it('pads every column but the last, two spaces apart', () => {
    expect(formatTable([['A', 'BB', 'C'], ['aaa', 'b', '']])).toBe('A    BB  C\naaa  b\n');
  });
});
