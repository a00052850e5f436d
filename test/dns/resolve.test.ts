/**
 * The resolver (src/dns/resolve.ts) against the conformance zones of test/dns/data, one table
 * per rule. Every expectation here was checked against BIND 9.18.49 with `recursion no`
 * serving the same files (named on 127.0.0.1, `dig +norec +nocookie`; the byte sizes of
 * the same answers are in respond.test.ts): the same records in each section, the same
 * rcode and AA. Within a section the order is labnet's (zone file order); BIND rotates
 * RRsets (rrset-order cyclic), so order is not part of the comparison.
 */
import { describe, expect, it } from 'vitest';
import { resolve, wildcardOwner, MAX_RESTARTS } from '../../src/dns/resolve.js';
import { Rcode } from '../../src/dns/message.js';
import { RRType } from '../../src/zones/record.js';
import { typeFromText } from '../../src/wire/rrtypes.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { conformanceZones, dname, ip4, labZones, memZone, mxRdata, rrLines, soaRdata } from './helpers/zones.js';

interface Case {
  q: string;
  rcode: number;
  aa: boolean;
  answer: string[];
  authority: string[];
  additional: string[];
  ede?: { code: number; text?: string };
}

/** `name TYPE [rd]` -> the whole Resolution, sections as dig-like lines. */
function ask(q: string, zones = conformanceZones()) {
  const [name, type, ...flags] = q.split(' ');
  const t = typeFromText(type);
  if (t === undefined) throw new Error(`bad type ${type}`);
  const r = resolve(zones, { name: name + '.', type: t, class: 1 }, { rd: flags.includes('rd') });
  const out: Case = {
    q,
    rcode: r.rcode,
    aa: r.aa,
    answer: rrLines(r.answer),
    authority: rrLines(r.authority),
    additional: rrLines(r.additional),
  };
  if (r.ede) out.ede = r.ede;
  return out;
}

function table(cases: Case[]): void {
  it.each(cases.map((c) => [c.q, c] as const))('%s', (_q, c) => {
    expect(ask(c.q)).toEqual(c);
  });
}

describe('RFC 1034 4.3.2 step 3a: positive answers; BIND minimal-responses no-auth-recursive (NS in authority for RD=0 only)', () => {
  table([
    {
      q: 'www.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'www.conf.test. 3600 A 192.0.2.10',
        'www.conf.test. 3600 A 192.0.2.11',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'WWW.Conf.TEST A',
      rcode: 0, aa: true,
      answer: [
        'www.conf.test. 3600 A 192.0.2.10',
        'www.conf.test. 3600 A 192.0.2.11',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'www2.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'WwW2.conf.test. 3600 A 192.0.2.12',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'conf.test SOA',
      rcode: 0, aa: true,
      answer: [
        'conf.test. 3600 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'conf.test NS',
      rcode: 0, aa: true,
      answer: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      authority: [],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'ns1.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'ns1.conf.test. 3600 A 192.0.2.1',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'www.conf.test A rd',
      rcode: 0, aa: true,
      answer: [
        'www.conf.test. 3600 A 192.0.2.10',
        'www.conf.test. 3600 A 192.0.2.11',
      ],
      authority: [],
      additional: [],
    },
    {
      q: 'conf.test MX rd',
      rcode: 0, aa: true,
      answer: [
        'conf.test. 3600 MX 10 mail.conf.test.',
        'conf.test. 3600 MX 20 mail.other.test.',
        'conf.test. 3600 MX 30 mx.external.example.',
      ],
      authority: [],
      additional: [
        'mail.conf.test. 3600 A 192.0.2.25',
        'mail.conf.test. 3600 AAAA 2001:db8::25',
      ],
    },
  ]);
});

describe('RFC 2308 2.1, 2.2, 5: NXDOMAIN and NODATA carry the SOA, TTL min(SOA TTL, MINIMUM)', () => {
  table([
    {
      q: 'nothere.conf.test A',
      rcode: 3, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'www.conf.test MX',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'x.www.conf.test A',
      rcode: 3, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'nothere.conf.test A rd',
      rcode: 3, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'www.conf.test DS',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'conf.test DS',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'www.conf.test TYPE0',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'www.conf.test RRSIG',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
  ]);
});

describe('RFC 4592 2.2.2: empty non-terminals exist (NODATA, not NXDOMAIN)', () => {
  table([
    {
      q: 'c.ent.conf.test A',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'b.c.ent.conf.test A',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'c.ent.conf.test ANY',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
  ]);
});

describe('RFC 1034 3.6.2, 4.3.2 step 3a: CNAME chains followed inside the zone; loops end in SERVFAIL after max-restarts', () => {
  table([
    {
      q: 'alias.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'alias.conf.test. 3600 CNAME www.conf.test.',
        'www.conf.test. 3600 A 192.0.2.10',
        'www.conf.test. 3600 A 192.0.2.11',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'chain1.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'chain1.conf.test. 3600 CNAME chain2.conf.test.',
        'chain2.conf.test. 3600 CNAME chain3.conf.test.',
        'chain3.conf.test. 3600 CNAME www.conf.test.',
        'www.conf.test. 3600 A 192.0.2.10',
        'www.conf.test. 3600 A 192.0.2.11',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'alias.conf.test CNAME',
      rcode: 0, aa: true,
      answer: [
        'alias.conf.test. 3600 CNAME www.conf.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'alias.conf.test MX',
      rcode: 0, aa: true,
      answer: [
        'alias.conf.test. 3600 CNAME www.conf.test.',
      ],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'alias.conf.test ANY',
      rcode: 0, aa: true,
      answer: [
        'alias.conf.test. 3600 CNAME www.conf.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [],
    },
    // The types that may sit beside a CNAME are answered at its owner, not followed
    // (BIND's atcname types; measured with dig on lab.local's www and kubeflow CNAMEs).
    ...['KEY', 'SIG', 'RRSIG', 'NSEC'].map((t) => ({
      q: `alias.conf.test ${t}`,
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    })),
    {
      q: 'dangling.conf.test A',
      rcode: 3, aa: true,
      answer: [
        'dangling.conf.test. 3600 CNAME nothere.conf.test.',
      ],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'ext.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'ext.conf.test. 3600 CNAME www.other.test.',
      ],
      authority: [],
      additional: [],
    },
    {
      q: 'out.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'out.conf.test. 3600 CNAME host.external.example.',
      ],
      authority: [],
      additional: [],
    },
    {
      q: 'toref.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'toref.conf.test. 3600 CNAME host.sub.conf.test.',
      ],
      authority: [
        'sub.conf.test. 3600 NS ns.sub.conf.test.',
        'sub.conf.test. 3600 NS ns.other.test.',
      ],
      additional: [
        'ns.sub.conf.test. 3600 A 192.0.2.50',
        'ns.sub.conf.test. 3600 AAAA 2001:db8::50',
      ],
    },
    {
      q: 'loop1.conf.test A',
      rcode: 2, aa: true,
      answer: [
        'loop1.conf.test. 3600 CNAME loop2.conf.test.',
        'loop2.conf.test. 3600 CNAME loop1.conf.test.',
      ],
      authority: [],
      additional: [],
      ede: {"code":0,"text":"max. restarts reached"},
    },
    {
      q: 'self.conf.test A',
      rcode: 2, aa: true,
      answer: [
        'self.conf.test. 3600 CNAME self.conf.test.',
      ],
      authority: [],
      additional: [],
      ede: {"code":0,"text":"max. restarts reached"},
    },
    {
      q: 'lc2.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'lc2.conf.test. 3600 CNAME lc3.conf.test.',
        'lc3.conf.test. 3600 CNAME lc4.conf.test.',
        'lc4.conf.test. 3600 CNAME lc5.conf.test.',
        'lc5.conf.test. 3600 CNAME lc6.conf.test.',
        'lc6.conf.test. 3600 CNAME lc7.conf.test.',
        'lc7.conf.test. 3600 CNAME lc8.conf.test.',
        'lc8.conf.test. 3600 CNAME lc9.conf.test.',
        'lc9.conf.test. 3600 CNAME lc10.conf.test.',
        'lc10.conf.test. 3600 CNAME lc11.conf.test.',
        'lc11.conf.test. 3600 CNAME lc12.conf.test.',
        'lc12.conf.test. 3600 CNAME www.conf.test.',
        'www.conf.test. 3600 A 192.0.2.10',
        'www.conf.test. 3600 A 192.0.2.11',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'lc1.conf.test A',
      rcode: 2, aa: true,
      answer: [
        'lc1.conf.test. 3600 CNAME lc2.conf.test.',
        'lc2.conf.test. 3600 CNAME lc3.conf.test.',
        'lc3.conf.test. 3600 CNAME lc4.conf.test.',
        'lc4.conf.test. 3600 CNAME lc5.conf.test.',
        'lc5.conf.test. 3600 CNAME lc6.conf.test.',
        'lc6.conf.test. 3600 CNAME lc7.conf.test.',
        'lc7.conf.test. 3600 CNAME lc8.conf.test.',
        'lc8.conf.test. 3600 CNAME lc9.conf.test.',
        'lc9.conf.test. 3600 CNAME lc10.conf.test.',
        'lc10.conf.test. 3600 CNAME lc11.conf.test.',
        'lc11.conf.test. 3600 CNAME lc12.conf.test.',
        'lc12.conf.test. 3600 CNAME www.conf.test.',
      ],
      authority: [],
      additional: [],
      ede: {"code":0,"text":"max. restarts reached"},
    },
  ]);
});

describe('RFC 4592 3.3: wildcards (closest encloser, not for existing names, blocked by ENTs, wildcard CNAME)', () => {
  table([
    {
      q: 'Foo.wild.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'foo.wild.conf.test. 3600 A 192.0.2.40',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'a.b.wild.conf.test TXT',
      rcode: 0, aa: true,
      answer: [
        'a.b.wild.conf.test. 3600 TXT "wild"',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'foo.wild.conf.test MX',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'exists.wild.conf.test TXT',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'ent.wild.conf.test A',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'x.ent.wild.conf.test A',
      rcode: 3, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: '*.wild.conf.test A',
      rcode: 0, aa: true,
      answer: [
        '*.wild.conf.test. 3600 A 192.0.2.40',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'wild.conf.test A',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'foo.wcname.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'foo.wcname.conf.test. 3600 CNAME www.conf.test.',
        'www.conf.test. 3600 A 192.0.2.10',
        'www.conf.test. 3600 A 192.0.2.11',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'foo.wcname.conf.test CNAME',
      rcode: 0, aa: true,
      answer: [
        'foo.wcname.conf.test. 3600 CNAME www.conf.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'Foo.mixed.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'foO.MiXed.conf.test. 3600 A 192.0.2.43',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'FOO.WILD.CONF.TEST A',
      rcode: 0, aa: true,
      answer: [
        'foo.wild.conf.test. 3600 A 192.0.2.40',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
  ]);
});

describe('RFC 6672 2.2-3.2: DNAME substitution with a synthesised CNAME', () => {
  table([
    {
      q: 'Www.Dname.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'dname.conf.test. 3600 DNAME other.test.',
        'Www.Dname.conf.test. 3600 CNAME Www.other.test.',
      ],
      authority: [],
      additional: [],
    },
    {
      q: 'x.dname2.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'dname2.conf.test. 3600 DNAME target.conf.test.',
        'x.dname2.conf.test. 3600 CNAME x.target.conf.test.',
        'x.target.conf.test. 3600 A 192.0.2.70',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'y.dname2.conf.test A',
      rcode: 3, aa: true,
      answer: [
        'dname2.conf.test. 3600 DNAME target.conf.test.',
        'y.dname2.conf.test. 3600 CNAME y.target.conf.test.',
      ],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'dname.conf.test A',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'dname.conf.test DNAME',
      rcode: 0, aa: true,
      answer: [
        'dname.conf.test. 3600 DNAME other.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'a.b.dname.conf.test TXT',
      rcode: 0, aa: true,
      answer: [
        'dname.conf.test. 3600 DNAME other.test.',
        'a.b.dname.conf.test. 3600 CNAME a.b.other.test.',
      ],
      authority: [],
      additional: [],
    },
  ]);
});

describe('RFC 1034 4.3.2 step 3b: referrals at zone cuts with glue; RFC 4035 3.1.4.1: DS from the parent side', () => {
  table([
    {
      q: 'host.sub.conf.test A',
      rcode: 0, aa: false,
      answer: [],
      authority: [
        'sub.conf.test. 3600 NS ns.sub.conf.test.',
        'sub.conf.test. 3600 NS ns.other.test.',
      ],
      additional: [
        'ns.sub.conf.test. 3600 A 192.0.2.50',
        'ns.sub.conf.test. 3600 AAAA 2001:db8::50',
      ],
    },
    {
      q: 'sub.conf.test NS',
      rcode: 0, aa: false,
      answer: [],
      authority: [
        'sub.conf.test. 3600 NS ns.sub.conf.test.',
        'sub.conf.test. 3600 NS ns.other.test.',
      ],
      additional: [
        'ns.sub.conf.test. 3600 A 192.0.2.50',
        'ns.sub.conf.test. 3600 AAAA 2001:db8::50',
      ],
    },
    {
      q: 'ns.sub.conf.test A',
      rcode: 0, aa: false,
      answer: [],
      authority: [
        'sub.conf.test. 3600 NS ns.sub.conf.test.',
        'sub.conf.test. 3600 NS ns.other.test.',
      ],
      additional: [
        'ns.sub.conf.test. 3600 A 192.0.2.50',
        'ns.sub.conf.test. 3600 AAAA 2001:db8::50',
      ],
    },
    {
      q: 'x.deleg2.conf.test A',
      rcode: 0, aa: false,
      answer: [],
      authority: [
        'deleg2.conf.test. 3600 NS ns.external.example.',
      ],
      additional: [],
    },
    {
      q: 'nothere.sub.conf.test DS',
      rcode: 0, aa: false,
      answer: [],
      authority: [
        'sub.conf.test. 3600 NS ns.sub.conf.test.',
        'sub.conf.test. 3600 NS ns.other.test.',
      ],
      additional: [
        'ns.sub.conf.test. 3600 A 192.0.2.50',
        'ns.sub.conf.test. 3600 AAAA 2001:db8::50',
      ],
    },
    {
      q: 'sub.conf.test DS',
      rcode: 0, aa: true,
      answer: [
        'sub.conf.test. 3600 DS 12345 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01234567 89ABCDEF',
      ],
      authority: [],
      additional: [],
    },
    {
      q: 'Sub.conf.test DS',
      rcode: 0, aa: true,
      answer: [
        'sub.conf.test. 3600 DS 12345 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01234567 89ABCDEF',
      ],
      authority: [],
      additional: [],
    },
    {
      q: 'deleg2.conf.test DS',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'host.sub.conf.test A rd',
      rcode: 0, aa: false,
      answer: [],
      authority: [
        'sub.conf.test. 3600 NS ns.sub.conf.test.',
        'sub.conf.test. 3600 NS ns.other.test.',
      ],
      additional: [
        'ns.sub.conf.test. 3600 A 192.0.2.50',
        'ns.sub.conf.test. 3600 AAAA 2001:db8::50',
      ],
    },
    {
      q: 'sub.conf.test ANY',
      rcode: 0, aa: false,
      answer: [],
      authority: [
        'sub.conf.test. 3600 NS ns.sub.conf.test.',
        'sub.conf.test. 3600 NS ns.other.test.',
      ],
      additional: [
        'ns.sub.conf.test. 3600 A 192.0.2.50',
        'ns.sub.conf.test. 3600 AAAA 2001:db8::50',
      ],
    },
  ]);
});

describe('RFC 1034 3.6.2 / RFC 2181 5.4.1: additional-section addresses for NS, MX and SRV targets in the zone', () => {
  table([
    {
      q: 'conf.test MX',
      rcode: 0, aa: true,
      answer: [
        'conf.test. 3600 MX 10 mail.conf.test.',
        'conf.test. 3600 MX 20 mail.other.test.',
        'conf.test. 3600 MX 30 mx.external.example.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'mail.conf.test. 3600 A 192.0.2.25',
        'mail.conf.test. 3600 AAAA 2001:db8::25',
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: '_sip._udp.conf.test SRV',
      rcode: 0, aa: true,
      answer: [
        '_sip._udp.conf.test. 3600 SRV 0 5 5060 sip.conf.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'sip.conf.test. 3600 A 192.0.2.60',
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: '_sip._tcp.conf.test SRV',
      rcode: 0, aa: true,
      answer: [
        '_sip._tcp.conf.test. 3600 SRV 0 5 5060 www.other.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'mx2.conf.test MX',
      rcode: 0, aa: true,
      answer: [
        'mx2.conf.test. 3600 MX 10 www.other.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'ptr.conf.test PTR',
      rcode: 0, aa: true,
      answer: [
        'ptr.conf.test. 3600 PTR www.conf.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'mxw.conf.test MX',
      rcode: 0, aa: true,
      answer: [
        'mxw.conf.test. 3600 MX 10 host.wild.conf.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'host.wild.conf.test. 3600 A 192.0.2.40',
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'mxg.conf.test MX',
      rcode: 0, aa: true,
      answer: [
        'mxg.conf.test. 3600 MX 10 ns.sub.conf.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'mxc.conf.test MX',
      rcode: 0, aa: true,
      answer: [
        'mxc.conf.test. 3600 MX 10 alias.conf.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
  ]);
});

describe('QTYPE ANY (RFC 1035 3.2.3) as BIND 9.18 answers it: every RRset, no additional section', () => {
  table([
    {
      q: 'conf.test ANY',
      rcode: 0, aa: true,
      answer: [
        'conf.test. 3600 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
        'conf.test. 3600 MX 10 mail.conf.test.',
        'conf.test. 3600 MX 20 mail.other.test.',
        'conf.test. 3600 MX 30 mx.external.example.',
        'conf.test. 3600 TXT "conformance zone"',
      ],
      authority: [],
      additional: [],
    },
    {
      q: 'www.conf.test ANY',
      rcode: 0, aa: true,
      answer: [
        'www.conf.test. 3600 A 192.0.2.10',
        'www.conf.test. 3600 A 192.0.2.11',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [],
    },
    {
      q: 'Foo.wild.conf.test ANY',
      rcode: 0, aa: true,
      answer: [
        'foo.wild.conf.test. 3600 A 192.0.2.40',
        'foo.wild.conf.test. 3600 TXT "wild"',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [],
    },
    {
      q: 'nothere.conf.test ANY',
      rcode: 3, aa: true,
      answer: [],
      authority: [
        'conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300',
      ],
      additional: [],
    },
    {
      q: 'mail.conf.test ANY rd',
      rcode: 0, aa: true,
      answer: [
        'mail.conf.test. 3600 A 192.0.2.25',
        'mail.conf.test. 3600 AAAA 2001:db8::25',
      ],
      authority: [],
      additional: [],
    },
  ]);
});

describe('RFC 1034 4.3.2 step 2: names under no loaded zone are REFUSED, without AA', () => {
  it.each([['example.com.'], ['test.'], ['.'], ['conf.test.example.']])('%s', (name) => {
    expect(resolve(conformanceZones(), { name, type: RRType.A, class: 1 }, { rd: false })).toEqual({
      rcode: Rcode.REFUSED, aa: false, answer: [], authority: [], additional: [],
    });
  });
});

describe('classes and meta types as BIND 9.18 answers them (measured with dig -c and raw queries)', () => {
  it.each([
    // [class, type, rcode, ede]
    [3, RRType.A, Rcode.REFUSED, undefined], // CH: BIND's _bind view, not authoritative for the name
    [4, RRType.A, Rcode.REFUSED, { code: 18 }], // HS: no view, EDE 18 Prohibited
    [0, RRType.A, Rcode.FORMERR, undefined],
    [254, RRType.A, Rcode.FORMERR, undefined], // NONE
    [255, RRType.A, Rcode.FORMERR, undefined], // ANY
    [2, RRType.A, Rcode.NOTIMP, undefined],
    [100, RRType.A, Rcode.NOTIMP, undefined],
    [1, RRType.OPT, Rcode.FORMERR, undefined],
    [1, 128, Rcode.FORMERR, undefined],
    [1, 249, Rcode.FORMERR, undefined], // TKEY without a key exchange
    [1, 250, Rcode.FORMERR, undefined], // TSIG as a question
    [1, 253, Rcode.NOTIMP, undefined], // MAILB
    [1, 254, Rcode.NOTIMP, undefined], // MAILA
  ])('class %i type %i -> rcode %i', (klass, type, rcode, ede) => {
    const r = resolve(conformanceZones(), { name: 'www.conf.test.', type, class: klass }, { rd: false });
    expect(r).toEqual({ rcode, aa: false, answer: [], authority: [], additional: [], ...(ede ? { ede } : {}) });
  });
});

describe('the lab zones (fixtures/lab)', () => {
  it.each([
    ['vcenter.lab.local A', 0, ['vcenter.lab.local. 604800 A 192.168.244.135']],
    ['kubeflow.lab.local A', 0, ['kubeflow.lab.local. 604800 CNAME jupyter.lab.local.', 'jupyter.lab.local. 604800 A 192.168.244.140']],
    ['135.244.168.192.in-addr.arpa PTR', 0, ['135.244.168.192.in-addr.arpa. 604800 PTR vcenter.lab.local.']],
    ['nothere.lab.local A', 3, []],
  ])('%s', (q, rcode, answer) => {
    const r = ask(q, labZones());
    expect([r.rcode, r.aa, r.answer]).toEqual([rcode, true, answer]);
  });

  it('MX answer: the exchange address, then the apex NS and its address (RD=0)', () => {
    expect(ask('lab.local MX', labZones())).toEqual({
      q: 'lab.local MX', rcode: 0, aa: true,
      answer: ['lab.local. 604800 MX 10 mail.lab.local.'],
      authority: ['lab.local. 604800 NS ns.lab.local.'],
      additional: ['mail.lab.local. 604800 A 192.168.244.139', 'ns.lab.local. 604800 A 192.168.244.139'],
    });
  });
});

describe('hand-built zones (no parser): rules that the conformance files do not reach', () => {
  const O = 'hand.example.';
  const apex = (minimum: number): [string, number, number, Buffer][] => [
    [O, RRType.SOA, 900, soaRdata('ns.hand.example.', 'h.hand.example.', 7, minimum)],
    [O, RRType.NS, 900, dname('ns.hand.example.')],
    ['ns.hand.example.', RRType.A, 900, ip4('10.1.0.1')],
  ];
  const plain = createZoneSet([
    memZone(O, [
      ...apex(1200),
      ['Cut.hand.example.', RRType.NS, 900, dname('ns.Cut.hand.example.')],
      ['ns.Cut.hand.example.', RRType.A, 900, ip4('10.1.0.2')],
      ['Cut.hand.example.', RRType.DNAME, 900, dname('x.example.')],
      ['mx.hand.example.', RRType.MX, 900, mxRdata(0, '.')],
      ['d.hand.example.', RRType.DNAME, 900, dname(`${'x'.repeat(60)}.${'y'.repeat(60)}.example.`)],
    ]),
  ]);
  const dnameAtApex = createZoneSet([memZone(O, [...apex(60), [O, RRType.DNAME, 900, dname('other.example.')]])]);
  const q = (zs: ReturnType<typeof createZoneSet>, name: string, type: number, rd = false) =>
    resolve(zs, { name, type, class: 1 }, { rd });

  it('RFC 2308 5: the negative TTL is the SOA TTL when that is below MINIMUM', () => {
    expect(rrLines(q(plain, 'hand.example.', RRType.TXT).authority)).toEqual([
      'hand.example. 900 SOA ns.hand.example. h.hand.example. 7 7200 3600 1209600 1200',
    ]);
  });

  it('RFC 6672 2.3: a DNAME at the apex rewrites names below it (kept as asked), not the apex itself', () => {
    const below = q(dnameAtApex, 'a.B.hand.example.', RRType.A);
    expect([below.rcode, below.aa, rrLines(below.answer)]).toEqual([
      Rcode.NOERROR,
      true,
      ['hand.example. 900 DNAME other.example.', 'a.B.hand.example. 900 CNAME a.B.other.example.'],
    ]);
    const atApex = q(dnameAtApex, 'hand.example.', RRType.A);
    expect([atApex.rcode, atApex.answer, rrLines(atApex.authority)]).toEqual([
      Rcode.NOERROR,
      [],
      ['hand.example. 60 SOA ns.hand.example. h.hand.example. 7 7200 3600 1209600 60'],
    ]);
  });

  it('RFC 6672 2.2: a substitution that would exceed 255 octets is YXDOMAIN, with the DNAME', () => {
    const r = q(plain, `${'a'.repeat(63)}.${'b'.repeat(63)}.d.hand.example.`, RRType.A);
    expect([r.rcode, r.answer.map((a) => a.type)]).toEqual([Rcode.YXDOMAIN, [RRType.DNAME]]);
  });

  it('RFC 1034 4.3.2 step 3b: a zone cut takes precedence over a DNAME at the same node', () => {
    const r = q(plain, 'w.cut.hand.example.', RRType.A);
    expect([r.aa, r.answer, rrLines(r.authority), rrLines(r.additional)]).toEqual([
      false,
      [],
      ['Cut.hand.example. 900 NS ns.Cut.hand.example.'],
      ['ns.Cut.hand.example. 900 A 10.1.0.2'],
    ]);
  });

  it('RFC 7505: a null MX (".") gets no additional-section lookup', () => {
    const r = q(plain, 'mx.hand.example.', RRType.MX, true);
    expect([rrLines(r.answer), r.authority, r.additional]).toEqual([['mx.hand.example. 900 MX 0 .'], [], []]);
  });
});

describe('BIND case bitmap for wildcard owners (byte positions of the wire form)', () => {
  it.each([
    ['*.MiXeD.conf.test.', 'Foo.mixed.conf.test.', 'foO.MiXed.conf.test.'],
    ['*.wild.conf.test.', 'FOO.WILD.CONF.TEST.', 'foo.wild.conf.test.'],
    ['*.W.example.', 'a.b.w.example.', 'a.B.w.example.'],
    ['*.AB.example.', 'xy.ab.example.', 'xy.Ab.example.'],
    ['*.X.', 'long-label.x.', 'loNg-label.x.'],
  ])('%s over %s', (wc, q, out) => {
    expect(wildcardOwner(wc, q)).toBe(out);
  });
});

it('MAX_RESTARTS is BIND 9.18\'s max-restarts default', () => {
  expect(MAX_RESTARTS).toBe(11);
});

describe('BIND minimal-responses yes (what BIND 9.18 does over UDP for an EDNS size of 512 or less)', () => {
  const min = (name: string, type: number) => {
    const r = resolve(conformanceZones(), { name, type, class: 1 }, { rd: false, minimal: true });
    return [r.rcode, r.aa, rrLines(r.answer).length, rrLines(r.authority), rrLines(r.additional)];
  };
  it.each([
    ['positive: answer only', 'conf.test.', RRType.MX, [0, true, 3, [], []]],
    ['ANY: no authority NS', 'www.conf.test.', RRType.ANY, [0, true, 2, [], []]],
    ['negative: the SOA stays', 'nothere.conf.test.', RRType.A, [3, true, 0, ['conf.test. 300 SOA ns1.conf.test. hostmaster.conf.test. 2024010101 7200 3600 1209600 300'], []]],
    ['referral: NS and glue stay', 'host.sub.conf.test.', RRType.A, [0, false, 0,
      ['sub.conf.test. 3600 NS ns.sub.conf.test.', 'sub.conf.test. 3600 NS ns.other.test.'],
      ['ns.sub.conf.test. 3600 A 192.0.2.50', 'ns.sub.conf.test. 3600 AAAA 2001:db8::50']]],
  ] as const)('%s', (_w, name, type, expected) => {
    expect(min(name, type)).toEqual(expected);
  });
});

describe('RFC 1034 4.3.2 / RFC 6672 3.2: chains mixing CNAME, DNAME and wildcards; a DNAME pointing below itself', () => {
  table([
    {
      q: 'tod.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'tod.conf.test. 3600 CNAME x.dname2.conf.test.',
        'dname2.conf.test. 3600 DNAME target.conf.test.',
        'x.dname2.conf.test. 3600 CNAME x.target.conf.test.',
        'x.target.conf.test. 3600 A 192.0.2.70',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'wcd.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'wcd.conf.test. 3600 CNAME foo.wild.conf.test.',
        'foo.wild.conf.test. 3600 A 192.0.2.40',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'todd.conf.test A',
      rcode: 0, aa: true,
      answer: [
        'todd.conf.test. 3600 CNAME y.dname.conf.test.',
        'dname.conf.test. 3600 DNAME other.test.',
        'y.dname.conf.test. 3600 CNAME y.other.test.',
      ],
      authority: [],
      additional: [],
    },
    {
      q: 'x.dloop.conf.test A',
      rcode: 2, aa: true,
      answer: [
        'dloop.conf.test. 3600 DNAME a.dloop.conf.test.',
        'x.dloop.conf.test. 3600 CNAME x.a.dloop.conf.test.',
        'x.a.dloop.conf.test. 3600 CNAME x.a.a.dloop.conf.test.',
        'x.a.a.dloop.conf.test. 3600 CNAME x.a.a.a.dloop.conf.test.',
        'x.a.a.a.dloop.conf.test. 3600 CNAME x.a.a.a.a.dloop.conf.test.',
        'x.a.a.a.a.dloop.conf.test. 3600 CNAME x.a.a.a.a.a.dloop.conf.test.',
        'x.a.a.a.a.a.dloop.conf.test. 3600 CNAME x.a.a.a.a.a.a.dloop.conf.test.',
        'x.a.a.a.a.a.a.dloop.conf.test. 3600 CNAME x.a.a.a.a.a.a.a.dloop.conf.test.',
        'x.a.a.a.a.a.a.a.dloop.conf.test. 3600 CNAME x.a.a.a.a.a.a.a.a.dloop.conf.test.',
        'x.a.a.a.a.a.a.a.a.dloop.conf.test. 3600 CNAME x.a.a.a.a.a.a.a.a.a.dloop.conf.test.',
        'x.a.a.a.a.a.a.a.a.a.dloop.conf.test. 3600 CNAME x.a.a.a.a.a.a.a.a.a.a.dloop.conf.test.',
        'x.a.a.a.a.a.a.a.a.a.a.dloop.conf.test. 3600 CNAME x.a.a.a.a.a.a.a.a.a.a.a.dloop.conf.test.',
        'x.a.a.a.a.a.a.a.a.a.a.a.dloop.conf.test. 3600 CNAME x.a.a.a.a.a.a.a.a.a.a.a.a.dloop.conf.test.',
      ],
      authority: [],
      additional: [],
      ede: {"code":0,"text":"max. restarts reached"},
    },
  ]);
});

describe('RFC 4035 3.1.4.1: DS for a child zone\'s apex comes from the loaded parent (else the child answers)', () => {
  table([
    {
      q: 'deleg3.conf.test DS',
      rcode: 0, aa: true,
      answer: [
        'deleg3.conf.test. 3600 DS 54321 13 2 89ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF 01234567',
      ],
      authority: [],
      additional: [],
    },
    {
      q: 'deleg3.conf.test NS',
      rcode: 0, aa: true,
      answer: [
        'deleg3.conf.test. 1800 NS ns1.conf.test.',
      ],
      authority: [],
      additional: [],
    },
    {
      q: 'other.test DS',
      rcode: 0, aa: true,
      answer: [],
      authority: [
        'other.test. 600 SOA ns1.conf.test. hostmaster.other.test. 1 7200 3600 1209600 600',
      ],
      additional: [],
    },
    {
      q: 'x.deleg3.conf.test DS',
      rcode: 3, aa: true,
      answer: [],
      authority: [
        'deleg3.conf.test. 120 SOA ns1.conf.test. hostmaster.conf.test. 5 7200 3600 1209600 120',
      ],
      additional: [],
    },
  ]);
});

describe('RFC 6672 3.2: a CNAME or ANY question below a DNAME is answered by the synthesised CNAME (no restart)', () => {
  table([
    {
      q: 'x.dname2.conf.test CNAME',
      rcode: 0, aa: true,
      answer: [
        'dname2.conf.test. 3600 DNAME target.conf.test.',
        'x.dname2.conf.test. 3600 CNAME x.target.conf.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'x.dname2.conf.test ANY',
      rcode: 0, aa: true,
      answer: [
        'dname2.conf.test. 3600 DNAME target.conf.test.',
        'x.dname2.conf.test. 3600 CNAME x.target.conf.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [],
    },
    {
      q: 'x.dname.conf.test CNAME',
      rcode: 0, aa: true,
      answer: [
        'dname.conf.test. 3600 DNAME other.test.',
        'x.dname.conf.test. 3600 CNAME x.other.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
  ]);
});

describe('RFC 3403 4.1: NAPTR additional data as BIND gives it (SRV for flag S with its addresses, A/AAAA for flag A)', () => {
  table([
    {
      q: 'naptr.conf.test NAPTR',
      rcode: 0, aa: true,
      answer: [
        'naptr.conf.test. 3600 NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.conf.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        '_sip._udp.conf.test. 3600 SRV 0 5 5060 sip.conf.test.',
        'sip.conf.test. 3600 A 192.0.2.60',
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
    {
      q: 'naptra.conf.test NAPTR',
      rcode: 0, aa: true,
      answer: [
        'naptra.conf.test. 3600 NAPTR 100 10 "A" "x" "" sip.conf.test.',
      ],
      authority: [
        'conf.test. 3600 NS ns1.conf.test.',
        'conf.test. 3600 NS ns2.conf.test.',
      ],
      additional: [
        'sip.conf.test. 3600 A 192.0.2.60',
        'ns1.conf.test. 3600 A 192.0.2.1',
        'ns1.conf.test. 3600 AAAA 2001:db8::1',
        'ns2.conf.test. 3600 A 192.0.2.2',
      ],
    },
  ]);
});

describe('RFC 4035 3.1.4: DS in referrals only from a signed zone', () => {
  it('an unsigned zone holding a DS at a cut refers without it, DO or not (BIND 9.18, measured)', () => {
    const zones = conformanceZones();
    const r = resolve(zones, { name: 'x.sub.conf.test.', type: RRType.A, class: 1 }, { rd: false, do: true });
    expect(r.aa).toBe(false);
    expect(rrLines(r.authority).some((l) => / DS /.test(l))).toBe(false);
    expect(rrLines(r.authority).filter((l) => / NS /.test(l)).length).toBe(2);
  });
});
