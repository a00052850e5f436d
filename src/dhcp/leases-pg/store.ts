/**
 * The PostgreSQL lease store: leases in Kea's lease4 table (codec.ts, schema.ts), shared by
 * any number of labnet (or Kea) servers.
 *
 * Committing leases is one statement the database arbitrates row by row, an upsert on the
 * primary key (the address) that takes effect only where the row is free to take:
 *   INSERT ... SELECT FROM unnest(the leases) ORDER BY address
 *   ON CONFLICT (address) DO UPDATE ... WHERE <the row is this client's, or it has expired
 *   (expire <= now, which covers released and reclaimed rows), or the record names no client
 *   (a DECLINE: RFC 2131 4.3.2/4.3.3, the address is in use on the wire whoever holds it)>
 *   RETURNING address.
 * An address not returned is another server's client's: its record() rejects with a
 * LeaseConflictError carrying that lease (read right after), and the server answers as if it
 * had known (server.ts). Group commit, as the journal's: the records submitted in one turn
 * of the event loop go in one statement (distinct addresses, at most MAX_BATCH; more
 * statements run side by side on the pool), rows in address order so that two servers'
 * statements lock rows in the same order and cannot deadlock. Each statement commits on its
 * own (autocommit; synchronous_commit as configured, `on` by default: the WAL is flushed
 * before the commit returns), so no lock is held across a packet and a resolved record()
 * survives a crash of labnet. "This client's" is labnet's ownership rule (allocator.ts): the
 * row's client_id equals the client's, or the row has none and its hwaddr is the client's.
 */
import pg from 'pg';
import type { Clock } from '../../util/clock.js';
import { systemClock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { silentLogger } from '../../util/logger.js';
import type { Lease } from '../types.js';
import { LeaseConflictError, redactUrl, type LeaseStore, type LeaseStoreStats } from '../lease-store.js';
import { leaseToRow, rowToLease, type Lease4Row } from './codec.js';
import { ensureLease4Schema } from './schema.js';
import { Histogram } from '../../util/histogram.js';

export interface PgLeaseStoreOptions {
  clock?: Clock;
  logger?: Logger;
  /** Kea's subnet_id for an address (default 0). */
  subnetIdOf?: (ip: number) => number;
  /** Connections in the pool (default 8): records in flight at once. */
  poolSize?: number;
  /** Monotonic milliseconds with fractions, for the commit latency histogram (default performance.now). */
  elapsed?: () => number;
}

export interface PgLeaseStoreStats extends LeaseStoreStats {
  /** Records the database refused: the address was another client's. */
  conflicts: number;
}

export interface PgLeaseStore extends LeaseStore {
  stats(): PgLeaseStoreStats;
  /** 'kea': Kea's own schema (kea-admin db-init); 'existing': a lease4 table without Kea's version table; 'created': labnet created the subset. */
  readonly schema: 'kea' | 'existing' | 'created';
}

const SELECT_COLUMNS =
  'address, hwaddr, client_id, valid_lifetime, extract(epoch from expire)::bigint AS expire, subnet_id, fqdn_fwd, fqdn_rev, hostname, state, user_context';

/** Records in one statement, at most. */
const MAX_BATCH = 256;

const COMMIT_SQL = `
INSERT INTO lease4 AS l (address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd, fqdn_rev, hostname, state, user_context)
SELECT a, h, c, v, to_timestamp(e), s, ff, fr, hn, st, uc
FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::bigint[], $5::float8[], $6::bigint[], $7::bool[], $8::bool[], $9::text[], $10::bigint[], $11::text[])
  AS t(a, h, c, v, e, s, ff, fr, hn, st, uc)
ORDER BY a
ON CONFLICT (address) DO UPDATE SET
  hwaddr = EXCLUDED.hwaddr, client_id = EXCLUDED.client_id, valid_lifetime = EXCLUDED.valid_lifetime,
  expire = EXCLUDED.expire, subnet_id = EXCLUDED.subnet_id, fqdn_fwd = EXCLUDED.fqdn_fwd,
  fqdn_rev = EXCLUDED.fqdn_rev, hostname = EXCLUDED.hostname, state = EXCLUDED.state,
  user_context = EXCLUDED.user_context
WHERE l.expire <= to_timestamp($12)
   OR l.client_id = EXCLUDED.client_id
   OR (l.client_id IS NULL AND l.hwaddr = EXCLUDED.hwaddr)
   OR (EXCLUDED.client_id IS NULL AND EXCLUDED.hwaddr IS NULL)
RETURNING address`;

interface Pending {
  row: Lease4Row;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** Split `queue` (distinct addresses) into statements of at most MAX_BATCH rows, each in address order. */
export function batches<T extends { row: { address: number } }>(queue: T[]): T[][] {
  const sorted = [...queue].sort((x, y) => x.row.address - y.row.address);
  const out: T[][] = [];
  for (let i = 0; i < sorted.length; i += MAX_BATCH) out.push(sorted.slice(i, i + MAX_BATCH));
  return out;
}

interface RawRow {
  address: string;
  hwaddr: Buffer | null;
  client_id: Buffer | null;
  valid_lifetime: string | null;
  expire: string | null;
  subnet_id: string | null;
  fqdn_fwd: boolean | null;
  fqdn_rev: boolean | null;
  hostname: string | null;
  state: string | null;
  user_context: string | null;
}

/** pg returns BIGINT as text; Kea's columns may be NULL in rows other tools wrote. */
function fromRaw(r: RawRow): Lease4Row {
  return {
    address: Number(r.address),
    hwaddr: r.hwaddr,
    client_id: r.client_id,
    valid_lifetime: Number(r.valid_lifetime ?? 0),
    expire: Number(r.expire ?? 0),
    subnet_id: Number(r.subnet_id ?? 0),
    fqdn_fwd: r.fqdn_fwd === true,
    fqdn_rev: r.fqdn_rev === true,
    hostname: r.hostname,
    state: Number(r.state ?? 0),
    user_context: r.user_context,
  };
}

export async function openPgLeaseStore(url: string, opts: PgLeaseStoreOptions = {}): Promise<PgLeaseStore> {
  const clock = opts.clock ?? systemClock;
  const log = opts.logger ?? silentLogger;
  const subnetIdOf = opts.subnetIdOf ?? (() => 0);
  const where = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 8, application_name: 'labnet' });
  // An idle connection that breaks (database restarted) must not crash the process; the
  // next query opens a new one.
  pool.on('error', (err) => log.warn({ err, db: where }, 'lease database connection lost'));
  let schema: PgLeaseStore['schema'];
  const current = new Map<number, Lease>();
  try {
    schema = await ensureLease4Schema(pool);
    const r = await pool.query<RawRow>(`SELECT ${SELECT_COLUMNS} FROM lease4 ORDER BY address`);
    for (const row of r.rows) current.set(Number(row.address), rowToLease(fromRaw(row)));
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new Error(`lease database ${where}: ${(e as Error).message}`, { cause: e });
  }
  log.info({ db: where, schema, leases: current.size }, 'lease database opened');

  const counters: Omit<PgLeaseStoreStats, 'syncSeconds'> = { syncs: 0, records: 0, conflicts: 0 };
  const elapsed = opts.elapsed ?? (() => performance.now());
  const commitLatency = new Histogram();
  let closed = false;

  async function holders(ips: number[]): Promise<Map<number, Lease>> {
    const r = await pool.query<RawRow>({ name: 'labnet-lease4-get', text: `SELECT ${SELECT_COLUMNS} FROM lease4 WHERE address = ANY($1::bigint[])`, values: [ips] });
    return new Map(r.rows.map((x) => [Number(x.address), rowToLease(fromRaw(x))]));
  }

  async function commit(batch: Pending[]): Promise<void> {
    const col = <K extends keyof Lease4Row>(k: K) => batch.map((p) => p.row[k]);
    let won: Set<number>;
    const commitStart = elapsed();
    try {
      const r = await pool.query<{ address: string }>({
        name: 'labnet-lease4-commit',
        text: COMMIT_SQL,
        values: [
          col('address'), col('hwaddr'), col('client_id'), col('valid_lifetime'), col('expire'), col('subnet_id'),
          col('fqdn_fwd'), col('fqdn_rev'), col('hostname'), col('state'), col('user_context'), clock.now() / 1000,
        ],
      });
      won = new Set(r.rows.map((x) => Number(x.address)));
    } catch (e) {
      log.error({ err: e, db: where, leases: batch.length }, 'lease database commit failed');
      for (const p of batch) p.reject(e);
      return;
    }
    commitLatency.observe((elapsed() - commitStart) / 1000);
    counters.syncs++;
    const lost = batch.filter((p) => !won.has(p.row.address));
    const held = lost.length === 0 ? new Map<number, Lease>() : await holders(lost.map((p) => p.row.address)).catch((err: unknown) => {
      log.warn({ err, db: where }, 'lease database: reading the conflicting leases failed');
      return new Map<number, Lease>();
    });
    for (const p of batch) {
      if (won.has(p.row.address)) {
        counters.records++;
        current.set(p.row.address, rowToLease(p.row));
        p.resolve();
      } else {
        counters.conflicts++;
        const holder = held.get(p.row.address);
        if (holder) current.set(p.row.address, holder);
        p.reject(new LeaseConflictError(p.row.address, holder));
      }
    }
  }

  let queue: Pending[] = [];
  let scheduled = false;
  /** Per address: settles when its last record is done. */
  const lanes = new Map<number, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  function flush(): void {
    scheduled = false;
    const q = queue;
    queue = [];
    for (const b of batches(q)) {
      const p = commit(b);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
  }

  return {
    schema,
    leases: () => [...current.values()],
    stats: () => ({ ...counters, syncSeconds: commitLatency.snapshot() }),
    record(lease) {
      if (closed) return Promise.reject(new Error(`lease database ${where} is closed`));
      const row = leaseToRow(lease, subnetIdOf(lease.ip >>> 0));
      const enqueue = () =>
        new Promise<void>((resolve, reject) => {
          queue.push({ row, resolve, reject });
          if (!scheduled) {
            scheduled = true;
            setImmediate(flush);
          }
        });
      // Records of one address go out one after the other, in the order given: a statement
      // never holds an address twice, and a later record is never overtaken by an earlier one.
      const prev = lanes.get(row.address);
      const done = prev ? prev.then(enqueue) : enqueue();
      const settled = done.then(() => undefined, () => undefined);
      lanes.set(row.address, settled);
      void settled.then(() => {
        if (lanes.get(row.address) === settled) lanes.delete(row.address);
      });
      return done;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (scheduled) flush();
      await Promise.allSettled([...inFlight]);
      await pool.end();
    },
  };
}
