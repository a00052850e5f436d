/**
 * The KEY family: KEY (RFC 2535 3.1), DNSKEY (RFC 4034 2.2), CDNSKEY (RFC 7344 3.2) and RKEY
 * (draft-reid-dnsext-rkey 2): flags (a number, or mnemonics joined by `|`), protocol and
 * algorithm (numbers or mnemonics), then the key in base64. Only a KEY whose flags say NOKEY
 * (RFC 2535 3.1.2: both top bits set) has no key; RKEY flags must be 0. Printed as numbers.
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, fieldAt, checkCount, parseBase64Fields, base64ToText } from '../text.js';
import { SECALG, SECPROTO, parseKeyFlags, parseMnemonic } from '../mnemonics.js';

const KEY = 25;
const RKEY = 57;
const KEYDATA = 65533;

function noKey(type: number, flags: number): boolean {
  return (type === KEY || type === KEYDATA) && (flags & 0xc000) === 0xc000;
}

/** The key fields from `fields[from]` on (flags, protocol, algorithm, key) as wire. */
export function keyFromText(type: number, fields: readonly string[], from: number): Buffer {
  const flags = parseKeyFlags(fieldAt(fields, from), from);
  if (type === RKEY && flags !== 0) throw new RdataError('FORMERR', from);
  const proto = parseMnemonic(fieldAt(fields, from + 1), SECPROTO, 0xff, from + 1);
  const alg = parseMnemonic(fieldAt(fields, from + 2), SECALG, 0xff, from + 2);
  const head = Buffer.from([flags >> 8, flags & 0xff, proto, alg]);
  if (noKey(type, flags)) {
    checkCount(fields, from + 3);
    return head;
  }
  return Buffer.concat([head, parseBase64Fields(fields, from + 3)]);
}

function keyFamily(type: number): RdataCodec {
  return {
    type,
    fromText: (fields) => keyFromText(type, fields, 0),
    valid(b) {
      if (b.length < 4) return false;
      const flags = b.readUInt16BE(0);
      if (type === RKEY && flags !== 0) return false;
      return noKey(type, flags) ? b.length === 4 : b.length > 4;
    },
    toText(b) {
      if (!this.valid!(b)) return undefined;
      const head = `${b.readUInt16BE(0)} ${b[2]} ${b[3]}`;
      return b.length === 4 ? head : `${head} ${base64ToText(b, 4, b.length)}`;
    },
  };
}

export const key = keyFamily(KEY);
export const dnskey = keyFamily(48);
export const cdnskey = keyFamily(60);
export const rkey = keyFamily(RKEY);
