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
 * over the rounds.
 *
 * Then beside Kea 2.2 on the same PostgreSQL (the Kea-schema database, `lease-database { type
 * postgresql }`, Kea's defaults: single-threaded), with perfdhcp as a relay (GUIDE.md section 6)
 * from 127.0.0.42 to servers on 127.0.0.41 port 67 (aliases added to lo and removed after; needs
 * root): labnet on the journal, labnet on PostgreSQL, Kea on PostgreSQL, in turn in each round,
 * the lease4 table emptied before each. Per server and round: CPU ms per DORA of the server and
 * of PostgreSQL at BENCH_PG_RATE (default 500) DORA/s offered for BENCH_SECONDS (default 5); then
 * once, the offered rate stepped up (BENCH_PG_RATES) to the highest held with under 2.5% of
 * exchanges lost. Medians, with the load average before and after (the machine may be shared).
 * Prints tables, writes bench/out/dhcp-pg.json and the section "## PostgreSQL" of
 * bench/RESULTS.md (the rest of the file kept; bench/run.mjs carries the section over).
 * Run: npm run bench:dhcp-pg
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDhcpClient } from '../src/lab/dhcp-client.js';
import { startPostgres } from '../test/interop/helpers/postgres.js';
import { openPgLeaseStore } from '../src/dhcp/leases-pg/store.js';
import { spawnServerProcess, type ServerProcess } from '../test/dhcp/helpers/server-process.js';
import { addLoopback, removeLoopback } from '../test/interop/helpers/perfdhcp-run.js';
// @ts-expect-error plain JavaScript helper
import { cpuMs, loadavg, machine } from './lib/sysstats.mjs';
// @ts-expect-error plain JavaScript helper
import { perfdhcpRun } from './lib/perfdhcp.mjs';
// @ts-expect-error plain JavaScript helper
import { replaceSection } from './lib/sections.mjs';

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
const kills = new Set<ChildProcess>();

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

/* ---- perfdhcp, beside Kea on the same PostgreSQL ---- */

const SERVER = '127.0.0.41';
const RELAY = '127.0.0.42';
const PG_RATE = Number(process.env.BENCH_PG_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const STEP_RATES = (process.env.BENCH_PG_RATES ?? '250,500,1000,1500,2000,3000,4000').split(',').map(Number);
const DROP_LIMIT = 2.5;
// The relay-mode config of bench/dhcp.mjs and test/interop/perfdhcp.test.ts.
const PERF_CONF = readFileSync(join(ROOT, 'fixtures/perf/dhcpd.conf'), 'utf8');

interface PerfResult { rate: number; achieved: number; sent: number; completed: number; lossPct: number; nonUnique: number }
const perf = (rate: number, seconds: number): Promise<PerfResult> => perfdhcpRun({ rate, seconds, relay: RELAY, server: SERVER, macPrefix: '02:41' });

interface Running { pid: number; stop(): Promise<void> }

/** Kea 2.2 on `db` of `pg` (Kea's schema), on SERVER:67 for relayed clients from RELAY. */
async function startKea(pg: Awaited<ReturnType<typeof startPostgres>>, db: string): Promise<Running> {
  const conf = join(dir, 'kea-dhcp4.json');
  writeFileSync(conf, JSON.stringify({
    Dhcp4: {
      'interfaces-config': { interfaces: [`lo/${SERVER}`], 'dhcp-socket-type': 'udp' },
      'lease-database': { type: 'postgresql', name: db, host: '127.0.0.1', port: pg.port, user: pg.user, password: pg.password },
      'valid-lifetime': 3600,
      subnet4: [{
        id: 1, subnet: '10.0.0.0/8', pools: [{ pool: '10.0.0.1 - 10.255.255.254' }], relay: { 'ip-addresses': [RELAY] },
        'option-data': [{ name: 'routers', data: '10.0.0.1' }, { name: 'domain-name-servers', data: '10.0.0.53' }],
      }],
      loggers: [{ name: 'kea-dhcp4', output_options: [{ output: join(dir, 'kea.log') }], severity: 'WARN' }],
    },
  }));
  const child: ChildProcess = spawn('kea-dhcp4', ['-c', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir, KEA_LOGGER_DESTINATION: join(dir, 'kea.log') },
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  kills.add(child);
  return {
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      kills.delete(child);
      if (child.exitCode !== 0 && child.signalCode === null) log(`kea-dhcp4 exited ${child.exitCode}: ${err}`);
    },
  };
}

async function startLabnet(leases: string): Promise<Running> {
  const perfConf = join(dir, 'perf.conf');
  writeFileSync(perfConf, PERF_CONF);
  const server = await spawnServerProcess(['--conf', perfConf, '--host', SERVER, '--port', '67', '--leases', leases], { LABNET_LOG_LEVEL: 'error' });
  children.add(server);
  return {
    pid: server.child.pid!,
    async stop() {
      await server.stop();
      children.delete(server);
    },
  };
}

/** Waits until the server completes DORAs, then warms it up (JIT, connections, file). */
async function ready(name: string): Promise<void> {
  const until = Date.now() + 60_000;
  while ((await perf(20, 1)).completed === 0) {
    if (Date.now() > until) throw new Error(`${name} did not answer perfdhcp in 60 s`);
  }
  await perf(100, 1);
}

interface PerfSample { completed: number; lossPct: number; serverCpuMsPerDora: number; pgCpuMsPerDora: number }

async function perfdhcpPhase(pg: Awaited<ReturnType<typeof startPostgres>>) {
  const servers: Record<string, { db?: string; start: (round: number) => Promise<Running> }> = {
    'labnet, journal': { start: (r) => startLabnet(join(dir, `perf${r}.leases`)) },
    'labnet, PostgreSQL': { db: 'kea_schema', start: () => startLabnet(pg.url('kea_schema')) },
    'Kea 2.2, PostgreSQL': { db: 'kea_schema', start: () => startKea(pg, 'kea_schema') },
  };
  const fixed: Record<string, PerfSample[]> = Object.fromEntries(Object.keys(servers).map((k) => [k, []]));
  const steps: Record<string, PerfResult[]> = Object.fromEntries(Object.keys(servers).map((k) => [k, []]));
  const before = loadavg();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, s] of Object.entries(servers)) {
      if (s.db) await pg.psql(s.db, 'DELETE FROM lease4');
      const srv = await s.start(round);
      try {
        await ready(name);
        const c0 = cpuMs(srv.pid);
        const p0 = cpuMs(pg.pid()!);
        const r = await perf(PG_RATE, SECONDS);
        const sample = {
          completed: r.completed,
          lossPct: r.lossPct,
          serverCpuMsPerDora: (cpuMs(srv.pid) - c0) / r.completed,
          pgCpuMsPerDora: (cpuMs(pg.pid()!) - p0) / r.completed,
        };
        fixed[name].push(sample);
        log(`perfdhcp round ${round + 1} ${name}: ${r.completed} DORAs at ${PG_RATE}/s offered (${r.lossPct.toFixed(2)}% lost), server ${sample.serverCpuMsPerDora.toFixed(3)} CPU ms/DORA, postgres ${sample.pgCpuMsPerDora.toFixed(3)}`);
        if (round === ROUNDS - 1) {
          for (const rate of STEP_RATES) {
            const st = await perf(rate, SECONDS);
            steps[name].push(st);
            log(`perfdhcp ${name}: offered ${rate}/s -> ${st.achieved.toFixed(0)} DORA/s, ${st.lossPct.toFixed(2)}% lost`);
            if (st.lossPct >= DROP_LIMIT) break;
          }
        }
      } finally {
        await srv.stop();
      }
    }
  }
  const medians = Object.fromEntries(Object.entries(fixed).map(([k, v]) => {
    const held = steps[k].filter((x) => x.lossPct < DROP_LIMIT).at(-1);
    return [k, {
      serverCpuMsPerDora: Number(median(v.map((x) => x.serverCpuMsPerDora)).toFixed(3)),
      pgCpuMsPerDora: Number(median(v.map((x) => x.pgCpuMsPerDora)).toFixed(3)),
      lossPct: v.map((x) => Number(x.lossPct.toFixed(2))),
      bestRate: held?.rate ?? 0,
      bestAchieved: held ? Math.round(held.achieved) : 0,
    }];
  }));
  return { rate: PG_RATE, seconds: SECONDS, rounds: ROUNDS, relay: RELAY, server: SERVER, dropLimitPct: DROP_LIMIT, loadBefore: before, loadAfter: loadavg(), medians, samples: fixed, steps };
}

const f = (x: number, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/** The "## PostgreSQL" section of bench/RESULTS.md. */
function section(r: { when: string; machine: { cores: number; cpu: string; node: string; kea: string }; loadBefore: string; loadAfter: string; doras: number; concurrency: number; rounds: number; medians: Record<string, { doraPerSec: number; labnetCpuMsPerDora: number; pgCpuMsPerDora: number }>; perfdhcp: Awaited<ReturnType<typeof perfdhcpPhase>> }): string {
  const p = r.perfdhcp;
  const kea = p.medians['Kea 2.2, PostgreSQL'];
  const L = [
    `Measured ${r.when} (\`npm run bench:dhcp-pg\`, bench/dhcp-pg.ts). ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}, Kea ${r.machine.kea}. A throwaway PostgreSQL cluster on 127.0.0.1 (fsync and synchronous_commit on), Kea's schema from \`kea-admin db-init pgsql\`; every ACK waits for its lease's commit on every server.`,
    '',
    `Beside Kea 2.2 on the same database (perfdhcp as a relay from ${p.relay} to ${p.server}:67; servers in turn in each of ${p.rounds} rounds, the lease4 table emptied before each; load average ${p.loadBefore} before, ${p.loadAfter} after):`,
    '',
    `| server | CPU ms per DORA at ${f(p.rate)}/s offered, server (median) | PostgreSQL CPU ms per DORA (median) | server + PostgreSQL | / Kea | lost % per round | highest rate held (<${p.dropLimitPct}% lost): offered, done DORA/s |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const [k, m] of Object.entries(p.medians)) {
    const total = m.serverCpuMsPerDora + m.pgCpuMsPerDora;
    const keaTotal = kea.serverCpuMsPerDora + kea.pgCpuMsPerDora;
    L.push(`| ${k} | ${f(m.serverCpuMsPerDora, 3)} | ${k.includes('PostgreSQL') ? f(m.pgCpuMsPerDora, 3) : '-'} | ${f(total, 3)} | ${k.startsWith('Kea') ? '' : `${(total / keaTotal).toFixed(2)}x`} | ${m.lossPct.join(', ')} | ${f(m.bestRate)}, ${f(m.bestAchieved)} |`);
  }
  L.push('', `Steps of the last round (offered: done DORA/s, lost %): ${Object.entries(p.steps).map(([k, v]) => `${k}: ${v.map((x) => `${x.rate}: ${f(x.achieved)} (${x.lossPct.toFixed(1)})`).join(', ')}`).join('; ')}.`);
  L.push('', 'Kea 2.2 runs single-threaded (its default): each lease is committed before the next packet is read, so its rate is bounded by the commit latency (fsync). labnet keeps up to 8 commits in flight (pg pool), each ACK still sent only after its own commit. CPU per DORA counts the CPU spent on the exchanges that did not complete too.');
  L.push('', `Published for comparison (ISC, Kea 2.0 single-threaded): 2,396 leases/s on PostgreSQL, 11,686 on memfile, on other hardware.`);
  L.push('', `labnet's own DHCP client (src/lab/dhcp-client.ts; ${f(r.doras)} new clients, ${r.concurrency} at a time, one labnet process; median of ${r.rounds} rounds; load average ${r.loadBefore} before, ${r.loadAfter} after):`, '');
  L.push('| lease store | DORA/s | labnet CPU ms/DORA | PostgreSQL CPU ms/DORA |', '|---|---|---|---|');
  for (const [k, m] of Object.entries(r.medians)) L.push(`| ${k} | ${f(m.doraPerSec)} | ${f(m.labnetCpuMsPerDora, 3)} | ${k.startsWith('PostgreSQL') ? f(m.pgCpuMsPerDora, 3) : '-'} |`);
  return L.join('\n');
}

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
    const own = {
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
    const added = await addLoopback([SERVER, RELAY]);
    let relayed;
    try {
      relayed = await perfdhcpPhase(pg);
    } finally {
      await removeLoopback(added);
    }
    const result = { when: new Date().toISOString(), ...own, perfdhcp: relayed };
    mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/out/dhcp-pg.json'), JSON.stringify(result, null, 2));
    const md = section(result);
    console.log(md);
    const resultsFile = join(ROOT, 'bench/RESULTS.md');
    writeFileSync(resultsFile, replaceSection(readFileSync(resultsFile, 'utf8'), '## PostgreSQL', md));
    log('wrote bench/out/dhcp-pg.json and the section "## PostgreSQL" of bench/RESULTS.md');
  } finally {
    for (const c of children) c.child.kill('SIGKILL');
    for (const c of kills) c.kill('SIGKILL');
    await pg.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
