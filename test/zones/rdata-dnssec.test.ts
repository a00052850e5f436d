/**
 * The DNSSEC RR types' codecs (src/wire/rdata/types/sig.ts, nsec.ts, nsec3.ts, zonemd.ts,
 * csync.ts) and the shared type bitmap (type-bitmap.ts), base32hex (base32hex.ts): the text
 * `named-checkzone -D` (BIND 9.18) printed for each input, the errors it gave, and the names
 * RFC 4034 6.2 / RFC 6840 5.1 lower-case. Round trips are in rdata-misc.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { nameFields, rdataFromText, rdataToText, RdataError } from '../../src/wire/rdata.js';
import { typeFromText } from '../../src/wire/rrtypes.js';
import { canonicalRdata } from '../../src/wire/canonical.js';
import { base32hexDecode, base32hexEncode } from '../../src/wire/rdata/base32hex.js';
import { typeBitmapFromTypes, typeBitmapHas, typeBitmapTypes, typeBitmapValid } from '../../src/wire/rdata/type-bitmap.js';
import { errorOf, fields, wireOf } from './rdata-fields.js';

const wire = wireOf;
const error = errorOf;

const NEXT = '2T7B4G4VSA5SMI47K61MV5BV1A22BOJR';

/** Input (origin example.) and the RDATA named-checkzone -D printed for it. */
const BIND_TEXT: Array<[string, string, string]> = [
  ['RRSIG', 'A RSASHA256 2 3600 1893456000 1577836800 65535 Foo.Example. AwEAAQ==', 'A 8 2 3600 20300101000000 20200101000000 65535 Foo.Example. AwEAAQ=='],
  ['RRSIG', 'TYPE1234 8 2 1 20300101000000 20200101000000 0 . AAAA AAAA', 'TYPE1234 8 2 1 20300101000000 20200101000000 0 . AAAAAAAA'],
  ['RRSIG', '0 8 3 1 20300101000000 20200101000000 1 a.b.c. AAAA', 'TYPE0 8 3 1 20300101000000 20200101000000 1 a.b.c. AAAA'],
  ['RRSIG', '+5 8 3 60 20300101000000 1 1 *.b AAAA', 'CNAME 8 3 60 20300101000000 19700101000001 1 *.b.example. AAAA'],
  ['NSEC', 'b A MX RRSIG NSEC TYPE1234', 'b.example. A MX RRSIG NSEC TYPE1234'],
  ['NSEC', 'b TYPE65535 TYPE256 TYPE0', 'b.example. TYPE0 URI TYPE65535'],
  ['NSEC', 'b ANY OPT AXFR', 'b.example. OPT AXFR ANY'],
  ['NSEC', 'b KEYDATA NXT SIG', 'b.example. SIG NXT TYPE65533'],
  ['NSEC3', `1 1 12 aabbccdd ${NEXT.toLowerCase()} NS SOA RRSIG`, `1 1 12 AABBCCDD ${NEXT} NS SOA RRSIG`],
  ['NSEC3', `1 0 0 - ${NEXT}`, `1 0 0 - ${NEXT}`],
  ['NSEC3', '2 0 0 - 00', '2 0 0 - 00'],
  ['NSEC3PARAM', '1 0 0 -', '1 0 0 -'],
  ['NSEC3PARAM', '01 255 65535 abcdef', '1 255 65535 ABCDEF'],
  ['ZONEMD', '0 0 0 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d', '0 0 0 0102030405060708090A0B0C0D'],
  ['ZONEMD', `1 0 3 ${'ab'.repeat(30)}`, `1 0 3 ${'AB'.repeat(28)} ABAB`],
  ['CSYNC', '66 3 A NS AAAA', '66 3 A NS AAAA'],
  ['CSYNC', '0 0', '0 0'],
];

describe('DNSSEC RDATA text as named-checkzone -D prints it', () => {
  it.each(BIND_TEXT)('%s %s', (type, text, want) => {
    expect(rdataToText(typeFromText(type)!, wire(type, text))).toBe(want);
  });
});

/** Input and the error BIND gave (message; the field is where labnet places it). */
const BIND_ERRORS: Array<[string, string, string, number]> = [
  ['RRSIG', 'A 8 1 3600 20300101000000 20200101000000 1 foo AAAA', 'out of range', 7],
  ['RRSIG', '99999x 8 1 1 0 0 1 . AAAA', 'out of range', 0],
  ['RRSIG', '12x 8 1 1 0 0 1 . AAAA', 'unknown class/type', 0],
  ['RRSIG', 'A 8 1 1 4294967296 0 1 . AAAA', 'out of range', 4],
  ['RRSIG', 'A 8 1 1 +1 0 1 . AAAA', 'syntax error', 4],
  ['RRSIG', 'A 8 1 1 12345678901 0 1 . AAAA', 'syntax error', 4],
  ['RRSIG', 'A 8 1 1h 0 0 1 . AAAA', 'not a valid number', 3],
  ['NSEC', 'b', 'FORMERR', 1],
  ['NSEC', 'b 1', 'unknown class/type', 1],
  ['NSEC3', `1 0 0 - 00 A`, 'out of range', 4],
  ['NSEC3', `2 0 0 - 01 A`, 'bad base32 encoding', 4],
  ['NSEC3', `SHA1 0 0 - ${NEXT}`, 'unknown class/type', 0],
  ['NSEC3', `1 0 0 abc ${NEXT}`, 'bad hex encoding', 4],
  ['NSEC3PARAM', '1 0 0 - A', 'extra input text', 4],
  ['ZONEMD', '1 1 1 0102030405060708090a0b0c', 'unexpected end of input', 4],
  ['ZONEMD', '1 1 0 0102030405060708090a', 'unexpected end of input', 4],
  ['ZONEMD', '1 1 0 0102030405060708090a0b0czz', 'bad hex encoding', 4],
  ['CSYNC', '1 0 1', 'unknown class/type', 2],
];

describe('DNSSEC RDATA rejected as BIND rejects', () => {
  it.each(BIND_ERRORS)('%s %s', (type, text, message, field) => {
    expect(error(type, text)).toEqual([message, field]);
  });
});

describe('canonical form (RFC 4034 6.2 as RFC 6840 5.1 amends it)', () => {
  it("lower-cases RRSIG's signer but not NSEC's next owner name", () => {
    const sig = wire('RRSIG', 'A 8 2 1 0 0 1 Foo.EXAMPLE. AAAA');
    expect(canonicalRdata(46, sig)).toEqual(wire('RRSIG', 'A 8 2 1 0 0 1 foo.example. AAAA'));
    const nsec = wire('NSEC', 'B.Example. A');
    expect(canonicalRdata(47, nsec)).toBe(nsec);
    expect(nameFields(46, sig).map((f) => [f.offset, f.canonical, f.compress])).toEqual([[18, true, false]]);
    expect(nameFields(47, nsec).map((f) => [f.offset, f.canonical, f.compress])).toEqual([[0, false, false]]);
  });
});

describe('type bitmap (RFC 4034 4.1.2)', () => {
  it('windows ascending, trailing zero octets dropped', () => {
    const b = typeBitmapFromTypes([1, 46, 47, 1234, 65535, 1]);
    // 1234 = window 4, octet 26, bit 2; 65535 = window 255, octet 31, bit 7.
    expect(b.toString('hex')).toBe('0006400000000003' + '041b' + '00'.repeat(26) + '20' + 'ff20' + '00'.repeat(31) + '01');
    expect(typeBitmapTypes(b, 0)).toEqual([1, 46, 47, 1234, 65535]);
    expect(typeBitmapValid(b, 0, false)).toBe(true);
    expect([typeBitmapHas(b, 0, 46), typeBitmapHas(b, 0, 48), typeBitmapHas(b, 0, 1234), typeBitmapHas(b, 0, 300)]).toEqual([true, false, true, false]);
  });
  it.each([
    ['', true, true], ['', false, false], ['000100', true, false], ['0000', true, false], ['002101' + '00'.repeat(32), true, false],
    ['0101400001 40'.replace(' ', ''), true, false], ['000140', true, true], ['00014001', true, false],
  ])('%j (empty allowed: %s) valid: %s', (hex, allowEmpty, want) => {
    expect(typeBitmapValid(Buffer.from(hex, 'hex'), 0, allowEmpty)).toBe(want);
  });
});

describe('base32hex without padding (RFC 4648 7)', () => {
  it('RFC 4648 10 test vectors, case-insensitive, unused bits zero', () => {
    const vectors: Array<[string, string]> = [['f', 'CO'], ['fo', 'CPNG'], ['foo', 'CPNMU'], ['foob', 'CPNMUOG'], ['fooba', 'CPNMUOJ1'], ['foobar', 'CPNMUOJ1E8']];
    for (const [plain, enc] of vectors) {
      expect(base32hexEncode(Buffer.from(plain))).toBe(enc);
      expect(base32hexDecode(enc.toLowerCase())?.toString()).toBe(plain);
    }
    expect(base32hexDecode('CP')).toBeUndefined(); // unused bits set
    expect(base32hexDecode('CPN')).toBeUndefined(); // no whole quantum
    expect(base32hexDecode('CW')).toBeUndefined(); // W is outside the alphabet
    expect(base32hexDecode('CO======')).toBeUndefined(); // padding
  });
});
