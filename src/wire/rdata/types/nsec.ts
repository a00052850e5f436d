/**
 * NSEC (RFC 4034 4): the next owner name (uncompressed, RFC 4034 4.1.1; not lower-cased in
 * the canonical form, RFC 6840 5.1) and a type bitmap that may not be empty (BIND's
 * FORMERR).
 */
import type { RdataCodec } from '../codec.js';
import { fieldAt } from '../text.js';
import { nameAt, nameEnd, nameFieldToWire, plainName } from '../name-field.js';
import { typeBitmapFromText, typeBitmapToText, typeBitmapValid } from '../type-bitmap.js';

export const nsec: RdataCodec = {
  type: 47,
  fromText(fields, origin) {
    const next = nameFieldToWire(fieldAt(fields, 0), origin, 0);
    return Buffer.concat([next, typeBitmapFromText(fields, 1, false)]);
  },
  valid(b) {
    const e = nameEnd(b, 0);
    return e > 0 && typeBitmapValid(b, e, false);
  },
  names: (b) => (nsec.valid!(b) ? [plainName(0, false)] : []),
  toText(b) {
    if (!nsec.valid!(b)) return undefined;
    return `${nameAt(b, 0)} ${typeBitmapToText(b, nameEnd(b, 0))}`;
  },
};
