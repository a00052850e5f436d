// The "DHCP scaling" section of bench/RESULTS.md from bench/dhcp-scale.mjs's JSON: its body
// (sections.mjs replaceSection puts it under the heading; npm run bench keeps it).
export const DHCP_SCALE_HEADING = '## DHCP scaling';

const f = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '-');
const ratio = (a, b) => (Number.isFinite(a / b) && b > 0 ? `${f(a / b, 2)}x` : '-');

/** One table line for a row's labnet and Kea results. */
function line(what, r) {
  const l = r.labnet ?? { error: 'not run' };
  const k = r.kea ?? { error: 'not run' };
  const cell = (x, key, d = 0) => (x.error ? '-' : f(x[key], d));
  const both = (key, d) => `${cell(l, key, d)} / ${cell(k, key, d)}`;
  const rat = (key) => (l.error || k.error ? '-' : ratio(l[key], k[key]));
  const lost = `${cell(l, 'lossPct', 2)} / ${cell(k, 'lossPct', 2)}`;
  const notes = [l, k].map((x, i) => (x.error ? `${i ? 'Kea' : 'labnet'}: ${x.error}` : '')).filter(Boolean).join('; ');
  return `| ${what} | ${both('readyMs')} | ${rat('readyMs')} | ${both('rssReadyMb')} | ${rat('rssReadyMb')} | ${both('cpuPer1k', 1)} | ${rat('cpuPer1k')} | ${both('rssAfterMb')} | ${lost} | ${[l, k].map((x) => (x.error ? '-' : x.loadavg.split(' ')[0])).join(' / ')} |${notes ? ` ${notes.replace(/\|/g, '/').replace(/\n/g, ' ')}` : ''}`;
}

export function scalingMarkdown(res) {
  const L = [];
  L.push(`Written by \`npm run bench:dhcp-scale${res.quick ? ' -- --quick' : ''}\` (bench/dhcp-scale.mjs) on ${res.when}, ${res.totalS} s. labnet (\`labnet serve\`, built) and Kea ${res.machine.kea} (memfile, persist on) in turn on ${res.server}:67, perfdhcp relaying from ${res.relay}; one run per server and row. Machine: ${res.machine.cores} cores, Linux ${res.machine.kernel}, Node ${res.machine.node}. Load average before: ${res.loadBefore}; after: ${res.loadAfter}.`, '');
  L.push(`Each cell is labnet / Kea. Ready: ms from spawn to the first OFFER to a relayed DISCOVER; RSS then. CPU: user+system of the server per 1,000 DORAs completed under perfdhcp at ${f(res.rate)}/s for ${res.seconds} s (after a 1 s warm-up at 500/s); labnet fdatasyncs each lease before its ACK, Kea's memfile appends without fsync. RSS after that run. Load: the 1-minute load average when the server started.`, '');
  // A run on a contended machine says so (the 1-minute load average above the core count).
  const loads = [...res.pools, ...res.journals].flatMap((r) => [r.labnet, r.kea]).filter((x) => x && !x.error).map((x) => Number(x.loadavg.split(' ')[0]));
  const worst = Math.max(...loads, Number(String(res.loadBefore).split(' ')[0]));
  if (worst > res.machine.cores) L.push(`**Contended run**: the load average reached ${f(worst, 1)} on ${res.machine.cores} cores, so perfdhcp and the servers shared the CPU with other work (see the lost %): these figures are not a measurement of either server; re-run on an idle machine.`, '');
  const head = '| ready ms | ready labnet / Kea | RSS at ready MB | RSS labnet / Kea | CPU ms per 1,000 DORAs | CPU labnet / Kea | RSS after MB | lost % | load |';
  const rule = '|---|---|---|---|---|---|---|---|---|---|';
  L.push(`| pool (subnet 10.0.0.0, empty journal; clients) ${head}`, rule);
  for (const p of res.pools) {
    const who = p.clients >= 10_000_000 ? 'a new client per exchange' : `${f(p.clients)} clients returning`;
    L.push(line(`/${p.prefix}: ${f(p.poolSize)} addresses (${who})`, p));
  }
  L.push('');
  L.push(`| journal (the /8 pool; new clients) ${head}`, rule);
  for (const j of res.journals) L.push(line(`${f(j.leases)} active leases${j.sameAsPool ? ` (the /${j.sameAsPool} pool row's run)` : ''}`, j));
  L.push('');
  return L.join('\n');
}

/** The same figures as bar panels for bench/results.svg (svg.mjs barSection): labnet and Kea per row. */
export function scalingPanels(res) {
  const bars = (rows, label, key) => rows.flatMap((r) => ['labnet', 'kea'].map((s) => ({ label: `${s === 'kea' ? 'Kea' : 'labnet'} ${label(r)}`, mine: s === 'labnet', value: r[s] && !r[s].error ? r[s][key] : NaN })));
  const pool = (r) => `/${r.prefix}`;
  const leases = (r) => (r.leases >= 1_000_000 ? `${r.leases / 1_000_000}M` : r.leases >= 1000 ? `${r.leases / 1000}k` : String(r.leases));
  return [
    { title: `DHCP pools /24 /16 /8: CPU ms per 1,000 DORAs at ${f(res.rate)}/s (lower is better)`, d: 1, bars: bars(res.pools, pool, 'cpuPer1k') },
    { title: 'DHCP restart on N leases: ms to the first OFFER (lower is better)', d: 0, bars: bars(res.journals, leases, 'readyMs') },
    { title: 'DHCP restart on N leases: RSS MB at the first OFFER (lower is better)', d: 0, bars: bars(res.journals, leases, 'rssReadyMb') },
  ];
}

