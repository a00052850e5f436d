/**
 * Host names in a dhcpd.conf (dhcpd.conf(5) `fixed-address`, IP option values) served by
 * `labnet serve`: resolved from the zones labnet itself serves, never the system resolver; a
 * name the zones do not hold is left out with a FILE:LINE warning; statements labnet does not
 * apply are reported once each with their line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startServices, type Services } from '../../src/lab/services.js';
import { loadZones } from '../../src/lab/services.js';
import { zoneHostAddress } from '../../src/lab/zone-hosts.js';
import { createDhcpClient } from '../../src/lab/dhcp-client.js';
import { ipToString } from '../../src/dhcp/ip.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-zone-hosts-'));
const zoneFile = join(dir, 'lab.local');
const conf = join(dir, 'dhcpd.conf');
writeFileSync(
  zoneFile,
  `$TTL 3600
@ IN SOA ns.lab.local. root.lab.local. 1 3600 600 86400 60
@ IN NS ns
ns IN A 192.168.244.139
ntp IN CNAME ns
esxi01 IN A 127.0.0.31
`,
);
writeFileSync(
  conf,
  `ping-check true;
ignore-client-uids true;
option domain-name-servers ns.lab.local, nowhere.example.org, 192.168.244.140;
option ntp-servers ntp.lab.local;
option log-servers missing.lab.local;
subnet 127.0.0.0 netmask 255.0.0.0 {
  range 127.0.0.150 127.0.0.199;
}
host esxi01 {
  hardware ethernet 00:0c:29:aa:bb:01;
  fixed-address esxi01.lab.local;
}
host ghost {
  hardware ethernet 00:0c:29:aa:bb:02;
  fixed-address ghost.lab.local;
}
`,
);

describe('zoneHostAddress', () => {
  const zones = loadZones({ zones: [{ origin: 'lab.local', file: zoneFile }] });
  it.each([
    ['an A record', 'esxi01.lab.local', '127.0.0.31'],
    ['a trailing dot', 'esxi01.lab.local.', '127.0.0.31'],
    ['a CNAME inside the zones', 'ntp.lab.local', '192.168.244.139'],
    ['a name the zone does not hold', 'ghost.lab.local', undefined],
    ['a name outside every zone (no resolver is asked)', 'www.example.org', undefined],
  ])('%s', (_what, name, want) => {
    const a = zoneHostAddress(zones, name);
    expect(a === undefined ? undefined : ipToString(a)).toBe(want);
  });
  it('no zones: nothing resolves', () => expect(zoneHostAddress(undefined, 'esxi01.lab.local')).toBeUndefined());
});

describe('labnet serve with host names in dhcpd.conf', () => {
  let services: Services;
  const logs: Array<{ msg: string; level: number }> = [];
  beforeAll(async () => {
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as { msg: string; level: number }) });
    services = await startServices({
      zones: [{ origin: 'lab.local', file: zoneFile }],
      dhcpdConf: conf,
      dns: { address: '127.0.0.1', port: 0 },
      dhcp: { address: '127.0.0.1', port: 0 },
      leasesFile: join(dir, 'dhcpd.leases'),
      logger,
    });
  });
  afterAll(async () => {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a fixed-address name is served as its zone address; option names resolve, unresolved ones are left out', async () => {
    const client = createDhcpClient({ server: services.dhcp!.address, mac: '00:0c:29:aa:bb:01', parameterRequestList: [1, 3, 6, 7, 42] });
    try {
      const r = await client.boot();
      expect(r.ip).toBe('127.0.0.31');
      expect(r.options.dns).toEqual(['192.168.244.139', '192.168.244.140']);
      expect(r.options.ntp).toEqual(['192.168.244.139']);
      expect(r.options.raw.has(7)).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('a host whose name does not resolve gets a dynamic address', async () => {
    const client = createDhcpClient({ server: services.dhcp!.address, mac: '00:0c:29:aa:bb:02' });
    try {
      const r = await client.boot();
      expect(r.ip).toMatch(/^127\.0\.0\.1[5-9]\d$/);
    } finally {
      await client.close();
    }
  });

  it('each name left out is warned with FILE:LINE; unapplied statements are reported once with theirs', () => {
    const warnings = logs.filter((l) => l.level === 40).map((l) => l.msg);
    expect(warnings).toEqual([
      `${conf}:3:42: warning: host name nowhere.example.org: no address in the zones served; left out`,
      `${conf}:5:20: warning: host name missing.lab.local: no address in the zones served; left out`,
      `${conf}:15:17: warning: host name ghost.lab.local: no address in the zones served; left out`,
    ]);
    const info = logs.filter((l) => l.level === 30 && /not applied/.test(l.msg)).map((l) => l.msg);
    expect(info).toEqual([`${conf}:1: ping-check: accepted, not applied (labnet sends no ICMP echo before offering (Node has no raw sockets))`]);
  });
});

describe("Debian's stock /etc/dhcp/dhcpd.conf with a subnet appended (issue 7's user)", () => {
  const dir3 = mkdtempSync(join(tmpdir(), 'labnet-debian-conf-'));
  const debConf = join(dir3, 'dhcpd.conf');
  let s: Services;
  const logs: Array<{ msg: string; level: number }> = [];
  beforeAll(async () => {
    // The stock file's statements (Debian isc-dhcp-server 4.4), its host names included.
    writeFileSync(
      debConf,
      `option domain-name "example.org";
option domain-name-servers ns1.example.org, ns2.example.org;
default-lease-time 600;
max-lease-time 7200;
ddns-update-style none;
subnet 127.0.0.0 netmask 255.0.0.0 {
  range 127.0.0.150 127.0.0.199;
}
`,
    );
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as { msg: string; level: number }) });
    s = await startServices({ dhcpdConf: debConf, dhcp: { address: '127.0.0.1', port: 0 }, leasesFile: join(dir3, 'dhcpd.leases'), logger });
  });
  afterAll(async () => {
    await s.close();
    rmSync(dir3, { recursive: true, force: true });
  });

  it('serves: a lease, the domain name, and the unresolvable name servers left out with their lines', async () => {
    const client = createDhcpClient({ server: s.dhcp!.address, mac: '00:0c:29:aa:bb:10', parameterRequestList: [1, 3, 6, 15] });
    try {
      const r = await client.boot();
      expect(r.ip).toMatch(/^127\.0\.0\.1[5-9]\d$/);
      expect(r.options.domainName).toBe('example.org');
      expect(r.options.raw.has(6)).toBe(false);
    } finally {
      await client.close();
    }
    expect(logs.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      `${debConf}:2:28: warning: host name ns1.example.org: no address in the zones served; left out`,
      `${debConf}:2:45: warning: host name ns2.example.org: no address in the zones served; left out`,
    ]);
  });
});
