/** CAA (RFC 8659 4.1.1): flags, tag (letters and digits), value (rest, one token). */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, parseUint, decodeTextBytes, charStringToText, fieldAt, checkCount } from '../text.js';

export const caa: RdataCodec = {
  type: 257,
  fixedFields: 3,
  fromText(fields) {
    const flags = parseUint(fieldAt(fields, 0), 0xff, 0);
    const tag = fieldAt(fields, 1);
    if (isQuoted(tag) || !/^[A-Za-z0-9]+$/.test(tag)) throw new RdataError('syntax error', 1);
    const value = fieldAt(fields, 2);
    checkCount(fields, 3);
    // The value is a <character-string> without the length octet and the 255 limit.
    const bytes = decodeTextBytes(isQuoted(value) ? value.slice(1, -1) : value, 2);
    return Buffer.concat([Buffer.from([flags, tag.length]), Buffer.from(tag, 'latin1'), Buffer.from(bytes)]);
  },
  toText(b) {
    if (b.length < 2 || 2 + b[1] > b.length) return undefined;
    const tag = Buffer.from(b.buffer, b.byteOffset + 2, b[1]).toString('latin1');
    return `${b[0]} ${tag} ${charStringToText(b, 2 + b[1], b.length)}`;
  },
};
