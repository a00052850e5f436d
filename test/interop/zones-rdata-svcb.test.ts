/**
 * SVCB and HTTPS (RFC 9460; dohpath RFC 9461), LOC (RFC 1876), APL (RFC 3123) and WKS
 * (RFC 1035 3.4.2) against `named-checkzone` (BIND 9.18), live:
 * 1. a zone with the good forms of each type: every record's RDATA as `rdataToText` prints
 *    it equals the RDATA of `named-checkzone -i local -D`, and the whole dump is byte for
 *    byte BIND's;
 * 2. the wire form labnet makes of each record is what a live named serves for it;
 * 3. broken records: both reject, and labnet's `FILE:LINE` is the one BIND names, with BIND's
 *    message (RFC 3597 input: the line only);
 * 4. the check-names warning for a ServiceMode target that is no host name.
 * WKS service and protocol names come from the host's /etc/services and /etc/protocols, as
 * they do for BIND; the names used here are in every netbase table.
 */
import { afterAll, describe, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectDumpAsBind, expectRdataLinesAsBind, expectRejectedAsBind, expectWarningsAsBind } from './helpers/checkzone.js';
import { expectServedAsNamed } from './helpers/served-rdata.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-zones-rdata-svcb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ECH = 'AEn+DQBFKwAgACABWIHUGj4u+PIggYXcR5JF0gYk3dCRioBW8uJq9H4mKAAIAAEAAQABAANAEnB1YmxpYy50bHMtZWNoLmRldgAA';

const SVCB_GOOD = [
  // RFC 9460 appendix D test vectors
  's1 SVCB 0 foo.example.com.',
  's2 SVCB 1 .',
  's3 SVCB 16 foo.example.com. port=53',
  's4 SVCB 1 foo.example.com. key667=hello',
  's5 SVCB 1 foo.example.com. key667="hello\\210qoo"',
  's6 SVCB 1 foo.example.com. ipv6hint="2001:db8::1,2001:db8::53:1"',
  's7 SVCB 1 example.com. ipv6hint="2001:db8:122:344::192.0.2.33"',
  's8 SVCB 16 foo.example.org. (alpn=h2,h3-19 mandatory=ipv4hint,alpn\n      ipv4hint=192.0.2.1)',
  's9 SVCB 16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"',
  's10 SVCB 16 foo.example.org. alpn=f\\\\\\092oo\\092,bar,h2',
  // every key, in any order and case
  `h1 HTTPS 1 . alpn="h2,h3" mandatory=alpn port=443 ipv4hint=1.2.3.4,5.6.7.8 ech=${ECH} ipv6hint=::1,2001:db8::1 key65000="a b" no-default-alpn`,
  'h2 HTTPS 0 svc.example.net.',
  'h3 HTTPS 1 svc ALPN=\\002h2 Port=\\000\\001',
  'h4 HTTPS 2 "quoted.target" port="53" ipv4hint="10.0.0.1,10.0.0.2"',
  'h5 HTTPS 3 @ mandatory="alpn,port" alpn=a port=1',
  'h6 HTTPS 4 Svc.Example. mandatory=ALPN,Port,key9 alpn=a port=1 key9',
  's11 SVCB 0 . port=53 alpn=x',
  's12 SVCB 1 . ech',
  's13 SVCB 1 . ech=""',
  's14 SVCB 1 . key0=\\000\\001 alpn=h2',
  's15 SVCB 1 . key1=\\002h2 key3=\\000\\053 key4=\\010\\000\\000\\001',
  's16 SVCB 1 . dohpath=/dns-query{?dns} key65535',
  's17 SVCB 1 . dohpath=/\\195\\169{?dns} mandatory=dohpath',
  's18 SVCB 1 . alpn="a b,\\001\\255" key8="a b@c;d\\001\\255," key9=\\\\ key10=""',
  's19 SVCB 1 . alpn="\\"x\\"" key11="\\\\" key12=\\092',
  's20 SVCB 1 . alpn=x;comment',
  's21 SVCB 1 . ipv6hint=::ffff:1.2.3.4,::1.2.3.4,1:: ech="AAAA AAAA"',
  's22 SVCB 1 . key6=\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\001 key5=abc',
  's23 SVCB 65535 . ( alpn=h2\n   port=1 ipv4hint=1.2.3.4 )',
  's24 SVCB 1 . mandatory="key 5" key5',
  's25 SVCB \\# 10 00010000010003026832',
  's26 HTTPS \\# 9 000100000300020050',
];

const LOC_GOOD = [
  'l1 LOC 42 21 54 N 71 06 18 W -24m 30m',
  'l2 LOC 42 21 43.952 N 71 5 6.344 W -24m 1m 200m 10m',
  'l3 LOC 52 14 05 N 00 08 50 E 10m',
  'l4 LOC 32 7 19 S 116 2 25 E 10m',
  'l5 LOC 42 N 71 W 0',
  'l6 LOC 90 S 180 E 42849672.95m 90000000m 90000000m 90000000m',
  'l7 LOC 0 0 0 N 0 0 0 E -100000m 0 0 0',
  'l8 LOC 1 N 1 E 1 .5',
  'l9 LOC 1 N 1 E 1 +5m',
  'l10 LOC 1 N 1 E 1 -0',
  'l11 LOC 1 N 1 E 1 15m 123456m 0.09m',
  'l12 LOC 1 N 1 E -+5',
  'l13 LOC 1 N 1 E +5',
  'l14 LOC 1 2 +3 N 1 E 1',
  'l15 LOC 1 2 3. N 1 E 1',
  'l16 LOC 1 2 .5 N 1 E 1',
  'l17 LOC 0 0 0 N 0 0 0 E 0 0.1 0.11 0.19',
  'l18 LOC 1 ( N\n 1 E\n 1 2 3 4 )',
  'l19 LOC 1 N 1 E 1 ( 20000000m 0.55m 3.5m )',
  'l20 LOC 1 N 1 E 1 00 000.0 0.00m',
  'l21 LOC 89 59 59.999 S 179 59 59.999 W 0.01m',
  'l22 LOC \\# 16 00121613899b3e4070bf78a900989680',
  'l23 LOC \\# 16 01121613899b3e4070bf78a900989680',
  'l24 LOC \\# 16 00001613899b3e4070bf78a9ffffffff',
  'l25 LOC \\# 1 01',
];

const APL_GOOD = [
  'a1 APL 1:192.168.32.0/21 !1:192.168.38.0/28',
  'a2 APL 1:224.0.0.0/4 2:FF00:0:0:0:0:0:0:0/8',
  'a3 APL 2:::/0 1:0.0.0.0/0',
  'a4 APL',
  'a5 APL +1:1.2.3.4/8',
  'a6 APL 1:1.2.3.4/08',
  'a7 APL 1:1.2.3.0/24 1:1.2.3.0/24',
  'a8 APL 2:2001:db8::/32 !2:::ffff:1.2.3.4/128 1:0.0.0.1/32 2:::/128',
  'a9 APL 1:10.0.0.0/0 !2:1::1/64',
  'a10 APL \\# 4 00010800',
  'a11 APL \\# 8 0003080401020304',
  'a12 APL \\# 0',
];

const WKS_GOOD = [
  'w1 WKS 10.0.0.1 tcp smtp domain 80',
  'w2 WKS 10.0.0.1 TCP SMTP',
  'w3 WKS 10.0.0.1 6 smtp',
  'w4 WKS 10.0.0.1 udp domain ntp',
  'w5 WKS 10.0.0.1 icmp http',
  'w6 WKS 10.0.0.1 icmp 0 65535',
  'w7 WKS 10.0.0.1 tcp',
  'w8 WKS 10.0.0.1 tcp www Domain DOMAIN',
  'w9 WKS 10.0.0.1 +6 +25',
  'w10 WKS 10.0.0.1 tcp -0',
  'w11 WKS 10.0.0.1 IP 1',
  'w12 WKS 10.0.0.1 255 7 ( 9 \n 13 )',
  'w13 WKS \\# 5 0a00000106',
  'w14 WKS \\# 6 0a0000010680',
];

const HEADER = '$TTL 1h\n@ IN SOA ns root ( 1 2 3 4 5 )\n@ NS ns\nns A 10.9.9.9\n';
const ALL = HEADER + [...SVCB_GOOD, ...LOC_GOOD, ...APL_GOOD, ...WKS_GOOD].join('\n') + '\n';

describe('RDATA text equals named-checkzone -D', () => {
  it('for the good forms of SVCB, HTTPS, LOC, APL and WKS', () => expectRdataLinesAsBind(dir, 'all', ALL, 80));
  it('and the whole dump is BIND\'s byte for byte', () => expectDumpAsBind(dir, 'dump', ALL));
});

describe('RDATA wire form equals what a live named serves', () => {
  it('for every owner and type of the zone', () => expectServedAsNamed(dir, 'served', ALL, 70));
});

describe('check-names as named-checkzone gives it', () => {
  it('warns of a ServiceMode target that is no host name, not of an AliasMode one', () => expectWarningsAsBind(dir, 'names',
    HEADER + 'x SVCB 1 a_b\ny SVCB 0 a_b\nz HTTPS 2 . port=1\nw HTTPS 1 ok-host\n', 'a_b.example: bad name (check-names)'));
});

const BROKEN: string[] = [
  // SVCB / HTTPS
  'x SVCB',
  'x SVCB 1',
  'x SVCB 65536 .',
  'x SVCB x .',
  'x SVCB "1" .',
  'x SVCB 1 ""',
  'x SVCB 1 . "alpn=h2"',
  'x SVCB 1 . alpn=h2"x"',
  'x SVCB 1 . alpn="h2"x',
  'x SVCB 1 . alpn= "h2"',
  'x SVCB 1 . ALPN=h2',
  'x SVCB 1 . mandatory',
  'x SVCB 1 . alpn',
  'x SVCB 1 . port',
  'x SVCB 1 . ipv4hint',
  'x SVCB 1 . key01=a',
  'x SVCB 1 . key65536=a',
  'x SVCB 1 . key=a',
  'x SVCB 1 . keyx=a',
  'x SVCB 1 . key+1=a',
  'x SVCB 1 . =foo',
  'x SVCB 1 . mandatory=alpn',
  'x SVCB 1 . mandatory=mandatory alpn=h1',
  'x SVCB 1 . mandatory=key0 alpn=a',
  'x SVCB 1 . mandatory=alpn,alpn alpn=h1',
  'x SVCB 1 . mandatory=alpn, alpn=a',
  'x SVCB 1 . mandatory=,alpn alpn=a',
  'x SVCB 1 . mandatory=foo alpn=a',
  'x SVCB 1 . mandatory=key01 key1=\\001a',
  'x SVCB 1 . mandatory=port,alpn alpn=h1',
  'x SVCB 1 . alpn=h1 alpn=h2',
  'x SVCB 1 . port=1 port=2 no-default-alpn',
  'x SVCB 1 . no-default-alpn',
  'x SVCB 1 . no-default-alpn=x alpn=h2',
  'x SVCB 1 . port=65536',
  'x SVCB 1 . port=+1',
  'x SVCB 1 . port=1x',
  'x SVCB 1 . port=',
  'x SVCB 1 . port=" 1"',
  'x SVCB 1 . ipv4hint=1.2.3.4,',
  'x SVCB 1 . ipv4hint=01.2.3.4',
  'x SVCB 1 . ipv6hint=1.2.3.4',
  'x SVCB 1 . ipv6hint=::1,',
  'x SVCB 1 . ech=AAA',
  'x SVCB 1 . ech=A=',
  'x SVCB 1 . ech=AAAA=',
  'x SVCB 1 . alpn=",h2"',
  'x SVCB 1 . alpn="h2,,h3"',
  'x SVCB 1 . alpn="h2,"',
  'x SVCB 1 . alpn=h2\\',
  'x SVCB 1 . alpn=h2\\\\',
  'x SVCB 1 . alpn=h2\\1',
  'x SVCB 1 . alpn=h2\\256',
  `x SVCB 1 . alpn=${'a'.repeat(256)}`,
  'x SVCB 1 . key7',
  'x SVCB 1 . dohpath=/x',
  'x SVCB 1 . dohpath=x{?dns}',
  'x SVCB 1 . dohpath=/\\255{?dns}',
  'x SVCB 1 . dohpath=/\\192\\128{?dns}',
  'x SVCB 1 . key4=\\001\\002\\003',
  'x SVCB 1 . key3=\\001',
  'x SVCB 1 . key2=a alpn=b',
  'x SVCB 1 . key123="a',
  'x SVCB 1 . alpn=h2 ( port=1\n   ipv4hint=1.2.3.4\n port=2 )',
  'x HTTPS 1 . port=1 (\n ipv4hint=1.2.3.4 ipv4hint=1.2.3.5 )',
  'x SVCB \\# 2 0001',
  'x SVCB \\# 7 00010000010000',
  'x SVCB \\# 7 00010000020000',
  'x HTTPS \\# 13 00010000030002005000020000',
  'x SVCB \\# 11 00010000000002000100',
  // LOC
  'x LOC 1 2 3.4567 N 1 2 3 E 1.5',
  'x LOC 1 n 1 e 1',
  'x LOC 1 2 n 1 e 1',
  'x LOC 91 N 1 E 1',
  'x LOC 90 1 N 1 E 1',
  'x LOC 90 0 0.001 N 1 E 1',
  'x LOC 1 60 N 1 E 1',
  'x LOC 1 1 60 N 1 E 1',
  'x LOC 1 N 181 E 1',
  'x LOC 1 N 1 E',
  'x LOC 1 N 1 E 42849672.96m',
  'x LOC 1 N 1 E -100000.01m',
  'x LOC 1 N 1 E 1 90000001m',
  'x LOC 1 N 1 E 1 1x',
  'x LOC 1 N 1 E 1 m',
  'x LOC 1 N 1 E 1 .m',
  'x LOC 1 N 1 E 1 1 1 1 1',
  'x LOC 1 N 1 E 1.234m',
  'x LOC 1 N 1 E 1mm',
  'x LOC 1 N 1 E --5',
  'x LOC 1 2.5 N 1 E 1',
  'x LOC 1 2 3 X 1 E 1',
  'x LOC 1 N 1 2 3 4 E 1',
  'x LOC "1" N 1 E 1',
  'x LOC 1 "N" 1 E 1',
  'x LOC 1 N 1 E "1"',
  'x LOC 1 N 1 E 1 "1"',
  'x LOC 1 2 . N 1 E 1',
  'x LOC 1 ( N\n 1 2 3 4 5 E 1 )',
  'x LOC \\# 16 001a1613899b3e4070bf78a900989680',
  'x LOC \\# 15 00121613899b3e4070bf78a9009896',
  'x LOC \\# 16 00121613ffffffff70bf78a900989680',
  'x LOC \\# 17 00121613899b3e4070bf78a90098968000',
  'x LOC \\# 1 00',
  // APL
  'x APL 1:1.2.3.4/33',
  'x APL 2:::1/129',
  'x APL 3:1.2.3.4/8',
  'x APL :1.2.3.4/8',
  'x APL 1:1.2.3.4',
  'x APL 1:1.2.3.4/',
  'x APL 1:/8',
  'x APL 1:1.2.3/8',
  'x APL 2:1.2.3.4/8',
  'x APL 65536:1.2.3.4/8',
  'x APL !!1:1.2.3.4/8',
  'x APL 1:1.2.3.4/+8',
  'x APL 1:1.2.3.4/8/9',
  'x APL 1:1.2.3.4/8 "1:1.2.3.4/8"',
  'x APL 1-1.2.3.4/8',
  'x APL 1:1.2.3.4/256',
  'x APL 1:0.0.0.0/0 (\n 1:1.2.3.4/8 bad )',
  'x APL \\# 5 0001080100',
  'x APL \\# 5 0001210101',
  'x APL \\# 3 000108',
  'x APL \\# 6 000208050101',
  // WKS
  'x WKS',
  'x WKS 10.0.0.1',
  'x WKS 10.0.0.01 tcp',
  'x WKS 1.2.3 tcp',
  'x WKS "10.0.0.1" tcp',
  'x WKS 10.0.0.1 "tcp"',
  'x WKS 10.0.0.1 256',
  'x WKS 10.0.0.1 -1',
  'x WKS 10.0.0.1 foo',
  'x WKS 10.0.0.1 Tcp',
  'x WKS 10.0.0.1 udp smtp',
  'x WKS 10.0.0.1 17 http',
  'x WKS 10.0.0.1 tcp 65536',
  'x WKS 10.0.0.1 tcp -2',
  'x WKS 10.0.0.1 tcp nosuch',
  'x WKS 10.0.0.1 tcp "smtp"',
  'x WKS 10.0.0.1 tcp 25x',
  'x WKS 10.0.0.1 tcp 0x19',
  'x WKS 10.0.0.1 tcp ( 25\n 80 nosuch )',
  'x WKS \\# 4 0a000001',
  'x WKS \\# 7 0a000001060100',
  'x WKS \\# 6 0a0000010600',
];

describe('broken records: the line and message named-checkzone gives', () => {
  it.each(BROKEN)('%j', (snippet) => expectRejectedAsBind(dir, HEADER, snippet));
});
