/**
 * NSAP (RFC 1706 5): `0x` and hexadecimal digits, dots anywhere among them for readability;
 * printed as `0x` and lower-case hex without dots. At least one octet.
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, fieldAt, checkCount } from '../text.js';

export const nsap: RdataCodec = {
  type: 22,
  fixedFields: 1,
  fromText(fields) {
    const f = fieldAt(fields, 0);
    if (isQuoted(f)) throw new RdataError('unexpected token', 0);
    if (f.length < 2) throw new RdataError('unexpected end of input', 0);
    if (f[0] !== '0' || (f[1] !== 'x' && f[1] !== 'X')) throw new RdataError('syntax error', 0);
    const hex = f.slice(2).replace(/\./g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw new RdataError('syntax error', 0);
    if (hex.length === 0 || hex.length % 2 !== 0) throw new RdataError('unexpected end of input', 0);
    checkCount(fields, 1);
    return Buffer.from(hex, 'hex');
  },
  toText(b) {
    return b.length === 0 ? undefined : '0x' + b.toString('hex');
  },
};
