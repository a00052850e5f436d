/**
 * The SvcParams of SVCB and HTTPS (RFC 9460 2.2, 7 and 14.3.2; dohpath RFC 9461 5), one
 * `key[=value]` token each, read, checked and printed as BIND 9.18 (lib/dns/rdata/in_1/svcb_64.c)
 * does:
 * - known keys by name (exact case; `keyNNNNN` and, as a fallback, the names in any case read
 *   the value as generic text and check its wire form, so `ALPN=\002h2` is alpn="h2");
 * - alpn: a comma list with the two escaping levels of RFC 9460 A.1 (`\,` or `\044` separate,
 *   `\\,` is a comma inside an id), every id 1-255 bytes;
 * - port: decimal; ipv4hint/ipv6hint: comma lists of addresses; ech: base64 (white space
 *   skipped, may be empty); no-default-alpn: no value; mandatory: a key list, sorted, no
 *   duplicates; dohpath (key7): generic text that must be a relative URI template with
 *   `{?dns}` in UTF-8 (RFC 9461 5). BIND prints dohpath as key7, as every key beyond the
 *   first seven.
 * Errors carry BIND's result text: `syntax error`, `out of range`, `bad base64 encoding`,
 * `FORMERR` (a value whose wire form is wrong for its key).
 */
import { RdataError, parseIPv4, parseIPv6, ipv6ToText, charStringToText } from '../text.js';
import { strtoul } from '../c-number.js';

type Encoding = 'keylist' | 'alpn' | 'empty' | 'port' | 'ipv4s' | 'base64' | 'ipv6s' | 'dohpath';

/** RFC 9460 14.3.2 registry as BIND knows it; `initial`: printed by name. */
const PARAMS: ReadonlyArray<{ name: string; key: number; enc: Encoding; initial: boolean }> = [
  { name: 'mandatory', key: 0, enc: 'keylist', initial: true },
  { name: 'alpn', key: 1, enc: 'alpn', initial: true },
  { name: 'no-default-alpn', key: 2, enc: 'empty', initial: true },
  { name: 'port', key: 3, enc: 'port', initial: true },
  { name: 'ipv4hint', key: 4, enc: 'ipv4s', initial: true },
  { name: 'ech', key: 5, enc: 'base64', initial: true },
  { name: 'ipv6hint', key: 6, enc: 'ipv6s', initial: true },
  { name: 'dohpath', key: 7, enc: 'dohpath', initial: false },
];

export const KEY_MANDATORY = 0;
export const KEY_ALPN = 1;
export const KEY_NO_DEFAULT_ALPN = 2;

export interface SvcParam {
  readonly key: number;
  readonly value: Buffer;
}

const syntax = (field: number) => new RdataError('syntax error', field);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** `\DDD` and `\X` escapes of a value (BIND multitxt_fromtext), no length limit. */
function unescape(s: string, field: number): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i) & 0xff;
    if (c === 0x5c) {
      if (i + 1 >= s.length) throw syntax(field);
      c = s.charCodeAt(++i) & 0xff;
      if (isDigit(c)) {
        if (i + 2 >= s.length || !isDigit(s.charCodeAt(i + 1)) || !isDigit(s.charCodeAt(i + 2))) throw syntax(field);
        c = (c - 48) * 100 + (s.charCodeAt(i + 1) - 48) * 10 + (s.charCodeAt(i + 2) - 48);
        if (c > 255) throw syntax(field);
        i += 2;
      }
    }
    out.push(c);
  }
  return Buffer.from(out);
}

/** The alpn ids of a comma list (BIND commatxt_fromtext, RFC 9460 A.1), each with its length octet. */
function alpnFromText(s: string, field: number): Buffer {
  const out: number[] = [];
  let pos = 0;
  do {
    const start = pos;
    const id: number[] = [];
    let escape = false;
    let commaEscape = false;
    let seenComma = false;
    while (pos < s.length) {
      let c = s.charCodeAt(pos++) & 0xff;
      if (escape && isDigit(c)) {
        if (pos >= s.length || !isDigit(s.charCodeAt(pos))) throw syntax(field);
        if (pos + 1 >= s.length || !isDigit(s.charCodeAt(pos + 1))) throw syntax(field);
        c = (c - 48) * 100 + (s.charCodeAt(pos) - 48) * 10 + (s.charCodeAt(pos + 1) - 48);
        pos += 2;
        if (c > 255) throw syntax(field);
      } else if (!escape && c === 0x5c) {
        escape = true;
        continue;
      }
      escape = false;
      if (!commaEscape && c === 0x2c) {
        seenComma = true;
        break;
      }
      if (!commaEscape && c === 0x5c) {
        commaEscape = true;
        continue;
      }
      commaEscape = false;
      if (id.length === 255) throw syntax(field);
      id.push(c);
    }
    if (escape || commaEscape) throw syntax(field);
    // No empty id first (",h1"), inside ("h1,,h2") or last ("h1,").
    if (pos === start || (seenComma && pos === start + 1)) throw syntax(field);
    if (seenComma && pos === s.length) throw syntax(field);
    out.push(id.length, ...id);
  } while (pos < s.length);
  return Buffer.from(out);
}

/**
 * A comma list of addresses as BIND reads it: each element is cut from a 46-character copy
 * of the rest (its "%*s" into tbuf) and must be what inet_pton reads.
 */
function addressesFromText(s: string, parse: (a: string) => Buffer | undefined, field: number): Buffer {
  const out: Buffer[] = [];
  let rest = s;
  for (;;) {
    const copy = rest.slice(0, 46);
    const comma = copy.indexOf(',');
    const a = parse(comma >= 0 ? copy.slice(0, comma) : copy);
    if (!a) throw syntax(field);
    out.push(a);
    if (comma < 0) break;
    rest = rest.slice(comma + 1);
  }
  return Buffer.concat(out);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';

/** Base64 as BIND's isc_base64_decodestring: white space skipped, `=` only as padding, zero pad bits. */
function base64FromText(s: string, field: number): Buffer {
  const bad = () => new RdataError('bad base64 encoding', field);
  const out: number[] = [];
  const v: number[] = [];
  let seenEnd = false;
  for (const ch of s) {
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue;
    const x = B64.indexOf(ch);
    if (seenEnd || x < 0) throw bad();
    v.push(x);
    if (v.length < 4) continue;
    if (v[0] === 64 || v[1] === 64 || (v[2] === 64 && v[3] !== 64)) throw bad();
    if (v[2] === 64 && (v[1] & 0xf) !== 0) throw bad();
    if (v[3] === 64 && (v[2] & 0x3) !== 0) throw bad();
    const n = v[2] === 64 ? 1 : v[3] === 64 ? 2 : 3;
    if (n !== 3) {
      seenEnd = true;
      if (v[2] === 64) v[2] = 0;
      if (v[3] === 64) v[3] = 0;
    }
    out.push(...[(v[0] << 2) | (v[1] >> 4), ((v[1] << 4) | (v[2] >> 2)) & 0xff, ((v[2] << 6) | v[3]) & 0xff].slice(0, n));
    v.length = 0;
  }
  if (v.length !== 0) throw bad();
  return Buffer.from(out);
}

/**
 * One key at the start of `r` (BIND svc_keyfromregion): a registered name in any case, or
 * `keyNNNNN` without zero padding; then the separator `sep`, which is taken off.
 */
function keyFromText(r: string, sep: string, field: number): { key: number; rest: string } {
  let key = -1;
  let rest = r;
  for (const p of PARAMS) {
    const len = p.name.length;
    if (r.slice(0, len).toLowerCase() === p.name && (r.length === len || r[len] === sep)) {
      key = p.key;
      rest = r.slice(len);
      break;
    }
  }
  if (key < 0) {
    if (!r.startsWith('key')) throw syntax(field);
    rest = r.slice(3);
    if (rest === '' || rest[0] === '-' || rest[0] === '+') throw syntax(field);
    if (rest.length > 1 && rest[0] === '0' && rest[1] !== sep) throw syntax(field);
    const { value, end } = strtoul(rest);
    if (end === 0 || (end < rest.length && rest[end] !== sep)) throw syntax(field);
    if (value > 0xffff) throw new RdataError('out of range', field);
    key = value;
    rest = rest.slice(end);
  }
  if (sep === ',' && rest.length === 1) throw syntax(field);
  return { key, rest: rest.slice(1) };
}

function keyListFromText(s: string, field: number): Buffer {
  if (s.length === 0) throw syntax(field);
  const keys: number[] = [];
  for (let rest = s; rest.length > 0;) {
    const k = keyFromText(rest, ',', field);
    keys.push(k.key);
    rest = k.rest;
  }
  keys.sort((a, b) => a - b);
  const out = Buffer.alloc(keys.length * 2);
  keys.forEach((k, i) => {
    if (i > 0 && keys[i - 1] === k) throw syntax(field);
    out.writeUInt16BE(k, i * 2);
  });
  return out;
}

function valueFromText(enc: Encoding, s: string, field: number): Buffer {
  switch (enc) {
    case 'alpn': return alpnFromText(s, field);
    case 'port': {
      if (!isDigit(s.charCodeAt(0))) throw syntax(field);
      const { value, end } = strtoul(s);
      if (end !== s.length) throw syntax(field);
      if (value > 0xffff) throw new RdataError('out of range', field);
      return Buffer.from([value >> 8, value & 0xff]);
    }
    case 'ipv4s': return addressesFromText(s, parseIPv4, field);
    case 'ipv6s': return addressesFromText(s, parseIPv6, field);
    case 'base64': return base64FromText(s, field);
    case 'empty':
      if (s.length !== 0) throw syntax(field);
      return Buffer.alloc(0);
    case 'keylist': return keyListFromText(s, field);
    case 'dohpath': return unescape(s, field);
  }
}

/** One SvcParam token as BIND's lexer hands it over (a quoted value already unquoted). */
export function paramFromText(token: string, field: number): SvcParam {
  for (const p of PARAMS) {
    const len = p.name.length;
    if (!token.startsWith(p.name) || (token.length !== len && token[len] !== '=')) continue;
    const value = valueFromText(p.enc, token.slice(token[len] === '=' ? len + 1 : len), field);
    if (p.enc === 'dohpath' && !validParamValue(p.key, value)) throw new RdataError('FORMERR', field);
    return { key: p.key, value };
  }
  const { key, rest } = keyFromText(token, '=', field);
  const value = rest.length === 0 ? Buffer.alloc(0) : unescape(rest, field);
  if (!validParamValue(key, value)) throw new RdataError('FORMERR', field);
  return { key, value };
}

/** UTF-8 as BIND's isc_utf8_valid: no overlong forms, nothing above U+10FFFF. */
function utf8Valid(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c <= 0x7f) continue;
    const cont = (k: number) => i + k < b.length && (b[i + k] & 0xc0) === 0x80;
    if ((c & 0xe0) === 0xc0 && cont(1)) {
      if ((((c & 0x1f) << 6) | (b[i + 1] & 0x3f)) < 0x80) return false;
      i += 1;
    } else if ((c & 0xf0) === 0xe0 && cont(1) && cont(2)) {
      if ((((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f)) < 0x800) return false;
      i += 2;
    } else if ((c & 0xf8) === 0xf0 && cont(1) && cont(2) && cont(3)) {
      const w = ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
      if (w < 0x10000 || w > 0x10ffff) return false;
      i += 3;
    } else return false;
  }
  return true;
}

/** The wire form of a value is right for its key (BIND svcb_validate). */
export function validParamValue(key: number, v: Buffer): boolean {
  const p = PARAMS.find((x) => x.key === key);
  if (p === undefined) return true;
  switch (p.enc) {
    case 'port': return v.length === 2;
    case 'ipv4s': return v.length > 0 && v.length % 4 === 0;
    case 'ipv6s': return v.length > 0 && v.length % 16 === 0;
    case 'alpn': {
      if (v.length === 0) return false;
      for (let o = 0; o < v.length; o += 1 + v[o]) if (v[o] === 0 || o + 1 + v[o] > v.length) return false;
      return true;
    }
    case 'keylist': {
      if (v.length === 0 || v.length % 2 !== 0) return false;
      for (let o = 2; o < v.length; o += 2) if (v.readUInt16BE(o - 2) >= v.readUInt16BE(o)) return false;
      return true;
    }
    case 'base64': return true;
    case 'empty': return v.length === 0;
    case 'dohpath': {
      // RFC 9461 5: relative (leading "/"), UTF-8, with the "dns" variable.
      return v.length >= 7 && v[0] === 0x2f && utf8Valid(v) && v.includes('{?dns}');
    }
  }
}

/** A key as BIND prints it: its name for the first seven, else keyNNNNN. */
function keyToText(key: number): string {
  const p = PARAMS.find((x) => x.key === key && x.initial);
  return p ? p.name : `key${key}`;
}

/** An alpn id as BIND's commatxt_totext (no quoting, comma escaping): `,` is `\\,`, `\` is `\\\\`. */
function alpnIdToText(b: Buffer, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c < 0x21 || c >= 0x7f) out += '\\' + String(c).padStart(3, '0');
    else if (c === 0x2c) out += '\\\\,';
    else if (c === 0x5c) out += '\\\\\\\\';
    else if (c === 0x22) out += '\\"';
    else out += String.fromCharCode(c);
  }
  return out;
}

/** One well-formed SvcParam as BIND prints it (`key`, or `key=value`). */
export function paramToText(key: number, v: Buffer): string {
  const name = keyToText(key);
  if (v.length === 0) return name;
  const p = PARAMS.find((x) => x.key === key && x.initial);
  const list = (size: number, one: (o: number) => string) => {
    const parts: string[] = [];
    for (let o = 0; o < v.length; o += size) parts.push(one(o));
    return parts.join(',');
  };
  switch (p?.enc) {
    case 'port': return `${name}=${v.readUInt16BE(0)}`;
    case 'ipv4s': return `${name}=${list(4, (o) => `${v[o]}.${v[o + 1]}.${v[o + 2]}.${v[o + 3]}`)}`;
    case 'ipv6s': return `${name}=${list(16, (o) => ipv6ToText(v.subarray(o, o + 16)))}`;
    case 'base64': return `${name}=${v.toString('base64')}`;
    case 'keylist': return `${name}=${list(2, (o) => keyToText(v.readUInt16BE(o)))}`;
    case 'alpn': {
      const ids: string[] = [];
      for (let o = 0; o < v.length; o += 1 + v[o]) ids.push(alpnIdToText(v, o + 1, o + 1 + v[o]));
      return `${name}="${ids.join(',')}"`;
    }
    default: return `${name}=${charStringToText(v, 0, v.length)}`;
  }
}
