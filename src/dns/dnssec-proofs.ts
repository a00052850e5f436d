/**
 * Authenticated denial of existence for signed zones, pure: which NSEC (RFC 4035 3.1.3) or
 * NSEC3 (RFC 5155 7.2) RRsets prove a negative answer, a wildcard answer or an unsigned
 * delegation, as BIND 9.18 picks them (measured against named, test/interop/dns-dnssec.test.ts):
 *
 * - NSEC: NXDOMAIN gets the NSEC covering the name and the one covering the wildcard at the
 *   closest encloser (RFC 4035 3.1.3.2); NODATA the NSEC at the name, or the one covering an
 *   empty non-terminal (3.1.3.1); a wildcard answer the NSEC covering the name (3.1.3.3); a
 *   wildcard NODATA the wildcard's NSEC and that one (3.1.3.4); an unsigned delegation the
 *   NSEC at the cut (3.1.4).
 * - NSEC3, with the chain of the apex NSEC3PARAM (SHA-1, RFC 5155 5): NXDOMAIN the closest
 *   encloser proof (7.2.1: the NSEC3 matching the closest encloser, the one covering the
 *   next closer name) and the NSEC3 covering the wildcard (7.2.2); NODATA the NSEC3 matching
 *   the name (7.2.3, 7.2.4), or a closest provable encloser proof under opt-out; a wildcard
 *   answer the NSEC3 covering the next closer name (7.2.6); a wildcard NODATA the closest
 *   encloser proof and the NSEC3 matching the wildcard (7.2.5); an unsigned delegation the
 *   NSEC3 matching it, else the closest provable encloser proof (7.2.7).
 *
 * The proofs come as the nodes holding them, in the order BIND adds them; the caller adds
 * each node's NSEC or NSEC3 RRset and its RRSIGs. Chains are indexed once per zone.
 */
import { createHash } from 'node:crypto';
import { isSubdomain, nameKey, nameToWire, parentName, ROOT } from '../wire/name.js';
import { canonicalSortKey } from '../wire/canonical.js';
import { RRType } from '../wire/rrtypes.js';
import { base32hexDecode } from '../wire/rdata/base32hex.js';
import type { RRset, Zone, ZoneNode } from '../zones/zone-types.js';

/** One proof: the NSEC or NSEC3 RRset and the node whose RRSIGs cover it. */
export interface Proof {
  readonly rrset: RRset;
  readonly node: ZoneNode;
}

interface NsecChain {
  readonly kind: 'nsec';
  readonly keys: string[];
  readonly nodes: ZoneNode[];
}

interface Nsec3Chain {
  readonly kind: 'nsec3';
  readonly iterations: number;
  readonly salt: Buffer;
  readonly hashes: Buffer[];
  readonly nodes: ZoneNode[];
}

type Chain = NsecChain | Nsec3Chain | { kind: 'none' };

const CHAINS = new WeakMap<Zone, Chain>();
const SHA1 = 1;

/** The zone's denial chain: NSEC3 when the apex has an NSEC3PARAM of a chain present, else NSEC, else none. */
function chainOf(zone: Zone): Chain {
  let c = CHAINS.get(zone);
  if (c === undefined) CHAINS.set(zone, (c = buildChain(zone)));
  return c;
}

function buildChain(zone: Zone): Chain {
  const apex = zone.node(zone.origin);
  const param = apex?.rrsets.get(RRType.NSEC3PARAM)?.rdatas.find((p) => p.length >= 5 && p[0] === SHA1 && p.length === 5 + p[4]);
  if (param !== undefined && zone.nsec3 !== undefined) {
    const iterations = param.readUInt16BE(2);
    const salt = param.subarray(5);
    const entries: { hash: Buffer; node: ZoneNode }[] = [];
    for (const node of zone.nsec3.nodes()) {
      const ok = node.rrsets.get(RRType.NSEC3)?.rdatas.some((r) => r.length >= 5 && r[0] === SHA1 && r.readUInt16BE(2) === iterations && r.subarray(5, 5 + r[4]).equals(salt));
      const hash = ok ? base32hexDecode(node.name.slice(0, node.name.indexOf('.'))) : undefined;
      if (hash !== undefined) entries.push({ hash, node });
    }
    entries.sort((a, b) => Buffer.compare(a.hash, b.hash));
    return { kind: 'nsec3', iterations, salt, hashes: entries.map((e) => e.hash), nodes: entries.map((e) => e.node) };
  }
  const nodes: ZoneNode[] = [];
  for (const node of zone.nodes()) if (node.rrsets.has(RRType.NSEC)) nodes.push(node);
  if (nodes.length === 0) return { kind: 'none' };
  return { kind: 'nsec', keys: nodes.map((n) => canonicalSortKey(n.name)), nodes };
}

/** RFC 5155 5: IH(salt, x, k), x the owner name in canonical (lower-case) wire form. */
export function nsec3Hash(name: string, salt: Uint8Array, iterations: number): Buffer {
  let h = createHash('sha1').update(nameToWire(name.toLowerCase())).update(salt).digest();
  for (let k = 0; k < iterations; k++) h = createHash('sha1').update(h).update(salt).digest();
  return h;
}

/** The last index i with `notAfter(i)` true, `notAfter` true for a prefix of 0..n-1 (-1 when none). */
function lastBefore(n: number, notAfter: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (notAfter(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

class Prover {
  private readonly out: Proof[] = [];
  constructor(private readonly zone: Zone, private readonly chain: NsecChain | Nsec3Chain) {}

  get proofs(): Proof[] {
    return this.out;
  }

  private push(node: ZoneNode | undefined): void {
    if (node === undefined || this.out.some((p) => nameKey(p.node.name) === nameKey(node.name))) return;
    const rrset = node.rrsets.get(this.chain.kind === 'nsec' ? RRType.NSEC : RRType.NSEC3);
    if (rrset) this.out.push({ rrset, node });
  }

  /** The NSEC owned by `name` or covering it (RFC 4034 6.1 order). */
  nsecFor(name: string): ZoneNode | undefined {
    const c = this.chain as NsecChain;
    const key = canonicalSortKey(name);
    const i = lastBefore(c.keys.length, (k) => c.keys[k] <= key);
    return i >= 0 ? c.nodes[i] : c.nodes[c.nodes.length - 1];
  }

  private hashOf(name: string): Buffer {
    const c = this.chain as Nsec3Chain;
    return nsec3Hash(name, c.salt, c.iterations);
  }

  /** The NSEC3 whose owner hash is `name`'s. */
  nsec3Match(name: string): ZoneNode | undefined {
    const c = this.chain as Nsec3Chain;
    const h = this.hashOf(name);
    const i = lastBefore(c.hashes.length, (k) => Buffer.compare(c.hashes[k], h) <= 0);
    return i >= 0 && c.hashes[i].equals(h) ? c.nodes[i] : undefined;
  }

  /** The NSEC3 covering `name`'s hash (the chain wraps around, RFC 5155 3.1.7). */
  nsec3Cover(name: string): ZoneNode | undefined {
    const c = this.chain as Nsec3Chain;
    const h = this.hashOf(name);
    const i = lastBefore(c.hashes.length, (k) => Buffer.compare(c.hashes[k], h) < 0);
    return c.nodes[i >= 0 ? i : c.nodes.length - 1];
  }

  /** The closest encloser of a name that does not exist: its nearest existing ancestor. */
  closestEncloser(name: string): string {
    const origin = nameKey(this.zone.origin);
    let ce = parentName(name);
    while (nameKey(ce) !== origin && ce !== ROOT && !this.zone.exists(ce)) ce = parentName(ce);
    return ce;
  }

  /** RFC 5155 7.2.1: the NSEC3 matching `encloser` and the one covering the next closer name. */
  encloserProof(name: string, encloser: string): void {
    this.push(this.nsec3Match(encloser));
    this.push(this.nsec3Cover(nextCloser(name, encloser)));
  }

  /** RFC 5155 7.2.1 with the closest provable encloser: the nearest ancestor with a matching NSEC3. */
  provableEncloserProof(name: string): void {
    const origin = nameKey(this.zone.origin);
    let e = parentName(name);
    while (nameKey(e) !== origin && e !== ROOT && this.nsec3Match(e) === undefined) e = parentName(e);
    this.encloserProof(name, e);
  }

  add(node: ZoneNode | undefined): void {
    this.push(node);
  }
}

/** The ancestor of `name` one label longer than `encloser`. */
function nextCloser(name: string, encloser: string): string {
  const e = nameKey(encloser);
  let n = name;
  while (n !== ROOT && nameKey(parentName(n)) !== e) n = parentName(n);
  return n;
}

function prover(zone: Zone): Prover | undefined {
  const c = chainOf(zone);
  return c.kind === 'none' ? undefined : new Prover(zone, c);
}

/** True when the zone's denial of existence is NSEC3 (RFC 5155). */
export function usesNsec3(zone: Zone): boolean {
  return chainOf(zone).kind === 'nsec3';
}

const isNsec3 = usesNsec3;

const wildcardAt = (encloser: string): string => (encloser === ROOT ? '*.' : '*.' + encloser);

/** RFC 4035 3.1.3.2 / RFC 5155 7.2.2: `qname` does not exist, nor a wildcard for it. */
export function nxdomainProofs(zone: Zone, qname: string): Proof[] {
  const p = prover(zone);
  if (!p) return [];
  const ce = p.closestEncloser(qname);
  if (isNsec3(zone)) {
    p.encloserProof(qname, ce);
    p.add(p.nsec3Cover(wildcardAt(ce)));
  } else {
    p.add(p.nsecFor(qname));
    p.add(p.nsecFor(wildcardAt(ce)));
  }
  return p.proofs;
}

/**
 * RFC 4035 3.1.3.1 / RFC 5155 7.2.3-7.2.4: `qname` exists (a node, an empty non-terminal or
 * a delegation asked for DS) without the type asked.
 */
export function nodataProofs(zone: Zone, qname: string): Proof[] {
  const p = prover(zone);
  if (!p) return [];
  if (isNsec3(zone)) {
    const m = p.nsec3Match(qname);
    if (m) p.add(m);
    else p.provableEncloserProof(qname);
  } else {
    p.add(p.nsecFor(qname));
  }
  return p.proofs;
}

/** RFC 4035 3.1.3.3 / RFC 5155 7.2.6: a wildcard answered `qname`, which does not exist. */
export function wildcardAnswerProofs(zone: Zone, qname: string, wildcard: string): Proof[] {
  const p = prover(zone);
  if (!p) return [];
  if (isNsec3(zone)) p.add(p.nsec3Cover(nextCloser(qname, parentName(wildcard))));
  else p.add(p.nsecFor(qname));
  return p.proofs;
}

/** RFC 4035 3.1.3.4 / RFC 5155 7.2.5: the wildcard matching `qname` lacks the type asked. */
export function wildcardNodataProofs(zone: Zone, qname: string, wildcard: ZoneNode): Proof[] {
  const p = prover(zone);
  if (!p) return [];
  if (isNsec3(zone)) {
    p.encloserProof(qname, parentName(wildcard.name));
    p.add(p.nsec3Match(wildcard.name));
  } else {
    p.add(wildcard);
    p.add(p.nsecFor(qname));
  }
  return p.proofs;
}

/** RFC 4035 3.1.4 / RFC 5155 7.2.7: the delegation at `cut` has no DS. */
export function insecureDelegationProofs(zone: Zone, cut: ZoneNode): Proof[] {
  const p = prover(zone);
  if (!p || !isSubdomain(cut.name, zone.origin)) return [];
  if (isNsec3(zone)) {
    const m = p.nsec3Match(cut.name);
    if (m) p.add(m);
    else p.provableEncloserProof(cut.name);
  } else {
    p.add(cut);
  }
  return p.proofs;
}
