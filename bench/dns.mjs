#!/usr/bin/env node
// DNS benchmark: labnet against BIND 9, in turn, on 127.0.0.1 only.
//  (a) throughput: dnsperf (-c 8 -q 200, BENCH_SECONDS long, default 10) on the lab zones,
//      a query file mixing the lab's names and types with a few NXDOMAIN and NODATA;
//      BIND runs one worker (named -n 1), labnet one process.
//  (b) a generated zone of BENCH_BIG_RECORDS A records (default 1,000,000): time from spawn to
//      the first answer for its last record, and RSS (VmRSS, VmHWM) once it answers.
// Prints a table and writes bench/out/dns.json. Everything it starts it kills, by pid.
// Needs dist/ (npm run build), named and dnsperf (scripts/install-peers.sh).
// LABNET_BENCH_PEER=bind runs BIND in labnet's place too (checks the harness: ratio ~1).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitAnswer } from './lib/net.mjs';
import { writeBigZone } from './lib/big-zone.mjs';
import { memoryKiB, run, startProcess } from './lib/procs.mjs';
import { REPO, startBindServer, startLabnetServer } from './lib/servers.mjs';
import { LAB_QUERIES as QUERIES } from './lib/lab-queries.mjs';
import { parseDnsperf } from './lib/dnsperf.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BIG = Number(process.env.BENCH_BIG_RECORDS ?? 1_000_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
const PEER = process.env.LABNET_BENCH_PEER === 'bind' ? 'bind' : 'labnet';
const HARD_LIMIT_MS = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 170) * 1000;

const LAB_ZONES = [
  { origin: 'lab.local', file: join(REPO, 'fixtures/lab/direct') },
  { origin: '244.168.192.in-addr.arpa', file: join(REPO, 'fixtures/lab/inverse') },
];


const work = mkdtempSync(join(tmpdir(), 'labnet-bench-dns-'));
const hardStop = setTimeout(() => {
  process.stderr.write(`bench/dns: over ${HARD_LIMIT_MS / 1000} s, giving up\n`);
  process.exit(1); // the exit handler in lib/procs.mjs kills what runs
}, HARD_LIMIT_MS);

function start(which, zones, port) {
  if (which === 'ceiling') {
    return { ...startProcess(process.execPath, [join(REPO, 'bench/lib/node-ceiling.mjs'), String(port)], { cwd: REPO }), name: 'Node ceiling' };
  }
  return which === 'bind' ? startBindServer(zones, port) : startLabnetServer(zones, port);
}

async function throughput(which, queryFile) {
  const port = await freePort();
  const t0 = performance.now();
  const srv = start(which, LAB_ZONES, port);
  try {
    await waitAnswer(port, 'vcenter.lab.local', 1, t0, { alive: srv.alive });
    const r = await run('dnsperf', ['-s', '127.0.0.1', '-p', String(port), '-d', queryFile,
      '-l', String(SECONDS), '-c', '8', '-q', '200']);
    if (r.code !== 0) throw new Error(`dnsperf failed (${r.code}): ${r.stderr}${r.stdout}`);
    const res = parseDnsperf(r.stdout);
    const mem = memoryKiB(srv.pid);
    return { server: srv.name, ...res, rssKiB: mem.rss };
  } catch (e) {
    throw new Error(`${srv.name}: ${e.message}\n${srv.output()}`);
  } finally {
    await srv.stop();
  }
}

async function bigZone(which, file) {
  const port = await freePort();
  const t0 = performance.now();
  const srv = start(which, [{ origin: 'big.test', file }], port);
  try {
    const readyMs = await waitAnswer(port, `h${BIG - 1}.big.test`, 1, t0, { alive: srv.alive, timeoutMs: 90000 });
    const mem = memoryKiB(srv.pid);
    return { server: srv.name, records: BIG, readyMs: Math.round(readyMs), rssKiB: mem.rss, peakRssKiB: mem.hwm };
  } catch (e) {
    throw new Error(`${srv.name}: ${e.message}\n${srv.output()}`);
  } finally {
    await srv.stop();
  }
}

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '-');

async function main() {
  const queryFile = join(work, 'queries.txt');
  writeFileSync(queryFile, QUERIES.join('\n') + '\n');
  const result = { when: new Date().toISOString(), seconds: SECONDS, rounds: [], peer: PEER, loadavg: readFileSync('/proc/loadavg', 'utf8').trim(), throughput: [], bigZone: [] };

  console.log(`bench/dns: dnsperf -c 8 -q 200 -l ${SECONDS}, lab zones, ${QUERIES.length} query lines; BIND one worker; ${ROUNDS} round(s)`);
  console.log(`load average before: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  // BENCH_ROUNDS > 1 alternates the two servers round by round (the machine's load drifts);
  // the figures reported are each server's median round.
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const pair = [];
    for (const which of ['bind', PEER]) pair.push(await throughput(which, queryFile));
    rounds.push(pair);
  }
  const median = (i) => [...rounds].map((p) => p[i]).sort((x, y) => x.qps - y.qps)[Math.floor((ROUNDS - 1) / 2)];
  result.rounds = rounds.map(([x, y]) => ({ bindQps: x.qps, labnetQps: y.qps, ratio: y.qps / x.qps }));
  result.throughput = [median(0), median(1)];
  const [b, l] = result.throughput;
  result.ratio = l.qps / b.qps;
  // Node's ceiling in the same run (a precomputed answer, no parsing): the reference for how
  // close labnet's hot path is to what one Node process can do (GUIDE section 7).
  if (process.env.BENCH_CEILING !== '0') result.ceiling = await throughput('ceiling', queryFile);

  const bigFile = join(work, 'big.test.db');
  await writeBigZone(bigFile, BIG);
  for (const which of ['bind', PEER]) result.bigZone.push(await bigZone(which, bigFile));

  console.log('');
  console.log('| server | qps | lost | avg latency ms | RSS MB | response codes |');
  console.log('|---|---|---|---|---|---|');
  for (const t of result.throughput) {
    console.log(`| ${t.server} | ${fmt(t.qps)} | ${fmt(t.lost)} | ${fmt(t.avgLatencyMs, 3)} | ${fmt(t.rssKiB / 1024, 1)} | ${t.rcodes} |`);
  }
  if (result.ceiling) {
    const c = result.ceiling;
    console.log(`| ${c.server} (reference, fixed answer) | ${fmt(c.qps)} | ${fmt(c.lost)} | ${fmt(c.avgLatencyMs, 3)} | ${fmt(c.rssKiB / 1024, 1)} | - |`);
  }
  console.log(`ratio ${PEER === 'bind' ? 'BIND/BIND' : 'labnet/BIND'}: ${fmt(result.ratio, 2)}x` +
    (ROUNDS > 1 ? ` (medians of ${ROUNDS} rounds; per round: ${result.rounds.map((r) => fmt(r.ratio, 2)).join(', ')})` : ''));
  if (result.ceiling) console.log(`labnet / Node ceiling: ${fmt(l.qps / result.ceiling.qps, 2)}x; Node ceiling / BIND: ${fmt(result.ceiling.qps / b.qps, 2)}x`);
  // Same answers, not just fast ones: the response-code split must match (percentages).
  const split = (t) => t.rcodes.replace(/ \d+ \(/g, ' (');
  result.rcodesAgree = split(b) === split(l);
  console.log(`response codes agree: ${result.rcodesAgree ? 'yes' : `NO (${split(b)} vs ${split(l)})`}`);
  console.log('');
  console.log(`| server | zone of ${fmt(BIG)} A records: ready s | RSS MB | peak RSS MB |`);
  console.log('|---|---|---|---|');
  for (const z of result.bigZone) {
    console.log(`| ${z.server} | ${fmt(z.readyMs / 1000, 2)} | ${fmt(z.rssKiB / 1024, 0)} | ${fmt(z.peakRssKiB / 1024, 0)} |`);
  }
  mkdirSync(join(REPO, 'bench/out'), { recursive: true });
  writeFileSync(join(REPO, 'bench/out/dns.json'), JSON.stringify(result, null, 2) + '\n');
  console.log('\nwrote bench/out/dns.json');
}

try {
  await main();
} catch (e) {
  process.stderr.write(`bench/dns: ${e.message}\n`);
  process.exitCode = 1;
} finally {
  clearTimeout(hardStop);
  rmSync(work, { recursive: true, force: true });
}
