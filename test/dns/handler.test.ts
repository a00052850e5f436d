import { describe, expect, it } from 'vitest';
import dnsPacket from 'dns-packet';
import { createQueryHandler } from '../../src/dns/handler.js';
import { AnswerCache } from '../../src/dns/answer-cache.js';
import { fakeZones, makeFakeResponder } from './handler-fake-responder.js';
import { aRecordAtQname, header, opt, query, question } from './query-parse-wire.js';
import { virtualClock } from '../../src/util/clock.js';

const zones = fakeZones('one', { 'vcenter.lab.local': ['192.168.244.135'], 'www.lab.local': ['192.168.244.135'] });
const Q = question('vcenter.lab.local');

function handlerWith(opts: { caseSensitiveOwners?: boolean; cacheSize?: number; foldCase?: boolean } = {}, z = zones) {
  const calls = { n: 0 };
  const h = createQueryHandler(() => z, { respond: makeFakeResponder({ ...opts, calls }), cacheSize: opts.cacheSize, foldCase: opts.foldCase });
  return { h, calls };
}

// Error replies compared byte for byte with what BIND 9.18 sent for the same query
// (named -n 1 on loopback, captured in hex).
describe('error replies are BIND 9.18\'s bytes (RFC 1035 4.1.1 RCODE, RFC 6891 6.1.1)', () => {
  const rows: [string, Buffer, string | null][] = [
    ['QR=1: no reply', Buffer.concat([header(2, 0x8100, 1), Q]), null],
    ['short header: no reply', Buffer.from([0, 11, 1, 0, 0, 1]), null],
    ['QDCOUNT=0: FORMERR', header(3, 0x0100, 0), '000381010000000000000000'],
    ['QDCOUNT=0 with OPT: FORMERR with OPT', Buffer.concat([header(4, 0x0100, 0, 0, 0, 1), opt()]), '00048101000000000000000100002904d0000000000000'],
    ['QDCOUNT=2: FORMERR', Buffer.concat([header(5, 0x0100, 2), Q, Q]), '000581010000000000000000'],
    ['missing answer RR: FORMERR with question', Buffer.concat([header(8, 0x0100, 1, 1), Q]), '000881010001000000000000077663656e746572036c6162056c6f63616c0000010001'],
    ['question cut short: FORMERR', Buffer.concat([header(9, 0x0100, 1), Q.subarray(0, 10)]), '000981010000000000000000'],
    ['two OPTs: FORMERR with question', Buffer.concat([header(12, 0x0100, 1, 0, 0, 2), Q, opt(), opt()]), '000c81010001000000000000077663656e746572036c6162056c6f63616c0000010001'],
    ['opcode 3: NOTIMP', Buffer.concat([header(16, 0x1900, 1), Q]), '001098040000000000000000'],
    ['opcode 3 broken question: FORMERR', Buffer.concat([header(41, 0x1900, 1), Q.subarray(0, 5)]), '002998010000000000000000'],
    ['QDCOUNT=0 with CD: CD echoed', header(60, 0x0110, 0), '003c81110000000000000000'],
    ['missing answer RR with CD: CD echoed', Buffer.concat([header(61, 0x0110, 1, 1), Q]), '003d81110001000000000000077663656e746572036c6162056c6f63616c0000010001'],
    ['opcode 3 with CD: not echoed', Buffer.concat([header(62, 0x1910, 1), Q]), '003e98040000000000000000'],
    ['QDCOUNT=0 with AD: AD not echoed', header(63, 0x0120, 0), '003f81010000000000000000'],
    ['OPT in answer: FORMERR with question', Buffer.concat([header(50, 0x0100, 1, 1), Q, opt()]), '003281010001000000000000077663656e746572036c6162056c6f63616c0000010001'],
  ];
  for (const [title, msg, want] of rows) {
    it(title, () => {
      const { h, calls } = handlerWith();
      const r = h.handle(msg, 'udp');
      expect(r === null ? null : r.toString('hex')).toBe(want);
      expect(calls.n).toBe(0);
    });
  }
});

describe('answer cache (responses prepared once, ID and question patched)', () => {
  it('a second query is a hit: same bytes but its own ID', () => {
    const { h, calls } = handlerWith();
    const a = h.handle(query(0x1111, 'vcenter.lab.local'), 'udp')!;
    const b = h.handle(query(0x2222, 'vcenter.lab.local'), 'udp')!;
    expect(b.readUInt16BE(0)).toBe(0x2222);
    expect(b.subarray(2)).toEqual(a.subarray(2));
    expect(h.stats()).toMatchObject({ cacheHits: 1, cacheMisses: 1, cacheEntries: 1 });
    expect(calls.n).toBe(1);
  });

  it('RFC 4343 with foldCase: one entry for all spellings, the client\'s case echoed in question and owners', () => {
    const { h, calls } = handlerWith({ foldCase: true });
    h.handle(query(1, 'vcenter.lab.local'), 'udp');
    const r = h.handle(query(2, 'VCenter.LAB.local'), 'udp')!;
    expect(calls.n).toBe(1);
    const d = dnsPacket.decode(r);
    expect(d.questions![0].name).toBe('VCenter.LAB.local');
    expect(d.answers![0].name).toBe('VCenter.LAB.local');
  });

  it('by default each spelling has its own entry (BIND 9.18 compresses case-sensitively)', () => {
    const { h, calls } = handlerWith({ caseSensitiveOwners: true });
    const lower = h.handle(query(1, 'vcenter.lab.local'), 'udp')!;
    const upper = h.handle(query(2, 'VCENTER.lab.local'), 'udp')!;
    const d = dnsPacket.decode(upper);
    expect(d.questions![0].name).toBe('VCENTER.lab.local');
    expect(d.answers![0].name).toBe('vcenter.lab.local');
    expect(upper.length).toBeGreaterThan(lower.length);
    expect(h.stats()).toMatchObject({ cacheHits: 0, cacheMisses: 2, cacheEntries: 2 });
    expect(h.handle(query(3, 'VCENTER.lab.local'), 'udp')!.subarray(2)).toEqual(upper.subarray(2));
    expect(h.handle(query(4, 'vcenter.lab.local'), 'udp')!.subarray(2)).toEqual(lower.subarray(2));
    expect(h.stats().cacheHits).toBe(2);
    expect(calls.n).toBe(2);
  });

  it('RD, EDNS and the UDP size are in the key; the transport too', () => {
    const { h } = handlerWith();
    const variants = [
      query(1, 'www.lab.local'),
      query(1, 'www.lab.local', 1, { rd: false }),
      query(1, 'www.lab.local', 1, { edns: opt(1232) }),
      query(1, 'www.lab.local', 1, { edns: opt(4096) }),
    ];
    for (const v of variants) h.handle(v, 'udp');
    h.handle(variants[0], 'tcp');
    expect(h.stats()).toMatchObject({ cacheMisses: 5, cacheHits: 0, cacheEntries: 5 });
    const r = dnsPacket.decode(h.handle(query(9, 'www.lab.local', 1, { rd: false }), 'udp')!);
    expect(r.flags! & dnsPacket.RECURSION_DESIRED).toBe(0);
    expect(h.stats().cacheHits).toBe(1);
  });

  it('queries with EDNS options (COOKIE, RFC 7873) bypass the cache unless declared ignorable and cookies are not answered', () => {
    const cookie = opt(1232, 0, Buffer.from([0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8]));
    const { h } = handlerWith();
    h.handle(query(1, 'www.lab.local', 1, { edns: cookie }), 'udp');
    h.handle(query(2, 'www.lab.local', 1, { edns: cookie }), 'udp');
    expect(h.stats()).toMatchObject({ uncacheable: 2, cacheHits: 0 });
    const h2 = createQueryHandler(() => zones, { respond: makeFakeResponder(), cacheableOptions: [10], cookies: { answer: false } });
    h2.handle(query(1, 'www.lab.local', 1, { edns: cookie }), 'udp');
    h2.handle(query(2, 'www.lab.local', 1, { edns: cookie }), 'udp');
    expect(h2.stats()).toMatchObject({ uncacheable: 0, cacheHits: 1 });
    // Answering cookies (BIND's default), each answer has its own server cookie: no cache.
    const h3 = createQueryHandler(() => zones, { respond: makeFakeResponder(), cacheableOptions: [10] });
    h3.handle(query(1, 'www.lab.local', 1, { edns: cookie }), 'udp', '127.0.0.1');
    h3.handle(query(2, 'www.lab.local', 1, { edns: cookie }), 'udp', '127.0.0.1');
    expect(h3.stats()).toMatchObject({ uncacheable: 2, cacheHits: 0 });
  });

  it('a new ZoneSet from the getter starts a new cache (reload)', () => {
    let z = zones;
    const h = createQueryHandler(() => z, { respond: makeFakeResponder() });
    const before = dnsPacket.decode(h.handle(query(1, 'vcenter.lab.local'), 'udp')!);
    z = fakeZones('two', { 'vcenter.lab.local': ['10.0.0.1'] });
    const after = dnsPacket.decode(h.handle(query(2, 'vcenter.lab.local'), 'udp')!);
    expect((before.answers![0] as { data?: unknown }).data).toBe('192.168.244.135');
    expect((after.answers![0] as { data?: unknown }).data).toBe('10.0.0.1');
  });

  it('the cache is bounded', () => {
    const { h } = handlerWith({ cacheSize: 10 });
    for (let i = 0; i < 100; i++) h.handle(query(i, `n${i}.lab.local`), 'udp');
    expect(h.stats().cacheEntries).toBeLessThanOrEqual(10);
  });

  it('compressed question names and answer RRs in the query are answered without the cache', () => {
    const { h } = handlerWith();
    const withAn = Buffer.concat([header(7, 0x0100, 1, 1), Q, aRecordAtQname()]);
    expect((dnsPacket.decode(h.handle(withAn, 'udp')!).answers![0] as { data?: unknown }).data).toBe('192.168.244.135');
    expect(h.stats().cacheMisses).toBe(1);
  });
});

describe('a responder exception becomes SERVFAIL (RFC 1035 4.1.1 RCODE 2)', () => {
  it('answers SERVFAIL with the question, logs once a minute per kind', () => {
    const logged: unknown[] = [];
    const logger = { error: (o: unknown) => logged.push(o) } as never;
    const clock = virtualClock();
    const h = createQueryHandler(() => zones, { respond: makeFakeResponder(), logger, clock });
    const q = query(0x4242, 'boom.test');
    const r = h.handle(q, 'udp')!;
    expect(r.toString('hex')).toBe('42428102000100000000000004626f6f6d04746573740000010001');
    h.handle(q, 'tcp');
    expect(logged.length).toBe(1);
    clock.advance('61s');
    h.handle(q, 'udp');
    expect(logged.length).toBe(2);
    expect(h.stats().servfail).toBe(3);
  });
});

describe('AnswerCache bounds (two generations)', () => {
  const entry = (n: number) => ({ bytes: Buffer.alloc(n), patchTo: 0 });
  it('holds at most maxEntries; a hit in the old generation is promoted and survives', () => {
    const c = new AnswerCache({ maxEntries: 4 });
    c.set('a', entry(1));
    c.set('b', entry(1));
    c.set('c', entry(1)); // young {a,b} became old; young {c}
    expect(c.get('a')).toBeDefined(); // promoted to young {c,a}
    c.set('d', entry(1)); // young full: old {c,a}, young {d}; b dropped
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBeDefined();
    expect(c.size).toBeLessThanOrEqual(4);
  });
  it('holds at most maxBytes of responses', () => {
    const c = new AnswerCache({ maxBytes: 1000 });
    for (let i = 0; i < 100; i++) c.set(`k${i}`, entry(100));
    expect(c.bytes).toBeLessThanOrEqual(1000);
    expect(c.get('k99')).toBeDefined();
  });
});
