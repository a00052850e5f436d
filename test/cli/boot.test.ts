/**
 * `labnet boot MAC`: a machine booting against a running labnet from the command line, as a
 * user tries a host of their own: the DORA over UDP on loopback, then the names labnet's DNS
 * gives its address (the lease registered by RFC 2136 before the ACK), `--release` giving it
 * back; `--dhcp` elsewhere than loopback refused before anything is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type BuiltCli } from './built-cli.js';
import { dnsPort, labnet, startUp } from './up-process.js';
import { tmpTree } from '../util/tmp-tree.js';
import { queryDns } from '../../src/dns/client.js';

let cli: BuiltCli;
beforeAll(() => {
  cli = buildCli();
}, 120_000);
afterAll(() => cli?.tree.remove());

type Decoded = { rcode?: string; answers?: { type: string; data: unknown }[] };

describe('labnet boot', () => {
  it('boots a new machine against the labnet up of this folder; its address resolves both ways; --release frees it', async () => {
    const dir = tmpTree('labnet-boot-');
    const up = await startUp(cli, dir.dir);
    try {
      const dns = { address: '127.0.0.1', port: dnsPort(up.out) };
      const first = await labnet(cli, dir.dir, 'boot', '02:00:00:00:00:77', '--hostname', 'newvm', '--json');
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const r = JSON.parse(first.stdout);
      expect(r).toMatchObject({ mac: '02:00:00:00:00:77', hostname: 'newvm', serverId: expect.any(String), released: false });
      expect(r.address).toMatch(/^192\.168\.244\.(1[5-9]\d|2[0-4]\d|250)$/);
      expect(r.leaseSeconds).toBeGreaterThan(0);
      expect(Date.parse(r.leaseEnds)).toBeGreaterThan(Date.now());
      // The names printed are what labnet's DNS answers.
      expect(r.forward).toBe('newvm.lab.local');
      expect(r.reverse).toBe('newvm.lab.local');
      const a = (await queryDns(dns, 'newvm.lab.local', 'A')) as Decoded;
      expect(a.answers?.filter((x) => x.type === 'A').map((x) => x.data)).toEqual([r.address]);

      // The table form, and the same address on a second boot of the same machine (RFC 2131 4.3.1).
      const again = await labnet(cli, dir.dir, 'boot', '02:00:00:00:00:77', '--hostname', 'newvm');
      expect(again.code).toBe(0);
      const lines = again.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^NAME\s+MAC\s+ADDRESS\s+LEASE ENDS \(UTC\)\s+FORWARD\s+REVERSE$/);
      expect(lines[1]!.split(/\s+/)).toEqual(['newvm', '02:00:00:00:00:77', r.address, expect.stringMatching(/^\d{4}\/\d\d\/\d\d$/), expect.stringMatching(/^\d\d:\d\d:\d\d$/), 'newvm.lab.local', 'newvm.lab.local']);
      const leases = JSON.parse((await labnet(cli, dir.dir, 'leases', '--json')).stdout) as { ip: string; mac: string; state: string }[];
      expect(leases.find((l) => l.mac === '02:00:00:00:00:77')).toMatchObject({ ip: r.address, state: 'active' });

      // --release: the lease is given back and its names removed (RFC 4703 5.5, as dhcpd at release).
      const released = await labnet(cli, dir.dir, 'boot', '02:00:00:00:00:77', '--hostname', 'newvm', '--release', '--json');
      expect(JSON.parse(released.stdout)).toMatchObject({ address: r.address, released: true });
      await expect.poll(async () => ((await queryDns(dns, 'newvm.lab.local', 'A')) as Decoded).rcode).toBe('NXDOMAIN');
      const after = JSON.parse((await labnet(cli, dir.dir, 'leases', '--json')).stdout) as { ip: string; mac: string; state: string }[];
      expect(after.find((l) => l.ip === r.address)?.state).not.toBe('active');

      // Explicit endpoints, without a hostname: the names come from the PTR of the address.
      const esxi = await labnet(cli, dir.dir, 'boot', '00:0c:29:aa:bb:01', '--dhcp', `127.0.0.1:${up.out.match(/^DHCP\s+127\.0\.0\.1:(\d+)/m)![1]}`, '--dns', `127.0.0.1:${dns.port}`, '--json');
      expect(esxi.code).toBe(0);
      expect(JSON.parse(esxi.stdout)).toMatchObject({ address: '192.168.244.131', hostname: null, forward: 'esxi01.lab.local', reverse: 'esxi01.lab.local' });
    } finally {
      up.child.kill('SIGTERM');
    }
    expect(await up.exit).toBe(0);
    dir.remove();
  }, 60_000);

  it('refuses a DHCP or DNS endpoint outside loopback, a bad MAC, and no server to ask', async () => {
    const dir = tmpTree('labnet-boot-');
    try {
      const far = await labnet(cli, dir.dir, 'boot', '02:00:00:00:00:01', '--dhcp', '192.168.244.139:67');
      expect(far.code).toBe(1);
      expect(far.stderr).toBe('labnet boot: --dhcp: 192.168.244.139:67 is not a loopback address; labnet boot sends only to loopback\n');
      const farDns = await labnet(cli, dir.dir, 'boot', '02:00:00:00:00:01', '--dhcp', '127.0.0.1:1', '--dns', '10.0.0.1:53');
      expect(farDns.code).toBe(1);
      expect(farDns.stderr).toMatch(/^labnet boot: --dns: 10\.0\.0\.1:53 is not a loopback address/);
      const bad = await labnet(cli, dir.dir, 'boot', 'not-a-mac');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toBe("labnet boot: 'not-a-mac' is not a MAC address (aa:bb:cc:dd:ee:ff)\n");
      const none = await labnet(cli, dir.dir, 'boot', '02:00:00:00:00:01');
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/^labnet boot: no --dhcp given and /);
    } finally {
      dir.remove();
    }
  }, 30_000);
});
