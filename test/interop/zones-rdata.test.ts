/**
 * The master-file parser and RDATA printer against `named-checkzone` (BIND 9.18), live:
 * 1. a zone with a record of every type labnet reads in text form (and RFC 3597 forms) is
 *    loaded by both; every record's RDATA as `rdataToText` prints it must equal the RDATA
 *    part of `named-checkzone -D` (compared as multisets of "owner TTL TYPE RDATA");
 * 2. broken snippets: both must reject, and labnet's `FILE:LINE:COL` must name the line
 *    BIND names (its first `FILE:LINE:` message).
 * `-i local` keeps named-checkzone from resolving out-of-zone targets over the network.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseZoneFile } from '../../src/zones/parser.js';
import { compressibleNameOffsets } from '../../src/wire/rdata.js';
import { typeFromText, typeToText } from '../../src/wire/rrtypes.js';
import { nameFromWire } from '../../src/wire/name.js';
import { startBind } from './helpers/bind.js';
import { udpExchange } from './helpers/net.js';
import { buildQuery } from './helpers/wire.js';
import { bindDumpLines, checkzone, expectSameRejection, labnetLines } from './helpers/checkzone.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-zones-rdata-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ALL_TYPES = `$TTL 1h
@ IN SOA ns Root.Example. ( 1 2 3 4 5 )
@ NS ns
ns A 10.9.9.9
@ MX 10 mail
mail A 10.9.9.10
a A 1.2.3.4
a AAAA 2001:db8::1
a AAAA ::ffff:1.2.3.4
a AAAA 2001:db8:0:0:1:0:0:1
a AAAA 1:0:0:2:0:0:0:3
c CNAME foo
d DNAME foo.bar.
p PTR x.y.
t TXT "hello world" abc "a\\"b" "x\\\\y" "\\001\\255" "" "semi;colon" "tab\tx" "\xc3\xa9" ( "multi"
  "line" )
t SPF "v=spf1 -all"
t TXT v=spf1
_s._tcp SRV 0 100 389 a
c2 CAA 0 issue "letsencrypt.org"
c2 CAA 128 tbs "a\\"b;c"
c2 CAA 0 iodef "mailto:x@y"
px PX 10 Map822.Example. mapx400
px PX 65535 . a.b.
c2 CAA 0 issuewild noquote
n NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.example.com.
n NAPTR 100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" .
h HINFO "PC" "Linux x"
h HINFO PC2 Linux
s SSHFP 1 1 dc5b0a4b5d5c5bca9e2e46f9cd0d1a0cd22c3bfd
s SSHFP 4 2 DC5B0A4B5D5C5BCA9E2E46F9CD0D1A0CD22C3BFDDC5B0A4B5D5C5BCA9E2E46F9
tl TLSA 3 1 1 ( 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6 )
ds DS 60485 5 1 ( 2BB183AF5F22588179A53B0A98631FAD1A292118 )
ds DS 60485 RSASHA256 2 2BB183AF5F22588179A53B0A98631FAD1A292118 2BB183AF5F22588179A53B0A
rp RP mbox.x. txt
af AFSDB 1 afs.x.
@ DNSKEY 257 3 8 AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjF FVQUTf6v58fLjwBd0YI0EzrAcQqB GCzh/RStIoO8g0NfnfL2MTJRkxoXbfDaUeVPQuYEhg37NZWAJQ9VnMVDxP/VHL496M/QZxkjf5/Efucp2gaD X6RS6CXpoY68LsvPVjR0ZSwzz1apAzvN9dlzEheX7ICJBBtuA6G3LQpz W5hOA2hzCTMjJPJ8LbqF6dsV6DoBQzgul0sGIcGOYl7OyQdXfZ57relS Qageu+ipAdTTJ25AsRTAoub8ONGcLmqrAmRLKBP1dfwhYB4N7knNnulq QxA+Uk1ihz0=
@ CDNSKEY 0 3 0 AA==
uri URI 10 1 "ftp://ftp1.example.com/public"
u TYPE65280 \\# 2 abcd
u TYPE65281 \\# 0
u TYPE65282 \\# 40 ${'0'.repeat(79)}1
u2 A \\# 4 0A000001
u3 CLASS1 TYPE1 10.0.0.2
w\\.x 300 IN A 10.0.0.4
Esc\\032aped\\@\\$ A 10.0.0.5
$ORIGIN sub
$GENERATE 1-3 g$ A 10.1.0.$
`;

describe('RDATA text equals named-checkzone -D', () => {
  it('for a record of every type', () => {
    const file = join(dir, 'all.zone');
    writeFileSync(file, ALL_TYPES, 'latin1');
    const bind = checkzone(dir, 'all.zone', true);
    expect(bind.code, bind.out).toBe(0);
    const theirs = bindDumpLines(bind.out);
    const ours = labnetLines(file, 'example.');
    expect(theirs.length).toBeGreaterThan(40);
    expect(ours).toEqual(theirs);
  });
});

const HEADER = '$TTL 1h\n@ IN SOA ns root 1 2 3 4 5\n@ NS ns\nns A 10.0.0.1\n';

const BROKEN: string[] = [
  'x FOO 1.2.3.4',
  'x A 192.168.244.300',
  'x AAAA 2001:db8:::1',
  'x 1hx A 1.2.3.4',
  'x A ( 1.2.3.4',
  'x A 1.2.3.4 )',
  'x A ( 1.2.3.4\ny A 1.2.3.5',
  'x A 1.2.3.4\n(\nfoo A 1.2.3.4',
  'x MX ( 10',
  'x TXT "abc',
  'x TXT (\n"abc\n',
  'x TXT (\n"abc" ; c\n\nxyz',
  'a'.repeat(64) + ' A 1.2.3.4',
  'x CNAME ' + 'b'.repeat(64),
  'x\\999 A 1.2.3.4',
  'x MX 10',
  'x MX (\n10\n\n)',
  'x MX (\n10\n\n) 1.2.3.4.5\\999',
  'x SOA ns root (\n1\n2\n3x\n4\n5 )',
  'x A 1.2.3.4 5',
  'x HINFO a b c',
  'x\n',
  '$FOO bar',
  '$INCLUDE nonexist',
  '$GENERATE 1-x h$ A 1.2.3.$',
  '$GENERATE 1-2 x$ A 1.1.1.${300}',
  'x CH A 1.2.3.4',
  'x (\nCH A 1.1.1.1 )',
  'x A 1.1.1.1\n ( \n FOO 1 )',
  'x TYPE65280 \\# 3 abcd',
  'x TYPE65280 \\# 2 abcdef',
  'x (\n300\n\nTYPE1 \\# 5 01 )',
  'x ( 300\n\nTYPE1 \\# 4 01020304 ) ( 5 )',
  'x A \\# 3 010203',
  'x DS 1 2 1 ' + '01'.repeat(21),
  'x DS 1 2 1 ' + '01'.repeat(20) + ' 01',
  'x CAA 0 iss-ue "a"',
  'x NAPTR 1 2 a b c d',
  'x MX abc foo',
  'x MX 70000 foo',
  'x A "1.2.3.4"',
  'x ANY 1.2.3.4',
  'x 5 6 A 1.1.1.1',
  'x MD foo',
  'x OPT \\# 0',
  '  $TTL 5',
  '$TTL 1h 5',
  '$INCLUDE a b c',
  '$GENERATE 1-2 ${1,2,z} A 1.1.1.$',
  'x TYPE65280 \\# 0 01',
  'x SSHFP 1 1 01',
];

describe('errors name the line named-checkzone names', () => {
  it.each(BROKEN)('%j', (snippet) => {
    expectSameRejection(dir, HEADER + snippet + '\n');
  });
});

/**
 * compressibleNameOffsets against BIND's towire: BIND compresses the names inside NS, CNAME,
 * SOA, PTR, MX, MINFO, MB (RFC 3597 4) and leaves those of SRV, NAPTR, DNAME, RP, AFSDB,
 * KX, PX, RT uncompressed. Each record's target shares the suffix of the question, so a compressing
 * server would shorten it; the RDATA BIND sends must be our uncompressed wire exactly when
 * compressibleNameOffsets() is empty.
 */
describe('name compression inside RDATA is what BIND does', () => {
  const ZONE = `$TTL 1h
@ SOA ns root 1 2 3 4 5
@ NS ns
ns A 10.0.0.1
mx MX 10 ns
cn CNAME ns
ptr PTR ns
mi MINFO ns ns
mb MB ns
srv SRV 0 0 1 ns
naptr NAPTR 1 1 "S" "x" "" ns
dn DNAME ns
rp RP ns ns
af AFSDB 1 ns
kx KX 1 ns
px PX 1 ns ns
rt RT 1 ns
`;
  const CASES: Array<[string, string]> = [
    ['example.', 'SOA'], ['example.', 'NS'], ['mx.example.', 'MX'], ['cn.example.', 'CNAME'], ['ptr.example.', 'PTR'],
    ['mi.example.', 'MINFO'], ['mb.example.', 'MB'], ['srv.example.', 'SRV'], ['naptr.example.', 'NAPTR'],
    ['dn.example.', 'DNAME'], ['rp.example.', 'RP'], ['af.example.', 'AFSDB'], ['kx.example.', 'KX'],
    ['px.example.', 'PX'], ['rt.example.', 'RT'],
  ];

  it('for every type with embedded names', async () => {
    const zdir = join(dir, 'comp');
    mkdirSync(zdir, { recursive: true });
    const file = join(zdir, 'comp.zone');
    writeFileSync(file, ZONE);
    const ours = new Map<string, Buffer>();
    for (const r of parseZoneFile(file, { origin: 'example.' })) ours.set(`${r.name} ${typeToText(r.type)}`, r.rdata);
    const bind = await startBind({ zones: [{ origin: 'example', file }] });
    try {
      const seen: string[] = [];
      const want: string[] = [];
      for (const [name, typeText] of CASES) {
        const type = typeFromText(typeText)!;
        const reply = await udpExchange(bind.address, buildQuery({ name, type }));
        // Skip header and question (RFC 1035 4.1), then read the first answer's RDATA.
        let o = nameFromWire(reply, 12).next + 4;
        o = nameFromWire(reply, o).next;
        expect(reply.readUInt16BE(o)).toBe(type);
        const rdlen = reply.readUInt16BE(o + 8);
        const rdata = reply.subarray(o + 10, o + 10 + rdlen);
        const mine = ours.get(`${name} ${typeText}`)!;
        seen.push(`${typeText}: ${rdata.equals(mine) ? 'uncompressed' : 'compressed'}`);
        want.push(`${typeText}: ${compressibleNameOffsets(type, mine).length === 0 ? 'uncompressed' : 'compressed'}`);
      }
      expect(seen).toEqual(want);
    } finally {
      await bind.close();
    }
  });
});
