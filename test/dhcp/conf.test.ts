/** dhcpd.conf(5) -> DhcpConfig: statements, scopes, inheritance, pools, hosts, includes. */
import { describe, expect, it } from 'vitest';
import { loadDhcpdConf, parseDhcpdConf } from '../../src/dhcp/conf/parser.js';
import { ipFromString as ip, ipToString } from '../../src/dhcp/ip.js';
import { decodeOptionValue, optionByCode } from '../../src/dhcp/option-defs.js';
import type { ScopeParams } from '../../src/dhcp/types.js';

const parse = (text: string) => parseDhcpdConf(text, 't.conf');
const opt = (p: ScopeParams, code: number) => {
  const v = p.options.get(code);
  return v === undefined ? undefined : decodeOptionValue(optionByCode(code)!, v);
};
const SUBNET = 'subnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.0.10 10.0.0.20; }\n';

describe('the lab fixture (fixtures/lab/dhcpd.conf)', () => {
  const conf = loadDhcpdConf('fixtures/lab/dhcpd.conf');
  it('has one subnet with one range and the lab options', () => {
    expect(conf.subnets).toHaveLength(1);
    const s = conf.subnets[0];
    expect([ipToString(s.network), ipToString(s.mask)]).toEqual(['192.168.244.0', '255.255.255.0']);
    expect(s.pools).toHaveLength(1);
    expect(s.pools[0].ranges).toEqual([{ start: ip('192.168.244.150'), end: ip('192.168.244.250') }]);
    expect(s.sharedNetwork).toBe('192.168.244.0/24');
    expect(conf.sharedNetworks).toEqual([{ name: '192.168.244.0/24', subnets: [s] }]);
    expect(s.source).toEqual({ file: 'fixtures/lab/dhcpd.conf', line: 14 });
    expect(opt(s.params, 3)).toBe('192.168.244.2');
    expect(opt(s.params, 1)).toBe('255.255.255.0');
    expect(opt(s.params, 28)).toBe('192.168.244.255');
    expect(opt(s.params, 119)).toBe('"lab.local"');
    expect(opt(s.params, 42)).toBe('192.168.244.139');
    // inherited from global
    expect(opt(s.params, 15)).toBe('"lab.local"');
    expect(opt(s.params, 6)).toBe('192.168.244.139');
    expect(s.params.defaultLeaseTime).toBe(600);
    expect(s.params.maxLeaseTime).toBe(7200);
    expect(s.params.authoritative).toBe(true);
    expect(s.params.ddns.get('ddns-update-style')).toBe('none');
  });
  it('has the five reservations', () => {
    expect(conf.hosts.map((h) => [h.name, h.hardwareEthernet, ipToString(h.fixedAddresses[0]), opt(h.params, 12)])).toEqual([
      ['esxi01', '00:0c:29:aa:bb:01', '192.168.244.131', '"esxi01"'],
      ['esxi02', '00:0c:29:aa:bb:02', '192.168.244.132', '"esxi02"'],
      ['esxi03', '00:0c:29:aa:bb:03', '192.168.244.133', '"esxi03"'],
      ['vcenter', '00:0c:29:aa:bb:05', '192.168.244.135', '"vcenter"'],
      ['jupyter', '00:0c:29:aa:bb:40', '192.168.244.140', '"jupyter"'],
    ]);
    // Host params hold the host's own and its groups', not global ones (types.ts).
    expect(conf.hosts[0].params.options.has(6)).toBe(false);
    expect(conf.warnings).toEqual([]);
  });
});

describe('dhcpd.conf(5) parameters, one statement each', () => {
  const CASES: Array<[string, (p: ScopeParams) => unknown, unknown]> = [
    ['default-lease-time 600;', (p) => p.defaultLeaseTime, 600],
    ['max-lease-time 7200;', (p) => p.maxLeaseTime, 7200],
    ['min-lease-time 60;', (p) => p.minLeaseTime, 60],
    ['authoritative;', (p) => p.authoritative, true],
    ['not authoritative;', (p) => p.authoritative, false],
    ['next-server 10.0.0.5;', (p) => p.nextServer, ip('10.0.0.5')],
    ['filename "pxelinux.0";', (p) => p.filename, 'pxelinux.0'],
    ['server-name "boot";', (p) => p.serverName, 'boot'],
    ['server-identifier 10.0.0.1;', (p) => p.serverIdentifier, ip('10.0.0.1')],
    ['ping-check true;', (p) => p.pingCheck, true],
    ['ping-check off;', (p) => p.pingCheck, false],
    ['ping-timeout 2;', (p) => p.settings?.get('ping-timeout'), '2'],
    ['ddns-update-style interim;', (p) => p.ddns.get('ddns-update-style'), 'interim'],
    ['ddns-updates off;', (p) => p.ddns.get('ddns-updates'), 'off'],
    ['ddns-domainname "lab.local";', (p) => p.ddns.get('ddns-domainname'), 'lab.local'],
    ['ddns-rev-domainname "in-addr.arpa";', (p) => p.ddns.get('ddns-rev-domainname'), 'in-addr.arpa'],
    ['update-static-leases on;', (p) => p.settings?.get('update-static-leases'), 'true'],
    ['one-lease-per-client true;', (p) => p.settings?.get('one-lease-per-client'), 'true'],
    ['log-facility local7;', (p) => p.settings?.get('log-facility'), 'local7'],
    ['lease-file-name "/var/lib/dhcp/dhcpd.leases";', (p) => p.settings?.get('lease-file-name'), '/var/lib/dhcp/dhcpd.leases'],
    ['pid-file-name "/run/dhcpd.pid";', (p) => p.settings?.get('pid-file-name'), '/run/dhcpd.pid'],
    ['ignore client-updates;', (p) => p.permits.get('client-updates'), 'ignore'],
    ['allow booting;', (p) => p.permits.get('booting'), 'allow'],
    ['allow bootp;', (p) => p.permits.get('bootp'), 'allow'],
    ['deny bootp;', (p) => p.permits.get('bootp'), 'deny'],
    ['option time-offset -3600;', (p) => opt(p, 2), '-3600'],
    ['option routers 10.0.0.1, 10.0.0.2;', (p) => opt(p, 3), '10.0.0.1,10.0.0.2'],
    ['option host-name foo;', (p) => opt(p, 12), '"foo"'],
    ['option interface-mtu 1500;', (p) => opt(p, 26), '1500'],
    ['option static-routes 10.1.0.0 10.0.0.1, 10.2.0.0 10.0.0.2;', (p) => opt(p, 33), '10.1.0.0 10.0.0.1,10.2.0.0 10.0.0.2'],
    ['option vendor-encapsulated-options 01:04:0a:00:00:01;', (p) => opt(p, 43), '1:4:a:0:0:1'],
    ['option dhcp-lease-time 3600;', (p) => opt(p, 51), '3600'],
    ['option dhcp-parameter-request-list 1, 3, 6;', (p) => opt(p, 55), '1,3,6'],
    ['option vendor-class-identifier "PXEClient";', (p) => opt(p, 60), '"PXEClient"'],
    ['option tftp-server-name "10.0.0.5";', (p) => opt(p, 66), '"10.0.0.5"'],
    ['option bootfile-name "pxelinux.0";', (p) => opt(p, 67), '"pxelinux.0"'],
    ['option domain-search "lab.local", "example.com";', (p) => opt(p, 119), '"lab.local","example.com"'],
    ['option classless-static-routes 10.0.0.0/8 10.0.0.1, 0.0.0.0/0 10.0.0.254;', (p) => opt(p, 121), '10.0.0.0/8 10.0.0.1,0.0.0.0/0 10.0.0.254'],
    ['option dhcp.ntp-servers 10.0.0.9;', (p) => opt(p, 42), '10.0.0.9'],
    ['option foo code 200 = array of ip-address; option foo 1.2.3.4, 5.6.7.8;', (p) => p.options.get(200), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])],
    ['option routers code 3 = ip-address; option routers 10.0.0.7;', (p) => p.options.get(3), Buffer.from([10, 0, 0, 7])],
  ];
  it.each(CASES)('%s', (stmt, get, expected) => {
    const conf = parse(`${stmt}\n${SUBNET}`);
    expect(get(conf.global)).toEqual(expected);
    expect(get(conf.subnets[0].params)).toEqual(expected); // inherited
  });

  it('user-defined option with a record type encodes the record (dhcpd.conf(5) DEFINING NEW OPTIONS)', () => {
    const conf = parse('option bar code 201 = { ip-address, unsigned integer 8 };\noption bar 1.2.3.4 8;\n');
    expect(conf.global.options.get(201)).toEqual(Buffer.from([1, 2, 3, 4, 8]));
  });

  it('options of another space do not replace DHCP ones; their values are kept by space', () => {
    const conf = parse('option space pxelinux;\noption pxelinux.magic code 1 = string;\noption pxelinux.magic f1:00:74:7e;\noption subnet-mask 255.255.255.0;\n');
    expect(conf.global.spaces!.get('pxelinux')!.get(1)).toEqual(Buffer.from('f100747e', 'hex'));
    expect(conf.global.options.get(1)).toEqual(Buffer.from([255, 255, 255, 0]));
  });

  it('a key secret is base64 quoted or not (dhcpd parse_base64 decodes a string token too): tsig-keygen output is the same key', () => {
    const quoted = parse('key "ddns-key" {\n\talgorithm hmac-sha256;\n\tsecret "c2VjcmV0LXNlY3JldA==";\n};\n');
    const bare = parse('key ddns-key { algorithm hmac-sha256; secret c2VjcmV0LXNlY3JldA==; }\n');
    expect(quoted.ddnsKeys!.map((k) => [k.name, k.algorithm, k.secret.toString()])).toEqual([['ddns-key', 'hmac-sha256', 'secret-secret']]);
    expect(bare.ddnsKeys!.map((k) => k.secret)).toEqual(quoted.ddnsKeys!.map((k) => k.secret));
    expect(() => parse('key k { algorithm hmac-md5; secret "not base64!"; }\n')).toThrow(/expecting a base64 secret/);
  });

  it('key, zone and failover peer blocks are kept raw; classes, subclasses and on blocks are parsed', () => {
    const conf = parse(
      'key k { algorithm hmac-md5; secret "abc"; }\nzone lab.local. { primary 127.0.0.1; key k; }\n' +
        'class "pxe" { match if substring (option vendor-class-identifier, 0, 9) = "PXEClient"; }\n' +
        'subclass "pxe" 1:0:c:29:aa:bb:1;\nfailover peer "f" { primary; address 10.0.0.1; peer address 10.0.0.2; split 128; }\non commit { set x = 1; }\n' +
        'subnet 10.0.0.0 netmask 255.0.0.0 { pool { failover peer "f"; range 10.0.0.5 10.0.0.9; } }\n',
    );
    expect(conf.rawBlocks!.map((b) => [b.kind, b.name, b.line])).toEqual([
      ['key', 'k', 1],
      ['zone', 'lab.local.', 2],
      ['failover peer', 'f', 5],
    ]);
    expect(conf.rawBlocks![0].text).toBe('algorithm hmac-md5 ; secret "abc" ;');
    expect(conf.dynamic).toBe(true);
    expect(conf.classes!.map((c) => [c.name, c.matchIf?.op, [...c.subclasses.keys()]])).toEqual([['pxe', 'binary', ['01000c29aabb01']]]);
    expect(conf.failoverPeers!.map((p) => [p.name, p.role, p.peerAddress, p.numbers.get('split')])).toEqual([['f', 'primary', '10.0.0.2', 128]]);
    expect(conf.subnets[0].pools[0].params.settings!.get('failover peer')).toBe('f');
  });
});

describe('scopes and inheritance', () => {
  const conf = parse(`
option domain-name "global.example";
default-lease-time 600;
shared-network office {
  option domain-name-servers 10.0.0.53;
  subnet 10.0.0.0 netmask 255.255.255.0 {
    option routers 10.0.0.1;
    range 10.0.0.10 10.0.0.20;
    pool {
      range dynamic-bootp 10.0.0.100 10.0.0.110;
      deny unknown-clients;
      default-lease-time 60;
    }
  }
  subnet 10.0.1.0 netmask 255.255.255.0 { option routers 10.0.1.1; }
  pool { range 10.0.1.50 10.0.1.60; allow known-clients; }
}
group {
  option domain-name "group.example";
  host pc1 { hardware ethernet 0:C:29:AA:BB:1; fixed-address 10.0.0.5, 10.0.1.5; option dhcp-client-identifier 1:0:c:29:aa:bb:1; }
}
subnet 192.168.1.0 netmask 255.255.255.0 { range 192.168.1.200 192.168.1.100; }
`);
  it('subnets take shared-network and global parameters; subnet values override', () => {
    const [a, b, c] = conf.subnets;
    expect(a.sharedNetwork).toBe('office');
    expect(b.sharedNetwork).toBe('office');
    expect(c.sharedNetwork).toBe('192.168.1.0/24');
    expect(conf.sharedNetworks.map((n) => [n.name, n.subnets.length])).toEqual([['office', 2], ['192.168.1.0/24', 1]]);
    expect(opt(a.params, 6)).toBe('10.0.0.53');
    expect(opt(a.params, 15)).toBe('"global.example"');
    expect(opt(a.params, 3)).toBe('10.0.0.1');
    expect(opt(b.params, 3)).toBe('10.0.1.1');
    expect(c.params.options.has(6)).toBe(false);
  });
  it('ranges directly in a subnet form one implicit pool; pool blocks add more (with their permits)', () => {
    const [a, b, c] = conf.subnets;
    expect(a.pools.map((p) => [p.ranges.map((r) => [ipToString(r.start), ipToString(r.end)]), p.unknownClients, p.knownClients, p.params.defaultLeaseTime])).toEqual([
      [[['10.0.0.10', '10.0.0.20']], 'allow', 'allow', 600],
      [[['10.0.0.100', '10.0.0.110']], 'deny', 'allow', 60],
    ]);
    expect(opt(a.pools[1].params, 3)).toBe('10.0.0.1');
    // A shared-network pool belongs to the subnet holding its range; `allow known-clients` alone denies unknown ones.
    expect(b.pools.map((p) => [ipToString(p.ranges[0].start), p.unknownClients, p.knownClients])).toEqual([['10.0.1.50', 'deny', 'allow']]);
    // Reversed bounds are swapped, as dhcpd does.
    expect(c.pools[0].ranges).toEqual([{ start: ip('192.168.1.100'), end: ip('192.168.1.200') }]);
  });
  it('hosts: normalised MAC, several fixed addresses, client identifier, group parameters', () => {
    const [h] = conf.hosts;
    expect(h.hardwareEthernet).toBe('00:0c:29:aa:bb:01');
    expect(h.fixedAddresses.map(ipToString)).toEqual(['10.0.0.5', '10.0.1.5']);
    expect(h.clientId).toEqual(Buffer.from([1, 0, 0x0c, 0x29, 0xaa, 0xbb, 1]));
    expect(opt(h.params, 15)).toBe('"group.example"');
    expect(h.params.options.has(61)).toBe(false);
    expect(h.params.defaultLeaseTime).toBeUndefined();
  });
});

describe('warnings (dhcpd -t prints them and goes on)', () => {
  it('overlapping subnets', () => {
    const conf = parse('subnet 10.0.0.0 netmask 255.255.255.0 { }\nsubnet 10.0.0.0 netmask 255.255.0.0 { }\n');
    expect(conf.warnings).toEqual([{ file: 't.conf', line: 2, col: 8, message: 'subnet 10.0.0.0/16 overlaps subnet 10.0.0.0/24' }]);
  });
  it('a MAC on two hosts; a fixed address in no subnet', () => {
    const conf = parse('host a { hardware ethernet 00:11:22:33:44:55; }\nhost b { hardware ethernet 00:11:22:33:44:55; fixed-address 10.9.9.9; }\n');
    expect(conf.warnings!.map((w) => `${w.line}:${w.col}: ${w.message}`)).toEqual([
      '2:28: host b: hardware ethernet 00:11:22:33:44:55 already used by host a',
      '2:61: host b: fixed-address 10.9.9.9 is in no declared subnet; the host is never served',
    ]);
  });
});

describe('class permits in pools', () => {
  it('`allow|deny members of` lists the classes on the pool (dhcpd.conf(5) PERMIT LISTS)', () => {
    const conf = parse('class "pxe" { match if option vendor-class-identifier = "PXEClient"; }\nclass "x" { match if known; }\nsubnet 10.0.0.0 netmask 255.255.255.0 {\n  pool {\n    allow members of "pxe";\n    deny members of "x";\n    range 10.0.0.50 10.0.0.60;\n  }\n}\n');
    expect(conf.subnets[0].pools[0]).toMatchObject({ allowClasses: ['pxe'], denyClasses: ['x'] });
    expect(conf.warnings).toEqual([]);
  });
});

describe('include "FILE"', () => {
  it('parses the included file in the including scope, relative to includeBase', () => {
    const files: Record<string, string> = {
      '/etc/dhcp/subnets.conf': 'subnet 10.0.0.0 netmask 255.255.255.0 {\n  include "opts.conf";\n}\n',
      '/etc/dhcp/opts.conf': 'option routers 10.0.0.1;\n',
    };
    const conf = parseDhcpdConf('include "subnets.conf";\n', '/etc/dhcp/dhcpd.conf', { readFile: (p) => files[p] });
    expect(opt(conf.subnets[0].params, 3)).toBe('10.0.0.1');
    expect(conf.subnets[0].source).toEqual({ file: '/etc/dhcp/subnets.conf', line: 1 });
  });
  it('comments and empty statements are ignored', () => {
    const conf = parse('# a comment\n;\nauthoritative; # trailing\n');
    expect(conf.global.authoritative).toBe(true);
  });
});
