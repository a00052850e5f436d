/**
 * NSEC3 (RFC 5155 3) and NSEC3PARAM (RFC 5155 4): hash algorithm (a number: BIND 9.18 has no
 * mnemonic for it), flags, iterations and salt (hex, `-` for none, RFC 5155 3.3); NSEC3 then
 * the next hashed owner name in unpadded base32hex (20 octets for SHA-1, RFC 5155 3.2.1) and
 * a type bitmap that may be empty (an empty non-terminal, RFC 5155 7.1).
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, parseUint, fieldAt, checkCount, hexToText } from '../text.js';
import { parseMnemonic } from '../mnemonics.js';
import { base32hexDecode, base32hexEncode } from '../base32hex.js';
import { typeBitmapFromText, typeBitmapToText, typeBitmapValid } from '../type-bitmap.js';

const SHA1 = 1;
const SHA1_LENGTH = 20;

/** Hash algorithm, flags, iterations and salt (fields 0-3) as wire. */
function paramsFromText(fields: readonly string[]): Buffer {
  const hash = parseMnemonic(fieldAt(fields, 0), [], 0xff, 0);
  const flags = parseUint(fieldAt(fields, 1), 0xff, 1);
  const iterations = parseUint(fieldAt(fields, 2), 0xffff, 2);
  const salt = fieldAt(fields, 3);
  if (isQuoted(salt)) throw new RdataError('unexpected token', 3);
  if (salt.length > 255 * 2) throw new RdataError('text too long', 3);
  let bytes = Buffer.alloc(0);
  if (salt !== '-') {
    // BIND names the token after a bad salt.
    if (salt.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(salt)) throw new RdataError('bad hex encoding', 4);
    bytes = Buffer.from(salt, 'hex');
  }
  return Buffer.concat([Buffer.from([hash, flags, iterations >> 8, iterations & 0xff, bytes.length]), bytes]);
}

/** Offset just past the salt of wire params at 0, or -1 when it does not fit. */
function paramsEnd(b: Uint8Array): number {
  if (b.length < 5) return -1;
  const e = 5 + b[4];
  return e <= b.length ? e : -1;
}

function paramsToText(b: Uint8Array): string {
  const salt = b[4] === 0 ? '-' : hexToText(b, 5, 5 + b[4]).replaceAll(' ', '');
  return `${b[0]} ${b[1]} ${(b[2] << 8) | b[3]} ${salt}`;
}

export const nsec3: RdataCodec = {
  type: 50,
  fromText(fields) {
    const params = paramsFromText(fields);
    const f = fieldAt(fields, 4);
    if (isQuoted(f)) throw new RdataError('unexpected token', 4);
    const next = base32hexDecode(f);
    if (next === undefined) throw new RdataError('bad base32 encoding', 4);
    if (next.length > 0xff || (params[0] === SHA1 && next.length !== SHA1_LENGTH)) throw new RdataError('out of range', 4);
    return Buffer.concat([params, Buffer.from([next.length]), next, typeBitmapFromText(fields, 5, true)]);
  },
  valid(b) {
    const e = paramsEnd(b);
    if (e < 0 || e >= b.length || b[e] === 0 || e + 1 + b[e] > b.length) return false;
    if (b[0] === SHA1 && b[e] !== SHA1_LENGTH) return false;
    return typeBitmapValid(b, e + 1 + b[e], true);
  },
  toText(b) {
    if (!nsec3.valid!(b)) return undefined;
    const e = paramsEnd(b);
    const end = e + 1 + b[e];
    const types = typeBitmapToText(b, end);
    return `${paramsToText(b)} ${base32hexEncode(b, e + 1, end)}${types === '' ? '' : ' ' + types}`;
  },
};

export const nsec3param: RdataCodec = {
  type: 51,
  fixedFields: 4,
  fromText(fields) {
    const params = paramsFromText(fields);
    checkCount(fields, 4);
    return params;
  },
  valid: (b) => paramsEnd(b) === b.length,
  toText: (b) => (paramsEnd(b) === b.length ? paramsToText(b) : undefined),
};

/** The next hashed owner name of well-formed NSEC3 RDATA (RFC 5155 3.1.7). */
export function nsec3NextHash(b: Uint8Array): Uint8Array {
  const e = 5 + b[4];
  return b.subarray(e + 1, e + 1 + b[e]);
}

/** Offset of the type bitmap of well-formed NSEC3 RDATA. */
export function nsec3BitmapOffset(b: Uint8Array): number {
  const e = 5 + b[4];
  return e + 1 + b[e];
}
