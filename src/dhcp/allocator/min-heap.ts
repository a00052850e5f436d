/**
 * A binary min-heap of (key, ip, stamp) entries, ordered by key then ip. The allocator uses
 * it with lazy deletion: an entry is valid only while its stamp matches the binding's.
 * Hand-written (small): no heap package is installed and npm install is not ours to run.
 *
 * Stored as three parallel typed arrays (20 bytes an entry, no object or boxed number per
 * entry): a restart with 1,000,000 leases pushes one entry per lease. `append` + `heapify`
 * build a heap from n entries in O(n) (Floyd) instead of n pushes.
 */
export interface HeapEntry {
  key: number;
  ip: number;
  stamp: number;
}

export class MinHeap {
  private keys = new Float64Array(16);
  private ips = new Float64Array(16); // Float64: the ip round-trips exactly whatever its sign
  private stamps = new Uint32Array(16);
  private n = 0;

  get size(): number {
    return this.n;
  }

  private grow(): void {
    const cap = this.keys.length * 2;
    const k = new Float64Array(cap);
    k.set(this.keys);
    const i = new Float64Array(cap);
    i.set(this.ips);
    const s = new Uint32Array(cap);
    s.set(this.stamps);
    this.keys = k;
    this.ips = i;
    this.stamps = s;
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a];
    const kb = this.keys[b];
    return ka < kb || (ka === kb && this.ips[a] < this.ips[b]);
  }

  private swap(a: number, b: number): void {
    const k = this.keys[a];
    this.keys[a] = this.keys[b];
    this.keys[b] = k;
    const i = this.ips[a];
    this.ips[a] = this.ips[b];
    this.ips[b] = i;
    const s = this.stamps[a];
    this.stamps[a] = this.stamps[b];
    this.stamps[b] = s;
  }

  private down(i: number): void {
    const n = this.n;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  /** Add an entry without restoring the heap order; call `heapify` before any other use. */
  append(key: number, ip: number, stamp: number): void {
    if (this.n === this.keys.length) this.grow();
    this.keys[this.n] = key;
    this.ips[this.n] = ip;
    this.stamps[this.n] = stamp;
    this.n++;
  }

  /** Restore the heap order after `append`s: O(n) (Floyd's bottom-up construction). */
  heapify(): void {
    for (let i = (this.n >> 1) - 1; i >= 0; i--) this.down(i);
  }

  push(key: number, ip: number, stamp: number): void {
    this.append(key, ip, stamp);
    let i = this.n - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The smallest entry as an object (tests, debugging); the hot paths use topKey/topIp/topStamp. */
  peek(): HeapEntry | undefined {
    return this.n === 0 ? undefined : { key: this.keys[0], ip: this.ips[0], stamp: this.stamps[0] };
  }

  /** Key of the smallest entry; only when size > 0. */
  topKey(): number {
    return this.keys[0];
  }

  topIp(): number {
    return this.ips[0];
  }

  topStamp(): number {
    return this.stamps[0];
  }

  /** Remove the smallest entry. */
  pop(): void {
    if (this.n === 0) return;
    this.n--;
    if (this.n > 0) {
      this.keys[0] = this.keys[this.n];
      this.ips[0] = this.ips[this.n];
      this.stamps[0] = this.stamps[this.n];
      this.down(0);
    }
  }
}
