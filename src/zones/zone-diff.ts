/**
 * Zone differences as a journal holds them (RFC 1995 4: the RRs deleted and the RRs added
 * between two versions of a zone), both ways: the transaction that turns one zone into
 * another, and a zone with a journal's transactions applied (how named rolls a journal
 * forward on top of the zone file at load). Pure.
 *
 * Two RRs are one when owner, type and canonical RDATA (RFC 4034 6.2) are equal; a changed
 * RRset TTL deletes every RR of the old set and adds every RR of the new one, as BIND's diff
 * does (RFC 2181 5.2: one TTL per RRset). Within the deleted and the added RRs the order is
 * by type, names in canonical order (RFC 4034 6.1) within a type, as named sorts them
 * before writing.
 */
import { isSubdomain, nameKey } from '../wire/name.js';
import { canonicalSortKey } from '../wire/canonical.js';
import { CLASS_IN, RRType, type ResourceRecord } from './record.js';
import type { RRset, Zone, ZoneNode } from './zone-types.js';
import { rebuildZone, sameRdata, workSets, type ZoneChange } from './update.js';
import { soaSerial, type JournalTransaction } from './journal-format.js';
import type { PackedZone } from './zone.js';

export interface ZoneDiff {
  deleted: ResourceRecord[];
  added: ResourceRecord[];
}

function records(s: RRset, rdatas: readonly Buffer[] = s.rdatas): ResourceRecord[] {
  return rdatas.map((rdata) => ({ name: s.name, ttl: s.ttl, class: CLASS_IN, type: s.type, rdata }));
}

/** The differences at one name, its SOA left out. */
function nodeDiff(a: ZoneNode | undefined, b: ZoneNode | undefined, out: ZoneDiff): void {
  const types = new Set<number>([...(a?.rrsets.keys() ?? []), ...(b?.rrsets.keys() ?? [])]);
  types.delete(RRType.SOA);
  for (const t of types) {
    const o = a?.rrsets.get(t);
    const n = b?.rrsets.get(t);
    if (o && n && o.ttl === n.ttl) {
      out.deleted.push(...records(o, o.rdatas.filter((r) => !n.rdatas.some((x) => sameRdata(t, r, x)))));
      out.added.push(...records(n, n.rdatas.filter((r) => !o.rdatas.some((x) => sameRdata(t, r, x)))));
      continue;
    }
    if (o) out.deleted.push(...records(o));
    if (n) out.added.push(...records(n));
  }
}

/** Type order, then canonical name order (RFC 4034 6.1); stable within one name. */
function ixfrOrder(rrs: ResourceRecord[]): ResourceRecord[] {
  const keyed = rrs.map((rr) => ({ rr, key: canonicalSortKey(rr.name) }));
  keyed.sort((x, y) => x.rr.type - y.rr.type || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return keyed.map((k) => k.rr);
}

/**
 * The RRs `next` lacks of `old` (deleted) and has beyond it (added), SOAs left out. With
 * `names`, only those names are compared (the owners a change set touched); else every name
 * of both zones.
 */
export function diffZones(old: Zone, next: Zone, names?: Iterable<string>): ZoneDiff {
  const out: ZoneDiff = { deleted: [], added: [] };
  if (names !== undefined) {
    const seen = new Set<string>();
    for (const n of names) {
      const k = nameKey(n);
      if (seen.has(k)) continue;
      seen.add(k);
      nodeDiff(old.node(n), next.node(n), out);
    }
  } else {
    const rest = new Map<string, ZoneNode>();
    for (const n of old.nodes()) rest.set(nameKey(n.name), n);
    for (const n of next.nodes()) {
      const k = nameKey(n.name);
      nodeDiff(rest.get(k), n, out);
      rest.delete(k);
    }
    for (const n of rest.values()) nodeDiff(n, undefined, out);
  }
  return { deleted: ixfrOrder(out.deleted), added: ixfrOrder(out.added) };
}

/** The apex SOA record of `zone`. */
export function apexSoa(zone: Zone): ResourceRecord {
  const s = zone.node(zone.origin)?.rrsets.get(RRType.SOA);
  if (!s) throw new Error(`zone ${zone.origin} has no SOA`);
  return records(s)[0];
}

/** The owner names a change set touches (the names to compare in diffZones). */
export function changedNames(changes: readonly ZoneChange[]): string[] {
  return changes.map((c) => (c.op === 'add' ? c.rr.name : c.name));
}

/**
 * The journal transaction turning `old` into `next` (see diffZones for `names`); undefined
 * when they hold the same records. Throws when records changed but the serial did not
 * increase (a journal cannot hold that change).
 */
export function transactionOf(old: Zone, next: Zone, names?: Iterable<string>): JournalTransaction | undefined {
  const oldSoa = apexSoa(old);
  const newSoa = apexSoa(next);
  const d = diffZones(old, next, names);
  const soaSame = oldSoa.ttl === newSoa.ttl && sameRdata(RRType.SOA, oldSoa.rdata, newSoa.rdata);
  if (soaSame && d.deleted.length === 0 && d.added.length === 0) return undefined;
  return { oldSoa, deleted: d.deleted, newSoa, added: d.added };
}

export interface AppliedTransactions {
  zone: PackedZone;
  /** Deletions of RRs not present and additions of RRs present (named logs "update with no effect"). */
  noEffect: number;
}

/**
 * `zone` with `txs` applied in order (each deletion removes that RR, each addition adds it,
 * the RRset taking its TTL; the SOA is replaced), rebuilt once with zone.ts's checks;
 * `file` names the journal in its messages. Records outside the zone are not applied.
 */
export function applyTransactions(zone: Zone, txs: readonly JournalTransaction[], file: string): AppliedTransactions {
  const { touched, sets: setsAt } = workSets(zone);
  let noEffect = 0;
  for (const tx of txs) {
    for (const rr of [tx.oldSoa, ...tx.deleted]) {
      if (!isSubdomain(rr.name, zone.origin)) continue;
      const m = setsAt(rr.name);
      const s = m.get(rr.type);
      const rest = s?.rdatas.filter((r) => !sameRdata(rr.type, r, rr.rdata));
      if (!s || !rest || rest.length === s.rdatas.length) {
        noEffect++;
        continue;
      }
      if (rest.length === 0) m.delete(rr.type);
      else s.rdatas = rest;
    }
    for (const rr of [tx.newSoa, ...tx.added]) {
      if (!isSubdomain(rr.name, zone.origin)) continue;
      const m = setsAt(rr.name);
      const s = m.get(rr.type);
      if (!s) {
        m.set(rr.type, { name: rr.name, ttl: rr.ttl, rdatas: [rr.rdata] });
        continue;
      }
      s.ttl = rr.ttl;
      if (s.rdatas.some((r) => sameRdata(rr.type, r, rr.rdata))) noEffect++;
      else s.rdatas.push(rr.rdata);
    }
  }
  return { zone: rebuildZone(zone, touched, file), noEffect };
}

/** The serial a transaction leads to. */
export function serialAfter(tx: JournalTransaction): number {
  return soaSerial(tx.newSoa.rdata);
}
