/**
 * DNS UPDATE (RFC 2136), the pure part: read an UPDATE message, check its prerequisites
 * against a zone, prescan its update section, turn it into the change set that
 * src/zones/update.ts applies, and build the response. Who may update (TSIG, allow-update,
 * update-policy) and the swap of the served zones are update-service.ts's.
 *
 * The order of the checks is BIND 9.18's (ns_update_start, send_update, update_action in
 * lib/ns/update.c), measured with nsupdate against named (test/interop/dns-update.test.ts):
 * the zone section (RFC 2136 3.1.1: one SOA question, else FORMERR), the zone (an exact
 * apex, else NOTAUTH), the requestor's permission (REFUSED), the update section prescan
 * (RFC 2136 3.4.1: NOTZONE, FORMERR; BIND checks update-policy per RR here, REFUSED), then
 * the prerequisites (RFC 2136 3.2; named checks them after the prescan, not before it as
 * the RFC's pseudocode has it), then the changes (3.4.2).
 */
import { nameFromWire, isSubdomain, nameKey, parentName } from '../wire/name.js';
import { canonicalRdata } from '../wire/canonical.js';
import { rdataFromMessage } from '../wire/rdata.js';
import { isMetaType, RRType } from '../wire/rrtypes.js';
import type { Zone } from '../zones/zone-types.js';
import type { ZoneChange } from '../zones/update.js';
import { CLASS_IN } from '../zones/record.js';
import { checkNamesProblems } from '../zones/checks.js';
import { DnsClass, Opcode, Rcode } from './message.js';

const T_OPT = 41;
const T_NSEC3 = 50;

/** One record of the prerequisite or update section, RDATA names decompressed. */
export interface UpdateRR {
  name: string;
  type: number;
  class: number;
  ttl: number;
  rdata: Buffer;
}

export interface UpdateRequest {
  id: number;
  /** The zone section's one entry (RFC 2136 2.3): ZNAME, ZTYPE, ZCLASS. */
  zone: { name: string; type: number; class: number };
  /** The zone section's bytes as received, echoed in the response. */
  zoneSection: Buffer;
  prerequisites: UpdateRR[];
  updates: UpdateRR[];
  /** Whether the additional section carries an OPT (RFC 6891). */
  edns: boolean;
}

export type ParsedUpdate =
  | { ok: true; request: UpdateRequest }
  /** FORMERR (RFC 2136 3.1.1, 3.8); `zoneSection` when the zone section itself read. */
  | { ok: false; id: number; zoneSection?: Buffer };

/** Reads the records of one section (RFC 2136 2.4, 2.5: the answer/authority layout; RFC 1035 4.1.3). */
export function readRecords(msg: Buffer, o: number, count: number, out: UpdateRR[]): number {
  for (let i = 0; i < count; i++) {
    const { name, next } = nameFromWire(msg, o);
    if (next + 10 > msg.length) throw new Error('record runs past end of message');
    const type = msg.readUInt16BE(next);
    const cls = msg.readUInt16BE(next + 2);
    const ttl = msg.readUInt32BE(next + 4);
    const len = msg.readUInt16BE(next + 8);
    const start = next + 10;
    if (start + len > msg.length) throw new Error('RDATA runs past end of message');
    // Class ANY and NONE records are deletions or prerequisites: their RDATA is read as the type's when present.
    const rdata = len === 0 ? Buffer.alloc(0) : rdataFromMessage(msg, start, len, type);
    out.push({ name, type, class: cls, ttl, rdata });
    o = start + len;
  }
  return o;
}

/**
 * Reads an UPDATE message (RFC 2136 2: header, zone, prerequisite, update, additional
 * sections). A message that does not read, or whose zone section is not one SOA entry,
 * is FORMERR (RFC 2136 3.1.1).
 */
export function parseUpdate(msg: Buffer): ParsedUpdate {
  const id = msg.length >= 2 ? msg.readUInt16BE(0) : 0;
  if (msg.length < 12) return { ok: false, id };
  const zocount = msg.readUInt16BE(4);
  let zoneSection: Buffer | undefined;
  try {
    // The first entry is echoed even when there are more (BIND, measured).
    if (zocount === 0) return { ok: false, id };
    const z = nameFromWire(msg, 12);
    if (z.next + 4 > msg.length) return { ok: false, id };
    zoneSection = Buffer.from(msg.subarray(12, z.next + 4));
    const zone = { name: z.name, type: msg.readUInt16BE(z.next), class: msg.readUInt16BE(z.next + 2) };
    if (zocount !== 1 || zone.type !== RRType.SOA) return { ok: false, id, zoneSection };
    const prerequisites: UpdateRR[] = [];
    const updates: UpdateRR[] = [];
    const additional: UpdateRR[] = [];
    let o = readRecords(msg, z.next + 4, msg.readUInt16BE(6), prerequisites);
    o = readRecords(msg, o, msg.readUInt16BE(8), updates);
    readRecords(msg, o, msg.readUInt16BE(10), additional);
    const edns = additional.some((r) => r.type === T_OPT);
    return { ok: true, request: { id, zone, zoneSection, prerequisites, updates, edns } };
  } catch {
    return { ok: false, id, zoneSection };
  }
}

/** The zone whose apex is exactly the zone section's name, class IN (BIND: else NOTAUTH). */
export function updateZone(zones: { find(name: string): Zone | undefined }, req: UpdateRequest): Zone | undefined {
  if (req.zone.class !== CLASS_IN) return undefined;
  const z = zones.find(req.zone.name);
  return z && nameKey(z.origin) === nameKey(req.zone.name) ? z : undefined;
}

/**
 * Whether an update RR is permitted (update-policy); the service decides. `rr` is the
 * update RR; for a deletion of every RRset of a name (class ANY, type ANY) it is asked
 * once per RRset the name holds, with that RRset's type (BIND's ssu_checkall).
 */
export type UpdateGrant = (rr: UpdateRR, type: number) => boolean;

/** The most records of `type` an addition may leave at `rr.name` (update-policy `A(5)`), 0 for no limit. */
export type UpdateGrantLimit = (rr: UpdateRR, type: number) => number;

/**
 * RFC 2136 3.4.1, the update section prescan, with BIND's additions: NOTZONE for a name
 * outside the zone (3.4.1.3), FORMERR for a meta type added, a class ANY record with a
 * TTL or RDATA, a class NONE record with a TTL, or any other class (3.4.1.2); REFUSED for
 * NSEC and NSEC3 and for RRSIG below the apex (named: "explicit ... updates are not
 * allowed"), for an added RR whose names fail check-names (named's `fail` for primary
 * zones: "bad owner name (check-names)"), and for an RR `grant` refuses. NOERROR when the section may be applied.
 */
export function prescan(zone: Zone, updates: readonly UpdateRR[], grant?: UpdateGrant): number {
  for (const rr of updates) {
    if (!isSubdomain(rr.name, zone.origin)) return Rcode.NOTZONE;
    if (rr.class === CLASS_IN) {
      if (isMetaType(rr.type)) return Rcode.FORMERR;
      // check-names, `fail` for a primary zone (BIND dns_zone_checknames): REFUSED.
      if (checkNamesProblems(rr.name, rr.type, rr.rdata).length > 0) return Rcode.REFUSED;
    } else if (rr.class === DnsClass.ANY) {
      if (rr.ttl !== 0 || rr.rdata.length !== 0 || (isMetaType(rr.type) && rr.type !== RRType.ANY)) return Rcode.FORMERR;
    } else if (rr.class === DnsClass.NONE) {
      if (rr.ttl !== 0 || isMetaType(rr.type)) return Rcode.FORMERR;
    } else {
      return Rcode.FORMERR;
    }
    if (rr.type === RRType.NSEC || rr.type === T_NSEC3) return Rcode.REFUSED;
    if (rr.type === RRType.RRSIG && nameKey(rr.name) !== nameKey(zone.origin)) return Rcode.REFUSED;
    if (grant && !granted(zone, rr, grant)) return Rcode.REFUSED;
  }
  return Rcode.NOERROR;
}

function granted(zone: Zone, rr: UpdateRR, grant: UpdateGrant): boolean {
  if (rr.type !== RRType.ANY) return grant(rr, rr.type);
  // Deleting every RRset of a name: each RRset there must be granted (RRSIG and NSEC are
  // let go with the name, BIND's ssu_checkrule); a name without data is granted.
  for (const t of zone.node(rr.name)?.rrsets.keys() ?? []) {
    if (t === RRType.RRSIG || t === RRType.NSEC) continue;
    if (!grant(rr, t)) return false;
  }
  return true;
}

const sortedCanonical = (type: number, rdatas: readonly Buffer[]): Buffer[] =>
  rdatas.map((r) => canonicalRdata(type, r)).sort(Buffer.compare);

/**
 * RFC 2136 3.2, the prerequisites, in order: TTL not 0 FORMERR (3.2.1); a name outside the
 * zone NOTZONE (3.2.2 as BIND orders it); class ANY: type ANY "name is in use" (NXDOMAIN
 * when not), else "RRset exists" value-independent (NXRRSET); class NONE: type ANY "name
 * is not in use" (YXDOMAIN), else "RRset does not exist" (YXRRSET); RDATA with ANY/NONE
 * FORMERR (3.2.1); class IN: "RRset exists (value dependent)", checked last for all of
 * them together (3.2.3, 3.2.5: the RRsets compare equal as sets, RFC 2136 1.1 and 2181 5).
 * NOERROR when all hold.
 */
export function checkPrerequisites(zone: Zone, prerequisites: readonly UpdateRR[]): number {
  const valueSets = new Map<string, { name: string; type: number; rdatas: Buffer[] }>();
  const rrsets = (name: string) => zone.node(name)?.rrsets;
  for (const rr of prerequisites) {
    if (rr.ttl !== 0) return Rcode.FORMERR;
    if (!isSubdomain(rr.name, zone.origin)) return Rcode.NOTZONE;
    if (rr.class === DnsClass.ANY || rr.class === DnsClass.NONE) {
      if (rr.rdata.length !== 0) return Rcode.FORMERR;
      const sets = rrsets(rr.name);
      const present = rr.type === RRType.ANY ? (sets?.size ?? 0) > 0 : sets?.has(rr.type) === true;
      if (rr.class === DnsClass.ANY && !present) return rr.type === RRType.ANY ? Rcode.NXDOMAIN : Rcode.NXRRSET;
      if (rr.class === DnsClass.NONE && present) return rr.type === RRType.ANY ? Rcode.YXDOMAIN : Rcode.YXRRSET;
    } else if (rr.class === CLASS_IN) {
      const k = `${nameKey(rr.name)}/${rr.type}`;
      const set = valueSets.get(k) ?? { name: rr.name, type: rr.type, rdatas: [] };
      set.rdatas.push(rr.rdata);
      valueSets.set(k, set);
    } else {
      return Rcode.FORMERR;
    }
  }
  for (const want of valueSets.values()) {
    const have = rrsets(want.name)?.get(want.type);
    if (!have) return Rcode.NXRRSET;
    const a = sortedCanonical(want.type, want.rdatas);
    const b = sortedCanonical(want.type, have.rdatas);
    if (a.length !== b.length || a.some((x, i) => !x.equals(b[i]))) return Rcode.NXRRSET;
  }
  return Rcode.NOERROR;
}

/**
 * RFC 2136 2.5: the update section as a change set for applyZoneChanges (prescanned);
 * additions carry the update-policy record limit when `limit` gives one.
 */
export function toZoneChanges(updates: readonly UpdateRR[], limit?: UpdateGrantLimit): ZoneChange[] {
  return updates.map((rr): ZoneChange => {
    if (rr.class === DnsClass.ANY) {
      return rr.type === RRType.ANY ? { op: 'delete', name: rr.name } : { op: 'delete', name: rr.name, type: rr.type };
    }
    if (rr.class === DnsClass.NONE) return { op: 'delete', name: rr.name, type: rr.type, rdata: rr.rdata };
    const add: ZoneChange = { op: 'add', rr: { name: rr.name, type: rr.type, class: CLASS_IN, ttl: rr.ttl, rdata: rr.rdata } };
    const max = limit?.(rr, rr.type) ?? 0;
    return max > 0 ? { ...add, max } : add;
  });
}

/**
 * BIND's check of added MX records (lib/ns/update.c check_mx, check-integrity): a target
 * inside the zone, not at or below a delegation, must have an A or AAAA record in the
 * updated zone (named: "MX '...' has no address records", or "is a CNAME (illegal)"),
 * else the update is REFUSED. Targets outside the zone are not checked.
 */
export function mxTargetsResolve(zone: Zone, changes: readonly ZoneChange[]): boolean {
  const apex = nameKey(zone.origin);
  for (const c of changes) {
    if (c.op !== 'add' || c.rr.type !== RRType.MX || c.rr.rdata.length < 3) continue;
    const target = nameFromWire(c.rr.rdata, 2).name;
    if (!isSubdomain(target, zone.origin)) continue;
    let delegated = false;
    for (let n = target; nameKey(n) !== apex && !delegated; n = parentName(n)) delegated = zone.node(n)?.rrsets.has(RRType.NS) === true;
    if (delegated) continue;
    const sets = zone.node(target)?.rrsets;
    if (!sets?.has(RRType.A) && !sets?.has(RRType.AAAA)) return false;
  }
  return true;
}

/**
 * The response (RFC 2136 3.8): the request's ID, QR, opcode UPDATE, the RCODE, the zone
 * section echoed as BIND does (ZOCOUNT 1, the other sections empty), and an OPT when the
 * request had one (RFC 6891 7, BIND's 1232-octet UDP size). TSIG is the service's.
 */
export function updateResponse(id: number, rcode: number, zoneSection: Buffer | undefined, edns = false): Buffer {
  const z = zoneSection ?? Buffer.alloc(0);
  const out = Buffer.alloc(12 + z.length + (edns ? 11 : 0));
  out.writeUInt16BE(id, 0);
  out[2] = 0x80 | (Opcode.UPDATE << 3);
  out[3] = rcode & 0xf;
  out.writeUInt16BE(z.length > 0 ? 1 : 0, 4);
  z.copy(out, 12);
  if (edns) {
    const o = 12 + z.length;
    out.writeUInt16BE(1, 10);
    out.writeUInt16BE(T_OPT, o + 1);
    out.writeUInt16BE(1232, o + 3);
  }
  return out;
}
