/**
 * RFC 2131 4.3 cases with every request written out byte by byte (coredhcp style), decoded
 * by our codec and answered by the engine on the lab's dhcpd.conf. Before each request, the
 * client 02:42:ac:11:00:02 holds 192.168.244.150 (a DORA done through the engine).
 */
import { describe, expect, it } from 'vitest';
import { createDhcpEngine } from '../../src/dhcp/engine.js';
import { decodePacket, encodePacket } from '../../src/dhcp/packet.js';
import { ipToString } from '../../src/dhcp/ip.js';
import { virtualClock } from '../../src/util/clock.js';
import { chaddr, ip, ipHex, labConfig, opt, request, wire, zeros } from './helpers/wire.js';

const SERVER = '192.168.244.139';
const MAC = '02:42:ac:11:00:02';
const LAB_NET = { network: ip('192.168.244.0'), mask: ip('255.255.255.0') };

interface Row {
  name: string;
  packet: Buffer;
  /** Expected reply message type (undefined: silence), yiaddr, ciaddr, and lease states persisted. */
  type?: number;
  yiaddr?: string;
  ciaddr?: string;
  changes: string[];
}

const rows: Row[] = [
  {
    name: '4.3.1 DISCOVER from the bound client: OFFER of its own address',
    packet: wire(
      '01', '01', '06', '00', //      op BOOTREQUEST, htype Ethernet, hlen 6, hops 0
      '00000101', //                  xid
      '0000', '8000', //              secs, flags BROADCAST
      '00000000', '00000000', //      ciaddr, yiaddr
      '00000000', '00000000', //      siaddr, giaddr
      chaddr(MAC), zeros(64), zeros(128), // chaddr, sname, file
      '63825363', //                  magic cookie
      opt(53, '01'), //               DHCPDISCOVER
      'ff'), //                       end
    type: 2, yiaddr: '192.168.244.150', ciaddr: '0.0.0.0', changes: [],
  },
  {
    name: '4.3.1 DISCOVER from a new client asking for a free address (option 50): OFFER of it',
    packet: wire(
      '01', '01', '06', '00', '00000102', '0000', '0000',
      '00000000', '00000000', '00000000', '00000000', // ciaddr, yiaddr, siaddr, giaddr
      chaddr('02:42:ac:11:00:03'), zeros(64), zeros(128), '63825363',
      opt(53, '01'), //               DHCPDISCOVER
      opt(50, ipHex('192.168.244.222')), // requested IP address
      opt(61, '01 02 42 ac 11 00 03'), // client identifier (htype + MAC)
      'ff'),
    type: 2, yiaddr: '192.168.244.222', changes: [],
  },
  {
    name: '4.3.2 REQUEST, SELECTING our offer: ACK, lease committed',
    packet: wire(
      '01', '01', '06', '00', '00000103', '0000', '0000',
      '00000000', '00000000', '00000000', '00000000',
      chaddr('02:42:ac:11:00:04'), zeros(64), zeros(128), '63825363',
      opt(53, '03'), //               DHCPREQUEST
      opt(54, ipHex(SERVER)), //      server identifier: us
      opt(50, ipHex('192.168.244.151')), // requested IP address (free)
      'ff'),
    type: 5, yiaddr: '192.168.244.151', ciaddr: '0.0.0.0', changes: ['192.168.244.151 active'],
  },
  {
    name: '4.3.2 REQUEST, SELECTING another server: silence',
    packet: wire(
      '01', '01', '06', '00', '00000104', '0000', '0000',
      '00000000', '00000000', '00000000', '00000000',
      chaddr(MAC), zeros(64), zeros(128), '63825363',
      opt(53, '03'), opt(54, ipHex('192.168.244.1')), opt(50, ipHex('192.168.244.10')), 'ff'),
    changes: [],
  },
  {
    name: '4.3.2 REQUEST, INIT-REBOOT for its address: ACK',
    packet: wire(
      '01', '01', '06', '00', '00000105', '0000', '0000',
      '00000000', '00000000', '00000000', '00000000', // ciaddr 0
      chaddr(MAC), zeros(64), zeros(128), '63825363',
      opt(53, '03'), opt(50, ipHex('192.168.244.150')), 'ff'), // no server identifier
    type: 5, yiaddr: '192.168.244.150', changes: ['192.168.244.150 active'],
  },
  {
    name: '4.3.2 REQUEST, INIT-REBOOT on the wrong network (authoritative): NAK',
    packet: wire(
      '01', '01', '06', '00', '00000106', '0000', '0000',
      '00000000', '00000000', '00000000', '00000000',
      chaddr(MAC), zeros(64), zeros(128), '63825363',
      opt(53, '03'), opt(50, ipHex('10.0.0.7')), 'ff'),
    type: 6, yiaddr: '0.0.0.0', changes: [],
  },
  {
    name: '4.3.2 REQUEST, RENEWING (unicast, ciaddr): ACK with ciaddr',
    packet: wire(
      '01', '01', '06', '00', '00000107', '0000', '0000', // flags 0: unicast
      ipHex('192.168.244.150'), '00000000', '00000000', '00000000', // ciaddr set
      chaddr(MAC), zeros(64), zeros(128), '63825363',
      opt(53, '03'), 'ff'),
    type: 5, yiaddr: '192.168.244.150', ciaddr: '192.168.244.150', changes: ['192.168.244.150 active'],
  },
  {
    name: '4.3.2 REQUEST, REBINDING (broadcast, ciaddr) from another client for that address: NAK',
    packet: wire(
      '01', '01', '06', '00', '00000108', '0000', '8000', // flags BROADCAST
      ipHex('192.168.244.150'), '00000000', '00000000', '00000000',
      chaddr('02:42:ac:11:00:09'), zeros(64), zeros(128), '63825363',
      opt(53, '03'), 'ff'),
    type: 6, changes: [],
  },
  {
    name: '4.3.3 DECLINE of its address: abandoned, no reply',
    packet: wire(
      '01', '01', '06', '00', '00000109', '0000', '0000',
      '00000000', '00000000', '00000000', '00000000',
      chaddr(MAC), zeros(64), zeros(128), '63825363',
      opt(53, '04'), opt(54, ipHex(SERVER)), opt(50, ipHex('192.168.244.150')), 'ff'),
    changes: ['192.168.244.150 abandoned'],
  },
  {
    name: '4.3.4 RELEASE of its address: released, no reply',
    packet: wire(
      '01', '01', '06', '00', '0000010a', '0000', '0000',
      ipHex('192.168.244.150'), '00000000', '00000000', '00000000', // ciaddr: the address released
      chaddr(MAC), zeros(64), zeros(128), '63825363',
      opt(53, '07'), opt(54, ipHex(SERVER)), 'ff'),
    changes: ['192.168.244.150 released'],
  },
  {
    name: '4.3.5 INFORM from a configured client: ACK, yiaddr 0, no lease',
    packet: wire(
      '01', '01', '06', '00', '0000010b', '0000', '0000',
      ipHex('192.168.244.30'), '00000000', '00000000', '00000000', // ciaddr: its own address
      chaddr('02:42:ac:11:00:0a'), zeros(64), zeros(128), '63825363',
      opt(53, '08'), opt(55, '01 03 06 0f'), 'ff'),
    type: 5, yiaddr: '0.0.0.0', ciaddr: '192.168.244.30', changes: [],
  },
];

describe('RFC 2131 4.3: requests byte by byte', () => {
  it.each(rows)('$name', (row) => {
    const clock = virtualClock();
    const engine = createDhcpEngine(labConfig(), { serverId: ip(SERVER) });
    const ctx = () => ({ now: clock.now(), localSubnet: LAB_NET });
    engine.handle(request({ type: 1, mac: MAC }), ctx());
    const ack = engine.handle(request({ type: 3, mac: MAC, serverId: SERVER, requested: '192.168.244.150' }), ctx());
    expect(ack.reply?.options.get(53)?.[0]).toBe(5);
    clock.advance('60s');

    const res = engine.handle(decodePacket(row.packet), ctx());
    expect(res.reply?.options.get(53)?.[0]).toBe(row.type);
    expect(res.changes.map((l) => `${ipToString(l.ip)} ${l.state}`)).toEqual(row.changes);
    if (res.reply) {
      if (row.yiaddr) expect(ipToString(res.reply.yiaddr)).toBe(row.yiaddr);
      if (row.ciaddr) expect(ipToString(res.reply.ciaddr)).toBe(row.ciaddr);
      expect(res.reply.xid).toBe(row.packet.readUInt32BE(4));
      // Every reply survives the codec unchanged.
      expect(decodePacket(encodePacket(res.reply, { maxSize: 576 }))).toEqual(res.reply);
    }
  });
});
