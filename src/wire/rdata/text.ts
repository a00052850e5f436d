/**
 * Field-level text <-> wire helpers for RDATA (RFC 1035 5.1, 3.3; RFC 3597 5), written to
 * accept and reject what BIND 9.18 (lib/dns/rdata.c, lib/isc/hex.c, lib/isc/net.c,
 * lib/dns/ttl.c) accepts and rejects, and to print what it prints. Error messages are
 * BIND's result texts ("bad dotted quad", "not a valid number", ...).
 *
 * Hand-written rather than taken from dns-packet: dns-packet neither validates text the
 * way BIND does nor prints BIND's presentation format (hex chunking, \DDD escapes).
 */

export class RdataError extends Error {
  /** `field`: index of the offending field; `fields.length` means "near eol" (missing field). */
  constructor(message: string, readonly field: number) {
    super(message);
    this.name = 'RdataError';
  }
}

/** True when a field was written as a quoted string (fields keep their quotes). */
export function isQuoted(f: string): boolean {
  return f.length >= 2 && f.charCodeAt(0) === 0x22 && f.charCodeAt(f.length - 1) === 0x22;
}

/** An unsigned decimal number as BIND's lexer reads a number token (digits only). */
export function parseUint(f: string, max: number, field: number): number {
  // isc_lex_getmastertoken: a quoted string where a number is due is ISC_R_BADNUMBER.
  if (isQuoted(f)) throw new RdataError('not a valid number', field);
  const n = f.length;
  if (n === 0) throw new RdataError('not a valid number', field);
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = f.charCodeAt(i) - 48;
    if (c < 0 || c > 9) throw new RdataError('not a valid number', field);
    v = v * 10 + c;
  }
  if (v > max) throw new RdataError('out of range', field);
  return v;
}

const UNIT: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };

/**
 * A TTL as BIND's dns_ttl_fromtext reads it: a decimal number, or number+unit pairs
 * (`1w2d3h4m5s`, units w d h m s in either case, in any order, repeatable). The total must
 * fit 32 bits. Returns undefined when the text is not a TTL.
 */
export function parseTtl(s: string): number | undefined {
  const n = s.length;
  if (n === 0) return undefined;
  let total = 0;
  let i = 0;
  let sawUnit = false;
  while (i < n) {
    let v = 0;
    const start = i;
    while (i < n) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      i++;
    }
    if (i === start) return undefined; // a unit without a number
    if (i === n) {
      if (sawUnit) return undefined; // "1h30": a bare number after a unit
      total = v;
      break;
    }
    const u = UNIT[s[i].toLowerCase()];
    if (u === undefined) return undefined;
    sawUnit = true;
    total += v * u;
    i++;
  }
  return total > 0xffffffff ? undefined : total;
}

/** IPv4 dotted quad as inet_pton(AF_INET) reads it: 4 decimal octets, no leading zeros. */
export function parseIPv4(s: string): Buffer | undefined {
  const out = Buffer.allocUnsafe(4);
  let part = 0;
  let v = 0;
  let digits = 0;
  let leadingZero = false;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || part > 3) return undefined;
      out[part++] = v;
      v = 0;
      digits = 0;
      leadingZero = false;
      if (i === s.length) break;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return undefined;
    if (leadingZero) return undefined;
    if (digits === 0 && d === 0) leadingZero = true;
    v = v * 10 + d;
    if (v > 255) return undefined;
    digits++;
  }
  return part === 4 ? out : undefined;
}

/** IPv6 text as inet_pton(AF_INET6) reads it (RFC 4291 2.2), with an embedded IPv4 tail. */
export function parseIPv6(s: string): Buffer | undefined {
  const out = Buffer.alloc(16);
  let o = 0;
  let gap = -1;
  let i = 0;
  const n = s.length;
  if (n < 2) return undefined;
  if (s[0] === ':') {
    if (s[1] !== ':') return undefined;
    i = 1;
  }
  let groupStart = i;
  let sawDigit = false;
  let v = 0;
  let ndig = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    let d = -1;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    if (d >= 0) {
      if (++ndig > 4) return undefined;
      v = (v << 4) | d;
      sawDigit = true;
      continue;
    }
    if (c === 0x3a) {
      groupStart = i + 1;
      if (!sawDigit) {
        if (gap >= 0) return undefined;
        gap = o;
        continue;
      }
      if (i + 1 >= n) return undefined;
      if (o + 2 > 16) return undefined;
      out[o++] = v >> 8;
      out[o++] = v & 0xff;
      sawDigit = false;
      v = 0;
      ndig = 0;
      continue;
    }
    if (c === 0x2e && o + 4 <= 16) {
      const v4 = parseIPv4(s.slice(groupStart));
      if (!v4) return undefined;
      v4.copy(out, o);
      o += 4;
      sawDigit = false;
      break;
    }
    return undefined;
  }
  if (sawDigit) {
    if (o + 2 > 16) return undefined;
    out[o++] = v >> 8;
    out[o++] = v & 0xff;
  }
  if (gap >= 0) {
    if (o === 16) return undefined;
    const tail = o - gap;
    out.copy(out, 16 - tail, gap, o);
    out.fill(0, gap, 16 - tail);
    o = 16;
  }
  return o === 16 ? out : undefined;
}

/** IPv6 as BIND's inet_ntop prints it (lib/isc/inet_ntop.c): longest zero run as `::`. */
export function ipv6ToText(b: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i] << 8) | b[i + 1]);
  let bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase < 0) { curBase = i; curLen = 1; } else curLen++;
    } else if (curBase >= 0) {
      if (bestBase < 0 || curLen > bestLen) { bestBase = curBase; bestLen = curLen; }
      curBase = -1;
    }
  }
  if (curBase >= 0 && (bestBase < 0 || curLen > bestLen)) { bestBase = curBase; bestLen = curLen; }
  if (bestBase >= 0 && bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    // IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) addresses.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
      return out;
    }
    out += words[i].toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  return out;
}

/**
 * Decodes a <character-string> (RFC 1035 5.1) as BIND's txt_fromtext: `\DDD` (three digits,
 * at most 255) and `\X` escapes; at most 255 bytes. Chars above 0xff (a caller's Unicode
 * string) are taken as UTF-8.
 */
export function decodeCharString(f: string, field: number): Buffer {
  const out = decodeTextBytes(isQuoted(f) ? f.slice(1, -1) : f, field);
  if (out.length > 255) throw new RdataError('syntax error', field);
  const b = Buffer.allocUnsafe(out.length + 1);
  b[0] = out.length;
  for (let i = 0; i < out.length; i++) b[i + 1] = out[i];
  return b;
}

/** The bytes of text with `\DDD` / `\X` escapes (no length limit; CAA values use it). */
export function decodeTextBytes(s: string, field: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c === 0x5c) {
      if (i + 1 >= s.length) throw new RdataError('unexpected end of input', field);
      const d = s.charCodeAt(i + 1);
      if (d >= 48 && d <= 57) {
        const d2 = s.charCodeAt(i + 2) - 48;
        const d3 = s.charCodeAt(i + 3) - 48;
        if (!(d2 >= 0 && d2 <= 9 && d3 >= 0 && d3 <= 9)) throw new RdataError('syntax error', field);
        const v = (d - 48) * 100 + d2 * 10 + d3;
        if (v > 255) throw new RdataError('syntax error', field);
        out.push(v);
        i += 3;
        continue;
      }
      c = d;
      i++;
    }
    if (c > 0xff) {
      for (const b of Buffer.from(String.fromCodePoint(s.codePointAt(i) ?? c), 'utf8')) out.push(b);
      if (c >= 0xd800 && c <= 0xdbff) i++;
      continue;
    }
    out.push(c);
  }
  return out;
}

/** A <character-string> as BIND prints it: quoted, `"` and `\` escaped, others \DDD. */
export function charStringToText(b: Uint8Array, start: number, end: number): string {
  let out = '"';
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c === 0x22 || c === 0x5c) out += '\\' + String.fromCharCode(c);
    else if (c < 0x20 || c >= 0x7f) out += '\\' + String(c).padStart(3, '0');
    else out += String.fromCharCode(c);
  }
  return out + '"';
}

/**
 * Hex digits of the fields `from..` (RFC 4034 5.3 style: whitespace may separate digits,
 * even inside a pair), as BIND's isc_hex_tobuffer: with `want` set, exactly that many bytes
 * are read and a further token is "extra input text"; a token running past `want` is
 * `overflow` ("ran out of space" for RFC 3597 data, "bad hex encoding" for digests).
 */
export function parseHexFields(
  fields: readonly string[], from: number, allowEmpty: boolean, want?: number, overflow = 'bad hex encoding',
): Buffer {
  if (from >= fields.length) {
    if (allowEmpty || want === 0) return Buffer.alloc(0);
    throw new RdataError('unexpected end of input', fields.length);
  }
  let s = '';
  let i = from;
  for (; i < fields.length; i++) {
    if (want !== undefined && s.length >= want * 2) throw new RdataError('extra input text', i);
    const f = fields[i];
    if (isQuoted(f)) throw new RdataError('unexpected token', i);
    if (!/^[0-9a-fA-F]*$/.test(f)) throw new RdataError('bad hex encoding', fields.length);
    s += f;
    if (want !== undefined && s.length > want * 2) throw new RdataError(overflow, fields.length);
  }
  if (want !== undefined && s.length < want * 2) throw new RdataError('unexpected end of input', fields.length);
  if (s.length % 2 !== 0) throw new RdataError('bad hex encoding', fields.length);
  return Buffer.from(s, 'hex');
}

/** Upper-case hex in BIND's -D layout: a space after every 28 bytes (56 digits). */
export function hexToText(b: Uint8Array, start = 0, end = b.length): string {
  const hex = Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('hex').toUpperCase();
  if (hex.length <= 56) return hex;
  const parts: string[] = [];
  for (let i = 0; i < hex.length; i += 56) parts.push(hex.slice(i, i + 56));
  return parts.join(' ');
}

/**
 * Base64 of the fields `from..` joined (RFC 4648 4; RFC 4034 2.2), as BIND's
 * isc_base64_tobuffer: `=` only as padding of the last quantum, after which a further token
 * is 'extra input text'; an incomplete quantum is 'bad base64 encoding'.
 */
export function parseBase64Fields(fields: readonly string[], from: number): Buffer {
  if (from >= fields.length) throw new RdataError('unexpected end of input', fields.length);
  let s = '';
  let pos = 0; // position in the current 4-character quantum
  let pad = 0;
  let ended = false;
  let prev = ''; // the last character of the previous field
  for (let i = from; i < fields.length; i++) {
    const f = fields[i];
    if (isQuoted(f)) throw new RdataError('unexpected token', i);
    if (ended) throw new RdataError('extra input text', i);
    for (let j = 0; j < f.length; j++) {
      const c = f.charCodeAt(j);
      if (c === 0x3d) {
        // Padding must follow a quantum whose unused low bits are zero (RFC 4648 3.5).
        const bits = pad === 0 ? B64.indexOf(f[j - 1] ?? prev) & (pos === 2 ? 0x0f : 0x03) : 0;
        if (ended || pos < 2 || bits !== 0) throw new RdataError('bad base64 encoding', fields.length);
        pad++;
      } else if (pad > 0 || ended || !isBase64Char(c)) {
        throw new RdataError('bad base64 encoding', fields.length);
      }
      pos = (pos + 1) % 4;
      if (pos === 0 && pad > 0) ended = true;
    }
    s += f;
    if (f.length > 0) prev = f[f.length - 1];
  }
  if (pos !== 0) throw new RdataError('bad base64 encoding', fields.length);
  return Buffer.from(s, 'base64');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function isBase64Char(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
}

/** Base64 in BIND's -D layout: a space after every 56 characters. */
export function base64ToText(b: Uint8Array, start: number, end: number): string {
  const t = Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('base64');
  if (t.length <= 56) return t;
  const parts: string[] = [];
  for (let i = 0; i < t.length; i += 56) parts.push(t.slice(i, i + 56));
  return parts.join(' ');
}

/** Too many fields: BIND's 'extra input text' at the first extra one. */
export function checkCount(fields: readonly string[], need: number): void {
  if (fields.length > need) throw new RdataError('extra input text', need);
}

/** The field at `i`, or BIND's 'unexpected end of input' near eol. */
export function fieldAt(fields: readonly string[], i: number): string {
  if (i >= fields.length) throw new RdataError('unexpected end of input', fields.length);
  return fields[i];
}
