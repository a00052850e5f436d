/**
 * DOA (draft-durand-doa-over-dns 3): enterprise, type (32 bits each), location (8 bits),
 * media type (a <character-string>), data in base64 or `-` when empty; the data printed
 * unsplit, as BIND prints it.
 */
import type { RdataCodec } from '../codec.js';
import { parseUint, fieldAt, checkCount, decodeCharString, charStringToText, parseBase64Fields } from '../text.js';

export const doa: RdataCodec = {
  type: 259,
  fromText(fields) {
    const head = Buffer.alloc(9);
    head.writeUInt32BE(parseUint(fieldAt(fields, 0), 0xffffffff, 0), 0);
    head.writeUInt32BE(parseUint(fieldAt(fields, 1), 0xffffffff, 1), 4);
    head[8] = parseUint(fieldAt(fields, 2), 0xff, 2);
    const media = decodeCharString(fieldAt(fields, 3), 3);
    let data: Buffer;
    if (fieldAt(fields, 4) === '-') {
      checkCount(fields, 5);
      data = Buffer.alloc(0);
    } else data = parseBase64Fields(fields, 4);
    return Buffer.concat([head, media, data]);
  },
  toText(b) {
    if (b.length < 10 || b[9] > b.length - 10) return undefined;
    const dataAt = 10 + b[9];
    const data = dataAt === b.length ? '-' : b.subarray(dataAt).toString('base64');
    return `${b.readUInt32BE(0)} ${b.readUInt32BE(4)} ${b[8]} ${charStringToText(b, 10, dataAt)} ${data}`;
  },
};
