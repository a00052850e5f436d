/**
 * The gateway / relay field shared by IPSECKEY (RFC 4025 2.5) and AMTRELAY (RFC 8777 4.2.3):
 * type 0 none (written `.`), 1 an IPv4 address, 2 an IPv6 address, 3 an uncompressed domain name.
 */
import { RdataError, isQuoted, parseIPv4, parseIPv6, ipv6ToText } from '../text.js';
import { nameAt, nameEnd, nameFieldToWire } from '../name-field.js';

/** The gateway of type 0 (`.`, nothing in wire form) to 3 as wire. */
export function gatewayFromText(gwType: number, f: string, origin: string, field: number): Buffer {
  if (isQuoted(f)) throw new RdataError('unexpected token', field);
  if (gwType === 0) {
    if (f !== '.') throw new RdataError('syntax error', field);
    return Buffer.alloc(0);
  }
  if (gwType === 1) {
    const v = parseIPv4(f);
    if (!v) throw new RdataError('bad dotted quad', field);
    return v;
  }
  if (gwType === 2) {
    const v = parseIPv6(f);
    if (!v) throw new RdataError('bad IPv6 address', field);
    return v;
  }
  return nameFieldToWire(f, origin, field);
}

/** The length of the gateway of type 1-3 at `off`; -1 when it does not fit. */
export function gatewayLength(gwType: number, b: Uint8Array, off: number): number {
  if (gwType === 3) {
    const e = nameEnd(b, off);
    return e < 0 ? -1 : e - off;
  }
  const n = gwType === 1 ? 4 : 16;
  return off + n <= b.length ? n : -1;
}

/** The gateway of type 1-3 at `off` (known to fit) as BIND prints it. */
export function gatewayToText(gwType: number, b: Uint8Array, off: number): string {
  if (gwType === 1) return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
  if (gwType === 2) return ipv6ToText(b.subarray(off, off + 16));
  return nameAt(b, off);
}
