/**
 * SVCB/HTTPS (RFC 9460, RFC 9461 dohpath), LOC (RFC 1876), APL (RFC 3123) and WKS (RFC 1035
 * 3.4.2) RDATA text <-> wire: the text `named-checkzone -D` (BIND 9.18) printed for each
 * input, BIND's rejections with the field it names, the `key="value"` tokens the zone parser
 * joins, and properties: any RDATA labnet accepts prints to text that parses back to the same
 * wire (fast-check).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nameFields, rdataToText } from '../../src/wire/rdata.js';
import { typeFromText } from '../../src/wire/rrtypes.js';
import { parseZone } from '../../src/zones/parser.js';
import { parseProtocols, parseServices, setNetdb } from '../../src/wire/rdata/netdb.js';
import { opensQuotedValue, valuePairEq } from '../../src/wire/rdata/value-pair.js';
import { errorOf } from './rdata-fields.js';
import { bindTextCases, bytes, nameWire, roundTrips } from './rdata-cases.js';

// A fixed netdb, so WKS does not depend on the host's /etc/services.
beforeAll(() => setNetdb({
  protocols: parseProtocols('ip 0 IP\nicmp 1 ICMP # c\ntcp 6 TCP\nudp 17 UDP\n'),
  services: parseServices('smtp 25/tcp mail\ndomain 53/tcp\ndomain 53/udp\nhttp 80/tcp www # x\nntp 123/udp\nhttp-alt 8080/tcp webcache\n'),
}));
afterAll(() => setNetdb(undefined));

/** The RDATA of one record line `TYPE text` as the zone parser reads it (origin example.). */
function wire(type: string, text: string): Buffer {
  const [r] = [...parseZone(`x 1 IN ${type} ${text}\n`, { origin: 'example.', file: 't' })];
  return r.rdata;
}

const error = errorOf;

/** Input (origin example.) and the RDATA named-checkzone -D printed for it. */
const BIND_TEXT: Array<[string, string, string]> = [
  ['SVCB', '0 foo alpn=h2', '0 foo.example. alpn="h2"'],
  ['SVCB', '1 . ALPN=\\002h2', '1 . alpn="h2"'],
  ['SVCB', '1 . Port=\\000\\001', '1 . port=1'],
  ['SVCB', '1 . NO-DEFAULT-ALPN alpn=h2', '1 . alpn="h2" no-default-alpn'],
  ['SVCB', '1 . ech=""', '1 . ech'],
  ['SVCB', '1 . key0=\\000\\001 alpn=h2', '1 . mandatory=alpn alpn="h2"'],
  ['SVCB', '1 . key65535=a', '1 . key65535="a"'],
  ['SVCB', '1 . mandatory=port,alpn alpn=h1 port=1', '1 . mandatory=alpn,port alpn="h1" port=1'],
  ['SVCB', '1 . mandatory=key9,alpn alpn=h1 key9', '1 . mandatory=alpn,key9 alpn="h1" key9'],
  ['SVCB', '1 . port=00080', '1 . port=80'],
  ['SVCB', '1 . ipv6hint=::ffff:1.2.3.4,::1.2.3.4,1::', '1 . ipv6hint=::ffff:1.2.3.4,::1.2.3.4,1::'],
  ['SVCB', '1 "foo"', '1 foo.example.'],
  ['SVCB', '1 foo alpn="a\\\\\\\\b,c\\\\,d,e\\,f"', '1 foo.example. alpn="a\\\\\\\\b,c\\\\,d,e,f"'],
  ['SVCB', '1 foo alpn="a b,\\001\\255"', '1 foo.example. alpn="a\\032b,\\001\\255"'],
  ['SVCB', '1 foo alpn="\\"x\\""', '1 foo.example. alpn="\\"x\\""'],
  ['SVCB', '1 foo key8="a b@c;d\\001\\255," key9=\\\\ key10=""', '1 foo.example. key8="a b@c;d\\001\\255," key9="\\\\" key10'],
  ['SVCB', '1 foo dohpath=/\\195\\169{?dns}', '1 foo.example. key7="/\\195\\169{?dns}"'],
  ['SVCB', '1 foo mandatory=dohpath dohpath=/{?dns}', '1 foo.example. mandatory=key7 key7="/{?dns}"'],
  ['SVCB', '1 foo mandatory="key 5" key5', '1 foo.example. mandatory=ech ech'],
  ['SVCB', '1 foo key5=abc', '1 foo.example. ech=YWJj'],
  ['SVCB', '1 foo ech="AAAA AAAA"', '1 foo.example. ech=AAAAAAAA'],
  ['HTTPS', '1 . alpn=h3 port=8443 ech=AEn+DQBFKwAgACAB', '1 . alpn="h3" port=8443 ech=AEn+DQBFKwAgACAB'],
  ['HTTPS', '0 svc.example.net.', '0 svc.example.net.'],
  ['HTTPS', '1 . key65280="\\\\"', '1 . key65280="\\\\"'],
  ['LOC', '42 21 54 N 71 06 18 W -24m 30m', '42 21 54.000 N 71 6 18.000 W -24.00m 30m 10000m 10m'],
  ['LOC', '42 N 71 W 0', '42 0 0.000 N 71 0 0.000 W 0.00m 1m 10000m 10m'],
  ['LOC', '90 S 180 E 42849672.95m 90000000m 90000000m 90000000m', '90 0 0.000 S 180 0 0.000 E 42849672.95m 90000000m 90000000m 90000000m'],
  ['LOC', '0 0 0 N 0 0 0 E -100000m 0 0 0', '0 0 0.000 N 0 0 0.000 E -100000.00m 0.00m 0.00m 0.00m'],
  ['LOC', '1 N 1 E 1 15m 123456m 0.09m', '1 0 0.000 N 1 0 0.000 E 1.00m 10m 100000m 0.09m'],
  ['LOC', '1 N 1 E -+5', '1 0 0.000 N 1 0 0.000 E -5.00m 1m 10000m 10m'],
  ['LOC', '1 2 .5 N 1 E 1 .5', '1 2 0.500 N 1 0 0.000 E 1.00m 0.50m 10000m 10m'],
  ['LOC', '0 0 0 N 0 0 0 E 0 0.1 0.11 0.19', '0 0 0.000 N 0 0 0.000 E 0.00m 0.10m 0.10m 0.10m'],
  ['LOC', '\\# 16 00001613899b3e4070bf78a900989680', '44 46 8.960 N 71 4 47.191 W 0.00m 0.00m 10000m 10m'],
  ['LOC', '\\# 3 010203', '\\# 3 010203'],
  ['APL', '1:192.168.32.0/21 !1:192.168.38.0/28', '1:192.168.32.0/21 !1:192.168.38.0/28'],
  ['APL', '1:224.0.0.0/4 2:FF00:0:0:0:0:0:0:0/8', '1:224.0.0.0/4 2:ff00::/8'],
  ['APL', '2:::/0 +1:0.0.0.0/08', '2:::/0 1:0.0.0.0/8'],
  ['APL', '', ''],
  ['APL', '\\# 8 0003080401020304', '\\# 8 0003080401020304'],
  ['WKS', '10.0.0.1 tcp smtp domain 80', '10.0.0.1 6 25 53 80'],
  ['WKS', '10.0.0.1 TCP SMTP Www webcache', '10.0.0.1 6 25 80 8080'],
  ['WKS', '10.0.0.1 udp domain ntp', '10.0.0.1 17 53 123'],
  ['WKS', '10.0.0.1 icmp http 0 65535', '10.0.0.1 1 0 80 65535'],
  ['WKS', '10.0.0.1 +6 -0', '10.0.0.1 6 0'],
  ['WKS', '10.0.0.1 IP', '10.0.0.1 0'],
];

describe('RDATA text as named-checkzone -D prints it', () => {
  bindTextCases(BIND_TEXT, wire);
});

/** Input BIND rejects, with its message and the field it names (fields.length: near eol). */
const BIND_ERRORS: Array<[string, string, string, number]> = [
  ['SVCB', '1 . ALPN=h2', 'FORMERR', 2],
  ['SVCB', '"1" .', 'not a valid number', 0],
  ['SVCB', '1 . "alpn=h2"', 'unexpected token', 2],
  ['SVCB', '1 . alpn=h2 "x"', 'unexpected token', 3],
  ['SVCB', '1 . key65536=a', 'out of range', 2],
  ['SVCB', '1 . key01=a', 'syntax error', 2],
  ['SVCB', '1 . mandatory=alpn', 'disallowed (by application policy)', 3],
  ['SVCB', '1 . no-default-alpn port=1', 'disallowed (by application policy)', 4],
  ['SVCB', '1 . alpn=h1 alpn=h2', 'duplicate query', 4],
  ['SVCB', '1 . mandatory=port,alpn alpn=h1', 'inconsistent resource record', 4],
  ['SVCB', '1 . mandatory=alpn,alpn alpn=h1', 'syntax error', 2],
  ['SVCB', '1 . alpn=h2,', 'syntax error', 2],
  ['SVCB', '1 . ech=A=', 'bad base64 encoding', 2],
  ['SVCB', '1 . dohpath=/x', 'FORMERR', 2],
  ['SVCB', '1 ""', 'unexpected end of input', 1],
  ['LOC', '1 2 3.4567 N 1 E 1', 'syntax error', 2],
  ['LOC', '1 n 1 e 1', 'not a valid number', 1],
  ['LOC', '90 0 0.001 N 1 E 1', 'out of range', 2],
  ['LOC', '1 N 1 2 3 4 E 1', 'syntax error', 5],
  ['LOC', '1 N 1 E 1 1 1 1 1', 'extra input text', 8],
  ['LOC', '1 N 1 E', 'unexpected end of input', 4],
  ['APL', '3:1.2.3.4/8', 'not implemented', 0],
  ['APL', '1:1.2.3.4/+8', 'not a valid number', 0],
  ['APL', '1 2:1.2.3.4/8', 'syntax error', 0],
  ['APL', '1:1.2.3.4/8 2:1.2.3.4/8', 'bad IPv6 address', 1],
  ['WKS', '10.0.0.1 Tcp', 'unknown protocol', 1],
  ['WKS', '10.0.0.1 udp smtp', 'unknown service', 2],
  ['WKS', '10.0.0.1 tcp 65536', 'out of range', 2],
  ['WKS', '10.0.0.01 tcp', 'bad dotted quad', 0],
];

describe('rejected as BIND rejects', () => {
  it.each(BIND_ERRORS)('%s %s', (type, text, message, field) => {
    expect(error(type, text)).toEqual([message, field]);
  });
});

describe('BIND key=value tokens', () => {
  it.each<[string, number, boolean]>([
    ['alpn=', 4, true], ['alpn=h2', 4, false], ['key\\=1=', 6, true], ['a=b=', 1, false], ['alpn', -1, false], ['"a="', 2, false],
  ])('%s', (tok, eq, opens) => {
    expect([valuePairEq(tok), opensQuotedValue(tok)]).toEqual([eq, opens]);
  });

  it('joins key= with the quoted string right after it only', () => {
    expect(rdataToText(64, wire('SVCB', '1 . alpn="h2,h3" key7="/q{?dns}"'))).toBe('1 . alpn="h2,h3" key7="/q{?dns}"');
    expect(() => wire('SVCB', '1 . alpn= "h2"')).toThrow(/syntax error/);
    expect(() => wire('SVCB', '1 . alpn=h2"x"')).toThrow(/unexpected token/);
    expect(() => wire('TXT', 'a= "b"')).not.toThrow();
  });
});

describe('embedded names', () => {
  it('SVCB and HTTPS targets are neither compressed nor lower-cased (RFC 9460 2.2)', () => {
    for (const t of [64, 65]) {
      const f = nameFields(t, wire(t === 64 ? 'SVCB' : 'HTTPS', '1 Tgt port=1'));
      expect(f.map((x) => [x.offset, x.compress, x.canonical])).toEqual([[2, false, false]]);
    }
  });
});

// ---- property: any RDATA labnet accepts prints to text that parses back to the same wire ----

const u16 = (v: number) => [v >> 8, v & 0xff];

function paramValue(key: number): fc.Arbitrary<number[]> {
  switch (key) {
    case 1: return fc.array(bytes(1, 12), { minLength: 1, maxLength: 3 }).map((ids) => ids.flatMap((id) => [id.length, ...id]));
    case 2: return fc.constant([]);
    case 3: return bytes(2, 2);
    case 4: return fc.integer({ min: 1, max: 3 }).chain((n) => bytes(4 * n, 4 * n));
    case 5: return bytes(0, 40);
    case 6: return fc.integer({ min: 1, max: 2 }).chain((n) => bytes(16 * n, 16 * n));
    case 7: return fc.tuple(bytes(0, 10), fc.constantFrom('', 'x')).map(([b, t]) =>
      [...Buffer.from('/' + b.map((c) => String.fromCharCode(0x20 + (c % 0x5f))).join('') + '{?dns}' + t)]);
    default: return bytes(0, 20);
  }
}

const svcbGen: fc.Arbitrary<number[]> = fc.tuple(
  fc.integer({ min: 0, max: 0xffff }), nameWire,
  fc.uniqueArray(fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 10, max: 0xffff })), { maxLength: 5 }),
  fc.boolean(),
).chain(([prio, target, keys0, withMandatory]) => {
  const keys = [...keys0].sort((a, b) => a - b);
  if (keys.includes(2) && !keys.includes(1)) keys.unshift(1);
  return fc.tuple(...keys.map(paramValue), fc.subarray(keys, { minLength: Math.min(1, keys.length) })).map((parts) => {
    const values = parts.slice(0, keys.length) as number[][];
    const mandatory = parts[keys.length] as number[];
    const params = keys.map((k, i) => [...u16(k), ...u16(values[i].length), ...values[i]]);
    if (withMandatory && keys.length > 0) params.unshift([0, 0, ...u16(mandatory.length * 2), ...mandatory.flatMap(u16)]);
    return [...u16(prio), ...target, ...params.flat()];
  });
});

const precisionByte = fc.oneof(fc.constant(0), fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([m, e]) => (m << 4) | e));
const locGen = fc.tuple(precisionByte, precisionByte, precisionByte,
  fc.integer({ min: -90 * 3600000, max: 90 * 3600000 }), fc.integer({ min: -180 * 3600000, max: 180 * 3600000 }), fc.integer({ min: 0, max: 0xffffffff }))
  .map(([s, h, v, lat, lon, alt]) => {
    const b = Buffer.alloc(16);
    b.set([0, s, h, v]);
    b.writeUInt32BE(0x80000000 + lat, 4);
    b.writeUInt32BE(0x80000000 + lon, 8);
    b.writeUInt32BE(alt, 12);
    return [...b];
  });

const aplItem = fc.tuple(fc.constantFrom(1, 2), fc.boolean(), fc.integer({ min: 0, max: 128 }), bytes(0, 16)).map(([afi, neg, prefix, a]) => {
  const addr = a.slice(0, afi === 1 ? 4 : 16);
  while (addr.length > 0 && addr[addr.length - 1] === 0) addr.pop();
  return [...u16(afi), afi === 1 ? prefix % 33 : prefix, addr.length | (neg ? 0x80 : 0), ...addr];
});
const aplGen = fc.array(aplItem, { maxLength: 4 }).map((items) => items.flat());

const wksGen = fc.tuple(bytes(4, 4), bytes(1, 1), bytes(0, 20)).map(([a, p, bm]) => {
  while (bm.length > 0 && bm[bm.length - 1] === 0) bm.pop();
  return [...a, ...p, ...bm];
});

const GENS: Array<[string, fc.Arbitrary<number[]>]> = [['SVCB', svcbGen], ['HTTPS', svcbGen], ['LOC', locGen], ['APL', aplGen], ['WKS', wksGen]];

describe('property: wire -> text -> wire is the identity', () => {
  it.each(GENS)('%s', (name, gen) => {
    expect(roundTrips(typeFromText(name)!, gen, (text) => wire(name, text))).toBeGreaterThan(150);
  });
});
