/**
 * labnet's dhcpd.conf checker and leases files against ISC dhcpd 4.4 on this machine:
 *  - good files are accepted by both `dhcpd -t -cf FILE` and parseDhcpdConf;
 *  - broken files are rejected by both, naming the same line where dhcpd names one
 *    (test/dhcp/data/conf-error-cases.ts records where dhcpd differs, and this checks it);
 *  - a leases file written by labnet's journal passes `dhcpd -T` (lease file test) and
 *    reads in dhcp-lease-list.
 * Only `dhcpd -t` / `dhcpd -T` are run: dhcpd is never started as a server.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDhcpdConf } from '../../src/dhcp/conf/parser.js';
import { openLeaseJournal } from '../../src/dhcp/lease-journal.js';
import { parseLeasesFileDetailed } from '../../src/dhcp/leases/index.js';
import { ipFromString as ip } from '../../src/dhcp/ip.js';
import { LocatedError } from '../../src/util/located-error.js';
import { CONF_ERROR_CASES } from '../dhcp/data/conf-error-cases.js';

/** The ISC binary by path: node_modules/.bin has a `dhcpd` of the npm `dhcp` package, first in PATH under npx. */
const DHCPD = '/usr/sbin/dhcpd';
const dir = mkdtempSync(join(tmpdir(), 'labnet-dhcpd-t-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dhcpd(args: string[]): { code: number; line?: number; message: string } {
  const r = spawnSync(DHCPD, args, { cwd: dir, encoding: 'utf8' });
  const m = /line (\d+): (.*)/.exec(r.stderr);
  const message = m ? m[2] : r.stderr.split('\n').slice(4).find((l) => l && !/^(Config file|Database file|PID file)/.test(l)) ?? '';
  return { code: r.status ?? -1, line: m ? Number(m[1]) : undefined, message };
}

const RICH = `# every statement labnet models, in a form dhcpd 4.4 accepts
ddns-update-style interim;
ddns-updates on;
ddns-domainname "lab.local";
ddns-rev-domainname "in-addr.arpa";
update-static-leases on;
ignore client-updates;
one-lease-per-client true;
log-facility local7;
lease-file-name "/var/lib/dhcp/dhcpd.leases";
pid-file-name "/run/dhcpd.pid";
authoritative;
default-lease-time 600;
max-lease-time 7200;
min-lease-time 60;
ping-check true;
ping-timeout 1;
allow booting;
allow bootp;
option domain-name "lab.local";
option domain-name-servers 192.168.244.139, 192.168.244.140;
option time-offset -3600;
option ntp-servers 192.168.244.139;
option interface-mtu 1500;
option domain-search "lab.local", "example.com";
option pxe-menu code 150 = text;
option pxe-menu "boot";
option site-routes code 249 = array of unsigned integer 8;
option site-routes 24, 10, 1, 2, 192, 168, 244, 2;
key ddns-key { algorithm hmac-md5; secret "c2VjcmV0c2VjcmV0"; }
zone lab.local. { primary 127.0.0.1; key ddns-key; }
class "pxe" { match if substring (option vendor-class-identifier, 0, 9) = "PXEClient"; }
shared-network office {
  option routers 192.168.244.2;
  subnet 192.168.244.0 netmask 255.255.255.0 {
    range 192.168.244.150 192.168.244.199;
    option subnet-mask 255.255.255.0;
    option broadcast-address 192.168.244.255;
    option static-routes 10.1.0.0 192.168.244.2;
    next-server 192.168.244.139;
    filename "pxelinux.0";
    server-name "boot";
    server-identifier 192.168.244.139;
    pool {
      range dynamic-bootp 192.168.244.200 192.168.244.250;
      deny unknown-clients;
      default-lease-time 120;
    }
  }
  subnet 10.10.0.0 netmask 255.255.0.0 {
    not authoritative;
  }
}
group {
  option host-name "grouped";
  host esxi01 { hardware ethernet 00:0c:29:aa:bb:01; fixed-address 192.168.244.131; }
  host esxi02 { hardware ethernet 00:0c:29:aa:bb:02; fixed-address 192.168.244.132, 192.168.244.133; option dhcp-client-identifier 1:0:c:29:aa:bb:2; }
}
include "extra.conf";
`;

describe('dhcpd -t: good files accepted by both', () => {
  it.each([
    ['the lab fixture', readFileSync('fixtures/lab/dhcpd.conf', 'utf8')],
    ['a file using every modelled statement', RICH],
  ])('%s', (_what, text) => {
    writeFileSync(join(dir, 'extra.conf'), 'host extra { hardware ethernet 00:0c:29:aa:bb:99; fixed-address 192.168.244.149; }\n');
    const file = join(dir, 'good.conf');
    writeFileSync(file, text);
    const real = dhcpd(['-t', '-cf', file]);
    expect(real, real.message).toMatchObject({ code: 0 });
    const conf = parseDhcpdConf(text, file);
    expect(conf.subnets.length).toBeGreaterThan(0);
  });
});

describe('dhcpd -t: broken files rejected by both', () => {
  it.each(CONF_ERROR_CASES)('%s', (_what, text, ours, verdict) => {
    const file = join(dir, 't.conf');
    writeFileSync(file, text);
    const real = dhcpd(['-t', '-cf', file]);
    let err: LocatedError | undefined;
    try {
      parseDhcpdConf(text, file);
    } catch (e) {
      err = e as LocatedError;
    }
    expect(err).toBeInstanceOf(LocatedError);
    const ourLine = Number(/^t\.conf:(\d+):/.exec(ours)![1]);
    expect(err!.line).toBe(ourLine);
    switch (verdict) {
      case 'same-line':
        expect(real).toMatchObject({ code: 1, line: ourLine });
        break;
      case 'other-line':
        expect(real.code).toBe(1);
        expect(real.line).not.toBe(ourLine);
        break;
      case 'no-line':
        expect(real).toMatchObject({ code: 1, line: undefined });
        break;
      case 'accepts':
        expect(real.code, 'dhcpd accepts what labnet rejects (documented in parser.ts)').toBe(0);
        break;
    }
  });
});

describe('dhcpd -T: a leases file written by the labnet journal', () => {
  it('passes the ISC lease file test and reads in dhcp-lease-list', async () => {
    const conf = join(dir, 'lab.conf');
    writeFileSync(conf, 'subnet 192.168.244.0 netmask 255.255.255.0 { range 192.168.244.150 192.168.244.250; }\n');
    const leases = join(dir, 'labnet.leases');
    const j = await openLeaseJournal(leases);
    const t0 = Date.UTC(2026, 10, 27, 8, 0, 0);
    await Promise.all([
      j.record({ ip: ip('192.168.244.150'), state: 'active', starts: t0, ends: t0 + 600_000, cltt: t0, hardwareEthernet: '00:0c:29:aa:bb:10', clientId: '01000c29aabb10', clientHostname: 'vm"10' }),
      j.record({ ip: ip('192.168.244.151'), state: 'free', starts: t0, ends: t0 + 600_000, hardwareEthernet: '00:0c:29:aa:bb:11' }),
      j.record({ ip: ip('192.168.244.152'), state: 'released', starts: t0, ends: t0, cltt: t0, hardwareEthernet: '00:0c:29:aa:bb:12' }),
    ]);
    await j.record({ ip: ip('192.168.244.150'), state: 'active', starts: t0 + 300_000, ends: t0 + 900_000, cltt: t0 + 300_000, hardwareEthernet: '00:0c:29:aa:bb:10', clientId: '01000c29aabb10', clientHostname: 'vm"10' });
    await j.close();
    const r = spawnSync(DHCPD, ['-T', '-cf', conf, '-lf', leases], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Lease file test successful/);
    expect(r.stderr).not.toMatch(/line \d+:/);
    const list = spawnSync('/usr/sbin/dhcp-lease-list', ['--lease', leases, '--all'], { cwd: dir, encoding: 'utf8' });
    expect(list.status).toBe(0);
    // dhcp-lease-list prints the hostname still escaped; the later record of .150 wins.
    expect(list.stdout).toMatch(/00:0c:29:aa:bb:10\s+192\.168\.244\.150\s+vm\\"10\s+2026-11-27 08:15:00/);
    expect(list.stdout).toMatch(/00:0c:29:aa:bb:11\s+192\.168\.244\.151/);
  });

  it('dhcpd reads every field of our records: its own rewrite (seen with strace) parses to the same leases', async () => {
    const conf = join(dir, 'lab2.conf');
    writeFileSync(conf, 'subnet 192.168.244.0 netmask 255.255.255.0 { range 192.168.244.150 192.168.244.250; }\n');
    const leases = join(dir, 'future.leases');
    const j = await openLeaseJournal(leases);
    const t0 = Date.UTC(2030, 0, 1, 8, 0, 0); // in the future, so dhcpd does not expire them while reading
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        j.record({ ip: ip(`192.168.244.${150 + i}`), state: i === 3 ? 'released' : 'active', starts: t0, ends: t0 + 3600_000 * (i + 1), cltt: t0, hardwareEthernet: `00:0c:29:aa:bb:1${i}`, clientId: `01000c29aabb1${i}`, clientHostname: `vm-${i}` }),
      ),
    );
    const ours = j.leases();
    await j.close();
    const trace = join(dir, 'trace');
    const r = spawnSync('/usr/bin/strace', ['-f', '-e', 'trace=write', '-s', '100000', '-o', trace, DHCPD, '-T', '-cf', conf, '-lf', leases], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    // The bytes dhcpd wrote to its temporary lease file (file descriptors above 2), C-escaped by strace.
    const written = [...readFileSync(trace, 'utf8').matchAll(/write\((\d+), "((?:[^"\\]|\\.)*)"/g)]
      .filter((m) => Number(m[1]) > 2)
      .map((m) => Buffer.from(m[2].replace(/\\(x[0-9a-f]{2}|[0-7]{1,3}|.)/g, (_e, c: string) => (c[0] === 'x' ? String.fromCharCode(parseInt(c.slice(1), 16)) : /^[0-7]/.test(c) ? String.fromCharCode(parseInt(c, 8)) : ({ n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' } as Record<string, string>)[c] ?? c)), 'latin1').toString('latin1'))
      .join('');
    const rewrite = written.slice(written.indexOf('# The format'));
    expect(rewrite).toMatch(/lease 192\.168\.244\.150 \{/);
    const back = parseLeasesFileDetailed(rewrite, 'dhcpd-rewrite.leases').leases;
    const byIp = (ls: typeof ours) => [...ls].sort((a, b) => a.ip - b.ip);
    expect(byIp(back)).toEqual(byIp(ours));
  });
});
