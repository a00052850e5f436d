// The zone scaling series (issue 9): zones of 1k, 100k, 1M and 5M A records (bench/lib/big-zone.mjs),
// each loaded by labnet (`labnet serve --zone`) and BIND 9.18 (`named -n 1`) in turn, rounds
// alternating the servers (labnet, BIND, labnet, BIND...). Measured per load: the time from
// spawn until the zone's last record answers, and RSS (VmRSS; VmHWM the peak) then. The cost
// per record is taken above a zone of 3 records (SOA, NS, A) measured in the same rounds, so a
// server's start-up is not spread over the records: µs per record = (ready(n) - ready(3)) / n,
// bytes per record = (RSS(n) - RSS(3)) / n. A size whose estimated peak does not fit in the
// memory the kernel says is available (MemAvailable) is skipped and said to be.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeBigZone } from './big-zone.mjs';
import { freePort, waitAnswer } from './net.mjs';
import { memoryKiB } from './procs.mjs';
import { startBindServer, startLabnetServer } from './servers.mjs';
import { loadavg } from './sysstats.mjs';

export const ZONE_SIZES = [1_000, 100_000, 1_000_000, 5_000_000];
export const ZONE_SIZES_QUICK = [1_000, 100_000];

/** The sizes to run: BENCH_ZONE_SIZES (comma-separated), else the series (--quick: up to 100k). */
export function zoneSizes(quick) {
  const env = process.env.BENCH_ZONE_SIZES;
  if (env) return env.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  return quick ? ZONE_SIZES_QUICK : ZONE_SIZES;
}
const SERVERS = { labnet: startLabnetServer, bind: startBindServer };
export const ZONE_SERVERS = Object.keys(SERVERS);
const BASE_RECORDS = 3; // the zone writeBigZone(file, 0) makes: SOA, NS, ns A
/**
 * Peak memory either server may take per record, and its start, with a margin (measured
 * 2026-12: BIND 9.18 ~330 B of RSS per A record, labnet's peak below 250 B): a size is run
 * only when this fits in MemAvailable.
 */
const PEAK_BYTES_PER_RECORD = 500;
const PEAK_BASE_BYTES = 200 * 1048576;

/** MemAvailable of /proc/meminfo, in bytes. */
export function memAvailable() {
  const kb = Number(/^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? NaN);
  return kb * 1024;
}

/** The memory a load of `n` records is allowed to need (see PEAK_BYTES_PER_RECORD). */
export const neededBytes = (n) => PEAK_BASE_BYTES + PEAK_BYTES_PER_RECORD * n;

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One load: spawn `which` on `file`, wait for `last` to answer, read its memory, stop it. */
async function loadOnce(which, file, last, n) {
  const port = await freePort();
  const load = loadavg();
  const t0 = performance.now();
  const srv = SERVERS[which]([{ origin: 'big.test', file }], port);
  try {
    const readyMs = await waitAnswer(port, last, 1, t0, { alive: srv.alive, timeoutMs: Math.max(120_000, n / 20) });
    const m = memoryKiB(srv.pid);
    return { readyMs, rssKiB: m.rss, hwmKiB: m.hwm, load };
  } catch (e) {
    throw new Error(`${srv.name} on ${n} records: ${e.message}\n${srv.output()}`);
  } finally {
    await srv.stop();
  }
}

/**
 * Runs the series: `sizes` (record counts besides the SOA, NS and A of every zone), `rounds`
 * rounds. Returns { sizes: [{ records, skipped?, labnet: {...}, bind: {...} }], base, ... }.
 */
export async function measureZoneScale({ sizes, rounds, work, log = () => {} }) {
  const runs = [{ n: 0 }, ...sizes.map((n) => ({ n }))];
  for (const r of runs) {
    const need = neededBytes(r.n);
    const avail = memAvailable();
    if (need > avail) {
      r.skipped = `needs about ${Math.round(need / 1048576)} MB, ${Math.round(avail / 1048576)} MB available (MemAvailable)`;
      log(`zone of ${r.n} records skipped: ${r.skipped}`);
      continue;
    }
    r.file = join(work, `zone-${r.n}.db`);
    await writeBigZone(r.file, r.n);
    r.last = r.n === 0 ? 'ns.big.test' : `h${r.n - 1}.big.test`;
    r.loads = Object.fromEntries(ZONE_SERVERS.map((s) => [s, []]));
  }
  const loadAvgBefore = loadavg();
  const t0 = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const r of runs) {
      if (r.skipped) continue;
      for (const s of ZONE_SERVERS) {
        const x = await loadOnce(s, r.file, r.last, r.n);
        r.loads[s].push(x);
        log(`zone round ${round + 1}/${rounds}, ${r.n} records, ${s}: ${(x.readyMs / 1000).toFixed(2)} s, ${(x.rssKiB / 1024).toFixed(0)} MB (load ${x.load})`);
      }
    }
  }
  for (const r of runs) if (r.file) rmSync(r.file, { force: true });
  const summarise = (r) => Object.fromEntries(ZONE_SERVERS.map((s) => {
    const l = r.loads[s];
    return [s, {
      readyMs: median(l.map((x) => x.readyMs)), readyRounds: l.map((x) => x.readyMs),
      rssKiB: median(l.map((x) => x.rssKiB)), hwmKiB: median(l.map((x) => x.hwmKiB)),
      loads: l.map((x) => x.load.split(' ')[0]),
    }];
  }));
  const base = runs[0].skipped ? undefined : summarise(runs[0]);
  const out = [];
  for (const r of runs.slice(1)) {
    const records = r.n + BASE_RECORDS;
    if (r.skipped) {
      out.push({ records, skipped: r.skipped });
      continue;
    }
    const sum = summarise(r);
    for (const s of ZONE_SERVERS) {
      const x = sum[s];
      x.usPerRecord = base ? ((x.readyMs - base[s].readyMs) * 1000) / r.n : NaN;
      x.bytesPerRecord = base ? ((x.rssKiB - base[s].rssKiB) * 1024) / r.n : NaN;
    }
    out.push({ records, ...sum });
  }
  return { rounds, baseRecords: BASE_RECORDS, base, sizes: out, loadAvgBefore, loadAvgAfter: loadavg(), seconds: (performance.now() - t0) / 1000 };
}

const f = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '-');
const ratio = (a, b) => (Number.isFinite(a / b) && b > 0 ? `${f(a / b, 2)}x` : '-');
const MB = (kib) => kib / 1024;

export const ZONE_HEADING = '## Zone sizes';

/** The "Zone sizes" section of bench/RESULTS.md. */
export function zoneScaleMarkdown(z, { when, command }) {
  const L = [ZONE_HEADING, ''];
  L.push(`Written by \`${command}\` on ${when}, ${f(z.seconds)} s. Zones of N A records (h0 .. h{N-1}.big.test, bench/lib/big-zone.mjs) plus SOA, NS and the NS's A; labnet (\`labnet serve --zone\`, built) and BIND 9.18 (\`named -n 1\`) in turn, ${z.rounds} round${z.rounds === 1 ? '' : 's'} alternating the servers, medians. Ready: from spawn until the zone's last record answers; RSS (VmRSS) then, peak (VmHWM) after /. Per record: above the ${z.baseRecords}-record zone (${z.base ? `labnet ${f(z.base.labnet.readyMs / 1000, 2)} s, ${f(MB(z.base.labnet.rssKiB))} MB; BIND ${f(z.base.bind.readyMs / 1000, 2)} s, ${f(MB(z.base.bind.rssKiB))} MB` : 'not measured'}), in the same rounds. The 2 cores are shared: times move with the load average (1-minute, at each labnet start, listed); memory does not. Load average before: ${z.loadAvgBefore}; after: ${z.loadAvgAfter}.`, '');
  L.push('| records | labnet ready s (rounds) | BIND ready s (rounds) | labnet / BIND time | labnet RSS / peak MB | BIND RSS / peak MB | labnet / BIND RSS | labnet µs / bytes per record | BIND µs / bytes per record | load at labnet starts |');
  L.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of z.sizes) {
    if (r.skipped) {
      L.push(`| ${f(r.records)} | skipped: ${r.skipped} | | | | | | | | |`);
      continue;
    }
    const { labnet: l, bind: b } = r;
    const rounds = (x) => x.readyRounds.map((v) => f(v / 1000, 2)).join(', ');
    L.push(`| ${f(r.records)} | ${f(l.readyMs / 1000, 2)} (${rounds(l)}) | ${f(b.readyMs / 1000, 2)} (${rounds(b)}) | ${ratio(l.readyMs, b.readyMs)} | ${f(MB(l.rssKiB))} / ${f(MB(l.hwmKiB))} | ${f(MB(b.rssKiB))} / ${f(MB(b.hwmKiB))} | ${ratio(l.rssKiB, b.rssKiB)} | ${f(l.usPerRecord, 2)} / ${f(l.bytesPerRecord)} | ${f(b.usPerRecord, 2)} / ${f(b.bytesPerRecord)} | ${l.loads.join(', ')} |`);
  }
  L.push('');
  return L.join('\n');
}

/** Panels for bench/results.svg (bench/lib/svg.mjs barPanels): one bar per size and server. */
export function zoneScalePanels(z) {
  const rows = [];
  for (const r of z.sizes) {
    if (r.skipped) continue;
    for (const s of ZONE_SERVERS) rows.push({ label: `${f(r.records)} ${s === 'bind' ? 'BIND' : s}`, mine: s === 'labnet', x: r[s] });
  }
  const panel = (title, d, v) => ({ title, d, bars: rows.map((row) => ({ label: row.label, mine: row.mine, value: v(row.x) })) });
  return [
    panel('Zone load: seconds until the last record answers (lower is better)', 2, (x) => x.readyMs / 1000),
    panel('Zone load: RSS MB once answering (lower is better)', 0, (x) => MB(x.rssKiB)),
    panel('Zone load: µs per record, above a 3-record zone (flat is linear)', 2, (x) => x.usPerRecord),
    panel('Zone load: bytes of RSS per record, above a 3-record zone (flat is linear)', 0, (x) => x.bytesPerRecord),
  ];
}
