import { describe, expect, it } from 'vitest';
import { parseZone } from '../../src/zones/parser.js';
import { buildZone } from '../../src/zones/zone.js';
import { applyZoneChanges, nextSerial, serialGreater, type ZoneChange } from '../../src/zones/update.js';
import { parseRecords, parseDeletions } from '../../src/lab/zone-editor.js';
import { rdataToText } from '../../src/wire/rdata.js';
import { RRType } from '../../src/zones/record.js';
import type { Zone } from '../../src/zones/zone-types.js';

const ZONE = `$TTL 300
@ SOA ns hostmaster 41 3600 600 86400 300
@ NS ns
ns A 192.0.2.1
www A 192.0.2.10
www A 192.0.2.11
alias CNAME www
`;
const load = (text = ZONE): Zone => buildZone(parseZone(text, { origin: 'example.com.', file: 'z' }), { origin: 'example.com.', file: 'z' });

/** The zone as `name TTL TYPE RDATA` lines, sorted (what a test compares). */
function lines(z: Zone): string[] {
  const out: string[] = [];
  for (const n of z.nodes()) for (const s of n.rrsets.values()) for (const r of s.rdatas) out.push(`${s.name} ${s.ttl} ${s.type} ${rdataToText(s.type, r)}`);
  return out.sort();
}

const adds = (z: Zone, text: string): ZoneChange[] => parseRecords(z, text).map((rr) => ({ op: 'add', rr }));

describe('applyZoneChanges (RFC 2136 3.4.2)', () => {
  it('3.4.2.2: adds an RR, the serial goes up by one, the old zone is untouched', () => {
    const z = load();
    const r = applyZoneChanges(z, adds(z, 'web 60 A 192.0.2.77'));
    expect(r.changed).toBe(true);
    expect(r.zone.serial).toBe(42);
    expect(r.zone.node('web.example.com.')?.rrsets.get(RRType.A)?.ttl).toBe(60);
    expect(z.node('web.example.com.')).toBeUndefined();
    expect(z.serial).toBe(41);
    expect(lines(r.zone).filter((l) => !l.includes(' 6 '))).toEqual([...lines(z).filter((l) => !l.includes(' 6 ')), 'web.example.com. 60 1 192.0.2.77'].sort());
  });

  it('3.4.2.2: a duplicate RR (names compared case-insensitively) changes nothing, the serial stays', () => {
    const z = load();
    const r = applyZoneChanges(z, adds(z, 'alias 300 CNAME WWW'));
    expect(r.changed).toBe(false);
    expect(r.zone).toBe(z);
    expect(r.ignored[0].reason).toMatch(/3\.4\.2\.2/);
  });

  it('RFC 2181 5.2: an added RR with another TTL gives the whole RRset that TTL', () => {
    const z = load();
    const r = applyZoneChanges(z, adds(z, 'www 900 A 192.0.2.12'));
    expect(r.zone.node('www.example.com.')?.rrsets.get(RRType.A)).toMatchObject({ ttl: 900 });
    expect(r.zone.node('www.example.com.')?.rrsets.get(RRType.A)?.rdatas).toHaveLength(3);
  });

  it('3.4.2.2: no CNAME beside other data, no other data beside a CNAME; a CNAME replaces a CNAME', () => {
    const z = load();
    expect(applyZoneChanges(z, adds(z, 'www CNAME ns')).changed).toBe(false);
    expect(applyZoneChanges(z, adds(z, 'alias A 192.0.2.5')).changed).toBe(false);
    const r = applyZoneChanges(z, adds(z, 'alias CNAME ns'));
    expect(r.zone.node('alias.example.com.')?.rrsets.get(RRType.CNAME)?.rdatas.map((b) => rdataToText(RRType.CNAME, b))).toEqual(['ns.example.com.']);
  });

  it('3.4.2.2: an SOA replaces the SOA only with a greater serial, and then no increment', () => {
    const z = load();
    expect(applyZoneChanges(z, adds(z, '@ SOA ns hostmaster 41 1 1 1 1')).changed).toBe(false);
    const r = applyZoneChanges(z, adds(z, '@ SOA ns hostmaster 100 1 1 1 1'));
    expect(r.zone.serial).toBe(100);
  });

  it('3.4.2.3: deletes an RRset and every RRset of a name, never the apex SOA and NS', () => {
    const z = load();
    const rrset = applyZoneChanges(z, parseDeletions(z, 'www A'));
    expect(rrset.zone.exists('www.example.com.')).toBe(false);
    expect(rrset.zone.serial).toBe(42);
    const apex = applyZoneChanges(z, parseDeletions(z, '@'));
    expect(apex.changed).toBe(false);
    expect(applyZoneChanges(z, parseDeletions(z, '@ NS')).changed).toBe(false);
  });

  it('3.4.2.4: deletes one RR, never the SOA nor the last apex NS', () => {
    const z = load();
    const r = applyZoneChanges(z, parseDeletions(z, 'www 300 A 192.0.2.10'));
    expect(r.zone.node('www.example.com.')?.rrsets.get(RRType.A)?.rdatas.map((b) => rdataToText(RRType.A, b))).toEqual(['192.0.2.11']);
    expect(applyZoneChanges(z, parseDeletions(z, '@ NS ns')).changed).toBe(false);
    expect(applyZoneChanges(z, parseDeletions(z, '@ SOA ns hostmaster 41 3600 600 86400 300')).changed).toBe(false);
  });

  it('3.4.1.3: a name outside the zone is ignored (NOTZONE)', () => {
    const z = load();
    const r = applyZoneChanges(z, [{ op: 'delete', name: 'other.org.' }]);
    expect(r.ignored[0].reason).toMatch(/NOTZONE/);
  });

  it('a change set is applied in order, as one new zone with one increment', () => {
    const z = load();
    const r = applyZoneChanges(z, [...parseDeletions(z, 'www A'), ...adds(z, 'www A 192.0.2.99')]);
    expect(r.zone.serial).toBe(42);
    expect(r.zone.node('www.example.com.')?.rrsets.get(RRType.A)?.rdatas.map((b) => rdataToText(RRType.A, b))).toEqual(['192.0.2.99']);
  });

  it('RFC 1982: serial arithmetic wraps and skips 0', () => {
    expect(nextSerial(0xffffffff)).toBe(1);
    expect(serialGreater(1, 0xffffffff)).toBe(true);
    expect(serialGreater(0xffffffff, 1)).toBe(false);
  });

  it('rebuilding is cheap for lab-sized zones (measured: 10,000 records)', () => {
    const big = ZONE + Array.from({ length: 10_000 }, (_, i) => `h${i} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`).join('\n') + '\n';
    const z = load(big);
    const small = load();
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) applyZoneChanges(small, adds(small, `x${i} A 192.0.2.${i}`));
    const perSmall = (performance.now() - t0) / 100;
    const t1 = performance.now();
    const r = applyZoneChanges(z, adds(z, 'web A 192.0.2.77'));
    const perBig = performance.now() - t1;
    expect(r.zone.recordCount).toBe(z.recordCount + 1);
    console.log(`zone update: ${perSmall.toFixed(3)} ms for a 7-record zone, ${perBig.toFixed(1)} ms for 10,007 records`);
    expect(perSmall).toBeLessThan(50);
    expect(perBig).toBeLessThan(3000);
  });
});
