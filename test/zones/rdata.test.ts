import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compressibleNameOffsets, embeddedNameOffsets, nameFields, rdataFromText, rdataToText, RdataError,
} from '../../src/wire/rdata.js';
import { classFromText, classToText, typeFromText, typeToText } from '../../src/wire/rrtypes.js';
import { fields } from './rdata-fields.js';
import { nameToWire } from '../../src/wire/name.js';
import { canonicalRdata } from '../../src/wire/canonical.js';


function roundTrip(typeText: string, text: string, origin = 'example.'): string {
  const type = typeFromText(typeText)!;
  return rdataToText(type, rdataFromText(type, fields(text), origin));
}

const DIGEST32 = 'DC5B0A4B5D5C5BCA9E2E46F9CD0D1A0CD22C3BFDDC5B0A4B5D5C5BCA9E2E46F9';

/**
 * Input as written in a zone file (origin example.) and the RDATA `named-checkzone -D -o -
 * example` (BIND 9.18.x on this machine) printed for it.
 */
const BIND_TEXT: Array<[string, string, string]> = [
  ['A', '1.2.3.4', '1.2.3.4'],
  ['NS', 'ns', 'ns.example.'],
  ['CNAME', 'foo', 'foo.example.'],
  ['DNAME', 'foo.bar.', 'foo.bar.'],
  ['PTR', 'x.y.', 'x.y.'],
  ['SOA', 'ns Root.Example. ( 1 2 3 4 5 )', 'ns.example. Root.Example. 1 2 3 4 5'],
  ['SOA', 'ns root 4294967295 1w 3 4 5', 'ns.example. root.example. 4294967295 604800 3 4 5'],
  ['MX', '10 mail', '10 mail.example.'],
  ['MX', '010 a', '10 a.example.'],
  ['AAAA', '2001:db8::1', '2001:db8::1'],
  ['AAAA', '::ffff:1.2.3.4', '::ffff:1.2.3.4'],
  ['AAAA', '2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['TXT', '"hello world" abc "a\\"b" "x\\\\y" "\\001\\255" "" "semi;colon" "tab\tx"',
    '"hello world" "abc" "a\\"b" "x\\\\y" "\\001\\255" "" "semi;colon" "tab\\009x"'],
  ['TXT', '"\xc3\xa9"', '"\\195\\169"'],
  ['SPF', '"v=spf1 -all"', '"v=spf1 -all"'],
  ['SRV', '0 100 389 vcenter', '0 100 389 vcenter.example.'],
  ['SRV', '1 2 3 .', '1 2 3 .'],
  ['CAA', '0 issue "letsencrypt.org"', '0 issue "letsencrypt.org"'],
  ['CAA', '128 tbs "a\\"b;c"', '128 tbs "a\\"b;c"'],
  ['CAA', '0 issue noquote', '0 issue "noquote"'],
  ['CAA', '0 issue "\\001\\255x"', '0 issue "\\001\\255x"'],
  ['NAPTR', '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.', '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.'],
  ['NAPTR', '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" .', '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" .'],
  ['HINFO', '"PC" "Linux x"', '"PC" "Linux x"'],
  ['HINFO', 'a ""', '"a" ""'],
  ['SSHFP', '1 1 dc5b0a4b5d5c5bca9e2e46f9cd0d1a0cd22c3bfd', '1 1 DC5B0A4B5D5C5BCA9E2E46F9CD0D1A0CD22C3BFD'],
  ['SSHFP', `4 2 ${DIGEST32}`, '4 2 DC5B0A4B5D5C5BCA9E2E46F9CD0D1A0CD22C3BFDDC5B0A4B5D5C5BCA 9E2E46F9'],
  ['SSHFP', '1 5 01', '1 5 01'],
  ['TLSA', '3 1 1 ( 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6 )',
    '3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B566 64C5D3D6'],
  ['DS', '60485 5 1 ( 2BB183AF5F22588179A53B0A98631FAD1A292118 )', '60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118'],
  ['DS', '60485 RSASHA256 2 2BB183AF5F22588179A53B0A98631FAD1A292118 2BB183AF5F22588179A53B0A',
    '60485 8 2 2BB183AF5F22588179A53B0A98631FAD1A2921182BB183AF5F225881 79A53B0A'],
  ['DS', '1 2 7 01', '1 2 7 01'],
  ['RP', 'mbox.x. txt', 'mbox.x. txt.example.'],
  ['AFSDB', '1 afs', '1 afs.example.'],
  ['TYPE65280', '\\# 2 abcd', '\\# 2 ABCD'],
  ['TYPE65281', '\\# 0', '\\# 0'],
  ['TYPE65280', `\\# 40 ${'0'.repeat(79)}1`, '\\# 40 ' + '0'.repeat(56) + ' ' + '0'.repeat(23) + '1'],
  ['A', '\\# 4 0A000001', '10.0.0.1'],
  ['A', '\\# 4 01020 304', '1.2.3.4'],
  ['DNSKEY', '257 3 RSASHA256 AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjF FVQUTf6v58fLjwBd0YI0EzrAcQqB',
    '257 3 8 AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjF FVQUTf6v58fLjwBd0YI0EzrAcQqB'],
  ['CDNSKEY', '0 3 0 AA==', '0 3 0 AA=='],
  ['DNSKEY', '\\# 5 0100030801', '256 3 8 AQ=='],
  ['URI', '10 1 "ftp://ftp1.example.com/public"', '10 1 "ftp://ftp1.example.com/public"'],
  ['NSEC', '\\# 4 00000140', '. A'],
];

describe('RDATA text as named-checkzone -D prints it', () => {
  it.each(BIND_TEXT)('%s %s', (type, text, want) => {
    expect(roundTrip(type, text)).toBe(want);
  });

  it.each(BIND_TEXT)('%s %s parses back from its own output', (type, text) => {
    const t = typeFromText(type)!;
    const wire = rdataFromText(t, fields(text), 'example.');
    expect(rdataFromText(t, fields(rdataToText(t, wire)), 'other.')).toEqual(wire);
  });
});

describe('RDATA wire form (RFC 1035 3.3, RFC 3597)', () => {
  it.each<[string, string, number[]]>([
    ['A', '192.168.244.139', [192, 168, 244, 139]],
    ['MX', '10 Mail.', [0, 10, 4, 0x4d, 0x61, 0x69, 0x6c, 0]],
    ['TXT', 'a "" "b c"', [1, 0x61, 0, 3, 0x62, 0x20, 0x63]],
    ['SRV', '0 100 389 x.', [0, 0, 0, 100, 1, 0x85, 1, 0x78, 0]],
    ['CAA', '0 issue "ca"', [0, 5, 0x69, 0x73, 0x73, 0x75, 0x65, 0x63, 0x61]],
    ['SOA', 'a. b. 1 2 3 4 5', [1, 0x61, 0, 1, 0x62, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5]],
    ['AAAA', '::1', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]],
    ['NS', '@', [7, ...Buffer.from('example'), 0]],
    ['TYPE65280', '\\# 3 0a0B0c', [10, 11, 12]],
  ])('%s %s', (type, text, want) => {
    expect([...rdataFromText(typeFromText(type)!, fields(text), 'example.')]).toEqual(want);
  });

  it.each<[string, string]>([
    ['::', '::'], ['::1', '::1'], ['1::', '1::'], ['fe80::', 'fe80::'], ['::1.2.3.4', '::1.2.3.4'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'], ['1:0:2:0:3:0:4:0', '1:0:2:0:3:0:4:0'], ['ABCD:EF::', 'abcd:ef::'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'], ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
  ])('AAAA %s prints as %s (inet_ntop)', (text, want) => {
    expect(roundTrip('AAAA', text)).toBe(want);
  });

  it.each([':', ':1', '1:', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', '::g', '1.2.3.4', '::1.2.3'])('rejects AAAA %j', (text) => {
    expect(() => rdataFromText(28, [text], '.')).toThrow('bad IPv6 address');
  });

  it('reports the field index of the error', () => {
    const err = (type: number, f: string[]): [string, number] => {
      try {
        rdataFromText(type, f, '.');
      } catch (e) {
        if (e instanceof RdataError) return [e.message, e.field];
        throw e;
      }
      return ['ok', -1];
    };
    expect(err(15, ['10'])).toEqual(['unexpected end of input', 1]);
    expect(err(15, ['x', 'a.'])).toEqual(['not a valid number', 0]);
    expect(err(1, ['1.2.3.4', '5'])).toEqual(['extra input text', 1]);
    expect(err(6, ['a', 'b', '1', '2', '3', '4', '5', '6'])).toEqual(['extra input text', 7]);
  });
});

describe('embedded names (RFC 3597 4, RFC 4034 6.2)', () => {
  const w = (type: string, text: string): Buffer => rdataFromText(typeFromText(type)!, fields(text), '.');
  it.each<[string, string, number[], number[]]>([
    ['NS', 'a.b.', [0], [0]],
    ['CNAME', 'a.', [0], [0]],
    ['SOA', 'a. bb. 1 2 3 4 5', [0, 3], [0, 3]],
    ['MX', '10 a.', [2], [2]],
    ['PTR', 'a.', [0], [0]],
    ['MINFO', 'a. b.', [0, 3], [0, 3]],
    ['SRV', '0 1 2 a.', [], [6]],
    ['NAPTR', '1 2 "S" "x" "" a.', [], [9]],
    ['DNAME', 'a.', [], [0]],
    ['RP', 'a. b.', [], [0, 3]],
    ['AFSDB', '1 a.', [], [2]],
    ['PX', '10 a. b.', [], [2, 5]],
    ['A', '1.2.3.4', [], []],
    ['TXT', 'a.', [], []],
  ])('%s %s: compressible %j, embedded %j', (type, text, comp, all) => {
    const t = typeFromText(type)!;
    expect(compressibleNameOffsets(t, w(type, text))).toEqual(comp);
    expect(embeddedNameOffsets(t, w(type, text))).toEqual(all);
  });

  it('finds the NSEC next name and the RRSIG signer in wire form', () => {
    expect(embeddedNameOffsets(47, Buffer.concat([nameToWire('a.b.'), Buffer.from([0, 1, 0x40])]))).toEqual([0]);
    const head = Buffer.alloc(18);
    head[3] = 1; // labels: at least the signer's (RFC 4034 3.1.3)
    expect(embeddedNameOffsets(46, Buffer.concat([head, nameToWire('s.'), Buffer.from([1, 2])]))).toEqual([18]);
  });

  it.each<[string, string, boolean[], boolean[]]>([
    ['NS', 'a.', [true], [true]],
    ['MX', '10 a.', [true], [true]],
    ['SRV', '0 1 2 a.', [true], [true]],
    ['SOA', 'a. bb. 1 2 3 4 5', [false, false], [true, true]],
    ['CNAME', 'a.', [false], [true]],
    ['PX', '10 a. b.', [false, false], [true, true]],
    ['NAPTR', '1 2 "S" "x" "" a.', [false], [true]],
  ])('%s %s: additional-section targets %j, canonical %j', (type, text, additional, canonical) => {
    const f = nameFields(typeFromText(type)!, w(type, text));
    expect(f.map((x) => x.additional)).toEqual(additional);
    expect(f.map((x) => x.canonical)).toEqual(canonical);
  });

  it('lower-cases only canonical names (RFC 4034 6.2; RFC 6840 5.1 keeps NSEC as written)', () => {
    expect(canonicalRdata(26, w('PX', '10 A.b. C.d.'))).toEqual(w('PX', '10 a.b. c.d.'));
    const nsec = Buffer.concat([nameToWire('A.b.'), Buffer.from([0, 1, 0x40])]);
    expect(canonicalRdata(47, nsec)).toBe(nsec);
  });

  it('gives no offsets for malformed RDATA', () => {
    expect(embeddedNameOffsets(2, Buffer.from([5, 0x61]))).toEqual([]);
  });
});

describe('type and class mnemonics (RFC 3597 5)', () => {
  it.each<[string, number | undefined]>([
    ['A', 1], ['aaaa', 28], ['Caa', 257], ['TYPE65280', 65280], ['type1', 1], ['TYPE65536', undefined],
    ['TYPE', undefined], ['TYPE-1', undefined], ['FOO', undefined], ['NSAP-PTR', 23],
  ])('typeFromText(%j) = %j', (s, want) => {
    expect(typeFromText(s)).toBe(want);
  });

  it.each<[number, string]>([[1, 'A'], [65280, 'TYPE65280'], [99, 'SPF'], [0, 'TYPE0']])('typeToText(%d) = %s', (t, want) => {
    expect(typeToText(t)).toBe(want);
  });

  it('reads classes', () => {
    expect([classFromText('in'), classFromText('CLASS1'), classFromText('CH'), classFromText('CHAOS'), classFromText('X')]).toEqual([1, 1, 3, 3, undefined]);
    expect([classToText(1), classToText(4), classToText(42)]).toEqual(['IN', 'HS', 'CLASS42']);
  });
});

// ---- property: printed RDATA parses back to identical wire ----

const label = fc.uint8Array({ minLength: 1, maxLength: 12 });
const nameWire = fc.array(label, { minLength: 0, maxLength: 4 }).map((ls) => {
  const parts: number[] = [];
  for (const l of ls) parts.push(l.length, ...l);
  parts.push(0);
  return parts;
});
const u8 = fc.integer({ min: 0, max: 255 }).map((v) => [v]);
const u16 = fc.integer({ min: 0, max: 0xffff }).map((v) => [v >> 8, v & 0xff]);
const u32 = fc.integer({ min: 0, max: 0xffffffff }).map((v) => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
const cstr = fc.uint8Array({ maxLength: 40 }).map((b) => [b.length, ...b]);
const bytes = (min: number, max: number): fc.Arbitrary<number[]> => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => [...b]);
const seq = (...parts: Array<fc.Arbitrary<number[]>>): fc.Arbitrary<number[]> => fc.tuple(...parts).map((p) => p.flat());
const alnum = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 1, maxLength: 8 });

const RECORDS: Record<string, fc.Arbitrary<number[]>> = {
  A: bytes(4, 4),
  AAAA: bytes(16, 16),
  NS: nameWire,
  CNAME: nameWire,
  PTR: nameWire,
  DNAME: nameWire,
  SOA: seq(nameWire, nameWire, u32, u32, u32, u32, u32),
  MX: seq(u16, nameWire),
  SRV: seq(u16, u16, u16, nameWire),
  TXT: fc.array(cstr, { minLength: 1, maxLength: 4 }).map((a) => a.flat()),
  SPF: fc.array(cstr, { minLength: 1, maxLength: 3 }).map((a) => a.flat()),
  HINFO: seq(cstr, cstr),
  NAPTR: seq(u16, u16, alnum.map((s) => [s.length, ...Buffer.from(s)]), cstr,
    fc.constantFrom('', '!a!b!', '/x(y)/\\1/i').map((s) => [s.length, ...Buffer.from(s)]), nameWire),
  CAA: seq(u8, alnum.map((s) => [s.length, ...Buffer.from(s)]), bytes(0, 60)),
  SSHFP: fc.oneof(seq(u8, fc.constant([1]), bytes(20, 20)), seq(u8, fc.constant([2]), bytes(32, 32)),
    seq(u8, fc.integer({ min: 3, max: 255 }).map((v) => [v]), bytes(1, 70))),
  TLSA: seq(u8, u8, u8, bytes(1, 70)),
  DS: fc.oneof(seq(u16, u8, fc.constant([1]), bytes(20, 20)), seq(u16, u8, fc.constant([2]), bytes(32, 32)),
    seq(u16, u8, fc.constant([4]), bytes(48, 48)), seq(u16, u8, fc.constantFrom([3], [5], [200]), bytes(1, 50))),
  RP: seq(nameWire, nameWire),
  TYPE65280: bytes(0, 100),
  DNSKEY: seq(u16, u8, u8, bytes(1, 100)),
  URI: seq(u16, u16, bytes(1, 50)),
};

describe('property: rdataToText output parses back to the same wire', () => {
  it.each(Object.keys(RECORDS))('%s', (typeText) => {
    const type = typeFromText(typeText)!;
    fc.assert(
      fc.property(RECORDS[typeText], (w) => {
        const wire = Buffer.from(w);
        const text = rdataToText(type, wire);
        expect(rdataFromText(type, fields(text), 'origin.example.')).toEqual(wire);
      }),
      { numRuns: 200 },
    );
  });
});
