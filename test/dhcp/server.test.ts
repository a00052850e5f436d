/**
 * End-to-end: labnet's DHCP server on 127.0.0.1 port 0 with the lab's dhcpd.conf, driven by the
 * simulated client over real UDP sockets (RFC 2131 sections named per test).
 */
import { afterEach, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDhcpdConf, parseDhcpdConf } from '../../src/dhcp/conf/index.js';
import { startDhcpServer, type DhcpServer, type DhcpServerOptions } from '../../src/dhcp/server.js';
import { createDhcpClient, DhcpClientError, type DhcpClient } from '../../src/lab/dhcp-client.js';
import { encodePacket } from '../../src/dhcp/packet.js';
import { ipFromString, ipToString } from '../../src/dhcp/ip.js';
import { MessageType, type DhcpPacket } from '../../src/dhcp/types.js';
import { seededRandom, virtualClock } from '../../src/util/clock.js';

const LAB_CONF = resolve(import.meta.dirname, '../../fixtures/lab/dhcpd.conf');
const labConfig = () => loadDhcpdConf(LAB_CONF);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function server(opts: Partial<DhcpServerOptions> = {}): Promise<DhcpServer> {
  const s = await startDhcpServer({ config: labConfig(), ...opts });
  cleanups.push(() => s.close());
  return s;
}

function client(s: DhcpServer, mac: string, extra: Partial<Parameters<typeof createDhcpClient>[0]> = {}): DhcpClient {
  const c = createDhcpClient({ server: s.address, mac, timeoutMs: 500, tries: 3, ...extra });
  cleanups.push(() => c.close());
  return c;
}

const inLabRange = (ip: string) => {
  const n = ipFromString(ip);
  return n >= ipFromString('192.168.244.150') && n <= ipFromString('192.168.244.250');
};

describe('RFC 2131 3.1: DORA with the lab dhcpd.conf', () => {
  it('gives an address from the range with subnet mask, router, DNS, domain and lease time', async () => {
    const s = await server();
    const r = await client(s, '02:00:00:00:00:01').boot();
    expect(inLabRange(r.ip), r.ip).toBe(true);
    expect(r.options.subnetMask).toBe('255.255.255.0');
    expect(r.options.routers).toEqual(['192.168.244.2']);
    expect(r.options.dns).toEqual(['192.168.244.139']);
    expect(r.options.domainName).toBe('lab.local');
    expect(r.options.leaseTime).toBe(600);
    expect(r.options.serverId).toBe('127.0.0.1');
    expect(s.serverId).toBe('127.0.0.1');
    expect(s.leases().map((l) => ipToString(l.ip))).toContain(r.ip);
  });

  it('dhcpd host declarations: a reserved MAC gets its fixed-address and host-name', async () => {
    const s = await server();
    const cases = [
      ['00:0c:29:aa:bb:01', '192.168.244.131', 'esxi01'],
      ['00:0c:29:aa:bb:05', '192.168.244.135', 'vcenter'],
      ['00:0c:29:aa:bb:40', '192.168.244.140', 'jupyter'],
    ] as const;
    for (const [mac, ip, name] of cases) {
      const r = await client(s, mac).boot();
      expect(r.ip, mac).toBe(ip);
      expect(r.options.hostName, mac).toBe(name);
      expect(r.options.routers).toEqual(['192.168.244.2']);
    }
  });

  it('distinct clients booting at once get distinct addresses', async () => {
    const s = await server();
    const macs = Array.from({ length: 40 }, (_, i) => `02:00:00:00:01:${i.toString(16).padStart(2, '0')}`);
    const results = await Promise.all(macs.map((m) => client(s, m).boot()));
    const ips = results.map((r) => r.ip);
    expect(new Set(ips).size).toBe(macs.length);
    for (const ip of ips) expect(inLabRange(ip), ip).toBe(true);
  });
});

describe('RFC 2131 4.4.5: RENEWING and REBINDING', () => {
  it('renew and rebind are ACKed with the same address and a fresh lease time', async () => {
    const s = await server();
    const c = client(s, '02:00:00:00:02:01');
    const { ip } = await c.boot();
    const renewed = await c.renew();
    expect(renewed.type).toBe('ACK');
    expect(renewed.ip).toBe(ip);
    expect(renewed.options.leaseTime).toBe(600);
    const rebound = await c.rebind();
    expect(rebound.type).toBe('ACK');
    expect(rebound.ip).toBe(ip);
  });
});

describe('RFC 2131 4.4.6: RELEASE', () => {
  it('release frees the lease; the next boot returns the client to the same address', async () => {
    const s = await server();
    const c = client(s, '02:00:00:00:03:01');
    const { ip } = await c.boot();
    await c.release();
    await expect.poll(() => s.leases().find((l) => ipToString(l.ip) === ip)?.state, { timeout: 2000 }).not.toBe('active');
    // A second client in between must not take it (dhcpd keeps the association).
    await client(s, '02:00:00:00:03:02').boot();
    const again = await client(s, '02:00:00:00:03:01').boot();
    expect(again.ip).toBe(ip);
  });
});

describe('RFC 2131 3.2 / 4.3.2: INIT-REBOOT', () => {
  it('the last address is ACKed; an address of another network is NAKed (authoritative)', async () => {
    const s = await server();
    const c = client(s, '02:00:00:00:04:01');
    const { ip } = await c.boot();
    const ok = await c.reboot();
    expect(ok.type).toBe('ACK');
    expect(ok.ip).toBe(ip);
    const nak = await c.reboot('10.9.9.9');
    expect(nak.type).toBe('NAK');
    expect(nak.options.serverId).toBe('127.0.0.1');
  });
});

describe('RFC 2131 3.4: INFORM', () => {
  it('an INFORM gets the options in an ACK, without a lease time and with yiaddr 0', async () => {
    const s = await server();
    const c = client(s, '02:00:00:00:05:01');
    const r = await c.inform('192.168.244.20');
    expect(r.type).toBe('ACK');
    expect(r.packet.yiaddr).toBe(0);
    expect(r.options.leaseTime).toBeUndefined();
    expect(r.options.routers).toEqual(['192.168.244.2']);
    expect(r.options.dns).toEqual(['192.168.244.139']);
  });
});

describe('RFC 2131 4.3.3: DECLINE', () => {
  it('a declined address is not offered again to the same client', async () => {
    const s = await server();
    const c = client(s, '02:00:00:00:06:01');
    const { ip } = await c.boot();
    await c.decline();
    const next = await c.boot();
    expect(next.ip).not.toBe(ip);
    expect(inLabRange(next.ip)).toBe(true);
  });
});

describe('RFC 2131 4.1 / RFC 3046: relayed requests', () => {
  const RELAY_CONF = `
authoritative;
default-lease-time 3600;
option domain-name-servers 10.20.0.53;
shared-network relay {
  subnet 127.0.0.0 netmask 255.0.0.0 { }
  subnet 10.20.0.0 netmask 255.255.0.0 {
    range 10.20.1.1 10.20.1.200;
    option routers 10.20.0.1;
  }
}
`;
  it('giaddr 127.0.0.3 selects the shared-network range; the reply goes to the relay; option 82 is echoed', async () => {
    // The relay (the simulated client with giaddr) listens on 127.0.0.3:<ephemeral>; the server's
    // relayPort points there (RFC 2131 4.1 says 67; see DhcpServerOptions.relayPort).
    const relaySock = dgram.createSocket('udp4');
    await new Promise<void>((r) => relaySock.bind(0, '127.0.0.3', () => r()));
    const relayPort = relaySock.address().port;
    await new Promise<void>((r) => relaySock.close(() => r()));
    const s = await server({ config: parseDhcpdConf(RELAY_CONF, 'relay.conf'), relayPort });
    const agent = Buffer.from([1, 4, 0x65, 0x74, 0x68, 0x30, 2, 3, 0xaa, 0xbb, 0xcc]); // circuit-id "eth0", remote-id aabbcc
    const c = client(s, '02:00:00:00:07:01', { giaddr: '127.0.0.3', relayAgentInfo: agent, bind: { address: '127.0.0.3', port: relayPort } });
    const r = await c.boot();
    expect(r.ip).toMatch(/^10\.20\.1\./);
    expect(r.options.routers).toEqual(['10.20.0.1']);
    expect(r.options.dns).toEqual(['10.20.0.53']);
    expect(r.options.relayAgentInfo).toEqual(agent);
  });
});

describe('RFC 2131 4.4.5 / 3.1: leases expire on the injected clock (no sleeping)', () => {
  it('with one address in the range, a second client gets it only after the first lease ends', async () => {
    const clock = virtualClock();
    const text = readFileSync(LAB_CONF, 'utf8').replace('range 192.168.244.150 192.168.244.250;', 'range 192.168.244.150 192.168.244.150;');
    const s = await server({ config: parseDhcpdConf(text, 'one.conf'), clock });
    const a = await client(s, '02:00:00:00:0f:01', { clock }).boot();
    expect(a.ip).toBe('192.168.244.150');
    expect(a.lease.expiresAt).toBe(clock.now() + 600_000);
    await expect(client(s, '02:00:00:00:0f:02', { timeoutMs: 100, tries: 1 }).boot()).rejects.toThrow(/DISCOVER: no reply/);
    clock.advance('601s');
    const b = await client(s, '02:00:00:00:0f:02', { clock }).boot();
    expect(b.ip).toBe('192.168.244.150');
  });
});

describe('reload: a new configuration is swapped in', () => {
  it('after reload, new clients get addresses from the new range; leases already given stay', async () => {
    const s = await server();
    const before = await client(s, '02:00:00:00:0e:01').boot();
    const text = readFileSync(LAB_CONF, 'utf8').replace('range 192.168.244.150 192.168.244.250;', 'range 192.168.244.200 192.168.244.210;').replace('option routers 192.168.244.2;', 'option routers 192.168.244.1;');
    s.reload(parseDhcpdConf(text, 'reloaded.conf'));
    const after = await client(s, '02:00:00:00:0e:02').boot();
    expect(ipFromString(after.ip)).toBeGreaterThanOrEqual(ipFromString('192.168.244.200'));
    expect(ipFromString(after.ip)).toBeLessThanOrEqual(ipFromString('192.168.244.210'));
    expect(after.options.routers).toEqual(['192.168.244.1']);
    expect(s.leases().some((l) => ipToString(l.ip) === before.ip)).toBe(true);
  });
});

describe('a server survives any packet', () => {
  it('malformed and hostile datagrams are dropped and counted; DORA still works', async () => {
    const s = await server();
    const sock = dgram.createSocket('udp4');
    cleanups.push(() => new Promise<void>((r) => sock.close(() => r())));
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const replies: Buffer[] = [];
    sock.on('message', (m) => replies.push(m));
    const good: DhcpPacket = {
      op: 1, htype: 1, hlen: 6, hops: 0, xid: 0x1234, secs: 0, flags: 0, ciaddr: 0, yiaddr: 0, siaddr: 0, giaddr: 0,
      chaddr: Buffer.from('020000000801' + '00'.repeat(10), 'hex'), sname: '', file: '',
      options: new Map([[53, Buffer.from([MessageType.DISCOVER])]]),
    };
    const goodWire = encodePacket(good, { maxSize: 576 });
    const badCookie = Buffer.from(goodWire);
    badCookie.writeUInt32BE(0xdeadbeef, 236);
    const overrun = Buffer.from(goodWire.subarray(0, 240 + 3));
    overrun[240] = 12; overrun[241] = 200; // option 12 claims 200 bytes
    const reply = Buffer.from(goodWire);
    reply[0] = 2; // BOOTREPLY: servers ignore it
    const hlen = Buffer.from(goodWire);
    hlen[2] = 200;
    const rnd = seededRandom(8);
    const random = Array.from({ length: 200 }, () => Buffer.from(Array.from({ length: Math.floor(rnd() * 600) }, () => Math.floor(rnd() * 256))));
    const mutated = Array.from({ length: 300 }, () => {
      const b = Buffer.from(goodWire);
      for (let k = 0; k < 4; k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      return b;
    });
    const hostile = [Buffer.alloc(0), Buffer.alloc(10), Buffer.alloc(300), badCookie, overrun, reply, hlen, ...random, ...mutated];
    for (const b of hostile) await new Promise<void>((r) => sock.send(b, s.address.port, s.address.address, () => r()));
    // Still answering: a normal client boots.
    const r = await client(s, '02:00:00:00:08:02').boot();
    expect(inLabRange(r.ip)).toBe(true);
    await expect.poll(() => s.stats().received, { timeout: 5000 }).toBeGreaterThanOrEqual(hostile.length + 2);
    const st = s.stats();
    // The 7 crafted ones and the 200 random ones (short, or a 2^-32 chance of a right cookie)
    // are malformed; mutated copies of a good DISCOVER may stay decodable and get answered.
    expect(st.malformed).toBeGreaterThanOrEqual(7 + 200);
    expect(st.errors).toBe(0);
  });
});

describe('RFC 2131 4.1: server identifier and replies of a non-loopback server', () => {
  it('fails to start on a missing --interface with a clear message', async () => {
    await expect(startDhcpServer({ config: labConfig(), interface: 'nonexistent0' })).rejects.toThrow(/interface 'nonexistent0' not found/);
  });
  it('a boot with no server answering fails after its tries (DhcpClientError)', async () => {
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const port = sock.address().port;
    cleanups.push(() => new Promise<void>((r) => sock.close(() => r())));
    const c = createDhcpClient({ server: { address: '127.0.0.1', port }, mac: '02:00:00:00:0a:01', timeoutMs: 50, tries: 2 });
    cleanups.push(() => c.close());
    await expect(c.boot()).rejects.toBeInstanceOf(DhcpClientError);
  });
});
