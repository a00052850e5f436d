/**
 * APL (RFC 3123 4): items `[!]afi:address/prefix`, on the wire ADDRESSFAMILY, PREFIX, N and
 * AFDLENGTH, then the address without its trailing zero octets (RFC 3123 4.1). As BIND 9.18
 * (lib/dns/rdata/in_1/apl_42.c): families 1 (IPv4) and 2 (IPv6) in text, others "not
 * implemented" (and printed as RFC 3597 data); the family read by strtoul, the prefix as
 * isc_parse_uint8; an RFC 3597 item whose address ends in a zero octet is FORMERR.
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, parseIPv4, parseIPv6, ipv6ToText } from '../text.js';
import { strtoul } from '../c-number.js';

/** isc_parse_uint8: an alphanumeric start, digits to the end, at most 255. */
function parseUint8(s: string, field: number): number {
  const c = s.charCodeAt(0);
  const alnum = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  const r = strtoul(s);
  if (!alnum || r.end !== s.length) throw new RdataError('not a valid number', field);
  if (r.value > 0xff) throw new RdataError('out of range', field);
  return r.value;
}

function itemFromText(f: string, field: number): Buffer {
  if (isQuoted(f)) throw new RdataError('unexpected token', field);
  const neg = f[0] === '!';
  const cp = neg ? f.slice(1) : f;
  const { value: afi, end } = strtoul(cp);
  if (cp[end] !== ':') throw new RdataError('syntax error', field);
  if (afi > 0xffff) throw new RdataError('out of range', field);
  const ap = cp.slice(end + 1);
  const slash = ap.indexOf('/');
  if (slash <= 0) throw new RdataError('syntax error', field);
  const prefix = parseUint8(ap.slice(slash + 1), field);
  let addr: Buffer | undefined;
  if (afi === 1) {
    addr = parseIPv4(ap.slice(0, slash));
    if (!addr) throw new RdataError('bad dotted quad', field);
    if (prefix > 32) throw new RdataError('out of range', field);
  } else if (afi === 2) {
    addr = parseIPv6(ap.slice(0, slash));
    if (!addr) throw new RdataError('bad IPv6 address', field);
    if (prefix > 128) throw new RdataError('out of range', field);
  } else throw new RdataError('not implemented', field);
  let len = addr.length;
  while (len > 0 && addr[len - 1] === 0) len--;
  return Buffer.concat([Buffer.from([afi >> 8, afi & 0xff, prefix, len | (neg ? 0x80 : 0)]), addr.subarray(0, len)]);
}

/** The items of well-formed APL RDATA (fromwire_in_apl), undefined when malformed. */
function items(b: Buffer): Array<{ afi: number; prefix: number; neg: boolean; addr: Buffer }> | undefined {
  const out = [];
  for (let o = 0; o < b.length;) {
    if (o + 4 > b.length) return undefined;
    const afi = b.readUInt16BE(o);
    const prefix = b[o + 2];
    const len = b[o + 3] & 0x7f;
    if (o + 4 + len > b.length) return undefined;
    if (afi === 1 && (prefix > 32 || len > 4)) return undefined;
    if (afi === 2 && (prefix > 128 || len > 16)) return undefined;
    if (len > 0 && b[o + 3 + len] === 0) return undefined;
    out.push({ afi, prefix, neg: (b[o + 3] & 0x80) !== 0, addr: b.subarray(o + 4, o + 4 + len) });
    o += 4 + len;
  }
  return out;
}

export const apl: RdataCodec = {
  type: 42,
  fromText: (fields) => Buffer.concat(fields.map((f, i) => itemFromText(f, i))),
  valid: (b) => items(b) !== undefined,
  toText(b) {
    const list = items(b);
    if (list === undefined || list.some((it) => it.afi !== 1 && it.afi !== 2)) return undefined;
    return list.map((it) => {
      const a = Buffer.alloc(it.afi === 1 ? 4 : 16);
      it.addr.copy(a);
      const text = it.afi === 1 ? `${a[0]}.${a[1]}.${a[2]}.${a[3]}` : ipv6ToText(a);
      return `${it.neg ? '!' : ''}${it.afi}:${text}/${it.prefix}`;
    }).join(' ');
  },
};
