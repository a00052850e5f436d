#!/usr/bin/env node
/**
 * DHCP benchmark (npm run bench:dhcp): perfdhcp as a relay at 127.0.0.3 (GUIDE.md section 6)
 * against labnet and against Kea (memfile, persist true), in the same run; for each, the highest
 * offered DORA rate held with under 2.5% of exchanges lost, stepping the rate up (BENCH_SECONDS
 * each, default 4; BENCH_DHCP_RATES, default 500,1000,1500,2000,3000,4000,6000,8000). Then a restart of labnet
 * with 1,000,000 leases (BENCH_DHCP_LEASES) in its journal: time from process start to the first
 * answered DISCOVER, against the same with an empty journal.
 *
 * Only loopback: servers on 127.0.0.1:67, perfdhcp on 127.0.0.3 (added to lo if absent and
 * removed afterwards). Needs root (port 67, ip addr). Bounded (< 4 minutes); kills everything
 * it starts. Prints a table and writes bench/out/dhcp.json.
 * labnet runs from source through node_modules/.bin/vite-node (test/dhcp/crash-server.ts).
 */
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import dgram from 'node:dgram';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VITE_NODE = join(ROOT, 'node_modules/.bin/vite-node');
const SERVER_SCRIPT = join(ROOT, 'test/dhcp/crash-server.ts');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const RATES = (process.env.BENCH_DHCP_RATES ?? '500,1000,1500,2000,3000,4000,6000,8000').split(',').map(Number);
const BIG = Number(process.env.BENCH_DHCP_LEASES ?? 1_000_000);
const DROP_LIMIT = 2.5;
const DEADLINE = Date.now() + 210_000; // hard budget: everything is stopped before 4 minutes

// The relay-mode config shared with test/interop/perfdhcp.test.ts.
const PERF_CONF = readFileSync(join(ROOT, 'fixtures/perf/dhcpd.conf'), 'utf8');

const children = new Set();
let addedAddr = false;
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
  if (addedAddr) await run('ip', ['addr', 'del', '127.0.0.3/32', 'dev', 'lo']).catch(() => {});
  addedAddr = false;
  rmSync(dir, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { void cleanup().then(() => process.exit(130)); });

/** perfdhcp's final report: the two "Statistics for:" blocks and the achieved rate. */
function parsePerfdhcp(out) {
  const stages = {};
  for (const block of out.split('***Statistics for: ').slice(1)) {
    const name = block.slice(0, block.indexOf('***'));
    const num = (label) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(block)?.[1] ?? NaN);
    stages[name] = { sent: num('sent packets'), received: num('received packets'), drops: num('drops'), nonUnique: num('non unique addresses') };
  }
  const rate = Number(/Rate: ([\d.]+) 4-way/.exec(out)?.[1] ?? NaN);
  return { rate, stages };
}

async function perfdhcp(rate, seconds, clients = 10_000_000) {
  const args = ['-4', '-l', '127.0.0.3', '-r', String(rate), '-R', String(clients), '-p', String(seconds), '127.0.0.1'];
  // perfdhcp exits non-zero when packets were dropped: the report on stdout is what counts.
  const out = await run('perfdhcp', args, { timeout: (seconds + 15) * 1000, maxBuffer: 1 << 24 })
    .then((r) => r.stdout)
    .catch((e) => e.stdout ?? '');
  const { rate: achieved, stages } = parsePerfdhcp(out);
  const d = stages['DISCOVER-OFFER'];
  const r = stages['REQUEST-ACK'];
  if (!d || !r) return { rate, achieved: 0, sent: 0, completed: 0, lossPct: 100, nonUnique: 0 };
  // An exchange is lost when its DISCOVER never led to an ACK.
  const lossPct = d.sent > 0 ? 100 * (1 - r.received / d.sent) : 100;
  return { rate, achieved: Number.isFinite(achieved) ? achieved : 0, sent: d.sent, completed: r.received, lossPct, nonUnique: d.nonUnique + r.nonUnique };
}

/** Steps the rate up; stops at the first step losing DROP_LIMIT% or more. */
async function stepRates(name) {
  const steps = [];
  for (const rate of RATES) {
    if (remaining() < (SECONDS + 20) * 1000 + 80_000) { log(`${name}: out of time budget before ${rate}/s`); break; }
    const s = await perfdhcp(rate, SECONDS);
    log(`${name}: offered ${rate}/s -> ${s.achieved.toFixed(0)} DORA/s, ${s.lossPct.toFixed(2)}% lost`);
    steps.push(s);
    if (s.lossPct >= DROP_LIMIT) break;
  }
  const held = steps.filter((s) => s.lossPct < DROP_LIMIT);
  const best = held.at(-1);
  return { steps, bestRate: best?.rate ?? 0, bestAchieved: best ? Math.round(best.achieved) : 0 };
}

async function waitFor(pred, ms, what) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await pred()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function startLabnet(leases) {
  const conf = join(dir, 'perf.conf');
  writeFileSync(conf, PERF_CONF);
  return start(VITE_NODE, [SERVER_SCRIPT, '--conf', conf, '--host', '127.0.0.1', '--port', '67', '--leases', leases], { LABNET_LOG_LEVEL: 'warn' });
}

async function benchLabnet() {
  const child = startLabnet(join(dir, 'labnet.leases'));
  await waitFor(() => child.out.includes('READY') || child.exitCode !== null, 60_000, 'labnet to start');
  if (!child.out.includes('READY')) throw new Error(`labnet did not start: ${child.err}`);
  await perfdhcp(100, 1); // warm-up: JIT, journal file
  const r = await stepRates('labnet');
  await stop(child);
  return r;
}

async function benchKea() {
  const leases = join(dir, 'kea-leases4.csv');
  const conf = join(dir, 'kea-dhcp4.json');
  writeFileSync(conf, JSON.stringify({
    Dhcp4: {
      'interfaces-config': { interfaces: ['lo/127.0.0.1'], 'dhcp-socket-type': 'udp' },
      'lease-database': { type: 'memfile', persist: true, name: leases, 'lfc-interval': 0 },
      'valid-lifetime': 3600,
      'subnet4': [{
        id: 1, subnet: '10.0.0.0/8', pools: [{ pool: '10.0.0.1 - 10.255.255.254' }],
        relay: { 'ip-addresses': ['127.0.0.3'] },
        'option-data': [{ name: 'routers', data: '10.0.0.1' }, { name: 'domain-name-servers', data: '10.0.0.53' }],
      }],
      loggers: [{ name: 'kea-dhcp4', output_options: [{ output: join(dir, 'kea.log') }], severity: 'WARN' }],
    },
  }, null, 2));
  const child = start('kea-dhcp4', ['-c', conf], { KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir, KEA_LOGGER_DESTINATION: join(dir, 'kea.log') });
  await waitFor(async () => child.exitCode !== null || (await perfdhcp(20, 1)).completed > 0, 30_000, 'Kea to answer');
  if (child.exitCode !== null) throw new Error(`kea-dhcp4 exited: ${child.err}`);
  const r = await stepRates('kea');
  await stop(child);
  return r;
}

/** A minimal DISCOVER (RFC 2131 2): op 1, htype 1, hlen 6, xid, chaddr, cookie, option 53 = 1, End. */
function discover(xid) {
  const b = Buffer.alloc(300);
  b[0] = 1; b[1] = 1; b[2] = 6;
  b.writeUInt32BE(xid, 4);
  Buffer.from([0x02, 0xbe, 0x4c, 0, 0, 1]).copy(b, 28);
  b.writeUInt32BE(0x63825363, 236);
  b[240] = 53; b[241] = 1; b[242] = 1; b[243] = 255;
  return b;
}

/** Spawn labnet on `leases`; ms from spawn to the first OFFER, and the server's RSS then. */
async function timeToFirstOffer(leases, timeoutMs) {
  const sock = dgram.createSocket('udp4');
  await new Promise((r) => sock.bind(0, '127.0.0.1', r));
  const t0 = performance.now();
  const child = startLabnet(leases);
  let answered;
  const got = new Promise((r) => sock.once('message', () => { answered = performance.now() - t0; r(); }));
  const timer = setInterval(() => sock.send(discover(0x4c4e0001), 67, '127.0.0.1'), 50);
  const died = child.exited.then(() => { throw new Error(`labnet exited: ${child.err.slice(-2000)}`); });
  let deadline;
  const timeout = new Promise((_, rej) => { deadline = setTimeout(() => rej(new Error('no OFFER in time')), timeoutMs); });
  died.catch(() => {});
  timeout.catch(() => {});
  try {
    await Promise.race([got, died, timeout]);
  } finally {
    clearTimeout(deadline);
    clearInterval(timer);
    sock.close();
  }
  let rssMb;
  try {
    rssMb = Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024);
  } catch { /* gone */ }
  await stop(child);
  return { ms: Math.round(answered), rssMb };
}

/** BIG active leases in dhcpd.leases format (as lease-journal.ts writes them). */
async function writeBigJournal(path, n) {
  const pad = (x, w = 2) => String(x).padStart(w, '0');
  const fmt = (ms) => { const d = new Date(Math.floor(ms / 1000) * 1000); return `${d.getUTCDay()} ${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`; };
  const now = Date.now();
  const starts = fmt(now - 60_000);
  const ends = fmt(now + 86_400_000);
  const out = createWriteStream(path);
  out.write('# The format of this file is documented in the dhcpd.leases(5) manual page.\n# This lease file was written by labnet bench\n\nauthoring-byte-order little-endian;\n\n');
  const hex = (x) => x.toString(16).padStart(2, '0');
  for (let i = 0; i < n; i += 10_000) {
    let chunk = '';
    for (let j = i; j < Math.min(n, i + 10_000); j++) {
      const ip = 0x0a000001 + j;
      chunk += `lease ${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255} {\n  starts ${starts};\n  ends ${ends};\n  cltt ${starts};\n  binding state active;\n  next binding state free;\n  hardware ethernet 02:00:${hex((j >>> 24) & 255)}:${hex((j >>> 16) & 255)}:${hex((j >>> 8) & 255)}:${hex(j & 255)};\n}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function main() {
  await run('perfdhcp', ['-v']).catch((e) => { if (e.code === 'ENOENT') throw new Error('perfdhcp not installed (kea-admin)'); });
  const lo = (await run('ip', ['-4', 'addr', 'show', 'dev', 'lo'])).stdout;
  if (!/inet 127\.0\.0\.3\/32/.test(lo)) {
    await run('ip', ['addr', 'add', '127.0.0.3/32', 'dev', 'lo']);
    addedAddr = true;
  }
  const result = { date: new Date().toISOString(), seconds: SECONDS, rates: RATES, dropLimitPct: DROP_LIMIT, cpus: (await import('node:os')).cpus().length, loadavg: (await import('node:os')).loadavg() };
  const t0 = performance.now();
  const phase = (name) => { result.phaseMs[name] = Math.round(performance.now() - t0); log(`${name} done at ${(result.phaseMs[name] / 1000).toFixed(1)} s`); };
  result.phaseMs = {};
  result.labnet = await benchLabnet();
  phase('labnet');
  result.kea = await benchKea().catch((e) => ({ error: String(e.message ?? e) }));
  phase('kea');

  const empty = join(dir, 'empty.leases');
  writeFileSync(empty, '');
  result.restartEmpty = await timeToFirstOffer(empty, 60_000).catch((e) => ({ error: String(e.message ?? e).slice(0, 300) }));
  phase('restartEmpty');
  const big = join(dir, 'big.leases');
  const g0 = performance.now();
  await writeBigJournal(big, BIG);
  result.restartBig = { leases: BIG, journalMb: Math.round(statSync(big).size / 1e6), generateMs: Math.round(performance.now() - g0) };
  phase('generate');
  log(`journal of ${BIG} leases written (${result.restartBig.journalMb} MB); starting labnet on it`);
  Object.assign(result.restartBig, await timeToFirstOffer(big, Math.max(10_000, remaining() - 5_000)).catch((e) => ({ error: String(e.message ?? e).slice(0, 300) })));

  phase('restartBig');
  const outDir = join(ROOT, 'bench/out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'dhcp.json'), JSON.stringify(result, null, 2) + '\n');

  const row = (a) => a.map((x, i) => String(x).padEnd(i === 0 ? 34 : 16)).join('');
  console.log(row(['DHCP (perfdhcp relay, DORA/s)', 'labnet', 'kea']));
  for (const rate of RATES) {
    const l = result.labnet.steps.find((s) => s.rate === rate);
    const k = result.kea.steps?.find((s) => s.rate === rate);
    const cell = (s) => (s ? `${s.achieved.toFixed(0)} (${s.lossPct.toFixed(1)}%)` : '-');
    console.log(row([`offered ${rate}/s: done (lost)`, cell(l), cell(k)]));
  }
  console.log(row([`highest rate with <${DROP_LIMIT}% lost`, result.labnet.bestRate, result.kea.bestRate ?? result.kea.error]));
  console.log(row(['restart, empty journal', result.restartEmpty.error ?? `${result.restartEmpty.ms} ms, ${result.restartEmpty.rssMb} MB RSS`, '']));
  console.log(row([`restart, ${BIG} leases`, result.restartBig.error ?? `${result.restartBig.ms} ms, ${result.restartBig.rssMb} MB RSS`, '']));
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
