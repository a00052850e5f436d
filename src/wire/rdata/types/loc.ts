/**
 * LOC (RFC 1876 2, 3): version 0, size, horizontal and vertical precision (mantissa and
 * power-of-ten exponent of centimetres, one octet each), latitude and longitude in
 * thousandths of an arc second offset by 2^31, altitude in centimetres above 100 km below
 * the WGS 84 spheroid. Text `d [m [s]] N|S d [m [s]] E|W alt[m] [size[m] [hp[m] [vp[m]]]]`,
 * defaults 1m 10000m 10m (RFC 1876 3), read and printed as BIND 9.18 (lib/dns/rdata/generic/
 * loc_29.c): directions in capitals only, minutes a number, seconds with at most three
 * decimals, metres with at most two, numbers as strtoul reads them (a sign is allowed);
 * precisions are rounded down to one digit and an exponent. Other versions are kept as
 * RFC 3597 data and printed so.
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, parseUint, fieldAt, checkCount } from '../text.js';
import { strtoul } from '../c-number.js';

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000];
const syntax = (field: number) => new RdataError('syntax error', field);
const range = (field: number) => new RdataError('out of range', field);

/** A string token (a quoted one where BIND wants a string is "unexpected token"). */
function stringAt(fields: readonly string[], i: number): string {
  const f = fieldAt(fields, i);
  if (isQuoted(f)) throw new RdataError('unexpected token', i);
  return f;
}

/** BIND loc_getdecimal: `n[.ddd][units]` scaled by 10^precision; at most `max` before the point. */
function decimal(s: string, max: number, precision: number, units: string, field: number): number {
  const r = strtoul(s);
  let e = r.end;
  if (e < s.length && s[e] !== '.' && s[e] !== units) throw syntax(field);
  if (r.value > max) throw range(field);
  let value = r.value;
  let ok = r.end !== 0;
  let i = 0;
  if (s[e] === '.') {
    e++;
    for (; i < precision; i++) {
      if (e >= s.length || s[e] === units) break;
      const d = s.charCodeAt(e++) - 48;
      if (d < 0 || d > 9) throw syntax(field);
      ok = true;
      value = value * 10 + d;
    }
  }
  for (; i < precision; i++) value *= 10;
  if (e < s.length && s[e] === units) e++;
  if (!ok || e < s.length) throw syntax(field);
  return value;
}

/** BIND loc_getprecision: metres to the RFC 1876 mantissa/exponent octet. */
function precision(s: string, field: number): number {
  const cm = decimal(s, 90000000, 2, 'm', field);
  const m = Math.floor(cm / 100);
  if (m > 0) {
    let exp = 0;
    while (exp < 7 && m >= POW10[exp + 1]) exp++;
    return (Math.floor(m / POW10[exp]) << 4) + exp + 2;
  }
  return cm >= 10 ? (Math.floor(cm / 10) << 4) + 1 : cm << 4;
}

/** A latitude or longitude from field `i`: the wire value and the next field's index. */
function coordinate(fields: readonly string[], i: number, dirs: string, maxd: number): { value: number; next: number } {
  const check = (d: number, m: number, s: number, at: number) => {
    if (d > maxd || m > 59 || (d === maxd && (m !== 0 || s !== 0))) throw range(at);
  };
  const direction = (at: number) => {
    const f = stringAt(fields, at);
    return f.length === 1 && dirs.includes(f) ? f : undefined;
  };
  const d = parseUint(fieldAt(fields, i), 0xffffffff, i);
  check(d, 0, 0, i);
  let m = 0;
  let ms = 0;
  let dir = direction(i + 1);
  let at = i + 1;
  if (dir === undefined) {
    m = parseUint(fields[at], 0xffffffff, at);
    check(d, m, 0, at);
    dir = direction(++at);
    if (dir === undefined) {
      ms = decimal(fields[at], 59, 3, '', at);
      check(d, m, ms, at);
      dir = direction(++at);
      if (dir === undefined) throw syntax(at);
    }
  }
  const offset = (d * 3600 + m * 60) * 1000 + ms;
  return { value: dir === dirs[1] ? 0x80000000 + offset : 0x80000000 - offset, next: at + 1 };
}

/** An RFC 1876 precision octet as BIND prints it: whole metres, or 0.cc m below one metre. */
function precisionToText(c: number): string {
  const man = c >> 4;
  const exp = c & 0x0f;
  return exp > 1 ? `${man * POW10[exp - 2]}m` : `0.${String(man * POW10[exp]).padStart(2, '0')}m`;
}

function angleToText(v: number, dirs: string): string {
  const pos = v >= 0x80000000;
  let a = pos ? v - 0x80000000 : 0x80000000 - v;
  const fs = a % 1000;
  a = Math.floor(a / 1000);
  const s = a % 60;
  a = Math.floor(a / 60);
  return `${Math.floor(a / 60)} ${a % 60} ${s}.${String(fs).padStart(3, '0')} ${pos ? dirs[1] : dirs[0]}`;
}

const precisionOk = (c: number) => c === 0 || ((c & 0xf) <= 9 && c >> 4 <= 9 && c >> 4 !== 0);
const DEG = 3600000;

export const loc: RdataCodec = {
  type: 29,
  fromText(fields) {
    const lat = coordinate(fields, 0, 'SN', 90);
    const lon = coordinate(fields, lat.next, 'WE', 180);
    const a = lon.next;
    const altText = stringAt(fields, a);
    let altitude: number;
    if (altText[0] === '-') {
      const cm = decimal(altText.slice(1), 100000, 2, 'm', a);
      if (cm > 10000000) throw range(a);
      altitude = 10000000 - cm;
    } else {
      const cm = decimal(altText, 42849672, 2, 'm', a);
      if (cm > 4284967295) throw range(a);
      altitude = 10000000 + cm;
    }
    const prec = [0x12, 0x16, 0x13]; // RFC 1876 3: 1m, 10000m, 10m
    let i = a + 1;
    for (let k = 0; k < 3 && i < fields.length; k++, i++) prec[k] = precision(stringAt(fields, i), i);
    checkCount(fields, i);
    const b = Buffer.alloc(16);
    b.set([0, ...prec]);
    b.writeUInt32BE(lat.value, 4);
    b.writeUInt32BE(lon.value, 8);
    b.writeUInt32BE(altitude, 12);
    return b;
  },
  valid(b) {
    if (b.length < 1) return false;
    if (b[0] !== 0) return true; // another version: kept as it is (BIND "treat as unknown")
    if (b.length !== 16 || !precisionOk(b[1]) || !precisionOk(b[2]) || !precisionOk(b[3])) return false;
    const lat = b.readUInt32BE(4);
    const lon = b.readUInt32BE(8);
    return Math.abs(lat - 0x80000000) <= 90 * DEG && Math.abs(lon - 0x80000000) <= 180 * DEG;
  },
  toText(b) {
    if (!this.valid!(b) || b[0] !== 0) return undefined;
    let alt = b.readUInt32BE(12);
    const below = alt < 10000000;
    alt = below ? 10000000 - alt : alt - 10000000;
    return `${angleToText(b.readUInt32BE(4), 'SN')} ${angleToText(b.readUInt32BE(8), 'WE')} ` +
      `${below ? '-' : ''}${Math.floor(alt / 100)}.${String(alt % 100).padStart(2, '0')}m ` +
      `${precisionToText(b[1])} ${precisionToText(b[2])} ${precisionToText(b[3])}`;
  },
};
