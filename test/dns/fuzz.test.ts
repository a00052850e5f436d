/**
 * Hostile input (RFC 1035 4.1; RFC 7766 8 for streams): whatever arrives, the handler
 * neither throws nor answers with something that is not a DNS message for the same ID,
 * and the real server keeps answering after a flood of garbage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import dgram from 'node:dgram';
import net from 'node:net';
import { once } from 'node:events';
import dnsPacket from 'dns-packet';
import { createQueryHandler, type QueryHandler } from '../../src/dns/handler.js';
import { startDnsServer, type DnsServer } from '../../src/dns/server.js';
import { fakeZones, makeFakeResponder } from './handler-fake-responder.js';
import { header, opt, query, question } from './query-parse-wire.js';
import { resolve } from 'node:path';
import { loadNamedConf } from '../../src/zones/named-conf.js';
import { mutate, mutation } from '../../bench/fuzz/mutate.js';

const zones = fakeZones('fuzz', {
  'vcenter.lab.local': ['192.168.244.135'],
  'big.lab.local': Array.from({ length: 60 }, (_, i) => `10.1.0.${i}`),
});

function newHandler(): QueryHandler {
  return createQueryHandler(() => zones, { respond: makeFakeResponder(), cacheSize: 64 });
}

/** The property every reply must have: null, or a decodable response with the query's ID. */
function checkReply(msg: Buffer, reply: Buffer | null): void {
  if (reply === null) return;
  expect(reply.length).toBeGreaterThanOrEqual(12);
  expect(reply.readUInt16BE(0)).toBe(msg.readUInt16BE(0));
  expect(reply[2] & 0x80).toBe(0x80); // QR
  expect(() => dnsPacket.decode(reply)).not.toThrow();
}

const seeds: Buffer[] = [
  query(1, 'vcenter.lab.local'),
  query(2, 'VCenter.Lab.Local', 28),
  query(3, 'big.lab.local', 1, { edns: opt(1232) }),
  query(4, 'nope.lab.local', 1, { edns: opt(4096, 0x8000, Buffer.from([0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8])) }),
  query(5, 'x', 255, { rd: false }),
  Buffer.concat([header(6, 0x2800, 1, 0, 1, 0), query(0, 'lab.local', 6).subarray(12), Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4])]),
];

describe('handle() on hostile input (fast-check)', () => {
  it('random bytes: never throws; null or a response with the same ID', () => {
    const h = newHandler();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (bytes, tcp) => {
        const msg = Buffer.from(bytes);
        checkReply(msg, h.handle(msg, tcp ? 'tcp' : 'udp'));
      }),
      { numRuns: 5000 },
    );
  });

  it('random bytes behind a valid header (QR=0, QDCOUNT=1): the parser goes deep', () => {
    const h = newHandler();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0x7fff }), fc.uint8Array({ maxLength: 300 }), (id, flags, rest) => {
        const msg = Buffer.concat([header(id, flags, 1, 0, 0, rest.length % 3), rest]);
        checkReply(msg, h.handle(msg, 'udp'));
      }),
      { numRuns: 5000 },
    );
  });

  it('mutated valid queries (flips, truncation, extension, huge counts, pointer loops): never throws', () => {
    const h = newHandler();
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (seed, muts, tcp) => {
        const msg = mutate(seed, muts);
        checkReply(msg, h.handle(msg, tcp ? 'tcp' : 'udp'));
      }),
      { numRuns: 10000 },
    );
  });

  it('a cache hit after a miss answers exactly what a fresh handler answers (ID patch is the only change)', () => {
    const cached = newHandler();
    fc.assert(
      fc.property(fc.constantFrom(...seeds.slice(0, 5)), fc.integer({ min: 0, max: 0xffff }), (seed, id) => {
        const msg = Buffer.from(seed);
        msg.writeUInt16BE(id, 0);
        expect(cached.handle(msg, 'udp')).toEqual(newHandler().handle(msg, 'udp'));
      }),
      { numRuns: 500 },
    );
  });
});

describe('handle() with the real responder on the lab zones (fast-check)', () => {
  const lab = loadNamedConf(resolve(import.meta.dirname, '../../fixtures/lab/named.conf')).zoneSet;
  const labSeeds = [
    query(1, 'vcenter.lab.local'),
    query(2, 'WWW.lab.local', 1, { edns: opt(1232, 0x8000) }),
    query(3, 'lab.local', 255, { rd: false }),
    query(4, '135.244.168.192.in-addr.arpa', 12, { edns: opt(512) }),
    query(5, 'nope.lab.local', 15),
    query(6, 'lab.local', 252),
    Buffer.concat([header(7, 0x2800, 1, 0, 1, 0), question('lab.local', 6), Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4])]),
    Buffer.concat([header(8, 0x2000, 1), question('lab.local', 6)]),
  ];
  it('mutated lab queries: never throws, never SERVFAIL, replies decode with the same ID', () => {
    const h = createQueryHandler(() => lab, { cacheSize: 256 });
    fc.assert(
      fc.property(fc.constantFrom(...labSeeds), fc.array(mutation, { maxLength: 4 }), fc.boolean(), (seed, muts, tcp) => {
        const msg = mutate(seed, muts);
        checkReply(msg, h.handle(msg, tcp ? 'tcp' : 'udp'));
        const many = h.handleMany(msg, tcp ? 'tcp' : 'udp'); // the TCP path (zone transfers)
        if (many !== null) for (const r of many) checkReply(msg, r);
      }),
      { numRuns: 10000 },
    );
    expect(h.stats().servfail).toBe(0);
  });
});

describe('the real server under a garbage flood', () => {
  let server: DnsServer;
  beforeAll(async () => {
    server = await startDnsServer({ zones, port: 0, respond: makeFakeResponder(), tcpIdleTimeoutMs: 2000 });
  });
  afterAll(() => server.close());

  it('UDP: 3000 garbage and mutated datagrams, then a good query is answered', async () => {
    const sock = dgram.createSocket('udp4');
    let replies = 0;
    sock.on('message', () => replies++);
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    const rnd = fc.sample(fc.uint8Array({ maxLength: 512 }), { numRuns: 1500, seed: 42 });
    const mut = fc.sample(fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 })), { numRuns: 1500, seed: 7 });
    const msgs = [...rnd.map((b) => Buffer.from(b)), ...mut.map(([s, m]) => mutate(s, m))];
    for (let i = 0; i < msgs.length; i++) {
      await new Promise<void>((r) => sock.send(msgs[i], server.address.port, '127.0.0.1', () => r()));
    }
    sock.close();
    const good = await server.query('vcenter.lab.local', 'A');
    expect((good.answers![0] as { data?: unknown }).data).toBe('192.168.244.135');
    expect(server.stats().udp).toBeGreaterThanOrEqual(1);
  });

  it('TCP: 200 connections of garbage streams, then a good query is answered', async () => {
    const streams = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 2000 }), { numRuns: 200, seed: 3 });
    await Promise.all(
      streams.map(async (bytes) => {
        const c = net.connect({ host: '127.0.0.1', port: server.address.port });
        c.on('error', () => {});
        c.on('data', () => {});
        await once(c, 'connect');
        c.end(Buffer.from(bytes));
        await once(c, 'close');
      }),
    );
    const good = await server.query('vcenter.lab.local', 'A', { tcp: true });
    expect((good.answers![0] as { data?: unknown }).data).toBe('192.168.244.135');
  });
});
