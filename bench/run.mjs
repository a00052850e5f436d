#!/usr/bin/env node
// `npm run bench [-- dns|dhcp|all] [--quick]`: labnet against BIND 9.18, Knot and NSD (DNS) and
// Kea (DHCP, through bench/dhcp.mjs), servers in turn on 127.0.0.1 only, rounds alternating
// the servers (A B C D, A B C D, ...), medians of the rounds. Writes bench/RESULTS.md and
// bench/results.svg (and bench/out/run.json). Installs nothing: a missing peer is named with
// its Debian package and the run stops.
//
// DNS rows (the targets of issue 9):
//  1. UDP queries/s, dnsperf -c 8 -q 200, the lab mix (positive, NXDOMAIN, NODATA, wildcard,
//     referral, reverse), one worker each;
//  2. CPU ms (user+system, the server's whole process tree) per 1,000 queries at a fixed rate
//     every server holds (dnsperf -Q, 60% of the slowest server's median peak);
//  3. TCP queries/s, dnsperf -m tcp, 8 connections each pipelining up to 200 queries;
//  4. p50/p99 latency at 80% of each server's own median peak (dnsperf -v, one line per answer);
//  5. zones of 1k, 100k, 1M and 5M A records (bench/lib/zone-scale.mjs; --quick: up to 100k): time
//     until the last record answers, RSS, and the cost per record (labnet and BIND).
// Every run records the kernel's UDP RcvbufErrors before and after: drops the server never saw.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitAnswer } from './lib/net.mjs';
import { measureZoneScale, ZONE_HEADING, zoneScaleMarkdown, zoneScalePanels, zoneSizes } from './lib/zone-scale.mjs';
import { memoryKiB, run } from './lib/procs.mjs';
import { REPO, startBindServer, startKnotServer, startLabnetServer, startNsdServer } from './lib/servers.mjs';
import { MIX_QUERIES, MIX_ZONE_EXTRA } from './lib/lab-queries.mjs';
import { dnsperf } from './lib/dnsperf.mjs';
import { cpuMs, loadavg, machine, udpRcvbufErrors } from './lib/sysstats.mjs';
import { barSection, composeSvg, dnsSection, mergeSections } from './lib/svg.mjs';
import { keptSections } from './lib/sections.mjs';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const WHAT = argv.find((a) => !a.startsWith('-')) ?? 'all';
if (!['dns', 'dhcp', 'all'].includes(WHAT)) {
  console.error('usage: npm run bench -- [dns|dhcp|all] [--quick]');
  process.exit(2);
}
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 2 : 6));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** labnet with DNS workers (`labnet serve --dns-workers N`), a server of its own in the rounds. */
const WORKERS = Number(process.env.BENCH_LABNET_WORKERS ?? 2);
const LABNET_WORKERS = `labnet x${WORKERS}`;

/** Each peer: the binary that must exist and the Debian package that has it. */
const PEERS = {
  bind: { bin: 'named', pkg: 'bind9', start: startBindServer },
  knot: { bin: 'knotd', pkg: 'knot', start: startKnotServer },
  nsd: { bin: 'nsd', pkg: 'nsd', start: startNsdServer },
  labnet: { bin: process.execPath, pkg: '', start: startLabnetServer },
  [LABNET_WORKERS]: { bin: process.execPath, pkg: '', start: (zones, port) => startLabnetServer(zones, port, { workers: WORKERS }) },
};
// BENCH_SERVERS=labnet,bind (a comma list) runs only those.
const DNS_SERVERS = process.env.BENCH_SERVERS ? process.env.BENCH_SERVERS.split(',') : ['labnet', LABNET_WORKERS, 'bind', 'knot', 'nsd'];
const isLabnet = (s) => s === 'labnet' || s === LABNET_WORKERS;

function requireTools(list) {
  const missing = list.filter(([bin]) => spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0);
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
  console.error(`bench: missing ${missing.map(([b]) => b).join(', ')}: apt-get install -y ${pkgs}`);
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'labnet-bench-run-'));
const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs) => {
  const s = xs.filter(Number.isFinite);
  return s.length ? [Math.min(...s), Math.max(...s)] : [NaN, NaN];
};

function mixZones() {
  const direct = join(work, 'lab.local.db');
  writeFileSync(direct, readFileSync(join(REPO, 'fixtures/lab/direct'), 'utf8') + MIX_ZONE_EXTRA);
  return [
    { origin: 'lab.local', file: direct },
    { origin: '244.168.192.in-addr.arpa', file: join(REPO, 'fixtures/lab/inverse') },
  ];
}

/** Starts `which`, waits for it to answer, runs `fn(port, srv)`, stops it. */
async function withServer(which, zones, fn, probe = 'vcenter.lab.local') {
  const port = await freePort();
  const t0 = performance.now();
  const srv = PEERS[which].start(zones, port);
  try {
    const readyMs = await waitAnswer(port, probe, 1, t0, { alive: srv.alive, timeoutMs: 120000 });
    return await fn(port, srv, readyMs);
  } catch (e) {
    throw new Error(`${srv.name}: ${e.message}\n${srv.output()}`);
  } finally {
    await srv.stop();
  }
}

/** One measured dnsperf run: its summary, the server's CPU ms, the kernel's UDP drops. */
async function measured(port, srv, queryFile, opts) {
  const drops0 = udpRcvbufErrors();
  const cpu0 = cpuMs(srv.pid);
  const r = await dnsperf(port, queryFile, { seconds: SECONDS, ...opts });
  return { ...r, cpuMs: cpuMs(srv.pid) - cpu0, rcvbufErrors: udpRcvbufErrors() - drops0, rssKiB: memoryKiB(srv.pid).rss };
}

async function benchDns(log) {
  requireTools([['dnsperf', 'dnsperf'], ...DNS_SERVERS.filter((s) => !isLabnet(s)).map((s) => [PEERS[s].bin, PEERS[s].pkg])]);
  const zones = mixZones();
  const queryFile = join(work, 'queries.txt');
  writeFileSync(queryFile, MIX_QUERIES.join('\n') + '\n');
  const runs = Object.fromEntries(DNS_SERVERS.map((s) => [s, { udp: [], tcp: [], cpu: [], latency: [] }]));

  for (let r = 0; r < ROUNDS; r++) {
    for (const s of DNS_SERVERS) {
      await withServer(s, zones, async (port, srv) => {
        runs[s].udp.push(await measured(port, srv, queryFile, {}));
        runs[s].tcp.push(await measured(port, srv, queryFile, { tcp: true }));
      });
      log(`round ${r + 1}/${ROUNDS} ${s}: udp ${runs[s].udp.at(-1).qps.toFixed(0)} qps, tcp ${runs[s].tcp.at(-1).qps.toFixed(0)} qps`);
    }
  }
  const peak = Object.fromEntries(DNS_SERVERS.map((s) => [s, median(runs[s].udp.map((x) => x.qps))]));
  const fixedRate = 0.6 * Math.min(...Object.values(peak));
  for (let r = 0; r < ROUNDS; r++) {
    for (const s of DNS_SERVERS) {
      await withServer(s, zones, async (port, srv) => {
        runs[s].cpu.push(await measured(port, srv, queryFile, { maxQps: fixedRate }));
        runs[s].latency.push(await measured(port, srv, queryFile, { maxQps: 0.8 * peak[s], verbose: true }));
      });
      const c = runs[s].cpu.at(-1);
      log(`round ${r + 1}/${ROUNDS} ${s}: ${(1000 * c.cpuMs / c.completed).toFixed(1)} CPU ms per 1k queries at ${fixedRate.toFixed(0)}/s, p99 ${runs[s].latency.at(-1).p99.toFixed(3)} ms`);
    }
  }

  const zoneScale = await measureZoneScale({ sizes: zoneSizes(QUICK), rounds: ROUNDS, work, log });

  const summary = {};
  for (const s of DNS_SERVERS) {
    const x = runs[s];
    summary[s] = {
      udpQps: median(x.udp.map((v) => v.qps)), udpSpread: spread(x.udp.map((v) => v.qps)),
      tcpQps: median(x.tcp.map((v) => v.qps)), tcpSpread: spread(x.tcp.map((v) => v.qps)),
      cpuPer1k: median(x.cpu.map((v) => (1000 * v.cpuMs) / v.completed)),
      cpuSpread: spread(x.cpu.map((v) => (1000 * v.cpuMs) / v.completed)),
      p50: median(x.latency.map((v) => v.p50)), p99: median(x.latency.map((v) => v.p99)),
      p99Spread: spread(x.latency.map((v) => v.p99)),
      lostPct: median(x.udp.map((v) => (100 * v.lost) / v.sent)),
      rcvbufErrors: [...x.udp, ...x.tcp, ...x.cpu, ...x.latency].reduce((a, v) => a + v.rcvbufErrors, 0),
      rcodes: x.udp[0].rcodes,
      perRoundUdp: x.udp.map((v) => v.qps),
    };
  }
  const split = (t) => t.replace(/ \d+ \(/g, ' (');
  const rcodesAgree = DNS_SERVERS.every((s) => split(summary[s].rcodes) === split(summary[DNS_SERVERS.includes('bind') ? 'bind' : DNS_SERVERS[0]].rcodes));
  return { seconds: SECONDS, rounds: ROUNDS, fixedRate, queries: MIX_QUERIES.length, summary, zones: zoneScale, rcodesAgree, runs };
}

async function benchDhcp(log) {
  requireTools([['perfdhcp', 'kea-admin'], ['kea-dhcp4', 'kea-dhcp4-server'], ['ip', 'iproute2']]);
  log('bench/dhcp.mjs (perfdhcp relay; labnet and Kea; restart with a big journal)');
  const env = { ...process.env, BENCH_SECONDS: String(QUICK ? 2 : 5), BENCH_ROUNDS: String(QUICK ? 1 : ROUNDS) };
  if (QUICK) env.BENCH_DHCP_LEASES = env.BENCH_DHCP_LEASES ?? '100000';
  const r = await run(process.execPath, [join(REPO, 'bench/dhcp.mjs')], { env, cwd: REPO });
  if (r.code !== 0) return { error: (r.stderr + r.stdout).slice(-1500) };
  return JSON.parse(readFileSync(join(REPO, 'bench/out/dhcp.json'), 'utf8'));
}

/**
 * bench/dhcp-scale.mjs (pools of 254 to 16M addresses, journals of 0 to 1M leases; labnet and
 * Kea): it writes its own section of RESULTS.md, which this run then keeps (sections.mjs).
 * 6 s per row here (10 alone) keeps the whole of `npm run bench` near its time.
 */
async function benchDhcpScale(log) {
  log('bench/dhcp-scale.mjs (DHCP scaling: pool sizes, journal sizes; labnet and Kea)');
  const env = { BENCH_SCALE_SECONDS: QUICK ? '3' : '6', ...process.env };
  const r = await run(process.execPath, [join(REPO, 'bench/dhcp-scale.mjs'), ...(QUICK ? ['--quick'] : [])], { env, cwd: REPO });
  if (r.code !== 0) log(`bench/dhcp-scale.mjs failed, its section left as it was: ${(r.stderr + r.stdout).slice(-600)}`);
}

const f = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '-');
const ratio = (a, b) => (Number.isFinite(a / b) ? `${f(a / b, 2)}x` : '-');
const rng = ([a, b], d = 0) => `${f(a, d)}-${f(b, d)}`;

function markdown(res) {
  const L = [];
  L.push('# Benchmark results', '');
  L.push(`Written by \`npm run bench${QUICK ? ' -- --quick' : ''}\` (bench/run.mjs) on ${res.when}. Servers in turn on 127.0.0.1, the load generator on the same machine.`, '');
  const m = res.machine;
  L.push(`Machine: ${m.cores} cores (${m.cpu}), Linux ${m.kernel}, Node ${m.node}; BIND ${m.bind}, Knot ${m.knot}, NSD ${m.nsd}, Kea ${m.kea}, dnsperf ${m.dnsperf}. Load average before: ${res.loadBefore}; after: ${res.loadAfter}.`, '');
  const d = res.dns;
  if (d) {
    const s = d.summary;
    L.push(`## DNS (${d.rounds} rounds of ${d.seconds} s per server and row, medians; range = min-max of the rounds)`, '');
    L.push(`Query mix: ${d.queries} lines (bench/lib/lab-queries.mjs MIX_QUERIES: positive, CNAME, NXDOMAIN, NODATA, wildcard, referral, reverse), on the lab zones plus a wildcard and a delegation. Response codes agree across servers: ${d.rcodesAgree ? 'yes' : 'NO'}.`, '');
    L.push('| server | UDP qps (range) | labnet / it | TCP qps (range) | labnet / it | CPU ms per 1k queries at ' + f(d.fixedRate) + '/s (range) | labnet / it | p50 / p99 ms at 80% of own peak | labnet p99 / it | UDP lost % | kernel RcvbufErrors |');
    L.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const k of DNS_SERVERS) {
      const x = s[k];
      const me = k === 'labnet' || !s.labnet;
      L.push(`| ${k} | ${f(x.udpQps)} (${rng(x.udpSpread)}) | ${me ? '' : ratio(s.labnet.udpQps, x.udpQps)} | ${f(x.tcpQps)} (${rng(x.tcpSpread)}) | ${me ? '' : ratio(s.labnet.tcpQps, x.tcpQps)} | ${f(x.cpuPer1k, 1)} (${rng(x.cpuSpread, 1)}) | ${me ? '' : ratio(s.labnet.cpuPer1k, x.cpuPer1k)} | ${f(x.p50, 3)} / ${f(x.p99, 3)} | ${me ? '' : ratio(s.labnet.p99, x.p99)} | ${f(x.lostPct, 2)} | ${f(x.rcvbufErrors)} |`);
    }
    L.push('');
    const w = s[LABNET_WORKERS];
    if (w) {
      L.push(`${LABNET_WORKERS} is \`labnet serve --dns-workers ${WORKERS}\` (bench/lib/servers.mjs): ${WORKERS} worker processes answering on one port, CPU counted over the whole process tree (the main process and its workers).`, '');
      L.push(`| against | ${LABNET_WORKERS} UDP qps / it | TCP qps / it | CPU per query / it | p99 / it |`, '|---|---|---|---|---|');
      for (const k of DNS_SERVERS.filter((x) => x !== LABNET_WORKERS)) {
        L.push(`| ${k} | ${ratio(w.udpQps, s[k].udpQps)} | ${ratio(w.tcpQps, s[k].tcpQps)} | ${ratio(w.cpuPer1k, s[k].cpuPer1k)} | ${ratio(w.p99, s[k].p99)} |`);
      }
      L.push('');
    }
    L.push(`Per-round UDP qps: ${DNS_SERVERS.map((k) => `${k} ${s[k].perRoundUdp.map((q) => f(q)).join(', ')}`).join('; ')}.`, '');
    L.push(zoneScaleMarkdown(d.zones, { when: res.when, command: `npm run bench${QUICK ? ' -- --quick' : ''}` }));
  }
  // A run without DNS keeps the zone sizes a previous run wrote.
  else if (res.keptZones) L.push(res.keptZones);
  const h = res.dhcp;
  if (h) {
    L.push(`## DHCP (bench/dhcp.mjs: perfdhcp as a relay, labnet and Kea ${res.machine.kea} memfile with persist)`, '');
    if (h.error) L.push('DHCP run failed: `' + h.error.replace(/`/g, "'").replace(/\n/g, ' ') + '`', '');
    else {
      const c = h.cpu;
      L.push(`CPU per DORA at ${f(h.fixedRate)} DORA/s offered (one perfdhcp from ${h.relays[0]}; ${h.rounds} rounds alternating, median; user+system of the server process): labnet ${f(c.labnet.cpuPer1k, 1)} ms per 1,000 DORAs (rounds ${c.labnet.rounds.map((r) => f(r.cpuPer1k, 1)).join(', ')}; lost ${c.labnet.rounds.map((r) => f(r.lossPct, 2)).join(', ')} %), Kea ${f(c.kea.cpuPer1k, 1)} (rounds ${c.kea.rounds.map((r) => f(r.cpuPer1k, 1)).join(', ')}; lost ${c.kea.rounds.map((r) => f(r.lossPct, 2)).join(', ')} %): labnet / Kea ${ratio(c.labnet.cpuPer1k, c.kea.cpuPer1k)}. labnet writes and fdatasyncs every lease before its ACK; Kea's memfile appends to its CSV without fsync.`, '');
      L.push(`| offered DORA/s (two perfdhcp, ${h.relays.join(' and ')}) | labnet done (lost %) | Kea done (lost %) |`, '|---|---|---|');
      for (const rate of h.rates) {
        const cell = (st) => (st ? `${f(st.achieved)} (${f(st.lossPct, 1)})` : '-');
        L.push(`| ${rate} | ${cell(h.labnet.steps.find((x) => x.rate === rate))} | ${cell(h.kea.steps?.find((x) => x.rate === rate))} |`);
      }
      L.push('', `Highest rate with under ${h.dropLimitPct}% lost: labnet ${h.labnet.bestRate}, Kea ${h.kea.bestRate ?? h.kea.error} (labnet / Kea ${ratio(h.labnet.bestRate, h.kea.bestRate)}).`, '');
      const ms = (r) => (r.error ? `failed (${r.error})` : `${f(r.ms)} ms to the first OFFER, ${f(r.rssMb)} MB RSS`);
      L.push('| restart | labnet | Kea | labnet / Kea (time, RSS) |', '|---|---|---|---|');
      L.push(`| no leases | ${ms(h.restartEmpty)} | ${ms(h.keaRestartEmpty)} | ${ratio(h.restartEmpty.ms, h.keaRestartEmpty.ms)}, ${ratio(h.restartEmpty.rssMb, h.keaRestartEmpty.rssMb)} |`);
      L.push(`| ${f(h.restartBig.leases)} active leases (journal ${f(h.restartBig.journalMb)} MB; Kea CSV ${f(h.keaRestartBig.csvMb)} MB, same leases) | ${ms(h.restartBig)} | ${ms(h.keaRestartBig)} | ${ratio(h.restartBig.ms, h.keaRestartBig.ms)}, ${ratio(h.restartBig.rssMb, h.keaRestartBig.rssMb)} |`, '');
    }
  }
  return L.join('\n');
}

/** The sections other benchmarks write (bench/lib/sections.mjs), carried over as they are. */
function keptFrom(file) {
  try {
    return keptSections(readFileSync(file, 'utf8'));
  } catch {
    return '';
  }
}

async function main() {
  const log = (msg) => console.error(`[bench] ${msg}`);
  const res = { when: new Date().toISOString(), quick: QUICK, machine: machine(), loadBefore: loadavg() };
  if (WHAT !== 'dhcp') {
    if (spawnSync('sh', ['-c', 'test -f dist/cli/main.js'], { cwd: REPO }).status !== 0) {
      log('building dist/ (npm run build)');
      const b = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
      if (b.status !== 0) throw new Error('npm run build failed');
    }
    res.dns = await benchDns(log);
  } else {
    try {
      res.keptZones = keptSections(readFileSync(join(REPO, 'bench/RESULTS.md'), 'utf8'), [ZONE_HEADING]);
    } catch {
      /* no earlier results */
    }
  }
  if (WHAT !== 'dns') {
    res.dhcp = await benchDhcp(log);
    await benchDhcpScale(log);
  }
  res.loadAfter = loadavg();
  mkdirSync(join(REPO, 'bench/out'), { recursive: true });
  writeFileSync(join(REPO, 'bench/out/run.json'), JSON.stringify(res, null, 2) + '\n');
  const md = markdown(res) + keptFrom(join(REPO, 'bench/RESULTS.md'));
  writeFileSync(join(REPO, 'bench/RESULTS.md'), md + '\n');
  if (res.dns) {
    const svgFile = join(REPO, 'bench/results.svg');
    let old = '';
    try {
      old = readFileSync(svgFile, 'utf8');
    } catch {
      /* first run */
    }
    const fresh = [dnsSection(res.dns.summary, DNS_SERVERS), barSection('zones', zoneScalePanels(res.dns.zones))];
    writeFileSync(svgFile, composeSvg(mergeSections(old, fresh), res.when));
  }
  console.log(md);
  console.log('\nwrote bench/RESULTS.md, bench/results.svg, bench/out/run.json');
}

try {
  await main();
} catch (e) {
  console.error(`bench: ${e.message}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
