/**
 * DHCP messages built with the project's own encoder (src/dhcp/packet.ts) for the kinds the
 * captures lack: udhcpc and dhclient need a server answering on their interface to get past
 * DISCOVER, and perfdhcp's REQUESTs need its OFFERs relayed back, so the corpus captures only
 * their DISCOVERs. These add a SELECTING REQUEST (50, 54), a RENEWING REQUEST (ciaddr), an
 * INFORM, a RELEASE, a DECLINE, a relayed DISCOVER with option 82 (RFC 3046) and a BOOTP
 * request without option 53 (RFC 1542), for lab addresses and a lab host's MAC.
 */
import { encodePacket } from '../../src/dhcp/packet.js';
import { ipFromString } from '../../src/dhcp/ip.js';
import type { DhcpPacket } from '../../src/dhcp/types.js';

/** A client message (op 1, Ethernet) from `mac` (6 bytes) with the given fields and options. */
export function clientMessage(mac: Buffer, xid: number, options: [number, Buffer][], fields: Partial<DhcpPacket> = {}): Buffer {
  const chaddr = Buffer.alloc(16);
  mac.copy(chaddr);
  const p: DhcpPacket = {
    op: 1, htype: 1, hlen: 6, hops: 0, xid, secs: 0, flags: 0, ciaddr: 0, yiaddr: 0, siaddr: 0, giaddr: 0,
    chaddr, sname: '', file: '', options: new Map(options), ...fields,
  };
  return encodePacket(p, { maxSize: 1500 });
}

const b = (...xs: number[]) => Buffer.from(xs);
const ip = (s: string) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(ipFromString(s) >>> 0);
  return out;
};

export function builtDhcpSeeds(): Buffer[] {
  const mac = Buffer.from('000c29aabba1', 'hex');
  const prl: [number, Buffer] = [55, b(1, 3, 6, 12, 15, 28, 42, 51, 54, 58, 59, 119)];
  return [
    clientMessage(mac, 1, [[53, b(3)], [50, ip('192.168.244.150')], [54, ip('127.0.0.1')], [12, Buffer.from('ws01')], prl]),
    clientMessage(mac, 2, [[53, b(3)], prl], { ciaddr: ipFromString('192.168.244.150') }),
    clientMessage(mac, 3, [[53, b(8)], prl], { ciaddr: ipFromString('192.168.244.139') }),
    clientMessage(mac, 4, [[53, b(7)], [54, ip('127.0.0.1')]], { ciaddr: ipFromString('192.168.244.150') }),
    clientMessage(mac, 5, [[53, b(4)], [50, ip('192.168.244.150')], [54, ip('127.0.0.1')]]),
    clientMessage(mac, 6, [[53, b(1)], prl, [82, b(1, 4, 0x65, 0x74, 0x68, 0x30, 2, 2, 0, 1)]], { giaddr: ipFromString('192.168.244.1'), hops: 1 }),
    clientMessage(mac, 7, [[61, b(1, 0, 0x0c, 0x29, 0xaa, 0xbb, 0xa1)], [57, b(2, 64)]]),
  ];
}
