/**
 * The type bitmap of NSEC (RFC 4034 4.1.2), NSEC3 (RFC 5155 3.2.1) and CSYNC (RFC 7477 2.1.2):
 * windows of 256 types, each `window number, octet count (1-32), bits`, windows ascending,
 * the last octet of each non-zero. Text is RR type mnemonics or `TYPEnnn` (RFC 3597 5), in
 * any order, as BIND's typemap_fromtext reads them (no plain numbers); printed ascending,
 * by mnemonic where BIND has one.
 */
import { RdataError, isQuoted } from './text.js';
import { typeFromText, typeToText } from '../rrtypes.js';

/** The bitmap of the type fields `fields[from..]`. Throws RdataError as BIND words it. */
export function typeBitmapFromText(fields: readonly string[], from: number, allowEmpty: boolean): Buffer {
  const types: number[] = [];
  for (let i = from; i < fields.length; i++) {
    const f = fields[i];
    if (isQuoted(f)) throw new RdataError('unexpected token', i);
    const t = typeFromText(f);
    if (t === undefined) throw new RdataError('unknown class/type', i);
    types.push(t);
  }
  // BIND's DNS_R_FORMERR for an NSEC without types (its message text is the code's name).
  if (types.length === 0 && !allowEmpty) throw new RdataError('FORMERR', fields.length);
  return typeBitmapFromTypes(types);
}

/** The bitmap listing `types` (any order, repeats allowed). */
export function typeBitmapFromTypes(types: Iterable<number>): Buffer {
  const windows = new Map<number, Uint8Array>();
  for (const t of types) {
    const w = t >> 8;
    let bits = windows.get(w);
    if (bits === undefined) windows.set(w, (bits = new Uint8Array(32)));
    bits[(t & 0xff) >> 3] |= 0x80 >> (t & 7);
  }
  const parts: Buffer[] = [];
  for (const w of [...windows.keys()].sort((a, b) => a - b)) {
    const bits = windows.get(w)!;
    let len = 32;
    while (bits[len - 1] === 0) len--;
    parts.push(Buffer.from([w, len]), Buffer.from(bits.subarray(0, len)));
  }
  return Buffer.concat(parts);
}

/** BIND's typemap_test: the bitmap `b[from..]` is well formed (and not empty unless allowed). */
export function typeBitmapValid(b: Uint8Array, from: number, allowEmpty: boolean): boolean {
  let last = -1;
  let i = from;
  while (i < b.length) {
    if (i + 2 > b.length) return false;
    const window = b[i];
    const len = b[i + 1];
    i += 2;
    if (window <= last || len < 1 || len > 32 || i + len > b.length || b[i + len - 1] === 0) return false;
    last = window;
    i += len;
  }
  return allowEmpty || last >= 0;
}

/** The types of a well-formed bitmap `b[from..]`, ascending. */
export function typeBitmapTypes(b: Uint8Array, from: number): number[] {
  const out: number[] = [];
  for (let i = from; i + 1 < b.length; i += 2 + b[i + 1]) {
    const base = b[i] * 256;
    for (let j = 0; j < b[i + 1]; j++) {
      const octet = b[i + 2 + j];
      for (let k = 0; k < 8; k++) if (octet & (0x80 >> k)) out.push(base + j * 8 + k);
    }
  }
  return out;
}

/** True when the well-formed bitmap `b[from..]` lists `type`. */
export function typeBitmapHas(b: Uint8Array, from: number, type: number): boolean {
  const w = type >> 8;
  const octet = (type & 0xff) >> 3;
  for (let i = from; i + 1 < b.length; i += 2 + b[i + 1]) {
    if (b[i] === w) return octet < b[i + 1] && (b[i + 2 + octet] & (0x80 >> (type & 7))) !== 0;
  }
  return false;
}

/** The bitmap as BIND's typemap_totext prints it: mnemonics or TYPEnnn, space-separated. */
export function typeBitmapToText(b: Uint8Array, from: number): string {
  return typeBitmapTypes(b, from).map(typeToText).join(' ');
}
