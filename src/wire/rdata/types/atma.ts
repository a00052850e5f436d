/**
 * ATMA (ATM Forum af-dans-0152.000 5.2): format 0, an ATM End System Address in hex, or
 * format 1, an E.164 number written `+digits`; dots may separate groups of either, never two
 * in a row nor at the start or end.
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, fieldAt, checkCount } from '../text.js';

/** The characters of `s` without its single separating dots; undefined on a misplaced dot. */
function undotted(s: string): string | undefined {
  if (s.startsWith('.') || s.includes('..')) return undefined;
  return s.replace(/\./g, '');
}

export const atma: RdataCodec = {
  type: 34,
  fixedFields: 1,
  fromText(fields) {
    const f = fieldAt(fields, 0);
    if (isQuoted(f)) throw new RdataError('unexpected token', 0);
    let out: Buffer;
    if (f.startsWith('+')) {
      const digits = undotted(f.slice(1));
      if (digits === undefined || !/^[0-9]*$/.test(digits)) throw new RdataError('syntax error', 0);
      if (digits.length === 0 || f.endsWith('.')) throw new RdataError('unexpected end of input', 0);
      out = Buffer.concat([Buffer.from([1]), Buffer.from(digits, 'latin1')]);
    } else {
      const hex = undotted(f);
      if (hex === undefined || !/^[0-9a-fA-F]*$/.test(hex)) throw new RdataError('syntax error', 0);
      if (hex.length === 0 || hex.length % 2 !== 0 || f.endsWith('.')) throw new RdataError('unexpected end of input', 0);
      out = Buffer.concat([Buffer.from([0]), Buffer.from(hex, 'hex')]);
    }
    checkCount(fields, 1);
    return out;
  },
  valid(b) {
    return b.length >= 2 && (b[0] !== 1 || /^[0-9]*$/.test(b.toString('latin1', 1)));
  },
  toText(b) {
    if (!this.valid!(b) || b[0] > 1) return undefined;
    return b[0] === 0 ? b.toString('hex', 1) : '+' + b.toString('latin1', 1);
  },
};
