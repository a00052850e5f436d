/**
 * ZONEMD (RFC 8976 2.2): serial, scheme, hash algorithm (numbers only in BIND 9.18) and the
 * digest in hex: 48 octets for SHA384 (1), 64 for SHA512 (2), at least 12 for any other
 * (RFC 8976 2.2.4; shorter is BIND's 'unexpected end of input').
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, parseUint, fieldAt, parseHexFields, hexToText } from '../text.js';

const DIGEST_LENGTH: Record<number, number> = { 1: 48, 2: 64 };
const MIN_DIGEST = 12;

export const zonemd: RdataCodec = {
  type: 63,
  fromText(fields) {
    const head = Buffer.alloc(6);
    head.writeUInt32BE(parseUint(fieldAt(fields, 0), 0xffffffff, 0), 0);
    head[4] = parseUint(fieldAt(fields, 1), 0xff, 1);
    head[5] = parseUint(fieldAt(fields, 2), 0xff, 2);
    const want = DIGEST_LENGTH[head[5]];
    if (want === undefined) {
      // BIND counts the whole octets of hex before any bad digit against the minimum first.
      const digits = /^[0-9a-fA-F]*/.exec(fields.slice(3).filter((f) => !f.startsWith('"')).join(''))![0].length;
      if (digits < MIN_DIGEST * 2) throw new RdataError('unexpected end of input', fields.length);
    }
    return Buffer.concat([head, parseHexFields(fields, 3, false, want)]);
  },
  valid: (b) => b.length >= 6 + MIN_DIGEST && (DIGEST_LENGTH[b[5]] ?? b.length - 6) === b.length - 6,
  toText: (b) => (zonemd.valid!(b) ? `${b.readUInt32BE(0)} ${b[4]} ${b[5]} ${hexToText(b, 6)}` : undefined),
};
