#!/usr/bin/env node
/**
 * DHCP scaling (npm run bench:dhcp-scale [-- --quick]; also part of `npm run bench -- dhcp`):
 * how labnet's cost grows with the pool and with the lease journal, against Kea 2.2 (memfile,
 * persist on) on the same work in the same run, servers in turn (labnet, Kea) for each row.
 *
 * Pools: the perf lab's dhcpd.conf (fixtures/perf/dhcpd.conf, perfdhcp relaying into a shared
 * network) with its 10.0.0.0 subnet as a /24 (254 addresses), a /16 (65,534) and a /8
 * (16,777,214); Kea the same subnet and pool. For each: ms from spawn to the first OFFER to a
 * relayed DISCOVER and RSS then; user+system CPU of the server per 1,000 DORAs under perfdhcp
 * at BENCH_SCALE_RATE (default 2000/s) for BENCH_SCALE_SECONDS (default 10; --quick 3); RSS
 * after. The /16 and /8 take a new client (perfdhcp -R 10,000,000) in every exchange; the /24
 * cannot hold that many, so its clients are half its size, returning to their addresses.
 *
 * Journals: the /8 pool restarted on 0, 10,000, 100,000 and 1,000,000 active leases (--quick:
 * up to 100,000), labnet on its journal (dhcpd.leases) and Kea on a CSV of the same leases
 * under the header Kea wrote in the pool rows; the same three figures, new clients.
 *
 * Loopback only: the servers on 127.0.0.11:67, perfdhcp relaying from 127.0.0.12 (both added
 * to lo when absent, removed afterwards; other DHCP benches use 127.0.0.1/.3/.4, so they do
 * not collide). Needs root. Bounded: BENCH_SCALE_BUDGET_S (default 330 s), rows past it are
 * skipped and say so. Kills what it starts. Writes bench/out/dhcp-scale.json and the
 * "DHCP scaling" section of bench/RESULTS.md (bench/lib/dhcp-scale-md.mjs; npm run bench, which
 * runs this for `dhcp` and `all`, keeps it: bench/lib/sections.mjs).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './lib/servers.mjs';
import { startProcess } from './lib/procs.mjs';
import { cpuMs, loadavg, machine, udpRcvbufErrors } from './lib/sysstats.mjs';
import { KEA_CSV_HEADER, keaConfig, rssMb, untilFirstOffer, writeKeaCsv, writeLeasesJournal } from './lib/dhcp-peers.mjs';
import { perfdhcpRun as perfdhcp } from './lib/perfdhcp.mjs';
import { DHCP_SCALE_HEADING, scalingMarkdown, scalingPanels } from './lib/dhcp-scale-md.mjs';
import { barSection, composeSvg, mergeSections } from './lib/svg.mjs';
import { replaceSection } from './lib/sections.mjs';

const QUICK = process.argv.includes('--quick');
const RATE = Number(process.env.BENCH_SCALE_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? (QUICK ? 3 : 10));
const PREFIXES = (process.env.BENCH_SCALE_PREFIXES ?? '24,16,8').split(',').map(Number);
const JOURNALS = (process.env.BENCH_SCALE_LEASES ?? (QUICK ? '0,10000,100000' : '0,10000,100000,1000000')).split(',').map(Number);
const SERVERS = (process.env.BENCH_SCALE_SERVERS ?? 'labnet,kea').split(',');
const BUDGET_MS = Number(process.env.BENCH_SCALE_BUDGET_S ?? 330) * 1000;
const SERVER = '127.0.0.11';
const RELAY = '127.0.0.12';
const MANY = 10_000_000;

const t0 = Date.now();
const remaining = () => BUDGET_MS - (Date.now() - t0);
const log = (...a) => console.error('[bench:dhcp-scale]', ...a);
const dir = mkdtempSync(join(tmpdir(), 'labnet-bench-dhcp-scale-'));
const added = [];
process.on('exit', () => {
  for (const a of added) spawnSync('ip', ['addr', 'del', `${a}/32`, 'dev', 'lo']);
  rmSync(dir, { recursive: true, force: true });
});

const ipOf = (n) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
/** The 10.0.0.0/prefix subnet: its mask, first and last host, and how many hosts. */
function subnetOf(prefix) {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const last = ((0x0a000000 | ~mask) - 1) >>> 0;
  return { mask: ipOf(mask), first: '10.0.0.1', last: ipOf(last), size: last - 0x0a000001 + 1 };
}

/** fixtures/perf/dhcpd.conf with its 10.0.0.0/8 subnet and range cut to `prefix`. */
function labnetConf(prefix) {
  const src = readFileSync(join(REPO, 'fixtures/perf/dhcpd.conf'), 'utf8');
  const s = subnetOf(prefix);
  const out = src.replace(/subnet 10\.0\.0\.0 netmask 255\.0\.0\.0 \{\n(\s*)range 10\.0\.0\.1 10\.255\.255\.254;/, (_m, ind) => `subnet 10.0.0.0 netmask ${s.mask} {\n${ind}range ${s.first} ${s.last};`);
  if (out === src && prefix !== 8) throw new Error('fixtures/perf/dhcpd.conf no longer has the 10.0.0.0/8 subnet this bench resizes');
  const file = join(dir, `perf-${prefix}.conf`);
  writeFileSync(file, out);
  return file;
}

const START = {
  labnet(prefix, leases) {
    return startProcess(process.execPath, [join(REPO, 'bin/labnet.js'), 'serve', '--dhcpd-conf', labnetConf(prefix), '--dhcp', `${SERVER}:67`, '--leases', leases], {
      cwd: REPO, env: { ...process.env, LABNET_LOG_LEVEL: 'warn' },
    });
  },
  kea(prefix, leases) {
    const s = subnetOf(prefix);
    const conf = join(dir, `kea-${prefix}.json`);
    writeFileSync(conf, keaConfig({ leases, listen: SERVER, relays: [RELAY], subnet: `10.0.0.0/${prefix}`, pool: `${s.first} - ${s.last}`, log: join(dir, 'kea.log') }));
    return startProcess('kea-dhcp4', ['-c', conf], { env: { ...process.env, KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir, KEA_LOGGER_DESTINATION: join(dir, 'kea.log') } });
  },
};

/** The lease file a server starts on: a copy of the generated one for `n` leases (each run appends to its own). */
const masters = new Map();
function leaseFile(name, n, tag) {
  const file = join(dir, `${tag}.${name === 'kea' ? 'csv' : 'leases'}`);
  rmSync(file, { force: true });
  if (n > 0) copyFileSync(masters.get(`${name}:${n}`), file);
  return file;
}

/** One server on one row: ready time and RSS, then CPU per DORA at RATE, then RSS. */
async function measure(name, { prefix, leases, clients }) {
  const tag = `${name}-${prefix}-${leases}`;
  const file = leaseFile(name, leases, tag);
  const load = loadavg();
  const drops0 = udpRcvbufErrors();
  const { server, ms } = await untilFirstOffer(() => START[name](prefix, file), {
    relay: RELAY, server: SERVER, timeoutMs: Math.max(20_000, remaining() - 10_000), alive: (s) => s.alive(), output: (s) => s.output(),
  }).catch(async (e) => {
    await e.server?.stop();
    throw new Error(`${name}: ${e.message}`);
  });
  try {
    const rssReady = rssMb(server.pid);
    const job = { relay: RELAY, server: SERVER, macPrefix: '02:10', clients };
    await perfdhcp({ ...job, rate: 500, seconds: 1 }); // warm-up: JIT, the journal's file
    const c0 = cpuMs(server.pid);
    const p = await perfdhcp({ ...job, rate: RATE, seconds: SECONDS });
    const cpu = cpuMs(server.pid) - c0;
    const r = {
      server: name, prefix, poolSize: subnetOf(prefix).size, leases, clients, readyMs: ms, rssReadyMb: rssReady, rssAfterMb: rssMb(server.pid),
      rate: RATE, seconds: SECONDS, completed: p.completed, lossPct: p.lossPct, cpuMs: cpu, cpuPer1k: p.completed > 0 ? (1000 * cpu) / p.completed : NaN,
      rcvbufErrors: udpRcvbufErrors() - drops0, loadavg: load,
    };
    log(`${name} /${prefix} ${leases} leases: ready ${ms} ms, ${rssReady} MB; ${p.completed} DORAs at ${RATE}/s, ${r.cpuPer1k.toFixed(1)} CPU ms per 1k, ${p.lossPct.toFixed(2)}% lost; ${r.rssAfterMb} MB after (load ${load})`);
    return r;
  } finally {
    await server.stop();
  }
}

/** Each server in turn on one row; a server that fails or is out of time is recorded as such. */
async function row(spec, need) {
  const out = {};
  for (const name of SERVERS) {
    if (remaining() < need) {
      out[name] = { error: `skipped: out of the ${BUDGET_MS / 1000} s budget` };
      log(`${name} /${spec.prefix} ${spec.leases} leases: ${out[name].error}`);
      continue;
    }
    out[name] = await measure(name, spec).catch((e) => ({ error: String(e.message ?? e).slice(0, 400) }));
    if (out[name].error) log(out[name].error);
  }
  return out;
}

function keaHeader() {
  try {
    const h = readFileSync(join(dir, 'kea-24-0.csv'), 'utf8').split('\n')[0];
    if (h.startsWith('address,')) return h;
  } catch { /* no Kea run */ }
  return KEA_CSV_HEADER;
}

function ensureLoopback(addr) {
  const lo = spawnSync('ip', ['-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' }).stdout;
  if (new RegExp(`inet ${addr.replace(/\./g, '\\.')}/`).test(lo)) return;
  const r = spawnSync('ip', ['addr', 'add', `${addr}/32`, 'dev', 'lo'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip addr add ${addr}/32 dev lo: ${r.stderr.trim()} (needs root)`);
  added.push(addr);
}

async function main() {
  for (const [bin, pkg] of [['perfdhcp', 'kea-admin'], ['kea-dhcp4', 'kea-dhcp4-server'], ['ip', 'iproute2']]) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) throw new Error(`missing ${bin}: apt-get install -y ${pkg}`);
  }
  if (!existsSync(join(REPO, 'dist/cli/main.js'))) {
    log('building dist/ (npm run build)');
    if (spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' }).status !== 0) throw new Error('npm run build failed');
  }
  ensureLoopback(SERVER);
  ensureLoopback(RELAY);
  const res = { when: new Date().toISOString(), quick: QUICK, rate: RATE, seconds: SECONDS, server: SERVER, relay: RELAY, machine: machine(), loadBefore: loadavg(), pools: [], journals: [] };
  const perRun = (SECONDS + 8) * 1000;

  for (const prefix of PREFIXES) {
    const size = subnetOf(prefix).size;
    const clients = 2 * RATE * (SECONDS + 1) < size ? MANY : Math.floor(size / 2);
    res.pools.push({ prefix, poolSize: size, clients, ...(await row({ prefix, leases: 0, clients }, perRun)) });
  }

  const header = keaHeader();
  res.keaCsvHeader = header;
  for (const n of JOURNALS) {
    if (n > 0 && remaining() > perRun) {
      const g0 = performance.now();
      const j = join(dir, `master-${n}.leases`);
      const c = join(dir, `master-${n}.csv`);
      await writeLeasesJournal(j, n);
      await writeKeaCsv(c, n, header);
      masters.set(`labnet:${n}`, j);
      masters.set(`kea:${n}`, c);
      log(`${n} leases written in ${Math.round(performance.now() - g0)} ms (journal ${Math.round(statSync(j).size / 1e6)} MB, Kea CSV ${Math.round(statSync(c).size / 1e6)} MB)`);
    }
    // No leases on the /8 is the /8 pool row's run (the same config and clients): not run twice.
    const same = n === 0 ? res.pools.find((p) => p.prefix === 8) : undefined;
    if (same) {
      res.journals.push({ leases: 0, sameAsPool: 8, labnet: same.labnet, kea: same.kea });
      continue;
    }
    // A row on n leases needs about perRun plus the load (labnet about 3 s per million, Kea more).
    res.journals.push({ leases: n, ...(await row({ prefix: 8, leases: n, clients: MANY }, perRun + n / 100)) });
  }
  res.loadAfter = loadavg();
  res.totalS = Math.round((Date.now() - t0) / 1000);

  mkdirSync(join(REPO, 'bench/out'), { recursive: true });
  writeFileSync(join(REPO, 'bench/out/dhcp-scale.json'), JSON.stringify(res, null, 2) + '\n');
  const md = scalingMarkdown(res);
  const resultsFile = join(REPO, 'bench/RESULTS.md');
  if (!process.env.BENCH_SCALE_NO_RESULTS) {
    writeFileSync(resultsFile, replaceSection(existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n', DHCP_SCALE_HEADING, md));
    // Its own section of bench/results.svg; the others are kept as they are.
    const svgFile = join(REPO, 'bench/results.svg');
    const old = existsSync(svgFile) ? readFileSync(svgFile, 'utf8') : '';
    // The chart's title keeps the date of the run that drew the DNS panels, when there was one.
    const when = /\((\d{4}-\d\d-\d\d), medians\)/.exec(old)?.[1] ?? res.when;
    writeFileSync(svgFile, composeSvg(mergeSections(old, [barSection('dhcp-scale', scalingPanels(res))]), when));
  }
  console.log(`${DHCP_SCALE_HEADING}\n\n${md}`);
  log(`done in ${res.totalS} s; wrote bench/out/dhcp-scale.json${process.env.BENCH_SCALE_NO_RESULTS ? '' : ', the DHCP scaling sections of bench/RESULTS.md and bench/results.svg'}`);
}

try {
  await main();
} catch (e) {
  console.error(`[bench:dhcp-scale] failed: ${e.message}`);
  process.exitCode = 1;
}
