/**
 * The egress guard (hard rule: a server bound to loopback sends nothing outside 127.0.0.0/8).
 * RFC 2131 4.1 would send these replies to giaddr:67, to ciaddr:68 or to 255.255.255.255:68;
 * with the server on 127.0.0.1 every one must come back to the loopback source, or not be sent.
 * Proved twice: with the transport's send recorded (every destination), and on real sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDhcpdConf } from '../../src/dhcp/conf/index.js';
import { startDhcpServer, type DhcpServer } from '../../src/dhcp/server.js';
import { openUdpTransport, type DhcpTransport, type Endpoint, type PacketHandler, type TransportFactory } from '../../src/dhcp/udp-transport.js';
import { decodePacket, encodePacket } from '../../src/dhcp/packet.js';
import { ipFromString } from '../../src/dhcp/ip.js';
import { MessageType, type DhcpPacket } from '../../src/dhcp/types.js';

const LAB_CONF = resolve(import.meta.dirname, '../../fixtures/lab/dhcpd.conf');
/** The lab, plus a relayed network whose relay (giaddr) is not on loopback. */
const EGRESS_CONF = `${readFileSync(LAB_CONF, 'utf8')}
subnet 192.0.2.0 netmask 255.255.255.0 {
  range 192.0.2.100 192.0.2.200;
}
`;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function req(type: number, fields: Partial<DhcpPacket> = {}, extra: [number, Buffer][] = []): DhcpPacket {
  const mac = Buffer.alloc(16);
  Buffer.from([2, 0, 0, 0, 0x0e, Math.floor(Math.random() * 256)]).copy(mac);
  return {
    op: 1, htype: 1, hlen: 6, hops: 0, xid: Math.floor(Math.random() * 0xffffffff), secs: 0, flags: 0,
    ciaddr: 0, yiaddr: 0, siaddr: 0, giaddr: 0, chaddr: mac, sname: '', file: '',
    options: new Map<number, Buffer>([[53, Buffer.from([type])], ...extra]),
    ...fields,
  };
}
const ip4 = (s: string) => { const b = Buffer.alloc(4); b.writeUInt32BE(ipFromString(s)); return b; };

/** Requests whose RFC 2131 4.1 destination is not loopback; `answered`: the engine replies. */
const CASES: Array<{ name: string; answered: boolean | 'either'; packet: () => DhcpPacket }> = [
  { name: 'foreign giaddr 192.0.2.1 (relay) -> RFC: 192.0.2.1:67', answered: true, packet: () => req(MessageType.DISCOVER, { giaddr: ipFromString('192.0.2.1'), hops: 1 }) },
  { name: 'broadcast flag set -> RFC: 255.255.255.255:68', answered: true, packet: () => req(MessageType.DISCOVER, { flags: 0x8000 }) },
  { name: 'no flag, no ciaddr -> RFC: broadcast (dgram cannot unicast to chaddr)', answered: true, packet: () => req(MessageType.DISCOVER) },
  { name: 'INFORM with foreign ciaddr 192.168.244.20 -> RFC: 192.168.244.20:68', answered: true, packet: () => req(MessageType.INFORM, { ciaddr: ipFromString('192.168.244.20') }) },
  { name: 'INIT-REBOOT of another network -> NAK, RFC: broadcast', answered: true, packet: () => req(MessageType.REQUEST, {}, [[50, ip4('10.9.9.9')]]) },
  { name: 'RENEWING with ciaddr 203.0.113.5 (not ours) -> NAK or silence', answered: 'either', packet: () => req(MessageType.REQUEST, { ciaddr: ipFromString('203.0.113.5') }) },
];

/** The real UDP transport, with every send recorded. */
function recording(sent: Endpoint[]): TransportFactory {
  return async (bind) => {
    const t = await openUdpTransport(bind);
    return { ...t, address: t.address, onPacket: (h) => t.onPacket(h), close: () => t.close(), send: (buf, dest) => { sent.push(dest); return t.send(buf, dest); } };
  };
}

/** A transport with no socket: packets are delivered by the test, sends recorded. */
function fakeTransport(sent: Array<{ dest: Endpoint; buf: Buffer }>): { factory: TransportFactory; deliver: (buf: Buffer, source: Endpoint) => void } {
  let handler: PacketHandler = () => {};
  const t: DhcpTransport = {
    address: { address: '127.0.0.1', port: 67 },
    onPacket: (h) => { handler = h; },
    send: async (buf, dest) => { sent.push({ dest, buf }); },
    close: async () => {},
  };
  return { factory: async () => t, deliver: (buf, source) => handler(buf, source) };
}

async function labServer(openTransport?: TransportFactory): Promise<DhcpServer> {
  const s = await startDhcpServer({ config: parseDhcpdConf(EGRESS_CONF, 'egress.conf'), host: '127.0.0.1', port: 0, openTransport });
  cleanups.push(() => s.close());
  return s;
}

const isLoopbackDest = (d: Endpoint) => /^127\./.test(d.address);

describe('egress guard: server on 127.0.0.1, recorded sends', () => {
  it.each(CASES)('$name: every destination is the loopback source', async ({ packet, answered }) => {
    const sent: Endpoint[] = [];
    const s = await labServer(recording(sent));
    const sock = dgram.createSocket('udp4');
    cleanups.push(() => new Promise<void>((r) => sock.close(() => r())));
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const p = packet();
    const got = new Promise<Buffer>((r) => sock.once('message', (m) => r(m)));
    sock.send(encodePacket(p, { maxSize: 576 }), s.address.port, '127.0.0.1');
    // The server has finished with the request once it is counted as answered, silent or dropped.
    await expect.poll(() => { const st = s.stats(); return st.replies + st.unanswered + st.dropped; }).toBe(1);
    const reply = s.stats().replies === 1 ? await got : undefined;
    for (const d of sent) expect(isLoopbackDest(d), JSON.stringify(d)).toBe(true);
    for (const d of sent) expect(d).toEqual({ address: '127.0.0.1', port: sock.address().port });
    if (answered !== 'either') expect(reply !== undefined).toBe(answered);
    if (reply) expect(decodePacket(reply).xid).toBe(p.xid);
    expect(sent.length).toBe(reply ? 1 : 0);
  });

  it('the cases that must be answered are answered (the guard redirects, it does not just drop)', async () => {
    const sent: Endpoint[] = [];
    const s = await labServer(recording(sent));
    const sock = dgram.createSocket('udp4');
    cleanups.push(() => new Promise<void>((r) => sock.close(() => r())));
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const replies: Buffer[] = [];
    sock.on('message', (m) => replies.push(m));
    for (const c of CASES.slice(0, 5)) sock.send(encodePacket(c.packet(), { maxSize: 576 }), s.address.port, '127.0.0.1');
    await expect.poll(() => replies.length, { timeout: 3000 }).toBe(5);
    expect(sent.every(isLoopbackDest)).toBe(true);
  });
});

describe('egress guard: requests from a non-loopback source (injected transport)', () => {
  it.each(CASES)('$name from 192.0.2.7:68: nothing is sent anywhere', async ({ packet }) => {
    const sent: Array<{ dest: Endpoint; buf: Buffer }> = [];
    const fake = fakeTransport(sent);
    const s = await labServer(fake.factory);
    fake.deliver(encodePacket(packet(), { maxSize: 576 }), { address: '192.0.2.7', port: 68 });
    await expect.poll(() => s.stats().received).toBe(1);
    await expect.poll(() => s.stats().dropped + s.stats().unanswered).toBe(1);
    expect(sent).toEqual([]);
  });

  it('a loopback source with a foreign giaddr is answered at the source, never at giaddr', async () => {
    const sent: Array<{ dest: Endpoint; buf: Buffer }> = [];
    const fake = fakeTransport(sent);
    await labServer(fake.factory);
    for (let i = 0; i < 50; i++) {
      const giaddr = ipFromString(`192.0.2.${i + 1}`);
      fake.deliver(encodePacket(req(MessageType.DISCOVER, { giaddr, hops: 1, flags: i % 2 ? 0x8000 : 0 }), { maxSize: 576 }), { address: '127.0.0.9', port: 6000 + i });
    }
    await expect.poll(() => sent.length).toBe(50);
    expect(sent.every((x) => x.dest.address === '127.0.0.9')).toBe(true);
  });
});
