/**
 * Where the DHCP server keeps its leases: the embedded journal (a dhcpd.leases file, the
 * default) or a PostgreSQL database in Kea's lease4 schema (leases-pg/), chosen by the
 * `--leases` value: a `postgresql://` (or `postgres://`) URL selects the database, anything
 * else is a file path.
 *
 * Both promise the same thing: record() resolves only once the lease is durable, and the
 * server sends its DHCPACK only after that (RFC 2131 4.3.2). A shared database can also refuse
 * a lease another server holds: record() then rejects with a LeaseConflictError carrying that
 * server's lease, so the engine learns it and answers as it would have had it known.
 */
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { openLeaseJournal } from './lease-journal.js';
import type { HistogramSnapshot } from '../util/histogram.js';
import type { Lease } from './types.js';

export interface LeaseStoreStats {
  /** Durable commits made for records (journal: fdatasync calls, one per group; database: committed statements). */
  syncs: number;
  /** Lease records acknowledged since open. */
  records: number;
  /** Latency of each durable commit (journal: fdatasync; database: the commit statement), in seconds, where the store measures it. */
  syncSeconds?: HistogramSnapshot;
}

export interface LeaseStore {
  /** The state at open plus every record acknowledged since (and, for a database, the leases conflicts revealed). */
  leases(): Lease[];
  /** Store `lease`; resolves once it is durable. A database may reject it with LeaseConflictError. */
  record(lease: Lease): Promise<void>;
  close(): Promise<void>;
  stats(): LeaseStoreStats;
}

/** The address is another client's in the shared store: `current` is the lease there, when it could be read. */
export class LeaseConflictError extends Error {
  constructor(
    readonly ip: number,
    readonly current: Lease | undefined,
  ) {
    super(`lease conflict: the address is held by another client in the lease database`);
    this.name = 'LeaseConflictError';
  }
}

/** Whether a `--leases` value names a PostgreSQL database rather than a file. */
export function isDatabaseUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

/** A database URL without its password, for logs, errors and banners. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

export interface LeaseStoreOptions {
  clock?: Clock;
  logger?: Logger;
  /** Kea's subnet_id for an address (database store; default 0). */
  subnetIdOf?: (ip: number) => number;
  /** Monotonic milliseconds with fractions, for the commit latency histogram (default performance.now). */
  elapsed?: () => number;
}

/** Open the store `spec` names (see the module comment). */
export async function openLeaseStore(spec: string, opts: LeaseStoreOptions = {}): Promise<LeaseStore> {
  if (!isDatabaseUrl(spec)) return openLeaseJournal(spec, { clock: opts.clock, logger: opts.logger, elapsed: opts.elapsed });
  const { openPgLeaseStore } = await import('./leases-pg/store.js');
  return openPgLeaseStore(spec, opts);
}
