/**
 * The RR types with a presentation form of their own beyond the common ones (RFC 1183 X25,
 * ISDN; RFC 1706 NSAP, NSAP-PTR; RFC 1712 GPOS; RFC 2535 KEY, NXT, SIG; RFC 2874 A6; RFC 4025
 * IPSECKEY; RFC 4398 CERT; RFC 4701 DHCID; RFC 6742 NID, L32, L64, LP; RFC 7043 EUI48, EUI64;
 * RFC 7929 OPENPGPKEY; RFC 8005 HIP; RFC 8777 AMTRELAY; RFC 9606 RESINFO; RFC 9859 DSYNC; HHIT, BRID (IANA, DRIP); KEYDATA (BIND's, printed TYPE65533); ATMA,
 * EID, NIMLOC, SINK, TALINK, NINFO, RKEY, DOA, AVC, WALLET, TA; NULL and UINFO/UID/GID/UNSPEC
 * in RFC 3597 form only) against `named-checkzone` (BIND 9.18), live:
 * 1. a zone with varied records of each type: every record's RDATA as `rdataToText` prints it
 *    equals the RDATA of `named-checkzone -i local -D` (compared as multisets of lines);
 * 2. broken records: both reject, and labnet's `FILE:LINE` is the one BIND names, with BIND's
 *    message.
 */
import { afterAll, describe, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectDumpAsBind, expectRdataLinesAsBind, expectRejectedAsBind, expectWarningsAsBind } from './helpers/checkzone.js';
import { expectServedAsNamed } from './helpers/served-rdata.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-zones-rdata-misc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HIP_KEY = 'AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK00+CI6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNrut79ryra+bSRGQb1slImA8YVJyuIDsj7kwzG7jnERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D';
const B64_LONG = 'AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ' + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.repeat(2) + 'AA';

const ALL = `$TTL 1h
@ IN SOA ns root ( 1 2 3 4 5 )
@ NS ns
ns A 10.9.9.9
eui EUI48 01-23-45-67-89-AB
eui EUI48 1-2-3-4-5-6
eui EUI48 +a-0x-b-c-d-e
eui EUI64 01-23-45-67-89-ab-cd-EF
eui EUI64 ff-ff-ff-ff-ff-ff-ff-ffjunk
nsap NSAP 0x47.0005.80.005a00.0000.0001.e133.ffffff000161.00
nsap NSAP 0X4.7
nsap NSAP \\# 3 010203
nsap NSAP-PTR foo.bar.
nsap NSAP-PTR Rel
cert CERT PKIX 1 RSASHA256 AAAA
cert CERT pgp 65535 ed25519 ( ${B64_LONG} )
cert CERT 0 0 0 AA==
cert CERT 4 2 4 AAAA AAAA
cert CERT 253 3 252 AAAA
cert CERT 9 4 9 AAAA
cert CERT ISPKI 5 PRIVATEOID AAAA
cert CERT IACPKIX 6 ECCGOST AAAA
ipsec IPSECKEY 10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
ipsec IPSECKEY 10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
ipsec IPSECKEY 10 2 2 2001:0DB8:0:8002::2000:1 ${B64_LONG}
ipsec IPSECKEY 255 3 255 gw.Example.com. AAAA
ipsec IPSECKEY 1 3 1 gw AAAA
ipsec IPSECKEY \\# 4 0a000201
ipsec IPSECKEY \\# 5 0a03020000
pgp OPENPGPKEY ( ${B64_LONG} )
pgp OPENPGPKEY AAAA AA==
hip HIP 2 200100107B1A74DF365639CC39F1D578 ${HIP_KEY}
hip HIP 2 200100107b1a74df365639cc39f1d578 ${HIP_KEY} rvs1 Rvs2.example.com.
hip HIP 255 ${'ab'.repeat(40)} AAAA .
dhcid DHCID AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=
dhcid DHCID ( ${B64_LONG} )
gpos GPOS -32.6882 116.8652 10.0
gpos GPOS "a b" "" "\\255"
x25 X25 311061700956
x25 X25 "0000"
isdn ISDN 150862028003217 004
isdn ISDN "1508" ""
isdn ISDN "a\\"b"
a6 A6 0 2001:db8::1
a6 A6 64 ::1 foo
a6 A6 65 ::ffff:ffff:ffff:ffff Foo.bar.
a6 A6 127 ::3 foo
a6 A6 128 foo
a6 A6 1 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff foo
key KEY 256 3 8 AwEAAQ==
key KEY NOKEY 3 8
key KEY NOKEY|ZONE 3 8
key KEY ZONE|KSK DNSSEC RSASHA256 AwEAAQ==
key KEY 0x100 ALL PRIVATEDNS AAAA
key KEY 1f EMAIL 253 AAAA
key KEY NO|Z|S|FLAG1|SIG1 3 8 AAAA
key KEY USER|NTYP3|EXTEND|FLAG2|FLAG4|FLAG5|FLAG8|FLAG9|FLAG10|FLAG11|SIG15 3 8 AAAA
key KEY |ZONE 3 8 AAAA
key KEY ZONE||KSK 3 8 AAAA
key DNSKEY ZONE 3 8 AwEAAQ==
key DNSKEY 257 DNSSEC ECCGOST AwEAAQ==
key CDNSKEY 0 3 0 AA==
key CDNSKEY ZONE|KSK 3 ED448 AAAA
key RKEY 0 3 8 AAAA
key RKEY 0 NONE RSAMD5 ( ${B64_LONG} )
nxt NXT a A MX
nxt NXT a
nxt NXT B.example. NXT SIG KEY TYPE127 1 2
atma ATMA 39246f00e7c9c0312000100100001234567800
atma ATMA 39.246f.00e7c9c03120001001000012345678.00
atma ATMA +61.2000.00000
atma ATMA \\# 3 020102
eid EID 1234
eid EID 12 34 ab
eid EID 0102030405060708091011121314151617181920212223242526272829303132
eid NIMLOC 32 AB
sink SINK 1 0 0 AAAA
sink SINK 255 255 255
sink SINK 1 2 3 AAAA AAAA
talink TALINK a b
talink TALINK . Foo.bar.
ninfo NINFO "a" b
ninfo NINFO ""
avc AVC "app-name:WOLFGANG|app-class:OAM" "business=yes"
resinfo RESINFO qnamemin exterr=15,16,17 "infourl=https://resolver.example.com/guide"
wallet WALLET "a" "b"
nid NID 10 0014:4fff:ff20:ee64
nid NID 65535 0:0:0:0
nid L64 10 2001:0DB8:1140:1000
nid L64 1 ffff:FFFF:a:b
nid L32 10 10.1.2.0
nid LP 10 l64-subnet1.example.com.
nid LP 20 .
amt AMTRELAY 0 0 0 .
amt AMTRELAY 0 0 1 1.2.3.4
amt AMTRELAY 128 1 2 2001:db8::1
amt AMTRELAY 10 1 3 relay.Example.
amt AMTRELAY 255 0 3 relay
amt AMTRELAY \\# 3 00050a
doa DOA 0 1 2 "" aHR0cHM6Ly93d3cuaXNjLm9yZy8=
doa DOA 1 2 3 "text/plain" -
doa DOA 4294967295 4294967295 255 image/png ( ${B64_LONG} )
dsync DSYNC CDS 1 53 notify.example.
dsync DSYNC CSYNC 255 65535 .
dsync DSYNC 1 2 3 foo
dsync DSYNC TYPE1234 NOTIFY 1 .
ta TA 1 RSASHA256 SHA-1 0102030405060708091011121314151617181920
ta TA 2 ECCGOST GOST 0102
ds DS 1 ECCGOST 3 0102
ds DS 2 NSEC3RSASHA1 SHA384 ${'0a'.repeat(48)}
null NULL \\# 0
null NULL \\# 3 010203
un TYPE100 \\# 1 00
un TYPE101 \\# 2 0001
un TYPE102 \\# 0
un TYPE103 \\# 1 ff
un TYPE100 \\# 0
kd KEYDATA 20200101000000 20200101000000 20200101000000 256 3 8 AAAA
kd KEYDATA 00000101000000 99991231235959 19691231235959 NOKEY 3 8
kd KEYDATA 20000229000000 20200101235960 21100101000000 ZONE|KSK DNSSEC ED25519 AwEAAQ==
kd KEYDATA \\# 0
hhit HHIT AAAA AA==
sig SIG A 1 0 0 20000101000000 20000101000000 1 foo. AAAA
sig SIG A RSASHA256 2 3600 20300101000000 20200101000000 65535 Foo AwEAAQ==
sig SIG TYPE1234 8 2 4294967295 20300101000000 20200101000000 1 . AAAA AAAA
sig SIG 1 ED448 255 3600 21100101000000 19600101000000 1 . ( ${B64_LONG} )
hhit BRID ( ${B64_LONG} )
nxt NXT \\# 3 000001
naptr NAPTR \\# 11 0000000001610000016100
`;

describe('RDATA text equals named-checkzone -D', () => {
  it('for varied records of every type', () => expectRdataLinesAsBind(dir, 'all', ALL, 100));
});

/** Records BIND keeps apart or takes for one, by how it compares their names (case). */
const CASES = `$TTL 1h
@ IN SOA ns root ( 1 2 3 4 5 )
@ NS ns
ns A 10.9.9.9
${['TALINK a b|TALINK A B', 'LP 1 a|LP 1 A', 'NSAP-PTR a|NSAP-PTR A', 'HIP 2 2001 AAAA a|HIP 2 2001 AAAA A',
    'IPSECKEY 1 3 2 a AAAA|IPSECKEY 1 3 2 A AAAA', 'NXT a A|NXT A A', 'A6 64 ::1 a|A6 64 ::1 A',
    'DSYNC CDS 1 1 a|DSYNC CDS 1 1 A', 'AMTRELAY 0 0 3 a|AMTRELAY 0 0 3 A', 'ATMA 39.24|ATMA 3924',
    'KEY ZONE 3 8 AAAA|KEY 256 DNSSEC RSASHA256 AAAA', 'CERT PGP 0 0 AAAA|CERT 3 0 0 AA AA']
    .map((pair, i) => pair.split('|').map((r) => `c${i} ${r}`).join('\n')).join('\n')}
`;

/**
 * The wire form labnet makes of each record is what named serves for the same text: every
 * (owner, type) of the zone asked over TCP, the RDATA compared as multisets of hex.
 */
describe('RDATA wire form equals what a live named serves', () => {
  it('for every owner and type of the varied zone', () => expectServedAsNamed(dir, 'served', ALL, 40));
});

describe('the whole dump is named-checkzone -D byte for byte', () => {
  it.each([['all', ALL], ['cases', CASES]])('%s', (name, text) => expectDumpAsBind(dir, name, text));
});

describe('warnings as named-checkzone gives them', () => {
  it.each([
    ['a6names', HEADER + 'a_b A6 0 ::1\nx A6 64 ::1 a_b\nx A6 128 ::1\nx A6 64 ::1 *.foo\nx A6 64 ::1 ok.host\n', 'bad name'],
    ['olddnssec', HEADER + 'x 5 SIG A 1 0 0 20000101000000 20000101000000 1 foo. AAAA\nx 6 SIG A 1 0 0 20000101000000 20000101000000 2 foo. AAAA\ny NXT a A\n', 'old style DNSSEC'],
  ])('%s', (name, text, must) => expectWarningsAsBind(dir, name, text, must));
});


const HEADER = '$TTL 1h\n@ IN SOA ns root 1 2 3 4 5\n@ NS ns\nns A 10.0.0.1\n';

const BROKEN: string[] = [
  'x EUI48 01-23-45-67-89',
  'x EUI48 01:23:45:67:89:ab',
  'x EUI48 001-2-3-4-5-6',
  'x EUI48 -1-2-3-4-5-6',
  'x EUI48 "01-23-45-67-89-ab"',
  'x EUI48 01-23-45-67-89-ab 5',
  'x EUI48',
  'x EUI64 01-23-45-67-89-ab',
  'x NSAP 0x',
  'x NSAP 0x4',
  'x NSAP 47',
  'x NSAP 0x47zz',
  'x NSAP 0x47 00',
  'x NSAP-PTR foo bar',
  'x CERT 65536 0 0 AAAA',
  'x CERT FOO 0 0 AAAA',
  'x CERT PKIX 0 256 AAAA',
  'x CERT PKIX 0 DSA-NSEC3-SHA1 AAAA',
  'x CERT PKIX 0 8',
  'x CERT PKIX x 8 AAAA',
  'x CERT PKIX 0 8 AAAA AAA',
  'x CERT PKIX 0 8 AA== AA==',
  'x CERT PKIX 0 8x AAAA',
  'x IPSECKEY 10 0 2 .',
  'x IPSECKEY 10 0 2 foo AAAA',
  'x IPSECKEY 10 4 2 gw AAAA',
  'x IPSECKEY 10 1 2 1.2.3 AAAA',
  'x IPSECKEY 10 2 2 1.2.3.4 AAAA',
  'x IPSECKEY 10 1 2 "1.2.3.4" AAAA',
  'x OPENPGPKEY',
  'x OPENPGPKEY AAA',
  'x HIP 2 200 AAAA',
  'x HIP 2 2001',
  'x HIP 256 2001 AAAA',
  'x HIP 2 2001 AAAA=',
  'x HIP 2 2001 AAAA "rvs"',
  `x HIP 2 ${'ab'.repeat(256)} AAAA`,
  'x DHCID AAA',
  'x GPOS 1 2',
  'x GPOS 1 2 3 4',
  'x X25 311',
  'x X25 31a1',
  'x X25 3110 1',
  'x ISDN a b c',
  'x A6 0 ::1 foo',
  'x A6 129 ::1 foo',
  'x A6 64 ::1',
  'x A6 64 1.2.3.4 foo',
  'x KEY 256 3 8',
  'x KEY 49152 3 8 AAAA',
  'x KEY FOO 3 8 AAAA',
  'x KEY 65536 3 8 AAAA',
  'x KEY 0x1ffff 3 8 AAAA',
  'x KEY 1|ZONE 3 8 AAAA',
  'x KEY 256 RSA 8 AAAA',
  'x KEY 256 3 ECC AAAA',
  'x DNSKEY NOKEY 3 8',
  'x CDNSKEY ZONE|SEP 3 8 AwEAAQ==',
  'x RKEY ZONE 3 8 AAAA',
  'x RKEY 0 3 8',
  'x NXT a TYPE128',
  'x NXT a TYPE0',
  'x NXT a FOO',
  'x NULL 00',
  'x NULL',
  'x ATMA 392',
  'x ATMA +61a',
  'x ATMA +',
  'x ATMA 0x39',
  'x ATMA .39',
  'x ATMA 39 24',
  'x EID 123',
  'x EID',
  'x NIMLOC 12g4',
  'x SINK 256 0 0 AAAA',
  'x SINK 1 0',
  'x TALINK a',
  'x NINFO',
  'x WALLET',
  'x NID 10 0014:4fff:ff20',
  'x NID 10 00014:4fff:ff20:ee64',
  'x NID 65536 0:0:0:0',
  'x L64 10 ::',
  'x L32 10 10.1.2',
  'x LP 1',
  'x LP 1 a b',
  'x AMTRELAY 0 0 0',
  'x AMTRELAY 0 2 4 foo',
  'x AMTRELAY 0 0 0 foo',
  'x AMTRELAY 0 0 1 .',
  'x AMTRELAY 0 0 1 1.2.3.4 extra',
  'x AMTRELAY 0 0 128',
  'x AMTRELAY 0 0 127 abc',
  'x DOA 4294967296 255 255 "a" AAAA',
  'x DOA 1 256 3 "a"',
  'x DOA 1 2 3 "a" - AAAA',
  'x DSYNC FOO 1 1 .',
  'x DSYNC CDS 256 1 .',
  'x DSYNC 65536 1 1 .',
  'x TA 1 8 2 0102',
  'x DS 1 ECC-GOST 1 0102030405060708091011121314151617181920',
  'x UINFO "foo"',
  'x UID 5',
  'x GID 5',
  'x UNSPEC 00',
  'x KEY \\# 4 01000308',
  'x DNSKEY \\# 3 010003',
  'x AMTRELAY \\# 3 000001',
  'x HIP \\# 4 00020000',
  'x IPSECKEY \\# 3 0a0002',
  'x IPSECKEY \\# 7 0a010201020304',
  'x CERT \\# 5 0001000008',
  'x NXT \\# 2 0080',
  'x NXT \\# 2 0000',
  'x NXT \\# 3 004000',
  'x NAPTR \\# 9 000000000000010000',
  'x DS \\# 5 0000010100',
  'x SSHFP \\# 3 010100',
  'x CDS \\# 5 0000010100',
  'x A \\# 0',
  'x TXT \\# 0',
  'x EID \\# 0',
  'x OPENPGPKEY \\# 0',
  'x SINK \\# 0',
  'x KEYDATA 0 0 0 256 3 8 AAAA',
  'x KEYDATA 20201301000000 20200101000000 20200101000000 256 3 8 AAAA',
  'x KEYDATA 20200101000000 20200230000000 20200101000000 256 3 8 AAAA',
  'x KEYDATA 20200101000000 20200101000000 19000229000000 256 3 8 AAAA',
  'x KEYDATA 2020010100000 20200101000000 20200101000000 256 3 8 AAAA',
  'x KEYDATA 20200101000000 20200101000000 20200101000000 256 3 8',
  'x HHIT',
  'x SIG A 8 2 3600 1700000000 20200101000000 1 . AAAA',
  'x SIG A 8 2 1h 20300101000000 20200101000000 1 . AAAA',
  'x SIG A 8 2 3600 20300101000000 20200101000000 1 .',
  'x SIG FOO 8 2 3600 20300101000000 20200101000000 1 . AAAA',
  'x SIG A 8 256 3600 20300101000000 20200101000000 1 . AAAA',
  'x SIG A 8 2 3600 20301301000000 20200101000000 1 . AAAA',
  'x SIG A 8 2 3600 20300101000000 20200101000000 65536 . AAAA',
  'x SIG A ECC 2 3600 20300101000000 20200101000000 1 . AAAA',
  'x SIG \\# 19 00010802000000000000000000000000000100',
  'x HHIT \\# 0',
  'x BRID AAA',
];

describe('broken records: the line and message named-checkzone gives', () => {
  // RFC 3597 input is checked by labnet with its own message; text input has BIND's.
  it.each(BROKEN)('%j', (snippet) => expectRejectedAsBind(dir, HEADER, snippet));
});
