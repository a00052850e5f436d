/**
 * BIND 9.18's zone journal (`ZONEFILE.jnl`), bytes only (no files here, see journal-file.ts).
 * named writes one for every change to a dynamic zone and applies it on top of the zone file
 * when it loads the zone; `named-journalprint` prints it. All numbers are big-endian.
 *
 * The file:
 * - a 64-byte header: the format line `;BIND LOG V9.2\n` and a NUL (16 bytes; `;BIND LOG V9\n`
 *   is the older format, whose transaction headers lack the count); `begin`, the position of
 *   the first transaction, and `end`, the position where the next one goes (each a serial
 *   and a file offset, 4 bytes each: at `begin` the serial before its first transaction, at
 *   `end` the serial after the last); the number of index entries (4 bytes); a source
 *   serial (4 bytes, used by inline signing) and a flags byte (bit 0: the source serial is
 *   set); zeros to 64 bytes. An empty journal has begin.offset equal to end.offset.
 * - the index: `index size` entries of (serial, offset), 8 bytes each, pointing at some
 *   transactions (hints for finding a serial; offset 0 is an unused entry). named creates it
 *   with 56 entries, so the first transaction starts at 64 + 56 * 8 = 512.
 * - the transactions, one after the other. Each is a 16-byte header (size of what follows,
 *   number of RRs, SOA serial before, SOA serial after) and its RRs in the order of an IXFR
 *   difference sequence (RFC 1995 4): the old SOA, the RRs deleted, the new SOA, the RRs
 *   added. Each RR is a 4-byte length then the RR in RFC 1035 4.1.3 wire form: owner name
 *   uncompressed in its own letter case, type, class, TTL, RDLENGTH, RDATA (its names
 *   uncompressed too).
 *
 * A transaction is written after `end` first and only then made part of the journal by
 * rewriting the header, so bytes after `end` are a transaction that was never committed:
 * readers stop at `end`. A file cut short before `end` (lost writes) is read here up to its
 * last whole transaction, and the decoder says where and why it stopped.
 *
 * RDATA is checked against the one RR table (src/wire/rdata.ts), as named checks it when it
 * reads a journal; RDATA equality is canonical (src/wire/canonical.ts, RFC 4034 6.2).
 */
import { nameFromWire, nameToWire } from '../wire/name.js';
import { rdataWireValid, skipName } from '../wire/rdata.js';
import { RRType, type ResourceRecord } from './record.js';
import { serialGreater } from './update.js';

/** One change set: the zone's SOA before and after, and the other RRs deleted and added. */
export interface JournalTransaction {
  oldSoa: ResourceRecord;
  /** RRs deleted, the SOA not among them. */
  deleted: ResourceRecord[];
  newSoa: ResourceRecord;
  /** RRs added, the SOA not among them. */
  added: ResourceRecord[];
}

/** A place in the journal: a file offset and the zone's serial there. */
export interface JournalPos {
  serial: number;
  offset: number;
}

export interface JournalHeader {
  /** 2 for `;BIND LOG V9.2` (what named 9.18 writes), 1 for the older `;BIND LOG V9`. */
  version: 1 | 2;
  begin: JournalPos;
  end: JournalPos;
  /** Index entries, `indexSize` of them; unused ones have offset 0. */
  index: JournalPos[];
  /** Set by inline signing (flag bit 0); labnet keeps what it reads. */
  sourceSerial?: number;
}

/** Where one transaction of a journal is, and the serials it goes between. */
export interface JournalSpan {
  offset: number;
  /** The offset just after it (the next transaction's). */
  end: number;
  /** Bytes after its transaction header (16 bytes, 12 in the older format). */
  size: number;
  serial0: number;
  serial1: number;
}

/** One transaction as found in a journal. */
export interface JournalEntry extends JournalSpan {
  tx: JournalTransaction;
}

/**
 * What appending to a journal needs of it: the header, where its transactions are and
 * where the next one goes, not their contents (a journal open for appending holds no
 * transaction in memory: they are on disk, read again for an IXFR).
 */
export interface JournalState {
  header?: JournalHeader;
  transactions: readonly JournalSpan[];
  next: JournalPos;
}

export interface DecodedJournal extends JournalState {
  /** Absent when the file is shorter than the header and its index. */
  header?: JournalHeader;
  /** The whole transactions from `begin` on, in order. */
  transactions: JournalEntry[];
  /** Where the next transaction goes: after the last whole one (the header's `end` when nothing stopped the reading). */
  next: JournalPos;
  /** Set when the reading stopped before the header's `end`: the offset of the first transaction not read, and why. */
  stopped?: { offset: number; reason: string };
}

export class JournalFormatError extends Error {}

export const HEADER_SIZE = 64;
const XHDR_SIZE = 16;
const XHDR_V1_SIZE = 12;
/** named's index size for a new journal. */
export const DEFAULT_INDEX_SIZE = 56;
const FORMAT_V2 = Buffer.from(';BIND LOG V9.2\n\0', 'latin1');
const FORMAT_V1 = Buffer.from(';BIND LOG V9\n\0\0\0', 'latin1');
const FLAG_SERIALSET = 0x01;
/** The smallest RR: a root owner and the 10 fixed bytes; the largest is well below 70,000. */
const RR_MIN = 11;
const RR_MAX = 70000;

/** RFC 1035 3.3.13: the SOA serial, the first of the five numbers closing the RDATA. */
export function soaSerial(rdata: Buffer): number {
  return rdata.readUInt32BE(rdata.length - 20);
}

/** The first transaction's offset in a journal with `indexSize` entries. */
export function firstOffset(indexSize: number): number {
  return HEADER_SIZE + indexSize * 8;
}

/** A new, empty journal: header and zeroed index (what named creates). */
export function emptyJournal(indexSize = DEFAULT_INDEX_SIZE): Buffer {
  const out = Buffer.alloc(firstOffset(indexSize));
  encodeHeader({ version: 2, begin: { serial: 0, offset: 0 }, end: { serial: 0, offset: 0 }, index: emptyIndex(indexSize) }).copy(out);
  return out;
}

function emptyIndex(n: number): JournalPos[] {
  return Array.from({ length: n }, () => ({ serial: 0, offset: 0 }));
}

/** The 64-byte header. */
export function encodeHeader(h: JournalHeader): Buffer {
  const out = Buffer.alloc(HEADER_SIZE);
  (h.version === 2 ? FORMAT_V2 : FORMAT_V1).copy(out, 0);
  out.writeUInt32BE(h.begin.serial >>> 0, 16);
  out.writeUInt32BE(h.begin.offset, 20);
  out.writeUInt32BE(h.end.serial >>> 0, 24);
  out.writeUInt32BE(h.end.offset, 28);
  out.writeUInt32BE(h.index.length, 32);
  out.writeUInt32BE((h.sourceSerial ?? 0) >>> 0, 36);
  out[40] = h.sourceSerial === undefined ? 0 : FLAG_SERIALSET;
  return out;
}

/** The index in its on-disk form (8 bytes an entry). */
export function encodeIndex(index: readonly JournalPos[]): Buffer {
  const out = Buffer.alloc(index.length * 8);
  index.forEach((p, i) => {
    out.writeUInt32BE(p.serial >>> 0, i * 8);
    out.writeUInt32BE(p.offset, i * 8 + 4);
  });
  return out;
}

function encodeRR(rr: ResourceRecord): Buffer {
  const owner = nameToWire(rr.name);
  const out = Buffer.alloc(4 + owner.length + 10 + rr.rdata.length);
  out.writeUInt32BE(owner.length + 10 + rr.rdata.length, 0);
  owner.copy(out, 4);
  let o = 4 + owner.length;
  out.writeUInt16BE(rr.type, o);
  out.writeUInt16BE(rr.class, o + 2);
  out.writeUInt32BE(rr.ttl >>> 0, o + 4);
  out.writeUInt16BE(rr.rdata.length, o + 8);
  rr.rdata.copy(out, o + 10);
  return out;
}

/**
 * One transaction's bytes: its 16-byte header and RRs in IXFR order (RFC 1995 4), as given.
 * Throws JournalFormatError when the serial does not increase (RFC 1982), as named refuses
 * to commit such a transaction.
 */
export function encodeTransaction(tx: JournalTransaction): Buffer {
  const serial0 = soaSerial(tx.oldSoa.rdata);
  const serial1 = soaSerial(tx.newSoa.rdata);
  if (!serialGreater(serial1, serial0)) throw new JournalFormatError('malformed transaction: serial number did not increase');
  const rrs = [tx.oldSoa, ...tx.deleted, tx.newSoa, ...tx.added].map(encodeRR);
  const body = Buffer.concat(rrs);
  const head = Buffer.alloc(XHDR_SIZE);
  head.writeUInt32BE(body.length, 0);
  head.writeUInt32BE(rrs.length, 4);
  head.writeUInt32BE(serial0, 8);
  head.writeUInt32BE(serial1, 12);
  return Buffer.concat([head, body]);
}

function decodeHeader(buf: Buffer): JournalHeader | undefined {
  if (buf.length < HEADER_SIZE) return undefined;
  const format = buf.subarray(0, 16);
  const version = format.equals(FORMAT_V2) ? 2 : format.equals(FORMAT_V1) ? 1 : 0;
  if (version === 0) throw new JournalFormatError('journal format not recognized');
  const indexSize = buf.readUInt32BE(32);
  if (buf.length < firstOffset(indexSize)) return undefined;
  const index: JournalPos[] = [];
  for (let i = 0; i < indexSize; i++) index.push({ serial: buf.readUInt32BE(HEADER_SIZE + i * 8), offset: buf.readUInt32BE(HEADER_SIZE + i * 8 + 4) });
  const h: JournalHeader = {
    version,
    begin: { serial: buf.readUInt32BE(16), offset: buf.readUInt32BE(20) },
    end: { serial: buf.readUInt32BE(24), offset: buf.readUInt32BE(28) },
    index,
  };
  if (buf[40] & FLAG_SERIALSET) h.sourceSerial = buf.readUInt32BE(36);
  return h;
}

/** The RRs of one transaction body; a string says why they are not a well-formed transaction. */
function decodeBody(body: Buffer, serial0: number, serial1: number, count: number | undefined): JournalTransaction | string {
  const rrs: ResourceRecord[] = [];
  for (let o = 0; o < body.length; ) {
    if (o + 4 > body.length) return 'RR length cut short';
    const size = body.readUInt32BE(o);
    if (size < RR_MIN || size > RR_MAX) return `journal corrupt: impossible RR size (${size} bytes)`;
    const rr = body.subarray(o + 4, o + 4 + size);
    if (rr.length < size) return 'RR cut short';
    const nameEnd = skipName(rr, 0);
    if (nameEnd < 0 || nameEnd + 10 > rr.length) return 'bad owner name';
    const type = rr.readUInt16BE(nameEnd);
    const rdlen = rr.readUInt16BE(nameEnd + 8);
    if (nameEnd + 10 + rdlen !== rr.length) return 'RDLENGTH does not match the RR length';
    const rdata = Buffer.from(rr.subarray(nameEnd + 10));
    if (!rdataWireValid(type, rdata) || (type === RRType.SOA && rdata.length < 22)) return `bad RDATA for type ${type}`;
    rrs.push({ name: nameFromWire(rr, 0).name, class: rr.readUInt16BE(nameEnd + 2), ttl: rr.readUInt32BE(nameEnd + 4), type, rdata });
    o += 4 + size;
  }
  if (count !== undefined && rrs.length !== count) return `RR count ${rrs.length}, header says ${count}`;
  const soas = rrs.flatMap((r, i) => (r.type === RRType.SOA ? [i] : []));
  if (soas.length !== 2 || soas[0] !== 0) return 'journal file corrupt: missing initial SOA';
  if (soaSerial(rrs[0].rdata) !== serial0 || soaSerial(rrs[soas[1]].rdata) !== serial1) return 'SOA serials do not match the transaction header';
  return { oldSoa: rrs[0], deleted: rrs.slice(1, soas[1]), newSoa: rrs[soas[1]], added: rrs.slice(soas[1] + 1) };
}

/** The transaction at `pos` (header version `v`), or why there is none. */
function decodeAt(buf: Buffer, pos: JournalPos, end: number, v: 1 | 2): JournalEntry | string {
  const hsize = v === 2 ? XHDR_SIZE : XHDR_V1_SIZE;
  if (pos.offset + hsize > buf.length) return 'transaction header cut short';
  const size = buf.readUInt32BE(pos.offset);
  const count = v === 2 ? buf.readUInt32BE(pos.offset + 4) : undefined;
  const serial0 = buf.readUInt32BE(pos.offset + hsize - 8);
  const serial1 = buf.readUInt32BE(pos.offset + hsize - 4);
  if (serial0 !== pos.serial || !serialGreater(serial1, serial0)) return `journal file corrupt: expected serial ${pos.serial}, got ${serial0}`;
  if (size === 0) return 'journal corrupt: empty transaction';
  const stop = pos.offset + hsize + size;
  if (stop > end) return 'transaction runs past the end of the journal';
  if (stop > buf.length) return 'transaction cut short';
  const tx = decodeBody(buf.subarray(pos.offset + hsize, stop), serial0, serial1, count);
  if (typeof tx === 'string') return tx;
  return { offset: pos.offset, end: stop, size, serial0, serial1, tx };
}

/**
 * Reads a whole journal: its header and every whole transaction from `begin` to `end`.
 * Never throws for a file cut short (a torn tail): the transactions before the cut are
 * returned, with `stopped` saying where and why. Throws JournalFormatError for a file that
 * is not a BIND journal.
 */
export function decodeJournal(buf: Buffer): DecodedJournal {
  const header = decodeHeader(buf);
  if (header === undefined) return { transactions: [], next: { serial: 0, offset: 0 }, stopped: { offset: 0, reason: 'journal header cut short' } };
  const first = firstOffset(header.index.length);
  if (header.begin.offset === header.end.offset) return { header, transactions: [], next: { serial: header.end.serial, offset: first } };
  const transactions: JournalEntry[] = [];
  let pos: JournalPos = { ...header.begin };
  // A V9 file may hold either header version (named wrote V9.2 headers under the V9 line for a while).
  let version: 1 | 2 = 2;
  while (pos.offset < header.end.offset) {
    let e = decodeAt(buf, pos, header.end.offset, version);
    if (typeof e === 'string' && header.version === 1) {
      const other = decodeAt(buf, pos, header.end.offset, version === 2 ? 1 : 2);
      if (typeof other !== 'string') {
        e = other;
        version = version === 2 ? 1 : 2;
      }
    }
    if (typeof e === 'string') return { header, transactions, next: pos, stopped: { offset: pos.offset, reason: e } };
    transactions.push(e);
    pos = { serial: e.serial1, offset: e.end };
  }
  if (transactions.length === 0) return { header, transactions, next: pos, stopped: { offset: pos.offset, reason: 'journal begin is after its end' } };
  if (pos.offset !== header.end.offset || pos.serial !== header.end.serial) {
    const last = transactions.pop()!;
    return { header, transactions, next: { serial: last.serial0, offset: last.offset }, stopped: { offset: last.offset, reason: `journal end (serial ${header.end.serial}, offset ${header.end.offset}) is not where the transactions end` } };
  }
  return { header, transactions, next: pos };
}

/**
 * named's index upkeep when a transaction starting at `pos` is committed: entries that could
 * become ambiguous with the new serial are dropped, and the entry goes in the first free
 * slot; a full index keeps every other entry (old ones thin out, recent ones stay).
 */
export function indexAdd(index: readonly JournalPos[], pos: JournalPos, newSerial: number): JournalPos[] {
  const out = index.map((p) => (serialGreater(newSerial, p.serial) ? { ...p } : { serial: 0, offset: 0 }));
  let i = out.findIndex((p) => p.offset === 0);
  if (i < 0) {
    const kept = out.filter((_, k) => k % 2 === 0);
    i = kept.length;
    out.splice(0, out.length, ...kept, ...emptyIndex(index.length - kept.length));
  }
  if (i < out.length) out[i] = { ...pos };
  return out;
}

/**
 * The header after committing a transaction of `length` bytes (its 16-byte header included)
 * from serial `serial0` to `serial1` at `at.offset`. Transactions that stop being addressable
 * (the new serial not greater than theirs, RFC 1982) are stepped over by `begin`, as named
 * does. Throws JournalFormatError when the serials do not follow the journal.
 */
export function commitHeader(j: JournalState, serial0: number, serial1: number, length: number): JournalHeader {
  const h = j.header ?? decodeHeader(emptyJournal())!;
  const empty = j.transactions.length === 0;
  if (!empty && serial0 !== j.next.serial) {
    throw new JournalFormatError(`malformed transaction: journal last serial ${j.next.serial} != transaction first serial ${serial0}`);
  }
  if (!serialGreater(serial1, serial0)) throw new JournalFormatError('malformed transaction: serial number did not increase');
  const at = empty ? { serial: serial0, offset: firstOffset(h.index.length) } : j.next;
  let begin = empty ? at : { ...h.begin };
  for (const t of j.transactions) {
    if (t.offset === begin.offset && !serialGreater(serial1, begin.serial)) begin = { serial: t.serial1, offset: t.end };
  }
  const out: JournalHeader = { version: h.version, begin, end: { serial: serial1, offset: at.offset + length }, index: indexAdd(h.index, at, serial1) };
  if (h.sourceSerial !== undefined) out.sourceSerial = h.sourceSerial;
  return out;
}

/** What appending one transaction to a journal writes, and the journal after it. */
export interface AppendPlan {
  /** The transaction's bytes, written at `at`. */
  bytes: Buffer;
  at: number;
  /** The header and index, written at 0 once the transaction is on disk. */
  head: Buffer;
  /** The journal after it; the new transaction's span only (its contents are on disk). */
  journal: JournalState;
}

/**
 * Appending `tx` to the journal `j` (pure): its bytes go where the next transaction goes,
 * then the header and index are rewritten (commitHeader). Throws JournalFormatError when
 * `tx` does not start at the journal's last serial.
 */
export function planAppend(j: JournalState, tx: JournalTransaction): AppendPlan {
  const bytes = encodeTransaction(tx);
  const serial0 = soaSerial(tx.oldSoa.rdata);
  const serial1 = soaSerial(tx.newSoa.rdata);
  const header = commitHeader(j, serial0, serial1, bytes.length);
  const at = header.end.offset - bytes.length;
  const entry: JournalSpan = { offset: at, end: header.end.offset, size: bytes.length - XHDR_SIZE, serial0, serial1 };
  const kept = j.transactions.filter((t) => t.offset >= header.begin.offset && t.offset < at);
  return {
    bytes,
    at,
    head: Buffer.concat([encodeHeader(header), encodeIndex(header.index)]),
    journal: { header, transactions: [...kept, entry], next: header.end },
  };
}

/** A new journal holding `txs` in order, each starting at the serial the one before ends at. */
export function encodeJournal(txs: readonly JournalTransaction[], indexSize = DEFAULT_INDEX_SIZE): Buffer {
  const start = emptyJournal(indexSize);
  let j: JournalState = decodeJournal(start);
  const parts: Buffer[] = [start];
  for (const tx of txs) {
    const p = planAppend(j, tx);
    parts.push(p.bytes);
    j = p.journal;
  }
  const out = Buffer.concat(parts);
  if (j.header) Buffer.concat([encodeHeader(j.header), encodeIndex(j.header.index)]).copy(out, 0);
  return out;
}
