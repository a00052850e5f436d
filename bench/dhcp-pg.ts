/**
 * What the PostgreSQL lease store costs against the embedded journal (npm run bench:dhcp-pg):
 * the same labnet DHCP server (test/dhcp/crash-server.ts, its own process) on 127.0.0.1 with
 * `--leases FILE` (dhcpd.leases journal, fdatasync group commit), with `--leases postgresql://...`
 * on Kea's schema (`kea-admin db-init pgsql`, its statistics triggers included), and on the
 * lease4 subset labnet creates itself; a throwaway PostgreSQL cluster (test/interop/helpers/
 * postgres.ts, synchronous_commit on, fsync on) on 127.0.0.1.
 * Each round runs every store in turn (BENCH_ROUNDS, default 3): BENCH_DORAS (default 3000) new
 * clients doing DISCOVER-OFFER-REQUEST-ACK, BENCH_CONCURRENCY (default 32) at a time
 * (src/lab/dhcp-client.ts, loopback), after a warm-up. Figures: DORA/s (wall clock), CPU ms per
 * DORA of the labnet process and of the PostgreSQL process tree (/proc, user+system); medians
 * over the rounds. Prints a table, writes bench/out/dhcp-pg.json.
 * Run: node_modules/.bin/vite-node bench/dhcp-pg.ts
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDhcpClient } from '../src/lab/dhcp-client.js';
import { startPostgres } from '../test/interop/helpers/postgres.js';
import { openPgLeaseStore } from '../src/dhcp/leases-pg/store.js';
import { spawnServerProcess, type ServerProcess } from '../test/dhcp/helpers/server-process.js';
// @ts-expect-error plain JavaScript helper
import { cpuMs, loadavg, machine } from './lib/sysstats.mjs';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DORAS = Number(process.env.BENCH_DORAS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const CONF = `authoritative;
default-lease-time 3600;
max-lease-time 7200;
subnet 10.20.0.0 netmask 255.255.0.0 {
  range 10.20.0.10 10.20.255.250;
  option routers 10.20.0.1;
}
`;

const log = (...a: unknown[]) => console.error('[bench:dhcp-pg]', ...a);
const dir = mkdtempSync(join(tmpdir(), 'labnet-bench-dhcp-pg-'));
const conf = join(dir, 'dhcpd.conf');
writeFileSync(conf, CONF);
const children = new Set<ServerProcess>();

let macSeq = 0;
/** `n` new clients, `CONCURRENCY` at a time; resolves with the number ACKed. */
async function doras(port: number, n: number): Promise<number> {
  let next = 0;
  let acked = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        next++;
        const i = macSeq++;
        const mac = `02:be:${((i >> 24) & 255).toString(16).padStart(2, '0')}:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
        const c = createDhcpClient({ server: { address: '127.0.0.1', port }, mac, timeoutMs: 2000, tries: 2 });
        try {
          await c.boot();
          acked++;
        } catch {
          /* counted as lost */
        } finally {
          await c.close();
        }
      }
    }),
  );
  return acked;
}

interface Sample { doraPerSec: number; labnetCpuMsPerDora: number; pgCpuMsPerDora: number; acked: number }

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const pg = await startPostgres('labnet-bench-pg-');
  try {
    await pg.createDb('kea_schema');
    await run('kea-admin', ['db-init', 'pgsql', '-u', pg.user, '-p', pg.password, '-n', 'kea_schema', '-h', '127.0.0.1', '-P', String(pg.port)]);
    await pg.createDb('labnet_schema');
    await (await openPgLeaseStore(pg.url('labnet_schema'))).close(); // creates the subset
    const stores: Record<string, (round: number) => string> = {
      'journal (dhcpd.leases)': (r) => join(dir, `round${r}.leases`),
      'PostgreSQL, Kea schema': () => pg.url('kea_schema'),
      'PostgreSQL, labnet subset': () => pg.url('labnet_schema'),
    };
    const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(stores).map((k) => [k, []]));
    const before = loadavg();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, spec] of Object.entries(stores)) {
        // A fresh table each round for the databases (as a fresh file for the journal).
        if (name.startsWith('PostgreSQL')) await pg.psql(name.includes('Kea') ? 'kea_schema' : 'labnet_schema', 'DELETE FROM lease4');
        const server = await spawnServerProcess(['--conf', conf, '--host', '127.0.0.1', '--port', '0', '--leases', spec(round)], { LABNET_LOG_LEVEL: 'error' });
        children.add(server);
        const { child, port } = server;
        await doras(port, 300); // warm-up: JIT, connections, file
        const pgPid = pg.pid()!;
        const c0 = cpuMs(child.pid!);
        const p0 = cpuMs(pgPid);
        const t0 = performance.now();
        const acked = await doras(port, DORAS);
        const secs = (performance.now() - t0) / 1000;
        const s: Sample = {
          doraPerSec: acked / secs,
          labnetCpuMsPerDora: (cpuMs(child.pid!) - c0) / acked,
          pgCpuMsPerDora: (cpuMs(pgPid) - p0) / acked,
          acked,
        };
        await server.stop();
        children.delete(server);
        samples[name].push(s);
        log(`round ${round + 1} ${name}: ${s.doraPerSec.toFixed(0)} DORA/s, labnet ${s.labnetCpuMsPerDora.toFixed(3)} CPU ms/DORA, postgres ${s.pgCpuMsPerDora.toFixed(3)}, ${acked}/${DORAS} ACKed`);
      }
    }
    const result = {
      machine: machine(),
      loadBefore: before,
      loadAfter: loadavg(),
      doras: DORAS,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      medians: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, {
        doraPerSec: Math.round(median(v.map((x) => x.doraPerSec))),
        labnetCpuMsPerDora: Number(median(v.map((x) => x.labnetCpuMsPerDora)).toFixed(3)),
        pgCpuMsPerDora: Number(median(v.map((x) => x.pgCpuMsPerDora)).toFixed(3)),
      }])),
      samples,
    };
    mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/out/dhcp-pg.json'), JSON.stringify(result, null, 2));
    console.log(`| store | DORA/s | labnet CPU ms/DORA | PostgreSQL CPU ms/DORA |`);
    console.log(`| --- | --- | --- | --- |`);
    for (const [k, m] of Object.entries(result.medians)) console.log(`| ${k} | ${m.doraPerSec} | ${m.labnetCpuMsPerDora} | ${k.startsWith('PostgreSQL') ? m.pgCpuMsPerDora : '-'} |`);
    console.log(`(${DORAS} DORAs, ${CONCURRENCY} clients at a time, median of ${ROUNDS} rounds; load average ${before} -> ${result.loadAfter})`);
  } finally {
    for (const c of children) c.child.kill('SIGKILL');
    await pg.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
