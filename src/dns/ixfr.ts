/**
 * IXFR as a primary (RFC 1995), pure: which answer an IXFR request gets and the records of
 * an incremental one, from the zone's journal (src/zones/journal-format.ts transactions).
 * What BIND 9.18 answers (measured against named, test/interop/dns-xfr-ixfr.test.ts):
 *
 * - The client's serial is the SOA in the request's authority section (RFC 1995 3,
 *   query-parse.ts ixfrRequestSerial); an IXFR without one is FORMERR.
 * - Over UDP: the current SOA alone, whatever the client's serial (RFC 1995 2 allows it:
 *   the client then asks over TCP; named never sends differences over UDP).
 * - Over TCP: the current SOA alone when the client's serial is the current one or newer
 *   (RFC 1995 2, RFC 1982 comparison); else, when the journal holds an unbroken chain of
 *   transactions from the client's serial to the current one, the difference sequences
 *   (RFC 1995 4: current SOA, then per transaction old SOA, deleted RRs, new SOA, added
 *   RRs, then the current SOA); else the whole zone as an AXFR (RFC 1995 4: "the server
 *   may ... send the entire zone"; named: "IXFR version not in journal, falling back to
 *   AXFR"). `provide-ixfr no` always sends the whole zone.
 * - `max-ixfr-ratio` (default 100%): named sends the whole zone when the differences are
 *   larger than that share of the zone ("IXFR delta size (N bytes) exceeds the maximum
 *   ratio to database size (M bytes)"). Its sizes: the differences are the uncompressed
 *   wire size of every RR of the transactions (owner, 10 octets of type, class, TTL and
 *   length, RDATA), the zone is per RRset its owner's wire length, 8 octets (TTL, type,
 *   class) and the RDATA lengths (named's rbtdb `recordsize`). `unlimited` is 0.
 */
import { nameToWire } from '../wire/name.js';
import { RRType, type ResourceRecord } from '../zones/record.js';
import type { JournalTransaction } from '../zones/journal-format.js';
import { soaSerial } from '../zones/journal-format.js';
import { serialGreater } from '../zones/update.js';
import type { Zone } from '../zones/zone-types.js';
import { allNodes, rrsetsWithSigs } from '../zones/node-rrsets.js';

/** named.conf's provide-ixfr and max-ixfr-ratio. */
export interface IxfrPolicy {
  /** Default true (BIND 9.18). */
  provideIxfr?: boolean;
  /** Percent of the zone's size; 0 is `unlimited`. Default 100 (BIND 9.18). */
  maxIxfrRatio?: number;
}

/** BIND 9.18's max-ixfr-ratio default (named -C: `max-ixfr-ratio 100%`). */
export const DEFAULT_MAX_IXFR_RATIO = 100;

export type IxfrPlan =
  | { kind: 'soa' }
  | { kind: 'axfr'; reason: 'not-in-journal' | 'ratio' | 'no-ixfr' }
  | { kind: 'ixfr'; transactions: JournalTransaction[] };

/** The transactions leading from `from` to `to`, one after the other, or undefined. */
export function journalChain(journal: readonly JournalTransaction[], from: number, to: number): JournalTransaction[] | undefined {
  const start = journal.findIndex((t) => soaSerial(t.oldSoa.rdata) === from);
  if (start < 0) return undefined;
  const out: JournalTransaction[] = [];
  let serial = from;
  for (let i = start; i < journal.length; i++) {
    const t = journal[i];
    if (soaSerial(t.oldSoa.rdata) !== serial) return undefined;
    out.push(t);
    serial = soaSerial(t.newSoa.rdata);
    if (serial === to) return out;
  }
  return undefined;
}

const rrSize = (rr: ResourceRecord): number => nameToWire(rr.name).length + 10 + rr.rdata.length;

/** named's size of the differences (see the file comment). */
export function deltaSize(txs: readonly JournalTransaction[]): number {
  let n = 0;
  for (const t of txs) for (const rr of [t.oldSoa, ...t.deleted, t.newSoa, ...t.added]) n += rrSize(rr);
  return n;
}

/** named's size of a zone (see the file comment). */
export function zoneSize(zone: Zone): number {
  let n = 0;
  for (const node of allNodes(zone)) {
    for (const s of rrsetsWithSigs(node)) {
      n += nameToWire(s.name).length + 8;
      for (const rd of s.rdatas) n += rd.length;
    }
  }
  return n;
}

/** What to answer an IXFR over TCP from a client at `clientSerial` (see the file comment). */
export function planIxfr(zone: Zone, clientSerial: number, journal: readonly JournalTransaction[] | undefined, policy: IxfrPolicy = {}): IxfrPlan {
  if (clientSerial === zone.serial || serialGreater(clientSerial, zone.serial)) return { kind: 'soa' };
  if (policy.provideIxfr === false) return { kind: 'axfr', reason: 'no-ixfr' };
  const chain = journal && journalChain(journal, clientSerial, zone.serial);
  if (!chain) return { kind: 'axfr', reason: 'not-in-journal' };
  const ratio = policy.maxIxfrRatio ?? DEFAULT_MAX_IXFR_RATIO;
  if (ratio > 0 && deltaSize(chain) * 100 > zoneSize(zone) * ratio) return { kind: 'axfr', reason: 'ratio' };
  return { kind: 'ixfr', transactions: chain };
}

/** The answer records of an incremental transfer (RFC 1995 4), `current` the zone's SOA. */
export function ixfrRecords(current: ResourceRecord, txs: readonly JournalTransaction[]): ResourceRecord[] {
  const out: ResourceRecord[] = [current];
  for (const t of txs) out.push(t.oldSoa, ...t.deleted, t.newSoa, ...t.added);
  out.push(current);
  return out;
}
