/**
 * The lease4 table labnet writes: Kea's, as `kea-admin db-init pgsql` creates it (Kea 2.2,
 * schema 13.0, dhcpdb_create.pgsql), or, in a database without it, the subset below with the
 * same columns, types, default, indexes and state table, so Kea's tools and a Kea server read
 * the rows alike. The subset carries no schema_version row: it does not claim to be Kea's whole
 * schema (hosts, options, the statistics triggers). To share the database with Kea, create the
 * schema with `kea-admin db-init pgsql` first; labnet then uses Kea's table as it is.
 */
import type { Pool, PoolClient } from 'pg';

/** The columns labnet reads and writes, with the type Kea gives them (information_schema data_type). */
export const LEASE4_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['address', 'bigint'],
  ['hwaddr', 'bytea'],
  ['client_id', 'bytea'],
  ['valid_lifetime', 'bigint'],
  ['expire', 'timestamp with time zone'],
  ['subnet_id', 'bigint'],
  ['fqdn_fwd', 'boolean'],
  ['fqdn_rev', 'boolean'],
  ['hostname', 'character varying'],
  ['state', 'bigint'],
  ['user_context', 'text'],
];

/** Kea's DDL for these (dhcpdb_create.pgsql: schema 1.0 lease4, 2.0 state and lease_state, 6.1 subnet_id index, 6.2 user_context, 7.0 hostname index). */
export const LEASE4_DDL = `
CREATE TABLE IF NOT EXISTS lease_state (
    state INT8 PRIMARY KEY NOT NULL,
    name VARCHAR(64) NOT NULL);
INSERT INTO lease_state VALUES (0, 'default'), (1, 'declined'), (2, 'expired-reclaimed')
    ON CONFLICT (state) DO NOTHING;
CREATE TABLE lease4 (
    address BIGINT PRIMARY KEY NOT NULL,
    hwaddr BYTEA,
    client_id BYTEA,
    valid_lifetime BIGINT,
    expire TIMESTAMP WITH TIME ZONE,
    subnet_id BIGINT,
    fqdn_fwd BOOLEAN,
    fqdn_rev BOOLEAN,
    hostname VARCHAR(255),
    state INT8 DEFAULT 0,
    user_context TEXT,
    CONSTRAINT fk_lease4_state FOREIGN KEY (state) REFERENCES lease_state (state));
CREATE INDEX lease4_by_hwaddr_subnet_id ON lease4 (hwaddr, subnet_id);
CREATE INDEX lease4_by_client_id_subnet_id ON lease4 (client_id, subnet_id);
CREATE INDEX lease4_by_state_expire ON lease4 (state ASC, expire ASC);
CREATE INDEX lease4_by_subnet_id ON lease4 (subnet_id);
CREATE INDEX lease4_by_hostname ON lease4 (lower(hostname)) WHERE hostname IS NOT NULL;
`;

/** Any number: serialises labnet servers creating the table at the same moment (pg_advisory_xact_lock). */
const SCHEMA_LOCK = 0x6c616e34; // 'lan4'

async function lease4Columns(c: PoolClient): Promise<Map<string, string>> {
  const r = await c.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'lease4' AND table_schema = current_schema()`,
  );
  return new Map(r.rows.map((x) => [x.column_name, x.data_type]));
}

/**
 * Use the database's lease4 when it has every column labnet needs with Kea's types; create the
 * subset when there is none. Returns 'kea' (a schema_version table is there: kea-admin made it),
 * 'existing' (a lease4 without Kea's version table) or 'created'.
 */
export async function ensureLease4Schema(pool: Pool): Promise<'kea' | 'existing' | 'created'> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    let cols = await lease4Columns(c);
    let created = false;
    if (cols.size === 0) {
      await c.query(LEASE4_DDL);
      cols = await lease4Columns(c);
      created = true;
    }
    const wrong = LEASE4_COLUMNS.filter(([name, type]) => cols.get(name) !== type).map(([name, type]) => `${name} ${type}${cols.has(name) ? ` (is ${cols.get(name)})` : ' (missing)'}`);
    if (wrong.length > 0) {
      throw new Error(`the database's lease4 table is not Kea's: ${wrong.join(', ')}; create it with 'kea-admin db-init pgsql'`);
    }
    const kea = await c.query<{ t: string | null }>(`SELECT to_regclass('schema_version')::text AS t`);
    await c.query('COMMIT');
    return created ? 'created' : kea.rows[0]?.t ? 'kea' : 'existing';
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}
