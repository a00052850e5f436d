import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildZone, canonicalSortKey, type ZoneWarning } from '../../src/zones/zone.js';
import { labelToText, nameLabels } from '../../src/wire/name.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { isLocatedError } from '../../src/util/located-error.js';
import { RRType, type ParsedRecord } from '../../src/zones/record.js';
import { FILE, ORIGIN, a, aaaa, base, mx, name, rec, soa, srv, txt } from './zone-helpers.js';

function load(records: ParsedRecord[]) {
  const warnings: string[] = [];
  const zone = buildZone(records, { origin: ORIGIN, file: FILE, warn: (w: ZoneWarning) => warnings.push(`${w.file}:${w.line}:${w.col}: ${w.message}`) });
  return { zone, warnings };
}

function failure(records: ParsedRecord[]): string {
  try {
    load(records);
  } catch (e) {
    if (isLocatedError(e)) return e.format();
    throw e;
  }
  return 'loaded';
}

describe('zone model (RFC 1034 4.2, RFC 4592 2.2.2)', () => {
  it('keeps origin, serial (RFC 1035 3.3.13) and the record count', () => {
    const { zone } = load([...base(), rec(4, 'www', 'A', a('10.0.0.2'))]);
    expect(zone.origin).toBe('example.com.');
    expect(zone.serial).toBe(1);
    expect(zone.recordCount).toBe(4);
    const z2 = load([rec(1, '@', 'SOA', soa(2026112701)), ...base().slice(1)]).zone;
    expect(z2.serial).toBe(2026112701);
  });

  it.each([
    ['ns.example.com.', true],
    ['NS.EXAMPLE.COM.', true],
    ['Ns.Example.Com.', true],
    ['nope.example.com.', false],
    ['example.com.', true],
  ])('finds node %s case-insensitively (RFC 4343): %s', (n, found) => {
    const { zone } = load(base());
    expect(zone.node(n) !== undefined).toBe(found);
  });

  it.each([
    ['a.b.c.example.com.', true, true],
    ['b.c.example.com.', true, false],
    ['C.example.com.', true, false],
    ['d.example.com.', false, false],
    ['x.a.b.c.example.com.', false, false],
    ['example.com.', true, true],
  ])('empty non-terminals exist (RFC 4592 2.2.2): %s exists=%s hasNode=%s', (n, exists, hasNode) => {
    const { zone } = load([...base(), rec(4, 'a.b.c', 'A', a('10.0.0.9'))]);
    expect(zone.exists(n)).toBe(exists);
    expect(zone.node(n) !== undefined).toBe(hasNode);
  });

  it('an ENT that later gets data is a node (RFC 4592 2.2.2)', () => {
    const { zone } = load([...base(), rec(4, 'a.b', 'A', a('10.0.0.9')), rec(5, 'b', 'TXT', txt('x'))]);
    expect(zone.node('b.example.com.')?.rrsets.get(RRType.TXT)?.rdatas.length).toBe(1);
    expect(zone.exists('b.example.com.')).toBe(true);
  });

  it('keeps RRset rdatas in file order and drops exact duplicates (RFC 2181 5)', () => {
    const { zone } = load([
      ...base(),
      rec(4, 'h', 'A', a('10.0.0.3')),
      rec(5, 'h', 'A', a('10.0.0.1')),
      rec(6, 'h', 'A', a('10.0.0.3')),
      rec(7, 'h', 'A', a('10.0.0.2')),
    ]);
    const set = zone.node('h.example.com.')!.rrsets.get(RRType.A)!;
    expect(set.rdatas.map((b) => [...b].join('.'))).toEqual(['10.0.0.3', '10.0.0.1', '10.0.0.2']);
    expect(zone.recordCount).toBe(6);
  });

  it('dedups through the per-node index once a node holds many records (RFC 2181 5)', () => {
    const recs = [...base()];
    for (let i = 0; i < 100; i++) recs.push(rec(10 + i, 'big', 'A', a(`10.1.0.${i}`)));
    for (let i = 0; i < 100; i += 3) recs.push(rec(200 + i, 'big', 'A', a(`10.1.0.${i}`)));
    recs.push(rec(400, 'big', 'TXT', txt('t')), rec(401, 'big', 'MX', mx(1, 'NS')), rec(402, 'big', 'MX', mx(1, 'ns')));
    recs.push(rec(403, 'big', 'A', a('10.1.0.200'), 99));
    const { zone, warnings } = load(recs);
    const n = zone.node('big.example.com.')!;
    expect(n.rrsets.get(RRType.A)!.rdatas.length).toBe(101);
    expect(n.rrsets.get(RRType.A)!.rdatas[100]).toEqual(a('10.1.0.200'));
    expect(n.rrsets.get(RRType.MX)!.rdatas).toEqual([mx(1, 'ns')]);
    expect(warnings).toEqual(['z.db:403:1: TTL set to prior TTL (300)']);
    expect(failure([...recs, rec(500, 'big', 'CNAME', name('ns'))])).toBe('z.db:500:1: big.example.com: CNAME and other data');
  });

  it('compares names in RDATA case-insensitively; the later spelling wins (RFC 4034 6.2, as BIND)', () => {
    const { zone } = load([...base(), rec(4, 'y', 'MX', mx(10, 'Mail')), rec(5, 'y', 'MX', mx(10, 'MAIL')), rec(6, 'mail', 'A', a('1.1.1.1'))]);
    const set = zone.node('y.example.com.')!.rrsets.get(RRType.MX)!;
    expect(set.rdatas).toEqual([mx(10, 'MAIL')]);
  });

  it('TXT data is compared exactly: "a" and "A" are two records', () => {
    const { zone } = load([...base(), rec(4, 't', 'TXT', txt('a')), rec(5, 't', 'TXT', txt('A'))]);
    expect(zone.node('t.example.com.')!.rrsets.get(RRType.TXT)!.rdatas.length).toBe(2);
  });

  it('sets an RRset to its first TTL with a warning (RFC 2181 5.2)', () => {
    const { zone, warnings } = load([...base(), rec(4, 'x', 'A', a('1.1.1.1'), 10), rec(5, 'x', 'A', a('1.1.1.2'), 20), rec(6, 'x', 'A', a('1.1.1.1'), 20), rec(7, 'x', 'TXT', txt('t'), 99)]);
    expect(warnings).toEqual(['z.db:5:1: TTL set to prior TTL (10)', 'z.db:6:1: TTL set to prior TTL (10)']);
    expect(zone.node('x.example.com.')!.rrsets.get(RRType.A)!.ttl).toBe(10);
    expect(zone.node('x.example.com.')!.rrsets.get(RRType.TXT)!.ttl).toBe(99);
  });

  it('sets a TTL above 2^31-1 to 0 with a warning (RFC 2181 8)', () => {
    const { zone, warnings } = load([...base(), rec(4, 'x', 'A', a('1.1.1.1'), 2147483648), rec(5, 'y', 'A', a('1.1.1.1'), 2147483647)]);
    expect(warnings).toEqual(['z.db:4:1: $TTL 2147483648 > MAXTTL, setting $TTL to 0']);
    expect(zone.node('x.example.com.')!.rrsets.get(RRType.A)!.ttl).toBe(0);
    expect(zone.node('y.example.com.')!.rrsets.get(RRType.A)!.ttl).toBe(2147483647);
  });

  it('ignores out-of-zone data with a warning', () => {
    const recs = [...base(), { ...rec(4, 'x', 'A', a('1.1.1.1')), name: 'foo.org.' }, { ...rec(5, 'x', 'A', a('1.1.1.1')), name: 'ns.foo.org.' }];
    const { zone, warnings } = load(recs);
    expect(warnings).toEqual(['z.db:4:1: ignoring out-of-zone data (foo.org)', 'z.db:5:1: ignoring out-of-zone data (ns.foo.org)']);
    expect(zone.exists('foo.org.')).toBe(false);
    expect(zone.recordCount).toBe(3);
  });

  it('keeps the owner spelling of the first appearance, per node and per RRset (as BIND)', () => {
    const { zone } = load([...base(), rec(4, 'WWW', 'A', a('1.1.1.1')), rec(5, 'www', 'TXT', txt('x')), rec(6, 'Www', 'A', a('1.1.1.2'))]);
    const n = zone.node('www.example.com.')!;
    expect(n.name).toBe('WWW.example.com.');
    expect(n.rrsets.get(RRType.A)!.name).toBe('WWW.example.com.');
    expect(n.rrsets.get(RRType.TXT)!.name).toBe('www.example.com.');
  });

  it('lists nodes in canonical order (RFC 4034 6.1)', () => {
    const names = ['z', 'a', '_ldap._tcp', 'B', '*', 'a.z', '140', '2', 'yljkjljk', 'Z.a', 'zABC.a', '\\001', 'z.a', '\\200'];
    const { zone } = load([...base(), ...names.map((n, i) => rec(10 + i, n, 'TXT', txt('x')))]);
    // RFC 4034 6.1's own example order, adapted: labels compared right to left, as bytes.
    expect([...zone.nodes()].map((n) => n.name)).toEqual([
      'example.com.', '\\001.example.com.', '*.example.com.', '140.example.com.', '2.example.com.', '_ldap._tcp.example.com.',
      'a.example.com.', 'Z.a.example.com.', 'zABC.a.example.com.', 'B.example.com.', 'ns.example.com.', 'yljkjljk.example.com.',
      'z.example.com.', 'a.z.example.com.', '\\200.example.com.',
    ]);
  });
});

describe('named-checkzone checks (BIND 9.18 wording and line)', () => {
  const B = base();
  it.each<[string, ParsedRecord[], string]>([
    ['no SOA (RFC 1035 5.2)', [rec(2, '@', 'NS', name('ns')), rec(3, 'ns', 'A', a('1.2.3.4'))], 'z.db:2:1: zone example.com/IN: has 0 SOA records'],
    ['two SOA records', [...B, rec(4, '@', 'SOA', soa(2))], 'z.db:4:1: example.com: multiple RRs of singleton type'],
    ['an SOA below the apex', [...B, rec(5, 'sub', 'SOA', soa(2))], 'z.db:5:1: SOA record not at top of zone (sub.example.com)'],
    ['no NS at the apex', [B[0], B[2]], 'z.db:1:1: zone example.com/IN: has no NS records'],
    ['CNAME then other data (RFC 1034 3.6.2)', [...B, rec(5, 'w', 'CNAME', name('ns')), rec(6, 'w', 'A', a('1.1.1.1'))], 'z.db:6:1: w.example.com: CNAME and other data'],
    ['other data then CNAME', [...B, rec(5, 'w', 'A', a('1.1.1.1')), rec(6, 'w', 'CNAME', name('ns'))], 'z.db:6:1: w.example.com: CNAME and other data'],
    ['CNAME at the apex', [...B, rec(5, '@', 'CNAME', name('foo'))], 'z.db:5:1: example.com: CNAME and other data'],
    ['two CNAMEs (RFC 2181 10.1)', [...B, rec(5, 'w', 'CNAME', name('ns')), rec(6, 'w', 'CNAME', name('x'))], 'z.db:6:1: w.example.com: multiple RRs of singleton type'],
    ['two DNAMEs (RFC 6672 2.4)', [...B, rec(5, 'd', 'DNAME', name('foo.org.')), rec(6, 'd', 'DNAME', name('bar.org.'))], 'z.db:6:1: d.example.com: multiple RRs of singleton type'],
    ['class CH', [...B, rec(5, 'x', 'A', a('1.1.1.1'), 300, 3)], "z.db:5:1: class 'CH' != zone class 'IN'"],
    ['class 42', [rec(1, '@', 'SOA', soa(), 300, 42)], "z.db:1:1: class 'CLASS42' != zone class 'IN'"],
    ['apex NS without address (RFC 1034 4.2.1)', [...B, rec(4, '@', 'NS', name('ns2'))], "z.db:4:1: zone example.com/IN: NS 'ns2.example.com' has no address records (A or AAAA)"],
    ['apex NS naming an empty non-terminal', [...B, rec(4, '@', 'NS', name('b')), rec(5, 'a.b', 'A', a('1.1.1.1'))], "z.db:4:1: zone example.com/IN: NS 'b.example.com' has no address records (A or AAAA)"],
    ['apex NS naming a CNAME (RFC 2181 10.3)', [...B, rec(4, '@', 'NS', name('ns2')), rec(6, 'ns2', 'CNAME', name('ns'))], "z.db:4:1: zone example.com/IN: NS 'ns2.example.com' is a CNAME (illegal)"],
    ['apex NS below a DNAME', [...B, rec(5, '@', 'NS', name('x.d')), rec(6, 'd', 'DNAME', name('foo.org.'))], "z.db:5:1: zone example.com/IN: NS 'x.d.example.com' is below a DNAME 'd.example.com' (illegal)"],
  ])('%s', (_what, records, expected) => {
    expect(failure(records)).toBe(expected);
  });

  it.each<[string, ParsedRecord[]]>([
    ['apex NS with only AAAA', [...B, rec(5, '@', 'NS', name('ns6')), rec(6, 'ns6', 'AAAA', aaaa('00000000000000000000000000000001'))]],
    ['apex NS matched by a wildcard (RFC 4592)', [...B, rec(5, '@', 'NS', name('x.w')), rec(6, '*.w', 'A', a('1.1.1.1'))]],
    ['apex NS outside the zone', [...B, rec(5, '@', 'NS', name('ns.other.org.'))]],
    ['apex NS into a delegation with glue', [...B, rec(5, '@', 'NS', name('ns.sub')), rec(6, 'sub', 'NS', name('ns.sub')), rec(7, 'ns.sub', 'A', a('1.1.1.1'))]],
    ['CNAME beside RRSIG and NSEC (RFC 4035 2.5)', [...B, rec(5, 'c', 'CNAME', name('foo.org.')), rec(6, 'c', 'NSEC', Buffer.concat([name('foo'), Buffer.from([0, 1, 0x40])]))]],
    ['a CNAME given twice in two spellings', [...B, rec(5, 'c', 'CNAME', name('foo.org.')), rec(6, 'c', 'CNAME', name('FOO.org.'))]],
    ['an identical SOA twice', [...B, rec(5, '@', 'SOA', soa())]],
  ])('loads: %s', (_what, records) => {
    expect(failure(records)).toBe('loaded');
  });

  it.each<[string, ParsedRecord[], string[]]>([
    ['MX without address (check-mx)', [...B, rec(5, '@', 'MX', mx(10, 'mail')), rec(6, 'x', 'MX', mx(10, 'Mail2'))],
      ["z.db:5:1: zone example.com/IN: example.com/MX 'mail.example.com' has no address records (A or AAAA)", "z.db:6:1: zone example.com/IN: x.example.com/MX 'Mail2.example.com' has no address records (A or AAAA)"]],
    ['MX naming a CNAME (RFC 2181 10.3)', [...B, rec(5, '@', 'MX', mx(10, 'mail')), rec(6, 'mail', 'CNAME', name('ns'))],
      ["z.db:5:1: zone example.com/IN: example.com/MX 'mail.example.com' is a CNAME (illegal)"]],
    ['SRV without address (RFC 2782)', [...B, rec(5, '_a._tcp', 'SRV', srv(0, 0, 1, 'srvh'))],
      ["z.db:5:1: zone example.com/IN: _a._tcp.example.com/SRV 'srvh.example.com' has no address records (A or AAAA)"]],
    ['SRV naming a CNAME', [...B, rec(5, '_a._tcp', 'SRV', srv(0, 0, 1, 'srvh')), rec(6, 'srvh', 'CNAME', name('ns'))],
      ["z.db:5:1: zone example.com/IN: _a._tcp.example.com/SRV 'srvh.example.com' is a CNAME (illegal)"]],
    ['MX into a delegation, MX to the root, SRV to the root', [...B, rec(5, 'sub', 'NS', name('ns.sub')), rec(6, 'ns.sub', 'A', a('1.1.1.1')), rec(7, '@', 'MX', mx(1, 'mx.sub')), rec(8, 'm', 'MX', mx(0, '.')), rec(9, '_s._tcp', 'SRV', srv(0, 0, 0, '.'))], []],
    ['delegation without required glue (RFC 1034 4.2.1)', [...B, rec(5, 'sub', 'NS', name('ns.sub')), rec(6, 'sub', 'NS', name('ns.other.org.'))],
      ["z.db:5:1: zone example.com/IN: sub.example.com/NS 'ns.sub.example.com' has no REQUIRED GLUE address records (A or AAAA)"]],
    ['delegation to an in-zone name without address', [...B, rec(5, 'sub', 'NS', name('NS2')), rec(6, 'sub', 'NS', name('ns'))],
      ["z.db:5:1: zone example.com/IN: sub.example.com/NS 'NS2.example.com' has no address records (A or AAAA)"]],
    ['delegation without sibling glue', [...B, rec(5, 'sub', 'NS', name('ns.sub2')), rec(6, 'sub2', 'NS', name('ns.sub2')), rec(7, 'ns.sub2', 'A', a('1.1.1.1')), rec(8, 'sub3', 'NS', name('ns.sub4')), rec(9, 'sub4', 'NS', name('x.org.'))],
      ["z.db:8:1: zone example.com/IN: sub3.example.com/NS 'ns.sub4.example.com' has no SIBLING GLUE address records (A or AAAA)"]],
    ['delegation to a CNAME', [...B, rec(5, 'sub', 'NS', name('alias')), rec(6, 'alias', 'CNAME', name('ns'))],
      ["z.db:5:1: zone example.com/IN: sub.example.com/NS 'alias.example.com' is a CNAME (illegal)"]],
    ['apex NS into a delegation without glue: only the delegation warns', [...B, rec(5, '@', 'NS', name('ns.sub')), rec(6, 'sub', 'NS', name('ns.sub'))],
      ["z.db:6:1: zone example.com/IN: sub.example.com/NS 'ns.sub.example.com' has no REQUIRED GLUE address records (A or AAAA)"]],
    ['warnings in canonical node order', [...B, rec(5, 'z', 'MX', mx(1, 'nx1')), rec(6, 'a', 'MX', mx(1, 'nx2'))],
      ["z.db:6:1: zone example.com/IN: a.example.com/MX 'nx2.example.com' has no address records (A or AAAA)", "z.db:5:1: zone example.com/IN: z.example.com/MX 'nx1.example.com' has no address records (A or AAAA)"]],
  ])('warns: %s', (_what, records, expected) => {
    expect(load(records).warnings).toEqual(expected);
  });
});

describe('check-names (RFC 952, RFC 1123 2.1; BIND check-names)', () => {
  const B = base();
  it.each<[string, ParsedRecord[], string[]]>([
    ['A owner with an underscore', [...B, rec(5, '_bad', 'A', a('1.1.1.1'))], ['z.db:5:1: _bad.example.com: bad owner name (check-names)']],
    ['AAAA and MX owners, hyphens at label ends', [...B, rec(5, 'ab-.x', 'AAAA', aaaa('00000000000000000000000000000001')), rec(6, '-m', 'MX', mx(1, 'ns'))],
      ['z.db:5:1: ab-.x.example.com: bad owner name (check-names)', 'z.db:6:1: -m.example.com: bad owner name (check-names)']],
    ['wildcard owner, inner hyphen, digits: fine', [...B, rec(5, '*.w', 'A', a('1.1.1.1')), rec(6, 'a-b.9z', 'A', a('1.1.1.1'))], []],
    ['Active Directory gc._msdcs', [...B, rec(5, 'gc._msdcs.ad', 'A', a('1.1.1.1')), rec(6, 'gc._msdcs.a_d', 'A', a('1.1.1.1'))],
      ['z.db:6:1: gc._msdcs.a_d.example.com: bad owner name (check-names)']],
    ['SRV, TXT and CNAME owners are not checked', [...B, rec(5, '_s._tcp', 'SRV', srv(0, 0, 1, 'ns')), rec(6, '_t', 'TXT', txt('x')), rec(7, '_c', 'CNAME', name('ns'))], []],
    ['MX and SRV targets, escaped names', [...B, rec(5, '@', 'MX', mx(1, '_mx')), rec(6, '_s._tcp', 'SRV', srv(0, 0, 1, 'sp\\032ace')), rec(7, '_mx', 'TXT', txt('x')), rec(8, 'sp\\032ace', 'TXT', txt('x'))],
      ['z.db:5:1: warning: _mx.example.com: bad name (check-names)', 'z.db:6:1: warning: sp\\032ace.example.com: bad name (check-names)',
        "z.db:5:1: zone example.com/IN: example.com/MX '_mx.example.com' has no address records (A or AAAA)",
        "z.db:6:1: zone example.com/IN: _s._tcp.example.com/SRV 'sp\\032ace.example.com' has no address records (A or AAAA)"]],
    ['NS target', [...B, rec(5, 'sub', 'NS', name('ns_1.other.org.'))], ['z.db:5:1: warning: ns_1.other.org: bad name (check-names)']],
    ['PTR target only in the reverse trees', [...B, rec(5, 'p', 'PTR', name('_p'))], []],
  ])('%s', (_what, records, expected) => {
    expect(load(records).warnings).toEqual(expected);
  });

  it('SOA MNAME must be a host name, RNAME a mailbox', () => {
    const nums = soa().subarray(soa().length - 20);
    const s = (m: string, r: string) => rec(1, '@', 'SOA', Buffer.concat([name(m), name(r), nums]));
    expect(load([s('ns', 'host_master'), ...B.slice(1)]).warnings).toEqual([]);
    expect(load([s('n_s', 'h.m_x'), ...B.slice(1), rec(4, 'n_s', 'AAAA', aaaa('00000000000000000000000000000001'))]).warnings).toEqual([
      'z.db:1:1: warning: n_s.example.com: bad name (check-names)',
      'z.db:1:1: warning: h.m_x.example.com: bad name (check-names)',
      'z.db:4:1: n_s.example.com: bad owner name (check-names)',
    ]);
  });

  it("fails the zone with checkNames 'fail' (named's default for a primary)", () => {
    expect(() => buildZone([...B, rec(5, '_bad', 'A', a('1.1.1.1'))], { origin: ORIGIN, file: FILE, checkNames: 'fail' })).toThrow('_bad.example.com: bad owner name (check-names)');
    expect(() => buildZone([...B, rec(5, '_bad', 'A', a('1.1.1.1'))], { origin: ORIGIN, file: FILE, checkNames: 'ignore', warn: () => { throw new Error('warned'); } })).not.toThrow();
  });
});

describe('createZoneSet (RFC 1034 4.3.2 step 2)', () => {
  const mk = (origin: string) => buildZone(
    [rec(1, origin, 'SOA', soa()), rec(2, origin, 'NS', name('ns.other.org.'))].map((r) => ({ ...r, name: origin })),
    { origin, file: FILE },
  );
  const set = createZoneSet([mk('example.com.'), mk('sub.example.com.'), mk('244.168.192.in-addr.arpa.')]);
  it.each([
    ['www.example.com.', 'example.com.'],
    ['WWW.SUB.Example.COM.', 'sub.example.com.'],
    ['sub.example.com.', 'sub.example.com.'],
    ['xsub.example.com.', 'example.com.'],
    ['example.com.', 'example.com.'],
    ['com.', undefined],
    ['.', undefined],
    ['139.244.168.192.in-addr.arpa.', '244.168.192.in-addr.arpa.'],
  ])('%s -> %s', (q, origin) => {
    expect(set.find(q)?.origin).toBe(origin);
  });
  it('rejects a zone given twice', () => {
    expect(() => createZoneSet([mk('example.com.'), mk('EXAMPLE.com.')])).toThrow(/given twice/);
  });
});

describe('canonicalSortKey (RFC 4034 6.1)', () => {
  /** The RFC's definition, directly: labels compared from the root, as lower-cased octets. */
  function reference(a: string, b: string): number {
    const la = nameLabels(a).reverse();
    const lb = nameLabels(b).reverse();
    for (let i = 0; i < Math.min(la.length, lb.length); i++) {
      const c = Buffer.compare(lower(la[i]), lower(lb[i]));
      if (c !== 0) return c;
    }
    return la.length - lb.length;
  }
  const lower = (l: Buffer) => Buffer.from([...l].map((x) => (x >= 0x41 && x <= 0x5a ? x + 0x20 : x)));
  const label = fc.oneof(
    fc.stringMatching(/^[a-zA-Z0-9_*-]{1,6}$/),
    fc.array(fc.nat(255), { minLength: 1, maxLength: 4 }).map((bs) => labelToText(Buffer.from(bs))),
  );
  const fqdn = fc.array(label, { minLength: 0, maxLength: 4 }).map((ls) => (ls.length ? ls.join('.') + '.' : '.'));
  it('orders like the RFC comparison (fast-check)', () => {
    fc.assert(
      fc.property(fqdn, fqdn, (a, b) => {
        const ka = canonicalSortKey(a);
        const kb = canonicalSortKey(b);
        expect(Math.sign(ka < kb ? -1 : ka > kb ? 1 : 0)).toBe(Math.sign(reference(a, b)));
      }),
      { numRuns: 2000 },
    );
  });
});
