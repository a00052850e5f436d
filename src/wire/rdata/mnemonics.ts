/**
 * Numeric RDATA fields that BIND also reads as mnemonics (lib/dns/rcode.c): DNSSEC algorithm
 * numbers (RFC 4034 A.1 and the IANA registry), DS digest types (RFC 4034 A.2, RFC 4509,
 * RFC 5933, RFC 6605), CERT types (RFC 4398 2.1), KEY protocols (RFC 2535 3.1.3) and KEY flags
 * (RFC 2535 3.1.2, RFC 4034 2.1.1), read and rejected as BIND 9.18 reads and rejects them.
 */
import { RdataError, isQuoted } from './text.js';
import { typeFromText } from '../rrtypes.js';

export type MnemonicTable = ReadonlyArray<readonly [string, number]>;

/** dns_secalg: the names BIND 9.18 reads and prints (CERT prints them; DS, KEY print numbers). */
export const SECALG: MnemonicTable = [
  ['RSAMD5', 1], ['DH', 2], ['DSA', 3], ['RSASHA1', 5], ['NSEC3DSA', 6], ['NSEC3RSASHA1', 7],
  ['RSASHA256', 8], ['RSASHA512', 10], ['ECCGOST', 12], ['ECDSAP256SHA256', 13],
  ['ECDSAP384SHA384', 14], ['ED25519', 15], ['ED448', 16], ['INDIRECT', 252],
  ['PRIVATEDNS', 253], ['PRIVATEOID', 254],
];

/** dns_dsdigest. */
export const DSDIGEST: MnemonicTable = [
  ['SHA-1', 1], ['SHA1', 1], ['SHA-256', 2], ['SHA256', 2], ['GOST', 3], ['SHA-384', 4], ['SHA384', 4],
];

/** dns_cert (RFC 4398 2.1). */
export const CERT_TYPES: MnemonicTable = [
  ['PKIX', 1], ['SPKI', 2], ['PGP', 3], ['IPKIX', 4], ['ISPKI', 5], ['IPGP', 6], ['ACPKIX', 7],
  ['IACPKIX', 8], ['URI', 253], ['OID', 254],
];

/** dns_secproto (RFC 2535 3.1.3). */
export const SECPROTO: MnemonicTable = [
  ['NONE', 0], ['TLS', 1], ['EMAIL', 2], ['DNSSEC', 3], ['IPSEC', 4], ['ALL', 255],
];

/** KEY flag mnemonics in BIND's table order (the order matters: see parseKeyFlags). */
const KEYFLAGS: MnemonicTable = [
  ['NOCONF', 0x4000], ['NOAUTH', 0x8000], ['NOKEY', 0xc000], ['FLAG2', 0x2000], ['EXTEND', 0x1000],
  ['FLAG4', 0x0800], ['FLAG5', 0x0400], ['USER', 0x0000], ['ZONE', 0x0100], ['HOST', 0x0200],
  ['NTYP3', 0x0300], ['FLAG8', 0x0080], ['FLAG9', 0x0040], ['FLAG10', 0x0020], ['FLAG11', 0x0010],
  ['SIG0', 0], ['SIG1', 1], ['SIG2', 2], ['SIG3', 3], ['SIG4', 4], ['SIG5', 5], ['SIG6', 6],
  ['SIG7', 7], ['SIG8', 8], ['SIG9', 9], ['SIG10', 10], ['SIG11', 11], ['SIG12', 12],
  ['SIG13', 13], ['SIG14', 14], ['SIG15', 15], ['KSK', 0x0001],
];

/** BIND's NUMBERSIZE - 1: longer digit strings are never read as numbers. */
const MAX_NUMBER_CHARS = 11;

/**
 * BIND's maybe_numeric: a token starting with a digit is a number (decimal; hexadecimal, with
 * or without 0x, when `hex`); 'bad' when it is no number, throws 'out of range' above `max`.
 */
function maybeNumeric(f: string, max: number, hex: boolean, field: number): number | 'bad' {
  const c = f.charCodeAt(0);
  if (!(c >= 0x30 && c <= 0x39) || f.length > MAX_NUMBER_CHARS) return 'bad';
  let v: number;
  if (/^\d+$/.test(f)) v = Number(f);
  else if (hex && /^(0[xX])?[0-9a-fA-F]+$/.test(f)) v = parseInt(f, 16);
  else return 'bad';
  if (v > max) throw new RdataError('out of range', field);
  return v;
}

/** dns_mnemonic_fromtext: a number up to `max`, or a name of `table` (any case). */
export function parseMnemonic(f: string, table: MnemonicTable, max: number, field: number): number {
  if (isQuoted(f)) throw new RdataError('unexpected token', field);
  const n = maybeNumeric(f, max, false, field);
  if (n !== 'bad') return n;
  const u = f.toUpperCase();
  for (const [name, v] of table) if (name === u) return v;
  throw new RdataError('unknown class/type', field);
}

/** dns_mnemonic_totext: the first name for `v` in `table`, else the number. */
export function mnemonicToText(v: number, table: MnemonicTable): string {
  for (const [name, n] of table) if (n === v) return name;
  return String(v);
}

/**
 * dns_keyflags_fromtext: a number (decimal, else hexadecimal), or flag names joined by `|`.
 * As BIND compares only the length of each written part, a part matches the first flag it
 * is a prefix of (`NO` is NOCONF, an empty part NOCONF too).
 */
export function parseKeyFlags(f: string, field: number): number {
  if (isQuoted(f)) throw new RdataError('unexpected token', field);
  const n = maybeNumeric(f, 0xffff, true, field);
  if (n !== 'bad') return n;
  let v = 0;
  for (let i = 0; i < f.length; ) {
    const bar = f.indexOf('|', i);
    const part = f.slice(i, bar < 0 ? f.length : bar).toUpperCase();
    const hit = KEYFLAGS.find(([name]) => name.startsWith(part));
    if (hit === undefined) throw new RdataError('unknown flag', field);
    v |= hit[1];
    i = bar < 0 ? f.length : bar + 1;
  }
  return v;
}

/**
 * An RR type field (NXT, DSYNC): a mnemonic, `TYPEnnn` (RFC 3597 5) or a decimal number, as
 * dns_rdatatype_fromtext reads it.
 */
export function parseTypeField(f: string, field: number): number {
  if (isQuoted(f)) throw new RdataError('unexpected token', field);
  const t = typeFromText(f);
  if (t !== undefined) return t;
  if (/^\d+$/.test(f)) {
    if (f.length > MAX_NUMBER_CHARS || Number(f) > 0xffff) throw new RdataError('out of range', field);
    return Number(f);
  }
  throw new RdataError('unknown class/type', field);
}
