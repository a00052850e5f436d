/**
 * X25 (RFC 1183 3.1): a PSDN address, a <character-string> of at least four decimal digits;
 * ISDN (RFC 1183 3.2): an address and an optional subaddress, each a <character-string>.
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, fieldAt, checkCount, decodeCharString, charStringToText } from '../text.js';

/** The <character-string>s of `b` as text; undefined unless there are `min` to `max` of them exactly. */
function strings(b: Buffer, min: number, max: number): string[] | undefined {
  const out: string[] = [];
  let o = 0;
  while (o < b.length) {
    const e = o + 1 + b[o];
    if (e > b.length || out.length === max) return undefined;
    out.push(charStringToText(b, o + 1, e));
    o = e;
  }
  return out.length >= min ? out : undefined;
}

export const x25: RdataCodec = {
  type: 19,
  fixedFields: 1,
  fromText(fields) {
    const f = fieldAt(fields, 0);
    const cs = decodeCharString(f, 0);
    const raw = isQuoted(f) ? f.slice(1, -1) : f;
    if (raw.length < 4) throw new RdataError('syntax error', 0);
    if (!/^[0-9]*$/.test(raw)) throw new RdataError('out of range', 0);
    checkCount(fields, 1);
    return cs;
  },
  toText(b) {
    if (b.length < 5) return undefined;
    return strings(b, 1, 1)?.[0];
  },
};

export const isdn: RdataCodec = {
  type: 20,
  fromText(fields) {
    const parts = [decodeCharString(fieldAt(fields, 0), 0)];
    if (fields.length > 1) parts.push(decodeCharString(fields[1], 1));
    checkCount(fields, 2);
    return Buffer.concat(parts);
  },
  toText(b) {
    return strings(b, 1, 2)?.join(' ');
  },
};
