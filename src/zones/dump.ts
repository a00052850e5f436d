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
import type { RRset, Zone, ZoneNode } from './zone-types.js';
import { allNodes, rrsetsWithSigs } from './node-rrsets.js';
import { secondsToText } from '../wire/rdata/types/sig.js';

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

const SIG = 24;

/**
 * The lines for one node's RRsets in dump order (each RRset with its own owner spelling, as
 * BIND); SIG records by covered type, in the order those first appear (BIND keeps them in
 * sets per covered type, which sort alike in its dump order). `now`: seconds since 1970.
 */
function* nodeLines(node: ZoneNode, now: number): Generator<string> {
  const groups: { order: number; set: RRset; rdatas: Buffer[] }[] = [];
  const add = (set: RRset, order: number) => groups.push({ order, set, rdatas: sortedRdatas(set) });
  for (const set of rrsetsWithSigs(node)) {
    if (set.type === RRType.RRSIG) {
      // BIND keeps one RRSIG set per covered type (RFC 4034 3.1: first field).
      const byCovered = new Map<number, Buffer[]>();
      for (const r of set.rdatas) {
        const c = r.length >= 2 ? r.readUInt16BE(0) : 0;
        byCovered.set(c, [...(byCovered.get(c) ?? []), r]);
      }
      for (const [c, rs] of byCovered) add({ ...set, rdatas: rs }, dumpOrder(set.type, c));
    } else if (set.type === SIG && node.oldSigs !== undefined) {
      for (const s of node.oldSigs.values()) add(s, dumpOrder(SIG, 0));
    } else {
      add(set, dumpOrder(set.type, 0));
    }
  }
  groups.sort((a, b) => a.order - b.order); // stable: SIG sets keep their order
  for (const g of groups) {
    const type = typeToText(g.set.type);
    for (const r of g.rdatas) yield formatRecordLine(g.set.name, g.set.ttl, classToText(1), type, rdataToText(g.set.type, r));
    if (g.set.type === RRType.RRSIG) yield `; resign=${secondsToText(resignTime(g.set.rdatas, now))}`;
  }
}

/**
 * When BIND would re-sign an RRSIG set loaded from a file (lib/dns/master.c resign_fromlist,
 * the records in file order): now when a signature's inception is after now (RFC 1982
 * serial comparison), else the earliest expiration (compared as plain 32-bit numbers), which
 * the dump notes after the set as that many seconds since 1970 (no serial arithmetic there).
 */
function resignTime(rdatas: readonly Buffer[], now: number): number {
  const now32 = now % 0x100000000;
  let when = -1;
  for (const r of rdatas) {
    if (r.length < 16) continue;
    const expire = r.readUInt32BE(8);
    const signed = r.readUInt32BE(12);
    const future = signed !== now32 && ((signed - now32) >>> 0) < 0x80000000;
    if (future) when = now32;
    else if (when < 0 || expire < when) when = expire;
  }
  return Math.max(when, 0);
}

/** Streams the dump a line at a time (each with its newline), for big zones. */
export function* dumpZoneLines(zone: Zone, nowMs = Date.now()): Generator<string> {
  const now = Math.floor(nowMs / 1000);
  for (const node of allNodes(zone)) {
    for (const line of nodeLines(node, now)) yield line + '\n';
  }
}

/** The whole zone in `named-checkzone -D` form; `nowMs` places RRSIG times (BIND prints each nearest to now). */
export function dumpZone(zone: Zone, nowMs = Date.now()): string {
  let out = '';
  for (const l of dumpZoneLines(zone, nowMs)) out += l;
  return out;
}
