/**
 * rrset-order (named.conf(5) "rrset-order"; BIND 9.18 ARM "RRset Ordering"): the order in
 * which the records of an RRset are written into a response. Pure; the randomness is
 * injected. As BIND 9.18.49 (Debian's build, measured with dig against named):
 *
 * - The rules are tried in order; the first whose class, type and name match decides. A
 *   rule's class and type default to ANY; its name to `*` (every name); a name starting with
 *   `*.` matches the names below the rest (dns_name_matcheswildcard), any other name only
 *   itself (case-insensitively).
 * - Without an `rrset-order` in the view or the options, every RRset is `random`
 *   (named's default `rrset-order { order random; }`); with one, an RRset no rule matches
 *   is written as stored (`none`).
 * - Stored order (`none`) is the order of BIND's rdataslab: RDATA sorted by its canonical
 *   form (RFC 4034 6.3), whatever the zone file's order.
 * - `random` (lib/dns/rdataset.c towiresorted): one 32-bit random seed per RRset and
 *   response; for j = 0..n-1 the record at j is swapped with the one at j + seed % (n - j).
 *   So n records take at most lcm(1..n) orders (12 of the 24 for four; measured).
 * - `cyclic`: the stored order rotated by a counter the RRset keeps, one step per response
 *   (BIND's rdataset count, which starts at an arbitrary value: here a random one).
 * - `fixed` needs BIND built with --enable-fixed-rrset, which Debian's is not: named
 *   accepts it and answers cyclic (measured: the four rotations, equally often).
 * - RRSIG RRsets are never reordered; RRsets of one record have nothing to order.
 */
import { nameKey } from '../wire/name.js';
import { canonicalRdata } from '../wire/canonical.js';
import type { RRset } from '../zones/zone-types.js';
import type { RrsetOrderRule } from '../zones/named-conf/model.js';
import { typeFromText } from '../wire/rrtypes.js';

export type OrderMode = 'random' | 'cyclic' | 'none';

interface CompiledRule {
  /** Class number, or undefined for ANY. */
  cls?: number;
  type?: number;
  /** Exact name key, or (wildcard) the key of the suffix with a leading dot. */
  name?: string;
  wildcard: boolean;
  mode: OrderMode;
}

const CLASSES: Record<string, number> = { IN: 1, CH: 3, CHAOS: 3, HS: 4, HESIOD: 4 };
const RRSIG = 46;

/** BIND's default when no rrset-order is configured. */
export const DEFAULT_ORDER: readonly RrsetOrderRule[] = [{ order: 'random' }];

export function compileOrder(rules: readonly RrsetOrderRule[]): CompiledRule[] {
  return rules.map((r) => {
    const c: CompiledRule = { wildcard: false, mode: r.order === 'fixed' ? 'cyclic' : r.order };
    if (r.class !== undefined && r.class.toUpperCase() !== 'ANY') c.cls = CLASSES[r.class.toUpperCase()];
    if (r.type !== undefined && r.type.toUpperCase() !== 'ANY') c.type = typeFromText(r.type);
    if (r.name !== undefined && r.name !== '*' && r.name !== '*.') {
      const n = r.name.endsWith('.') ? r.name : r.name + '.';
      if (n.startsWith('*.')) {
        c.wildcard = true;
        c.name = nameKey(n.slice(1));
      } else c.name = nameKey(n);
    }
    return c;
  });
}

/** The mode for an RRset (`none` when no rule matches). */
export function orderMode(rules: readonly CompiledRule[], name: string, type: number, cls = 1): OrderMode {
  const key = nameKey(name);
  for (const r of rules) {
    if (r.type !== undefined && r.type !== type) continue;
    if (r.cls !== undefined && r.cls !== cls) continue;
    if (r.name !== undefined) {
      if (r.wildcard ? !(key.endsWith(r.name) && key.length > r.name.length) : key !== r.name) continue;
    }
    return r.mode;
  }
  return 'none';
}

/** The records of `rdatas` in BIND's stored order: sorted by canonical form (RFC 4034 6.3). */
export function storedOrder(type: number, rdatas: readonly Buffer[]): Buffer[] {
  const keyed = rdatas.map((rd) => ({ rd, k: canonicalRdata(type, rd) }));
  keyed.sort((a, b) => Buffer.compare(a.k, b.k));
  return keyed.map((x) => x.rd);
}

const storedCache = new WeakMap<readonly Buffer[], readonly Buffer[]>();

/** storedOrder of an RRset's records, computed once per RRset. */
export function storedRdatas(rr: RRset): readonly Buffer[] {
  if (rr.rdatas.length < 2) return rr.rdatas;
  let s = storedCache.get(rr.rdatas);
  if (!s) storedCache.set(rr.rdatas, (s = storedOrder(rr.type, rr.rdatas)));
  return s;
}

/** BIND's random order for one seed (see the file comment). */
export function randomOrder<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  const n = out.length;
  for (let j = 0; j < n; j++) {
    const c = j + ((seed >>> 0) % (n - j));
    const t = out[j];
    out[j] = out[c];
    out[c] = t;
  }
  return out;
}

/** `items` rotated to start at `start` (mod length). */
export function rotate<T>(items: readonly T[], start: number): T[] {
  const n = items.length;
  const s = ((start % n) + n) % n;
  return [...items.slice(s), ...items.slice(0, s)];
}

/** Orders the records of RRsets for responses; holds the cyclic counters and the sorted forms. */
export interface RrsetOrderer {
  /** The RRset with its records in response order. `varied` is set when the order may differ next time. */
  order(rr: RRset): RRset;
  /** True after order() changed or may change an RRset's order between responses. */
  readonly varies: (rr: RRset) => boolean;
}

/**
 * An orderer for `rules` (none: BIND's default, random). `random32` gives uniform 32-bit
 * integers (injected; the server uses crypto).
 */
export function createOrderer(rules: readonly RrsetOrderRule[] | undefined, random32: () => number): RrsetOrderer {
  const compiled = compileOrder(rules ?? DEFAULT_ORDER);
  const counters = new WeakMap<readonly Buffer[], { n: number }>();
  const modeOf = (rr: RRset): OrderMode => (rr.type === RRSIG || rr.rdatas.length < 2 ? 'none' : orderMode(compiled, rr.name, rr.type));
  return {
    order(rr) {
      if (rr.rdatas.length < 2) return rr;
      const base = storedRdatas(rr);
      const mode = modeOf(rr);
      let rdatas: readonly Buffer[] = base;
      if (mode === 'random') rdatas = randomOrder(base, random32());
      else if (mode === 'cyclic') {
        let c = counters.get(rr.rdatas);
        if (!c) counters.set(rr.rdatas, (c = { n: random32() >>> 0 }));
        rdatas = rotate(base, c.n % base.length);
        c.n = (c.n + 1) >>> 0;
      }
      return { name: rr.name, type: rr.type, ttl: rr.ttl, rdatas };
    },
    varies: (rr) => modeOf(rr) !== 'none',
  };
}
