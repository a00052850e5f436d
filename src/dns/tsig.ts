/**
 * TSIG (RFC 8945): signing and verifying DNS messages with a shared secret. Pure apart from
 * node:crypto's HMAC; the time is a parameter (seconds since the epoch), never read here.
 *
 * The MAC covers (RFC 8945 4.3.3): for a request, the message as it was before the TSIG
 * record was added (its original ID, ARCOUNT without the TSIG) followed by the TSIG
 * variables (key name and algorithm name in canonical wire form, class ANY, TTL 0, time
 * signed, fudge, error, other data); for a response, the request's MAC (length-prefixed)
 * first (4.3.1); for the second and later messages of a multi-message response (a TCP
 * AXFR, 4.3.1 and 5.3.1), the previous MAC, the message, and the timers only.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { nameFromWire, nameKey, nameToWire } from '../wire/name.js';

export const TSIG_TYPE = 250;
const CLASS_ANY = 255;

/** TSIG error codes (RFC 8945 5.2, IANA DNS RCODEs). */
export const TsigError = { NONE: 0, BADSIG: 16, BADKEY: 17, BADTIME: 18, BADTRUNC: 22 } as const;

/** Algorithm names (RFC 8945 6, RFC 4635) and their node:crypto digests. */
const ALGORITHMS = new Map<string, string>([
  ['hmac-md5.sig-alg.reg.int.', 'md5'],
  ['hmac-sha1.', 'sha1'],
  ['hmac-sha224.', 'sha224'],
  ['hmac-sha256.', 'sha256'],
  ['hmac-sha384.', 'sha384'],
  ['hmac-sha512.', 'sha512'],
]);

/** named.conf's short algorithm names (`algorithm hmac-md5;`) and the TSIG names; a `-BITS` truncation suffix is left to tsigKeyAlgorithm. */
export function tsigAlgorithmName(text: string): string | undefined {
  return tsigKeyAlgorithm(text)?.algorithm;
}

/**
 * A named.conf key algorithm, `hmac-sha256` or truncated `hmac-sha256-128` (BIND's
 * digest bits, RFC 8945 5.2.2.1): the TSIG algorithm name and the bits its MACs carry.
 */
export function tsigKeyAlgorithm(text: string): { algorithm: string; digestBits?: number } | undefined {
  const m = /^(.*?)(?:-(\d+))?\.?$/.exec(text.toLowerCase())!;
  const base = m[1] === 'hmac-md5' ? 'hmac-md5.sig-alg.reg.int.' : `${m[1]}.`;
  if (!ALGORITHMS.has(base)) return undefined;
  return m[2] === undefined ? { algorithm: base } : { algorithm: base, digestBits: Number(m[2]) };
}

export interface TsigKey {
  /** The key's name, absolute (`ddns-key.`). */
  name: string;
  /** The TSIG algorithm name, absolute (`hmac-sha256.`). */
  algorithm: string;
  secret: Buffer;
  /**
   * A truncated key (`hmac-sha256-128`): the MAC bits it signs with and accepts at least;
   * absent, MACs are whole and a truncated one is BADTRUNC (BIND's digestbits 0).
   */
  digestBits?: number;
}

/** The TSIG record of a message, parsed. */
export interface TsigRecord {
  keyName: string;
  algorithm: string;
  timeSigned: number;
  fudge: number;
  mac: Buffer;
  originalId: number;
  error: number;
  otherData: Buffer;
  /** Offset of the TSIG RR in the message (the end of the part that was signed). */
  start: number;
}

/** Offset just past the RR at `o` (owner, type, class, TTL, RDLENGTH, RDATA). */
function skipRR(msg: Buffer, o: number): number {
  const { next } = nameFromWire(msg, o);
  if (next + 10 > msg.length) throw new Error('record runs past end of message');
  const end = next + 10 + msg.readUInt16BE(next + 8);
  if (end > msg.length) throw new Error('record runs past end of message');
  return end;
}

/**
 * The TSIG record when the message's last additional record is one (RFC 8945 5.1: it must
 * be the last); undefined when there is none. Throws on a malformed message or TSIG.
 */
export function findTsig(msg: Buffer): TsigRecord | undefined {
  if (msg.length < 12) throw new Error('short message');
  const qd = msg.readUInt16BE(4);
  const rrs = msg.readUInt16BE(6) + msg.readUInt16BE(8) + msg.readUInt16BE(10);
  if (msg.readUInt16BE(10) === 0) return undefined;
  let o = 12;
  for (let i = 0; i < qd; i++) {
    o = nameFromWire(msg, o).next + 4;
    if (o > msg.length) throw new Error('question runs past end of message');
  }
  const additionalFrom = rrs - msg.readUInt16BE(10);
  for (let i = 0; i < rrs - 1; i++) {
    // RFC 8945 5.1: a TSIG anywhere but last makes the message malformed (FORMERR).
    if (i >= additionalFrom && msg.readUInt16BE(nameFromWire(msg, o).next) === TSIG_TYPE) throw new Error('TSIG record is not the last record');
    o = skipRR(msg, o);
  }
  const start = o;
  const owner = nameFromWire(msg, o);
  const p = owner.next;
  if (p + 10 > msg.length || msg.readUInt16BE(p) !== TSIG_TYPE) return undefined;
  const rdEnd = p + 10 + msg.readUInt16BE(p + 8);
  if (rdEnd !== msg.length) throw new Error('TSIG record is malformed');
  const alg = nameFromWire(msg, p + 10);
  let q = alg.next;
  if (q + 10 > rdEnd) throw new Error('TSIG record is malformed');
  const timeSigned = msg.readUInt16BE(q) * 2 ** 32 + msg.readUInt32BE(q + 2);
  const fudge = msg.readUInt16BE(q + 6);
  const macSize = msg.readUInt16BE(q + 8);
  q += 10;
  if (q + macSize + 6 > rdEnd) throw new Error('TSIG record is malformed');
  const mac = Buffer.from(msg.subarray(q, q + macSize));
  q += macSize;
  const originalId = msg.readUInt16BE(q);
  const error = msg.readUInt16BE(q + 2);
  const otherLen = msg.readUInt16BE(q + 4);
  q += 6;
  if (q + otherLen !== rdEnd) throw new Error('TSIG record is malformed');
  return {
    keyName: owner.name, algorithm: alg.name.toLowerCase(), timeSigned, fudge, mac, originalId, error,
    otherData: Buffer.from(msg.subarray(q, rdEnd)), start,
  };
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** Seconds as the 48-bit big-endian number TSIG times are (RFC 8945 4.2). */
export function time48(t: number): Buffer {
  const b = Buffer.alloc(6);
  b.writeUInt16BE(Math.floor(t / 2 ** 32));
  b.writeUInt32BE(t % 2 ** 32, 2);
  return b;
}

/** A name in canonical wire form (RFC 4034 6.2: lower case, uncompressed). */
const canonicalWire = (name: string): Buffer => nameToWire(nameKey(name));

export interface SignOptions {
  /** Seconds since the epoch. */
  now: number;
  /** RFC 8945 10: 300 s recommended. */
  fudge?: number;
  /** For a response: the request's MAC (4.3.1). */
  requestMac?: Buffer;
  /** For the second and later messages of a multi-message response: the previous MAC; timers only. */
  previousMac?: Buffer;
  error?: number;
  otherData?: Buffer;
}

function digestInput(unsigned: Buffer, key: TsigKey, t: { timeSigned: number; fudge: number; error: number; otherData: Buffer }, opts: { requestMac?: Buffer; previousMac?: Buffer }): Buffer[] {
  const timers = [time48(t.timeSigned), u16(t.fudge)];
  if (opts.previousMac !== undefined) return [u16(opts.previousMac.length), opts.previousMac, unsigned, ...timers];
  const prefix = opts.requestMac !== undefined ? [u16(opts.requestMac.length), opts.requestMac] : [];
  return [
    ...prefix, unsigned, canonicalWire(key.name), u16(CLASS_ANY), Buffer.alloc(4), canonicalWire(key.algorithm),
    ...timers, u16(t.error), u16(t.otherData.length), t.otherData,
  ];
}

function hmac(key: TsigKey, parts: Buffer[]): Buffer {
  const digest = ALGORITHMS.get(nameKey(key.algorithm));
  if (digest === undefined) throw new Error(`unsupported TSIG algorithm ${key.algorithm}`);
  const h = createHmac(digest, key.secret);
  for (const p of parts) h.update(p);
  return h.digest();
}

/**
 * `msg` (without TSIG) with a TSIG record appended, and the MAC (for the response, or the
 * next message of a stream). The key name and algorithm are written in lower case.
 */
export function signMessage(msg: Buffer, key: TsigKey, opts: SignOptions): { message: Buffer; mac: Buffer } {
  const t = { timeSigned: opts.now, fudge: opts.fudge ?? 300, error: opts.error ?? 0, otherData: opts.otherData ?? Buffer.alloc(0) };
  // BADKEY and BADSIG answers carry an empty MAC (RFC 8945 5.3.2).
  const unsignedError = t.error === TsigError.BADKEY || t.error === TsigError.BADSIG;
  const full = unsignedError ? Buffer.alloc(0) : hmac(key, digestInput(msg, key, t, opts));
  const mac = key.digestBits === undefined ? full : full.subarray(0, Math.ceil(key.digestBits / 8));
  const rdata = Buffer.concat([
    canonicalWire(key.algorithm), time48(t.timeSigned), u16(t.fudge), u16(mac.length), mac,
    u16(msg.readUInt16BE(0)), u16(t.error), u16(t.otherData.length), t.otherData,
  ]);
  const rr = Buffer.concat([canonicalWire(key.name), u16(TSIG_TYPE), u16(CLASS_ANY), Buffer.alloc(4), u16(rdata.length), rdata]);
  const out = Buffer.concat([msg, rr]);
  out.writeUInt16BE(out.readUInt16BE(10) + 1, 10);
  return { message: out, mac };
}

export type VerifyResult =
  | { ok: true; key: TsigKey; tsig: TsigRecord }
  /**
   * `tsig` is absent only when the message has no TSIG at all (`error` NONE then).
   * `formerr`: a MAC shorter than RFC 8945 5.2.2.1 allows, answered FORMERR (BIND: BADSIG in it).
   */
  | { ok: false; error: number; tsig?: TsigRecord; key?: TsigKey; formerr?: true };

/**
 * Checks the TSIG of `msg` (RFC 8945 5.2 for a request, 5.3 for a response: pass the
 * request's MAC). `keys` finds a key by name (lower-cased, absolute). The order of checks is
 * the RFC's: key known and algorithm matching (BADKEY), MAC length (FORMERR below 10 octets
 * or half the digest, RFC 8945 5.2.2.1), MAC (BADSIG), time (BADTIME), then a MAC truncated
 * below the key's digest bits (BADTRUNC).
 */
export function verifyMessage(
  msg: Buffer,
  keys: (name: string) => TsigKey | undefined,
  opts: { now: number; requestMac?: Buffer; previousMac?: Buffer },
): VerifyResult {
  const tsig = findTsig(msg);
  if (tsig === undefined) return { ok: false, error: TsigError.NONE };
  const key = keys(nameKey(tsig.keyName));
  if (key === undefined || nameKey(key.algorithm) !== tsig.algorithm) return { ok: false, error: TsigError.BADKEY, tsig };
  const digest = ALGORITHMS.get(tsig.algorithm);
  if (digest === undefined) return { ok: false, error: TsigError.BADKEY, tsig };
  const unsigned = Buffer.from(msg.subarray(0, tsig.start));
  unsigned.writeUInt16BE(tsig.originalId, 0);
  unsigned.writeUInt16BE(unsigned.readUInt16BE(10) - 1, 10);
  const full = hmac(key, digestInput(unsigned, key, tsig, opts));
  const n = tsig.mac.length;
  // RFC 8945 5.2.2.1: a MAC cut below 10 octets or half the digest is malformed.
  if (n > 0 && n < full.length && (n < 10 || n < full.length / 2)) return { ok: false, error: TsigError.BADSIG, tsig, key, formerr: true };
  if (n === 0 || n > full.length || !timingSafeEqual(full.subarray(0, n), tsig.mac)) return { ok: false, error: TsigError.BADSIG, tsig, key };
  if (Math.abs(opts.now - tsig.timeSigned) > tsig.fudge) return { ok: false, error: TsigError.BADTIME, tsig, key };
  // Shorter than the key's policy (its digest bits; none: the whole digest) is BADTRUNC, after
  // the MAC and the time, as BIND 9.18's dns_tsig_verify orders them.
  const wanted = key.digestBits === undefined ? full.length : Math.ceil(key.digestBits / 8);
  if (n < wanted) return { ok: false, error: TsigError.BADTRUNC, tsig, key };
  return { ok: true, key, tsig };
}
