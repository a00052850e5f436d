import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { virtualClock } from '../../src/util/clock.js';

/** dns-packet's decoded answers, as its types do not say (rcode, data of every RR). */
type Decoded = { rcode?: string; answers?: { type: string; data: unknown }[] };
const decoded = (p: unknown) => p as Decoded;

// GUIDE section 3: the embeddable lab on ephemeral loopback ports with a virtual clock.
describe('startLab: the lab network in a test suite', () => {
  let lab: Lab;
  const clock = virtualClock(Date.UTC(2026, 10, 27, 8, 0, 0));

  beforeAll(async () => {
    lab = await startLab({ clock });
  });
  afterAll(async () => {
    await lab.close();
  });

  it('serves DNS on an ephemeral loopback port', () => {
    expect(lab.dns.address.address).toBe('127.0.0.1');
    expect(lab.dns.address.port).toBeGreaterThan(0);
    expect(lab.dhcp.address.port).toBeGreaterThan(0);
  });

  it('answers forward and reverse for vCenter (the installer needs both)', async () => {
    const fwd = decoded(await lab.dns.query('vcenter.lab.local', 'A'));
    expect(fwd.rcode).toBe('NOERROR');
    expect(fwd.answers?.map((a) => a.data)).toEqual(['192.168.244.135']);
    const rev = decoded(await lab.dns.query('135.244.168.192.in-addr.arpa', 'PTR', { tcp: true }));
    expect(rev.answers?.map((a) => a.data)).toEqual(['vcenter.lab.local']);
  });

  it('follows the kubeflow CNAME to the Jupyter VM', async () => {
    const r = decoded(await lab.dns.query('kubeflow.lab.local', 'A'));
    expect(r.answers?.map((a) => [a.type, a.data])).toEqual([
      ['CNAME', 'jupyter.lab.local'],
      ['A', '192.168.244.140'],
    ]);
  });

  it('gives an ESXi host its reservation by a real DORA over UDP', async () => {
    const esxi = lab.client('00:0c:29:aa:bb:01');
    const r = await esxi.boot();
    expect(r.ip).toBe('192.168.244.131');
    expect(r.options.routers).toEqual(['192.168.244.2']);
    expect(r.options.dns).toEqual(['192.168.244.139']);
    expect(r.options.domainName).toBe('lab.local');
  });

  it('leases a dynamic address from the range, timed by the injected clock', async () => {
    const vm = lab.client('00:0c:29:12:34:56');
    const r = await vm.boot();
    const n = Number(r.ip.split('.')[3]);
    expect(r.ip.startsWith('192.168.244.')).toBe(true);
    expect(n).toBeGreaterThanOrEqual(150);
    expect(n).toBeLessThanOrEqual(250);
    const lease = lab.dhcp.leases().find((l) => l.hardwareEthernet === '00:0c:29:12:34:56');
    expect(lease?.state).toBe('active');
    expect(lease!.ends - lease!.starts).toBe(600_000); // default-lease-time 600
    expect(lease!.starts).toBe(clock.now());
  });

  it('moves time without sleeping: a renewal after 2h restarts the lease at the new time', async () => {
    const vm = lab.client('00:0c:29:65:43:21');
    const first = await vm.boot();
    lab.clock.advance!('2h');
    const again = await vm.boot();
    expect(again.ip).toBe(first.ip); // the client returns to its address
    const lease = lab.dhcp.leases().find((l) => l.hardwareEthernet === '00:0c:29:65:43:21');
    expect(lease!.starts).toBe(clock.now());
  });
});
