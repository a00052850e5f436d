/**
 * The short fuzz campaign (bench/fuzz/): 20,000 mutated packets from the captured corpus
 * (dig, nsupdate, perfdhcp, udhcpc) to a `labnet serve` process of the lab on loopback -
 * DNS over UDP and TCP, DHCP - then: the process is alive, every liveness probe during the
 * run was answered, its RSS did not grow past a bound, and it still gives the lab's answers
 * (the same as before the campaign) and its DHCP clients booted before it boot again to the same addresses. The long run: npm run bench:fuzz.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServe } from '../../bench/fuzz/server-process.js';
import { loadCorpus, runCampaign } from '../../bench/fuzz/campaign.js';
import { inLabRange, probeDhcp, probeDns } from '../../bench/fuzz/probes.js';
import { serverForFile } from './server-fixture.js';

const server = serverForFile((cli, dir) => {
  const lab = join(cli.root, 'fixtures', 'lab');
  return startServe(cli.bin, dir, ['--named-conf', join(lab, 'named.conf'), '--dhcpd-conf', join(lab, 'dhcpd.conf'), '--leases', join(dir, 'dhcpd.leases')]);
});

describe('fuzz campaign against a running labnet serve (short)', () => {
  it('20,000 mutated DNS (UDP, TCP) and DHCP packets: no crash, RSS bounded, the lab still answers', async () => {
    const srv = server();
    const corpus = loadCorpus();
    expect(corpus.dns.length).toBeGreaterThan(20);
    expect(corpus.dhcp.length).toBeGreaterThan(3);
    // Captured from each real client the issue names (bench/fuzz/capture.mjs).
    const captured = (JSON.parse(readFileSync(join(import.meta.dirname, '../../bench/fuzz/corpus.json'), 'utf8')) as { dhcp: { src: string }[] }).dhcp;
    for (const client of ['perfdhcp', 'udhcpc', 'dhclient']) expect(captured.some((m) => m.src.startsWith(client)), client).toBe(true);
    const before = await probeDns(srv.dnsPort);
    expect(before.wrong).toEqual([]);
    const dhcpBefore = await probeDhcp(srv.dhcpPort);
    expect(dhcpBefore.reserved).toBe('192.168.244.131');
    expect(inLabRange(dhcpBefore.dynamic)).toBe(true);
    const f = await runCampaign(srv, corpus, { packets: 20_000, seed: 11 });
    expect(srv.exitStatus()).toBeUndefined();
    expect(f.dnsUdp + f.dnsTcp + f.dhcp).toBe(20_000);
    expect(f.missedProbes).toBe(0);
    // The answer cache is the one table fuzzed names can fill (100,000 entries at most);
    // 20,000 packets make at most 11,000 entries of at most a few hundred bytes each: a
    // growth past 64 MiB would mean something else is kept per packet.
    const growth = Math.max(...f.rss) - f.rss[0];
    expect(growth).toBeLessThan(64 * 1024);
    const after = await probeDns(srv.dnsPort);
    expect(after.wrong).toEqual([]);
    expect(after.summaries).toEqual(before.summaries);
    // The same two clients boot again and get their addresses back (RFC 2131 4.3.1: the
    // client's current address). A client never seen before may find the pool taken by the
    // fuzzed DISCOVERs' offers for their 60 s, as with dhcpd.
    expect(await probeDhcp(srv.dhcpPort)).toEqual(dhcpBefore);
    console.log(`fuzz: ${f.dnsUdp} DNS/UDP, ${f.dnsTcp} DNS/TCP on ${f.tcpConnections} connections, ${f.dhcp} DHCP in ${f.seconds.toFixed(1)} s; RSS ${f.rss[0]} -> ${f.rss.at(-1)} KiB (max ${Math.max(...f.rss)})`);
  }, 60_000);
});
