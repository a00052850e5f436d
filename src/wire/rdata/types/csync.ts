/**
 * CSYNC (RFC 7477 2.1): SOA serial, flags (RFC 7477 2.1.1.2) and the types to synchronise
 * as a type bitmap (RFC 4034 4.1.2), which may be empty.
 */
import type { RdataCodec } from '../codec.js';
import { parseUint, fieldAt } from '../text.js';
import { typeBitmapFromText, typeBitmapToText, typeBitmapValid } from '../type-bitmap.js';

export const csync: RdataCodec = {
  type: 62,
  fromText(fields) {
    const head = Buffer.alloc(6);
    head.writeUInt32BE(parseUint(fieldAt(fields, 0), 0xffffffff, 0), 0);
    head.writeUInt16BE(parseUint(fieldAt(fields, 1), 0xffff, 1), 4);
    return Buffer.concat([head, typeBitmapFromText(fields, 2, true)]);
  },
  valid: (b) => b.length >= 6 && typeBitmapValid(b, 6, true),
  toText(b) {
    if (!csync.valid!(b)) return undefined;
    const types = typeBitmapToText(b, 6);
    return `${b.readUInt32BE(0)} ${b.readUInt16BE(4)}${types === '' ? '' : ' ' + types}`;
  },
};
