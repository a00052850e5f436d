/**
 * The PostgreSQL lease store (src/dhcp/leases-pg/) against a real PostgreSQL (Debian's package,
 * a throwaway cluster on 127.0.0.1 and a Unix socket: helpers/postgres.ts) and Kea 2.2's own
 * tools: the schema `kea-admin db-init pgsql` creates, `kea-admin lease-dump pgsql` reading
 * what labnet wrote, and kea-dhcp4 on the same database giving a labnet client its address.
 * Two labnet servers (separate processes) on one database race for a small pool: the database
 * arbitrates (one upsert per lease on the primary key), no address goes to two clients, every
 * ACK is in the table, also when one server is killed with SIGKILL mid-load. With the database
 * stopped a server sends no ACK (it cannot commit), and answers again once it is back.
 * Everything on loopback; PostgreSQL not starting fails the tests.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseDhcpdConf } from '../../src/dhcp/conf/index.js';
import { startDhcpServer, type DhcpServer } from '../../src/dhcp/server.js';
import { createDhcpClient, DhcpClientError, type DhcpClient } from '../../src/lab/dhcp-client.js';
import { openPgLeaseStore } from '../../src/dhcp/leases-pg/store.js';
import { LEASE4_COLUMNS } from '../../src/dhcp/leases-pg/schema.js';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { freePort, startPostgres, type PgCluster } from './helpers/postgres.js';
import { spawnServerProcess, type ServerProcess } from '../dhcp/helpers/server-process.js';

const run = promisify(execFile);

/** A shared network: 127/8 for the relay's giaddr (Kea test), the dynamic range in 10.20.0.0/24 (Kea subnet_id 2). */
const CONF = `authoritative;
default-lease-time 600;
max-lease-time 7200;
shared-network lab {
  subnet 127.0.0.0 netmask 255.0.0.0 { }
  subnet 10.20.0.0 netmask 255.255.255.0 {
    range 10.20.0.10 10.20.0.33;
    option routers 10.20.0.1;
  }
}
`;
const POOL_SIZE = 24;

let pg: PgCluster;
let tmp: TmpTree;
let confFile: string;
const cleanups: Array<() => Promise<unknown> | void> = [];

beforeAll(async () => {
  pg = await startPostgres();
  tmp = tmpTree('labnet-dhcp-pg-');
  confFile = tmp.write('dhcpd.conf', CONF);
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
afterAll(async () => {
  await pg?.destroy();
  tmp?.remove();
});

const mac = (test: number, i: number) => `02:00:00:${test.toString(16).padStart(2, '0')}:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;

async function keaInit(db: string): Promise<void> {
  await pg.createDb(db);
  await run('kea-admin', ['db-init', 'pgsql', '-u', pg.user, '-p', pg.password, '-n', db, '-h', '127.0.0.1', '-P', String(pg.port)], { timeout: 60_000 });
}

function client(port: number, m: string, extra: Partial<Parameters<typeof createDhcpClient>[0]> = {}): DhcpClient {
  const c = createDhcpClient({ server: { address: '127.0.0.1', port }, mac: m, timeoutMs: 400, tries: 2, ...extra });
  cleanups.push(() => c.close());
  return c;
}

interface Row {
  address: string;
  hwaddr: string;
  client_id: string;
  valid_lifetime: number;
  expire: number;
  subnet_id: number;
  state: number;
  hostname: string;
}

async function rows(db: string): Promise<Map<string, Row>> {
  const out = await pg.psql(db, `SELECT '0.0.0.0'::inet + address, encode(hwaddr, 'hex'), encode(client_id, 'hex'), valid_lifetime, extract(epoch from expire)::bigint, subnet_id, state, coalesce(hostname, '') FROM lease4 ORDER BY address`);
  const m = new Map<string, Row>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [address, hw, cid, vl, exp, sid, st, hostname] = line.split('|');
    m.set(address, { address, hwaddr: hw.replace(/(..)(?!$)/g, '$1:'), client_id: cid, valid_lifetime: Number(vl), expire: Number(exp), subnet_id: Number(sid), state: Number(st), hostname });
  }
  return m;
}

/** A labnet DHCP server in its own process on the database. */
async function spawnServer(url: string, serverId: string): Promise<ServerProcess> {
  const s = await spawnServerProcess(['--conf', confFile, '--host', '127.0.0.1', '--port', '0', '--leases', url, '--server-id', serverId]);
  cleanups.push(() => s.stop());
  return s;
}

/** Boots until ACKed or `attempts` runs out; NAKs (the database gave the address to another server's client) are counted. */
async function bootWithRetries(c: DhcpClient, attempts: number, naks: { n: number }): Promise<string | undefined> {
  for (let i = 0; i < attempts; i++) {
    try {
      return (await c.boot()).ip;
    } catch (e) {
      if (e instanceof DhcpClientError && /NAKed/.test(e.message)) naks.n++;
    }
  }
  return undefined;
}

describe('labnet leases in Kea\'s lease4 schema (PostgreSQL)', () => {
  it('kea-admin db-init pgsql schema: labnet writes leases, kea-admin lease-dump pgsql shows them with the right values; a restart reads them back', async () => {
    await keaInit('kea_a');
    const config = parseDhcpdConf(CONF, 'dhcpd.conf');
    const start = () => startDhcpServer({ config, host: '127.0.0.1', port: 0, leasesFile: pg.url('kea_a') });
    let server: DhcpServer = await start();
    cleanups.push(() => server.close());
    const port = server.address.port;
    const before = Math.floor(Date.now() / 1000);
    const plain = client(port, mac(1, 1), { hostname: 'ws1' });
    const withId = client(port, mac(1, 2), { clientId: 'lab-client-2' });
    const leaving = client(port, mac(1, 3));
    const declining = client(port, mac(1, 4));
    const a = await plain.boot();
    const b = await withId.boot();
    const c = await leaving.boot();
    const d = await declining.boot();
    await leaving.release();
    await declining.decline();
    await new Promise((r) => setTimeout(r, 300)); // RELEASE and DECLINE have no reply: let them commit
    expect(server.stats().errors).toBe(0);

    const dumpFile = join(tmp.dir, 'lease-dump.csv');
    // Kea 2.2's kea-admin passes -P to its version query but not to the dump's psql: PGPORT too.
    await run('kea-admin', ['lease-dump', 'pgsql', '-4', '-u', pg.user, '-p', pg.password, '-n', 'kea_a', '-h', '127.0.0.1', '-P', String(pg.port), '-o', dumpFile], {
      timeout: 60_000,
      env: { ...process.env, PGPORT: String(pg.port) },
    });
    const [header, ...lines] = readFileSync(dumpFile, 'utf8').trim().split('\n');
    expect(header).toBe('address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context');
    const dump = new Map(lines.map((l) => { const f = l.split(','); return [f[0], f]; }));
    expect(dump.size).toBe(4);
    const after = Math.ceil(Date.now() / 1000);
    // address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd, fqdn_rev, hostname, state, user_context
    const fa = dump.get(a.ip)!;
    expect(fa.slice(0, 4)).toEqual([a.ip, mac(1, 1), '', '600']);
    expect(Number(fa[4])).toBeGreaterThanOrEqual(before + 600);
    expect(Number(fa[4])).toBeLessThanOrEqual(after + 600);
    expect(fa.slice(5)).toEqual(['2', '0', '0', 'ws1', '0', '']);
    const fb = dump.get(b.ip)!;
    // Option 61 as sent: type 0 and the text (RFC 2132 9.14).
    expect(fb[2]).toBe(Buffer.concat([Buffer.from([0]), Buffer.from('lab-client-2')]).toString('hex').replace(/(..)(?!$)/g, '$1:'));
    expect(fb[1]).toBe(mac(1, 2));
    expect(fb[9]).toBe('0');
    // Released: Kea's expired-reclaimed (2), expire at the release; labnet's own state in user_context.
    const fc = dump.get(c.ip)!;
    expect(fc[1]).toBe(mac(1, 3));
    expect(fc[9]).toBe('2');
    expect(Number(fc[4])).toBeLessThanOrEqual(after);
    expect(fc[10]).toContain('released');
    // Declined: Kea's declined (1), no client, held for abandon-lease-time (86400 s).
    const fd = dump.get(d.ip)!;
    expect(fd[9]).toBe('1');
    expect(fd[1]).toBe('');
    expect(Number(fd[4])).toBeGreaterThanOrEqual(before + 86400);

    // Kea's statistics triggers ran on labnet's rows: subnet 2 has 2 default-state leases.
    expect((await pg.psql('kea_a', 'SELECT leases FROM lease4_stat WHERE subnet_id = 2 AND state = 0')).trim()).toBe('2');

    // A restart reads the table back: same leases, and the client's INIT-REBOOT is ACKed.
    const leasesBefore = server.leases();
    await server.close();
    server = await start();
    // The table keeps whole seconds (as Kea and dhcpd.leases do).
    const sec = (ms: number) => Math.floor(ms / 1000) * 1000;
    expect(server.leases()).toEqual(leasesBefore.map((l) => ({ ...l, starts: sec(l.starts), ends: sec(l.ends), ...(l.cltt !== undefined ? { cltt: sec(l.cltt) } : {}) })));
    const again = client(server.address.port, mac(1, 1));
    const r = await again.reboot(a.ip);
    expect(r.type).toBe('ACK');
    expect(r.ip).toBe(a.ip);
  });

  it('without a lease4 table labnet creates Kea\'s columns with Kea\'s types, and reaches the database through its Unix socket folder', async () => {
    await keaInit('kea_ref');
    await pg.createDb('labnet_own');
    const store = await openPgLeaseStore(pg.socketUrl('labnet_own'));
    expect(store.schema).toBe('created');
    await store.close();
    const cols = `SELECT column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '-') || ' ' || coalesce(column_default, '-') || ' ' || is_nullable FROM information_schema.columns WHERE table_name = 'lease4' ORDER BY column_name`;
    const ours = await pg.psql('labnet_own', cols);
    expect(ours).toBe(await pg.psql('kea_ref', cols));
    expect(ours.split('\n').filter(Boolean).length).toBe(LEASE4_COLUMNS.length);
    const idx = `SELECT indexdef FROM pg_indexes WHERE tablename = 'lease4' ORDER BY indexname`;
    expect(await pg.psql('labnet_own', idx)).toBe(await pg.psql('kea_ref', idx));
    expect(await pg.psql('labnet_own', 'SELECT * FROM lease_state ORDER BY state')).toBe(await pg.psql('kea_ref', 'SELECT * FROM lease_state ORDER BY state'));
    // A wrong password is refused (the URL's credentials are used, not a trust rule).
    await expect(openPgLeaseStore(pg.url('labnet_own').replace(pg.password, 'wrong'))).rejects.toThrow(/password authentication failed/);
  });
});

describe('the database restarted under a running server', () => {
  it('while PostgreSQL is down REQUESTs go unanswered (no ACK without a commit); once it is back the server answers again', { timeout: 120_000 }, async () => {
    await pg.createDb('restart_e');
    const server = await startDhcpServer({ config: parseDhcpdConf(CONF, 'dhcpd.conf'), host: '127.0.0.1', port: 0, leasesFile: pg.url('restart_e') });
    cleanups.push(() => server.close());
    const port = server.address.port;
    const before = await client(port, mac(5, 1)).boot();
    await pg.stop();
    try {
      const down = client(port, mac(5, 2));
      await expect(down.boot()).rejects.toThrow(/REQUEST: no reply/);
      expect(server.stats().errors).toBeGreaterThan(0);
    } finally {
      await pg.start();
    }
    const after = await client(port, mac(5, 3)).boot();
    expect(after.ip).not.toBe(before.ip);
    const table = await rows('restart_e');
    expect(table.get(before.ip)).toMatchObject({ hwaddr: mac(5, 1), state: 0 });
    expect(table.get(after.ip)).toMatchObject({ hwaddr: mac(5, 3), state: 0 });
    expect([...table.values()].some((r) => r.hwaddr === mac(5, 2))).toBe(false);
  });
});

describe('two labnet servers on one database (RFC 2131 4.3.2: the database arbitrates each commit)', () => {
  it(`40 clients race for a pool of ${POOL_SIZE} through two servers: no address held by two clients, every ACK in the table`, { timeout: 120_000 }, async () => {
    await keaInit('kea_b');
    const url = pg.url('kea_b');
    const [s1, s2] = await Promise.all([spawnServer(url, '10.20.0.1'), spawnServer(url, '10.20.0.2')]);
    const naks = { n: 0 };
    const acked = new Map<string, string>();
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const c = client(i % 2 ? s2.port : s1.port, mac(2, i));
        const ip = await bootWithRetries(c, 8, naks);
        if (ip) acked.set(mac(2, i), ip);
      }),
    );
    // Both servers allocate from the start of the range: their first offers collide, the database refuses one, that client is NAKed.
    expect(naks.n).toBeGreaterThan(0);
    const ips = [...acked.values()];
    expect(new Set(ips).size).toBe(ips.length);
    expect(ips.length).toBe(POOL_SIZE);
    const table = await rows('kea_b');
    for (const [m, ip] of acked) {
      expect(table.get(ip), `${m} ${ip}`).toMatchObject({ hwaddr: m, state: 0, subnet_id: 2, valid_lifetime: 600 });
    }
    expect([...table.values()].filter((r) => r.state === 0).length).toBe(POOL_SIZE);
  });

  it('kill -9 of one server mid-load: every ACK is in the table, the other server serves the rest', { timeout: 120_000 }, async () => {
    await pg.createDb('kill_c'); // labnet creates the table itself here
    const url = pg.url('kill_c');
    const [s1, s2] = await Promise.all([spawnServer(url, '10.20.0.1'), spawnServer(url, '10.20.0.2')]);
    const acked = new Map<string, string>();
    const killAfter = 5 + Math.floor(Math.random() * 6);
    let killed = false;
    const naks = { n: 0 };
    const queue = Array.from({ length: 30 }, (_, i) => mac(3, i));
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let m = queue.shift(); m; m = queue.shift()) {
          // Clients go to server 1 until it is killed, then to server 2, which learns server 1's
          // leases one refused commit (one NAK) at a time: a few more tries there.
          const ip = await bootWithRetries(client(killed ? s2.port : s1.port, m), killed ? 12 : 2, naks);
          if (ip) acked.set(m, ip);
          if (acked.size >= killAfter && !killed) {
            killed = true;
            s1.child.kill('SIGKILL');
          }
        }
      }),
    );
    await s1.exited;
    expect(s1.child.signalCode).toBe('SIGKILL');
    const table = await rows('kill_c');
    for (const [m, ip] of acked) expect(table.get(ip), `${m} ${ip}`).toMatchObject({ hwaddr: m, state: 0 });
    const ips = [...acked.values()];
    expect(new Set(ips).size).toBe(ips.length);
    // Server 2 answered the clients that came after the kill (at least the last ones).
    expect(acked.size).toBeGreaterThanOrEqual(killAfter + 5);
    // Each ACKed client that asks server 2 again gets its own address back.
    for (const [m, ip] of [...acked].slice(0, 5)) {
      expect((await client(s2.port, m).reboot(ip)).ip, m).toBe(ip);
    }
  });
});

describe('Kea takes over: kea-dhcp4 on the database labnet wrote', () => {
  it('kea-dhcp4 (lease-database postgresql) gives a client labnet leased to the same address', { timeout: 120_000 }, async () => {
    await keaInit('kea_d');
    const url = pg.url('kea_d');
    // Relayed clients (RFC 2131 4.1: giaddr 127.0.0.2), as Kea selects a subnet for a loopback client by its relay.
    const relayPort = await freePort();
    const config = parseDhcpdConf(CONF, 'dhcpd.conf');
    const server = await startDhcpServer({ config, host: '127.0.0.1', port: 0, leasesFile: url, relayPort });
    const labnetLeases: Array<[string, string]> = [];
    try {
      for (let i = 0; i < 3; i++) {
        const c = client(server.address.port, mac(4, i), { giaddr: '127.0.0.2', bind: { address: '127.0.0.2', port: relayPort } });
        labnetLeases.push([mac(4, i), (await c.boot()).ip]);
        await c.close();
      }
    } finally {
      await server.close();
    }
    const keaPort = await freePort();
    // kea-dhcp4 -P: the port every reply goes to, relayed ones included (Dhcpv4Srv client_port_).
    const replyPort = await freePort();
    const keaConf = tmp.write('kea-dhcp4.json', JSON.stringify({
      Dhcp4: {
        'interfaces-config': { interfaces: ['lo/127.0.0.1'], 'dhcp-socket-type': 'udp' },
        'lease-database': { type: 'postgresql', name: 'kea_d', host: '127.0.0.1', port: pg.port, user: pg.user, password: pg.password },
        'valid-lifetime': 600,
        subnet4: [{ id: 2, subnet: '10.20.0.0/24', pools: [{ pool: '10.20.0.10 - 10.20.0.33' }], relay: { 'ip-addresses': ['127.0.0.2'] } }],
        loggers: [{ name: 'kea-dhcp4', output_options: [{ output: join(tmp.dir, 'kea.log') }], severity: 'INFO' }],
      },
    }));
    const kea = spawn('kea-dhcp4', ['-c', keaConf, '-p', String(keaPort), '-P', String(replyPort)], {
      env: { ...process.env, KEA_PIDFILE_DIR: tmp.dir, KEA_LOCKFILE_DIR: tmp.dir, KEA_LOGGER_DESTINATION: join(tmp.dir, 'kea.log') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let keaErr = '';
    kea.stderr!.on('data', (d: Buffer) => (keaErr += d.toString()));
    const keaExited = new Promise<void>((r) => kea.once('exit', () => r()));
    cleanups.push(async () => {
      if (kea.exitCode === null && kea.signalCode === null) {
        kea.kill('SIGTERM');
        await keaExited;
      }
    });
    const viaKea = (m: string) => client(keaPort, m, { giaddr: '127.0.0.2', bind: { address: '127.0.0.2', port: replyPort }, timeoutMs: 1000, tries: 10 });
    // The second of labnet's clients (not the first address Kea would pick anyway).
    const [m, ip] = labnetLeases[1];
    const c = viaKea(m);
    const got = await c.boot().catch((e: Error) => {
      throw new Error(`${e.message}; kea: ${keaErr} ${(() => { try { return readFileSync(join(tmp.dir, 'kea.log'), 'utf8'); } catch { return ''; } })()}`);
    });
    expect(got.ip).toBe(ip);
    await c.close();
    // A new client gets none of labnet's addresses from Kea.
    const fresh = await viaKea(mac(4, 99)).boot();
    expect(labnetLeases.map(([, a]) => a)).not.toContain(fresh.ip);
    // Kea renewed the lease in place: still the client's row, Kea's valid lifetime.
    const row = (await rows('kea_d')).get(ip)!;
    expect(row).toMatchObject({ hwaddr: m, state: 0, subnet_id: 2, valid_lifetime: 600 });
  });
});
