/**
 * npm run bench:fuzz [-- fuzz|flood|all] (vite-node bench/fuzz/run.ts): the long campaigns
 * against `labnet serve` of the lab, built from the current sources (test/cli/built-cli.ts)
 * and run in a process of its own on loopback:
 *
 * - fuzz: BENCH_FUZZ_PACKETS (default 1,000,000) mutated packets from the captured corpus
 *   (campaign.ts), then the lab's answers and a DORA (probes.ts);
 * - flood: BENCH_FLOOD_PACKETS (default 1,000,000) queries for distinct random names under
 *   lab.local, then as many DISCOVERs from distinct MACs never requesting (flood.ts), each
 *   against a fresh server with its default bounds (answer cache 100,000 entries / 64 MiB,
 *   offers held 60 s): RSS sampled every 5,000 packets, the slope of the second half;
 *
 * The figures go into bench/RESULTS.md, section "Hostile input" (replaced, the rest kept;
 * bench/run.mjs carries the section over when it rewrites the file).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, type BuiltCli } from '../../test/cli/built-cli.js';
import { tmpTree } from '../../test/util/tmp-tree.js';
import { startServe, type ServeProcess } from './server-process.js';
import { loadCorpus, runCampaign } from './campaign.js';
import { inLabRange, probeDhcp, probeDns } from './probes.js';
import { dhcpFlood, dnsFlood, flatness, type FloodFigures } from './flood.js';
// @ts-expect-error plain ES module of the benchmarks, no declarations
import { replaceSection } from '../lib/sections.mjs';

const RESULTS = join(import.meta.dirname, '..', 'RESULTS.md');
export const SECTION = '## Hostile input';
const what = process.argv[2] ?? 'all';
const log = (m: string) => console.error(`[bench:fuzz] ${m}`);

async function withServer<T>(cli: BuiltCli, f: (s: ServeProcess) => Promise<T>): Promise<T> {
  const dir = tmpTree('labnet-bench-fuzz-');
  const lab = join(cli.root, 'fixtures', 'lab');
  const s = await startServe(cli.bin, dir.dir, ['--named-conf', join(lab, 'named.conf'), '--dhcpd-conf', join(lab, 'dhcpd.conf'), '--leases', join(dir.dir, 'dhcpd.leases')]);
  try {
    return await f(s);
  } finally {
    await s.stop();
    dir.remove();
  }
}

const mib = (kib: number) => (kib / 1024).toFixed(1);

async function fuzz(cli: BuiltCli): Promise<string[]> {
  const packets = Number(process.env.BENCH_FUZZ_PACKETS ?? 1_000_000);
  return withServer(cli, async (s) => {
    const before = await probeDns(s.dnsPort);
    const dhcpBefore = await probeDhcp(s.dhcpPort);
    const f = await runCampaign(s, loadCorpus(), {
      packets,
      seed: 2026,
      batch: 2000,
      onBatch: (n, rss) => n % 100_000 === 0 && log(`${n} packets, RSS ${mib(rss)} MiB`),
    });
    const alive = s.alive();
    const after = alive ? await probeDns(s.dnsPort) : { summaries: [], wrong: ['server dead'] };
    const same = after.summaries.length === before.summaries.length && after.summaries.every((x, i) => x === before.summaries[i]);
    const dhcp = alive ? await probeDhcp(s.dhcpPort) : { reserved: 'dead', dynamic: 'dead' };
    const fresh = alive ? (await probeDhcp(s.dhcpPort, '02:00:5e:00:53:99')).dynamic : 'dead';
    const half = Math.floor(f.rss.length / 2);
    const rows = [
      `Fuzz (bench/fuzz/campaign.ts, seed 2026): ${packets.toLocaleString('en')} mutated packets from bench/fuzz/corpus.json to one \`labnet serve\` of the lab in ${f.seconds.toFixed(0)} s:`,
      '',
      '| figure | value |',
      '|---|---|',
      `| DNS over UDP / over TCP (connections) / DHCP | ${f.dnsUdp.toLocaleString('en')} / ${f.dnsTcp.toLocaleString('en')} (${f.tcpConnections.toLocaleString('en')}) / ${f.dhcp.toLocaleString('en')} |`,
      `| crashes (server exit) | ${alive ? 0 : `1 (${s.exitStatus()})`} |`,
      `| liveness checks failed (known-check.ts, one per 2,000 packets) | ${f.missedProbes} of ${f.rss.length - 1} |`,
      `| RSS before / max / after | ${mib(f.rss[0])} / ${mib(Math.max(...f.rss))} / ${mib(f.rss.at(-1)!)} MiB |`,
      `| RSS at the half-way sample / at the end | ${mib(f.rss[half])} / ${mib(f.rss.at(-1)!)} MiB |`,
      `| lab answers afterwards (${before.summaries.length} probes, UDP and TCP) | ${after.wrong.length === 0 && same ? 'all correct and as before' : `WRONG: ${after.wrong.join('; ')}`} |`,
      `| DORA before -> after: esxi01 (reserved) / a dynamic client | ${dhcpBefore.reserved} -> ${dhcp.reserved} / ${dhcpBefore.dynamic} -> ${dhcp.dynamic}${inLabRange(dhcp.dynamic) ? '' : ' (not in the range)'} |`,
      `| DORA afterwards for a MAC never seen (the pool may be held by fuzzed offers, 60 s) | ${fresh} |`,
    ];
    return rows;
  });
}

async function flood(cli: BuiltCli): Promise<string[]> {
  const count = Number(process.env.BENCH_FLOOD_PACKETS ?? 1_000_000);
  const progress = (what: string) => (n: number, rss: number) => n % 100_000 === 0 && log(`${what}: ${n}, RSS ${mib(rss)} MiB`);
  const row = (what: string, reply: string, f: FloodFigures, s: ServeProcess) => {
    const half = Math.floor(f.rss.length / 2);
    return `| ${what} | ${f.sent.toLocaleString('en')} in ${f.seconds.toFixed(0)} s | ${f.replies.toLocaleString('en')} ${reply}, ${f.wrong} wrong, ${f.failedChecks} failed checks | ${s.alive() ? 'alive' : s.exitStatus()} | ${mib(f.rss[0])} / ${mib(f.rss[half])} / ${mib(Math.max(...f.rss))} / ${mib(f.rss.at(-1)!)} | ${flatness(f).bytesPerPacket.toFixed(2)} |`;
  };
  const dns = await withServer(cli, async (s) => row('distinct random names under lab.local (A)', 'NXDOMAIN', await dnsFlood(s, { count, batch: 5000, seed: 2026, onBatch: progress('names') }), s));
  const dhcp = await withServer(cli, async (s) => row('DISCOVERs from distinct MACs, never a REQUEST', 'OFFERs', await dhcpFlood(s, { count, batch: 5000, seed: 2027, onBatch: progress('DISCOVERs') }), s));
  return [
    'Floods (bench/fuzz/flood.ts), each against a fresh `labnet serve` of the lab with its default bounds; checks after every 5,000 packets (vcenter.lab.local A answered right; esxi01 DORA to 192.168.244.131); slope: least squares over the second half of the RSS samples\' lower envelope (flood.ts flatness), bytes of RSS per packet (unbounded: ~400 per name as measured in issue 11, 188 per MAC as measured with the allocator\'s client index unbounded):',
    '',
    '| flood | packets | replies | server | RSS start / half-way / max / end (MiB) | slope, second half (B/packet) |',
    '|---|---|---|---|---|---|',
    dns,
    dhcp,
  ];
}

async function main() {
  log('building the CLI from the sources');
  const cli = buildCli();
  try {
    const parts: string[] = [`Measured ${new Date().toISOString()} (\`npm run bench:fuzz -- ${what}\`, load average ${(await import('node:os')).loadavg()[0].toFixed(2)} at start).`, ''];
    if (what === 'fuzz' || what === 'all') parts.push(...(await fuzz(cli)), '');
    if (what === 'flood' || what === 'all') parts.push(...(await flood(cli)), '');
    const md = replaceSection(readFileSync(RESULTS, 'utf8'), SECTION, parts.join('\n'));
    writeFileSync(RESULTS, md);
    console.log(parts.join('\n'));
  } finally {
    cli.tree.remove();
  }
}

await main();
