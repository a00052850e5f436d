/**
 * RDATA text <-> wire for the less common RR types (codecs in src/wire/rdata/types/ and the
 * layouts of rdata.ts), with the text `named-checkzone -D` (BIND 9.18) printed for each input,
 * and a property test over every layout-table type: any RDATA labnet accepts prints to text
 * that parses back to the same wire.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { layoutOf, layoutTypes, nameFields, rdataFromText } from '../../src/wire/rdata.js';
import { typeFromText, typeToText } from '../../src/wire/rrtypes.js';
import { timeToText } from '../../src/wire/rdata/types/sig.js';
import { errorOf, fields, wireOf } from './rdata-fields.js';
import { bindTextCases, bytes, nameWire, roundTrips } from './rdata-cases.js';


const wire = wireOf;
const error = errorOf;

/** Input (origin example.) and the RDATA named-checkzone -D printed for it. */
const BIND_TEXT: Array<[string, string, string]> = [
  ['EUI48', '01-23-45-67-89-AB', '01-23-45-67-89-ab'],
  ['EUI48', '1-2-3-4-5-6', '01-02-03-04-05-06'],
  ['EUI48', '+1-2-3-4-5-6', '01-02-03-04-05-06'],
  ['EUI48', '0x-1-2-3-4-5', '00-01-02-03-04-05'],
  ['EUI48', '01-23-45-67-89-abc', '01-23-45-67-89-ab'],
  ['EUI64', '01-23-45-67-89-ab-cd-EF', '01-23-45-67-89-ab-cd-ef'],
  ['NSAP', '0x47.0005.80.005a00.0000.0001.e133.ffffff000161.00', '0x47000580005a0000000001e133ffffff00016100'],
  ['NSAP', '0X4.7', '0x47'],
  ['NSAP-PTR', 'foo', 'foo.example.'],
  ['CERT', 'PKIX 1 RSASHA256 AAAA', 'PKIX 1 RSASHA256 AAAA'],
  ['CERT', '1 0 0 AAAA', 'PKIX 0 0 AAAA'],
  ['CERT', 'pkix 0 ed25519 AAAA', 'PKIX 0 ED25519 AAAA'],
  ['CERT', '253 0 6 AAAA', 'URI 0 NSEC3DSA AAAA'],
  ['CERT', '9 0 9 AAAA AAAA', '9 0 9 AAAAAAAA'],
  ['CERT', 'IACPKIX 0 08 AA==', 'IACPKIX 0 RSASHA256 AA=='],
  ['IPSECKEY', '10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==', '10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ=='],
  ['IPSECKEY', '10 2 2 2001:0DB8:0:8002::2000:1 AAAA', '10 2 2 2001:db8:0:8002::2000:1 AAAA'],
  ['IPSECKEY', '10 3 2 gw AAAA', '10 3 2 gw.example. AAAA'],
  ['HIP', '2 200100107b1a74df AAAA rvs1 rvs2.example.com. Rvs3', '2 200100107B1A74DF AAAA rvs1.example. rvs2.example.com. Rvs3.example.'],
  ['GPOS', '-32.6882 116.8652 10.0', '"-32.6882" "116.8652" "10.0"'],
  ['X25', '311061700956', '"311061700956"'],
  ['ISDN', '150862028003217 004', '"150862028003217" "004"'],
  ['ISDN', 'abc', '"abc"'],
  ['A6', '0 2001:db8::1', '0 2001:db8::1'],
  ['A6', '128 foo', '128  foo.example.'],
  ['A6', '65 ::ffff:ffff:ffff:ffff foo', '65 ::7fff:ffff:ffff:ffff foo.example.'],
  ['A6', '127 ::3 foo', '127 ::1 foo.example.'],
  ['KEY', 'NOKEY 3 8', '49152 3 8'],
  ['KEY', 'NOKEY|ZONE 3 8', '49408 3 8'],
  ['KEY', 'ZONE|KSK DNSSEC RSASHA256 AwEAAQ==', '257 3 8 AwEAAQ=='],
  ['KEY', 'NO 3 8 AAAA', '16384 3 8 AAAA'],
  ['KEY', '|ZONE 3 8 AAAA', '16640 3 8 AAAA'],
  ['KEY', 'FLAG1 3 8 AAAA', '32 3 8 AAAA'],
  ['KEY', '1f 3 8 AAAA', '31 3 8 AAAA'],
  ['KEY', '0100 ALL PRIVATEDNS AAAA', '100 255 253 AAAA'],
  ['DNSKEY', 'ZONE 3 ECCGOST AwEAAQ==', '256 3 12 AwEAAQ=='],
  ['RKEY', '0 3 8 AAAA', '0 3 8 AAAA'],
  ['NXT', 'a NXT SIG TYPE127 1', 'a.example. A SIG NXT 127'],
  ['NXT', 'a', 'a.example.'],
  ['ATMA', '39.246f.00e7c9c03120001001000012345678.00', '39246f00e7c9c0312000100100001234567800'],
  ['ATMA', '+61.2000.00000', '+61200000000'],
  ['EID', '12 34', '1234'],
  ['NIMLOC', '32 AB', '32AB'],
  ['SINK', '1 0 0', '1 0 0'],
  ['SINK', '1 2 3 AAAA AAAA', '1 2 3 AAAAAAAA'],
  ['TALINK', 'a b', 'a.example. b.example.'],
  ['NINFO', '"a" b', '"a" "b"'],
  ['RESINFO', 'qnamemin exterr=15,16,17', '"qnamemin" "exterr=15,16,17"'],
  ['NID', '10 0014:4fff:ff20:ee64', '10 14:4fff:ff20:ee64'],
  ['L64', '10 2001:0DB8:1140:1000', '10 2001:db8:1140:1000'],
  ['L32', '10 10.1.2.0', '10 10.1.2.0'],
  ['LP', '10 l64-subnet1.example.com.', '10 l64-subnet1.example.com.'],
  ['AMTRELAY', '0 0 0 .', '0 0 0 .'],
  ['AMTRELAY', '128 1 2 2001:db8::1', '128 1 2 2001:db8::1'],
  ['AMTRELAY', '0 0 3 relay', '0 0 3 relay.example.'],
  ['DOA', '1 2 3 text/plain -', '1 2 3 "text/plain" -'],
  ['DOA', '1 2 3 "a" AAAA AAAA', '1 2 3 "a" AAAAAAAA'],
  ['DSYNC', '1 2 3 foo', 'A 2 3 foo.example.'],
  ['DSYNC', 'CDS 1 53 notify.example.', 'CDS NOTIFY 53 notify.example.'],
  ['DSYNC', 'TYPE1234 NOTIFY 1 .', 'TYPE1234 NOTIFY 1 .'],
  ['TA', '1 RSASHA256 SHA-1 0102030405060708091011121314151617181920', '1 8 1 0102030405060708091011121314151617181920'],
  ['DS', '1 ECCGOST GOST 0102', '1 12 3 0102'],
  ['NULL', '\\# 3 010203', '\\# 3 010203'],
  ['UINFO', '\\# 1 00', '\\# 1 00'],
  ['AMTRELAY', '\\# 3 00050a', '\\# 3 00050A'],
  ['ATMA', '\\# 3 020102', '\\# 3 020102'],
  ['OPENPGPKEY', 'AQ = =', 'AQ=='],
  ['HHIT', 'AAAA AA==', 'AAAAAA=='],
  ['SIG', 'TYPE1234 RSASHA256 2 3600 20300101000000 20200101000000 1 Foo AAAA AAAA', '1234 8 2 3600 20300101000000 20200101000000 1 Foo.example. AAAAAAAA'],
  ['KEYDATA', '20200101000000 00000101000000 19691231235959 256 3 8 AAAA', '\\# 19 5E0BE100868B8400FFFFFFFF01000308000000'],
];

describe('RDATA text as named-checkzone -D prints it', () => {
  bindTextCases(BIND_TEXT, wire);
});

/** Input BIND rejects, with its message and the field it names (fields.length: near eol). */
const BIND_ERRORS: Array<[string, string, string, number]> = [
  ['EUI48', '01-23-45-67-89', 'bad EUI', 1],
  ['EUI48', '-1-2-3-4-5-6', 'bad EUI', 1],
  ['EUI48', '01-23-45-67-89-ab 5', 'extra input text', 1],
  ['NSAP', '0x4', 'unexpected end of input', 0],
  ['NSAP', '47', 'syntax error', 0],
  ['CERT', 'FOO 0 0 AAAA', 'unknown class/type', 0],
  ['CERT', 'PKIX 0 DSA-NSEC3-SHA1 AAAA', 'unknown class/type', 2],
  ['CERT', 'PKIX 0 256 AAAA', 'out of range', 2],
  ['CERT', 'PKIX 0 8 AA== AA==', 'extra input text', 4],
  ['CERT', 'PKIX 0 8 AB==', 'bad base64 encoding', 4],
  ['IPSECKEY', '10 0 2 .', 'unexpected end of input', 4],
  ['IPSECKEY', '10 4 2 gw AAAA', 'out of range', 1],
  ['HIP', '2 200 AAAA', 'bad hex encoding', 1],
  ['HIP', '2 2001 AAAA=', 'bad base64 encoding', 2],
  ['X25', '311', 'syntax error', 0],
  ['X25', '31a1', 'out of range', 0],
  ['A6', '0 ::1 foo', 'extra input text', 2],
  ['KEY', '1|ZONE 3 8 AAAA', 'unknown flag', 0],
  ['KEY', '0x1ffff 3 8 AAAA', 'out of range', 0],
  ['KEY', '49152 3 8 AAAA', 'extra input text', 3],
  ['DNSKEY', 'NOKEY 3 8', 'unexpected end of input', 3],
  ['RKEY', 'ZONE 3 8 AAAA', 'FORMERR', 0],
  ['NXT', 'a TYPE128', 'out of range', 2],
  ['NULL', '00', 'syntax error', 0],
  ['UID', '5', 'unknown class/type', 0],
  ['ATMA', '+61a', 'syntax error', 0],
  ['ATMA', '.39', 'syntax error', 0],
  ['EID', '123', 'bad hex encoding', 1],
  ['NID', '10 ::', 'syntax error', 1],
  ['AMTRELAY', '0 0 127 abc', 'not implemented', 4],
  ['AMTRELAY', '0 0 0 foo', 'syntax error', 3],
  ['DOA', '1 2 3 "a" - AAAA', 'extra input text', 5],
  ['DSYNC', 'FOO 1 1 .', 'unknown class/type', 0],
  ['DS', '1 ECC-GOST 1 0102030405060708091011121314151617181920', 'unknown class/type', 1],
  ['KEYDATA', '0 0 0 256 3 8 AAAA', 'syntax error', 0],
  ['SIG', 'A 8 2 3600 1700000000 20200101000000 1 . AAAA', 'syntax error', 4],
  ['SIG', 'A 8 2 3600 20300101000000 20200101000000 65536 . AAAA', 'out of range', 7],
  ['KEYDATA', '20200101000000 20201301000000 20200101000000 256 3 8 AAAA', 'out of range', 1],
  ['KEYDATA', '20200101000000 20200101000000 19000229000000 256 3 8 AAAA', 'out of range', 2],
];

describe('type mnemonics BIND reads', () => {
  it('reads KEYDATA but prints TYPE65533, and knows DSYNC, HHIT, BRID, RESINFO, WALLET', () => {
    expect([typeFromText('KEYDATA'), typeFromText('keydata'), typeToText(65533)]).toEqual([65533, 65533, 'TYPE65533']);
    expect(['DSYNC', 'HHIT', 'BRID', 'RESINFO', 'WALLET'].map((t) => typeToText(typeFromText(t)!))).toEqual(['DSYNC', 'HHIT', 'BRID', 'RESINFO', 'WALLET']);
    expect(['DSYNC', 'HHIT', 'BRID', 'RESINFO', 'WALLET'].map((t) => typeFromText(t))).toEqual([66, 67, 68, 261, 262]);
  });
});

describe('SIG times print as the date nearest to now (RFC 4034 3.1.5)', () => {
  const now = Date.UTC(2026, 11, 2);
  it.each<[number, string]>([
    [Date.UTC(2030, 0, 1) / 1000, '20300101000000'],
    [(Date.UTC(2110, 0, 1) / 1000) % 2 ** 32, '19731124173144'],
    [(Date.UTC(1960, 0, 1) / 1000) + 2 ** 32, '19600101000000'],
    [0, '19700101000000'],
  ])('%d', (v, want) => {
    expect(timeToText(v, now)).toBe(want);
  });
});

describe('rejected as BIND rejects', () => {
  it.each(BIND_ERRORS)('%s %s', (type, text, message, field) => {
    expect(error(type, text)).toEqual([message, field]);
  });
});

describe('embedded names of the codec types (RFC 4034 6.2)', () => {
  it.each<[string, string, Array<[number, boolean]>]>([
    ['NXT', 'a. A', [[0, true]]],
    ['A6', '64 ::1 a.', [[9, true]]],
    ['A6', '0 ::1', []],
    ['HIP', '2 2001 AAAA a. b.', [[9, false], [12, false]]],
    ['IPSECKEY', '1 3 2 gw. AAAA', [[3, false]]],
    ['IPSECKEY', '1 1 2 1.2.3.4 AAAA', []],
    ['AMTRELAY', '0 0 3 r.', [[2, false]]],
    ['DSYNC', 'CDS 1 53 n.', [[5, false]]],
    ['TALINK', 'a. b.', [[0, false], [3, false]]],
  ])('%s %s', (type, text, want) => {
    const got = nameFields(typeFromText(type)!, rdataFromText(typeFromText(type)!, fields(text), '.'));
    expect(got.map((f) => [f.offset, f.canonical])).toEqual(want);
    expect(got.every((f) => !f.compress && !f.additional)).toBe(true);
  });
});

// ---- property: any RDATA labnet accepts prints to text that parses back to the same wire ----

const cstr = fc.oneof(bytes(0, 30), fc.constantFrom([], [0x61], [0x21, 0x61, 0x21, 0x62, 0x21])).map((b) => [b.length, ...b]);

/** Wire RDATA following a layout (rdata.ts LAYOUT letters). */
function fromLayout(layout: string): fc.Arbitrary<number[]> {
  const part = (k: string): fc.Arbitrary<number[]> => {
    switch (k) {
      case 'a': return bytes(4, 4);
      case '6': return bytes(16, 16);
      case 'n': return nameWire;
      case 'b': return fc.oneof(fc.constantFrom(1, 2, 4).map((v) => [v]), bytes(1, 1));
      case 's': return bytes(2, 2);
      case 'l': case 't': return bytes(4, 4);
      case 'c': return cstr;
      case 'C': return fc.array(cstr, { minLength: 1, maxLength: 4 }).map((a) => a.flat());
      case 'x': return fc.oneof(bytes(20, 20), bytes(32, 32), bytes(48, 48), bytes(1, 70));
      case 'B': case 'Q': return bytes(1, 80);
      default: throw new Error(`layout letter ${k}`);
    }
  };
  return fc.tuple(...[...layout].map(part)).map((p) => p.flat());
}

const reparse = (type: number) => (text: string) => rdataFromText(type, fields(text), 'origin.example.');

describe('property: every layout-table type round-trips through its text', () => {
  it.each(layoutTypes().map((t) => [typeToText(t), t]))('%s', (_name, type) => {
    const ok = roundTrips(type, fromLayout(layoutOf(type)!), reparse(type));
    // Enough generated records must be well formed, or the property would prove nothing.
    expect(ok).toBeGreaterThan(30);
  });
});

const u16 = bytes(2, 2);
/** A type bitmap (RFC 4034 4.1.2) of at least `min` windows. */
function bitmapWire(min: number): fc.Arbitrary<number[]> {
  return fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: min, maxLength: 3 }).chain((ws) => fc.tuple(
    ...ws.sort((a, b) => a - b).map((w) => bytes(1, 32).map((b) => {
      b[b.length - 1] |= 1;
      return [w, b.length, ...b];
    })),
  )).map((p) => p.flat());
}
const codecGens: Record<string, fc.Arbitrary<number[]>> = {
  EUI48: bytes(6, 6),
  EUI64: bytes(8, 8),
  NSAP: bytes(1, 30),
  CERT: fc.tuple(u16, u16, bytes(1, 1), bytes(1, 80)).map((p) => p.flat()),
  IPSECKEY: fc.oneof(
    fc.tuple(bytes(1, 1), fc.constant([0]), bytes(1, 1), bytes(1, 40)),
    fc.tuple(bytes(1, 1), fc.constant([1]), bytes(1, 1), bytes(5, 30)),
    fc.tuple(bytes(1, 1), fc.constant([2]), bytes(1, 1), bytes(17, 40)),
    fc.tuple(bytes(1, 1), fc.constant([3]), bytes(1, 1), fc.tuple(nameWire, bytes(1, 20)).map((p) => p.flat())),
  ).map((p) => p.flat()),
  HIP: fc.tuple(bytes(1, 40), bytes(1, 80), bytes(1, 1), fc.array(nameWire, { maxLength: 3 }))
    .map(([hit, key, alg, names]) => [hit.length, alg[0], key.length >> 8, key.length & 0xff, ...hit, ...key, ...names.flat()]),
  A6: fc.integer({ min: 0, max: 128 }).chain((pl) => fc.tuple(
    fc.constant([pl]), bytes(16 - Math.floor(pl / 8), 16 - Math.floor(pl / 8)).map((s) => {
      if (s.length > 0 && pl !== 128) s[0] &= 0xff >> (pl % 8);
      return pl === 128 ? [] : s;
    }), pl === 0 ? fc.constant([]) : nameWire,
  )).map((p) => p.flat()),
  AMTRELAY: fc.oneof(
    fc.tuple(bytes(1, 1), fc.constantFrom([0], [0x80])),
    fc.tuple(bytes(1, 1), fc.constantFrom([1], [0x81]), bytes(4, 4)),
    fc.tuple(bytes(1, 1), fc.constantFrom([2], [0x82]), bytes(16, 16)),
    fc.tuple(bytes(1, 1), fc.constantFrom([3], [0x83]), nameWire),
  ).map((p) => p.flat()),
  DOA: fc.tuple(bytes(9, 9), cstr, bytes(0, 60)).map((p) => p.flat()),
  ATMA: fc.oneof(fc.tuple(fc.constant([0]), bytes(1, 20)),
    fc.tuple(fc.constant([1]), fc.array(fc.integer({ min: 0x30, max: 0x39 }), { minLength: 1, maxLength: 15 }))).map((p) => p.flat()),
  SINK: bytes(3, 60),
  NID: bytes(10, 10),
  L64: bytes(10, 10),
  NXT: fc.tuple(nameWire, bytes(0, 16)).map((p) => p.flat()),
  X25: fc.array(fc.integer({ min: 0x30, max: 0x39 }), { minLength: 4, maxLength: 20 }).map((d) => [d.length, ...d]),
  ISDN: fc.array(cstr, { minLength: 1, maxLength: 2 }).map((a) => a.flat()),
  DSYNC: fc.tuple(u16, bytes(1, 1), u16, nameWire).map((p) => p.flat()),
  KEY: fc.oneof(fc.tuple(fc.constant([0xc1, 0x00]), bytes(2, 2)), fc.tuple(bytes(2, 2), bytes(2, 2), bytes(1, 60))).map((p) => p.flat()),
  DNSKEY: bytes(5, 60),
  CDNSKEY: bytes(5, 60),
  RKEY: fc.tuple(fc.constant([0, 0]), bytes(3, 60)).map((p) => p.flat()),
  SIG: fc.tuple(bytes(18, 18), nameWire, bytes(1, 60)).map((p) => p.flat()),
  // RRSIG: the labels field at least the signer's labels (RFC 4034 3.1.3; BIND's FORMERR).
  RRSIG: fc.tuple(bytes(18, 18), nameWire, bytes(1, 60)).map(([h, n, s]) => [...h.slice(0, 3), 0xff, ...h.slice(4), ...n, ...s]),
  NSEC: fc.tuple(nameWire, bitmapWire(1)).map((p) => p.flat()),
  NSEC3: fc.tuple(bytes(4, 4), bytes(0, 10), fc.oneof(bytes(20, 20), bytes(1, 40)), bitmapWire(0))
    .map(([head, salt, hash, map]) => [head[0] & 3, ...head.slice(1), salt.length, ...salt, hash.length, ...hash, ...map]),
  NSEC3PARAM: fc.tuple(bytes(4, 4), bytes(0, 30)).map(([head, salt]) => [...head, salt.length, ...salt]),
  ZONEMD: fc.tuple(bytes(5, 5), fc.constantFrom(1, 2, 3, 240), bytes(12, 70)).map(([head, alg, d]) => [...head, alg, ...d]),
  CSYNC: fc.tuple(bytes(6, 6), bitmapWire(0)).map((p) => p.flat()),
};

describe('property: every codec type round-trips through its text', () => {
  it.each(Object.keys(codecGens))('%s', (name) => {
    const ok = roundTrips(typeFromText(name)!, codecGens[name], reparse(typeFromText(name)!));
    expect(ok).toBeGreaterThan(60);
  });
});
