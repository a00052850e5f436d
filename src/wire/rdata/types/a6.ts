/**
 * A6 (RFC 2874 3.1): prefix length 0-128, the address suffix (the 16 - prefix/8 low octets,
 * pad bits zero), and the prefix name when the prefix length is not 0. Printed as BIND prints
 * it: `128  name` (an empty suffix between two spaces), `0 suffix`.
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, parseUint, parseIPv6, ipv6ToText, fieldAt, checkCount } from '../text.js';
import { nameAt, nameEnd, nameFieldToWire, plainName } from '../name-field.js';

/** Offset of the prefix name (or the end when the prefix length is 0); -1 when malformed. */
function nameOffset(b: Buffer): number {
  if (b.length < 1 || b[0] > 128) return -1;
  const o = 1 + 16 - Math.floor(b[0] / 8);
  return b[0] === 128 ? 1 : o <= b.length ? o : -1;
}

export const a6: RdataCodec = {
  type: 38,
  fromText(fields, origin) {
    const prefixLen = parseUint(fieldAt(fields, 0), 128, 0);
    const parts: Buffer[] = [Buffer.from([prefixLen])];
    let fi = 1;
    if (prefixLen !== 128) {
      const f = fieldAt(fields, fi);
      const addr = isQuoted(f) ? undefined : parseIPv6(f);
      if (!addr) throw new RdataError(isQuoted(f) ? 'unexpected token' : 'bad IPv6 address', fi);
      const octets = Math.floor(prefixLen / 8);
      addr[octets] &= 0xff >> (prefixLen % 8);
      parts.push(addr.subarray(octets));
      fi++;
    }
    if (prefixLen !== 0) parts.push(nameFieldToWire(fieldAt(fields, fi), origin, fi++));
    checkCount(fields, fi);
    return Buffer.concat(parts);
  },
  // RFC 4034 6.2 lists A6 among the types whose names are lower-cased.
  names(b) {
    const o = nameOffset(b);
    return o >= 0 && b[0] !== 0 && nameEnd(b, o) === b.length ? [plainName(o, true)] : [];
  },
  toText(b) {
    const o = nameOffset(b);
    if (o < 0) return undefined;
    const pl = b[0];
    if (pl === 0 ? o !== b.length : nameEnd(b, o) !== b.length) return undefined;
    let suffix = '';
    if (pl !== 128) {
      const addr = Buffer.alloc(16);
      const octets = Math.floor(pl / 8);
      b.copy(addr, octets, 1, o);
      addr[octets] &= 0xff >> (pl % 8);
      suffix = ipv6ToText(addr);
    }
    return pl === 0 ? `0 ${suffix}` : `${pl} ${suffix} ${nameAt(b, o)}`;
  },
};
