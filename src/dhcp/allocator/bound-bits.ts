/**
 * The addresses bound when the journal was loaded, one bit each over the span from the lowest
 * to the highest, so a range cursor passes a run of them 32 at a time instead of asking the
 * binding table for each (a restart on 1,000,000 leases from the start of a range made the
 * first DISCOVER after it look up 1,000,000 addresses before its OFFER). Bindings are never
 * removed, so a set bit stays true; a clear bit says nothing (the address may have been bound
 * since), and the caller still checks it. Built only when dense: at most one 32-bit word per
 * address given (4 bytes a lease), else `undefined` and the cursor checks each address as before.
 */
export class BoundBits {
  private constructor(
    private readonly base: number,
    private readonly words: Int32Array,
  ) {}

  /** The bits for `ips`, or undefined when too sparse. */
  static of(ips: Uint32Array): BoundBits | undefined {
    const n = ips.length;
    if (n === 0) return undefined;
    let lo = ips[0];
    let hi = lo;
    for (let i = 1; i < n; i++) {
      const ip = ips[i];
      if (ip < lo) lo = ip;
      else if (ip > hi) hi = ip;
    }
    const count = Math.floor((hi - lo) / 32) + 1;
    if (count > n) return undefined;
    const words = new Int32Array(count);
    for (let i = 0; i < n; i++) {
      const o = ips[i] - lo;
      words[o >>> 5] |= 1 << (o & 31);
    }
    return new BoundBits(lo, words);
  }

  has(ip: number): boolean {
    const o = ip - this.base;
    if (o < 0 || o >= this.words.length * 32) return false;
    return (this.words[o >>> 5] & (1 << (o & 31))) !== 0;
  }

  /** The first address from `ip` whose bit is clear (`ip` itself when it lies outside the span). */
  nextClear(ip: number): number {
    let o = ip - this.base;
    if (o < 0 || o >= this.words.length * 32) return ip;
    let w = o >>> 5;
    // Bits below `o` in its word count as set: the search starts at `o`.
    let word = this.words[w] | ((1 << (o & 31)) - 1);
    while (word === -1) {
      w++;
      if (w === this.words.length) return this.base + w * 32;
      word = this.words[w];
    }
    // The lowest clear bit: ~word & (word + 1) isolates it.
    o = w * 32 + (31 - Math.clz32(~word & (word + 1)));
    return this.base + o;
  }
}
