/**
 * KEYDATA (65533, BIND's private type for managed keys, lib/dns/rdata/generic/keydata_65533.c):
 * refresh, add-hold-down and remove-hold-down times written YYYYMMDDHHMMSS, then the fields
 * of a KEY. named-checkzone reads this text but prints the type as TYPE65533 in RFC 3597
 * form, and so does labnet.
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, fieldAt } from '../text.js';
import { keyFromText } from './key.js';

/**
 * dns_time64_fromtext: YYYYMMDDHHMMSS (UTC, proleptic Gregorian, a leap second allowed) as
 * seconds since 1970, not reduced (it may be negative or past 2^32).
 */
export function parseTime64(f: string, field: number): number {
  if (isQuoted(f)) throw new RdataError('unexpected token', field);
  if (!/^\d{14}$/.test(f)) throw new RdataError('syntax error', field);
  const [y, mo, d, h, mi, s] = [f.slice(0, 4), f.slice(4, 6), f.slice(6, 8), f.slice(8, 10), f.slice(10, 12), f.slice(12)].map(Number);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = mo === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
  if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || s > 60) throw new RdataError('out of range', field);
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d); // proleptic Gregorian, years 0-99 included
  t.setUTCHours(h, mi, s, 0);
  return t.getTime() / 1000;
}

/** dns_time32_fromtext's YYYYMMDDHHMMSS (UTC), as seconds modulo 2^32. */
export function parseTime14(f: string, field: number): number {
  const mod = 0x100000000;
  return ((parseTime64(f, field) % mod) + mod) % mod;
}

export const keydata: RdataCodec = {
  type: 65533,
  fromText(fields) {
    const times = Buffer.alloc(12);
    for (let i = 0; i < 3; i++) times.writeUInt32BE(parseTime14(fieldAt(fields, i), i), 4 * i);
    return Buffer.concat([times, keyFromText(65533, fields, 3)]);
  },
  valid: () => true,
  toText: () => undefined,
};
