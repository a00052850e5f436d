/**
 * Server setup decisions: the interface's subnet (`dhcpd IFACE`), the server identifier
 * (RFC 2132 9.7) and the subnet directly attached clients are taken to be on.
 */
import { describe, expect, it } from 'vitest';
import type { networkInterfaces } from 'node:os';
import { interfaceSubnet, hostIPv4Addresses, InterfaceError } from '../../src/dhcp/interface.js';
import { chooseServerId, defaultLocalSubnet, maxMessageSize } from '../../src/dhcp/server.js';
import { parseDhcpdConf } from '../../src/dhcp/conf/index.js';
import { ipFromString, ipToString } from '../../src/dhcp/ip.js';
import type { DhcpPacket } from '../../src/dhcp/types.js';

type Ifaces = ReturnType<typeof networkInterfaces>;
const v4 = (address: string, netmask: string, internal = false) => ({ address, netmask, family: 'IPv4' as const, mac: '00:00:00:00:00:00', internal, cidr: null });
const IFACES: Ifaces = {
  lo: [v4('127.0.0.1', '255.0.0.0', true)],
  s0: [{ address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal: false, cidr: null, scopeid: 2 }, v4('192.168.244.139', '255.255.255.0')],
  eth9: [v4('10.1.2.3', '255.255.0.0')],
  v6only: [{ address: 'fe80::2', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal: false, cidr: null, scopeid: 3 }],
};
const lookup = () => IFACES;

const CONF = parseDhcpdConf(`
subnet 10.99.0.0 netmask 255.255.0.0 { }
subnet 192.168.244.0 netmask 255.255.255.0 { range 192.168.244.150 192.168.244.250; }
subnet 172.16.0.0 netmask 255.255.0.0 { range 172.16.0.10 172.16.0.20; }
`, 'setup.conf');

describe('interfaceSubnet (dhcpd IFACE)', () => {
  it.each([
    ['s0', '192.168.244.139', '192.168.244.0', '255.255.255.0'],
    ['eth9', '10.1.2.3', '10.1.0.0', '255.255.0.0'],
    ['lo', '127.0.0.1', '127.0.0.0', '255.0.0.0'],
  ])('%s -> address %s, network %s/%s (first IPv4 address)', (name, address, network, mask) => {
    const s = interfaceSubnet(name, lookup);
    expect([ipToString(s.address), ipToString(s.network), ipToString(s.mask)]).toEqual([address, network, mask]);
  });
  it('a missing interface or one without IPv4 is an InterfaceError naming it', () => {
    expect(() => interfaceSubnet('nope0', lookup)).toThrow(new InterfaceError("interface 'nope0' not found (interfaces: lo, s0, eth9, v6only)"));
    expect(() => interfaceSubnet('v6only', lookup)).toThrow("interface 'v6only' has no IPv4 address");
  });
  it('hostIPv4Addresses skips loopback and IPv6', () => {
    expect(hostIPv4Addresses(lookup).map((a) => `${a.name} ${ipToString(a.address)}`)).toEqual(['s0 192.168.244.139', 'eth9 10.1.2.3']);
  });
});

describe('RFC 2132 9.7: the server identifier', () => {
  const hosts = () => [ipFromString('10.1.2.3'), ipFromString('192.168.244.139')];
  it.each([
    ['the serverId option wins', { serverId: '10.0.0.9', host: '0.0.0.0' }, '10.0.0.9'],
    ['the interface address', { host: '0.0.0.0', iface: { address: ipFromString('192.168.244.139') } }, '192.168.244.139'],
    ['the bind address when specific', { host: '127.0.0.1' }, '127.0.0.1'],
    ['on 0.0.0.0: a host address inside a configured subnet', { host: '0.0.0.0' }, '192.168.244.139'],
  ])('%s', (_name, o, expected) => {
    expect(ipToString(chooseServerId({ config: CONF, ...o }, hosts))).toBe(expected);
  });
  it('server-identifier in the config beats the interface', () => {
    const conf = parseDhcpdConf('server-identifier 10.7.7.7;\nsubnet 10.7.0.0 netmask 255.255.0.0 { }\n', 'sid.conf');
    expect(ipToString(chooseServerId({ config: conf, host: '0.0.0.0', iface: { address: ipFromString('10.7.0.1') } }, hosts))).toBe('10.7.7.7');
  });
  it('on 0.0.0.0 with no address in any subnet: the first host address, else 127.0.0.1', () => {
    const conf = parseDhcpdConf('subnet 10.200.0.0 netmask 255.255.0.0 { }\n', 'x.conf');
    expect(ipToString(chooseServerId({ config: conf, host: '0.0.0.0' }, hosts))).toBe('10.1.2.3');
    expect(ipToString(chooseServerId({ config: conf, host: '0.0.0.0' }, () => []))).toBe('127.0.0.1');
  });
});

describe('the directly attached subnet without --interface', () => {
  it.each([
    ['127.0.0.1 (no subnet holds it): the first subnet with a range', '127.0.0.1', '192.168.244.0'],
    ['0.0.0.0: the first subnet with a range', '0.0.0.0', '192.168.244.0'],
    ['an address inside a subnet with a range: that subnet', '172.16.5.5', '172.16.0.0'],
  ])('%s', (_n, host, network) => {
    expect(ipToString(defaultLocalSubnet(CONF, host)!.network)).toBe(network);
  });
});

describe('RFC 2132 9.10: maximum DHCP message size', () => {
  const p = (opt57?: number[]): DhcpPacket => ({
    op: 1, htype: 1, hlen: 6, hops: 0, xid: 1, secs: 0, flags: 0, ciaddr: 0, yiaddr: 0, siaddr: 0, giaddr: 0,
    chaddr: Buffer.alloc(16), sname: '', file: '', options: new Map(opt57 ? [[57, Buffer.from(opt57)]] : []),
  });
  it.each([
    ['absent', undefined, 576],
    ['1500', [5, 220], 1500],
    ['below the minimum (300)', [1, 44], 576],
    ['malformed length', [5], 576],
  ])('%s -> %d', (_n, o, size) => expect(maxMessageSize(p(o as number[] | undefined))).toBe(size));
});
