/** The latest record per address of a dhcpd.leases log (a later record replaces an earlier one). */
import type { Lease } from '../types.js';

/**
 * The latest record per address, in the order of those latest records: what a Map with
 * delete-then-set gives, on typed arrays (open addressing, linear probing), because a
 * Map of a million entries costs about half a second to fill on this machine.
 */
export class LatestLeases {
  /** Records in file order; a record replaced by a later one for its address becomes undefined. */
  private readonly items: Array<Lease | undefined> = [];
  /** Hash slot -> index in items + 1 (0: empty). Holds only the latest record of each address. */
  private table = new Int32Array(1 << 12);
  private shift = 32 - 12;
  private live = 0;

  private slot(ip: number): number {
    const mask = this.table.length - 1;
    // Low bits, with the high ones folded in: a pool's consecutive addresses land in consecutive
    // slots (cache-friendly at a million leases), addresses differing only above them still spread.
    let h = (ip ^ (ip >>> (32 - this.shift)) ^ (ip >>> 16)) & mask;
    for (;;) {
      const at = this.table[h];
      if (at === 0 || this.items[at - 1]!.ip === ip) return h;
      h = (h + 1) & mask;
    }
  }

  add(lease: Lease): void {
    const h = this.slot(lease.ip);
    const at = this.table[h];
    if (at !== 0) this.items[at - 1] = undefined;
    else if (++this.live * 2 > this.table.length) {
      this.items.push(lease);
      this.grow();
      return;
    }
    this.items.push(lease);
    this.table[h] = this.items.length;
  }

  private grow(): void {
    this.table = new Int32Array(this.table.length * 2);
    this.shift--;
    this.items.forEach((l, k) => {
      if (l) this.table[this.slot(l.ip)] = k + 1;
    });
  }

  values(): Lease[] {
    const out: Lease[] = new Array<Lease>(this.live);
    let n = 0;
    for (const l of this.items) if (l) out[n++] = l;
    return out;
  }
}
