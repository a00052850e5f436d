// dnsperf (DNS-OARC dnsperf 2.x) runs and their summaries, for bench/dns.mjs and bench/run.mjs.
import { run } from './procs.mjs';
import { LOOPBACK } from './net.mjs';

/** dnsperf's summary: qps, sent, completed, lost, response codes, average latency. */
export function parseDnsperf(out) {
  const num = (re) => Number(re.exec(out)?.[1] ?? NaN);
  return {
    qps: num(/Queries per second:\s+([\d.]+)/),
    sent: num(/Queries sent:\s+(\d+)/),
    completed: num(/Queries completed:\s+(\d+)/),
    lost: num(/Queries lost:\s+(\d+)/),
    rcodes: /Response codes:\s+(.*)/.exec(out)?.[1]?.trim() ?? '',
    avgLatencyMs: num(/Average Latency \(s\):\s+([\d.]+)/) * 1000,
  };
}

/**
 * Latency percentiles (ms) from `dnsperf -v` lines (`> RCODE NAME TYPE SECONDS`), one per
 * answered query; dnsperf 2.10 has no histogram of its own.
 */
export function latencyPercentiles(out, ps = [50, 99]) {
  const lat = [];
  for (let i = out.indexOf('\n> '); i >= 0; i = out.indexOf('\n> ', i + 3)) {
    const end = out.indexOf('\n', i + 3);
    const line = out.slice(i + 3, end < 0 ? out.length : end);
    const v = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(v)) lat.push(v * 1000);
  }
  lat.sort((a, b) => a - b);
  const at = (p) => (lat.length === 0 ? NaN : lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))]);
  return Object.fromEntries(ps.map((p) => [`p${p}`, at(p)]));
}

/**
 * One dnsperf run against LOOPBACK:port. opts: seconds, clients (-c), outstanding (-q),
 * maxQps (-Q), tcp (-m tcp), verbose (-v, for latency percentiles).
 */
export async function dnsperf(port, queryFile, opts) {
  const args = ['-s', LOOPBACK, '-p', String(port), '-d', queryFile, '-l', String(opts.seconds),
    '-c', String(opts.clients ?? 8), '-q', String(opts.outstanding ?? 200)];
  if (opts.maxQps) args.push('-Q', String(Math.round(opts.maxQps)));
  if (opts.tcp) args.push('-m', 'tcp');
  if (opts.verbose) args.push('-v');
  const r = await run('dnsperf', args);
  if (r.code !== 0) throw new Error(`dnsperf failed (${r.code}): ${r.stderr}${r.stdout.slice(-2000)}`);
  const res = parseDnsperf(r.stdout);
  return opts.verbose ? { ...res, ...latencyPercentiles(r.stdout) } : res;
}
