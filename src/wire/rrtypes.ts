/**
 * RR type and class mnemonics (IANA "Domain Name System (DNS) Parameters"; RFC 1035 3.2.2,
 * 3.2.4) and the RFC 3597 section 5 generic spellings `TYPEnnn` / `CLASSnnn`.
 * Mnemonics are case-insensitive on input (RFC 1035 5.1) and printed upper-case, as BIND does.
 */

const TYPES: ReadonlyArray<readonly [string, number]> = [
  ['A', 1], ['NS', 2], ['MD', 3], ['MF', 4], ['CNAME', 5], ['SOA', 6], ['MB', 7], ['MG', 8],
  ['MR', 9], ['NULL', 10], ['WKS', 11], ['PTR', 12], ['HINFO', 13], ['MINFO', 14], ['MX', 15],
  ['TXT', 16], ['RP', 17], ['AFSDB', 18], ['X25', 19], ['ISDN', 20], ['RT', 21], ['NSAP', 22],
  ['NSAP-PTR', 23], ['SIG', 24], ['KEY', 25], ['PX', 26], ['GPOS', 27], ['AAAA', 28],
  ['LOC', 29], ['NXT', 30], ['EID', 31], ['NIMLOC', 32], ['SRV', 33], ['ATMA', 34],
  ['NAPTR', 35], ['KX', 36], ['CERT', 37], ['A6', 38], ['DNAME', 39], ['SINK', 40],
  ['OPT', 41], ['APL', 42], ['DS', 43], ['SSHFP', 44], ['IPSECKEY', 45], ['RRSIG', 46],
  ['NSEC', 47], ['DNSKEY', 48], ['DHCID', 49], ['NSEC3', 50], ['NSEC3PARAM', 51],
  ['TLSA', 52], ['SMIMEA', 53], ['HIP', 55], ['NINFO', 56], ['RKEY', 57], ['TALINK', 58],
  ['CDS', 59], ['CDNSKEY', 60], ['OPENPGPKEY', 61], ['CSYNC', 62], ['ZONEMD', 63],
  ['SVCB', 64], ['HTTPS', 65], ['DSYNC', 66], ['HHIT', 67], ['BRID', 68], ['SPF', 99], ['UINFO', 100], ['UID', 101], ['GID', 102],
  ['UNSPEC', 103], ['NID', 104], ['L32', 105], ['L64', 106], ['LP', 107], ['EUI48', 108],
  ['EUI64', 109], ['TKEY', 249], ['TSIG', 250], ['IXFR', 251], ['AXFR', 252],
  ['MAILB', 253], ['MAILA', 254], ['ANY', 255], ['URI', 256], ['CAA', 257], ['AVC', 258],
  ['DOA', 259], ['AMTRELAY', 260], ['RESINFO', 261], ['WALLET', 262], ['TA', 32768], ['DLV', 32769],
];

const CLASSES: ReadonlyArray<readonly [string, number]> = [
  ['IN', 1], ['CH', 3], ['HS', 4], ['NONE', 254], ['ANY', 255],
];

const typeByName = new Map<string, number>(TYPES.map(([n, v]) => [n, v]));
// BIND reads KEYDATA (its private managed-keys type) but prints it TYPE65533.
typeByName.set('KEYDATA', 65533);
const nameByType = new Map<number, string>(TYPES.map(([n, v]) => [v, n]));
const classByName = new Map<string, number>(CLASSES.map(([n, v]) => [n, v]));
const nameByClass = new Map<number, string>(CLASSES.map(([n, v]) => [v, n]));
// BIND also reads CHAOS and HESIOD (lib/dns/rcode.c).
classByName.set('CHAOS', 3);
classByName.set('HESIOD', 4);
// Lower-case spellings too, so the common cases need no toUpperCase() per token.
for (const m of [typeByName, classByName]) for (const [k, v] of [...m]) m.set(k.toLowerCase(), v);

/** `TYPEnnn` / `CLASSnnn` (RFC 3597 5): decimal 0-65535, no sign, no empty number. */
function generic(s: string, prefix: string): number | undefined {
  if (s.length <= prefix.length || s.length > prefix.length + 5) return undefined;
  if (s.slice(0, prefix.length).toUpperCase() !== prefix) return undefined;
  let v = 0;
  for (let i = prefix.length; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    v = v * 10 + c;
  }
  return v <= 0xffff ? v : undefined;
}

/** 'A' -> 1, 'aaaa' -> 28, 'TYPE65280' -> 65280; undefined when not a type. */
export function typeFromText(s: string): number | undefined {
  const known = typeByName.get(s);
  if (known !== undefined) return known;
  if (s.length > 10) return generic(s, 'TYPE');
  return typeByName.get(s.toUpperCase()) ?? generic(s, 'TYPE');
}

/** 1 -> 'A', 65280 -> 'TYPE65280'. */
export function typeToText(t: number): string {
  return nameByType.get(t) ?? `TYPE${t}`;
}

/** 'IN' -> 1, 'CLASS1' -> 1, 'ch' -> 3; undefined when not a class. */
export function classFromText(s: string): number | undefined {
  const known = classByName.get(s);
  if (known !== undefined) return known;
  const c0 = s.charCodeAt(0) | 0x20;
  // Every class mnemonic starts with c, h, i, n or a and has 2 letters or more: skip the rest
  // (types such as A, TTLs) quickly.
  if (s.length < 2 || (c0 !== 0x63 && c0 !== 0x68 && c0 !== 0x69 && c0 !== 0x6e && c0 !== 0x61)) return undefined;
  return classByName.get(s.toUpperCase()) ?? generic(s, 'CLASS');
}

/** 1 -> 'IN', 3 -> 'CH', 42 -> 'CLASS42'. */
export function classToText(c: number): string {
  return nameByClass.get(c) ?? `CLASS${c}`;
}

/** Meta-types and QTYPEs that cannot appear in a zone file (RFC 6895 3.1; BIND "meta type"). */
export function isMetaType(t: number): boolean {
  return t === 41 || (t >= 128 && t <= 255) || t === 0;
}

/** RR type numbers used across labnet (IANA DNS parameters). */
export const RRType = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, HINFO: 13, MX: 15, TXT: 16, AAAA: 28, SRV: 33,
  NAPTR: 35, DNAME: 39, OPT: 41, DS: 43, SSHFP: 44, RRSIG: 46, NSEC: 47, DNSKEY: 48,
  NSEC3: 50, NSEC3PARAM: 51,
  TLSA: 52, SPF: 99, IXFR: 251, AXFR: 252, ANY: 255, CAA: 257,
} as const;
