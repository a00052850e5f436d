import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dumpZone } from '../../src/zones/dump.js';
import { loadZoneFile } from '../../src/zones/load.js';
import { parseZone } from '../../src/zones/parser.js';
import { buildZone } from '../../src/zones/zone.js';
import type { Zone } from '../../src/zones/zone-types.js';

/** `named-checkzone -D -o - lab.local direct` (BIND 9.18.49), captured on this machine. */
const LAB_DIRECT_DUMP = [
  "lab.local.\t\t\t\t      604800 IN\tSOA\tns.lab.local. root.lab.local. 3 604800 86400 2419200 604800",
  "lab.local.\t\t\t\t      604800 IN\tNS\tns.lab.local.",
  "lab.local.\t\t\t\t      604800 IN\tA\t192.168.244.139",
  "lab.local.\t\t\t\t      604800 IN\tMX\t10 mail.lab.local.",
  "lab.local.\t\t\t\t      604800 IN\tTXT\t\"v=spf1 mx -all\"",
  "_ldap._tcp.lab.local.\t\t\t      604800 IN\tSRV\t0 100 389 vcenter.lab.local.",
  "esxi01.lab.local.\t\t\t      604800 IN\tA\t192.168.244.131",
  "esxi02.lab.local.\t\t\t      604800 IN\tA\t192.168.244.132",
  "esxi03.lab.local.\t\t\t      604800 IN\tA\t192.168.244.133",
  "gateway.lab.local.\t\t\t      604800 IN\tA\t192.168.244.2",
  "jupyter.lab.local.\t\t\t      604800 IN\tA\t192.168.244.140",
  "kubeflow.lab.local.\t\t\t      604800 IN\tCNAME\tjupyter.lab.local.",
  "mail.lab.local.\t\t\t\t      604800 IN\tA\t192.168.244.139",
  "ns.lab.local.\t\t\t\t      604800 IN\tA\t192.168.244.139",
  "ubuntu.lab.local.\t\t\t      604800 IN\tA\t192.168.244.139",
  "vcenter.lab.local.\t\t\t      604800 IN\tA\t192.168.244.135",
  "www.lab.local.\t\t\t\t      604800 IN\tCNAME\tvcenter.lab.local.",
].join('\n') + '\n';

/** `named-checkzone -D -o - 244.168.192.in-addr.arpa inverse`. */
const LAB_INVERSE_DUMP = [
  "244.168.192.in-addr.arpa.\t\t      604800 IN\tSOA\tns.lab.local. root.lab.local. 3 604800 86400 2419200 604800",
  "244.168.192.in-addr.arpa.\t\t      604800 IN\tNS\tns.lab.local.",
  "131.244.168.192.in-addr.arpa.\t\t      604800 IN\tPTR\tesxi01.lab.local.",
  "132.244.168.192.in-addr.arpa.\t\t      604800 IN\tPTR\tesxi02.lab.local.",
  "133.244.168.192.in-addr.arpa.\t\t      604800 IN\tPTR\tesxi03.lab.local.",
  "135.244.168.192.in-addr.arpa.\t\t      604800 IN\tPTR\tvcenter.lab.local.",
  "139.244.168.192.in-addr.arpa.\t\t      604800 IN\tPTR\tns.lab.local.",
  "140.244.168.192.in-addr.arpa.\t\t      604800 IN\tPTR\tjupyter.lab.local.",
  "2.244.168.192.in-addr.arpa.\t\t      604800 IN\tPTR\tgateway.lab.local.",
].join('\n') + '\n';

function zoneFromText(text: string, origin = 'example.com.'): Zone {
  return buildZone(parseZone(text, { origin, file: 'gen.db' }), { origin, file: 'gen.db' });
}

/** Every node and RRset, RDATA as hex sorted (file order is not kept by a dump, RFC 4034 6.3). */
function shape(z: Zone): unknown[] {
  return [...z.nodes()].map((n) => [
    n.name.toLowerCase(),
    [...n.rrsets.values()].sort((a, b) => a.type - b.type).map((s) => [s.type, s.ttl, s.rdatas.map((r) => r.toString('hex')).sort()]),
  ]);
}

describe('dumpZone: named-checkzone -D form (RFC 4034 6.1 order, RFC 1035 5.1 syntax)', () => {
  it('prints the lab forward zone exactly as BIND does', () => {
    expect(dumpZone(loadZoneFile('lab.local', 'fixtures/lab/direct'))).toBe(LAB_DIRECT_DUMP);
  });
  it('prints the lab reverse zone exactly as BIND does', () => {
    expect(dumpZone(loadZoneFile('244.168.192.in-addr.arpa', 'fixtures/lab/inverse'))).toBe(LAB_INVERSE_DUMP);
  });

  it('orders SOA, NS, then types by number; RDATA in canonical order; later duplicate spelling kept', () => {
    const z = zoneFromText([
      '$TTL 300',
      '@ IN SOA ns hostmaster 1 2 3 4 5',
      '@ NS ns',
      'ns A 10.0.0.3',
      'ns A 10.0.0.1',
      'ns A 10.0.0.2',
      'ns A 10.0.0.1',
      'x 0 A 1.2.3.4',
      'x AAAA ::1',
      'x TXT "a"',
      'x TXT "A"',
      'y MX 10 Mail',
      'y MX 10 mail',
      'mail A 1.1.1.1',
      '',
    ].join('\n'));
    // Captured from named-checkzone -D -o - example.com (BIND 9.18.49).
    expect(dumpZone(z)).toBe([
      'example.com.\t\t\t\t      300 IN SOA\tns.example.com. hostmaster.example.com. 1 2 3 4 5',
      'example.com.\t\t\t\t      300 IN NS\t\tns.example.com.',
      'mail.example.com.\t\t\t      300 IN A\t\t1.1.1.1',
      'ns.example.com.\t\t\t\t      300 IN A\t\t10.0.0.1',
      'ns.example.com.\t\t\t\t      300 IN A\t\t10.0.0.2',
      'ns.example.com.\t\t\t\t      300 IN A\t\t10.0.0.3',
      'x.example.com.\t\t\t\t      0\tIN A\t\t1.2.3.4',
      'x.example.com.\t\t\t\t      300 IN TXT\t"A"',
      'x.example.com.\t\t\t\t      300 IN TXT\t"a"',
      'x.example.com.\t\t\t\t      300 IN AAAA\t::1',
      'y.example.com.\t\t\t\t      300 IN MX\t\t10 mail.example.com.',
      '',
    ].join('\n'));
  });

  it('prints SIG sets by covered type in the order they first appear, each with its own TTL (BIND 9.18.49)', () => {
    const warnings: string[] = [];
    const z = buildZone(parseZone([
      '$TTL 300', '@ SOA ns root 1 2 3 4 5', '@ NS ns', 'ns A 1.2.3.4',
      'x 100 SIG 1 1 3 100 20300101000000 20200101000000 9 z. BBBB',
      'x 200 SIG 5 1 3 100 20300101000000 20200101000000 9 z. AAAA',
      'x 300 SIG 3 1 3 100 20300101000000 20200101000000 9 z. CCCC',
      'x 400 SIG 1 1 3 100 20300101000000 20200101000000 8 z. AAAA', '',
    ].join('\n'), { origin: 'example.', file: 'sig.db' }), { origin: 'example.', file: 'sig.db', warn: (w) => warnings.push(`${w.line}: ${w.message}`) });
    // named-checkzone -D -o - example sig.db; it warns "sig.db:8: TTL set to prior TTL (100)".
    expect(dumpZone(z).split('\n').filter((l) => l.startsWith('x.'))).toEqual([
      'x.example.\t\t\t\t      100 IN SIG\tA 1 3 100 20300101000000 20200101000000 8 z. AAAA',
      'x.example.\t\t\t\t      100 IN SIG\tA 1 3 100 20300101000000 20200101000000 9 z. BBBB',
      'x.example.\t\t\t\t      200 IN SIG\tCNAME 1 3 100 20300101000000 20200101000000 9 z. AAAA',
      'x.example.\t\t\t\t      300 IN SIG\tMD 1 3 100 20300101000000 20200101000000 9 z. CCCC',
    ]);
    expect(warnings.filter((w) => w.includes('TTL'))).toEqual(['8: TTL set to prior TTL (100)']);
  });

  it("notes an RRSIG set's resign time as BIND's loader computes it (master.c resign_fromlist)", () => {
    const now = Date.UTC(2026, 11, 4, 18, 50, 2);
    const rrsig = (exp: string, inc: string) => `t RRSIG A 1 2 3 ${exp} ${inc} 1 . AAAA`;
    const resigns = (...sigs: string[]) => dumpZone(zoneFromText(['$TTL 9', '@ SOA ns h 1 2 3 4 5', '@ NS ns.other.org.', ...sigs, ''].join('\n')), now)
      .split('\n').filter((l) => l.startsWith('; resign='));
    // Values named-checkzone 9.18.49 printed for these sets: the earliest expiration, as
    // seconds since 1970 (a 1958 expiration is 2^32 - x: 2095); now when signed in the future.
    expect(resigns(rrsig('20450818193631', '19610310112851'))).toEqual(['; resign=20450818193631']);
    expect(resigns(rrsig('19581223074610', '19751218023306'))).toEqual(['; resign=20950128141426']);
    expect(resigns(rrsig('20640218231352', '20550917143820'))).toEqual(['; resign=20261204185002']);
    expect(resigns(rrsig('20300101000000', '20200101000000'), rrsig('20290101000000', '20200101000000'))).toEqual(['; resign=20290101000000']);
  });

  // Property: the text dumpZone prints parses back to the same zone (and dumps identically).
  const label = fc.stringMatching(/^[a-zA-Z0-9_-]{1,8}$/);
  const owner = fc.array(label, { minLength: 1, maxLength: 3 }).map((ls) => ls.join('.'));
  const ttl = fc.integer({ min: 0, max: 2147483647 });
  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
  const txtChar = fc.constantFrom(...'abcXYZ 019;()"\\@$.'.split(''), '\u00e9', '\u0001');
  const txt = fc.array(fc.array(txtChar, { maxLength: 12 }).map((cs) => '"' + cs.map((c) => (c === '"' || c === '\\' ? '\\' + c : c.charCodeAt(0) < 0x20 || c.charCodeAt(0) > 0x7e ? '\\' + String(c.charCodeAt(0)).padStart(3, '0') : c)).join('') + '"'), { minLength: 1, maxLength: 3 }).map((s) => s.join(' '));
  const rdata = fc.oneof(
    ipv4.map((ip) => ['A', ip]),
    fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([a, b]) => ['AAAA', `2001:db8::${a.toString(16)}:${b.toString(16)}`]),
    txt.map((t) => ['TXT', t]),
    fc.tuple(fc.nat(0xffff), owner).map(([p, n]) => ['MX', `${p} ${n}`]),
    fc.tuple(fc.nat(0xffff), fc.nat(0xffff), fc.nat(0xffff), owner).map(([a, b, c, n]) => ['SRV', `${a} ${b} ${c} ${n}`]),
    owner.map((n) => ['PTR', n]),
  );
  const record = fc.tuple(owner, ttl, rdata);

  it('parses back to the same zone (fast-check)', () => {
    let built = 0;
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), fc.array(owner, { maxLength: 3 }), (records, cnames) => {
        const lines = ['@ 3600 IN SOA ns.other.org. hostmaster 7 2 3 4 5', '@ 3600 NS ns.other.org.'];
        const used = new Set(records.map(([o]) => o.toLowerCase()));
        for (const [o, t, [type, data]] of records) lines.push(`${o} ${t} IN ${type} ${data}`);
        for (const c of cnames) if (!used.has(c.toLowerCase())) lines.push(`${c} 60 IN CNAME target.other.org.`);
        let z1: Zone;
        try {
          z1 = zoneFromText(lines.join('\n') + '\n');
        } catch {
          return true; // a generated zone the checks refuse (e.g. two CNAMEs) says nothing about the dump
        }
        built++;
        const text = dumpZone(z1);
        const z2 = zoneFromText(text);
        expect(shape(z2)).toEqual(shape(z1));
        expect(dumpZone(z2)).toBe(text);
        expect(z2.recordCount).toBe(z1.recordCount);
        return true;
      }),
      { numRuns: 200 },
    );
    expect(built).toBeGreaterThan(150); // the property ran on real zones, not on refusals
  });
});
