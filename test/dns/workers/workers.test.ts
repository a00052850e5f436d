/**
 * DNS workers (issue 9; src/dns/workers/): labnet serve's services with two worker
 * processes on one loopback port. The kernel hands datagrams on the shared UDP socket to
 * either worker and node:cluster hands TCP connections round robin, so a batch of fresh TCP
 * connections reaches each worker; which worker answered is read from the workers' own
 * counters (pool.stats(), by process id).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dnsPacket from 'dns-packet';
import { startServices, type Services } from '../../../src/lab/services.js';
import { queryDns } from '../../../src/dns/client.js';
import { buildUpdate, UpdateOp } from '../../../src/dns/update-build.js';
import { udpFrom } from '../helpers/udp.js';
import { daemonMetrics } from '../../../src/cli/daemon-report.js';
import { QueryCounts } from '../../../src/dns/query-counts.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-dns-workers-'));
const zone = (serial: number, extra = '') => `$TTL 300\n@ SOA ns root ${serial} 3600 600 86400 60\n@ NS ns\nns A 192.0.2.53\nwww A 192.0.2.80\n${extra}`;
const CONF = `options { directory "${dir}"; };
zone "dyn.test" { type primary; file "dyn.db"; allow-update { 127.0.0.1; }; };
zone "static.test" { type primary; file "static.db"; };
`;

let services: Services;
beforeAll(async () => {
  writeFileSync(join(dir, 'dyn.db'), zone(1));
  writeFileSync(join(dir, 'static.db'), zone(1));
  writeFileSync(join(dir, 'named.conf'), CONF);
  services = await startServices({ namedConf: join(dir, 'named.conf'), dns: { address: '127.0.0.1', port: 0 }, dnsWorkers: { count: 2, counts: { querylog: false } } });
}, 60_000);
afterAll(async () => {
  await services?.close();
  rmSync(dir, { recursive: true, force: true });
});

const server = () => services.dns!.address;
const addresses = (p: dnsPacket.Packet) => (p.answers ?? []).filter((a) => a.type === 'A').map((a) => String((a as { data: string }).data)).sort();

/** Queries answered by each worker process so far, by pid. */
async function answeredBy(): Promise<Map<number, number>> {
  return new Map((await services.dnsWorkers!.stats()).map((s) => [s.pid, s.queries]));
}

/** The workers that answered queries between two answeredBy() readings. */
function answered(before: Map<number, number>, after: Map<number, number>): number[] {
  return [...after].filter(([pid, n]) => n > (before.get(pid) ?? 0)).map(([pid]) => pid);
}

/** `n` queries for `name` A over fresh TCP connections (round robin: every worker) and `n` over UDP at once. */
async function batch(name: string, n = 6): Promise<string[][]> {
  const tcp = [];
  for (let i = 0; i < n; i++) tcp.push(addresses(await queryDns(server(), name, 'A', { tcp: true })));
  const udp = await Promise.all(Array.from({ length: n }, () => queryDns(server(), name, 'A').then(addresses)));
  return [...tcp, ...udp];
}

let updateId = 100;
const a = (ip: string) => Buffer.from(ip.split('.').map(Number));
async function addA(name: string, ip: string): Promise<number> {
  const reply = await udpFrom('127.0.0.1', server(), buildUpdate(updateId++, 'dyn.test', [], [UpdateOp.add(name, 1, 300, a(ip))]));
  return reply[3]! & 0x0f;
}

/** Until `check` holds (a restarted worker takes a moment to start). */
async function until(check: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('labnet serve --dns-workers 2', () => {
  it('two worker processes, other than this one, answer the queries on one port', async () => {
    const pids = services.dnsWorkers!.pids();
    expect(pids).toHaveLength(2);
    expect(new Set(pids).size).toBe(2);
    expect(pids).not.toContain(process.pid);
    const before = await answeredBy();
    expect((await batch('www.dyn.test')).every((r) => r.join() === '192.0.2.80')).toBe(true);
    expect(answered(before, await answeredBy()).sort()).toEqual([...pids].sort());
  });

  it("/metrics sums the workers' query counters and gives each worker's", async () => {
    const state = { services, counts: new QueryCounts(), startedAt: Date.now(), reloads: { ok: 0, failed: 0 } };
    const text = daemonMetrics(state, await services.dnsWorkers!.stats());
    // The 12 A queries of the test before, whichever worker answered each.
    expect(text).toContain('labnet_dns_queries_total{type="A",rcode="NOERROR"} 12');
    const perWorker = [...text.matchAll(/^labnet_dns_worker_queries_total\{pid="(\d+)"\} (\d+)$/gm)];
    expect(perWorker.map((m) => Number(m[1])).sort()).toEqual([...services.dnsWorkers!.pids()].sort());
    expect(perWorker.reduce((n, m) => n + Number(m[2]), 0)).toBe(12);
  });

  it('an UPDATE (answered by the primary through a worker) is seen at once by every worker', async () => {
    expect(await addA('new.dyn.test', '192.0.2.99')).toBe(0);
    const before = await answeredBy();
    const seen = await batch('new.dyn.test');
    expect(seen.every((r) => r.join() === '192.0.2.99')).toBe(true);
    expect(answered(before, await answeredBy())).toHaveLength(2);
    // The primary's own view agrees.
    expect(addresses(await services.dns!.query('new.dyn.test', 'A'))).toEqual(['192.0.2.99']);
  });

  it('a reload reaches every worker before it returns', async () => {
    writeFileSync(join(dir, 'static.db'), zone(2, 'added A 192.0.2.7\n'));
    expect(await services.reload()).toBeUndefined();
    const before = await answeredBy();
    expect((await batch('added.static.test')).every((r) => r.join() === '192.0.2.7')).toBe(true);
    expect(answered(before, await answeredBy())).toHaveLength(2);
  });

  it('a killed worker is started again and answers the current data', async () => {
    const [first, second] = services.dnsWorkers!.pids();
    process.kill(first!, 'SIGKILL');
    await until(async () => {
      const now = services.dnsWorkers!.pids();
      return now[0] !== first && now[0] !== 0 && (await services.dnsWorkers!.stats()).length === 2;
    });
    const restarted = services.dnsWorkers!.pids()[0]!;
    expect(restarted).not.toBe(second);
    const before = await answeredBy();
    const seen = [...(await batch('new.dyn.test')), ...(await batch('added.static.test'))];
    expect(seen.every((r) => r.join() === '192.0.2.99' || r.join() === '192.0.2.7')).toBe(true);
    expect(seen.filter((r) => r.join() === '192.0.2.99')).toHaveLength(12);
    expect(answered(before, await answeredBy())).toContain(restarted);
  }, 60_000);

  it('closing the server stops every worker', async () => {
    const pids = services.dnsWorkers!.pids();
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(pids.every(alive)).toBe(true);
    await services.close();
    await until(() => !pids.some(alive), 10_000);
    await expect(queryDns(server(), 'www.dyn.test', 'A', { timeoutMs: 300 })).rejects.toThrow();
  });
});
