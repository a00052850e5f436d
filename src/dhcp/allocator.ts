/**
 * Address allocation for dynamic pools (RFC 2131 4.3.1 "the server chooses a network
 * address"), with ISC dhcpd's preferences: an address never used before first, then the
 * address free for the longest time (so returning clients are likely to find theirs), and
 * abandoned (declined) addresses only when the pool is otherwise exhausted.
 *
 * Cost: O(log n) per allocation, no scan, no per-address preallocation. Each range has a
 * "never used" cursor; freed addresses go into a per-pool min-heap keyed by the time they
 * became free; active leases and offers sit in one expiry min-heap drained lazily. Heaps use
 * lazy deletion (entries carry the binding's stamp at push time). A /8 range costs nothing
 * until addresses are handed out. After a restart the cursors pass the journal's addresses a
 * 32-bit word at a time (allocator/bound-bits.ts), not one lookup each.
 *
 * Declined addresses (RFC 2131 4.3.3): dhcpd marks them abandoned for `abandon-lease-time`
 * (default 86400 s); they become free when that time has passed, and before that are
 * reclaimed (oldest first) only when a pool has nothing else to give, as dhcpd does.
 */
import type { IpRange, Lease, LeaseDdns, LeaseState, PoolDecl } from './types.js';
import { MinHeap } from './allocator/min-heap.js';
import { IpTable } from './allocator/ip-table.js';
import { StringTable } from './allocator/string-table.js';
import { BoundBits } from './allocator/bound-bits.js';

/** dhcpd `abandon-lease-time` default. */
export const DEFAULT_ABANDON_MS = 86_400_000;

/**
 * Who a binding belongs to: the option 61 hex itself (compact: no new string per lease at
 * load) or `hw:<htype>:<hex>` (chaddr); a hex string never contains ':', so the two never meet.
 */
export interface ClientIdentity {
  key: string;
  /** The chaddr key, also tried for leases recorded without a client identifier. */
  hwKey: string;
  /** Lower-case colon MAC when htype is Ethernet (1) with hlen 6. */
  hardwareEthernet?: string;
  /** Option 61 as hex. */
  clientId?: string;
}

export type BindingState = LeaseState | 'offered';

/** One address's state, in memory. `owner` survives release and expiry ("returning to its address"). */
export interface Binding {
  ip: number;
  state: BindingState;
  starts: number;
  ends: number;
  cltt?: number;
  owner?: string;
  hardwareEthernet?: string;
  clientId?: string;
  clientHostname?: string;
  /** The lease's DNS registration (ddns/), kept while the same client holds it. */
  ddns?: LeaseDdns;
  stamp: number;
  pool?: PoolState;
}

interface RangeCursor {
  range: IpRange;
  /** The next address never handed out by this cursor. */
  next: number;
}

export interface PoolState {
  readonly decl: PoolDecl;
  /** Network and broadcast addresses of the pool's subnet are never handed out. */
  readonly network: number;
  readonly mask: number;
  readonly cursors: RangeCursor[];
  readonly free: MinHeap;
  readonly abandoned: MinHeap;
}

export interface PoolSpec {
  decl: PoolDecl;
  network: number;
  mask: number;
}

export interface AllocatorOptions {
  abandonMs?: number;
  /** Called when a pool has nothing to give (dhcpd logs "no free leases"). */
  onExhausted?: (pools: PoolState[]) => void;
}

function isFreeState(s: BindingState): boolean {
  return s === 'free' || s === 'released' || s === 'expired' || s === 'backup';
}

/** Pool ranges sorted by start, for a binary search in poolOf (no overlap; else `overlap`). */
interface RangeIndex {
  starts: Float64Array;
  ends: Float64Array;
  pools: PoolState[];
  overlap: boolean;
}

function buildRangeIndex(pools: PoolState[]): RangeIndex {
  const all: { start: number; end: number; pool: PoolState }[] = [];
  // A reversed range (start > end) contains no address for poolOf, as before.
  for (const p of pools) for (const c of p.cursors) if (c.range.start <= c.range.end) all.push({ start: c.range.start, end: c.range.end, pool: p });
  all.sort((a, b) => a.start - b.start);
  let overlap = false;
  for (let i = 1; i < all.length; i++) if (all[i].start <= all[i - 1].end) overlap = true;
  return {
    starts: Float64Array.from(all, (r) => r.start),
    ends: Float64Array.from(all, (r) => r.end),
    pools: all.map((r) => r.pool),
    overlap,
  };
}

/** The journal's owner key for a lease, as clientIdentity() builds it for a packet. */
function leaseOwner(l: Lease): string | undefined {
  return l.clientId ? l.clientId : l.hardwareEthernet ? `hw:1:${l.hardwareEthernet.replace(/:/g, '')}` : undefined;
}

/**
 * A lease loaded from the journal is kept as the journal's own (never mutated) Lease object
 * until something touches its address; only then is a Binding built from it (stamp RAW_STAMP).
 * A restart with 1,000,000 leases so builds no object per lease (most are never touched before
 * they are renewed), which is most of the load's time and memory.
 */
type Entry = Binding | Lease;
const RAW_STAMP = 1;

function isBinding(e: Entry): e is Binding {
  return (e as Binding).stamp !== undefined;
}

/** The owner key of an entry (a raw lease's is derived as load() would record it). */
function ownerOfEntry(e: Entry): string | undefined {
  if (isBinding(e)) return e.owner;
  return e.state === 'abandoned' ? undefined : leaseOwner(e);
}

export class Allocator {
  private pools: PoolState[] = [];
  private ranges: RangeIndex = buildRangeIndex([]);
  private reserved = new Set<number>();
  private readonly bindings = new IpTable<Entry>();
  private readonly byOwner = new StringTable();
  private readonly expiry = new MinHeap();
  /** The addresses bound by the last loadAll, for the cursors to pass them a word at a time. */
  private loaded: BoundBits | undefined;
  private readonly abandonMs: number;

  constructor(pools: PoolSpec[], reserved: Iterable<number>, private readonly opts: AllocatorOptions = {}) {
    this.abandonMs = opts.abandonMs ?? DEFAULT_ABANDON_MS;
    this.configure(pools, reserved);
  }

  /** Install new pools and reservations (config reload), keeping every binding. */
  configure(pools: PoolSpec[], reserved: Iterable<number>): void {
    this.pools = pools.map((p) => ({
      decl: p.decl,
      network: p.network >>> 0,
      mask: p.mask >>> 0,
      cursors: p.decl.ranges.map((r) => ({ range: r, next: Math.min(r.start, r.end) >>> 0 })),
      free: new MinHeap(),
      abandoned: new MinHeap(),
    }));
    this.reserved = new Set(reserved);
    this.ranges = buildRangeIndex(this.pools);
    for (const e of this.bindings.values()) {
      if (isBinding(e)) {
        e.pool = this.poolOf(e.ip);
        this.index(e, true);
      } else this.indexRaw(e, true);
    }
    this.heapifyAll();
  }

  /** After bulk `index(b, true)` calls: restore every heap's order, O(n) each. */
  private heapifyAll(): void {
    this.expiry.heapify();
    for (const p of this.pools) {
      p.free.heapify();
      p.abandoned.heapify();
    }
  }

  get allPools(): readonly PoolState[] {
    return this.pools;
  }

  isReserved(ip: number): boolean {
    return this.reserved.has(ip);
  }

  /** The pool whose ranges contain `ip`, if any. */
  poolOf(ip: number): PoolState | undefined {
    const r = this.ranges;
    if (r.overlap) {
      // Overlapping ranges: the first pool in configuration order wins.
      for (const p of this.pools) {
        for (const c of p.cursors) if (ip >= c.range.start && ip <= c.range.end) return p;
      }
      return undefined;
    }
    // Binary search: the last range starting at or below ip.
    let lo = 0;
    let hi = r.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (r.starts[mid] <= ip) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && ip <= r.ends[found] ? r.pools[found] : undefined;
  }

  get(ip: number): Binding | undefined {
    const e = this.bindings.get(ip);
    return e === undefined || isBinding(e) ? e : this.materialize(e);
  }

  /** Build the Binding of a raw journal lease and put it in its place. */
  private materialize(l: Lease): Binding {
    return this.putBinding(l, RAW_STAMP);
  }

  /** The client's current or last binding (RFC 2131 4.3.1: "the client's current address ... or previous address"). */
  findClient(c: ClientIdentity): Binding | undefined {
    for (const key of c.key === c.hwKey ? [c.key] : [c.key, c.hwKey]) {
      const ip = this.byOwner.get(key);
      if (ip === undefined) continue;
      const b = this.get(ip);
      if (b && b.owner === key) return b;
    }
    return undefined;
  }

  ownedBy(b: Binding, c: ClientIdentity): boolean {
    return b.owner !== undefined && (b.owner === c.key || b.owner === c.hwKey);
  }

  isHeld(b: Binding, now: number): boolean {
    return (b.state === 'active' || b.state === 'offered') && b.ends > now;
  }

  private isEdge(p: PoolState, ip: number): boolean {
    if (p.mask >>> 0 >= 0xfffffffe) return false; // /31 and /32 have no network/broadcast (RFC 3021)
    const net = (ip & p.mask) >>> 0;
    return ip === net || ip === (net | ~p.mask) >>> 0;
  }

  /**
   * May `ip` be given to client `c` from one of `pools`? Not reserved, inside a pool range
   * (not its subnet's network/broadcast), and either unbound, bound to `c`, or free.
   */
  canUse(ip: number, c: ClientIdentity, pools: readonly PoolState[], now: number): boolean {
    if (this.reserved.has(ip)) return false;
    const pool = this.poolOf(ip);
    if (!pool || !pools.includes(pool) || this.isEdge(pool, ip)) return false;
    const b = this.get(ip);
    if (!b) return true;
    if (this.ownedBy(b, c)) return b.state !== 'abandoned';
    if (b.state === 'abandoned') return false;
    return !this.isHeld(b, now);
  }

  /** Process leases and offers whose time has passed (expiry heap, lazily). */
  expire(now: number): void {
    for (;;) {
      const heap = this.expiry;
      if (heap.size === 0 || heap.topKey() > now) return;
      const ip = heap.topIp();
      const stamp = heap.topStamp();
      heap.pop();
      const b = this.get(ip);
      if (!b || b.stamp !== stamp || b.ends > now) continue;
      if (b.state === 'active') this.setFree(b, 'expired', b.ends);
      else if (b.state === 'offered') this.setFree(b, 'free', this.freeKey(b, b.ends));
      else if (b.state === 'abandoned') {
        // abandon-lease-time has passed: the address is usable again, with no owner.
        this.setFree(b, 'free', b.ends);
      }
    }
  }

  /** An address that was only ever offered counts as never used (dhcpd: its end time is still 0). */
  private freeKey(b: Binding, at: number): number {
    return b.cltt === undefined ? 0 : at;
  }

  private setFree(b: Binding, state: BindingState, at: number): void {
    b.state = state;
    b.stamp++;
    b.pool?.free.push(at, b.ip, b.stamp);
  }

  /**
   * Put a binding into the heaps and maps matching its state (load, reload). `bulk`: append
   * to the heaps without ordering them; the caller heapifies once at the end (O(n) in all).
   */
  private index(b: Binding, bulk = false): void {
    this.indexFields(b.ip, b.owner, b.state, b.starts, b.ends, b.stamp, b.pool, bulk);
  }

  /** index() for a raw journal lease (its Binding, when built, has stamp RAW_STAMP). */
  private indexRaw(l: Lease, bulk: boolean): void {
    this.indexFields(l.ip, ownerOfEntry(l), l.state, l.starts, l.ends, RAW_STAMP, this.poolOf(l.ip), bulk);
  }

  private indexFields(ip: number, owner: string | undefined, state: BindingState, starts: number, ends: number, stamp: number, pool: PoolState | undefined, bulk: boolean): void {
    if (owner !== undefined) {
      // A new owner is indexed by getOrInsert itself; a known one moves to `ip` unless its address is newer.
      const cur = this.byOwner.getOrInsert(owner, ip);
      if (cur !== undefined && cur !== ip) {
        const curE = this.bindings.get(cur);
        if (!curE || ownerOfEntry(curE) !== owner || curE.starts <= starts) this.byOwner.set(owner, ip);
      }
    }
    if (state === 'active' || state === 'offered') this.add(this.expiry, ends, ip, stamp, bulk);
    else if (state === 'abandoned') {
      this.add(this.expiry, ends, ip, stamp, bulk);
      if (pool) this.add(pool.abandoned, starts, ip, stamp, bulk);
    } else if (pool) this.add(pool.free, ends, ip, stamp, bulk);
  }

  private add(heap: MinHeap, key: number, ip: number, stamp: number, bulk: boolean): void {
    if (bulk) heap.append(key, ip, stamp);
    else heap.push(key, ip, stamp);
  }

  private bindingOf(l: Lease): Binding {
    const old = this.bindings.get(l.ip >>> 0);
    return this.putBinding(l, (old === undefined ? 0 : isBinding(old) ? old.stamp : RAW_STAMP) + 1);
  }

  /** The Binding of a journal lease, stored at its address. */
  private putBinding(l: Lease, stamp: number): Binding {
    const ip = l.ip >>> 0;
    const b: Binding = {
      ip,
      state: l.state,
      starts: l.starts,
      ends: l.ends,
      cltt: l.cltt,
      owner: ownerOfEntry(l),
      hardwareEthernet: l.hardwareEthernet,
      clientId: l.clientId,
      clientHostname: l.clientHostname,
      ddns: l.ddns,
      stamp,
      pool: this.poolOf(ip),
    };
    this.bindings.set(ip, b);
    return b;
  }

  /** Load a lease from the journal (startup). Later calls for the same address win. */
  load(l: Lease): void {
    this.index(this.bindingOf(l));
  }

  /** `load` for each lease in order (startup), with the heaps built once at the end in O(n). */
  loadAll(leases: Iterable<Lease>): void {
    // Every lease given gets a binding: its address, kept here, is one of the bits for the cursors.
    let ips: Uint32Array | undefined;
    let k = 0;
    if (Array.isArray(leases)) {
      this.bindings.reserve(this.bindings.size + leases.length);
      this.byOwner.reserve(this.byOwner.size + leases.length);
      ips = new Uint32Array(leases.length);
    }
    for (const l of leases) {
      if (ips) ips[k++] = l.ip;
      // A new address with a normalised ip stays the journal's object until touched.
      if (l.ip === l.ip >>> 0 && !this.bindings.has(l.ip)) {
        this.bindings.set(l.ip, l);
        this.indexRaw(l, true);
      } else this.index(this.bindingOf(l), true);
    }
    this.heapifyAll();
    if (ips) this.loaded = BoundBits.of(ips);
  }

  /**
   * Pick an address nobody holds from `pools`: never-used first (returned offers, then the cursor), then the one free
   * the longest, then (pool exhausted) the oldest abandoned one. Undefined when there is none.
   */
  allocate(pools: readonly PoolState[], now: number): number | undefined {
    this.expire(now);
    // Offered-but-never-leased addresses that came back (key 0) rank with the never-used ones.
    for (const p of pools) {
      const top = this.fromHeap(p, p.free, (b) => isFreeState(b.state));
      if (top !== undefined && p.free.topKey() <= 0) return top;
    }
    for (const p of pools) {
      const ip = this.fromCursor(p);
      if (ip !== undefined) return ip;
    }
    for (const p of pools) {
      const ip = this.fromHeap(p, p.free, (b) => isFreeState(b.state));
      if (ip !== undefined) return ip;
    }
    for (const p of pools) {
      const ip = this.fromHeap(p, p.abandoned, (b) => b.state === 'abandoned');
      if (ip !== undefined) return ip;
    }
    this.opts.onExhausted?.([...pools]);
    return undefined;
  }

  private fromCursor(p: PoolState): number | undefined {
    for (const c of p.cursors) {
      const end = Math.max(c.range.start, c.range.end) >>> 0;
      while (c.next <= end) {
        // Addresses bound at load are passed 32 at a time; a clear bit is checked as any other.
        const ip = this.loaded === undefined ? c.next : this.loaded.nextClear(c.next);
        if (ip > end) {
          c.next = end + 1;
          break;
        }
        c.next = ip + 1;
        // Each address is passed once: the skip is amortised O(1) per allocation.
        if (this.reserved.has(ip) || this.bindings.has(ip) || this.isEdge(p, ip)) continue;
        return ip;
      }
    }
    return undefined;
  }

  private fromHeap(p: PoolState, heap: MinHeap, valid: (b: Binding) => boolean): number | undefined {
    for (;;) {
      if (heap.size === 0) return undefined;
      const ip = heap.topIp();
      const b = this.get(ip);
      if (!b || b.stamp !== heap.topStamp() || b.pool !== p || !valid(b) || this.reserved.has(ip)) {
        heap.pop();
        continue;
      }
      // Not popped: the entry stays until the binding changes (its stamp then invalidates it).
      return ip;
    }
  }

  /**
   * Bind `ip` to client `c` as an offer (held until `ends`, not persisted) or an active lease.
   * An offer never downgrades the client's own active lease.
   */
  bind(ip: number, c: ClientIdentity, state: 'offered' | 'active', now: number, ends: number, hostname?: string): Binding {
    let b = this.get(ip);
    if (b && state === 'offered' && b.state === 'active' && this.ownedBy(b, c) && this.isHeld(b, now)) return b;
    if (!b) {
      // Every field present from the start: one object shape for all bindings (V8 fast properties).
      b = {
        ip, state, starts: now, ends, cltt: undefined, owner: undefined, hardwareEthernet: undefined,
        clientId: undefined, clientHostname: undefined, ddns: undefined, stamp: 0, pool: this.poolOf(ip),
      };
      this.bindings.set(ip, b);
    }
    b.state = state;
    b.starts = now;
    b.ends = ends;
    if (state === 'active') b.cltt = now;
    if (b.owner !== c.key) {
      // A new owner: forget the previous one's name and DNS registration, and the previous
      // owner's index entry (it has no address now): without this, every client that was
      // ever offered an address stays indexed, and a DISCOVER flood from new MACs whose
      // offers expire unrequested grows the index without bound.
      b.clientHostname = undefined;
      b.ddns = undefined;
      if (b.owner !== undefined && this.byOwner.get(b.owner) === ip) this.byOwner.delete(b.owner);
    }
    b.owner = c.key;
    b.hardwareEthernet = c.hardwareEthernet;
    b.clientId = c.clientId;
    if (hostname !== undefined) b.clientHostname = hostname;
    b.stamp++;
    this.byOwner.set(c.key, ip);
    this.expiry.push(ends, ip, b.stamp);
    return b;
  }

  /** RFC 2131 4.3.4 DHCPRELEASE: the address is free again, the owner is remembered. */
  release(b: Binding, now: number): void {
    b.ends = now;
    b.cltt = now;
    this.setFree(b, 'released', now);
  }

  /** Withdraw an offer the client declined by choosing another server (RFC 2131 4.3.2 SELECTING). */
  withdrawOffer(b: Binding, now: number): void {
    if (b.state !== 'offered') return;
    b.ends = now;
    this.setFree(b, 'free', this.freeKey(b, now));
  }

  /** RFC 2131 4.3.3 DHCPDECLINE: set the address aside (abandoned) for abandon-lease-time. */
  abandon(b: Binding, now: number): void {
    if (b.owner !== undefined && this.byOwner.get(b.owner) === b.ip) this.byOwner.delete(b.owner);
    b.state = 'abandoned';
    b.owner = undefined;
    b.hardwareEthernet = undefined;
    b.clientId = undefined;
    b.clientHostname = undefined;
    b.starts = now;
    b.ends = now + this.abandonMs;
    b.stamp++;
    this.expiry.push(b.ends, b.ip, b.stamp);
    b.pool?.abandoned.push(now, b.ip, b.stamp);
  }

  /** Every binding that is or was a lease (offers and never-leased addresses excluded), as the journal records leases. */
  leases(now: number): Lease[] {
    this.expire(now);
    const out: Lease[] = [];
    for (const e of this.bindings.values()) {
      if (e.state === 'offered' || (e.state === 'free' && e.cltt === undefined)) continue;
      out.push(isBinding(e) ? toLease(e) : toLease({ ...e, stamp: RAW_STAMP }));
    }
    return out.sort((a, b) => a.ip - b.ip);
  }

  /** Number of clients indexed by identity (at most one per binding). */
  get owners(): number {
    return this.byOwner.size;
  }

  /** Number of bindings in memory (for tests and metrics). */
  get size(): number {
    return this.bindings.size;
  }
}

export function toLease(b: Binding): Lease {
  const l: Lease = { ip: b.ip, state: b.state === 'offered' ? 'free' : b.state, starts: b.starts, ends: b.ends };
  if (b.cltt !== undefined) l.cltt = b.cltt;
  if (b.hardwareEthernet !== undefined) l.hardwareEthernet = b.hardwareEthernet;
  if (b.clientId !== undefined) l.clientId = b.clientId;
  if (b.clientHostname !== undefined) l.clientHostname = b.clientHostname;
  if (b.ddns !== undefined) l.ddns = b.ddns;
  return l;
}
