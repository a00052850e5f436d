/**
 * fast-check generators of valid wire RDATA for every RR type labnet reads in text form.
 *
 * The types described by a field layout (src/wire/rdata.ts LAYOUT: `layoutOf`) get their
 * RDATA from that same layout string, one generator per field letter, with the per-type
 * rules text input enforces laid over some fields (DS-form and SSHFP digest lengths, NAPTR
 * flags and regexp). The types with a codec of their own (src/wire/rdata/types/) each have
 * a generator here following the RFC layout and the checks of the codec's `valid`: SVCB key
 * order and mandatory lists (RFC 9460 2.2, 8), NSEC/NSEC3/CSYNC type bitmaps (RFC 4034
 * 4.1.2), LOC ranges (RFC 1876 2), RRSIG labels (RFC 4034 3.1.3), ... `rdataArbitrary`
 * returns undefined for a type it has no generator for, so a test can require one for every
 * registered type.
 */
import fc from 'fast-check';
import { hasTextForm, layoutOf } from '../../src/wire/rdata.js';
import { typeBitmapFromTypes } from '../../src/wire/rdata/type-bitmap.js';
import { rdataToText } from '../../src/wire/rdata.js';
import { validNaptrRegexp } from '../../src/wire/rdata/naptr-regexp.js';
import { typeToText } from '../../src/wire/rrtypes.js';
import { base32hexEncode } from '../../src/wire/rdata/base32hex.js';

type Bytes = fc.Arbitrary<number[]>;

const seq = (...parts: Bytes[]): Bytes => fc.tuple(...parts).map((p) => p.flat());
const bytes = (min: number, max: number): Bytes => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => [...b]);
const u8: Bytes = fc.integer({ min: 0, max: 0xff }).map((v) => [v]);
const u16v = (min = 0, max = 0xffff): Bytes => fc.integer({ min, max }).map((v) => [v >> 8, v & 0xff]);
const u16 = u16v();
const u32: Bytes = fc.integer({ min: 0, max: 0xffffffff }).map((v) => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
const lit = (...v: number[]): Bytes => fc.constant(v);
const ascii = (s: string): number[] => [...Buffer.from(s, 'latin1')];
/** One <character-string> (RFC 1035 3.3): a length octet and that many bytes. */
const cstrOf = (body: Bytes): Bytes => body.map((b) => [b.length, ...b]);
const cstr = cstrOf(bytes(0, 40));

/** A label: any bytes (printed with escapes), or a host-name-like one with mixed case. */
const label = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 12 }).map((b) => [...b]),
  fc.stringMatching(/^[a-zA-Z0-9-]{1,10}$/).map(ascii),
);
/** An uncompressed wire name (RFC 1035 3.1), the root included. */
export const nameWire: Bytes = fc.array(label, { maxLength: 4 }).map((ls) => [...ls.flatMap((l) => [l.length, ...l]), 0]);

/** Generators of the field letters of LAYOUT (see TypeLayout in src/wire/rdata.ts). */
const FIELD: Record<string, Bytes> = {
  a: bytes(4, 4),
  '6': bytes(16, 16),
  b: u8,
  s: u16,
  l: u32,
  t: u32,
  n: nameWire,
  c: cstr,
  C: fc.array(cstr, { minLength: 1, maxLength: 4 }).map((a) => a.flat()),
  x: bytes(1, 70),
  B: bytes(1, 70),
  Q: bytes(1, 50),
};

/** A digest type octet and a digest of the length the type requires (others: any length). */
function digest(lengths: Record<number, number>): Bytes {
  return fc.integer({ min: 0, max: 0xff }).chain((t) => {
    const n = lengths[t];
    return seq(lit(t), n === undefined ? bytes(1, 60) : bytes(n, n));
  });
}

/** DS, CDS, TA, DLV (RFC 4034 5.1, RFC 7344, RFC 4431): SHA-1 20, SHA-256 32, SHA-384 48 octets. */
const DS_DIGEST = digest({ 1: 20, 2: 32, 4: 48 });

/**
 * Per-type rules over the layout: `fields[i]` replaces the generator of field i; a span
 * `[i, j)` replaced by one generator stands for fields that depend on each other (the
 * digest type and the digest).
 */
interface LayoutRule {
  readonly from: number;
  readonly to: number;
  readonly arb: Bytes;
}
const NAPTR_FLAGS = cstrOf(fc.stringMatching(/^[a-zA-Z0-9]{0,4}$/).map(ascii));
/** RFC 3402 3.2 regexp field: empty, or delimiter, ERE, delimiter, replacement, delimiter, optional `i`. */
const NAPTR_REGEXP = cstrOf(fc.oneof(
  fc.constant<number[]>([]),
  fc.tuple(fc.constantFrom('!', '/', '#', '@'), fc.stringMatching(/^\^?([a-z.]|\([a-z.]+\)|\[[a-z-]+\]|[a-z][*+?]|a\{1,2\}){1,4}\$?$/), fc.stringMatching(/^[a-z:@.0-9]{0,8}(\\[1-2])?$/), fc.boolean())
    .map(([d, e, r, i]) => ascii(`${d}${e}${d}${r}${d}${i ? 'i' : ''}`))
    .filter((b) => validNaptrRegexp(Uint8Array.from([b.length, ...b]))), // an ERE BIND accepts, backrefs to its groups
));
const RULES = new Map<number, readonly LayoutRule[]>([
  [43, [{ from: 2, to: 4, arb: DS_DIGEST }]],
  [59, [{ from: 2, to: 4, arb: DS_DIGEST }]],
  [32768, [{ from: 2, to: 4, arb: DS_DIGEST }]],
  [32769, [{ from: 2, to: 4, arb: DS_DIGEST }]],
  [44, [{ from: 1, to: 3, arb: digest({ 1: 20, 2: 32 }) }]], // SSHFP, RFC 4255 3.1, RFC 6594
  [35, [{ from: 2, to: 3, arb: NAPTR_FLAGS }, { from: 4, to: 5, arb: NAPTR_REGEXP }]],
]);

function fromLayout(type: number, layout: string): Bytes {
  const parts: Bytes[] = [];
  const rules = RULES.get(type) ?? [];
  for (let i = 0; i < layout.length;) {
    const r = rules.find((x) => x.from === i);
    if (r !== undefined) {
      parts.push(r.arb);
      i = r.to;
      continue;
    }
    parts.push(FIELD[layout[i]]);
    i++;
  }
  return seq(...parts);
}

// ---- the types with a codec of their own ----

/** A type bitmap (RFC 4034 4.1.2) of a few types, small ones more often. */
const bitmap = (allowEmpty: boolean): Bytes =>
  fc.array(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 0xffff })), { minLength: allowEmpty ? 0 : 1, maxLength: 8 })
    .map((ts) => [...typeBitmapFromTypes(ts)]);

/** IPSECKEY / AMTRELAY gateway type 0-3 and the gateway itself (RFC 4025 2.3, 2.5). */
const gateway = (typeOctet: (t: number) => Bytes): Bytes =>
  fc.integer({ min: 0, max: 3 }).chain((t) => seq(typeOctet(t), [lit(), bytes(4, 4), bytes(16, 16), nameWire][t]));

/** Labels of a wire name (the root has none). */
function labelCount(name: readonly number[]): number {
  let n = 0;
  for (let o = 0; name[o] !== 0; o += 1 + name[o]) n++;
  return n;
}

/** SIG and RRSIG (RFC 4034 3.1): labels at least the signer's for RRSIG. */
const sigRdata = (rrsig: boolean): Bytes =>
  fc.tuple(u16, u8, fc.integer({ min: 0, max: 0xff }), u32, u32, u32, u16, nameWire, bytes(1, 80)).map(
    ([covered, alg, labels, ttl, exp, inc, tag, signer, sig]) => [
      ...covered, ...alg, rrsig ? Math.max(labels, labelCount(signer)) : labels, ...ttl, ...exp, ...inc, ...tag, ...signer, ...sig,
    ]);

/** KEY, DNSKEY, CDNSKEY, RKEY (RFC 4034 2.1; RFC 2535 3.1.2: a KEY with both top flag bits set has no key). */
const keyRdata = (noKeyAllowed: boolean, flags: Bytes = u16): Bytes =>
  fc.tuple(flags, u8, u8, bytes(1, 80)).map(([f, p, a, k]) =>
    noKeyAllowed && (f[0] & 0xc0) === 0xc0 ? [...f, ...p, ...a] : [...f, ...p, ...a, ...k]);

/** NSEC3 / NSEC3PARAM parameters (RFC 5155 3.2, 4.2): hash algorithm, flags, iterations, salt. */
const nsec3Params = (alg: number): Bytes => seq(lit(alg), u8, u16, cstrOf(bytes(0, 20)));

/** LOC precision octet (RFC 1876 2): mantissa 1-9 and exponent 0-9, or 0. */
const locPrecision = fc.oneof(fc.constant(0), fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([m, e]) => (m << 4) | e));
const DEG = 3600000;
const offsetAngle = (maxDeg: number): Bytes => fc.integer({ min: -maxDeg * DEG, max: maxDeg * DEG }).map((v) => {
  const w = 0x80000000 + v;
  return [w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff];
});

/** One APL item (RFC 3123 4): family 1 or 2, prefix in range, address without trailing zero octets. */
const aplItem: Bytes = fc.tuple(fc.constantFrom(1, 2), fc.boolean(), fc.nat(128), bytes(0, 16)).map(([afi, neg, p, a]) => {
  const addr = a.slice(0, afi === 1 ? 4 : 16);
  while (addr.length > 0 && addr[addr.length - 1] === 0) addr.pop();
  return [0, afi, p % (afi === 1 ? 33 : 129), addr.length | (neg ? 0x80 : 0), ...addr];
});

/** The SvcParams of SVCB/HTTPS (RFC 9460 2.2, 7): ascending keys, each value of its key's form. */
const svcValue: Record<number, Bytes> = {
  1: fc.array(bytes(1, 10).map((b) => [b.length, ...b]), { minLength: 1, maxLength: 3 }).map((a) => a.flat()), // alpn
  2: lit(), // no-default-alpn
  3: u16, // port
  4: fc.array(bytes(4, 4), { minLength: 1, maxLength: 3 }).map((a) => a.flat()), // ipv4hint
  5: bytes(0, 40), // ech
  6: fc.array(bytes(16, 16), { minLength: 1, maxLength: 2 }).map((a) => a.flat()), // ipv6hint
  7: fc.stringMatching(/^[a-z0-9/-]{0,10}$/).map((s) => ascii(`/${s}{?dns}`)), // dohpath (RFC 9461 5)
};
const svcParams: Bytes = fc.uniqueArray(fc.oneof(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 8, max: 0xffff })), { maxLength: 6 })
  .chain((keys0) => {
    const keys = keys0.filter((k) => k !== 2 || keys0.includes(1)).sort((a, b) => a - b);
    const values = keys.map((k) => svcValue[k] ?? bytes(0, 20));
    // mandatory (key 0) lists some of the other keys present (RFC 9460 8), never itself.
    const mandatory = keys.length === 0 ? fc.constant<number[] | undefined>(undefined)
      : fc.option(fc.subarray(keys, { minLength: 1 }), { nil: undefined });
    return fc.tuple(mandatory, fc.tuple(...values)).map(([man, vs]) => {
      const out: number[] = [];
      const param = (k: number, v: readonly number[]) => out.push(k >> 8, k & 0xff, v.length >> 8, v.length & 0xff, ...v);
      if (man !== undefined) param(0, man.flatMap((k) => [k >> 8, k & 0xff]));
      keys.forEach((k, i) => param(k, vs[i]));
      return out;
    });
  });

const CODEC_ARBS = new Map<number, Bytes>([
  [257, seq(u8, cstrOf(fc.stringMatching(/^[a-zA-Z0-9]{1,15}$/).map(ascii)), bytes(0, 60))], // CAA, RFC 8659 4.1
  [108, bytes(6, 6)], // EUI48
  [109, bytes(8, 8)], // EUI64
  [22, bytes(1, 20)], // NSAP
  [37, seq(u16, u16, u8, bytes(1, 60))], // CERT
  [45, seq(u8, gateway((t) => fc.tuple(u8).map(([alg]) => [t, ...alg])), bytes(1, 60)).map((b) => [b[0], b[1], b[2], ...b.slice(3)])], // IPSECKEY (precedence, type, alg, gw, key)
  [55, fc.tuple(bytes(1, 32), u8, bytes(1, 60), fc.array(nameWire, { maxLength: 3 })).map(([hit, alg, key, rvs]) =>
    [hit.length, ...alg, key.length >> 8, key.length & 0xff, ...hit, ...key, ...rvs.flat()])], // HIP, RFC 8005 5
  [38, fc.integer({ min: 0, max: 128 }).chain((pl) => seq(lit(pl), bytes(16 - Math.floor(pl / 8), 16 - Math.floor(pl / 8)).map((s) => {
    if (s.length > 0) s[0] &= 0xff >> (pl % 8); // RFC 2874 3.1: pad bits zero
    return s;
  }), pl === 0 ? lit() : nameWire))], // A6
  [260, seq(u8, gateway((t) => fc.boolean().map((d) => [(d ? 0x80 : 0) | t])))], // AMTRELAY, RFC 8777 4.2
  [259, seq(u32, u32, u8, cstr, bytes(0, 60))], // DOA
  [34, fc.oneof(seq(lit(0), bytes(1, 20)), seq(lit(1), fc.stringMatching(/^[0-9]{1,15}$/).map(ascii)))], // ATMA
  [10, bytes(0, 60)], // NULL: RFC 3597 form only
  [100, bytes(0, 30)], // UINFO
  [101, bytes(0, 30)], // UID
  [102, bytes(0, 30)], // GID
  [103, bytes(0, 30)], // UNSPEC
  [65533, bytes(0, 60)], // KEYDATA: printed TYPE65533 in RFC 3597 form, as BIND
  [40, seq(u8, u8, u8, bytes(0, 60))], // SINK
  [104, seq(u16, bytes(8, 8))], // NID, RFC 6742 2.1
  [106, seq(u16, bytes(8, 8))], // L64, RFC 6742 2.3
  [30, seq(nameWire, fc.uniqueArray(fc.integer({ min: 1, max: 127 }), { maxLength: 6 }).map((ts) => {
    const b: number[] = [];
    for (const t of ts) {
      while (b.length <= t >> 3) b.push(0);
      b[t >> 3] |= 0x80 >> (t & 7);
    }
    return b;
  }))], // NXT, RFC 2535 5.2
  [19, cstrOf(fc.stringMatching(/^[0-9]{4,15}$/).map(ascii))], // X25, RFC 1183 3.1
  [20, fc.array(cstr, { minLength: 1, maxLength: 2 }).map((a) => a.flat())], // ISDN, RFC 1183 3.2
  [66, seq(u16, u8, u16, nameWire)], // DSYNC
  [25, keyRdata(true)], // KEY
  [48, keyRdata(false)], // DNSKEY
  [60, keyRdata(false)], // CDNSKEY
  [57, keyRdata(false, lit(0, 0))], // RKEY: flags 0
  [24, sigRdata(false)], // SIG
  [46, sigRdata(true)], // RRSIG
  [47, seq(nameWire, bitmap(false))], // NSEC, RFC 4034 4.1
  [50, fc.integer({ min: 0, max: 3 }).chain((alg) => seq(nsec3Params(alg),
    cstrOf(alg === 1 ? bytes(20, 20) : bytes(1, 30)), bitmap(true)))], // NSEC3, RFC 5155 3.2
  [51, fc.integer({ min: 0, max: 0xff }).chain(nsec3Params)], // NSEC3PARAM
  [63, fc.integer({ min: 0, max: 0xff }).chain((alg) =>
    seq(u32, u8, lit(alg), alg === 1 ? bytes(48, 48) : alg === 2 ? bytes(64, 64) : bytes(12, 70)))], // ZONEMD, RFC 8976 2.2.4
  [62, seq(u32, u16, bitmap(true))], // CSYNC, RFC 7477 2.1
  [64, seq(u16, nameWire, svcParams)], // SVCB
  [65, seq(u16, nameWire, svcParams)], // HTTPS
  [29, seq(lit(0), fc.tuple(locPrecision, locPrecision, locPrecision).map((p) => p), offsetAngle(90), offsetAngle(180), u32)], // LOC
  [42, fc.array(aplItem, { maxLength: 4 }).map((a) => a.flat())], // APL
  [11, seq(bytes(4, 4), u8, bytes(0, 20).map((b) => (b.length > 0 && b[b.length - 1] === 0 ? [...b, 1] : b)))], // WKS: no trailing zero octet
]);

/** The types BIND prints only in RFC 3597 form (no presentation form of their own). */
export const OPAQUE_TYPES: ReadonlySet<number> = new Set([10, 100, 101, 102, 103, 65533]);

/** Valid random wire RDATA of `type`; undefined when this module has no generator for it. */
export function rdataArbitrary(type: number): fc.Arbitrary<Buffer> | undefined {
  const layout = layoutOf(type);
  const arb = layout !== undefined ? fromLayout(type, layout) : CODEC_ARBS.get(type);
  return arb?.map((b) => Buffer.from(b));
}

/** Every type labnet reads in its own text form (src/wire/rdata.ts LAYOUT and the codec registry). */
export function registeredTypes(): number[] {
  const out: number[] = [];
  for (let t = 0; t <= 0xffff; t++) if (hasTextForm(t)) out.push(t);
  return out;
}

/** MD and MF: a master file may not hold them (BIND: "type 'MD': obsolete", RFC 973). */
export const OBSOLETE: ReadonlySet<number> = new Set([3, 4]);
/** BIND's singleton types (one record a name): CNAME, DNAME, RESINFO. */
const SINGLETON = new Set([5, 39, 261]);
const SOA = 6;
const NSEC3 = 50;

/** Records of one type at one owner: a TTL and one to three RDATAs (one for a singleton). */
const rrsetOf = (type: number) => fc.tuple(
  fc.integer({ min: 0, max: 2147483647 }),
  fc.array(rdataArbitrary(type)!, { minLength: 1, maxLength: SINGLETON.has(type) ? 1 : 3 }),
  fc.uint8Array({ minLength: 20, maxLength: 20 }),
);

/**
 * A master file for zone example.com. holding random records of each of `types` (the apex
 * SOA with random RDATA, an apex NS, then each other type at an owner of its own, so no two
 * types meet: no CNAME and other data; an NSEC3 at a hashed owner name, RFC 5155 3), RDATA in
 * labnet's presentation form.
 */
export function allTypesZoneText(types: readonly number[]): fc.Arbitrary<string> {
  const zoneTypes = types.filter((t) => t !== SOA && !OBSOLETE.has(t));
  return fc.tuple(rdataArbitrary(SOA)!, fc.tuple(...zoneTypes.map(rrsetOf))).map(([soa, sets]) => {
    const lines = [`@ 3600 IN SOA ${rdataToText(SOA, soa)}`, '@ 3600 IN NS ns.other.org.'];
    zoneTypes.forEach((type, i) => {
      const [ttl, rdatas, hash] = sets[i];
      const owner = type === NSEC3 ? base32hexEncode(hash, 0, 20) : `t${type}`;
      for (const r of rdatas) lines.push(`${owner} ${ttl} IN ${typeToText(type)} ${rdataToText(type, r)}`);
    });
    return lines.join('\n') + '\n';
  });
}
