/**
 * DNS cookies (RFC 7873, RFC 9018) as BIND 9.18 answers them. The known-answer vector was
 * captured from named 9.18 (`cookie-secret "0123456789abcdef0123456789abcdef"`, dig
 * `+cookie=0102030405060708` from 127.0.0.1); test/interop/dns-cookies.test.ts compares with a
 * live named.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import dnsPacket from 'dns-packet';
import { addressBytes, answerCookie, makeServerCookie, parseCookie, serverCookieValid } from '../../src/dns/cookies.js';
import { createQueryHandler } from '../../src/dns/handler.js';
import { virtualClock } from '../../src/util/clock.js';
import { labZones } from './helpers/zones.js';
import { opt, query } from './query-parse-wire.js';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
const CLIENT = Buffer.from('0102030405060708', 'hex');
const WHEN = 0x6b103b73;

function cookieOpt(data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(10, 0);
  head.writeUInt16BE(data.length, 2);
  return opt(1232, 0, Buffer.concat([head, data]));
}

function replyCookie(reply: Buffer): Buffer | undefined {
  const m = dnsPacket.decode(reply);
  const o = m.additionals?.find((r) => r.type === 'OPT') as { options?: { code: number; data: Buffer }[] } | undefined;
  return o?.options?.find((x) => x.code === 10)?.data;
}

describe('server cookies (RFC 9018 4)', () => {
  it('are the bytes BIND 9.18 makes for the same secret, client cookie, time and address', () => {
    const c = makeServerCookie(CLIENT, WHEN, addressBytes('127.0.0.1'), SECRET);
    expect(c.toString('hex')).toBe('010000006b103b732b512ed35b75e2ac');
  });

  it('validate within 5 minutes ahead and 1 hour back, for any of the secrets', () => {
    const addr = addressBytes('127.0.0.1');
    const server = makeServerCookie(CLIENT, WHEN, addr, SECRET);
    const other = Buffer.alloc(16, 7);
    expect(serverCookieValid({ client: CLIENT, server }, WHEN, addr, [SECRET])).toBe(true);
    expect(serverCookieValid({ client: CLIENT, server }, WHEN + 3600, addr, [other, SECRET])).toBe(true);
    expect(serverCookieValid({ client: CLIENT, server }, WHEN + 3601, addr, [SECRET])).toBe(false);
    expect(serverCookieValid({ client: CLIENT, server }, WHEN - 300, addr, [SECRET])).toBe(true);
    expect(serverCookieValid({ client: CLIENT, server }, WHEN - 301, addr, [SECRET])).toBe(false);
    expect(serverCookieValid({ client: CLIENT, server }, WHEN, addressBytes('127.0.0.2'), [SECRET])).toBe(false);
    expect(serverCookieValid({ client: CLIENT, server }, WHEN, addr, [other])).toBe(false);
    expect(serverCookieValid({ client: Buffer.alloc(8), server }, WHEN, addr, [SECRET])).toBe(false);
  });

  it('cover 16 bytes of an IPv6 client address', () => {
    expect(addressBytes('::1')).toEqual(Buffer.from('00000000000000000000000000000001', 'hex'));
    const a = makeServerCookie(CLIENT, WHEN, addressBytes('::1'), SECRET);
    const b = makeServerCookie(CLIENT, WHEN, addressBytes('::2'), SECRET);
    expect(a.equals(b)).toBe(false);
  });

  it('RFC 7873 4: option lengths 8 and 16-40 are well formed, every other one is not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), (n) => {
        const ok = n === 8 || (n >= 16 && n <= 40);
        expect(parseCookie(Buffer.alloc(n)) !== null).toBe(ok);
      }),
    );
  });

  it('a forged server cookie is answered with a fresh one, never accepted', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (forged) => {
        const v = answerCookie([{ code: 10, data: Buffer.concat([CLIENT, forged]) }], '127.0.0.1', WHEN, [SECRET]);
        expect(v?.valid).toBe(Buffer.from(forged).equals(makeServerCookie(CLIENT, WHEN, addressBytes('127.0.0.1'), SECRET)));
        expect(v?.reply.toString('hex')).toBe('0102030405060708010000006b103b732b512ed35b75e2ac');
      }),
    );
  });
});

describe('the query handler answers cookies as BIND 9.18 (answer-cookie yes by default)', () => {
  const zones = labZones();
  const clock = virtualClock(WHEN * 1000);
  const h = createQueryHandler(() => zones, { clock, cookies: { secrets: [SECRET] } });

  it('a client cookie alone gets the client cookie and a server cookie, first in the OPT', () => {
    const r = h.handle(query(1, 'vcenter.lab.local', 1, { edns: cookieOpt(CLIENT) }), 'udp', '127.0.0.1')!;
    expect(r[3] & 0xf).toBe(0) // NOERROR;
    expect(replyCookie(r)?.toString('hex')).toBe('0102030405060708010000006b103b732b512ed35b75e2ac');
  });

  it('over TCP too, and for REFUSED; not in BADVERS (BIND 9.18 sends no option there)', () => {
    const tcp = h.handleMany(query(2, 'vcenter.lab.local', 1, { edns: cookieOpt(CLIENT) }), 'tcp', '127.0.0.1')!;
    expect(replyCookie(tcp[0])?.subarray(0, 8)).toEqual(CLIENT);
    const refused = h.handle(query(3, 'example.org', 1, { edns: cookieOpt(CLIENT) }), 'udp', '127.0.0.1')!;
    expect(refused[3] & 0xf).toBe(5) // REFUSED;
    expect(replyCookie(refused)).toBeDefined();
    const v1 = query(4, 'vcenter.lab.local', 1, { edns: opt(1232, 0x00010000, Buffer.concat([Buffer.from([0, 10, 0, 8]), CLIENT])) });
    const r = h.handle(v1, 'udp', '127.0.0.1')!;
    expect(r[3] & 0xf).toBe(0); // BADVERS = 16: low bits 0, extended RCODE 1
    expect(replyCookie(r)).toBeUndefined();
  });

  it('a malformed cookie length is FORMERR with an OPT and no cookie', () => {
    const r = h.handle(query(5, 'vcenter.lab.local', 1, { edns: cookieOpt(Buffer.alloc(9, 1)) }), 'udp', '127.0.0.1')!;
    const m = dnsPacket.decode(r);
    expect(r[3] & 0xf).toBe(1); // FORMERR
    expect(m.additionals?.some((a) => a.type === 'OPT')).toBe(true);
    expect(replyCookie(r)).toBeUndefined();
  });

  it('no cookie in the query, none in the answer', () => {
    const r = h.handle(query(6, 'vcenter.lab.local', 1, { edns: opt() }), 'udp', '127.0.0.1')!;
    expect(replyCookie(r)).toBeUndefined();
  });

  it('answer-cookie no: the option is ignored', () => {
    const off = createQueryHandler(() => zones, { clock, cookies: { answer: false } });
    const r = off.handle(query(7, 'vcenter.lab.local', 1, { edns: cookieOpt(CLIENT) }), 'udp', '127.0.0.1')!;
    expect(r[3] & 0xf).toBe(0) // NOERROR;
    expect(replyCookie(r)).toBeUndefined();
  });

  it('require-server-cookie: BADCOOKIE over UDP without a valid server cookie; TCP and valid cookies answered', () => {
    const strict = createQueryHandler(() => zones, { clock, cookies: { secrets: [SECRET], requireServerCookie: true } });
    const r = strict.handle(query(8, 'vcenter.lab.local', 1, { edns: cookieOpt(CLIENT) }), 'udp', '127.0.0.1')!;
    const m = dnsPacket.decode(r);
    expect(r[3] & 0xf).toBe(23 & 0xf);
    expect(m.flags! & dnsPacket.AUTHORITATIVE_ANSWER).toBe(0);
    expect(m.answers).toHaveLength(0);
    const fresh = replyCookie(r)!;
    const again = strict.handle(query(9, 'vcenter.lab.local', 1, { edns: cookieOpt(fresh) }), 'udp', '127.0.0.1')!;
    expect(dnsPacket.decode(again).answers).toHaveLength(1);
    const tcp = strict.handleMany(query(10, 'vcenter.lab.local', 1, { edns: cookieOpt(CLIENT) }), 'tcp', '127.0.0.1')!;
    expect(dnsPacket.decode(tcp[0]).answers).toHaveLength(1);
    const none = strict.handle(query(11, 'vcenter.lab.local', 1, { edns: opt() }), 'udp', '127.0.0.1')!;
    expect(dnsPacket.decode(none).answers).toHaveLength(1);
  });
});

describe('answer-cookie no and the answer cache', () => {
  it('a malformed cookie is FORMERR even when a well-formed one was answered from the cache', () => {
    const zones = labZones();
    const h = createQueryHandler(() => zones, { cookies: { answer: false } });
    for (let i = 0; i < 2; i++) {
      const ok = h.handle(query(1, 'vcenter.lab.local', 1, { edns: cookieOpt(CLIENT) }), 'udp', '127.0.0.1')!;
      expect(ok[3] & 0xf).toBe(0);
    }
    expect(h.stats().cacheHits).toBe(1);
    const bad = h.handle(query(1, 'vcenter.lab.local', 1, { edns: cookieOpt(Buffer.alloc(12, 1)) }), 'udp', '127.0.0.1')!;
    expect(bad[3] & 0xf).toBe(1); // FORMERR
  });
});
