/**
 * WKS (RFC 1035 3.4.2): address, IP protocol, and a bitmap with one bit per port from 0,
 * most significant bit first. Text `address protocol [service...]`, read as BIND 9.18
 * (lib/dns/rdata/in_1/wks_11.c): the protocol a number (strtol) or a name from the host's
 * protocols table, each service a number or a name from its services table for that protocol
 * (any protocol unless tcp or udp), tried lower-cased, then as written (../netdb.ts); the
 * bitmap ends at the highest port. Wire data whose bitmap ends in a zero octet is FORMERR.
 * Printed as BIND: the protocol and the ports as numbers.
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, parseIPv4, fieldAt } from '../text.js';
import { strtol } from '../c-number.js';
import { protocolByName, serviceByName } from '../netdb.js';

function stringAt(fields: readonly string[], i: number): string {
  const f = fieldAt(fields, i);
  if (isQuoted(f)) throw new RdataError('unexpected token', i);
  return f;
}

/** ASCII lower case of at most 31 characters (BIND's service[32] buffer). */
function lowered(s: string): string {
  return s.slice(0, 31).replace(/[A-Z]/g, (c) => c.toLowerCase());
}

const MAX_BITMAP = 8 * 1024;

export const wks: RdataCodec = {
  type: 11,
  fromText(fields) {
    const addr = parseIPv4(stringAt(fields, 0));
    if (!addr) throw new RdataError('bad dotted quad', 0);
    const p = stringAt(fields, 1);
    const num = strtol(p);
    const proto = num.end === p.length ? num.value : protocolByName(p);
    if (proto === undefined) throw new RdataError('unknown protocol', 1);
    if (proto < 0 || proto > 0xff) throw new RdataError('out of range', 1);
    const ps = proto === 6 ? 'tcp' : proto === 17 ? 'udp' : undefined;
    const bitmap = Buffer.alloc(MAX_BITMAP);
    let maxport = -1;
    for (let i = 2; i < fields.length; i++) {
      const s = stringAt(fields, i);
      const n = strtol(s);
      const port = n.end === s.length ? n.value : serviceByName(lowered(s), ps) ?? serviceByName(s, ps);
      if (port === undefined) throw new RdataError('unknown service', i);
      if (port < 0 || port > 0xffff) throw new RdataError('out of range', i);
      maxport = Math.max(maxport, port);
      bitmap[port >> 3] |= 0x80 >> (port & 7);
    }
    return Buffer.concat([addr, Buffer.from([proto]), bitmap.subarray(0, (maxport + 8) >> 3)]);
  },
  valid: (b) => b.length >= 5 && b.length <= MAX_BITMAP + 5 && (b.length === 5 || b[b.length - 1] !== 0),
  toText(b) {
    if (!this.valid!(b)) return undefined;
    const out = [`${b[0]}.${b[1]}.${b[2]}.${b[3]}`, String(b[4])];
    for (let i = 5; i < b.length; i++) {
      for (let j = 0; j < 8; j++) if (b[i] & (0x80 >> j)) out.push(String((i - 5) * 8 + j));
    }
    return out.join(' ');
  },
};
