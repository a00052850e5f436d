/**
 * Reading a zone transfer response as a secondary, pure: the messages' answer records, fed
 * in as they arrive, until the transfer is complete (RFC 5936 2.2: the closing SOA), and
 * what they say (RFC 1995 4):
 *
 * - The first record is the zone's SOA, with the primary's serial.
 * - For an IXFR, that SOA alone, its serial not newer (RFC 1982) than the client's, is
 *   "up to date" (RFC 1995 2; named's xfrin: "requested serial N, primary has M, not
 *   updating").
 * - For an IXFR whose second record is an SOA with the client's serial, the differences
 *   follow: per version, the old SOA, the deleted RRs, the new SOA, the added RRs; the
 *   transfer ends at the SOA with the primary's serial after the added RRs of a version
 *   (named: an SOA that is neither that nor the next version's old SOA is "IXFR out of
 *   sync").
 * - Anything else is the whole zone (an AXFR, or an IXFR answered AXFR-style, RFC 1995 4):
 *   every record up to the next SOA, which closes it.
 */
import { nameFromWire, nameKey } from '../../wire/name.js';
import { RRType, type ResourceRecord } from '../../zones/record.js';
import type { JournalTransaction } from '../../zones/journal-format.js';
import { soaSerial } from '../../zones/journal-format.js';
import { serialGreater } from '../../zones/update.js';
import { readRecords } from '../update.js';

export class XfrError extends Error {}

/** A response message's header fields and answer records (names decompressed). */
export interface XfrMessage {
  id: number;
  qr: boolean;
  opcode: number;
  tc: boolean;
  aa: boolean;
  rcode: number;
  answer: ResourceRecord[];
}

/** Reads a response's header and answer section; throws XfrError when it does not read. */
export function readXfrMessage(msg: Buffer): XfrMessage {
  if (msg.length < 12) throw new XfrError('short message');
  try {
    let o = 12;
    for (let i = msg.readUInt16BE(4); i > 0; i--) o = nameFromWire(msg, o).next + 4;
    if (o > msg.length) throw new XfrError('question runs past the end');
    const answer: ResourceRecord[] = [];
    readRecords(msg, o, msg.readUInt16BE(6), answer);
    const f = msg.readUInt16BE(2);
    return { id: msg.readUInt16BE(0), qr: (f & 0x8000) !== 0, opcode: (f >> 11) & 0xf, aa: (f & 0x400) !== 0, tc: (f & 0x200) !== 0, rcode: f & 0xf, answer };
  } catch (e) {
    throw e instanceof XfrError ? e : new XfrError(`malformed message: ${(e as Error).message}`);
  }
}

export type XfrResult =
  | { kind: 'up-to-date'; soa: ResourceRecord }
  /** The zone's records, its SOA first (the closing SOA left out). */
  | { kind: 'axfr'; records: ResourceRecord[] }
  | { kind: 'ixfr'; soa: ResourceRecord; transactions: JournalTransaction[] };

export interface XfrReader {
  /** The answer records of the next message; true once the transfer is complete. */
  push(records: readonly ResourceRecord[]): boolean;
  /** What the complete transfer holds; throws XfrError before it is complete. */
  result(): XfrResult;
}

/** A reader for the transfer of `origin`; `clientSerial` for an IXFR (the serial in its request). */
export function createXfrReader(origin: string, clientSerial?: number): XfrReader {
  const zoneKey = nameKey(origin);
  let first: ResourceRecord | undefined;
  let endSerial = 0;
  let mode: 'first' | 'second' | 'axfr' | 'deleting' | 'adding' | 'done' = 'first';
  let result: XfrResult | undefined;
  const records: ResourceRecord[] = [];
  const txs: JournalTransaction[] = [];
  let tx: { oldSoa: ResourceRecord; deleted: ResourceRecord[]; newSoa?: ResourceRecord; added: ResourceRecord[] } | undefined;
  const isSoa = (rr: ResourceRecord) => rr.type === RRType.SOA;
  const serialOf = (rr: ResourceRecord) => soaSerial(rr.rdata);

  function finishTx(): void {
    if (tx?.newSoa) txs.push({ oldSoa: tx.oldSoa, deleted: tx.deleted, newSoa: tx.newSoa, added: tx.added });
    tx = undefined;
  }

  function one(rr: ResourceRecord): void {
    switch (mode) {
      case 'done':
        throw new XfrError('records after the closing SOA');
      case 'first':
        if (!isSoa(rr) || nameKey(rr.name) !== zoneKey) throw new XfrError('the first record is not the zone SOA');
        first = rr;
        endSerial = serialOf(rr);
        records.push(rr);
        mode = 'second';
        return;
      case 'second':
        if (isSoa(rr) && clientSerial !== undefined && serialOf(rr) === clientSerial) {
          tx = { oldSoa: rr, deleted: [], added: [] };
          mode = 'deleting';
          return;
        }
        mode = 'axfr';
        one(rr);
        return;
      case 'axfr':
        if (isSoa(rr)) {
          if (nameKey(rr.name) !== zoneKey || serialOf(rr) !== endSerial) throw new XfrError('the closing SOA is not the first one');
          result = { kind: 'axfr', records };
          mode = 'done';
          return;
        }
        records.push(rr);
        return;
      case 'deleting':
        if (isSoa(rr)) {
          tx!.newSoa = rr;
          mode = 'adding';
        } else tx!.deleted.push(rr);
        return;
      case 'adding': {
        if (!isSoa(rr)) {
          tx!.added.push(rr);
          return;
        }
        const s = serialOf(rr);
        const reached = serialOf(tx!.newSoa!);
        finishTx();
        if (s === endSerial && reached === endSerial) {
          result = { kind: 'ixfr', soa: first!, transactions: txs };
          mode = 'done';
          return;
        }
        if (s !== reached) throw new XfrError(`IXFR out of sync: version ${s} after ${reached}`);
        tx = { oldSoa: rr, deleted: [], added: [] };
        mode = 'deleting';
      }
    }
  }

  return {
    push(rrs) {
      for (const rr of rrs) one(rr);
      // The primary's SOA alone, not newer than the client's: up to date (RFC 1995 2).
      if (mode === 'second' && clientSerial !== undefined && first && !serialGreater(endSerial, clientSerial)) {
        result = { kind: 'up-to-date', soa: first };
        mode = 'done';
      }
      return mode === 'done';
    },
    result() {
      if (!result) throw new XfrError('the transfer ended before its closing SOA');
      return result;
    },
  };
}
