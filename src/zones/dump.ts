/**
 * The canonical master-file form of a zone, as `named-checkzone -D -o - ZONE FILE` (BIND
 * 9.18, style `dns_master_style_full`) prints it: one record a line, absolute owner names,
 * TTL, class, type, RDATA (RFC 1035 5.1 syntax). Order: nodes in canonical order (RFC 4034
 * 6.1); at each node SOA, then NS, then the other types by number, each RRSIG right after
 * the type it covers (BIND masterdump.c dump_order); within an RRset, records in canonical
 * RDATA order (RFC 4034 6.3). Columns: BIND indents with tabs (width 8) and then spaces to
 * column 46 for the TTL, class and type, and to column 64 for the RDATA, always at least
 * one space past the previous field.
 */
import { rdataToText } from '../wire/rdata.js';
import { classToText, typeToText } from '../wire/rrtypes.js';
import { RRType } from './record.js';
import { canonicalRdata } from '../wire/canonical.js';
import type { RRset, Zone } from './zone-types.js';
import { allNodes, rrsetsWithSigs } from './node-rrsets.js';
import { timeToText } from '../wire/rdata/types/sig.js';

const TTL_COLUMN = 46;
const CLASS_COLUMN = 46;
const TYPE_COLUMN = 46;
const RDATA_COLUMN = 64;
const TAB_WIDTH = 8;

/** BIND masterdump.c indent(): tabs then spaces from column `from` to `to` (at least one). */
export function indent(from: number, to: number): { text: string; column: number } {
  if (to < from + 1) to = from + 1;
  const ntabs = Math.max(0, Math.floor(to / TAB_WIDTH) - Math.floor(from / TAB_WIDTH));
  let text = '\t'.repeat(ntabs);
  if (ntabs > 0) from = Math.floor(to / TAB_WIDTH) * TAB_WIDTH;
  text += ' '.repeat(to - from);
  return { text, column: to };
}

/** One record line, laid out as BIND's full style (no trailing newline). */
export function formatRecordLine(owner: string, ttl: number, klass: string, type: string, rdata: string): string {
  let out = owner;
  let col = owner.length;
  for (const [field, at] of [[String(ttl), TTL_COLUMN], [klass, CLASS_COLUMN], [type, TYPE_COLUMN], [rdata, RDATA_COLUMN]] as const) {
    const pad = indent(col, at);
    out += pad.text + field;
    col = pad.column + field.length;
  }
  return out;
}

/** BIND's dump_order(): SOA, NS, then by type; an RRSIG right after the type it covers. */
function dumpOrder(type: number, covers: number): number {
  const t = type === RRType.RRSIG ? covers : type;
  const rank = t === RRType.SOA ? 0 : t === RRType.NS ? 1 : t + 2;
  return rank * 2 + (type === RRType.RRSIG ? 1 : 0);
}

function sortedRdatas(set: RRset): Buffer[] {
  return set.rdatas
    .map((r) => ({ r, k: canonicalRdata(set.type, r) }))
    .sort((a, b) => Buffer.compare(a.k, b.k))
    .map((x) => x.r);
}

/** The lines for one node's RRsets in dump order (each RRset with its own owner spelling, as BIND). */
function* nodeLines(rrsets: Iterable<RRset>): Generator<string> {
  const groups: { order: number; set: RRset; rdatas: Buffer[] }[] = [];
  for (const set of rrsets) {
    if (set.type === RRType.RRSIG) {
      // BIND keeps one RRSIG set per covered type (RFC 4034 3.1: first field).
      const byCovered = new Map<number, Buffer[]>();
      for (const r of set.rdatas) {
        const c = r.length >= 2 ? r.readUInt16BE(0) : 0;
        byCovered.set(c, [...(byCovered.get(c) ?? []), r]);
      }
      for (const [c, rs] of byCovered) {
        const sub = { ...set, rdatas: rs };
        groups.push({ order: dumpOrder(set.type, c), set: sub, rdatas: sortedRdatas(sub) });
      }
    } else {
      groups.push({ order: dumpOrder(set.type, 0), set, rdatas: sortedRdatas(set) });
    }
  }
  groups.sort((a, b) => a.order - b.order);
  for (const g of groups) {
    const type = typeToText(g.set.type);
    for (const r of g.rdatas) yield formatRecordLine(g.set.name, g.set.ttl, classToText(1), type, rdataToText(g.set.type, r));
    if (g.set.type === RRType.RRSIG) yield `; resign=${timeToText(earliestExpiry(g.rdatas))}`;
  }
}

/**
 * When BIND would re-sign an RRSIG set loaded from a file: its earliest signature expiration
 * (RFC 4034 3.1.5, serial arithmetic), which the dump notes after the set.
 */
function earliestExpiry(rdatas: readonly Buffer[]): number {
  let min = -1;
  for (const r of rdatas) {
    if (r.length < 12) continue;
    const e = r.readUInt32BE(8);
    if (min < 0 || ((e - min) | 0) < 0) min = e;
  }
  return Math.max(min, 0);
}

/** Streams the dump a line at a time (each with its newline), for big zones. */
export function* dumpZoneLines(zone: Zone): Generator<string> {
  for (const node of allNodes(zone)) {
    for (const line of nodeLines(rrsetsWithSigs(node))) yield line + '\n';
  }
}

/** The whole zone in `named-checkzone -D` form. */
export function dumpZone(zone: Zone): string {
  let out = '';
  for (const l of dumpZoneLines(zone)) out += l;
  return out;
}
