/**
 * Denial of existence (src/dns/dnssec-proofs.ts) and DNSSEC OK answers (resolve.ts with
 * `do`) on the signed fixtures (test/dns/data/*.signed.zone, made by dnssec-signzone). The
 * expected owner names are the ones named (BIND 9.18) gave for the same questions on the
 * same files (test/interop/dns-dnssec.test.ts compares every answer live).
 */
import { describe, expect, it } from 'vitest';
import { nsec3Hash, nxdomainProofs, nodataProofs, usesNsec3, wildcardAnswerProofs, wildcardNodataProofs } from '../../src/dns/dnssec-proofs.js';
import { resolve } from '../../src/dns/resolve.js';
import { base32hexEncode } from '../../src/wire/rdata/base32hex.js';
import { typeToText } from '../../src/wire/rrtypes.js';
import type { RRset } from '../../src/zones/zone-types.js';
import { signedZones } from './helpers/zones.js';
import { createQueryHandler } from '../../src/dns/handler.js';
import { buildQuery } from '../../src/dns/server.js';
import dnsPacket from 'dns-packet';

const parseMessage = (b: Buffer) => dnsPacket.decode(b);

const zones = signedZones();
const nsec = zones.find('nsec.test.')!;
const nsec3 = zones.find('nsec3.test.')!;
const owners = (ps: readonly { rrset: RRset }[]) => ps.map((p) => `${p.rrset.name} ${typeToText(p.rrset.type)}`);
const h = (label: string) => `${label}.nsec3.test. NSEC3`;

describe('RFC 5155 5 hash', () => {
  it('Appendix A: example, salt aabbccdd, 12 iterations', () => {
    const hash = nsec3Hash('example.', Buffer.from('aabbccdd', 'hex'), 12);
    expect(base32hexEncode(hash)).toBe('0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM');
    expect(base32hexEncode(nsec3Hash('A.EXAMPLE.', Buffer.from('aabbccdd', 'hex'), 12))).toBe('35MTHGPGCU1QG68FAB165KLNSNK3DPVL');
  });
});

describe('NSEC proofs (RFC 4035 3.1.3)', () => {
  it('chooses NSEC for nsec.test and NSEC3 for nsec3.test', () => {
    expect([usesNsec3(nsec), usesNsec3(nsec3)]).toEqual([false, true]);
  });
  it('NXDOMAIN: the NSEC covering the name, the one covering the wildcard', () => {
    expect(owners(nxdomainProofs(nsec, 'nope.nsec.test.'))).toEqual(['mail.nsec.test. NSEC', 'nsec.test. NSEC']);
  });
  it('NODATA: the NSEC at the name, the covering one at an empty non-terminal', () => {
    expect(owners(nodataProofs(nsec, 'vcenter.nsec.test.'))).toEqual(['vcenter.nsec.test. NSEC']);
    expect(owners(nodataProofs(nsec, 'b.c.nsec.test.'))).toEqual(['_ldap._tcp.nsec.test. NSEC']);
  });
  it('wildcard answer and wildcard NODATA', () => {
    expect(owners(wildcardAnswerProofs(nsec, 'host.wild.nsec.test.', '*.wild.nsec.test.'))).toEqual(['*.wild.nsec.test. NSEC']);
    const wc = nsec.node('*.wild.nsec.test.')!;
    expect(owners(wildcardNodataProofs(nsec, 'host.wild.nsec.test.', wc))).toEqual(['*.wild.nsec.test. NSEC']);
  });
});

describe('NSEC3 proofs (RFC 5155 7.2)', () => {
  it('NXDOMAIN: closest encloser, next closer, wildcard (as named)', () => {
    expect(owners(nxdomainProofs(nsec3, 'nope.nsec3.test.'))).toEqual([
      h('SFE63S1FBJRK9557P3S96OLAB0OQQ9I4'), h('6D81H803PRM3INT4304K0PLNEI1RSQNS'), h('74LS0A14Q50SVQJCGERLKONT85QEKRPM'),
    ]);
    expect(owners(nxdomainProofs(nsec3, 'x.vcenter.nsec3.test.'))).toEqual([
      h('9DFFECOQ46A46L6SP5OO4660EUPFR5DU'), h('74LS0A14Q50SVQJCGERLKONT85QEKRPM'), h('SFE63S1FBJRK9557P3S96OLAB0OQQ9I4'),
    ]);
  });
  it('NODATA: the NSEC3 matching the name, an empty non-terminal included', () => {
    expect(owners(nodataProofs(nsec3, 'vcenter.nsec3.test.'))).toEqual([h('9DFFECOQ46A46L6SP5OO4660EUPFR5DU')]);
    expect(owners(nodataProofs(nsec3, 'b.c.nsec3.test.'))).toEqual([h('HJKLOFPLO98A5RNMRT23LFAUJ02J784D')]);
  });
  it('wildcard answer: the next closer name covered; wildcard NODATA: closest encloser proof and the wildcard', () => {
    expect(owners(wildcardAnswerProofs(nsec3, 'host.wild.nsec3.test.', '*.wild.nsec3.test.'))).toEqual([h('IPU8A7TLN5QA26TNS92N8J7B1CO5E2N6')]);
    const wc = nsec3.node('*.wild.nsec3.test.')!;
    expect(owners(wildcardNodataProofs(nsec3, 'host.wild.nsec3.test.', wc))).toEqual([
      h('H0U1165N6JP9CTS28MHFIBPP1QEIAR1K'), h('IPU8A7TLN5QA26TNS92N8J7B1CO5E2N6'), h('AJQFDUT6PR2L0TK06I9E1CMLDP14ORM1'),
    ]);
  });
  it('NSEC3 owners are no names of the zone (RFC 5155 7.2.8)', () => {
    expect(nsec3.node('SFE63S1FBJRK9557P3S96OLAB0OQQ9I4.nsec3.test.')).toBeUndefined();
    expect(nsec3.nsec3?.node('SFE63S1FBJRK9557P3S96OLAB0OQQ9I4.nsec3.test.')?.rrsets.has(50)).toBe(true);
  });
});

describe('resolve() with and without DNSSEC OK', () => {
  const q = (name: string, type: number, dnssecOk: boolean) =>
    resolve(zones, { name, type, class: 1 }, { rd: true, do: dnssecOk });
  const types = (rrs: readonly RRset[]) => rrs.map((r) => `${r.name} ${typeToText(r.type)}${r.type === 46 ? ' ' + typeToText(r.rdatas[0].readUInt16BE(0)) : ''} ${r.ttl}`);
  it('positive: the RRSIG follows its RRset; none without DO', () => {
    expect(types(q('vcenter.nsec.test.', 1, true).answer)).toEqual(['vcenter.nsec.test. A 3600', 'vcenter.nsec.test. RRSIG A 3600']);
    expect(types(q('vcenter.nsec.test.', 1, false).answer)).toEqual(['vcenter.nsec.test. A 3600']);
  });
  it('NXDOMAIN: SOA and its RRSIG at the negative TTL, the NSECs grouped by owner as BIND renders them', () => {
    const r = q('nope.nsec.test.', 1, true);
    expect(r.rcode).toBe(3);
    expect(types(r.authority)).toEqual([
      'nsec.test. SOA 300', 'nsec.test. RRSIG SOA 300', 'nsec.test. NSEC 300', 'nsec.test. RRSIG NSEC 300',
      'mail.nsec.test. NSEC 300', 'mail.nsec.test. RRSIG NSEC 300',
    ]);
    expect(types(q('nope.nsec.test.', 1, false).authority)).toEqual(['nsec.test. SOA 300']);
  });
  it('referrals: DS with its RRSIG, or the NSEC3 proving there is none', () => {
    expect(types(q('x.sub.nsec3.test.', 1, true).authority)).toEqual(['sub.nsec3.test. NS 3600', 'sub.nsec3.test. DS 3600', 'sub.nsec3.test. RRSIG DS 3600']);
    expect(types(q('x.unsigned.nsec3.test.', 1, true).authority)).toEqual([
      'unsigned.nsec3.test. NS 3600', '6JJO04TRO0TS48NFN222BBINJ2NKI7T2.nsec3.test. NSEC3 300', '6JJO04TRO0TS48NFN222BBINJ2NKI7T2.nsec3.test. RRSIG NSEC3 300',
    ]);
    expect(types(q('x.sub.nsec3.test.', 1, false).authority)).toEqual(['sub.nsec3.test. NS 3600']);
  });
  it('RRSIG asked by type: each covered type with its own TTL', () => {
    expect(types(q('vcenter.nsec.test.', 46, false).answer)).toEqual([
      'vcenter.nsec.test. RRSIG A 3600', 'vcenter.nsec.test. RRSIG AAAA 3600', 'vcenter.nsec.test. RRSIG NSEC 300',
    ]);
  });
});

describe('the answer cache keys on DO (RFC 3225)', () => {
  it('a cached reply without DO is not served to a DO query, nor the reverse', () => {
    const h = createQueryHandler(() => zones);
    const msg = (dnssecOk: boolean) => {
      const m = buildQuery(7, 'vcenter.nsec3.test', 1, { rd: true, edns: true });
      if (dnssecOk) m[m.length - 4] |= 0x80; // DO, the top bit of the OPT TTL's flags
      return m;
    };
    for (const first of [false, true]) {
      const a = h.handle(msg(first), 'udp')!;
      const b = h.handle(msg(!first), 'udp')!;
      const again = h.handle(msg(first), 'udp')!;
      expect(b.equals(a)).toBe(false);
      expect(again.equals(a)).toBe(true);
      expect(parseMessage(first ? a : b).answers?.length).toBe(2);
    }
  });
});
