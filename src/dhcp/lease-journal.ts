/**
 * The crash-proof lease journal: an append-only file in dhcpd.leases(5) format, so a file
 * written by ISC dhcpd loads here and ours reads in ISC tools (dhcp-lease-list).
 *
 * Durability: record() resolves only after the record is written and fdatasync'ed (dhcpd
 * itself fsyncs each lease before it ACKs: RFC 2131 4.3.1 says the server must commit the
 * binding to persistent storage before answering).
 * Group commit: records submitted in the same turn of the event loop are flushed together
 * (one write, one fdatasync) on setImmediate; while a flush is in progress the next batch
 * accumulates and goes out in the following flush. The append is a synchronous write(2) into
 * the page cache on the event loop's thread (a few microseconds, never overlapping a sync:
 * flushes run one at a time); only the fdatasync goes to the libuv thread pool. One thread
 * pool round trip per group instead of two: the profile of `labnet serve` under perfdhcp
 * (bench/README.md, "CPU profile recipe") showed each round trip's wake-ups costing more CPU
 * than the write itself.
 * Compaction: all current leases go to PATH.tmp, which is fsynced and renamed over PATH, then
 * the directory is fsynced; a crash leaves either the old or the new file, both complete.
 * A torn last record (crash mid-write) is dropped on open and cut off the file before appending.
 */
import { writeSync } from 'node:fs';
import { mkdir, open as fsOpen, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import { LeasesReader, formatLease, formatLeasesHeader } from './leases/index.js';
import type { Lease } from './types.js';
import { writeAll, writeAllSync, type WriteSync } from '../util/write-all.js';
import { Histogram, type HistogramSnapshot } from '../util/histogram.js';

/** Leases formatted per write while compacting. */
const REWRITE_SLICE = 10_000;

export interface LeaseJournalOptions {
  clock?: Clock;
  logger?: Logger;
  /** Compact automatically once the file holds more than this many lease records and more than twice the live leases (default 10000). */
  compactEvery?: number;
  /** File opening, injectable for tests (fault injection, counting syncs). Default: fs/promises open. */
  openFile?: (path: string, flags: string) => Promise<FileHandle>;
  /** Monotonic milliseconds with fractions, for the sync latency histogram (default performance.now). */
  elapsed?: () => number;
  /** write(2) of the record appends, injectable for tests (counting, failing). Default: fs.writeSync. */
  writeSync?: WriteSync;
}

export interface LeaseJournalStats {
  /** write() calls made for records (one per flush). */
  writes: number;
  /** fdatasync() calls made for records (one per flush). */
  syncs: number;
  /** Lease records acknowledged since open. */
  records: number;
  /** Lease blocks now in the file (drives automatic compaction). */
  recordsInFile: number;
  compactions: number;
  /** Latency of each record flush's fdatasync, in seconds. */
  syncSeconds: HistogramSnapshot;
}

export interface LeaseJournal {
  /** The current state: the latest record per IP (loaded at open, plus acknowledged records since). */
  leases(): Lease[];
  /** Append `lease`; resolves once it is durable (written and fdatasync'ed). */
  record(lease: Lease): Promise<void>;
  /** Rewrite the file with exactly `current` (tmp file, fsync, rename, fsync directory). */
  compact(current: Iterable<Lease>): Promise<void>;
  /** Flush what is queued, then close the file. */
  close(): Promise<void>;
  stats(): LeaseJournalStats;
  readonly path: string;
}

interface Pending {
  lease: Lease;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** The file keeps whole seconds (dhcpd.leases(5)); so does the in-memory state, so both agree after a reopen. */
function wholeSeconds(l: Lease): Lease {
  const floor = (ms: number) => (Number.isFinite(ms) ? Math.floor(ms / 1000) * 1000 : ms);
  const out: Lease = { ...l, starts: floor(l.starts), ends: floor(l.ends) };
  if (l.cltt !== undefined) out.cltt = floor(l.cltt);
  return out;
}

/** Bytes per read when loading the file. */
const READ_CHUNK = 1 << 20;

async function fsyncDir(dir: string): Promise<void> {
  // POSIX: a rename or a new directory entry is durable only once the directory is fsynced.
  const fh = await fsOpen(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

class FileLeaseJournal implements LeaseJournal {
  private current = new Map<number, Lease>();
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;
  private lane: Promise<void> = Promise.resolve();
  private fh!: FileHandle;
  /** Bytes in the file that hold complete statements (where a failed append is cut back to). */
  private size = 0;
  /** Whether the next write must start with a newline (the file does not end with one). */
  private queueNewline = false;
  private readonly counters: Omit<LeaseJournalStats, 'syncSeconds'> = { writes: 0, syncs: 0, records: 0, recordsInFile: 0, compactions: 0 };
  private readonly syncLatency = new Histogram();

  constructor(
    readonly path: string,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly compactEvery: number,
    private readonly openFile: (path: string, flags: string) => Promise<FileHandle>,
    private readonly elapsed: () => number,
    private readonly writeSync: WriteSync,
  ) {}

  async init(): Promise<void> {
    // Read in chunks through a LeasesReader, not one buffer or string: a 1M-lease file is ~250 MB.
    // The next chunk is read (libuv thread pool) while the current one is parsed.
    const reader = new LeasesReader(this.path);
    let size = 0;
    let lastByte = -1;
    let fr: FileHandle | undefined;
    try {
      fr = await fsOpen(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (fr) {
      const bufs = [Buffer.allocUnsafe(READ_CHUNK), Buffer.allocUnsafe(READ_CHUNK)];
      let k = 0;
      let reading = fr.read(bufs[0], 0, READ_CHUNK, 0);
      try {
        for (;;) {
          const { bytesRead, buffer } = await reading;
          if (bytesRead === 0) break;
          const at = size + bytesRead;
          k ^= 1;
          reading = fr.read(bufs[k], 0, READ_CHUNK, at);
          reader.push(buffer.subarray(0, bytesRead)); // copies what it keeps: `buffer` is read into again
          size = at;
          lastByte = buffer[bytesRead - 1];
        }
      } finally {
        await reading.catch(() => undefined);
        await fr.close();
      }
    }
    await unlink(this.path + '.tmp').catch(() => undefined); // a compaction that crashed before its rename
    if (!fr) {
      await mkdir(dirname(this.path), { recursive: true });
      const fh = await this.openFile(this.path, 'wx');
      await writeAll(fh, Buffer.from(formatLeasesHeader(), 'utf8'));
      await fh.sync();
      await fh.close();
      await fsyncDir(dirname(this.path));
      const header = Buffer.from(formatLeasesHeader(), 'utf8');
      reader.push(header);
      size = header.length;
      lastByte = header[header.length - 1];
    }
    const parsed = reader.end();
    for (const w of parsed.warnings) this.log.warn({ file: this.path }, w.format());
    for (const l of parsed.leases) this.current.set(l.ip, l);
    this.counters.recordsInFile = parsed.records;
    this.fh = await this.openFile(this.path, 'r+');
    if (parsed.torn) {
      this.log.warn({ file: this.path, validBytes: parsed.validBytes, size }, 'lease file ends in a torn record; truncating it');
      await this.fh.truncate(parsed.validBytes);
      await this.fh.sync();
      size = parsed.validBytes;
    }
    await this.fh.close();
    this.fh = await this.openFile(this.path, 'a');
    this.queueNewline = size > 0 && (parsed.torn || lastByte !== 0x0a);
    this.size = size;
  }

  leases(): Lease[] {
    return [...this.current.values()];
  }

  stats(): LeaseJournalStats {
    return { ...this.counters, syncSeconds: this.syncLatency.snapshot() };
  }

  /** Run `op` after every earlier I/O operation (flushes, compactions, close) has finished. */
  private run<T>(op: () => Promise<T>): Promise<T> {
    const p = this.lane.then(op);
    this.lane = p.then(
      () => undefined,
      () => undefined,
    );
    return p;
  }

  record(lease: Lease): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`lease journal ${this.path} is closed`));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ lease: wholeSeconds(lease), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.run(() => this.flush());
        });
      }
    });
  }

  /** One group commit: everything queued so far, one write, one fdatasync. */
  private async flush(): Promise<void> {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    try {
      let text = this.queueNewline ? '\n' : '';
      for (const p of batch) text += formatLease(p.lease);
      const data = Buffer.from(text, 'utf8');
      writeAllSync(this.fh.fd, data, null, this.writeSync);
      this.counters.writes++;
      const syncStart = this.elapsed();
      await this.fh.datasync();
      this.syncLatency.observe((this.elapsed() - syncStart) / 1000);
      this.counters.syncs++;
      this.queueNewline = false;
      this.size += data.length;
    } catch (e) {
      this.log.error({ err: e, file: this.path }, 'lease journal write failed');
      // Cut off a partial write so that later records do not follow a torn one.
      await this.fh.truncate(this.size).catch((err: unknown) => this.log.error({ err, file: this.path }, 'lease journal truncate failed'));
      for (const p of batch) p.reject(e);
      return;
    }
    for (const p of batch) {
      this.current.delete(p.lease.ip);
      this.current.set(p.lease.ip, p.lease);
    }
    this.counters.records += batch.length;
    this.counters.recordsInFile += batch.length;
    for (const p of batch) p.resolve();
    // Compact once the file holds more than twice the live leases (and at least
    // compactEvery records): the cost of a rewrite stays proportional to what was appended,
    // so a journal restarted with a million leases does not rewrite itself on every flush.
    if (this.counters.recordsInFile > Math.max(this.compactEvery, 2 * this.current.size)) {
      try {
        await this.rewrite(this.current.values());
      } catch (e) {
        this.log.error({ err: e, file: this.path }, 'automatic lease file compaction failed');
      }
    }
  }

  compact(current: Iterable<Lease>): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`lease journal ${this.path} is closed`));
    const snapshot = [...current].map(wholeSeconds);
    return this.run(() => this.rewrite(snapshot));
  }

  private async rewrite(current: Iterable<Lease>): Promise<void> {
    const leases = [...current];
    const started = this.clock.now();
    const tmp = this.path + '.tmp';
    const out = await this.openFile(tmp, 'w');
    let bytes = 0;
    try {
      // Formatted and written in slices, so a large file neither builds one huge string nor
      // holds the event loop for the whole rewrite.
      const header = formatLeasesHeader();
      await writeAll(out, Buffer.from(header, 'utf8'));
      bytes += Buffer.byteLength(header, 'utf8');
      for (let i = 0; i < leases.length; i += REWRITE_SLICE) {
        const chunk = Buffer.from(leases.slice(i, i + REWRITE_SLICE).map(formatLease).join(''), 'utf8');
        await writeAll(out, chunk);
        bytes += chunk.length;
      }
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(tmp, this.path);
    await fsyncDir(dirname(this.path));
    await this.fh.close();
    this.fh = await this.openFile(this.path, 'a');
    this.queueNewline = false;
    this.size = bytes;
    this.current = new Map(leases.map((l) => [l.ip, l]));
    this.counters.recordsInFile = leases.length;
    this.counters.compactions++;
    this.log.info({ file: this.path, leases: leases.length, ms: this.clock.now() - started }, 'lease file compacted');
  }

  async close(): Promise<void> {
    if (this.closed) return this.lane;
    this.closed = true;
    // Queued records flush first (their setImmediate may not have fired yet).
    await this.run(() => this.flush());
    await this.run(() => this.fh.close());
  }
}

/** Open (or create) the journal at `path` and load its leases. */
export async function openLeaseJournal(path: string, opts: LeaseJournalOptions = {}): Promise<LeaseJournal> {
  const j = new FileLeaseJournal(
    path,
    opts.clock ?? systemClock,
    opts.logger ?? silentLogger,
    opts.compactEvery ?? 10000,
    opts.openFile ?? ((p, f) => fsOpen(p, f)),
    opts.elapsed ?? (() => performance.now()),
    opts.writeSync ?? writeSync,
  );
  await j.init();
  return j;
}

