/**
 * NID and L64 (RFC 6742 2.1.1, 2.3.1): preference and a 64-bit value written as four groups
 * of one to four hexadecimal digits separated by colons (RFC 6742 2.1.2), printed without
 * leading zeros.
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, parseUint, fieldAt, checkCount } from '../text.js';

function locator64(type: number): RdataCodec {
  return {
    type,
    fixedFields: 2,
    fromText(fields) {
      const pref = parseUint(fieldAt(fields, 0), 0xffff, 0);
      const f = fieldAt(fields, 1);
      if (isQuoted(f)) throw new RdataError('unexpected token', 1);
      const groups = f.split(':');
      if (groups.length !== 4 || !groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) throw new RdataError('syntax error', 1);
      checkCount(fields, 2);
      const out = Buffer.alloc(10);
      out.writeUInt16BE(pref, 0);
      groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), 2 + 2 * i));
      return out;
    },
    toText(b) {
      if (b.length !== 10) return undefined;
      const groups = [2, 4, 6, 8].map((o) => b.readUInt16BE(o).toString(16));
      return `${b.readUInt16BE(0)} ${groups.join(':')}`;
    },
  };
}

export const nid = locator64(104);
export const l64 = locator64(106);
