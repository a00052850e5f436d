import { describe, expect, it } from 'vitest';
import { createDhcpEngine, type DhcpEngine, type HandleResult } from '../../src/dhcp/engine.js';
import { decodePacket, encodePacket } from '../../src/dhcp/packet.js';
import type { DhcpConfig, DhcpPacket, Lease } from '../../src/dhcp/types.js';
import { ipToString } from '../../src/dhcp/ip.js';
import { virtualClock } from '../../src/util/clock.js';
import { chaddr, conf, ip, ipHex, labConfig, opt, request, wire, zeros, type ReqSpec } from './helpers/wire.js';

const SERVER = '192.168.244.139';
const LAB_NET = { network: ip('192.168.244.0'), mask: ip('255.255.255.0') };

function setup(config: DhcpConfig = labConfig(), leases: Lease[] = []) {
  const clock = virtualClock();
  const engine = createDhcpEngine(config, { serverId: ip(SERVER), leases });
  /** `local`: the interface's network (null: none, as for relayed-only servers). */
  const send = (spec: ReqSpec | DhcpPacket, local: { network: number; mask: number } | null = LAB_NET): HandleResult =>
    engine.handle('op' in spec ? spec : request(spec), { now: clock.now(), localSubnet: local ?? undefined });
  /** DISCOVER then REQUEST (SELECTING): the bound address. */
  const dora = (spec: ReqSpec, localSubnet: { network: number; mask: number } | null = LAB_NET): string => {
    const offer = send({ ...spec, type: 1 }, localSubnet);
    if (!offer.reply) return 'none';
    const yi = ipToString(offer.reply.yiaddr);
    const ack = send({ ...spec, type: 3, requested: yi, serverId: SERVER }, localSubnet);
    expect(ack.reply?.options.get(53)?.[0]).toBe(5);
    return yi;
  };
  return { engine, clock, send, dora };
}

const type = (r: HandleResult) => r.reply?.options.get(53)?.[0];
const u32 = (b?: Buffer) => b?.readUInt32BE(0);
const ipOpt = (r: HandleResult, code: number) => (r.reply?.options.get(code) ? ipToString(u32(r.reply.options.get(code))!) : undefined);

describe('RFC 2131 4.3.1: DHCPDISCOVER -> DHCPOFFER', () => {
  it('offers the first free address of the lab range, with the requested options (bytes in, fields out)', () => {
    const { engine, clock } = setup();
    const discover = wire(
      '01 01 06 00', //                 op BOOTREQUEST, htype Ethernet, hlen 6, hops 0
      '5e1f0a01', //                    xid
      '0000 8000', //                   secs 0, flags BROADCAST
      '00000000 00000000', //           ciaddr, yiaddr
      '00000000 00000000', //           siaddr, giaddr
      chaddr('02:42:ac:11:00:02'), //   chaddr
      zeros(64), zeros(128), //         sname, file
      '63825363', //                    magic cookie
      opt(53, '01'), //                 DHCPDISCOVER
      opt(55, '01 1c 02 03 0f 06 0c 77 2a'), // PRL: mask, broadcast, time-offset, routers, domain, DNS, host-name, search, NTP
      opt(57, '05dc'), //               max message size 1500
      'ff', //                          end
    );
    const res = engine.handle(decodePacket(discover), { now: clock.now(), localSubnet: LAB_NET });
    const r = res.reply!;
    expect(res.changes).toEqual([]); // offers are not persisted (dhcpd)
    expect(r).toMatchObject({ op: 2, htype: 1, hlen: 6, xid: 0x5e1f0a01, flags: 0x8000, ciaddr: 0, giaddr: 0 });
    expect(ipToString(r.yiaddr)).toBe('192.168.244.150');
    expect(r.chaddr.equals(chaddr('02:42:ac:11:00:02'))).toBe(true);
    // dhcpd order: 53 54 51 (no T1/T2 unless configured), then the PRL in the client's order (mask kept ahead of routers).
    expect([...r.options.keys()]).toEqual([53, 54, 51, 1, 28, 3, 15, 6, 119, 42]);
    expect(type(res)).toBe(2);
    expect(ipOpt(res, 54)).toBe(SERVER);
    expect(u32(r.options.get(51))).toBe(600); // default-lease-time 600
    expect(ipOpt(res, 3)).toBe('192.168.244.2');
    expect(r.options.get(15)!.toString()).toBe('lab.local');
  });

  it('T1 and T2 are left to the client (RFC 2131 4.4.5 defaults), as dhcpd 4.4 leaves them', () => {
    const { send } = setup();
    const r = send({ type: 1, leaseTime: 4000 });
    expect(u32(r.reply!.options.get(51))).toBe(4000);
    expect([58, 59].map((c) => r.reply!.options.has(c))).toEqual([false, false]);
  });

  const leaseTimes: Array<[string, number | undefined, number]> = [
    ['none requested: default-lease-time', undefined, 600],
    ['requested within max: granted', 3600, 3600],
    ['requested above max-lease-time: capped', 100000, 7200],
  ];
  it.each(leaseTimes)('RFC 2132 9.2 lease time, %s', (_n, requested, want) => {
    const { send } = setup();
    expect(u32(send({ type: 1, leaseTime: requested }).reply!.options.get(51))).toBe(want);
  });

  it('a host with a fixed-address gets its reservation, with its host options', () => {
    const { send } = setup();
    const r = send({ type: 1, mac: '00:0c:29:aa:bb:01', prl: [1, 3, 12] });
    expect(ipToString(r.reply!.yiaddr)).toBe('192.168.244.131');
    expect(r.reply!.options.get(12)!.toString()).toBe('esxi01');
  });

  it('the requested address (option 50) when it is free and in range; else a free one', () => {
    const { send } = setup();
    expect(ipToString(send({ type: 1, mac: '02:00:00:00:00:01', requested: '192.168.244.200' }).reply!.yiaddr)).toBe('192.168.244.200');
    expect(ipToString(send({ type: 1, mac: '02:00:00:00:00:02', requested: '192.168.244.131' }).reply!.yiaddr)).toBe('192.168.244.150');
    expect(ipToString(send({ type: 1, mac: '02:00:00:00:00:03', requested: '10.0.0.1' }).reply!.yiaddr)).toBe('192.168.244.151');
    // Already offered to another client: not given twice.
    expect(ipToString(send({ type: 1, mac: '02:00:00:00:00:04', requested: '192.168.244.200' }).reply!.yiaddr)).toBe('192.168.244.152');
  });

  it('a client that had a lease is offered the same address again', () => {
    const { send, dora, clock } = setup();
    expect(dora({ mac: '02:00:00:00:00:01' })).toBe('192.168.244.150');
    expect(dora({ mac: '02:00:00:00:00:02' })).toBe('192.168.244.151');
    clock.advance('1d'); // both expired
    expect(ipToString(send({ type: 1, mac: '02:00:00:00:00:02' }).reply!.yiaddr)).toBe('192.168.244.151');
  });

  it('RFC 2132 9.14: the client identifier, when present, is the identity', () => {
    const { dora } = setup();
    const mac = '02:00:00:00:00:01';
    expect(dora({ mac, clientId: Buffer.from('01aa', 'hex') })).toBe('192.168.244.150');
    expect(dora({ mac, clientId: Buffer.from('01bb', 'hex') })).toBe('192.168.244.151');
    expect(dora({ mac, clientId: Buffer.from('01aa', 'hex') })).toBe('192.168.244.150');
  });

  it('exhausted pool: no offer and an event, never a throw', () => {
    const { send, dora } = setup(conf('authoritative; subnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.0.10 10.0.0.11; }'));
    const local = { network: ip('10.0.0.0'), mask: ip('255.255.255.0') };
    expect(dora({ mac: '02:00:00:00:00:01' }, local)).toBe('10.0.0.10');
    expect(dora({ mac: '02:00:00:00:00:02' }, local)).toBe('10.0.0.11');
    const r = send({ type: 1, mac: '02:00:00:00:00:03' }, local);
    expect(r.reply).toBeUndefined();
    expect(r.event).toMatch(/no free leases/);
  });

  it('unknown network segment (no subnet for giaddr or interface): silence', () => {
    const { send } = setup();
    expect(send({ type: 1, giaddr: '10.9.9.1' }).reply).toBeUndefined();
    expect(send({ type: 1 }, null).event).toMatch(/unknown network segment/);
  });

  it('RFC 3046 2.2: relayed through a shared-network, option 82 echoed back last, giaddr kept', () => {
    const { send } = setup(conf(`
      shared-network relayed {
        subnet 127.0.0.0 netmask 255.0.0.0 { }
        subnet 10.20.0.0 netmask 255.255.0.0 { range 10.20.0.10 10.20.0.20; option routers 10.20.0.1; }
      }`));
    const agent = Buffer.from('0106' + '657468302f31', 'hex'); // circuit-id "eth0/1"
    const r = send({ type: 1, giaddr: '127.0.0.3', prl: [3], options: [[82, agent]] }, null);
    expect(ipToString(r.reply!.yiaddr)).toBe('10.20.0.10');
    expect(ipToString(r.reply!.giaddr)).toBe('127.0.0.3');
    expect([...r.reply!.options.keys()].at(-1)).toBe(82);
    expect(r.reply!.options.get(82)!.equals(agent)).toBe(true);
    expect(ipOpt(r, 3)).toBe('10.20.0.1');
    expect(ipOpt(r, 1)).toBe('255.255.0.0'); // mask of the address's subnet, not the relay's
  });

  it('pools: deny unknown-clients keeps unknown clients out, known ones in', () => {
    const { send } = setup(conf(`
      subnet 10.0.0.0 netmask 255.255.255.0 {
        pool { deny unknown-clients; range 10.0.0.10 10.0.0.19; }
        pool { range 10.0.0.100 10.0.0.109; }
      }
      host known { hardware ethernet 02:00:00:00:00:aa; }`));
    const local = { network: ip('10.0.0.0'), mask: ip('255.255.255.0') };
    expect(ipToString(send({ type: 1, mac: '02:00:00:00:00:01' }, local).reply!.yiaddr)).toBe('10.0.0.100');
    expect(ipToString(send({ type: 1, mac: '02:00:00:00:00:aa' }, local).reply!.yiaddr)).toBe('10.0.0.10');
  });

  it('PXE: next-server, filename and server-name fill siaddr, file and sname', () => {
    const { send } = setup(conf(`
      subnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.0.10 10.0.0.19; next-server 10.0.0.2; filename "pxelinux.0"; server-name "boot"; }`));
    const r = send({ type: 1 }, { network: ip('10.0.0.0'), mask: ip('255.255.255.0') }).reply!;
    expect([ipToString(r.siaddr), r.file, r.sname]).toEqual(['10.0.0.2', 'pxelinux.0', 'boot']);
  });
});

describe('RFC 2131 4.3.2: DHCPREQUEST', () => {
  it('SELECTING, our server identifier: commit then ACK (bytes in, lease out)', () => {
    const { engine, clock, send } = setup();
    send({ type: 1, mac: '02:42:ac:11:00:02', xid: 0x5e1f0a01 });
    const req = wire(
      '01 01 06 00', '5e1f0a01', '0000 0000', //      op, htype, hlen, hops, xid, secs, flags
      '00000000 00000000 00000000 00000000', //       ciaddr, yiaddr, siaddr, giaddr
      chaddr('02:42:ac:11:00:02'), zeros(64), zeros(128), '63825363',
      opt(53, '03'), //                               DHCPREQUEST
      opt(54, ipHex(SERVER)), //                      server identifier: us
      opt(50, ipHex('192.168.244.150')), //           requested IP
      opt(12, Buffer.from('vm1')), //                 host name
      'ff',
    );
    const res = engine.handle(decodePacket(req), { now: clock.now(), localSubnet: LAB_NET });
    expect(type(res)).toBe(5);
    expect(ipToString(res.reply!.yiaddr)).toBe('192.168.244.150');
    expect(res.reply!.ciaddr).toBe(0);
    expect(res.changes).toEqual([{
      ip: ip('192.168.244.150'), state: 'active', starts: clock.now(), ends: clock.now() + 600_000, cltt: clock.now(),
      hardwareEthernet: '02:42:ac:11:00:02', clientHostname: 'vm1',
    }]);
    expect(engine.leases(clock.now())).toEqual(res.changes);
  });

  it('SELECTING, another server chosen: silence, and our offer goes to the next client', () => {
    const { send } = setup();
    expect(ipToString(send({ type: 1, mac: '02:00:00:00:00:01' }).reply!.yiaddr)).toBe('192.168.244.150');
    const r = send({ type: 3, mac: '02:00:00:00:00:01', serverId: '192.168.244.1', requested: '192.168.244.77' });
    expect(r.reply).toBeUndefined();
    expect(r.changes).toEqual([]);
    expect(ipToString(send({ type: 1, mac: '02:00:00:00:00:02' }).reply!.yiaddr)).toBe('192.168.244.150');
  });

  it('SELECTING an address held by another client: NAK', () => {
    const { send, dora } = setup();
    dora({ mac: '02:00:00:00:00:01' });
    const r = send({ type: 3, mac: '02:00:00:00:00:02', serverId: SERVER, requested: '192.168.244.150' });
    expect(type(r)).toBe(6);
    expect(r.reply!.yiaddr).toBe(0);
    expect([...r.reply!.options.keys()]).toEqual([53, 54, 56]);
  });

  it('SELECTING a fixed address: ACK, nothing persisted (dhcpd keeps no lease for hosts)', () => {
    const { send } = setup();
    const r = send({ type: 3, mac: '00:0c:29:aa:bb:05', serverId: SERVER, requested: '192.168.244.135' });
    expect(type(r)).toBe(5);
    expect(r.changes).toEqual([]);
  });

  const initReboot: Array<[string, string, string | undefined, boolean, number | undefined]> = [
    // name, requesting client, requested address, authoritative, reply type (undefined: silence)
    ['its own address: ACK', '02:00:00:00:00:01', '192.168.244.150', true, 5],
    ['an address on another network, authoritative: NAK', '02:00:00:00:00:01', '10.1.1.1', true, 6],
    ['an address on another network, not authoritative: silence', '02:00:00:00:00:01', '10.1.1.1', false, undefined],
    ['another address than its lease: NAK', '02:00:00:00:00:01', '192.168.244.160', true, 6],
    ['an address leased to another client: NAK', '02:00:00:00:00:09', '192.168.244.150', true, 6],
    ['a client with no record: silence', '02:00:00:00:00:09', '192.168.244.160', true, undefined],
    ['another host\'s reservation: NAK', '02:00:00:00:00:09', '192.168.244.131', true, 6],
  ];
  it.each(initReboot)('INIT-REBOOT (no server id, ciaddr 0), %s', (_n, mac, requested, auth, want) => {
    const text = auth ? 'authoritative;' : 'not authoritative;';
    const { send, dora } = setup(conf(`${text}
      subnet 192.168.244.0 netmask 255.255.255.0 { range 192.168.244.150 192.168.244.250; }
      host esxi01 { hardware ethernet 00:0c:29:aa:bb:01; fixed-address 192.168.244.131; }`));
    dora({ mac: '02:00:00:00:00:01' });
    const r = send({ type: 3, mac, requested });
    expect(type(r)).toBe(want);
    if (want === 5) expect(r.changes).toHaveLength(1);
  });

  it('RENEWING (unicast, ciaddr set): ACK with ciaddr, lease extended and persisted', () => {
    const { send, dora, clock } = setup();
    dora({ mac: '02:00:00:00:00:01' });
    clock.advance('300s');
    const r = send({ type: 3, mac: '02:00:00:00:00:01', ciaddr: '192.168.244.150' });
    expect(type(r)).toBe(5);
    expect(ipToString(r.reply!.ciaddr)).toBe('192.168.244.150');
    expect(ipToString(r.reply!.yiaddr)).toBe('192.168.244.150');
    expect(r.changes[0]).toMatchObject({ state: 'active', ends: clock.now() + 600_000 });
  });

  it('REBINDING (broadcast, ciaddr set) for an address leased to someone else: NAK, broadcast', () => {
    const { send, dora } = setup();
    dora({ mac: '02:00:00:00:00:01' });
    const r = send({ type: 3, mac: '02:00:00:00:00:02', ciaddr: '192.168.244.150', flags: 0x8000 });
    expect(type(r)).toBe(6);
  });

  it('RENEWING an in-range address we have no record of (server lost its leases): ACK (Kea)', () => {
    const { send } = setup();
    const r = send({ type: 3, mac: '02:00:00:00:00:01', ciaddr: '192.168.244.170' });
    expect(type(r)).toBe(5);
    expect(r.changes[0]).toMatchObject({ ip: ip('192.168.244.170'), state: 'active' });
  });

  it('RENEWING unicast through a router (giaddr 0, ciaddr on a relayed subnet): located by ciaddr, ACK', () => {
    const { send, dora } = setup(conf(`authoritative;
      subnet 192.168.244.0 netmask 255.255.255.0 { range 192.168.244.150 192.168.244.250; }
      subnet 10.20.0.0 netmask 255.255.0.0 { range 10.20.0.10 10.20.0.20; }`));
    expect(dora({ mac: '02:00:00:00:00:01', giaddr: '10.20.0.1' }, null)).toBe('10.20.0.10');
    const r = send({ type: 3, mac: '02:00:00:00:00:01', ciaddr: '10.20.0.10' });
    expect(type(r)).toBe(5);
    expect(ipToString(r.reply!.yiaddr)).toBe('10.20.0.10');
  });

  it('RENEWING from an address in none of our subnets: silence, even when authoritative (dhcpd)', () => {
    const { send } = setup();
    const r = send({ type: 3, mac: '02:00:00:00:00:01', ciaddr: '172.16.0.5' });
    expect(r.reply).toBeUndefined();
    expect(r.event).toMatch(/unknown subnet/);
  });

  it('REBINDING through a relay for an address of another network: NAK (authoritative)', () => {
    const { send } = setup(conf(`authoritative;
      subnet 192.168.244.0 netmask 255.255.255.0 { range 192.168.244.150 192.168.244.250; }
      subnet 10.20.0.0 netmask 255.255.0.0 { range 10.20.0.10 10.20.0.20; }`));
    const r = send({ type: 3, mac: '02:00:00:00:00:01', ciaddr: '192.168.244.150', giaddr: '10.20.0.1', flags: 0x8000 }, null);
    expect(type(r)).toBe(6);
  });

  it('a relayed NAK has the broadcast bit set (RFC 2131 4.3.2)', () => {
    const { send } = setup(conf(`authoritative; subnet 10.20.0.0 netmask 255.255.0.0 { range 10.20.0.10 10.20.0.20; }`));
    const r = send({ type: 3, mac: '02:00:00:00:00:01', giaddr: '10.20.0.1', requested: '10.99.0.1' }, null);
    expect(type(r)).toBe(6);
    expect(r.reply!.flags & 0x8000).toBe(0x8000);
  });

  it('leases loaded from the journal are honoured: INIT-REBOOT gets its address back', () => {
    const { send } = setup(labConfig(), [
      { ip: ip('192.168.244.180'), state: 'active', starts: Date.UTC(2026, 0, 1) - 60_000, ends: Date.UTC(2026, 0, 1) + 540_000, hardwareEthernet: '02:00:00:00:00:07' },
    ]);
    expect(type(send({ type: 3, mac: '02:00:00:00:00:07', requested: '192.168.244.180' }))).toBe(5);
    expect(type(send({ type: 3, mac: '02:00:00:00:00:08', requested: '192.168.244.180' }))).toBe(6);
    expect(ipToString(send({ type: 1, mac: '02:00:00:00:00:07' }).reply!.yiaddr)).toBe('192.168.244.180');
  });
});

describe('RFC 2131 4.3.3: DHCPDECLINE', () => {
  it('sets the address aside (abandoned, persisted); nobody is offered it', () => {
    const { send, dora } = setup();
    dora({ mac: '02:00:00:00:00:01' });
    const r = send({ type: 4, mac: '02:00:00:00:00:01', serverId: SERVER, requested: '192.168.244.150' });
    expect(r.reply).toBeUndefined();
    expect(r.changes).toMatchObject([{ ip: ip('192.168.244.150'), state: 'abandoned' }]);
    expect(ipToString(send({ type: 1, mac: '02:00:00:00:00:01' }).reply!.yiaddr)).toBe('192.168.244.151');
  });

  it('a DECLINE for an address the client does not hold is ignored', () => {
    const { send, dora } = setup();
    dora({ mac: '02:00:00:00:00:01' });
    expect(send({ type: 4, mac: '02:00:00:00:00:02', serverId: SERVER, requested: '192.168.244.150' }).changes).toEqual([]);
  });
});

describe('RFC 2131 4.3.4: DHCPRELEASE', () => {
  it('frees the address (persisted), and the client gets it back later', () => {
    const { send, dora, clock } = setup();
    dora({ mac: '02:00:00:00:00:01' });
    const r = send({ type: 7, mac: '02:00:00:00:00:01', serverId: SERVER, ciaddr: '192.168.244.150' });
    expect(r.reply).toBeUndefined();
    expect(r.changes).toMatchObject([{ ip: ip('192.168.244.150'), state: 'released', ends: clock.now() }]);
    expect(ipToString(send({ type: 1, mac: '02:00:00:00:00:01' }).reply!.yiaddr)).toBe('192.168.244.150');
  });

  it('a RELEASE from another client changes nothing', () => {
    const { send, dora } = setup();
    dora({ mac: '02:00:00:00:00:01' });
    expect(send({ type: 7, mac: '02:00:00:00:00:02', serverId: SERVER, ciaddr: '192.168.244.150' }).changes).toEqual([]);
  });
});

describe('RFC 2131 4.3.5: DHCPINFORM', () => {
  it('ACK with configuration only: yiaddr 0, ciaddr echoed, no lease time, no lease', () => {
    const { send, engine, clock } = setup();
    const r = send({ type: 8, ciaddr: '192.168.244.20', prl: [1, 3, 6, 15, 51] });
    expect(type(r)).toBe(5);
    expect(r.reply!.yiaddr).toBe(0);
    expect(ipToString(r.reply!.ciaddr)).toBe('192.168.244.20');
    expect([...r.reply!.options.keys()]).toEqual([53, 54, 1, 3, 6, 15]);
    expect(r.changes).toEqual([]);
    expect(engine.leases(clock.now())).toEqual([]);
  });
});

describe('RFC 2131 4.1: what the server ignores', () => {
  const ignored: Array<[string, DhcpPacket]> = [
    ['BOOTREPLY (op 2)', { ...request({ type: 1 }), op: 2 }],
    ['plain BOOTP (no option 53) from a client without a fixed address', request({})],
    ['unknown message type 42', request({ type: 42 })],
    ['DHCPOFFER sent to a server', request({ type: 2 })],
    ['REQUEST without requested address nor ciaddr', request({ type: 3 })],
    ['REQUEST with a malformed server identifier', request({ type: 3, options: [[54, Buffer.from([1, 2])]] })],
    ['DISCOVER with a malformed requested address', request({ type: 1, options: [[50, Buffer.alloc(0)], [51, Buffer.from([1])]] })],
  ];
  it.each(ignored)('%s: no reply or a plain OFFER, no changes, no throw', (_n, pkt) => {
    const { engine, clock } = setup();
    const r = engine.handle(pkt, { now: clock.now(), localSubnet: LAB_NET });
    expect(r.changes).toEqual([]);
    expect(r.event ?? '').not.toMatch(/internal error/);
    if (r.reply) expect(type(r)).toBe(2);
  });
});

describe('RFC 1542: BOOTP clients with a fixed address', () => {
  it('get a BOOTREPLY with their address, boot file and options, without DHCP options', () => {
    const { send } = setup(conf(`
      subnet 10.0.0.0 netmask 255.255.255.0 { option routers 10.0.0.1; next-server 10.0.0.2; filename "boot.img"; }
      host old { hardware ethernet 02:00:00:00:00:0b; fixed-address 10.0.0.50; }`));
    const r = send({ mac: '02:00:00:00:00:0b' }, { network: ip('10.0.0.0'), mask: ip('255.255.255.0') });
    expect(r.reply).toMatchObject({ op: 2, file: 'boot.img' });
    expect([ipToString(r.reply!.yiaddr), ipToString(r.reply!.siaddr)]).toEqual(['10.0.0.50', '10.0.0.2']);
    expect([...r.reply!.options.keys()]).toEqual([1, 3]);
  });

  it('deny bootp: silence', () => {
    const { send } = setup(conf(`
      deny bootp;
      subnet 10.0.0.0 netmask 255.255.255.0 { }
      host old { hardware ethernet 02:00:00:00:00:0b; fixed-address 10.0.0.50; }`));
    expect(send({ mac: '02:00:00:00:00:0b' }, { network: ip('10.0.0.0'), mask: ip('255.255.255.0') }).reply).toBeUndefined();
  });
});

describe('reloadConfig', () => {
  it('keeps leases and serves the new ranges', () => {
    const { engine, send, dora, clock } = setup();
    dora({ mac: '02:00:00:00:00:01' });
    engine.reloadConfig(conf('authoritative; subnet 192.168.244.0 netmask 255.255.255.0 { range 192.168.244.150 192.168.244.151; }'));
    expect(engine.leases(clock.now())).toHaveLength(1);
    expect(ipToString(send({ type: 1, mac: '02:00:00:00:00:02' }).reply!.yiaddr)).toBe('192.168.244.151');
    expect(send({ type: 1, mac: '02:00:00:00:00:03' }).reply).toBeUndefined();
  });
});

describe('the whole path: encode what the engine answers within option 57', () => {
  it('an OFFER encodes within 576 bytes and decodes back', () => {
    const { send } = setup();
    const r = send({ type: 1, prl: [1, 3, 6, 15, 119, 42, 28] }).reply!;
    const buf = encodePacket(r, { maxSize: 576 });
    expect(buf.length).toBeLessThanOrEqual(548);
    expect(decodePacket(buf).options).toEqual(r.options);
  });
});

describe('leases(): what the journal would hold', () => {
  it('lists committed leases, not offers nor addresses only ever offered', () => {
    const { engine, send, dora, clock } = setup();
    dora({ mac: '02:00:00:00:00:01' });
    send({ type: 1, mac: '02:00:00:00:00:02' });
    expect(engine.leases(clock.now()).map((l) => [ipToString(l.ip), l.state])).toEqual([['192.168.244.150', 'active']]);
    clock.advance('1h');
    expect(engine.leases(clock.now()).map((l) => [ipToString(l.ip), l.state])).toEqual([['192.168.244.150', 'expired']]);
  });
});
