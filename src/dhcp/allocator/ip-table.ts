/**
 * A map from IPv4 address (a number) to a value, for the allocator's bindings: open
 * addressing over a Float64Array of keys, sized ahead for a bulk load (`reserve`), so a
 * restart with 1,000,000 leases does not pay for a JS Map's repeated growth and rehash.
 * Iteration follows first insertion, as a Map's does. No deletion (bindings are never removed).
 * Hand-written: no such package is installed, and a Map costs about 3x more to fill.
 */
export class IpTable<V> {
  private keys: Float64Array;
  private slots: V[];
  /** Slot indexes in first-insertion order. */
  private order: Int32Array;
  private count = 0;
  private shift: number;

  constructor(capacity = 16) {
    const bits = tableBitsFor(capacity);
    this.keys = new Float64Array(1 << bits).fill(NaN);
    this.slots = new Array<V>(1 << bits);
    this.order = new Int32Array(Math.max(16, capacity));
    this.shift = 32 - bits;
  }

  get size(): number {
    return this.count;
  }

  private slotOf(ip: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    let i = Math.imul(ip | 0, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = keys[i];
      if (k === ip || k !== k) return i; // found, or an empty (NaN) slot
      i = (i + 1) & mask;
    }
  }

  get(ip: number): V | undefined {
    const i = this.slotOf(ip);
    return this.keys[i] === ip ? this.slots[i] : undefined;
  }

  has(ip: number): boolean {
    return this.keys[this.slotOf(ip)] === ip;
  }

  set(ip: number, value: V): void {
    let i = this.slotOf(ip);
    if (this.keys[i] !== ip) {
      if (2 * (this.count + 1) > this.keys.length) {
        this.rehash(this.count + 1);
        i = this.slotOf(ip);
      }
      this.keys[i] = ip;
      if (this.count === this.order.length) {
        const o = new Int32Array(this.order.length * 2);
        o.set(this.order);
        this.order = o;
      }
      this.order[this.count++] = i;
    }
    this.slots[i] = value;
  }

  /** Make room for `n` entries in all without growing again. */
  reserve(n: number): void {
    if (2 * n > this.keys.length) this.rehash(n);
    if (n > this.order.length) {
      const o = new Int32Array(n);
      o.set(this.order.subarray(0, this.count));
      this.order = o;
    }
  }

  private rehash(n: number): void {
    const bits = tableBitsFor(Math.max(n, 2 * this.count));
    const oldKeys = this.keys;
    const oldSlots = this.slots;
    const oldOrder = this.order;
    this.keys = new Float64Array(1 << bits).fill(NaN);
    this.slots = new Array<V>(1 << bits);
    this.shift = 32 - bits;
    this.order = new Int32Array(Math.max(oldOrder.length, n));
    for (let k = 0; k < this.count; k++) {
      const old = oldOrder[k];
      const i = this.slotOf(oldKeys[old]);
      this.keys[i] = oldKeys[old];
      this.slots[i] = oldSlots[old];
      this.order[k] = i;
    }
  }

  *values(): IterableIterator<V> {
    for (let k = 0; k < this.count; k++) yield this.slots[this.order[k]];
  }
}

/** Open-addressing table size (as bits) for n entries at a load factor of at most 1/2. */
export function tableBitsFor(n: number): number {
  let bits = 4;
  while (1 << bits < 2 * n && bits < 30) bits++;
  return bits;
}
