/**
 * The soak's load generators, each a process of its own on loopback, tracked by
 * bench/lib/procs.mjs (killed by pid on exit): dnsperf at a fixed rate with interval
 * statistics (-Q, -S), perfdhcp as a relay at a fixed rate with renewals and releases and a
 * periodic report (-r, -f, -F, -t; -N the server's port, replies to the relay's port 67 as
 * RFC 2131 4.1 says), and nsupdate fed a steady stream of TSIG-signed UPDATEs on its stdin.
 * Also the brief peak measurements the soak's rates derive from.
 */
import { createInterface } from 'node:readline';
// @ts-expect-error plain ES module of the benchmarks, no declarations
import { startProcess, run } from '../lib/procs.mjs';
// @ts-expect-error plain ES module of the benchmarks, no declarations
import { dnsperf } from '../lib/dnsperf.mjs';
// @ts-expect-error plain ES module of the benchmarks, no declarations
import { parsePerfdhcp, parsePerfdhcpInterval } from '../lib/perfdhcp.mjs';
import { parseDnsperfInterval, type PerfdhcpCounts } from './samples.js';
import { median } from './trend.js';

interface Tracked {
  child: import('node:child_process').ChildProcess;
  pid: number;
  alive(): boolean;
  output(): string;
  stop(): Promise<{ code: number | null; signal: string | null }>;
}

/** A tracked process whose stdout lines go to `onLine` as they come. */
function streamed(cmd: string, args: string[], onLine: (line: string) => void, opts: object = {}): Tracked & { exited: Promise<void> } {
  const p: Tracked = startProcess(cmd, args, opts);
  createInterface({ input: p.child.stdout! }).on('line', onLine);
  const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
  return { ...p, exited };
}

export interface DhcpTarget {
  /** The relay's address (perfdhcp -l), on lo. */
  relay: string;
  /** The server's DHCP port on 127.0.0.1 (perfdhcp -N). */
  port: number;
  /** Clients perfdhcp draws its MACs from (-R). */
  clients: number;
}

/** -W: after the period, 1 s (in us) without sending for the replies in flight, so a run's end is not counted as lost. */
function perfdhcpArgs(t: DhcpTarget, rate: number, seconds: number, extra: string[] = []): string[] {
  return ['-4', '-l', t.relay, '-N', String(t.port), '-b', 'mac=02:50:00:00:00:00', '-r', String(Math.round(rate)), '-R', String(t.clients), '-p', String(seconds), '-W', '1000000', ...extra, '127.0.0.1'];
}

/** `dnsperf -Q qps -S interval` for `seconds`; each interval's answers per second to onRate. */
export function startDnsperf(port: number, queryFile: string, qps: number, seconds: number, interval: number, onRate: (r: number) => void) {
  const args = ['-s', '127.0.0.1', '-p', String(port), '-d', queryFile, '-l', String(seconds), '-c', '8', '-q', '200', '-Q', String(Math.round(qps)), '-S', String(interval)];
  let out = '';
  const p = streamed('dnsperf', args, (line) => {
    const r = parseDnsperfInterval(line);
    if (r !== undefined) onRate(r);
    else out += line + '\n';
  });
  return { ...p, summary: () => out };
}

/** Counts per exchange kind, in perfdhcp's order (its final report's blocks). */
const STAGES = ['DISCOVER-OFFER', 'REQUEST-ACK', 'REQUEST-ACK (renewal)', 'RELEASE'];
const addCounts = (a: PerfdhcpCounts, b: PerfdhcpCounts): PerfdhcpCounts => ({
  sent: STAGES.map((_, i) => (a.sent[i] ?? 0) + (b.sent[i] ?? 0)),
  received: STAGES.map((_, i) => (a.received[i] ?? 0) + (b.received[i] ?? 0)),
});

/**
 * perfdhcp at `rate` DORA/s with `renewRate` renewals and `releaseRate` releases per second
 * (-f, -F: perfdhcp 2.2 sends them for leases it holds), reporting every `interval` s, for
 * `seconds` in runs of at most `segment` s one after the other: one perfdhcp kept for the
 * whole soak grows without bound (1 GB and most of a core after 10 minutes at 600 DORA/s, its
 * sending rate falling to a few dozen a second). The same clients (-b, -R) in every run, so
 * they come back to their leases. onCounts gets the counts since the first run began: the
 * finished runs' final reports plus the current run's periodic report.
 */
export function startPerfdhcp(t: DhcpTarget, rate: number, renewRate: number, releaseRate: number, seconds: number, segment: number, interval: number, onCounts: (c: PerfdhcpCounts) => void) {
  let done: PerfdhcpCounts = { sent: [], received: [] };
  let current: Tracked | undefined;
  let stopped = false;
  const runs = async () => {
    for (let left = seconds; left > 0 && !stopped; left -= segment) {
      let out = '';
      const args = perfdhcpArgs(t, rate, Math.min(segment, left), ['-f', String(Math.round(renewRate)), '-F', String(Math.round(releaseRate)), '-t', String(interval)]);
      const p = streamed('perfdhcp', args, (line) => {
        const c = parsePerfdhcpInterval(line);
        if (c) onCounts(addCounts(done, { sent: c.sent, received: c.received }));
        else out += line + '\n';
      });
      current = p;
      await p.exited;
      const { stages } = parsePerfdhcp(out) as { stages: Record<string, { sent: number; received: number }> };
      done = addCounts(done, { sent: STAGES.map((k) => stages[k]?.sent ?? 0), received: STAGES.map((k) => stages[k]?.received ?? 0) });
      onCounts(done);
    }
  };
  const exited = runs();
  return {
    exited,
    /** The runs' final reports summed, per exchange kind. */
    totals: () => Object.fromEntries(STAGES.map((k, i) => [k, { sent: done.sent[i] ?? 0, received: done.received[i] ?? 0 }])),
    async stop() {
      stopped = true;
      await current?.stop();
      await exited;
    },
  };
}

/**
 * nsupdate -k keyFile, fed one UPDATE (RFC 2136) every 1/rate s: each adds soak-N.lab.local A
 * and deletes the name added `window` updates earlier, so the zone keeps its size while its
 * journal takes every change. `failures()` counts nsupdate's "update failed" lines.
 */
export function startUpdater(port: number, keyFile: string, rate: number, window = 100) {
  let failures = 0;
  let sent = 0;
  const p = streamed('nsupdate', ['-k', keyFile], () => {}, { stdio: ['pipe', 'pipe', 'pipe'] });
  p.child.stderr!.on('data', (d: Buffer) => (failures += (d.toString().match(/update failed|timed out|could not/g) ?? []).length));
  const stdin = p.child.stdin!;
  stdin.on('error', () => {});
  stdin.write(`server 127.0.0.1 ${port}\nzone lab.local\n`);
  const ip = (n: number) => `10.77.${(n >> 8) & 255}.${n & 255}`;
  const timer = setInterval(() => {
    const n = sent++;
    let msg = `update add soak-${n}.lab.local 300 A ${ip(n)}\n`;
    if (n >= window) msg += `update delete soak-${n - window}.lab.local A\n`;
    stdin.write(`${msg}send\n`);
  }, 1000 / rate);
  return {
    sent: () => sent,
    failures: () => failures,
    async stop() {
      clearInterval(timer);
      stdin.end();
      const t = setTimeout(() => void p.stop(), 10_000);
      await p.exited;
      clearTimeout(t);
    },
    alive: p.alive,
  };
}

/**
 * The median of `runs` unthrottled dnsperf runs of `seconds` (8 clients, 200 outstanding): on a
 * machine shared with other work the best run is a quiet moment, the median what is held.
 */
export async function dnsPeak(port: number, queryFile: string, seconds: number, runs = 3): Promise<{ qps: number; runs: number[] }> {
  const all: number[] = [];
  for (let i = 0; i < runs; i++) all.push((await dnsperf(port, queryFile, { seconds })).qps);
  return { qps: median(all), runs: all };
}

export interface DhcpStep {
  rate: number;
  achieved: number;
  lossPct: number;
}

/** One perfdhcp run of `seconds` at `rate`: DORAs completed per second and the DISCOVERs without an ACK. */
export async function dhcpStep(t: DhcpTarget, rate: number, seconds: number): Promise<DhcpStep> {
  const r = await run('perfdhcp', perfdhcpArgs(t, rate, seconds));
  const { stages } = parsePerfdhcp(r.stdout);
  const d = stages['DISCOVER-OFFER'];
  const a = stages['REQUEST-ACK'];
  const lossPct = d && a && d.sent > 0 ? 100 * (1 - a.received / d.sent) : 100;
  // ACKs over the sending period (perfdhcp's own Rate divides by the period plus -W's wait).
  return { rate, achieved: a ? a.received / seconds : 0, lossPct };
}

/**
 * labnet's DHCP peak: `rates` stepped up until a step loses `dropLimitPct`% or more (bench/dhcp.mjs's
 * rule); the peak is the DORA/s achieved at the highest step held.
 */
export async function dhcpPeak(t: DhcpTarget, rates: number[], seconds: number, dropLimitPct = 2.5): Promise<{ peak: number; steps: DhcpStep[] }> {
  const steps: DhcpStep[] = [];
  for (const rate of rates) {
    const s = await dhcpStep(t, rate, seconds);
    steps.push(s);
    if (s.lossPct >= dropLimitPct) break;
  }
  const held = steps.filter((s) => s.lossPct < dropLimitPct);
  return { peak: held.length ? Math.max(...held.map((s) => s.achieved)) : 0, steps };
}
