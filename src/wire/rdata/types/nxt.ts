/**
 * NXT (RFC 2535 5.2, obsoleted by RFC 3755): the next domain name and a bitmap of the types
 * 1-127 present at the owner; type 0 and types above 127 cannot be listed. BIND prints the
 * types it knows by mnemonic and the others as plain numbers.
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, fieldAt } from '../text.js';
import { nameAt, nameEnd, nameFieldToWire, plainName } from '../name-field.js';
import { parseTypeField } from '../mnemonics.js';
import { typeToText } from '../../rrtypes.js';

export const nxt: RdataCodec = {
  type: 30,
  fromText(fields, origin) {
    const next = nameFieldToWire(fieldAt(fields, 0), origin, 0);
    const bitmap = Buffer.alloc(16);
    let last = -1;
    for (let i = 1; i < fields.length; i++) {
      const t = parseTypeField(fields[i], i);
      if (t === 0 || t > 127) throw new RdataError('out of range', fields.length);
      bitmap[t >> 3] |= 0x80 >> (t & 7);
      last = Math.max(last, t >> 3);
    }
    return Buffer.concat([next, bitmap.subarray(0, last + 1)]);
  },
  // BIND's "bad bitmap": at most 16 octets, no trailing zero octet, the bit of type 0 clear.
  valid(b) {
    const e = nameEnd(b, 0);
    return e >= 0 && (e === b.length || (b.length - e <= 16 && b[b.length - 1] !== 0 && (b[e] & 0x80) === 0));
  },
  // RFC 4034 6.2 lists NXT among the types whose names are lower-cased.
  names: (b) => (nxt.valid!(b) ? [plainName(0, true)] : []),
  toText(b) {
    if (!nxt.valid!(b)) return undefined;
    const e = nameEnd(b, 0);
    const out = [nameAt(b, 0)];
    for (let t = 0; t < (b.length - e) * 8; t++) {
      if ((b[e + (t >> 3)] & (0x80 >> (t & 7))) === 0) continue;
      const m = typeToText(t);
      out.push(m.startsWith('TYPE') ? String(t) : m);
    }
    return out.join(' ');
  },
};
