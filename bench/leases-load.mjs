#!/usr/bin/env node
/**
 * Lease journal load benchmark: generates a dhcpd.leases journal of N leases (default 1,000,000;
 * a tenth of the records renew an earlier address) in the format labnet writes (formatLease), in a
 * temp dir, then measures, in one process, wall time and CPU time (the steadier figure on a shared
 * machine), records/s and RSS after each step:
 *   baseline  the general lexer-based parser on the first BENCH_LEASES_BASE records (default 40,000),
 *             then the fast path on the same text: the reference, measured in the same run
 *   read      the whole file as one Buffer
 *   parse     parseLeasesBuffer on it (ratio: records per CPU second against the baseline's)
 *   journal   openLeaseJournal(path): chunked read + LeasesReader + the journal's own Map
 *   leases()  the journal's current leases
 *   engine    createDhcpEngine(config, { leases }) with a /8 pool holding every lease
 * then the sum journal + leases() + engine (restart to serving, less the socket) and peak RSS (VmHWM).
 *
 * Run: node bench/leases-load.mjs [N]     (re-runs itself under node_modules/.bin/vite-node, which
 * compiles labnet's TypeScript from src/). Environment:
 *   BENCH_LEASES_BASE=40000   records for the baseline (0: skip it)
 *   BENCH_LEASES_GENERAL=1    the parse step uses the general parser over the whole file (the
 *                             before figure; about a minute of CPU and 5 GB at 1M)
 * Deletes its temp dir on exit. Writes nothing else.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

if (!process.env.LABNET_LEASES_BENCH_CHILD) {
  // Parent: run this same file under vite-node (TypeScript from src/), with --expose-gc.
  const child = spawn(join(ROOT, 'node_modules/.bin/vite-node'), [fileURLToPath(import.meta.url), '--', ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: ROOT,
    env: { ...process.env, LABNET_LEASES_BENCH_CHILD: '1', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc --max-old-space-size=8192`.trim() },
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const N = Number(args[0] ?? 1_000_000);
  const BASE = Math.min(N, Number(process.env.BENCH_LEASES_BASE ?? 40_000));
  const generalOnly = process.env.BENCH_LEASES_GENERAL === '1';
  const { formatLease, formatLeasesHeader, parseLeasesFileDetailed, parseLeasesBuffer } = await import(join(ROOT, 'src/dhcp/leases/index.ts'));
  const { openLeaseJournal } = await import(join(ROOT, 'src/dhcp/lease-journal.ts'));
  const { createDhcpEngine } = await import(join(ROOT, 'src/dhcp/engine.ts'));
  const { parseDhcpdConf } = await import(join(ROOT, 'src/dhcp/conf/index.ts'));

  const dir = mkdtempSync(join(tmpdir(), 'labnet-leases-load-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

  const mb = (b) => (b / 1048576).toFixed(0);
  const rss = () => process.memoryUsage().rss;
  const hwm = () => {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  };
  const gc = () => globalThis.gc?.();
  // Wall time and CPU time (user + system) of this process: on a shared, loaded machine the CPU
  // time is the steadier figure; both are printed.
  const cpuMs = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  const time = (fn) => {
    const t0 = performance.now();
    const c0 = cpuMs();
    const value = fn();
    return { value, ms: performance.now() - t0, cpu: cpuMs() - c0 };
  };
  const timeAsync = async (fn) => {
    const t0 = performance.now();
    const c0 = cpuMs();
    const value = await fn();
    return { value, ms: performance.now() - t0, cpu: cpuMs() - c0 };
  };
  const rows = [];
  const row = (step, t, records, note = '') => {
    const r = { step, ms: Math.round(t.ms), cpuMs: Math.round(t.cpu), recPerSec: records ? Math.round(records / (t.ms / 1000)) : undefined, rssMb: Number(mb(rss())), note };
    rows.push(r);
    console.log(
      `${step.padEnd(10)} ${String(r.ms).padStart(8)} ms wall ${String(r.cpuMs).padStart(8)} ms CPU  ${records ? `${String(r.recPerSec).padStart(9)} rec/s` : ''.padStart(15)}  RSS ${String(r.rssMb).padStart(5)} MB  ${note}`,
    );
    return r;
  };

  // A lease as labnet's engine records one after a DORA: active, cltt, MAC, client id, and (for
  // half of them) a host name; a few with escapes in the host name; 1 in 10 addresses repeated
  // (a renewal later in the file) so the "last record wins" path is exercised.
  const now = Date.now();
  const hex = (x) => x.toString(16).padStart(2, '0');
  const leaseAt = (k) => {
    const j = k % 10 === 9 ? k - 9 : k; // every 10th record renews an earlier address
    const mac = `02:00:${hex((j >>> 24) & 255)}:${hex((j >>> 16) & 255)}:${hex((j >>> 8) & 255)}:${hex(j & 255)}`;
    const lease = {
      ip: (0x0a000001 + j) >>> 0,
      state: 'active',
      starts: Math.floor((now - 60_000 + k) / 1000) * 1000,
      ends: Math.floor((now + 3_600_000 + k) / 1000) * 1000,
      cltt: Math.floor((now - 60_000 + k) / 1000) * 1000,
      hardwareEthernet: mac,
      clientId: '01' + mac.replace(/:/g, ''),
    };
    if (j % 2 === 0) lease.clientHostname = j % 1000 === 0 ? `pc-${j} "ü"` : `pc-${j}`;
    return lease;
  };

  // --- generate -------------------------------------------------------------------------
  const path = join(dir, 'dhcpd.leases');
  const gen = time(() => {
    const fd = openSync(path, 'w');
    writeSync(fd, formatLeasesHeader());
    let chunk = '';
    for (let k = 0; k < N; k++) {
      chunk += formatLease(leaseAt(k));
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
    closeSync(fd);
  });
  const bytes = statSync(path).size;
  const unique = N - Math.floor(N / 10);
  console.log(`leases-load: ${N} records (${mb(bytes)} MB) in ${dir}; node ${process.version}; loadavg ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  row('generate', gen, N);

  // --- baseline: the general parser on the first BASE records -------------------------------
  let baseRate;
  if (BASE > 0) {
    let text = formatLeasesHeader();
    const parts = [];
    for (let k = 0; k < BASE; k++) parts.push(formatLease(leaseAt(k)));
    text += parts.join('');
    gc();
    const r = time(() => parseLeasesFileDetailed(text, path, { fastPath: false }));
    if (r.value.records !== BASE) throw new Error(`baseline: ${r.value.records} records, expected ${BASE}`);
    baseRate = BASE / (r.cpu / 1000);
    row('baseline', r, BASE, `general parser, first ${BASE} records`);
    // The fast path on the same text, for a like-for-like ratio at this size.
    gc();
    const f = time(() => parseLeasesFileDetailed(text, path));
    if (JSON.stringify(f.value.leases) !== JSON.stringify(r.value.leases)) throw new Error('baseline: fast path and general parser disagree');
    row('fast@base', f, BASE, `x${(r.cpu / f.cpu).toFixed(1)} less CPU than the baseline (same ${BASE} records, same leases)`);
  }

  // --- parse the whole file -----------------------------------------------------------------
  gc();
  // parseLeasesBuffer (the journal's path: the file's bytes) when this labnet has it; else the string API.
  const useBuffer = typeof parseLeasesBuffer === 'function' && !generalOnly;
  const read = time(() => (useBuffer ? readFileSync(path) : readFileSync(path, 'utf8')));
  row('read', read, 0, `${mb(bytes)} MB as ${useBuffer ? 'a Buffer' : 'one string'}`);
  const parsed = time(() => (useBuffer ? parseLeasesBuffer(read.value, path) : parseLeasesFileDetailed(read.value, path, generalOnly ? { fastPath: false } : undefined)));
  const ratio = baseRate ? `x${(N / (parsed.cpu / 1000) / baseRate).toFixed(1)} the baseline rate per CPU second` : '';
  row('parse', parsed, N, `${parsed.value.leases.length} leases, ${parsed.value.warnings.length} warnings; ${useBuffer ? 'parseLeasesBuffer' : generalOnly ? 'general parser' : 'parseLeasesFileDetailed'}; ${ratio}`);
  if (parsed.value.records !== N || parsed.value.leases.length !== unique || parsed.value.torn) throw new Error(`parse: ${parsed.value.records} records, ${parsed.value.leases.length} leases, torn ${parsed.value.torn}`);
  read.value = undefined;
  parsed.value = undefined;

  // --- the journal, then the engine ----------------------------------------------------------
  gc();
  const opened = await timeAsync(() => openLeaseJournal(path));
  row('journal', opened, N, 'openLeaseJournal (read + parse + open)');
  const listed = time(() => opened.value.leases());
  row('leases()', listed, 0, `${listed.value.length} leases`);
  await opened.value.close();
  const config = parseDhcpdConf(
    'authoritative;\ndefault-lease-time 3600;\nmax-lease-time 7200;\nsubnet 10.0.0.0 netmask 255.0.0.0 {\n  range 10.0.0.1 10.255.255.254;\n  option routers 10.0.0.1;\n}\n',
    'bench.conf',
  );
  const engine = time(() => createDhcpEngine(config, { serverId: 0x0a000001, leases: listed.value }));
  row('engine', engine, listed.value.length, 'createDhcpEngine(config, { leases })');
  const total = opened.ms + listed.ms + engine.ms;
  const totalCpu = opened.cpu + listed.cpu + engine.cpu;
  console.log(`restart-to-serve (journal + leases() + engine): ${Math.round(total)} ms wall, ${Math.round(totalCpu)} ms CPU; peak RSS (VmHWM) ${mb(hwm())} MB`);
  void engine;
}
