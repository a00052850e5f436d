#!/usr/bin/env node
/**
 * DHCP benchmark (npm run bench:dhcp; also `npm run bench -- dhcp`): perfdhcp as a relay
 * (GUIDE.md section 6) against labnet and against Kea 2.2 (memfile, persist true), servers in
 * turn in the same run, rounds alternating (labnet, Kea, labnet, Kea...), medians:
 *
 * 1. CPU per DORA at a fixed offered rate both hold (BENCH_DHCP_FIXED_RATE, default 4000/s, for
 *    BENCH_SECONDS each): user+system CPU of the server's process tree over the run, divided by
 *    the DORAs completed. labnet journals and fdatasyncs every lease before its ACK; Kea's
 *    memfile appends each lease to its CSV without fsync (its documented behaviour).
 * 2. The highest offered rate held with under 2.5% of exchanges lost, driven by two perfdhcp
 *    processes from two relay addresses (127.0.0.3 and 127.0.0.4, half the rate each), so one
 *    generator's own ceiling is not the limit; stepping BENCH_DHCP_RATES up.
 * 3. Restart with BENCH_DHCP_LEASES (default 1,000,000) active leases: labnet on its journal
 *    (dhcpd.leases format) and Kea on its CSV written from the same leases (the header taken
 *    from a CSV Kea itself wrote): ms from process start to the first OFFER to a relayed
 *    DISCOVER, and RSS then.
 *
 * Only loopback: servers on 127.0.0.1:67, perfdhcp on 127.0.0.3/127.0.0.4 (added to lo if
 * absent and removed afterwards). Needs root (port 67, ip addr). Bounded (BENCH_DHCP_BUDGET_S,
 * default 600 s); kills everything it starts. Prints a table and writes bench/out/dhcp.json.
 * labnet runs as built (dist/, `npm run build` first when missing), as `labnet serve` runs.
 */
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMs } from './lib/sysstats.mjs';
import { perfdhcpRun } from './lib/perfdhcp.mjs';
import { KEA_CSV_HEADER, keaConfig as keaConfigJson, rssMb, untilFirstOffer, writeKeaCsv, writeLeasesJournal } from './lib/dhcp-peers.mjs';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin/labnet.js');
const BUILT = join(ROOT, 'dist/cli/main.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const RATES = (process.env.BENCH_DHCP_RATES ?? '2000,4000,6000,8000,10000,12000,14000,16000').split(',').map(Number);
const FIXED_RATE = Number(process.env.BENCH_DHCP_FIXED_RATE ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BIG = Number(process.env.BENCH_DHCP_LEASES ?? 1_000_000);
const DROP_LIMIT = 2.5;
const DEADLINE = Date.now() + Number(process.env.BENCH_DHCP_BUDGET_S ?? 600) * 1000; // hard budget
const RELAYS = ['127.0.0.3', '127.0.0.4'];

// The relay-mode config shared with test/interop/perfdhcp.test.ts.
const PERF_CONF = readFileSync(join(ROOT, 'fixtures/perf/dhcpd.conf'), 'utf8');

const children = new Set();
const addedAddrs = [];
const dir = mkdtempSync(join(tmpdir(), 'labnet-bench-dhcp-'));
const log = (...a) => console.error('[bench:dhcp]', ...a);
const remaining = () => DEADLINE - Date.now();

function start(cmd, args, env = {}) {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.exited = new Promise((r) => child.once('exit', () => { children.delete(child); r(); }));
  child.out = '';
  child.stdout.on('data', (d) => { child.out += d; });
  child.err = '';
  child.stderr.on('data', (d) => { child.err = (child.err + d).slice(-20000); });
  return child;
}

async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 3000);
  await child.exited;
  clearTimeout(t);
}

async function cleanup() {
  await Promise.all([...children].map(stop));
  for (const a of addedAddrs.splice(0)) await run('ip', ['addr', 'del', `${a}/32`, 'dev', 'lo']).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { void cleanup().then(() => process.exit(130)); });

async function perfdhcp(rate, seconds, relay = RELAYS[0], clients = 10_000_000) {
  // -b mac=...: each relay draws its clients' MACs from its own prefix, so two generators never share a client.
  return perfdhcpRun({ rate, seconds, relay, clients, macPrefix: relay === RELAYS[0] ? '02:10' : '02:20' });
}

/** Two perfdhcp processes, one per relay address, `rate`/2 each; their results summed. */
async function perfdhcpPair(rate, seconds) {
  const parts = await Promise.all(RELAYS.map((r) => perfdhcp(rate / RELAYS.length, seconds, r)));
  const sent = parts.reduce((a, p) => a + p.sent, 0);
  const completed = parts.reduce((a, p) => a + p.completed, 0);
  return {
    rate,
    achieved: parts.reduce((a, p) => a + p.achieved, 0),
    sent,
    completed,
    lossPct: sent > 0 ? 100 * (1 - completed / sent) : 100,
    nonUnique: parts.reduce((a, p) => a + p.nonUnique, 0),
  };
}

/** Steps the rate up; stops at the first step losing DROP_LIMIT% or more. */
async function stepRates(name) {
  const steps = [];
  for (const rate of RATES) {
    if (remaining() < (SECONDS + 20) * 1000 + 60_000) { log(`${name}: out of time budget before ${rate}/s`); break; }
    const s = await perfdhcpPair(rate, SECONDS);
    log(`${name}: offered ${rate}/s (two relays) -> ${s.achieved.toFixed(0)} DORA/s, ${s.lossPct.toFixed(2)}% lost`);
    steps.push(s);
    if (s.lossPct >= DROP_LIMIT) break;
  }
  const held = steps.filter((s) => s.lossPct < DROP_LIMIT);
  const best = held.at(-1);
  return { steps, bestRate: best?.rate ?? 0, bestAchieved: best ? Math.round(best.achieved) : 0 };
}

/** CPU ms per 1000 DORAs at FIXED_RATE for the running server `child`. */
async function cpuAtFixedRate(child) {
  const c0 = cpuMs(child.pid);
  const s = await perfdhcp(FIXED_RATE, SECONDS);
  const used = cpuMs(child.pid) - c0;
  return { rate: FIXED_RATE, completed: s.completed, lossPct: s.lossPct, cpuMs: used, cpuPer1k: s.completed > 0 ? (1000 * used) / s.completed : NaN };
}

const median = (xs) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : NaN;
};

async function waitFor(pred, ms, what) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await pred()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** labnet as users run it: the built CLI (`labnet serve --dhcpd-conf ... --leases ...`), logging at warn as Kea does. */
function startLabnet(leases) {
  const conf = join(dir, 'perf.conf');
  writeFileSync(conf, PERF_CONF);
  return start(process.execPath, [CLI, 'serve', '--dhcpd-conf', conf, '--dhcp', '127.0.0.1:67', '--leases', leases], { LABNET_LOG_LEVEL: 'warn' });
}

async function launchLabnet(tag) {
  const leases = join(dir, `labnet-${tag}.leases`);
  rmSync(leases, { force: true });
  const child = startLabnet(leases);
  await waitFor(async () => child.exitCode !== null || (await perfdhcp(20, 1)).completed > 0, 60_000, 'labnet to answer');
  if (child.exitCode !== null) throw new Error(`labnet exited: ${child.err}`);
  await perfdhcp(100, 1); // warm-up: JIT, journal file
  return child;
}

function keaConfig(leases) {
  const conf = join(dir, 'kea-dhcp4.json');
  writeFileSync(conf, keaConfigJson({ leases, listen: '127.0.0.1', relays: RELAYS, subnet: '10.0.0.0/8', pool: '10.0.0.1 - 10.255.255.254', log: join(dir, 'kea.log') }));
  return conf;
}

function startKea(leases) {
  return start('kea-dhcp4', ['-c', keaConfig(leases)], { KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir, KEA_LOGGER_DESTINATION: join(dir, 'kea.log') });
}

async function launchKea(tag) {
  const leases = join(dir, `kea-${tag}.csv`);
  rmSync(leases, { force: true });
  const child = startKea(leases);
  await waitFor(async () => child.exitCode !== null || (await perfdhcp(20, 1)).completed > 0, 30_000, 'Kea to answer');
  if (child.exitCode !== null) throw new Error(`kea-dhcp4 exited: ${child.err}`);
  return child;
}

const LAUNCH = { labnet: launchLabnet, kea: launchKea };

/** ROUNDS rounds, servers alternating: CPU per DORA at the fixed rate. */
async function cpuRounds() {
  const out = { labnet: [], kea: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of ['labnet', 'kea']) {
      if (remaining() < 120_000) { log(`cpu: out of time budget in round ${round + 1}`); return out; }
      const child = await LAUNCH[name](`cpu${round}`);
      try {
        const r = await cpuAtFixedRate(child);
        log(`cpu round ${round + 1} ${name}: ${r.completed} DORAs at ${FIXED_RATE}/s, ${r.cpuMs} ms CPU, ${r.cpuPer1k.toFixed(1)} ms per 1k, ${r.lossPct.toFixed(2)}% lost`);
        out[name].push(r);
      } finally {
        await stop(child);
      }
    }
  }
  return out;
}

async function rateRun(name) {
  const child = await LAUNCH[name]('rate');
  try {
    return await stepRates(name);
  } finally {
    await stop(child);
  }
}

/** Spawn a server (`launch()`); ms from spawn to the first OFFER to a relayed DISCOVER, and its RSS then. */
async function timeToFirstOffer(launch, timeoutMs) {
  const alive = (c) => c.exitCode === null && c.signalCode === null;
  const { server, ms } = await untilFirstOffer(launch, { relay: RELAYS[0], server: '127.0.0.1', timeoutMs, alive, output: (c) => c.err })
    .catch(async (e) => { await stop(e.server); throw e; });
  const rss = rssMb(server.pid);
  await stop(server);
  return { ms, rssMb: rss };
}

/** The CSV header Kea 2.x writes in a new lease file. */
async function keaCsvHeader() {
  const probe = join(dir, 'kea-header.csv');
  rmSync(probe, { force: true });
  const child = startKea(probe);
  try {
    await waitFor(() => child.exitCode !== null || (statSafe(probe) > 0), 30_000, 'Kea to create its lease file');
  } finally {
    await stop(child);
  }
  return readFileSync(probe, 'utf8').split('\n')[0];
}

function statSafe(p) {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
}

async function main() {
  if (!statSafe(BUILT)) {
    log('building dist/ (npm run build)');
    await run('npm', ['run', 'build'], { cwd: ROOT });
  }
  await run('perfdhcp', ['-v']).catch((e) => { if (e.code === 'ENOENT') throw new Error('perfdhcp not installed (kea-admin)'); });
  const lo = (await run('ip', ['-4', 'addr', 'show', 'dev', 'lo'])).stdout;
  for (const a of RELAYS) {
    if (!new RegExp(`inet ${a.replace(/\./g, '\\.')}/32`).test(lo)) {
      await run('ip', ['addr', 'add', `${a}/32`, 'dev', 'lo']);
      addedAddrs.push(a);
    }
  }
  const os = await import('node:os');
  const result = { date: new Date().toISOString(), seconds: SECONDS, rounds: ROUNDS, rates: RATES, fixedRate: FIXED_RATE, relays: RELAYS, dropLimitPct: DROP_LIMIT, cpus: os.cpus().length, loadavg: os.loadavg() };
  const t0 = performance.now();
  result.phaseMs = {};
  const phase = (name) => { result.phaseMs[name] = Math.round(performance.now() - t0); log(`${name} done at ${(result.phaseMs[name] / 1000).toFixed(1)} s`); };

  const cpu = await cpuRounds();
  result.cpu = {
    labnet: { rounds: cpu.labnet, cpuPer1k: median(cpu.labnet.map((r) => r.cpuPer1k)) },
    kea: { rounds: cpu.kea, cpuPer1k: median(cpu.kea.map((r) => r.cpuPer1k)) },
  };
  phase('cpu');
  result.labnet = await rateRun('labnet');
  phase('labnet');
  result.kea = await rateRun('kea').catch((e) => ({ error: String(e.message ?? e) }));
  phase('kea');

  const empty = join(dir, 'empty.leases');
  writeFileSync(empty, '');
  result.restartEmpty = await timeToFirstOffer(() => startLabnet(empty), 60_000).catch((e) => ({ error: String(e.message ?? e).slice(0, 300) }));
  const header = await keaCsvHeader().catch(() => KEA_CSV_HEADER);
  const emptyCsv = join(dir, 'empty.csv');
  writeFileSync(emptyCsv, header + '\n');
  result.keaRestartEmpty = await timeToFirstOffer(() => startKea(emptyCsv), 60_000).catch((e) => ({ error: String(e.message ?? e).slice(0, 300) }));
  phase('restartEmpty');
  const big = join(dir, 'big.leases');
  const bigCsv = join(dir, 'big.csv');
  const g0 = performance.now();
  await writeLeasesJournal(big, BIG);
  await writeKeaCsv(bigCsv, BIG, header);
  result.restartBig = { leases: BIG, journalMb: Math.round(statSync(big).size / 1e6), generateMs: Math.round(performance.now() - g0) };
  result.keaRestartBig = { leases: BIG, csvMb: Math.round(statSync(bigCsv).size / 1e6), header };
  phase('generate');
  log(`${BIG} leases written (journal ${result.restartBig.journalMb} MB, Kea CSV ${result.keaRestartBig.csvMb} MB); restarting each server on them`);
  Object.assign(result.restartBig, await timeToFirstOffer(() => startLabnet(big), Math.max(10_000, (remaining() - 5_000) / 2)).catch((e) => ({ error: String(e.message ?? e).slice(0, 300) })));
  Object.assign(result.keaRestartBig, await timeToFirstOffer(() => startKea(bigCsv), Math.max(10_000, remaining() - 5_000)).catch((e) => ({ error: String(e.message ?? e).slice(0, 300) })));
  phase('restartBig');

  const outDir = join(ROOT, 'bench/out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'dhcp.json'), JSON.stringify(result, null, 2) + '\n');

  const row = (a) => a.map((x, i) => String(x).padEnd(i === 0 ? 40 : 22)).join('');
  const ms = (r) => r.error ?? `${r.ms} ms, ${r.rssMb} MB RSS`;
  console.log(row(['DHCP (perfdhcp relay)', 'labnet', 'kea']));
  console.log(row([`CPU ms per 1k DORA at ${FIXED_RATE}/s (median)`, result.cpu.labnet.cpuPer1k.toFixed(1), result.cpu.kea.cpuPer1k.toFixed(1)]));
  for (const rate of RATES) {
    const l = result.labnet.steps.find((s) => s.rate === rate);
    const k = result.kea.steps?.find((s) => s.rate === rate);
    const cell = (s) => (s ? `${s.achieved.toFixed(0)} (${s.lossPct.toFixed(1)}%)` : '-');
    console.log(row([`offered ${rate}/s, 2 relays: done (lost)`, cell(l), cell(k)]));
  }
  console.log(row([`highest rate with <${DROP_LIMIT}% lost`, result.labnet.bestRate, result.kea.bestRate ?? result.kea.error]));
  console.log(row(['restart, no leases: first OFFER', ms(result.restartEmpty), ms(result.keaRestartEmpty)]));
  console.log(row([`restart, ${BIG} leases: first OFFER`, ms(result.restartBig), ms(result.keaRestartBig)]));
  console.log(`(load average at start: ${result.loadavg.map((x) => x.toFixed(1)).join(' ')}; written to bench/out/dhcp.json)`);
}

try {
  await main();
} catch (e) {
  console.error('[bench:dhcp] failed:', e);
  process.exitCode = 1;
} finally {
  await cleanup();
}
