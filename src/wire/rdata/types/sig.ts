/**
 * SIG (RFC 2535 4.1, RFC 2931 SIG(0)) and RRSIG (RFC 4034 3): type covered, algorithm,
 * labels, original TTL, expiration and inception (YYYYMMDDHHMMSS), key tag, signer's name,
 * signature in base64.
 * BIND prints the type covered by mnemonic (a number when it has none) and each time as the
 * date nearest to now that it can stand for (RFC 4034 3.1.5 serial arithmetic).
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, parseUint, fieldAt, parseBase64Fields, base64ToText } from '../text.js';
import { nameAt, nameEnd, nameFieldToWire, plainName } from '../name-field.js';
import { SECALG, parseMnemonic } from '../mnemonics.js';
import { typeFromText, typeToText } from '../../rrtypes.js';
import { parseTime14 } from './keydata.js';

const MOD = 0x100000000;

/** dns_time32_totext: the 32-bit time as the YYYYMMDDHHMMSS nearest to `now` (ms). */
export function timeToText(v: number, now = Date.now()): string {
  const n = Math.floor(now / 1000);
  let delta = (v - (n % MOD) + MOD) % MOD;
  if (delta >= MOD / 2) delta -= MOD;
  return secondsToText(n + delta);
}

/** Seconds since 1970 (UTC) as YYYYMMDDHHMMSS: dns_time64_totext. */
export function secondsToText(t: number): string {
  const d = new Date(t * 1000);
  const p = (x: number, w = 2) => String(x).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/**
 * The type covered as BIND's fromtext_sig/fromtext_rrsig read it: a mnemonic or TYPEnnn, else
 * strtol's decimal (a number out of 0-65535 is 'out of range' even with junk after it).
 */
function parseCovered(f: string, field: number): number {
  if (isQuoted(f)) throw new RdataError('unexpected token', field);
  const t = typeFromText(f);
  if (t !== undefined) return t;
  const m = /^[-+]?\d+/.exec(f);
  if (m !== null) {
    const v = Number(m[0]);
    if (v < 0 || v > 0xffff) throw new RdataError('out of range', field);
    if (m[0].length === f.length) return v;
  }
  throw new RdataError('unknown class/type', field);
}

/**
 * RRSIG's expiration and inception (RFC 4034 3.2): BIND reads a token of at most ten
 * characters not starting with a sign as a plain 32-bit number (seconds since 1970, modulo
 * 2^32), anything else as YYYYMMDDHHMMSS.
 */
function parseRrsigTime(f: string, field: number): number {
  if (isQuoted(f)) throw new RdataError('unexpected token', field);
  if (f.length > 10 || f[0] === '-' || f[0] === '+') return parseTime14(f, field);
  if (!/^\d+$/.test(f)) throw new RdataError('syntax error', field);
  if (Number(f) > 0xffffffff) throw new RdataError('out of range', field);
  return Number(f);
}

/** Labels of the uncompressed wire name at `off` (the root has none, `*` counts). */
function labelCount(b: Uint8Array, off: number): number {
  let n = 0;
  for (let o = off; b[o] !== 0; o += 1 + b[o]) n++;
  return n;
}

/**
 * SIG and RRSIG share this layout (RFC 4034 3: RRSIG is SIG's). They differ in the times
 * (RRSIG also takes plain numbers), in a signer with more labels than the labels field
 * ('out of range' for RRSIG only) and in the type covered BIND has no mnemonic for (SIG
 * prints the number, RRSIG TYPEnnn).
 */
function sigFamily(type: number, rrsig: boolean): RdataCodec {
  const parseTime = rrsig ? parseRrsigTime : parseTime14;
  const codec: RdataCodec = {
    type,
    fromText(fields, origin) {
      const covered = parseCovered(fieldAt(fields, 0), 0);
      const alg = parseMnemonic(fieldAt(fields, 1), SECALG, 0xff, 1);
      const labels = parseUint(fieldAt(fields, 2), 0xff, 2);
      const head = Buffer.alloc(18);
      head.writeUInt16BE(covered, 0);
      head[2] = alg;
      head[3] = labels;
      head.writeUInt32BE(parseUint(fieldAt(fields, 3), 0xffffffff, 3), 4);
      head.writeUInt32BE(parseTime(fieldAt(fields, 4), 4), 8);
      head.writeUInt32BE(parseTime(fieldAt(fields, 5), 5), 12);
      const tag = fieldAt(fields, 6);
      // BIND reads the key tag as a number and names the token after it when it is too big.
      const keyTag = /^\d+$/.test(tag) && Number(tag) > 0xffff ? -1 : parseUint(tag, 0xffff, 6);
      if (keyTag < 0) throw new RdataError('out of range', 7);
      head.writeUInt16BE(keyTag, 16);
      const signer = nameFieldToWire(fieldAt(fields, 7), origin, 7);
      if (rrsig && labelCount(signer, 0) > labels) throw new RdataError('out of range', 7);
      return Buffer.concat([head, signer, parseBase64Fields(fields, 8)]);
    },
    valid(b) {
      if (b.length < 19) return false;
      const e = nameEnd(b, 18);
      return e > 0 && e < b.length && !(rrsig && labelCount(b, 18) > b[3]);
    },
    // RFC 4034 6.2 lists SIG and RRSIG among the types whose names are lower-cased, and RFC
    // 6840 5.1 keeps RRSIG's signer there (only NSEC's next name is taken off the list).
    names: (b) => (codec.valid!(b) ? [plainName(18, true)] : []),
    toText(b) {
      if (!codec.valid!(b)) return undefined;
      const t = typeToText(b.readUInt16BE(0));
      const covered = !rrsig && t.startsWith('TYPE') ? String(b.readUInt16BE(0)) : t;
      const times = `${timeToText(b.readUInt32BE(8))} ${timeToText(b.readUInt32BE(12))}`;
      const e = nameEnd(b, 18);
      return `${covered} ${b[2]} ${b[3]} ${b.readUInt32BE(4)} ${times} ${b.readUInt16BE(16)} ${nameAt(b, 18)} ${base64ToText(b, e, b.length)}`;
    },
  };
  return codec;
}

export const sig = sigFamily(24, false);
export const rrsig = sigFamily(46, true);
