import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { routeReply } from '../../src/dhcp/routing.js';
import type { DhcpPacket } from '../../src/dhcp/types.js';
import { ipToString } from '../../src/dhcp/ip.js';
import { request } from './helpers/wire.js';

function replyOf(type: number): DhcpPacket {
  const r = request({ type });
  r.op = 2;
  return r;
}
const OFFER = replyOf(2);
const ACK = replyOf(5);
const NAK = replyOf(6);
const fromRelay = { address: '10.1.2.3', port: 67 };
const fromClient = { address: '0.0.0.0', port: 68 };

describe('RFC 2131 4.1: where replies go (server not on loopback)', () => {
  const cases: Array<[string, DhcpPacket, DhcpPacket, { address: string; port: number; broadcast: boolean }]> = [
    ['relayed OFFER -> giaddr:67', request({ type: 1, giaddr: '10.1.2.3' }), OFFER, { address: '10.1.2.3', port: 67, broadcast: false }],
    ['relayed NAK -> giaddr:67', request({ type: 3, giaddr: '10.1.2.3', ciaddr: '10.9.9.9' }), NAK, { address: '10.1.2.3', port: 67, broadcast: false }],
    ['RENEWING ACK -> ciaddr:68 unicast', request({ type: 3, ciaddr: '192.168.244.150' }), ACK, { address: '192.168.244.150', port: 68, broadcast: false }],
    ['INFORM ACK -> ciaddr:68 unicast', request({ type: 8, ciaddr: '192.168.244.20' }), ACK, { address: '192.168.244.20', port: 68, broadcast: false }],
    ['NAK not relayed -> broadcast even with ciaddr', request({ type: 3, ciaddr: '192.168.244.150' }), NAK, { address: '255.255.255.255', port: 68, broadcast: true }],
    ['broadcast flag -> broadcast', request({ type: 1, flags: 0x8000 }), OFFER, { address: '255.255.255.255', port: 68, broadcast: true }],
    ['no address, no flag -> broadcast (no ARP from dgram)', request({ type: 1 }), OFFER, { address: '255.255.255.255', port: 68, broadcast: true }],
  ];
  it.each(cases)('%s', (_n, req, reply, want) => {
    expect(routeReply(req, reply, { source: fromClient, serverOnLoopback: false })).toEqual(want);
  });
});

describe('egress guard: a loopback server never sends off loopback', () => {
  const lo = { address: '127.0.0.5', port: 40000 };
  const cases: Array<[string, DhcpPacket, DhcpPacket, { address: string; port: number }, unknown]> = [
    ['loopback relay (perfdhcp) -> giaddr:67', request({ type: 1, giaddr: '127.0.0.3' }), OFFER, { address: '127.0.0.3', port: 67 }, { address: '127.0.0.3', port: 67, broadcast: false }],
    ['loopback ciaddr -> ciaddr:68', request({ type: 3, ciaddr: '127.0.0.9' }), ACK, lo, { address: '127.0.0.9', port: 68, broadcast: false }],
    ['broadcast -> back to the loopback source', request({ type: 1, flags: 0x8000 }), OFFER, lo, { address: '127.0.0.5', port: 40000, broadcast: false }],
    ['non-loopback giaddr -> back to the loopback source', request({ type: 1, giaddr: '192.168.244.1' }), OFFER, lo, { address: '127.0.0.5', port: 40000, broadcast: false }],
    ['non-loopback ciaddr -> back to the loopback source', request({ type: 3, ciaddr: '192.168.244.150' }), ACK, lo, { address: '127.0.0.5', port: 40000, broadcast: false }],
    ['IPv4-mapped loopback source', request({ type: 1 }), OFFER, { address: '::ffff:127.0.0.1', port: 5000 }, { address: '127.0.0.1', port: 5000, broadcast: false }],
  ];
  it.each(cases)('%s', (_n, req, reply, source, want) => {
    expect(routeReply(req, reply, { source, serverOnLoopback: true })).toEqual(want);
  });

  it('drops, with a reason, when neither destination nor source is loopback', () => {
    const r = routeReply(request({ type: 1, giaddr: '10.1.2.3' }), OFFER, { source: fromRelay, serverOnLoopback: true });
    expect(r).toEqual({ drop: expect.stringMatching(/egress guard.*10\.1\.2\.3/) });
  });

  it('property: for any request and reply, the result is a drop or a 127.x destination', () => {
    const addr = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0x7f000000, max: 0x7fffffff }), fc.constant(0xffffffff));
    const sourceArb = fc.record({
      address: fc.oneof(addr.map(ipToString), fc.constant('::1'), fc.constant('::ffff:10.0.0.1'), fc.string()),
      port: fc.integer({ min: 0, max: 70000 }),
    });
    fc.assert(
      fc.property(addr, addr, fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 1, max: 8 }), sourceArb, (giaddr, ciaddr, flags, type, source) => {
        const req = request({ type: 3, flags });
        req.giaddr = giaddr;
        req.ciaddr = ciaddr;
        const route = routeReply(req, replyOf(type), { source, serverOnLoopback: true });
        if ('drop' in route) return;
        expect(route.address).toMatch(/^127\.\d+\.\d+\.\d+$/);
        expect(route.broadcast).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });
});
