/**
 * Property tests (fast-check) of the DHCP engine as a whole: random client behaviour over
 * time must never hand one address to two clients, never hand out an address outside the
 * pools (or a reservation to anyone but its host), and no decodable packet makes handle() throw.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDhcpEngine } from '../../src/dhcp/engine.js';
import { decodePacket, encodePacket, PacketError } from '../../src/dhcp/packet.js';
import type { DhcpPacket } from '../../src/dhcp/types.js';
import { ipToString } from '../../src/dhcp/ip.js';
import { virtualClock } from '../../src/util/clock.js';
import { conf, ip, request } from './helpers/wire.js';

const SERVER = '10.0.0.1';
const LOCAL = { network: ip('10.0.0.0'), mask: ip('255.255.255.0') };
const CONFIG = `
  authoritative;
  default-lease-time 600; max-lease-time 1200;
  subnet 10.0.0.0 netmask 255.255.255.0 {
    range 10.0.0.10 10.0.0.24;
    pool { deny unknown-clients; range 10.0.0.30 10.0.0.33; }
  }
  host h0 { hardware ethernet 02:00:00:00:00:00; fixed-address 10.0.0.20; }
  host h1 { hardware ethernet 02:00:00:00:00:01; fixed-address 10.0.0.5; }
  host h2 { hardware ethernet 02:00:00:00:00:02; }`;
const RESERVED = new Map([[ip('10.0.0.20'), 0], [ip('10.0.0.5'), 1]]);
const inRange = (a: number, lo: string, hi: string) => a >= ip(lo) && a <= ip(hi);
const KNOWN = new Set([0, 1, 2]);

type Step =
  | { kind: 'discover' | 'select' | 'reboot' | 'renew' | 'rebind' | 'release' | 'decline' | 'inform' | 'other-server'; client: number; addr: number; lease: number }
  | { kind: 'wait'; seconds: number };

const N_CLIENTS = 10;
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('discover', 'select', 'reboot', 'renew', 'rebind', 'release', 'decline', 'inform', 'other-server' as const),
    client: fc.integer({ min: 0, max: N_CLIENTS - 1 }),
    // -1: the client's last offered/acked address; else 10.0.0.0 + n.
    addr: fc.integer({ min: -1, max: 40 }),
    lease: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5000 })),
  }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 1, max: 1500 }) }),
);

function mac(c: number): string {
  return `02:00:00:00:00:${c.toString(16).padStart(2, '0')}`;
}

describe('properties of the RFC 2131 engine', () => {
  it('no address held by two clients; addresses only from the pools or the client\'s reservation', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 120 }), (steps) => {
        const clock = virtualClock();
        const engine = createDhcpEngine(conf(CONFIG), { serverId: ip(SERVER) });
        /** Our model of who holds what: ip -> { client, ends } for every address ACKed. */
        const held = new Map<number, { client: number; ends: number }>();
        const last = new Map<number, number>();
        for (const s of steps) {
          if (s.kind === 'wait') {
            clock.advance(s.seconds * 1000);
            continue;
          }
          const c = s.client;
          const addr = s.addr < 0 ? last.get(c) ?? ip('10.0.0.10') : ip('10.0.0.0') + s.addr;
          const a = ipToString(addr);
          const base = { mac: mac(c), leaseTime: s.lease || undefined, clientId: c === 9 ? Buffer.from('ff01', 'hex') : undefined };
          const spec = {
            discover: { ...base, type: 1, requested: s.addr >= 0 ? a : undefined },
            select: { ...base, type: 3, serverId: SERVER, requested: a },
            'other-server': { ...base, type: 3, serverId: '10.0.0.2', requested: a },
            reboot: { ...base, type: 3, requested: a },
            renew: { ...base, type: 3, ciaddr: a },
            rebind: { ...base, type: 3, ciaddr: a, flags: 0x8000 },
            release: { ...base, type: 7, serverId: SERVER, ciaddr: a },
            decline: { ...base, type: 4, serverId: SERVER, requested: a },
            inform: { ...base, type: 8, ciaddr: a },
          }[s.kind];
          const now = clock.now();
          const res = engine.handle(request(spec), { now, localSubnet: LOCAL });
          expect(res.event ?? '').not.toMatch(/internal error/);
          for (const l of res.changes) {
            if (l.state === 'released' || l.state === 'abandoned') held.delete(l.ip);
          }
          const t = res.reply?.options.get(53)?.[0];
          if (t !== 2 && t !== 5) continue;
          const yi = res.reply!.yiaddr;
          if (s.kind === 'inform') {
            expect(yi).toBe(0);
            continue;
          }
          // Every address handed out is in a pool the client may use, or its own reservation.
          const owner = RESERVED.get(yi);
          if (owner !== undefined) expect(owner).toBe(c);
          else {
            const ok = inRange(yi, '10.0.0.10', '10.0.0.24') || (KNOWN.has(c) && inRange(yi, '10.0.0.30', '10.0.0.33'));
            expect(ok, `${ipToString(yi)} to client ${c}`).toBe(true);
          }
          // Never to two clients at once.
          const h = held.get(yi);
          if (h && h.client !== c && h.ends > now) {
            throw new Error(`${ipToString(yi)} given to client ${c} while client ${h.client} holds it until ${h.ends - now} ms from now`);
          }
          last.set(c, yi);
          if (t === 5 && owner === undefined) {
            const lease = res.reply!.options.get(51)!.readUInt32BE(0);
            held.set(yi, { client: c, ends: now + lease * 1000 });
          }
        }
        // The engine's own view agrees: one active lease per address, at most.
        const active = engine.leases(clock.now()).filter((l) => l.state === 'active' && l.ends > clock.now());
        expect(new Set(active.map((l) => l.ip)).size).toBe(active.length);
      }),
      { numRuns: 300 },
    );
  });

  const packetArb: fc.Arbitrary<DhcpPacket> = fc.record({
    op: fc.integer({ min: 0, max: 255 }),
    htype: fc.integer({ min: 0, max: 255 }),
    hlen: fc.integer({ min: 0, max: 16 }),
    hops: fc.integer({ min: 0, max: 255 }),
    xid: fc.integer({ min: 0, max: 0xffffffff }),
    secs: fc.integer({ min: 0, max: 0xffff }),
    flags: fc.integer({ min: 0, max: 0xffff }),
    ciaddr: fc.oneof(fc.constant(0), fc.integer({ min: ip('10.0.0.0'), max: ip('10.0.0.40') }), fc.integer({ min: 0, max: 0xffffffff })),
    yiaddr: fc.integer({ min: 0, max: 0xffffffff }),
    siaddr: fc.integer({ min: 0, max: 0xffffffff }),
    giaddr: fc.oneof(fc.constant(0), fc.constant(ip('10.0.0.1')), fc.integer({ min: 0, max: 0xffffffff })),
    chaddr: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b)),
    sname: fc.string({ maxLength: 10 }),
    file: fc.string({ maxLength: 10 }),
    options: fc
      .array(
        fc.tuple(
          fc.oneof(fc.constantFrom(50, 51, 53, 54, 55, 57, 61, 82, 12), fc.integer({ min: 1, max: 254 })),
          fc.oneof(fc.uint8Array({ maxLength: 8 }), fc.constantFrom(Uint8Array.from([1]), Uint8Array.from([3]), Uint8Array.from([10, 0, 0, 12]), Uint8Array.from([10, 0, 0, 1]))),
        ),
        { maxLength: 12 },
      )
      .map((list) => new Map(list.map(([c, d]) => [c, Buffer.from(d)]))),
  });

  it('handle() never throws nor fails internally on any decodable packet (random packets)', () => {
    const clock = virtualClock();
    const engine = createDhcpEngine(conf(CONFIG), { serverId: ip(SERVER) });
    fc.assert(
      fc.property(packetArb, fc.boolean(), (p, local) => {
        const res = engine.handle(p, { now: clock.now(), localSubnet: local ? LOCAL : undefined });
        expect(res.event ?? '').not.toMatch(/internal error/);
        if (res.reply) encodePacket(res.reply, { maxSize: 576 });
        clock.advance(1000);
      }),
      { numRuns: 3000 },
    );
  });

  it('decode never throws but PacketError, and handle() never fails, on mutated real packets', () => {
    const clock = virtualClock();
    const engine = createDhcpEngine(conf(CONFIG), { serverId: ip(SERVER) });
    const seeds = [
      request({ type: 1, mac: mac(3), prl: [1, 3, 6], requested: '10.0.0.12' }),
      request({ type: 3, mac: mac(3), serverId: SERVER, requested: '10.0.0.12' }),
      request({ type: 3, mac: mac(0), ciaddr: '10.0.0.20' }),
      request({ type: 8, mac: mac(4), ciaddr: '10.0.0.99' }),
    ].map((p) => encodePacket(p, { maxSize: 576 }));
    const mutation = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.constantFrom(...seeds), mutation, fc.integer({ min: 0, max: 400 }), (seed, edits, cut) => {
        const buf = Buffer.from(seed);
        for (const [pos, val] of edits) buf[pos % buf.length] = val;
        const bytes = cut > 300 ? buf : buf.subarray(0, Math.max(0, buf.length - cut));
        let p: DhcpPacket;
        try {
          p = decodePacket(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(PacketError);
          return;
        }
        const res = engine.handle(p, { now: clock.now(), localSubnet: LOCAL });
        expect(res.event ?? '').not.toMatch(/internal error/);
      }),
      { numRuns: 3000 },
    );
  });

  it('a /8 range: 20,000 DORAs through the engine, each client a distinct address, little memory', () => {
    const clock = virtualClock();
    const engine = createDhcpEngine(conf('authoritative; subnet 10.0.0.0 netmask 255.0.0.0 { range 10.0.0.1 10.255.255.254; }'), { serverId: ip('10.0.0.1') });
    const local = { network: ip('10.0.0.0'), mask: ip('255.0.0.0') };
    const before = process.memoryUsage().heapUsed;
    const given = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const m = `02:00:00:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
      const offer = engine.handle(request({ type: 1, mac: m }), { now: clock.now(), localSubnet: local }).reply!;
      const ack = engine.handle(request({ type: 3, mac: m, serverId: '10.0.0.1', requested: ipToString(offer.yiaddr) }), { now: clock.now(), localSubnet: local });
      expect(ack.reply!.options.get(53)![0]).toBe(5);
      given.add(offer.yiaddr);
    }
    expect(given.size).toBe(20_000);
    expect(engine.leases(clock.now())).toHaveLength(20_000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(100 * 1024 * 1024);
  });
});
