/**
 * RDATA text <-> wire for the types labnet serves, and RFC 3597 generic RDATA for every
 * other type (RFC 1035 3.3 and 5.1; RFC 3596 AAAA; RFC 2782 SRV; RFC 3403 NAPTR; RFC 6672
 * DNAME; RFC 4034 5 DS; RFC 4255 SSHFP; RFC 6698 TLSA; RFC 8659 CAA; RFC 7208 SPF; RFC 1183
 * RP/AFSDB/RT; RFC 2230 KX).
 *
 * Text input (`rdataFromText`): `fields` are the RDATA tokens exactly as written in the
 * master file — a quoted string keeps its surrounding quotes (`"v=spf1 -all"`), escapes are
 * left in place (`\"`, `\DDD`) — so that quoted and unquoted tokens can be told apart as BIND
 * does (a quoted token where a number or name is due is BIND's "unexpected token", and
 * `\#` is only the RFC 3597 marker when unquoted). Relative names are completed with
 * `origin`. Errors are `RdataError(BIND message, fieldIndex)`.
 *
 * Text output (`rdataToText`): exactly the RDATA part of `named-checkzone -D` lines.
 */
import { nameFromWire, nameToWire } from './name.js';
import { RRType, typeToText } from './rrtypes.js';
import {
  RdataError, isQuoted, parseUint, parseTtl, parseIPv4, parseIPv6, ipv6ToText,
  decodeCharString, decodeTextBytes, charStringToText, parseHexFields, hexToText,
  parseBase64Fields, base64ToText, fieldAt, checkCount,
} from './rdata/text.js';
import { CODECS } from './rdata/types/index.js';
import { DSDIGEST, SECALG, parseMnemonic } from './rdata/mnemonics.js';
import { validNaptrRegexp } from './rdata/naptr-regexp.js';
import type { NameField } from './rdata/codec.js';
import { nameFieldToWire, nameAt as nameText, nameEnd as skipName, plainName } from './rdata/name-field.js';

export type { NameField } from './rdata/codec.js';
export { nameFieldToWire, nameEnd as skipName, plainName } from './rdata/name-field.js';

export { RdataError } from './rdata/text.js';

/**
 * One description per RR type whose RDATA is a fixed sequence of fields. `fields`: a = IPv4,
 * 6 = IPv6, n = domain name, b/s/l = 8/16/32-bit number, t = 32-bit number or TTL text (SOA
 * timers), c = one <character-string>, C = one or more <character-string>s to the end,
 * x = hex to the end (RFC 4034 5.3 style), B = base64 to the end (RFC 4034 2.2), Q = one
 * quoted string to the end without length octet (URI, RFC 7553 4.4).
 * What the type's names are is said here and nowhere else:
 * - `compress`: a DNS encoder may compress them (RFC 3597 4: only the RFC 1035 types; BIND
 *   9.18 sets DNS_COMPRESS_NONE for RP, AFSDB, RT, KX, SRV (RFC 2782), NAPTR (RFC 3403 4.1),
 *   DNAME (RFC 6672 2.5), PX);
 * - `canonical`: lower-cased in the canonical form (RFC 4034 6.2 as amended by RFC 6840 5.1);
 * - `additional`: the first name is a target of additional-section processing (RFC 1035 3.3
 *   and 3.3.9, RFC 1183, RFC 2230, RFC 2782; NAPTR's own rule is in dns/resolve.ts).
 */
export interface TypeLayout {
  readonly fields: string;
  readonly compress?: true;
  readonly canonical?: true;
  readonly additional?: true;
}

const C = true as const;
const LAYOUT = new Map<number, TypeLayout>([
  [RRType.A, { fields: 'a' }],
  [RRType.NS, { fields: 'n', compress: C, canonical: C, additional: C }],
  [3 /* MD */, { fields: 'n', compress: C, canonical: C, additional: C }],
  [4 /* MF */, { fields: 'n', compress: C, canonical: C, additional: C }],
  [RRType.CNAME, { fields: 'n', compress: C, canonical: C }],
  [RRType.SOA, { fields: 'nnltttt', compress: C, canonical: C }],
  [7 /* MB */, { fields: 'n', compress: C, canonical: C, additional: C }],
  [8 /* MG */, { fields: 'n', compress: C, canonical: C }],
  [9 /* MR */, { fields: 'n', compress: C, canonical: C }],
  [RRType.PTR, { fields: 'n', compress: C, canonical: C }],
  [RRType.HINFO, { fields: 'cc' }],
  [14 /* MINFO */, { fields: 'nn', compress: C, canonical: C }],
  [RRType.MX, { fields: 'sn', compress: C, canonical: C, additional: C }],
  [RRType.TXT, { fields: 'C' }],
  [17 /* RP */, { fields: 'nn', canonical: C }],
  [18 /* AFSDB */, { fields: 'sn', canonical: C, additional: C }],
  [21 /* RT */, { fields: 'sn', canonical: C, additional: C }],
  [26 /* PX */, { fields: 'snn', canonical: C }],
  [RRType.AAAA, { fields: '6' }],
  [RRType.SRV, { fields: 'sssn', canonical: C, additional: C }],
  [RRType.NAPTR, { fields: 'sscccn', canonical: C }],
  [36 /* KX */, { fields: 'sn', canonical: C, additional: C }],
  [RRType.DNAME, { fields: 'n', canonical: C }],
  [RRType.DS, { fields: 'sbbx' }],
  [RRType.SSHFP, { fields: 'bbx' }],
  [RRType.TLSA, { fields: 'bbbx' }],
  [53 /* SMIMEA */, { fields: 'bbbx' }],
  [59 /* CDS */, { fields: 'sbbx' }],
  [32769 /* DLV */, { fields: 'sbbx' }],
  [RRType.SPF, { fields: 'C' }],
  [256 /* URI */, { fields: 'ssQ' }],
  [23 /* NSAP-PTR, RFC 1706 6 (BIND lower-cases it too) */, { fields: 'n', canonical: C }],
  [27 /* GPOS, RFC 1712 3 */, { fields: 'ccc' }],
  [31 /* EID */, { fields: 'x' }],
  [32 /* NIMLOC */, { fields: 'x' }],
  [49 /* DHCID, RFC 4701 3.3 */, { fields: 'B' }],
  [56 /* NINFO */, { fields: 'C' }],
  [58 /* TALINK */, { fields: 'nn' }],
  [61 /* OPENPGPKEY, RFC 7929 2.3 */, { fields: 'B' }],
  [105 /* L32, RFC 6742 2.2 */, { fields: 'sa' }],
  [107 /* LP, RFC 6742 2.4 */, { fields: 'sn' }],
  [258 /* AVC */, { fields: 'C' }],
  [261 /* RESINFO, RFC 9606 4 */, { fields: 'C' }],
  [262 /* WALLET */, { fields: 'C' }],
  [67 /* HHIT (DRIP, IANA registry) */, { fields: 'B' }],
  [68 /* BRID (DRIP, IANA registry) */, { fields: 'B' }],
  [32768 /* TA */, { fields: 'sbbx' }],
]);

/** DS and the types of its form (RFC 7344 3.1 CDS, RFC 4431 DLV, TA): mnemonics, digest lengths. */
const DS_TYPES = new Set<number>([RRType.DS, 59, 32768, 32769]);
const DS_DIGEST_LEN: Record<number, number> = { 1: 20, 2: 32, 4: 48 };
const SSHFP_DIGEST_LEN: Record<number, number> = { 1: 20, 2: 32 };

/**
 * Walks `layout` over wire RDATA. Calls `onName(offset)` for each name. Returns false when
 * the RDATA does not fit the layout (short, long, bad name).
 */
function walk(layout: string, b: Uint8Array, onName?: (off: number) => void): boolean {
  let o = 0;
  for (let i = 0; i < layout.length; i++) {
    switch (layout[i]) {
      case 'a': o += 4; break;
      case '6': o += 16; break;
      case 'b': o += 1; break;
      case 's': o += 2; break;
      case 'l': case 't': o += 4; break;
      case 'n': {
        if (onName) onName(o);
        const e = skipName(b, o);
        if (e < 0) return false;
        o = e;
        break;
      }
      case 'c':
        if (o >= b.length) return false;
        o += 1 + b[o];
        break;
      case 'C':
        if (o >= b.length) return false;
        while (o < b.length) o += 1 + b[o];
        break;
      case 'x':
      case 'Q':
      case 'B':
        // Hex, base64 and URI targets run to the end and are never empty.
        if (o >= b.length) return false;
        o = b.length;
        break;
    }
    if (o > b.length) return false;
  }
  return o === b.length;
}



function fromLayout(type: number, layout: string, fields: readonly string[], origin: string): Buffer {
  const parts: Buffer[] = [];
  let fi = 0;
  for (let i = 0; i < layout.length; i++) {
    const k = layout[i];
    if (k === 'C') {
      fieldAt(fields, fi);
      for (; fi < fields.length; fi++) parts.push(decodeCharString(fields[fi], fi));
      continue;
    }
    if (k === 'x') {
      const digestType = type === RRType.SSHFP ? parts[1][0] : parts.length >= 3 ? parts[2][0] : -1;
      const want = type === RRType.SSHFP ? SSHFP_DIGEST_LEN[digestType]
        : DS_TYPES.has(type) ? DS_DIGEST_LEN[digestType] : undefined;
      parts.push(parseHexFields(fields, fi, false, want));
      fi = fields.length;
      continue;
    }
    if (k === 'B') {
      parts.push(parseBase64Fields(fields, fi));
      fi = fields.length;
      continue;
    }
    const f = fieldAt(fields, fi);
    if (k === 'Q') {
      // URI target: one quoted string (RFC 7553 4.4), at least one byte.
      if (!isQuoted(f)) throw new RdataError('unexpected token', fi);
      const bytes = decodeTextBytes(f.slice(1, -1), fi);
      if (bytes.length === 0) throw new RdataError('syntax error', fi);
      parts.push(Buffer.from(bytes));
      fi++;
      continue;
    }
    switch (k) {
      case 'a': {
        if (isQuoted(f)) throw new RdataError('unexpected token', fi);
        const v = parseIPv4(f);
        if (!v) throw new RdataError('bad dotted quad', fi);
        parts.push(v);
        break;
      }
      case '6': {
        if (isQuoted(f)) throw new RdataError('unexpected token', fi);
        const v = parseIPv6(f);
        if (!v) throw new RdataError('bad IPv6 address', fi);
        parts.push(v);
        break;
      }
      case 'n':
        parts.push(nameFieldToWire(f, origin, fi));
        break;
      case 'b': {
        const ds = DS_TYPES.has(type);
        const v = ds && i === 1 ? parseMnemonic(f, SECALG, 0xff, fi)
          : ds && i === 2 ? parseMnemonic(f, DSDIGEST, 0xff, fi) : parseUint(f, 0xff, fi);
        parts.push(Buffer.from([v]));
        break;
      }
      case 's': {
        const v = parseUint(f, 0xffff, fi);
        parts.push(Buffer.from([v >> 8, v & 0xff]));
        break;
      }
      case 'l':
      case 't': {
        let v: number | undefined;
        if (k === 't' && !isQuoted(f) && !/^\d+$/.test(f)) {
          v = parseTtl(f);
          if (v === undefined) throw new RdataError('syntax error', fi);
        } else v = parseUint(f, 0xffffffff, fi);
        const b = Buffer.allocUnsafe(4);
        b.writeUInt32BE(v, 0);
        parts.push(b);
        break;
      }
      case 'c': {
        const cs = decodeCharString(f, fi);
        if (type === RRType.NAPTR) {
          if (i === 2 && !naptrFlagsValid(cs)) throw new RdataError('syntax error', fi);
          if (i === 4 && !validNaptrRegexp(cs)) throw new RdataError('syntax error', fi);
        }
        parts.push(cs);
        break;
      }
    }
    fi++;
  }
  checkCount(fields, fi);
  return Buffer.concat(parts);
}

/**
 * The rules text input enforces beyond the layout, checked on RFC 3597 data as BIND's
 * fromwire checks them: DS-form and SSHFP digest lengths, NAPTR flags and regexp.
 */
function layoutRulesHold(type: number, b: Buffer): boolean {
  if (DS_TYPES.has(type)) return DS_DIGEST_LEN[b[3]] === undefined || DS_DIGEST_LEN[b[3]] === b.length - 4;
  if (type === RRType.SSHFP) return SSHFP_DIGEST_LEN[b[1]] === undefined || SSHFP_DIGEST_LEN[b[1]] === b.length - 2;
  if (type === RRType.NAPTR) {
    const services = 5 + b[4];
    const regexp = services + 1 + b[services];
    return naptrFlagsValid(b.subarray(4, services)) && validNaptrRegexp(b.subarray(regexp, regexp + 1 + b[regexp]));
  }
  return true;
}

/** NAPTR flags (RFC 3403 4.1): letters and digits only. `cs` is a <character-string> with its length octet. */
function naptrFlagsValid(cs: Uint8Array): boolean {
  for (let j = 1; j < cs.length; j++) {
    const c = cs[j] | 0x20;
    if (!((c >= 0x61 && c <= 0x7a) || (cs[j] >= 0x30 && cs[j] <= 0x39))) return false;
  }
  return true;
}

/** RFC 3597 5: `\# <length> <hex>...`. */
function genericFromText(type: number, fields: readonly string[]): Buffer {
  const len = parseUint(fieldAt(fields, 1), 0xffff, 1);
  if (len === 0) checkCount(fields, 2);
  const data = len === 0 ? Buffer.alloc(0) : parseHexFields(fields, 2, false, len, 'ran out of space');
  if (!rdataWireValid(type, data)) throw new RdataError('unexpected end of input', fields.length);
  return data;
}

/**
 * True when wire RDATA (names uncompressed) is well formed for `type` as BIND's fromwire
 * checks it: the type's layout or codec, with the rules text input enforces; any bytes for
 * a type labnet has no description of (RFC 3597 3).
 */
export function rdataWireValid(type: number, data: Buffer): boolean {
  const layout = LAYOUT.get(type)?.fields;
  if (layout !== undefined && !(walk(layout, data) && layoutRulesHold(type, data))) return false;
  const codec = CODECS.get(type);
  if (codec !== undefined && !(codec.valid ? codec.valid(data) : codec.toText(data) !== undefined)) return false;
  return true;
}

/**
 * RDATA text (the fields as written, see the module comment) to wire form.
 * Throws RdataError(message, fieldIndex) on bad input.
 */
export function rdataFromText(type: number, fields: string[], origin: string): Buffer {
  if (fields.length > 0 && fields[0] === '\\#') return genericFromText(type, fields);
  if (type === RRType.A && fields.length === 1) {
    // Fast path for the commonest record.
    const v = parseIPv4(fields[0]);
    if (v) return v;
  }
  const layout = LAYOUT.get(type)?.fields;
  if (layout !== undefined) return fromLayout(type, layout, fields, origin);
  const codec = CODECS.get(type);
  if (codec !== undefined) return codec.fromText(fields, origin);
  if (fields.length === 0) throw new RdataError('unexpected end of input', 0);
  // Types labnet has no presentation form for (LOC, APL, ...) load in RFC 3597 form.
  throw new RdataError(typeToText(type).startsWith('TYPE') ? 'unknown class/type'
    : `no text form for ${typeToText(type)} in labnet (write it as RFC 3597 \\# data)`, 0);
}


function layoutToText(layout: string, b: Buffer): string {
  const out: string[] = [];
  let o = 0;
  for (let i = 0; i < layout.length; i++) {
    switch (layout[i]) {
      case 'a': out.push(`${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`); o += 4; break;
      case '6': out.push(ipv6ToText(b.subarray(o, o + 16))); o += 16; break;
      case 'b': out.push(String(b[o])); o += 1; break;
      case 's': out.push(String(b.readUInt16BE(o))); o += 2; break;
      case 'l': case 't': out.push(String(b.readUInt32BE(o))); o += 4; break;
      case 'n': out.push(nameText(b, o)); o = skipName(b, o); break;
      case 'c': out.push(charStringToText(b, o + 1, o + 1 + b[o])); o += 1 + b[o]; break;
      case 'C':
        while (o < b.length) {
          out.push(charStringToText(b, o + 1, o + 1 + b[o]));
          o += 1 + b[o];
        }
        break;
      case 'x': if (o < b.length) out.push(hexToText(b, o, b.length)); o = b.length; break;
      case 'B': if (o < b.length) out.push(base64ToText(b, o, b.length)); o = b.length; break;
      case 'Q': out.push(charStringToText(b, o, b.length)); o = b.length; break;
    }
  }
  return out.join(' ');
}

function genericToText(rdata: Buffer): string {
  return rdata.length === 0 ? '\\# 0' : `\\# ${rdata.length} ${hexToText(rdata)}`;
}

/** RDATA in the presentation form `named-checkzone -D` prints (RFC 3597 `\#` for others). */
export function rdataToText(type: number, rdata: Buffer): string {
  if (type === RRType.A && rdata.length === 4) return `${rdata[0]}.${rdata[1]}.${rdata[2]}.${rdata[3]}`;
  const layout = LAYOUT.get(type)?.fields;
  if (layout !== undefined) return walk(layout, rdata) ? layoutToText(layout, rdata) : genericToText(rdata);
  const codec = CODECS.get(type);
  if (codec !== undefined) return codec.toText(rdata) ?? genericToText(rdata);
  return genericToText(rdata);
}

const NO_NAMES: readonly NameField[] = [];

/**
 * The embedded domain names of one RDATA, from the type's description (LAYOUT above, or its
 * codec's `names`). Malformed RDATA gives none.
 */
export function nameFields(type: number, rdata: Buffer): readonly NameField[] {
  const d = LAYOUT.get(type);
  if (d !== undefined) {
    if (!d.fields.includes('n')) return NO_NAMES;
    const offs: number[] = [];
    if (!walk(d.fields, rdata, (o) => offs.push(o))) return NO_NAMES;
    return offs.map((offset, i) => ({
      offset, compress: d.compress === true, canonical: d.canonical === true, additional: d.additional === true && i === 0,
    }));
  }
  const codec = CODECS.get(type);
  if (codec?.names !== undefined) return codec.names(rdata);
  return NO_NAMES;
}


/** Offsets of the names an encoder may compress (RFC 3597 4). */
export function compressibleNameOffsets(type: number, rdata: Buffer): number[] {
  return nameFields(type, rdata).filter((f) => f.compress).map((f) => f.offset);
}

/** Offsets of every embedded domain name (compressible or not). */
export function embeddedNameOffsets(type: number, rdata: Buffer): number[] {
  return nameFields(type, rdata).map((f) => f.offset);
}

/**
 * How many fields the RDATA of `type` takes when that number is fixed (A: 1, MX: 2, ...);
 * undefined when the RDATA runs to the end of the record (TXT, hex digests, RFC 3597 `\#`).
 * The parser needs it to name the line BIND names for a record cut short by end of file.
 */
export function fixedFieldCount(type: number, fields: readonly string[]): number | undefined {
  if (fields.length > 0 && fields[0] === '\\#') return undefined;
  const codec = CODECS.get(type);
  if (codec !== undefined) return codec.fixedFields;
  const layout = LAYOUT.get(type)?.fields;
  if (layout === undefined || /[CxB]/.test(layout)) return undefined;
  return layout.length;
}

/** The field layout of `type` (see LAYOUT), undefined for the types with a codec or none. */
export function layoutOf(type: number): string | undefined {
  return LAYOUT.get(type)?.fields;
}

/** Every type described by a field layout. */
export function layoutTypes(): number[] {
  return [...LAYOUT.keys()];
}

/** The RR types rdataFromText reads in their own (non-RFC 3597) text form. */
export function hasTextForm(type: number): boolean {
  return LAYOUT.has(type) || CODECS.has(type);
}

/** The RDATA fields of `type` are BIND key=value tokens (SVCB, HTTPS; see rdata/value-pair.ts). */
export function readsValuePairs(type: number): boolean {
  return CODECS.get(type)?.valuePairs === true;
}
export { opensQuotedValue } from './rdata/value-pair.js';

/** Re-exported for the parser: TTL text as BIND reads it. */
export { parseTtl } from './rdata/text.js';

/**
 * The RDATA of a record read from a message, its names decompressed (RFC 1035 4.1.4) for the
 * types whose names a sender may compress (the `compress` layouts above, RFC 3597 4): the
 * form zones store. Other types' RDATA is copied as it is. Throws RdataError when the RDATA
 * does not fit the type's layout.
 */
export function rdataFromMessage(msg: Buffer, start: number, length: number, type: number): Buffer {
  const end = start + length;
  const d = LAYOUT.get(type);
  if (d?.compress !== true) return Buffer.from(msg.subarray(start, end));
  const parts: Buffer[] = [];
  let o = start;
  for (const f of d.fields) {
    if (f === 'n') {
      if (o >= end) throw new RdataError('RDATA too short', 0);
      const { name, next } = nameFromWire(msg, o);
      parts.push(nameToWire(name));
      o = next;
      continue;
    }
    // The compressible layouts hold only names and 16/32-bit numbers.
    const size = f === 's' ? 2 : 4;
    parts.push(Buffer.from(msg.subarray(o, o + size)));
    o += size;
  }
  if (o !== end) throw new RdataError('RDATA length does not match its fields', 0);
  return Buffer.concat(parts);
}
