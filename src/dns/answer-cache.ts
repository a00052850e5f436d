/**
 * The answer cache: complete response messages prepared once by the responder and, per
 * query, copied with only the ID (RFC 1035 4.1.1) patched, and the question name bytes
 * when entries are shared across letter case.
 *
 * Keys come from query-parse.ts (QNAME wire bytes, QTYPE, QCLASS, the flag bits that
 * change the answer, the client's UDP size under EDNS). By default the QNAME is in the
 * key exactly as sent, letter case included: BIND 9.18 compresses names case-sensitively
 * (measured: a query for VCENTER.LAB.LOCAL gets its answer owner written out in full as
 * vcenter.lab.local, 16 bytes longer than the reply to vcenter.lab.local) and respond.ts
 * copies that, so the rest of the response depends on the spelling of the question, and
 * a reply made for one spelling is wrong for another (a property test found it). With a
 * responder that compresses case-insensitively (into the question), `foldCase` keys may be
 * used instead: the key holds the lower-cased name and the client's own name bytes (same
 * length) are copied over the cached question, so its case is echoed (RFC 4343).
 *
 * Bounded with two generations (a cheap approximation of LRU, no per-hit bookkeeping):
 * entries go into the young map; when it holds half the budget (entries or bytes) it
 * becomes the old map and the previous old map is dropped; a hit in the old map is
 * promoted. Invalidation is wholesale: a reload gets a new cache.
 */

import type { RrlClass } from './rrl-response.js';

export interface CacheEntry {
  /** The complete response as the responder made it. */
  readonly bytes: Buffer;
  /** End of the question name to overwrite with the client's (12 + name length), or 0. */
  readonly patchTo: number;
  /** What rate-limit counts this response as (rrl-response.ts), worked out at its first use. */
  rrl?: RrlClass | null;
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

/**
 * Makes an entry for `response`, the responder's answer to the query `msg` whose question
 * name is [12, qnameEnd). With `foldCase`, the question name is patched per query, which
 * needs the response to start with that question (an error reply without one only gets
 * its ID patched).
 */
export function makeEntry(msg: Buffer, qnameEnd: number, response: Buffer, foldCase: boolean): CacheEntry {
  const n = qnameEnd - 12;
  const patchable =
    foldCase &&
    response.length >= qnameEnd + 4 &&
    response[4] === 0 &&
    response[5] === 1 &&
    sameIgnoringCase(response, 12, msg, 12, n);
  // An unpooled copy: a small Buffer from the responder is a slice of Node's shared 8 KiB
  // pool, and a long-lived slice would pin its whole slab (100,000 entries, 800 MB).
  const bytes = Buffer.allocUnsafeSlow(response.length);
  response.copy(bytes);
  return { bytes, patchTo: patchable ? qnameEnd : 0 };
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

/** A copy of the entry's response for the query `msg`: its ID (and question name bytes). */
export function patchReply(entry: CacheEntry, msg: Buffer): Buffer {
  const src = entry.bytes;
  const out = Buffer.allocUnsafe(src.length);
  src.copy(out);
  out[0] = msg[0];
  out[1] = msg[1];
  if (entry.patchTo > 12) msg.copy(out, 12, 12, entry.patchTo);
  return out;
}
