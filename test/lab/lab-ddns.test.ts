/**
 * The test kit with `ddns: true`: a client's lease puts its names in the lab's zones at the
 * ACK (A and PTR, by RFC 2136 updates from the lab's DHCP server to its DNS server, TSIG on
 * the lab's clock), and they go at release, and at expiry when the virtual clock passes the
 * lease's end, without sleeping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { virtualClock } from '../../src/util/clock.js';
import { queryDns } from '../../src/dns/client.js';
import type dnsPacket from 'dns-packet';

describe('test kit: leases appear in DNS (ddns: true)', () => {
  let lab: Lab;
  const clock = virtualClock(Date.UTC(2026, 10, 27, 8, 0, 0));
  beforeAll(async () => {
    lab = await startLab({ clock, ddns: true });
  });
  afterAll(async () => {
    await lab.close();
  });
  const data = (rs: dnsPacket.Answer[] | undefined, type: string) => (rs ?? []).flatMap((r) => (r.type === type && 'data' in r ? [String(r.data)] : []));
  const a = async (name: string) => data((await queryDns(lab.dns.address, name, 'A')).answers, 'A');
  const ptr = async (ip: string) => data((await queryDns(lab.dns.address, ip.split('.').reverse().join('.') + '.in-addr.arpa', 'PTR')).answers, 'PTR');

  it('names at the ACK, gone at the release', async () => {
    const c = lab.client('02:00:00:00:0d:01', { hostname: 'build1' });
    const { ip } = await c.boot();
    await lab.dhcp.ddnsIdle();
    expect(await a('build1.lab.local')).toEqual([ip]);
    expect(await ptr(ip)).toEqual(['build1.lab.local']);
    const released = lab.events.next('lease', (e) => e.kind === 'released' && e.ip === ip);
    await c.release();
    await released;
    await lab.dhcp.ddnsIdle();
    expect(await a('build1.lab.local')).toEqual([]);
    expect(await ptr(ip)).toEqual([]);
  });

  it('names gone at expiry when the virtual clock passes the lease end (600 s in the lab)', async () => {
    const c = lab.client('02:00:00:00:0d:02', { hostname: 'build2' });
    const { ip } = await c.boot();
    await lab.dhcp.ddnsIdle();
    expect(await a('build2.lab.local')).toEqual([ip]);
    await lab.clock.advanceAsync!('599s');
    await lab.dhcp.ddnsIdle();
    expect(await a('build2.lab.local')).toEqual([ip]);
    await lab.clock.advanceAsync!('2s');
    await lab.dhcp.ddnsIdle();
    expect(await a('build2.lab.local')).toEqual([]);
    expect(await ptr(ip)).toEqual([]);
  });
});
