/**
 * A node's RRsets with each RRSIG set (one per covered type, RFC 4034 3) right after the
 * RRset it covers, as BIND lists a node's data (AXFR, ANY): RRSIGs of a type the node lacks
 * come last. Nodes of an unsigned zone give their RRsets unchanged.
 */
import { RRType } from '../wire/rrtypes.js';
import type { RRset, Zone, ZoneNode } from './zone-types.js';

/**
 * A zone BIND calls secure (dns_db_issecure): its apex holds a DNSKEY and an NSEC or
 * NSEC3PARAM, i.e. it is signed with a chain to prove denial.
 */
export function zoneSecure(zone: Zone): boolean {
  const apex = zone.node(zone.origin)?.rrsets;
  return apex !== undefined && apex.has(RRType.DNSKEY) && (apex.has(RRType.NSEC) || apex.has(RRType.NSEC3PARAM));
}

export function rrsetsWithSigs(node: ZoneNode): RRset[] {
  const sigs = node.sigs;
  if (sigs === undefined || sigs.size === 0) return [...node.rrsets.values()];
  const out: RRset[] = [];
  for (const rr of node.rrsets.values()) {
    if (rr.type === RRType.RRSIG) continue;
    out.push(rr);
    const s = sigs.get(rr.type);
    if (s) out.push(s);
  }
  for (const [covered, s] of sigs) if (!node.rrsets.has(covered)) out.push(s);
  return out;
}

/** The zone's nodes, then those of its NSEC3 tree (BIND's order in a dump and an AXFR). */
export function* allNodes(zone: { nodes(): Iterable<ZoneNode>; readonly nsec3?: { nodes(): Iterable<ZoneNode> } }): Generator<ZoneNode> {
  yield* zone.nodes();
  if (zone.nsec3) yield* zone.nsec3.nodes();
}
