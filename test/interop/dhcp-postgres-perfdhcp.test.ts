/**
 * Two labnet DHCP servers on one PostgreSQL lease database (Kea's lease4 schema, created by
 * labnet), each driven by its own perfdhcp relaying from its own address (issue 10): the
 * database arbitrates every commit (the address is the primary key), so no address is given
 * to two clients. Both servers allocate from the start of the same range, so their offers
 * collide from the first packet on. Checked: perfdhcp -u's count (0 addresses twice within a
 * run), no address in both runs' ACK lists (their clients differ: `-b mac=`), and every ACKed
 * address in lease4 with a client of the run that got it. Loopback only: servers on
 * 127.0.0.5 and 127.0.0.7 (port 67, as perfdhcp relays to), relays 127.0.0.6 and .8.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { startPostgres, type PgCluster } from './helpers/postgres.js';
import { spawnServerProcess, type ServerProcess } from '../dhcp/helpers/server-process.js';
import { addLoopback, perfdhcpUntil, removeLoopback } from './helpers/perfdhcp-run.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PERF_CONF = join(ROOT, 'fixtures/perf/dhcpd.conf');
const PAIRS = [
  { server: '127.0.0.5', relay: '127.0.0.6', mac: '02:00:aa:00:00:00', serverId: '127.0.0.5' },
  { server: '127.0.0.7', relay: '127.0.0.8', mac: '02:00:bb:00:00:00', serverId: '127.0.0.7' },
];
const RATE = 250;
const SECONDS = 4;

let pg: PgCluster;
const added: string[] = [];
const servers: ServerProcess[] = [];

beforeAll(async () => {
  added.push(...(await addLoopback(PAIRS.flatMap((p) => [p.server, p.relay]))));
  pg = await startPostgres();
  await pg.createDb('shared');
}, 60_000);
afterAll(async () => {
  for (const s of servers) await s.stop();
  await pg?.destroy();
  await removeLoopback(added);
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('two servers, two relays, one PostgreSQL lease database', () => {
  it(`perfdhcp -u from two relays at ${RATE}/s each for ${SECONDS} s: no address given twice, every ACK in lease4`, { timeout: 120_000 }, async () => {
    const url = pg.url('shared');
    for (const p of PAIRS) servers.push(await spawnServerProcess(['--conf', PERF_CONF, '--host', p.server, '--port', '67', '--leases', url, '--server-id', p.serverId]));
    const stop = sleep(SECONDS * 1000);
    const runs = await Promise.all(PAIRS.map((p, i) => perfdhcpUntil({ relay: p.relay, server: p.server, rate: RATE, mac: p.mac, seed: 1000 + i }, stop.then(() => sleep(300)))));
    for (const r of runs) expect(r.nonUnique, r.report).toBe(0);
    const [a, b] = runs.map((r) => new Set(r.acked));
    const both = [...a!].filter((ip) => b!.has(ip));
    expect(both, 'addresses ACKed to clients of both servers').toEqual([]);
    // Every ACK committed, to a client of the run (the relay's perfdhcp) that received it.
    const rows = await pg.psql('shared', "SELECT address::bigint, encode(hwaddr, 'hex'), state FROM lease4");
    const table = new Map(rows.trim().split('\n').filter(Boolean).map((l) => {
      const [addr, hw, state] = l.split('|');
      const n = Number(addr);
      return [[n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255].join('.'), { hw: hw!, state: Number(state) }];
    }));
    runs.forEach((r, i) => {
      const prefix = PAIRS[i]!.mac.replace(/:/g, '').slice(0, 6);
      for (const ip of r.acked) expect(table.get(ip), `${ip} from run ${i}`).toMatchObject({ state: 0, hw: expect.stringMatching(new RegExp(`^${prefix}`)) });
    });
    const total = runs.reduce((n, r) => n + r.acked.length, 0);
    console.log(`two servers on PostgreSQL: ${runs.map((r) => r.acked.length).join(' + ')} = ${total} ACKs, 0 addresses given twice, ${table.size} rows in lease4`);
    expect(total).toBeGreaterThan(RATE * SECONDS * 0.5);
  });
});
