/**
 * SVCB (64) and HTTPS (65), RFC 9460 2.2: SvcPriority, TargetName (uncompressed, case kept:
 * RFC 9460 2.2 and not in RFC 4034 6.2), SvcParams in ascending key order (svc-params.ts).
 * As BIND 9.18 (lib/dns/rdata/in_1/svcb_64.c):
 * - text: the TargetName may be a quoted string; each SvcParam is one `key[=value]` token,
 *   `key="value"` being one token too (BIND's isc_tokentype_qvpair; the zone parser joins the
 *   two pieces, see `valuePairs`); a token that is only a quoted string is "unexpected token";
 *   AliasMode (priority 0) records may carry SvcParams (BIND 9.18 reads them alike);
 * - the key set is then sorted and checked as svcsortkeys does, near the end of the record:
 *   a key twice is "duplicate query", `mandatory` alone or listing itself and
 *   `no-default-alpn` without `alpn` are "disallowed (by application policy)", a mandatory key
 *   missing is "inconsistent resource record" (RFC 9460 8);
 * - wire (RFC 3597 input): keys strictly ascending, every mandatory key present, alpn with
 *   no-default-alpn, each value's form right for its key (fromwire_in_svcb).
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, parseUint, fieldAt } from '../text.js';
import { valuePairEq } from '../value-pair.js';
import { nameAt, nameEnd, nameFieldToWire, plainName } from '../name-field.js';
import {
  type SvcParam, KEY_ALPN, KEY_MANDATORY, KEY_NO_DEFAULT_ALPN, paramFromText, paramToText, validParamValue,
} from './svc-params.js';

/** The token BIND's lexer makes of a field: `key="v\"x"` is `key=v"x` (an escaped quote loses its backslash). */
function lexerToken(f: string): string {
  const eq = valuePairEq(f);
  if (eq < 0 || f[eq + 1] !== '"' || !f.endsWith('"') || f.length < eq + 3) return f;
  const inner = f.slice(eq + 2, -1);
  let out = f.slice(0, eq + 1);
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\' && inner[i + 1] === '"') continue;
    out += inner[i];
    if (inner[i] === '\\') out += inner[++i] ?? '';
  }
  return out;
}

/** BIND svcsortkeys: the parameters in key order, with its checks in its order. */
function sortParams(params: SvcParam[], field: number): SvcParam[] {
  const rest = params.slice();
  const out: SvcParam[] = [];
  let man: number[] = [];
  let manPos = 0;
  let mankey = 0;
  let haveAlpn = false;
  const fail = (m: string) => new RdataError(m, field);
  while (rest.length > 0) {
    if (rest.length === 1) {
      const k = rest[0].key;
      if (mankey !== 0) {
        if (k !== mankey || manPos < man.length) throw fail('inconsistent resource record');
      } else if (k === KEY_MANDATORY || (k === KEY_NO_DEFAULT_ALPN && !haveAlpn)) {
        throw fail('disallowed (by application policy)');
      }
      out.push(rest[0]);
      break;
    }
    let mi = 0;
    for (let j = 1; j < rest.length; j++) {
      if (rest[j].key === rest[mi].key) throw fail('duplicate query');
      if (rest[j].key < rest[mi].key) mi = j;
    }
    const p = rest.splice(mi, 1)[0];
    if (p.key === KEY_ALPN) haveAlpn = true;
    else if (p.key === KEY_NO_DEFAULT_ALPN && !haveAlpn) throw fail('disallowed (by application policy)');
    if (mankey !== 0) {
      if (p.key > mankey) throw fail('inconsistent resource record');
      if (p.key === mankey) mankey = manPos < man.length ? man[manPos++] : 0;
    }
    if (p.key === KEY_MANDATORY) {
      man = [];
      for (let o = 0; o + 1 < p.value.length; o += 2) man.push(p.value.readUInt16BE(o));
      if (man.length === 0) throw fail('syntax error');
      mankey = man[0];
      manPos = 1;
      if (mankey === KEY_MANDATORY) throw fail('disallowed (by application policy)');
    }
    out.push(p);
  }
  return out;
}

/** Offset of the SvcParams; -1 when priority and target do not fit. */
function paramsAt(b: Buffer): number {
  return b.length < 2 ? -1 : nameEnd(b, 2);
}

/** The SvcParams of wire RDATA when well formed (fromwire_in_svcb), else undefined. */
function wireParams(b: Buffer): SvcParam[] | undefined {
  let o = paramsAt(b);
  if (o < 0) return undefined;
  const out: SvcParam[] = [];
  let man: number[] = [];
  let mankey = 0;
  let haveAlpn = false;
  while (o < b.length) {
    if (o + 4 > b.length) return undefined;
    const key = b.readUInt16BE(o);
    const len = b.readUInt16BE(o + 2);
    if (out.length > 0 && key <= out[out.length - 1].key) return undefined;
    if (mankey !== 0) {
      if (key > mankey) return undefined;
      if (key === mankey) mankey = man.shift() ?? 0;
    }
    if (key === KEY_ALPN) haveAlpn = true;
    else if (key === KEY_NO_DEFAULT_ALPN && !haveAlpn) return undefined;
    if (o + 4 + len > b.length) return undefined;
    const value = b.subarray(o + 4, o + 4 + len);
    if (key === KEY_MANDATORY) {
      if (len < 2) return undefined;
      man = [];
      for (let m = 0; m + 1 < len; m += 2) man.push(value.readUInt16BE(m));
      mankey = man.shift()!;
      if (mankey === KEY_MANDATORY) return undefined;
    }
    if (!validParamValue(key, value)) return undefined;
    out.push({ key, value });
    o += 4 + len;
  }
  return mankey === 0 ? out : undefined;
}

function svcbCodec(type: number): RdataCodec {
  return {
    type,
    valuePairs: true,
    fromText(fields, origin) {
      const priority = parseUint(fieldAt(fields, 0), 0xffff, 0);
      const t = fieldAt(fields, 1);
      // A quoted target is read as a name (BIND takes a qstring here); an empty one ends the input.
      if (t === '""') throw new RdataError('unexpected end of input', 1);
      const target = nameFieldToWire(isQuoted(t) ? t.slice(1, -1) : t, origin, 1);
      const params: SvcParam[] = [];
      for (let i = 2; i < fields.length; i++) {
        if (isQuoted(fields[i])) throw new RdataError('unexpected token', i);
        params.push(paramFromText(lexerToken(fields[i]), i));
      }
      const parts = [Buffer.from([priority >> 8, priority & 0xff]), target];
      for (const p of sortParams(params, fields.length)) {
        parts.push(Buffer.from([p.key >> 8, p.key & 0xff, p.value.length >> 8, p.value.length & 0xff]), p.value);
      }
      return Buffer.concat(parts);
    },
    valid: (b) => wireParams(b) !== undefined,
    names: (b) => (paramsAt(b) > 0 ? [plainName(2, false)] : []),
    toText(b) {
      const params = wireParams(b);
      if (params === undefined) return undefined;
      return [String(b.readUInt16BE(0)), nameAt(b, 2), ...params.map((p) => paramToText(p.key, p.value))].join(' ');
    },
  };
}

export const svcb = svcbCodec(64);
export const https = svcbCodec(65);
