/**
 * The PostgreSQL lease store: leases in Kea's lease4 table (codec.ts, schema.ts), shared by
 * any number of labnet (or Kea) servers.
 *
 * Committing a lease is one statement the database arbitrates, an upsert on the primary key
 * (the address) that takes effect only where the row is free to take:
 *   INSERT ... ON CONFLICT (address) DO UPDATE ... WHERE <the row is this client's, or it has
 *   expired (expire <= now, which covers released and reclaimed rows), or the record names no
 *   client (a DECLINE: RFC 2131 4.3.3, the address is in use on the wire whoever holds it)>
 *   RETURNING address.
 * No row back means another server holds the address: record() rejects with a
 * LeaseConflictError carrying that lease (read right after), and the server answers as if it
 * had known (server.ts). Each statement commits on its own (autocommit; synchronous_commit
 * as the database is configured, `on` by default: the WAL is flushed before the commit
 * returns), so no lock is held across a packet and a resolved record() survives a crash of
 * labnet. "This client's" is labnet's ownership rule (allocator.ts): the row's client_id
 * equals the client's, or the row has none and its hwaddr is the client's.
 * Durability of PostgreSQL itself is PostgreSQL's (fsync, synchronous_commit).
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

export interface PgLeaseStoreOptions {
  clock?: Clock;
  logger?: Logger;
  /** Kea's subnet_id for an address (default 0). */
  subnetIdOf?: (ip: number) => number;
  /** Connections in the pool (default 8): records in flight at once. */
  poolSize?: number;
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

const COMMIT_SQL = `
INSERT INTO lease4 AS l (address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd, fqdn_rev, hostname, state, user_context)
VALUES ($1, $2, $3, $4, to_timestamp($5), $6, $7, $8, $9, $10, $11)
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

  const counters: PgLeaseStoreStats = { syncs: 0, records: 0, conflicts: 0 };
  let closed = false;

  async function holderOf(ip: number): Promise<Lease | undefined> {
    const r = await pool.query<RawRow>({ name: 'labnet-lease4-get', text: `SELECT ${SELECT_COLUMNS} FROM lease4 WHERE address = $1`, values: [ip] });
    return r.rows[0] ? rowToLease(fromRaw(r.rows[0])) : undefined;
  }

  return {
    schema,
    leases: () => [...current.values()],
    stats: () => ({ ...counters }),
    async record(lease) {
      if (closed) throw new Error(`lease database ${where} is closed`);
      const row = leaseToRow(lease, subnetIdOf(lease.ip >>> 0));
      const r = await pool.query({
        name: 'labnet-lease4-commit',
        text: COMMIT_SQL,
        values: [
          row.address, row.hwaddr, row.client_id, row.valid_lifetime, row.expire, row.subnet_id,
          row.fqdn_fwd, row.fqdn_rev, row.hostname, row.state, row.user_context, clock.now() / 1000,
        ],
      });
      counters.syncs++;
      if (r.rowCount === 1) {
        counters.records++;
        current.set(row.address, rowToLease(row));
        return;
      }
      counters.conflicts++;
      const holder = await holderOf(row.address).catch((err: unknown) => {
        log.warn({ err, db: where }, 'lease database: reading the conflicting lease failed');
        return undefined;
      });
      if (holder) current.set(row.address, holder);
      throw new LeaseConflictError(row.address, holder);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
