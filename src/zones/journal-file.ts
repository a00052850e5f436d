/**
 * Zone journals on disk (the format is journal-format.ts): appending a change durably, and
 * applying a journal on top of the zone file when a zone loads, as named does.
 *
 * Appending follows named's order of writes: the transaction after the journal's end,
 * fdatasync, then the header (and index) naming the new end, fdatasync. A change is
 * acknowledged only when appendTransaction returns, so a process killed at any point keeps
 * every acknowledged change, and at most leaves bytes after the end that no reader takes.
 *
 * At load (named's rollforward): the journal's transactions from the one starting at the
 * zone file's SOA serial to the end are applied; a zone file already at the journal's last
 * serial is up to date. A journal whose serials do not meet the zone file's (the file was
 * edited and its serial changed) fails the zone as named fails it: "journal rollforward
 * failed: journal out of sync with zone", the zone not loaded. Where named applies the RRs
 * of a transaction cut short, labnet stops at the last whole transaction and warns; the
 * next append overwrites what follows it. A zone file serial past the cut but inside the
 * header's range loads as it is (named's walk ends at the cut the same way).
 */
import { Histogram, type HistogramSnapshot } from '../util/histogram.js';
import { closeSync, fdatasyncSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { writeAllSync } from '../util/write-all.js';
import { basename, dirname, join } from 'node:path';
import { LocatedError } from '../util/located-error.js';
import {
  JournalFormatError, decodeJournal, emptyJournal, encodeJournal, planAppend, type JournalSpan, type JournalState,
  type DecodedJournal, type JournalTransaction,
} from './journal-format.js';
import { applyTransactions, transactionOf } from './zone-diff.js';
import { serialGreater } from './update.js';
import type { Zone, ZoneWarning } from './zone-types.js';
import type { PackedZone } from './zone.js';
import { zoneLabel } from './zone-label.js';

/** named's journal for a zone file: the file name with `.jnl` appended. */
export function defaultJournalPath(zoneFile: string): string {
  return `${zoneFile}.jnl`;
}

/** The journal's bytes, or undefined when there is none. */
function readJournal(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function rollforwardError(zone: Zone, path: string, why: string): LocatedError {
  return new LocatedError(`${zoneLabel(zone.origin)}: journal rollforward failed: ${why}`, path, 1, 1);
}

/**
 * `zone` (just loaded from its file) with the journal at `path` applied, as named applies it
 * at load; the zone itself when there is no journal or nothing to apply. Throws
 * LocatedError (`JOURNAL:1:1: zone NAME/IN: journal rollforward failed: ...`) when the
 * journal is not one or does not follow the zone file's serial.
 */
export function rollForward(zone: PackedZone, path: string, warn: (w: ZoneWarning) => void = () => {}): PackedZone {
  const buf = readJournal(path);
  if (buf === undefined) return zone;
  let j: DecodedJournal;
  try {
    j = decodeJournal(buf);
  } catch (e) {
    if (e instanceof JournalFormatError) throw rollforwardError(zone, path, e.message);
    throw e;
  }
  if (j.stopped) {
    warn({
      file: path, line: 1, col: 1,
      message: `${zoneLabel(zone.origin)}: journal read to offset ${j.stopped.offset} (serial ${j.next.serial}), ${j.transactions.length} whole transactions: ${j.stopped.reason}`,
    });
  }
  if (j.transactions.length === 0) return zone;
  const from = j.transactions.findIndex((t) => t.serial0 === zone.serial);
  if (from < 0) {
    if (j.next.serial === zone.serial) return zone;
    // A serial inside the header's range but past the whole transactions of a cut journal:
    // named's walk ends at the cut and the file loads as it is.
    const h = j.header;
    if (j.stopped && h && !serialGreater(h.begin.serial, zone.serial) && !serialGreater(zone.serial, h.end.serial)) return zone;
    throw rollforwardError(zone, path, 'journal out of sync with zone');
  }
  const r = applyTransactions(zone, j.transactions.slice(from).map((t) => t.tx), path);
  if (r.noEffect > 0) warn({ file: path, line: 1, col: 1, message: `${zoneLabel(zone.origin)}: ${r.noEffect} journal changes had no effect (update with no effect)` });
  return r.zone;
}

/** fsync of a folder, so a file created or renamed in it stays after a crash. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Where a decoded journal's transactions are, without their contents. */
function stateOf(d: DecodedJournal): JournalState {
  const spans: JournalSpan[] = d.transactions.map(({ offset, end, size, serial0, serial1 }) => ({ offset, end, size, serial0, serial1 }));
  return d.header ? { header: d.header, transactions: spans, next: d.next } : { transactions: spans, next: d.next };
}

/** One zone's journal open for appending. */
export interface ZoneJournalFile {
  readonly path: string;
  /** The serial the journal ends at (0 while it is empty). */
  readonly serial: number;
  /**
   * Appends `tx` and returns once it is on disk (fdatasync of the transaction, then of the
   * header). Throws JournalFormatError when `tx` does not start at the journal's last serial.
   */
  appendTransaction(tx: JournalTransaction): void;
  close(): void;
}

/**
 * Opens (creating on the first append) the journal at `path`. A journal in named's older
 * format (`;BIND LOG V9`) is rewritten in the current one first, as named rewrites it.
 */
export function openJournalFile(path: string): ZoneJournalFile {
  let buf = readJournal(path);
  let decoded = decodeJournal(buf ?? emptyJournal());
  if (buf !== undefined && decoded.header?.version === 1) {
    const tmp = join(dirname(path), `.${basename(path)}.tmp`);
    writeFileSync(tmp, encodeJournal(decoded.transactions.map((t) => t.tx)));
    const fd = openSync(tmp, 'r+');
    fdatasyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
    syncDir(dirname(path));
    buf = readFileSync(path);
    decoded = decodeJournal(buf);
  }
  // Only where the transactions are is kept (JournalState): holding each appended
  // transaction grew a long-running server by kilobytes per change (its records' buffers).
  let j: JournalState = stateOf(decoded);
  let fd: number | undefined;
  const file = (): number => {
    if (fd !== undefined) return fd;
    if (readJournal(path) === undefined) {
      // A new journal: header and index on disk, and the folder entry too, before any transaction.
      writeFileSync(path, emptyJournal(), { flag: 'wx' });
      fd = openSync(path, 'r+');
      fdatasyncSync(fd);
      syncDir(dirname(path));
    } else fd = openSync(path, 'r+');
    return fd;
  };
  return {
    path,
    get serial() {
      return j.next.serial;
    },
    appendTransaction(tx) {
      const plan = planAppend(j, tx);
      const f = file();
      writeAllSync(f, plan.bytes, plan.at);
      fdatasyncSync(f);
      writeAllSync(f, plan.head, 0);
      fdatasyncSync(f);
      j = plan.journal;
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/**
 * The journals of the zones a server serves, by origin: where each zone's journal is, and
 * its open file once something was appended. The test kit's runtime edits and RFC 2136
 * UPDATE both append through it.
 */
export class ZoneJournals {
  /**
   * Each zone's journal path, by the zone object: a zone of the same origin in another view
   * is another zone with a journal of its own (named names each after its zone file). A
   * journaled change hands the path on to the new version (record).
   */
  private paths = new WeakMap<Zone, string>();
  /** Open journals, by path. */
  private files = new Map<string, ZoneJournalFile>();
  /** Latency of each transaction's commit (writes and both fdatasyncs), for /metrics. */
  private readonly commitLatency = new Histogram();

  /** `elapsed`: monotonic milliseconds with fractions (default performance.now), injectable for tests. */
  constructor(private readonly elapsed: () => number = () => performance.now()) {}

  /** The commit latency histogram so far, in seconds. */
  commitSeconds(): HistogramSnapshot {
    return this.commitLatency.snapshot();
  }

  /**
   * Sets journal paths after a load; the zones not named keep theirs (a zone whose reload
   * failed serves its previous version). Open journals are closed and read anew on the next
   * append.
   */
  setPaths(paths: ReadonlyMap<Zone, string>): void {
    this.close();
    for (const [z, p] of paths) this.paths.set(z, p);
  }

  /** The journal path of `zone`, when it has one (a zone from a file). */
  pathOf(zone: Zone): string | undefined {
    return this.paths.get(zone);
  }

  /**
   * The transactions of `zone`'s journal as on disk now, oldest first (what an IXFR is
   * answered from, src/dns/ixfr.ts); undefined without a journal or when it is not one.
   */
  transactions(zone: Zone): JournalTransaction[] | undefined {
    const path = this.pathOf(zone);
    const buf = path === undefined ? undefined : readJournal(path);
    if (buf === undefined) return undefined;
    try {
      return decodeJournal(buf).transactions.map((t) => t.tx);
    } catch (e) {
      if (e instanceof JournalFormatError) return undefined;
      throw e;
    }
  }

  /**
   * Appends `tx` to the journal of `zone`, on disk before it returns (acknowledge the
   * change after). False when the zone has no journal (no file). Throws when the
   * transaction does not follow the journal (JournalFormatError) or the write fails.
   */
  appendTransaction(zone: Zone, tx: JournalTransaction): boolean {
    const path = this.paths.get(zone);
    if (path === undefined) return false;
    let f = this.files.get(path);
    if (f === undefined) this.files.set(path, (f = openJournalFile(path)));
    const start = this.elapsed();
    f.appendTransaction(tx);
    this.commitLatency.observe((this.elapsed() - start) / 1000);
    return true;
  }

  /** `next`, a new version of `old` (a secondary's transfer, written by its own code), takes `old`'s journal. */
  follow(old: Zone, next: Zone): void {
    const path = this.paths.get(old);
    if (path !== undefined) this.paths.set(next, path);
  }

  /**
   * Journals the change from `old` to `next` of one zone (diffZones over `names`, all names
   * without); `next` takes `old`'s journal from then on.
   */
  record(old: Zone, next: Zone, names?: Iterable<string>): boolean {
    const path = this.pathOf(old);
    if (path === undefined) return false;
    const tx = transactionOf(old, next, names);
    const written = tx === undefined ? false : this.appendTransaction(old, tx);
    this.follow(old, next);
    return written;
  }

  close(): void {
    for (const f of this.files.values()) f.close();
    this.files.clear();
  }
}
