/**
 * A map from string key to number, for the allocator's owner index (client key -> address):
 * open addressing (linear probing, backward-shift deletion) with the keys' hashes kept in an
 * Int32Array, sized ahead for a bulk load (`reserve`). A probe compares hashes in a typed array
 * and touches a key string only on a hash match; a JS Map of 1,000,000 string keys costs about
 * 3x more to fill (it grows and rehashes, and dereferences each key string while probing).
 * Hand-written: no such package is installed.
 */

import { tableBitsFor } from './ip-table.js';

export function stringHash(s: string): number {
  // FNV-1a over UTF-16 code units, then a final mix.
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}

export class StringTable {
  private hashes: Int32Array;
  private keys: (string | undefined)[];
  private vals: Float64Array;
  private count = 0;
  private shift: number;

  constructor(capacity = 16) {
    const bits = tableBitsFor(capacity);
    this.hashes = new Int32Array(1 << bits);
    this.keys = new Array<string | undefined>(1 << bits).fill(undefined);
    this.vals = new Float64Array(1 << bits);
    this.shift = 32 - bits;
  }

  get size(): number {
    return this.count;
  }

  private home(h: number): number {
    return Math.imul(h, 0x9e3779b1) >>> this.shift;
  }

  /** The slot holding `key`, or the empty slot where it would go. */
  private slotOf(key: string, h: number): number {
    const keys = this.keys;
    const hashes = this.hashes;
    const mask = keys.length - 1;
    let i = this.home(h);
    for (;;) {
      const k = keys[i];
      if (k === undefined || (hashes[i] === h && k === key)) return i;
      i = (i + 1) & mask;
    }
  }

  get(key: string): number | undefined {
    const i = this.slotOf(key, stringHash(key));
    return this.keys[i] === undefined ? undefined : this.vals[i];
  }

  set(key: string, value: number): void {
    this.put(key, value, true);
  }

  /**
   * `key`'s value when it has one (left as it is); else `value` is set and the answer is
   * undefined. One hash and one probe where get() then set() take two (a restart indexes
   * every lease's owner, most of them new).
   */
  getOrInsert(key: string, value: number): number | undefined {
    return this.put(key, value, false);
  }

  /** Inserts an absent key; replaces a present key's value when `replace`. The value before, if any. */
  private put(key: string, value: number, replace: boolean): number | undefined {
    const h = stringHash(key);
    let i = this.slotOf(key, h);
    if (this.keys[i] !== undefined) {
      const old = this.vals[i];
      if (replace) this.vals[i] = value;
      return old;
    }
    if (2 * (this.count + 1) > this.keys.length) {
      this.rehash(this.count + 1);
      i = this.slotOf(key, h);
    }
    this.keys[i] = key;
    this.hashes[i] = h;
    this.count++;
    this.vals[i] = value;
    return undefined;
  }

  delete(key: string): boolean {
    let i = this.slotOf(key, stringHash(key));
    if (this.keys[i] === undefined) return false;
    const keys = this.keys;
    const mask = keys.length - 1;
    keys[i] = undefined;
    this.count--;
    // Backward-shift deletion: pull later entries of the probe run into the hole.
    for (let j = (i + 1) & mask; keys[j] !== undefined; j = (j + 1) & mask) {
      const home = this.home(this.hashes[j]);
      // Entry j may move to i unless its home lies cyclically in (i, j].
      const inRange = i <= j ? home > i && home <= j : home > i || home <= j;
      if (inRange) continue;
      keys[i] = keys[j];
      this.hashes[i] = this.hashes[j];
      this.vals[i] = this.vals[j];
      keys[j] = undefined;
      i = j;
    }
    return true;
  }

  /** Make room for `n` entries in all without growing again. */
  reserve(n: number): void {
    if (2 * n > this.keys.length) this.rehash(n);
  }

  private rehash(n: number): void {
    const bits = tableBitsFor(Math.max(n, 2 * this.count));
    const { hashes, keys, vals } = this;
    this.hashes = new Int32Array(1 << bits);
    this.keys = new Array<string | undefined>(1 << bits).fill(undefined);
    this.vals = new Float64Array(1 << bits);
    this.shift = 32 - bits;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (key === undefined) continue;
      const i = this.slotOf(key, hashes[k]);
      this.keys[i] = key;
      this.hashes[i] = hashes[k];
      this.vals[i] = vals[k];
    }
  }
}
