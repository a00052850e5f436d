/**
 * npm run bench:soak (vite-node bench/soak/run.ts): `labnet serve` of the lab, built from the
 * current sources (test/cli/built-cli.ts) and run in a process of its own on 127.0.0.1, first
 * measured alone and briefly for its own peaks (DNS: the median of 3 unthrottled dnsperf runs on the lab mix; DHCP:
 * perfdhcp as a relay stepping its rate up until 2.5% of exchanges are lost), then soaked for
 * BENCH_SOAK_SECONDS (default 1800) with, at once:
 *
 * - dnsperf at BENCH_SOAK_DNS_FRACTION of the DNS peak (-Q; default 0.4),
 * - perfdhcp at BENCH_SOAK_DHCP_FRACTION of the DHCP peak (-r; default 0.4), with renewals
 *   (-f, 10% of the rate) and releases (-F, 5%), from BENCH_SOAK_CLIENTS (20,000) clients on
 *   leases of BENCH_SOAK_LEASE_SECONDS (60 s): leases expire, renew and are released all along;
 *   perfdhcp runs BENCH_SOAK_DHCP_SEGMENT (60) s at a time, one after the other (load.ts: one
 *   perfdhcp for the whole soak grows to 1 GB and falls far below its rate),
 * - BENCH_SOAK_UPDATES (20) TSIG-signed UPDATEs a second (nsupdate), each adding a name and
 *   deleting one added 100 updates earlier: the zone journal takes every change.
 *
 * The two fractions default to 0.4 each: DNS and DHCP share one process and one event loop, so
 * 80% of each protocol's solo peak at once would offer 160% of what the process serves (set
 * both to 0.8 for that reading). Every BENCH_SOAK_INTERVAL (10) s a sample (samples.ts): VmRSS,
 * the event loop's delay (labnet_event_loop_delay_seconds), dnsperf's and perfdhcp's interval
 * figures, the sockets' and the kernel's UDP drops, active leases, UPDATEs answered, the zone
 * journal's and lease file's sizes. Each series gets a flatness verdict (trend.ts) with the
 * tolerance stated beside it. Writes bench/out/soak.json, bench/soak.svg and the section
 * "## Soak" of bench/RESULTS.md (replaced, the rest kept; bench/run.mjs carries it over).
 *
 * Only loopback: the relay address BENCH_SOAK_RELAY (127.0.11.3) is added to lo when absent and
 * removed afterwards (needs root, as bench/dhcp.mjs); perfdhcp listens on its port 67 there.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../../test/cli/built-cli.js';
import { startServerProcess, rssKiB, type ServeProcess } from '../fuzz/server-process.js';
// @ts-expect-error plain ES module of the benchmarks, no declarations
import { replaceSection } from '../lib/sections.mjs';
// @ts-expect-error plain ES module of the benchmarks, no declarations
import { freePort } from '../lib/net.mjs';
// @ts-expect-error plain ES module of the benchmarks, no declarations
import { MIX_QUERIES } from '../lib/lab-queries.mjs';
// @ts-expect-error plain ES module of the benchmarks, no declarations
import { udpRcvbufErrors } from '../lib/sysstats.mjs';
// @ts-expect-error plain ES module of the benchmarks, no declarations
import { parsePerfdhcp } from '../lib/perfdhcp.mjs';
import { writeSoakFiles } from './config.js';
import { dhcpPeak, dhcpStep, dnsPeak, startDnsperf, startPerfdhcp, startUpdater, type DhcpTarget } from './load.js';
import { deriveSample, type PerfdhcpCounts, type RawReading, type SoakSample } from './samples.js';
import { flatness, type Flatness, type Tolerance } from './trend.js';
import { soakSvg } from './plot.js';

const REPO = join(import.meta.dirname, '..', '..');
const RESULTS = join(REPO, 'bench', 'RESULTS.md');
const SECTION = '## Soak';
const env = (k: string, d: number) => Number(process.env[k] ?? d);
const SECONDS = env('BENCH_SOAK_SECONDS', 1800);
const INTERVAL = env('BENCH_SOAK_INTERVAL', 10);
const PEAK_SECONDS = env('BENCH_SOAK_PEAK_SECONDS', 6);
const DNS_FRACTION = env('BENCH_SOAK_DNS_FRACTION', 0.4);
const DHCP_FRACTION = env('BENCH_SOAK_DHCP_FRACTION', 0.4);
const CLIENTS = env('BENCH_SOAK_CLIENTS', 20_000);
const LEASE_SECONDS = env('BENCH_SOAK_LEASE_SECONDS', 60);
const UPDATES = env('BENCH_SOAK_UPDATES', 20);
const RELAY = process.env.BENCH_SOAK_RELAY ?? '127.0.11.3';
const DHCP_SEGMENT = env('BENCH_SOAK_DHCP_SEGMENT', 60);
const WARMUP = 0.1;
const DHCP_RATES = [250, 500, 1000, 1500, 2000, 3000, 4000, 5000, 6000, 8000];
const log = (m: string) => console.error(`[bench:soak] ${new Date().toISOString().slice(11, 19)} ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

function addRelay(): boolean {
  const lo = execFileSync('ip', ['-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' });
  if (lo.includes(`inet ${RELAY}/`)) return false;
  execFileSync('ip', ['addr', 'add', `${RELAY}/32`, 'dev', 'lo']);
  return true;
}

const size = (p: string) => {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
};

async function scrape(controlPort: number): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${controlPort}/metrics`, { signal: AbortSignal.timeout(5000) });
  return r.text();
}

/** perfdhcp's runs summed as `EXCHANGE sent N, answered M` per exchange (RELEASE has no reply). */
function perfdhcpSummary(totals: Record<string, { sent: number; received: number }>): string[] {
  return Object.entries(totals).map(([k, v]) => (k === 'RELEASE' ? `RELEASE sent ${v.sent}` : `${k} sent ${v.sent}, answered ${v.received}`));
}

interface SeriesDef {
  key: keyof SoakSample;
  title: string;
  unit: string;
  /** Undefined: plotted and tabled, no verdict (with the reason). */
  tol?: Tolerance;
  why?: string;
}

async function main() {
  log(`building the CLI; load average ${load()}`);
  const cli = buildCli();
  const files = writeSoakFiles(REPO, LEASE_SECONDS);
  const queryFile = files.tree.write('queries.txt', MIX_QUERIES.join('\n') + '\n');
  const added = addRelay();
  let server: ServeProcess | undefined;
  try {
    const controlPort: number = await freePort();
    server = await startServerProcess(
      [cli.bin, 'serve', '--named-conf', files.namedConf, '--dhcpd-conf', files.dhcpdConf, '--leases', files.leases, '--dns', '127.0.0.1:0', '--dhcp', '127.0.0.1:0', '--control', `127.0.0.1:${controlPort}`, '--log-level', 'warn'],
      files.tree.dir,
    );
    const s = server;
    const target: DhcpTarget = { relay: RELAY, port: s.dhcpPort, clients: CLIENTS };
    const loadStart = load();
    const started = new Date().toISOString();
    log(`labnet pid ${s.pid}: DNS ${s.dnsPort}, DHCP ${s.dhcpPort}, control ${controlPort}; warming up`);
    await dnsPeak(s.dnsPort, queryFile, 2, 1);
    await dhcpStep(target, 200, 2);

    const dns = await dnsPeak(s.dnsPort, queryFile, PEAK_SECONDS);
    log(`DNS peak ${dns.qps.toFixed(0)} qps (runs ${dns.runs.map((q) => q.toFixed(0)).join(', ')})`);
    const dhcp = await dhcpPeak(target, DHCP_RATES, PEAK_SECONDS);
    log(`DHCP peak ${dhcp.peak.toFixed(0)} DORA/s (${dhcp.steps.map((x) => `${x.rate}: ${x.achieved.toFixed(0)}, ${x.lossPct.toFixed(1)}%`).join('; ')})`);
    if (!(dns.qps > 0) || !(dhcp.peak > 0)) throw new Error('no peak measured');
    const qps = DNS_FRACTION * dns.qps;
    const dora = DHCP_FRACTION * dhcp.peak;
    const renew = 0.1 * dora;
    const release = 0.05 * dora;

    log(`soak ${SECONDS} s: DNS ${qps.toFixed(0)} qps, DHCP ${dora.toFixed(0)} DORA/s (+${renew.toFixed(0)} renewals, ${release.toFixed(0)} releases), ${UPDATES} UPDATEs/s; load average ${load()}`);
    const dnsRates: number[] = [];
    let perfCounts: PerfdhcpCounts | undefined;
    const genSeconds = SECONDS + INTERVAL;
    const dp = startDnsperf(s.dnsPort, queryFile, qps, genSeconds, INTERVAL, (r) => dnsRates.push(r));
    const pd = startPerfdhcp(target, dora, renew, release, genSeconds, DHCP_SEGMENT, INTERVAL, (c) => (perfCounts = c));
    const up = startUpdater(s.dnsPort, files.keyFile, UPDATES);
    const t0 = performance.now();
    const rcv0: number = udpRcvbufErrors();
    const reading = async (): Promise<RawReading> => ({
      t: (performance.now() - t0) / 1000,
      rssKiB: rssKiB(s.pid),
      metrics: await scrape(controlPort),
      dnsRates: dnsRates.splice(0),
      perfdhcp: perfCounts,
      rcvbufErrors: udpRcvbufErrors() - rcv0,
      zoneJournalBytes: files.zoneJournals.reduce((a, p) => a + size(p), 0),
      leaseFileBytes: size(files.leases),
      updatesSent: up.sent(),
    });
    let prev = await reading();
    const first = prev;
    const samples: SoakSample[] = [];
    for (let k = 1; k * INTERVAL <= SECONDS; k++) {
      await sleep(Math.max(0, t0 + k * INTERVAL * 1000 - performance.now()));
      if (!s.alive()) throw new Error(`labnet exited during the soak (${s.exitStatus()}): ${s.stderr().slice(-2000)}`);
      const cur = await reading();
      samples.push(deriveSample(prev, cur, qps));
      prev = cur;
      const x = samples.at(-1)!;
      if (k % 6 === 0) log(`${x.t.toFixed(0)} s: RSS ${x.rssMiB.toFixed(1)} MiB, loop p99 ${x.loopDelayP99Ms.toFixed(2)} ms, DNS ${x.dnsAnswersPerSecond.toFixed(0)}/s (short ${x.dnsShortfallPct.toFixed(2)}%), DHCP ${x.dhcpDiscoversPerSecond.toFixed(0)}/s (lost ${x.dhcpLossPct.toFixed(2)}%), leases ${x.activeLeases}, journal ${x.zoneJournalKiB.toFixed(0)} KiB`);
    }
    await up.stop();
    await Promise.all([dp.exited, pd.exited]);
    const loadEnd = load();
    const alive = s.alive();
    const finalMetrics = alive ? await scrape(controlPort) : '';

    const offeredDhcpPackets = 2 * dora + renew + release;
    const defs: SeriesDef[] = [
      { key: 'rssMiB', title: 'RSS', unit: 'MiB', tol: { rel: 0.1, abs: 8 } },
      { key: 'loopDelayP50Ms', title: 'event-loop delay p50', unit: 'ms', tol: { rel: 0.5, abs: 1 } },
      { key: 'loopDelayP99Ms', title: 'event-loop delay p99', unit: 'ms', tol: { rel: 0.5, abs: 5 } },
      { key: 'loopDelayMaxMs', title: 'event-loop delay max', unit: 'ms', tol: { rel: 1, abs: 25 } },
      { key: 'dnsShortfallPct', title: 'DNS unanswered of offered', unit: '%', tol: { rel: 0.5, abs: 2 } },
      { key: 'dhcpLossPct', title: 'DHCP DISCOVERs without ACK', unit: '%', tol: { rel: 0.5, abs: 2 } },
      { key: 'dnsSocketDropsPerSecond', title: 'DNS socket drops (kernel)', unit: '/s', tol: { rel: 0.5, abs: 0.01 * qps } },
      { key: 'dhcpSocketDropsPerSecond', title: 'DHCP socket drops (kernel)', unit: '/s', tol: { rel: 0.5, abs: 0.01 * offeredDhcpPackets } },
      { key: 'rcvbufErrorsPerSecond', title: 'UDP RcvbufErrors, whole machine', unit: '/s', tol: { rel: 0.5, abs: 0.01 * (qps + offeredDhcpPackets) } },
      { key: 'activeLeases', title: 'active leases', unit: 'leases', tol: { rel: 0.1, abs: 100 } },
      { key: 'updatesAnsweredPerSecond', title: 'UPDATEs answered', unit: '/s', tol: { rel: 0.1, abs: 1 } },
      { key: 'leaseFileKiB', title: 'lease file (compacted by labnet)', unit: 'KiB', tol: { rel: 0.5, abs: 512 } },
      { key: 'zoneJournalKiB', title: 'zone journal', unit: 'KiB', why: 'grows by design: every UPDATE is journaled and labnet does not truncate the journal (max-journal-size not applied)' },
    ];
    const t = samples.map((x) => x.t);
    const from = t[0]! + WARMUP * (t.at(-1)! - t[0]!);
    const trends = defs.map((d) => ({ ...d, flat: flatness(t, samples.map((x) => x[d.key]), d.tol ?? { rel: Infinity, abs: Infinity }, WARMUP) as Flatness }));
    const journalBytesPerUpdate = (prev.zoneJournalBytes - first.zoneJournalBytes) / (prev.updatesSent - first.updatesSent);

    const result = {
      started, seconds: SECONDS, interval: INTERVAL, warmupFraction: WARMUP, loadStart, loadEnd,
      peaks: { dnsQps: dns.qps, dnsRuns: dns.runs, dhcpDora: dhcp.peak, dhcpSteps: dhcp.steps, peakSeconds: PEAK_SECONDS },
      offered: { dnsQps: qps, dnsFraction: DNS_FRACTION, dhcpDora: dora, dhcpFraction: DHCP_FRACTION, renewals: renew, releases: release, updates: UPDATES, clients: CLIENTS, leaseSeconds: LEASE_SECONDS, dhcpSegment: DHCP_SEGMENT },
      updates: { sent: up.sent(), failures: up.failures() },
      dnsperf: dp.summary().split('\n').filter((l) => /Queries (sent|completed|lost)|Response codes/.test(l)).map((l) => l.trim()),
      perfdhcp: perfdhcpSummary(pd.totals()),
      serverAlive: alive,
      unanswered: finalMetrics ? /^labnet_dns_queries_unanswered_total (\S+)$/m.exec(finalMetrics)?.[1] : undefined,
      trends: trends.map(({ key, title, unit, tol, why, flat }) => ({ key, title, unit, tol, why, ...flat, verdict: tol ? flat.verdict : 'no verdict' })),
      journalBytesPerUpdate,
      samples,
    };
    mkdirSync(join(REPO, 'bench', 'out'), { recursive: true });
    writeFileSync(join(REPO, 'bench', 'out', 'soak.json'), JSON.stringify(result, null, 2) + '\n');
    const minutes = (SECONDS / 60).toFixed(SECONDS % 60 ? 1 : 0);
    writeFileSync(
      join(REPO, 'bench', 'soak.svg'),
      soakSvg(
        trends.map((d) => ({ title: d.title, unit: d.unit, t, y: samples.map((x) => x[d.key]), flat: d.tol ? d.flat : undefined, from })),
        `labnet soak ${started.slice(0, 16)}Z, ${minutes} min: DNS ${qps.toFixed(0)} qps, DHCP ${dora.toFixed(0)} DORA/s, ${UPDATES} UPDATE/s (grey: warm-up)`,
      ),
    );
    const body = markdown(result);
    writeFileSync(RESULTS, replaceSection(readFileSync(RESULTS, 'utf8'), SECTION, body));
    console.log(body);
  } finally {
    await server?.stop();
    if (added) {
      try {
        execFileSync('ip', ['addr', 'del', `${RELAY}/32`, 'dev', 'lo']);
      } catch {
        /* already gone */
      }
    }
    files.tree.remove();
    cli.tree.remove();
  }
}

const f = (v: number, d = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '-');
const g = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? f(v, 0) : Math.abs(v) >= 1 ? f(v, 2) : f(v, 3)) : '-');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function markdown(r: any): string {
  const L: string[] = [];
  const verdicts = r.trends.filter((x: { tol?: Tolerance }) => x.tol);
  const notFlat = verdicts.filter((x: { verdict: string }) => x.verdict !== 'flat');
  L.push(
    `Measured ${r.started} (\`BENCH_SOAK_SECONDS=${r.seconds} npm run bench:soak\`, bench/soak/run.ts): one \`labnet serve\` of the lab (built from the sources, its own process on 127.0.0.1; the lab zones with the benchmark mix's wildcard and delegation, \`allow-update { key soak-key; }\` on lab.local; fixtures/perf's relay scope with ${r.offered.leaseSeconds} s leases). Load average (1, 5, 15 min; the machine's 2 cores are shared with other work, so the rates are not comparable with the tables above, flatness is what is measured): ${r.loadStart} at the start, ${r.loadEnd} at the end.`,
    '',
    `Peaks, alone and briefly (${r.peaks.peakSeconds} s runs): DNS ${f(r.peaks.dnsQps)} qps (dnsperf -c 8 -q 200 on the lab mix, the median of ${r.peaks.dnsRuns.map((q: number) => f(q)).join(', ')}); DHCP ${f(r.peaks.dhcpDora)} DORA/s (perfdhcp as a relay, rate stepped until 2.5% lost, offered -> DORAs done per second (lost): ${r.peaks.dhcpSteps.map((x: { rate: number; achieved: number; lossPct: number }) => `${x.rate} -> ${f(x.achieved)} (${f(x.lossPct, 1)}%)`).join(', ')}).`,
    '',
    `Offered for ${f(r.seconds)} s, all at once: DNS ${f(r.offered.dnsQps)} qps (dnsperf -Q, ${f(100 * r.offered.dnsFraction)}% of the DNS peak), DHCP ${f(r.offered.dhcpDora)} DORA/s (perfdhcp -r, ${f(100 * r.offered.dhcpFraction)}% of the DHCP peak) with ${f(r.offered.renewals)} renewals/s (-f) and ${f(r.offered.releases)} releases/s (-F) from ${f(r.offered.clients)} clients (perfdhcp restarted every ${r.offered.dhcpSegment} s: one perfdhcp for the whole run grows to 1 GB and falls to a few dozen DORA/s), and ${r.offered.updates} TSIG-signed UPDATEs/s (nsupdate; each adds a name and deletes one added 100 updates before). DNS and DHCP share the process's one event loop, so each gets ${f(100 * r.offered.dnsFraction)}% and ${f(100 * r.offered.dhcpFraction)}% of its own solo peak: together about ${f(100 * (r.offered.dnsFraction + r.offered.dhcpFraction))}% of what the process serves (80% of both at once would offer 160%).`,
    '',
    `Outcome: server ${r.serverAlive ? 'alive at the end' : 'DEAD'}; ${f(r.updates.sent)} UPDATEs sent, ${f(r.updates.failures)} failed in nsupdate; dnsperf: ${r.dnsperf.join('; ')}; perfdhcp: ${r.perfdhcp.join('; ')}. Zone journal: ${f(r.journalBytesPerUpdate)} bytes per UPDATE.`,
    '',
    `Flatness (bench/soak/trend.ts): the first ${f(100 * r.warmupFraction)}% of the run is warm-up and left out; over the rest, the least-squares slope and the change it fits over the span, and the medians of the first, middle and last third; a series is flat when both the fitted change and last third - first third are within the tolerance, max(rel x median, abs). ${notFlat.length === 0 ? `All ${verdicts.length} judged series flat.` : `Not flat: ${notFlat.map((x: { title: string; verdict: string }) => `${x.title} (${x.verdict})`).join(', ')}.`}`,
    '',
    '| series | start / middle / end (medians of the thirds) | slope per hour | fitted change over the run | tolerance | verdict |',
    '|---|---|---|---|---|---|',
  );
  for (const x of r.trends) {
    const tol = x.tol ? `${g(x.allowed)} ${x.unit} (max(${x.tol.rel} x median, ${g(x.tol.abs)}))` : '-';
    L.push(`| ${x.title} (${x.unit}) | ${g(x.start)} / ${g(x.middle)} / ${g(x.end)} | ${g(x.slopePerSecond * 3600)} | ${g(x.fittedChange)} | ${tol} | ${x.tol ? x.verdict : `no verdict: ${x.why}`} |`);
  }
  L.push('', `![soak samples](soak.svg) (bench/soak.svg; the samples in bench/out/soak.json, one every ${r.interval} s)`, '');
  return L.join('\n');
}

await main();
