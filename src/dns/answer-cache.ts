/**
 * The answer cache: complete response messages prepared once by the responder and, per
 * query, copied with only the ID (RFC 1035 4.1.1) and the question name bytes patched.
 *
 * Keys come from query-parse.ts (lower-cased QNAME wire bytes, QTYPE, QCLASS, the flag
 * bits that change the answer, the client's UDP size under EDNS). The question name of a
 * cached response is overwritten with the client's own bytes (same length: the key holds
 * the lower-cased name), so the client's letter case is echoed (RFC 1035 7.3 / RFC 4343).
 * That is only sound when the rest of the response does not depend on the case: a
 * responder that compresses answer owners into the question does not, but BIND 9.18
 * compresses case-sensitively (a query for VCenter.LAB.local gets the answer owner written
 * out as vcenter.lab.local; measured), so a responder that copies BIND may. `fill()`
 * checks this per entry by asking the responder again with the case flipped: an entry that
 * differs is stored as case-exact and serves only the exact name bytes it was made for.
 *
 * Bounded with two generations (a cheap approximation of LRU, no per-hit bookkeeping):
 * entries go into the young map; when it holds half the budget (entries or bytes) it
 * becomes the old map and the previous old map is dropped; a hit in the old map is
 * promoted. Invalidation is wholesale: a reload gets a new cache.
 */

export interface CacheEntry {
  /** The complete response as the responder made it. */
  readonly bytes: Buffer;
  /** End of the question name in `bytes` (12 + name length); 0 when it has no question to patch. */
  readonly qnameEnd: number;
  /** For case-exact entries, the exact question name bytes the entry answers; else undefined. */
  readonly exactName: Buffer | undefined;
}

export interface AnswerCacheOptions {
  /** Maximum number of entries (default 100,000). */
  maxEntries?: number;
  /** Maximum total response bytes held (default 64 MiB). */
  maxBytes?: number;
}

export class AnswerCache {
  private young = new Map<string, CacheEntry>();
  private old = new Map<string, CacheEntry>();
  private youngBytes = 0;
  private oldBytes = 0;
  private readonly halfEntries: number;
  private readonly halfBytes: number;

  constructor(opts: AnswerCacheOptions = {}) {
    this.halfEntries = Math.max(1, Math.floor((opts.maxEntries ?? 100_000) / 2));
    this.halfBytes = Math.max(1, Math.floor((opts.maxBytes ?? 64 * 1024 * 1024) / 2));
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  get bytes(): number {
    return this.youngBytes + this.oldBytes;
  }

  get(key: string): CacheEntry | undefined {
    const e = this.young.get(key);
    if (e !== undefined) return e;
    const o = this.old.get(key);
    if (o !== undefined) {
      this.old.delete(key);
      this.oldBytes -= o.bytes.length;
      this.put(key, o);
    }
    return o;
  }

  set(key: string, entry: CacheEntry): void {
    const prev = this.young.get(key);
    if (prev !== undefined) {
      this.young.delete(key);
      this.youngBytes -= prev.bytes.length;
    }
    this.put(key, entry);
  }

  clear(): void {
    this.young = new Map();
    this.old = new Map();
    this.youngBytes = this.oldBytes = 0;
  }

  private put(key: string, entry: CacheEntry): void {
    if (this.young.size >= this.halfEntries || this.youngBytes + entry.bytes.length > this.halfBytes) {
      this.old = this.young;
      this.oldBytes = this.youngBytes;
      this.young = new Map();
      this.youngBytes = 0;
    }
    this.young.set(key, entry);
    this.youngBytes += entry.bytes.length;
  }
}

/** ASCII case-insensitive comparison of a[as, as+n) and b[bs, bs+n). */
function sameIgnoringCase(a: Buffer, as: number, b: Buffer, bs: number, n: number): boolean {
  for (let i = 0; i < n; i++) {
    let x = a[as + i];
    let y = b[bs + i];
    if (x >= 0x41 && x <= 0x5a) x |= 0x20;
    if (y >= 0x41 && y <= 0x5a) y |= 0x20;
    if (x !== y) return false;
  }
  return true;
}

/**
 * Makes an entry for `response`, the responder's answer to the query `msg` whose question
 * name is [12, qnameEnd). `flipped` is the responder's answer to the same query with the
 * letter case of the name flipped (or undefined when the name has no letters): when the
 * two agree outside the question name, the entry serves every spelling of the name.
 */
export function makeEntry(msg: Buffer, qnameEnd: number, response: Buffer, flipped: Buffer | undefined): CacheEntry {
  const n = qnameEnd - 12;
  const hasQuestion =
    response.length >= qnameEnd + 4 &&
    response[4] === 0 &&
    response[5] === 1 &&
    sameIgnoringCase(response, 12, msg, 12, n);
  if (!hasQuestion) {
    // No question to patch (an error without one): only the ID is patched.
    return { bytes: response, qnameEnd: 0, exactName: undefined };
  }
  const transparent =
    flipped !== undefined &&
    flipped.length === response.length &&
    response.compare(flipped, 0, 12, 0, 12) === 0 &&
    response.compare(flipped, qnameEnd, flipped.length, qnameEnd, response.length) === 0;
  return {
    bytes: response,
    qnameEnd,
    exactName: transparent ? undefined : Buffer.from(msg.subarray(12, qnameEnd)),
  };
}

/** True when the entry may answer the query `msg` (its name bytes match a case-exact entry). */
export function entryServes(entry: CacheEntry, msg: Buffer, qnameEnd: number): boolean {
  const x = entry.exactName;
  return x === undefined || (x.length === qnameEnd - 12 && msg.compare(x, 0, x.length, 12, qnameEnd) === 0);
}

/** A copy of the entry's response for the query `msg`: its ID, its question name bytes. */
export function patchReply(entry: CacheEntry, msg: Buffer): Buffer {
  const src = entry.bytes;
  const out = Buffer.allocUnsafe(src.length);
  src.copy(out);
  out[0] = msg[0];
  out[1] = msg[1];
  if (entry.qnameEnd > 12 && entry.exactName === undefined) msg.copy(out, 12, 12, entry.qnameEnd);
  return out;
}
