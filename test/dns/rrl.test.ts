/**
 * Response rate limiting (src/dns/rrl.ts) on explicit times: the sequences of sent, slipped
 * and dropped responses BIND 9.18's algorithm gives (lib/dns/rrl.c debit_rrl_entry, worked
 * by hand below), the account keys, exempt-clients, log-only, TCP, the table bound; then
 * the query handler with a named.conf's rate-limit on a fake clock (the slipped reply's
 * bytes, the response kinds, a cookie exempting the client). test/interop/dns-rrl.test.ts
 * compares the counts with a live BIND.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dnsPacket from 'dns-packet';
import { RateLimiter, clientPrefix, rrlConfig, type RrlAction, type RrlRequest } from '../../src/dns/rrl.js';
import { loadServing } from '../../src/lab/services.js';
import { createQueryHandler, type QueryHandler } from '../../src/dns/handler.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { buildQuery, typeNumber } from '../../src/dns/server.js';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import type { ViewSet } from '../../src/dns/views.js';
import { LocatedError } from '../../src/util/located-error.js';

const q = (o: Partial<RrlRequest> = {}): RrlRequest => ({ client: '192.0.2.7', tcp: false, kind: 'query', name: 'www.a.test.', qtype: 1, ...o });
const run = (l: RateLimiter, n: number, now: number, o: Partial<RrlRequest> = {}): RrlAction[] => Array.from({ length: n }, () => l.check(q(o), now).action);
const S = 'send', T = 'slip', D = 'drop';

describe('the token bucket (debit_rrl_entry)', () => {
  it('responses-per-second 5, slip 2: five sent, then slip and drop in turn; the debt carries into the next second', () => {
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 5 }));
    expect(run(l, 10, 100)).toEqual([S, S, S, S, S, T, D, T, D, T]);
    // After second 100 the account holds 5 - 10 = -5; second 101 credits 5: 0, so the first
    // response is limited, and the slip counter (1 after the last slip) makes it a drop.
    expect(run(l, 3, 101)).toEqual([D, T, D]);
    // 102: -3 + 5 = 2 credits; not full (2 < 5), the slip counter is kept.
    expect(run(l, 4, 102)).toEqual([S, S, T, D]);
    // 104: -2 + 2 * 5 = 8, capped at 5 (full: slip counter reset).
    expect(run(l, 6, 104)).toEqual([S, S, S, S, S, T]);
  });

  it('slip 0 drops every limited response, slip 1 slips every one, slip 3 one in three', () => {
    expect(run(new RateLimiter(rrlConfig({ responsesPerSecond: 2, slip: 0 })), 6, 10)).toEqual([S, S, D, D, D, D]);
    expect(run(new RateLimiter(rrlConfig({ responsesPerSecond: 2, slip: 1 })), 6, 10)).toEqual([S, S, T, T, T, T]);
    expect(run(new RateLimiter(rrlConfig({ responsesPerSecond: 2, slip: 3 })), 8, 10)).toEqual([S, S, T, D, D, T, D, D]);
  });

  it('window: after `window` seconds of flooding stop, the client recovers exactly when the debt is paid', () => {
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 2, window: 3, slip: 0 }));
    run(l, 100, 50); // debt capped at -6 after the last debit
    // 52: -6 + 2*2 = -2 -> -3 after the debit: dropped.
    expect(run(l, 1, 52)).toEqual([D]);
    // 53: -3 + 2 = -1 -> dropped; 55: -2 + 4 = 2 -> sent.
    expect(run(l, 1, 53)).toEqual([D]);
    expect(run(l, 1, 55)).toEqual([S]);
    // Idle for more than the window: full again whatever the debt was.
    run(l, 50, 60);
    expect(run(l, 3, 64)).toEqual([S, S, D]);
  });

  it('a clock stepped back by up to 5 s counts as no time; further back, as a fresh start', () => {
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 1, slip: 0 }));
    expect(run(l, 2, 100)).toEqual([S, D]);
    expect(run(l, 1, 97)).toEqual([D]);
    expect(run(l, 1, 90)).toEqual([S]);
  });
});

describe('accounts (make_key)', () => {
  it('clients share an account per /24 (IPv4) and /56 (IPv6) by default, or the prefix lengths given', () => {
    expect(clientPrefix('192.0.2.200', 24, 56)).toBe('192.0.2.0/24');
    expect(clientPrefix('2001:db8:1:2ff::1', 24, 56)).toBe('2001:db8:1:200:0:0:0:0/56');
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 1, slip: 0 }));
    expect(l.check(q({ client: '192.0.2.1' }), 1).action).toBe(S);
    expect(l.check(q({ client: '192.0.2.250' }), 1).action).toBe(D);
    expect(l.check(q({ client: '192.0.3.1' }), 1).action).toBe(S);
    expect(l.check(q({ client: '2001:db8:0:ff::1' }), 1).action).toBe(S);
    expect(l.check(q({ client: '2001:db8:0:1::9' }), 1).action).toBe(D);
    const l32 = new RateLimiter(rrlConfig({ responsesPerSecond: 1, slip: 0, ipv4PrefixLength: 32 }));
    expect(l32.check(q({ client: '192.0.2.1' }), 1).action).toBe(S);
    expect(l32.check(q({ client: '192.0.2.2' }), 1).action).toBe(S);
  });

  it('answers count per name and QTYPE; referrals and NODATA per name only; NXDOMAIN per zone; errors per client', () => {
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 1, slip: 0 }));
    const one = (o: Partial<RrlRequest>) => l.check(q(o), 1).action;
    expect([one({ qtype: 1 }), one({ qtype: 28 }), one({ qtype: 1 })]).toEqual([S, S, D]);
    expect([one({ kind: 'nodata', qtype: 28 }), one({ kind: 'nodata', qtype: 16 })]).toEqual([S, D]);
    expect([one({ kind: 'referral', name: 'd.a.test.', qtype: 1 }), one({ kind: 'referral', name: 'd.a.test.', qtype: 2 })]).toEqual([S, D]);
    expect([one({ kind: 'nxdomain', name: 'a.test.' }), one({ kind: 'nxdomain', name: 'a.test.' }), one({ kind: 'nxdomain', name: 'b.test.' })]).toEqual([S, D, S]);
    expect([one({ kind: 'error', name: '' }), one({ kind: 'error', name: '' })]).toEqual([S, D]);
  });

  it('each kind has its own rate, defaulting to responses-per-second; 0 is no limit', () => {
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 1, nxdomainsPerSecond: 3, errorsPerSecond: 0, slip: 0 }));
    expect(l.config).toMatchObject({ referralsPerSecond: 1, nodataPerSecond: 1, nxdomainsPerSecond: 3, errorsPerSecond: 0 });
    expect(run(l, 4, 1, { kind: 'nxdomain', name: 'a.test.' })).toEqual([S, S, S, D]);
    expect(run(l, 10, 1, { kind: 'error', name: '' })).toEqual(Array(10).fill(S));
    expect(run(l, 2, 1, { kind: 'referral', name: 'd.a.test.' })).toEqual([S, D]);
    const onlyNx = new RateLimiter(rrlConfig({ nxdomainsPerSecond: 1, slip: 0 }));
    expect(run(onlyNx, 5, 1)).toEqual(Array(5).fill(S));
    expect(run(onlyNx, 2, 1, { kind: 'nxdomain', name: 'a.test.' })).toEqual([S, D]);
  });

  it('errors are never slipped: a slip verdict is dropped (ns_client_error)', () => {
    const l = new RateLimiter(rrlConfig({ errorsPerSecond: 1, slip: 1 }));
    const d = [l.check(q({ kind: 'error', name: '' }), 1), l.check(q({ kind: 'error', name: '' }), 1)];
    expect(d.map((x) => [x.action, x.verdict])).toEqual([[S, S], [D, T]]);
  });

  it('all-per-second: one more account per client for every response, which drops and never slips', () => {
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 10, allPerSecond: 3, slip: 1 }));
    const names = ['a.', 'b.', 'c.', 'd.', 'e.'];
    expect(names.map((name) => l.check(q({ name }), 1).action)).toEqual([S, S, S, D, D]);
  });
});

describe('exempt-clients, log-only, TCP, qps-scale', () => {
  it('exempt clients are never limited', () => {
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 1 }), (c) => c === '192.0.2.7');
    expect(run(l, 5, 1)).toEqual(Array(5).fill(S));
    expect(run(l, 3, 1, { client: '192.0.2.8' })).toEqual([S, T, D]);
  });

  it('log-only sends every response, reports the verdict and logs the start of limiting once', () => {
    const events: string[] = [];
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 1, logOnly: true }), undefined, (e) => events.push(`${e.logOnly ? 'would ' : ''}limit ${e.prefix} ${e.name}`));
    const d = Array.from({ length: 4 }, () => l.check(q(), 1));
    expect(d.map((x) => x.action)).toEqual([S, S, S, S]);
    expect(d.map((x) => x.verdict)).toEqual([S, T, D, T]);
    expect(events).toEqual(['would limit 192.0.2.0/24 www.a.test.']);
    expect(l.stats()).toMatchObject({ dropped: 0, slipped: 0 });
  });

  it('TCP responses are never limited and spend nothing', () => {
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 1, slip: 0 }));
    expect(run(l, 20, 1, { tcp: true })).toEqual(Array(20).fill(S));
    expect(run(l, 2, 1)).toEqual([S, D]);
  });

  it('qps-scale: rates shrink by qps-scale / qps once the server answers more, except for clients that used TCP', () => {
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 10, qpsScale: 2, window: 1, slip: 0 }));
    // Second 1: 200 responses over one second from many clients: qps 200 > 2.
    for (let i = 0; i < 200; i++) l.check(q({ client: `10.${i}.0.1` }), 1);
    // From second 2 the rate is 10 * 2/200 -> 1 for everyone...
    expect(run(l, 3, 2, { client: '198.51.100.1' })).toEqual([S, D, D]);
    // ...but a client seen on TCP keeps 10.
    l.check(q({ client: '203.0.113.1', tcp: true }), 2);
    expect(run(l, 3, 2, { client: '203.0.113.1' })).toEqual([S, S, S]);
  });
});

describe('the table is bounded', () => {
  it('a flood of distinct clients grows it only to max-table-size, reusing idle accounts first', () => {
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 5, minTableSize: 10, maxTableSize: 1000 }));
    for (let i = 0; i < 100_000; i++) l.check(q({ client: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, tcp: false, name: `n${i}.a.test.` }), Math.floor(i / 5000));
    const s = l.stats();
    expect(s.accounts).toBeLessThanOrEqual(1000);
    expect(s.capacity).toBe(1000);
    // Growth steps as BIND's expand_entries: 10, 15, 23, 35 ...
    const g = new RateLimiter(rrlConfig({ responsesPerSecond: 5, minTableSize: 10, maxTableSize: 1000 }));
    for (let i = 0; i < 11; i++) g.check(q({ name: `x${i}.` }), 1);
    expect(g.stats().capacity).toBe(15);
  });

  it('an idle account is reused before the table grows', () => {
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 5, minTableSize: 2, maxTableSize: 100 }));
    l.check(q({ name: 'a.' }), 1);
    l.check(q({ name: 'b.' }), 1);
    l.check(q({ name: 'c.' }), 10); // a. is 9 s old and full: reused
    expect(l.stats()).toMatchObject({ accounts: 2, capacity: 2 });
  });

  it('a limited account is kept while others are reused', () => {
    const l = new RateLimiter(rrlConfig({ responsesPerSecond: 1, slip: 0, minTableSize: 2, maxTableSize: 2 }));
    run(l, 10, 1, { name: 'flood.' }); // limited, debt -15
    l.check(q({ name: 'b.' }), 1);
    l.check(q({ name: 'c.' }), 5); // flood. is oldest but limited: b. goes
    expect(run(l, 1, 5, { name: 'flood.' })).toEqual([D]);
  });
});

describe('configuration', () => {
  it('BIND 9.18 defaults once enabled: window 15, slip 2, /24 and /56, tables 500..20000', () => {
    expect(rrlConfig({ responsesPerSecond: 5 })).toEqual({
      responsesPerSecond: 5, referralsPerSecond: 5, nodataPerSecond: 5, nxdomainsPerSecond: 5, errorsPerSecond: 5, allPerSecond: 0,
      window: 15, slip: 2, qpsScale: 0, ipv4PrefixLength: 24, ipv6PrefixLength: 56, minTableSize: 500, maxTableSize: 20000, logOnly: false,
    });
    expect(rrlConfig({ minTableSize: 30000 }).maxTableSize).toBe(30000);
  });
});

// --- Through the query handler, from a named.conf --------------------------------------

const ZONE = `$TTL 300
@ SOA ns root 1 3600 600 86400 60
@ NS ns
ns A 127.0.0.1
www A 10.0.0.1
*.wild A 10.0.0.2
deleg NS ns.deleg
ns.deleg A 10.6.0.1
`;

let tree: TmpTree;
let now = 1_000_000_000_000;
const clock = { now: () => now };

function handlerFor(rateLimit: string, extra = ''): { handler: QueryHandler; views: ViewSet } {
  const conf = tree.write(`named-${Math.random()}.conf`, `options { directory "${tree.dir}"; rate-limit { ${rateLimit} }; ${extra} };\nzone "a.test" { type primary; file "a.zone"; };\n`);
  const views = loadServing({ namedConf: conf }, {}, { local: { localhost: [], localnets: [] }, random32: () => 1 }).views!;
  return { handler: createQueryHandler(() => createZoneSet([]), { views: () => views, clock }), views };
}

let id = 1;
type Decoded = { rcode: string; flag_tc: boolean; answers?: unknown[]; authorities?: unknown[] };
const decode = (b: Buffer) => dnsPacket.decode(b) as unknown as Decoded;
const ask = (h: QueryHandler, name: string, type: string, o: { client?: string; tcp?: boolean; edns?: boolean } = {}) =>
  h.handle(buildQuery(id++, name, typeNumber(type), { rd: false, edns: o.edns ?? true }), o.tcp ? 'tcp' : 'udp', o.client ?? '127.0.0.1', '127.0.0.1');
const tags = (h: QueryHandler, n: number, name: string, type: string, o: { client?: string; tcp?: boolean } = {}) =>
  Array.from({ length: n }, () => {
    const r = ask(h, name, type, o);
    if (r === null) return 'drop';
    return (r[2] & 0x02) !== 0 ? 'tc' : 'answer';
  });

beforeAll(() => {
  tree = tmpTree('labnet-rrl-');
  tree.write('a.zone', ZONE);
});
afterAll(() => tree.remove());

describe('rate-limit in the query handler', () => {
  it('limits UDP answers per second of the clock, slips with TC, never limits TCP', () => {
    const { handler } = handlerFor('responses-per-second 2; slip 2;');
    now = 1_000_000_000_000;
    expect(tags(handler, 6, 'www.a.test', 'A')).toEqual(['answer', 'answer', 'tc', 'drop', 'tc', 'drop']);
    expect(tags(handler, 5, 'www.a.test', 'A', { tcp: true })).toEqual(Array(5).fill('answer'));
    expect(tags(handler, 1, 'www.a.test', 'A', { client: '127.0.1.1' })).toEqual(['answer']);
    expect(handler.stats()).toMatchObject({ rateDropped: 2, rateSlipped: 2 });
    // The answer cache does not bypass the limiter; a new second gives credits back.
    now += 1000;
    expect(tags(handler, 1, 'www.a.test', 'A')).toEqual(['tc']);
  });

  it('the slipped reply: QR AA TC, RD/AD/CD as asked, the question, an OPT of 1232; NXDOMAIN keeps its RCODE', () => {
    const { handler } = handlerFor('responses-per-second 1; slip 1;');
    now = 2_000_000_000_000;
    const msg = buildQuery(77, 'Www.a.test', 1, { rd: true, edns: true });
    msg[3] |= 0x20 | 0x10; // AD, CD
    handler.handle(msg, 'udp', '127.0.0.1');
    const slip = handler.handle(msg, 'udp', '127.0.0.1')!;
    const qlen = 'Www.a.test'.length + 2 + 4;
    expect(slip.length).toBe(12 + qlen + 11);
    expect(slip.subarray(0, 12).toString('hex')).toBe('004d' + '8730' + '0001000000000001');
    expect(slip.subarray(12, 12 + qlen)).toEqual(msg.subarray(12, 12 + qlen));
    expect(slip.subarray(12 + qlen).toString('hex')).toBe('00' + '0029' + '04d0' + '00000000' + '0000');
    ask(handler, 'nx1.a.test', 'A');
    const nx = decode(ask(handler, 'nx2.a.test', 'A')!); // another name, the same zone's account
    expect([nx.rcode, nx.flag_tc, nx.answers?.length, nx.authorities?.length]).toEqual(['NXDOMAIN', true, 0, 0]);
    const plain = ask(handler, 'ns.a.test', 'A', { edns: false });
    expect(plain).not.toBeNull();
    const plainSlip = ask(handler, 'ns.a.test', 'A', { edns: false })!;
    expect(plainSlip.readUInt16BE(10)).toBe(0); // no OPT without EDNS
  });

  it('wildcard answers share the wildcard parent account; referrals count by the delegation; REFUSED as errors are dropped', () => {
    const { handler } = handlerFor('responses-per-second 1; slip 1;');
    now = 3_000_000_000_000;
    expect([...tags(handler, 1, 'x.wild.a.test', 'A'), ...tags(handler, 1, 'y.wild.a.test', 'A')]).toEqual(['answer', 'tc']);
    expect([...tags(handler, 1, 'a.deleg.a.test', 'A'), ...tags(handler, 1, 'b.deleg.a.test', 'MX')]).toEqual(['answer', 'tc']);
    expect([...tags(handler, 1, 'www.a.test', 'AAAA'), ...tags(handler, 1, 'www.a.test', 'TXT')]).toEqual(['answer', 'tc']);
    expect(tags(handler, 3, 'www.other.test', 'A')).toEqual(['answer', 'drop', 'drop']);
  });

  it('exempt-clients and a valid server cookie are not limited; a client cookie without one is answered BADCOOKIE', () => {
    const { handler } = handlerFor('responses-per-second 1; slip 1; exempt-clients { 127.0.0.5; };');
    now = 4_000_000_000_000;
    expect(tags(handler, 4, 'www.a.test', 'A', { client: '127.0.0.5' })).toEqual(Array(4).fill('answer'));
    const withCookie = (server?: Buffer) => {
      const client = Buffer.from('0102030405060708', 'hex');
      return dnsPacket.encode({ type: 'query', id: id++, flags: 0, questions: [{ name: 'www.a.test', type: 'A', class: 'IN' }], additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, options: [{ code: 10, data: server ? Buffer.concat([client, server]) : client }] } as never] });
    };
    const first = dnsPacket.decode(handler.handle(withCookie(), 'udp', '127.0.0.1')!) as unknown as { additionals: { type: string; options: { code: number; data: Buffer }[] }[] };
    const cookie = first.additionals.find((a) => a.type === 'OPT')!.options.find((o) => o.code === 10)!.data;
    const bad = handler.handle(withCookie(), 'udp', '127.0.0.1')!;
    // BADCOOKIE is 23: 7 in the header, 1 in the OPT's extended RCODE (RFC 6891 6.1.3); no TC, no AA.
    expect([bad[3] & 0x0f, bad[2] & 0x06, bad.readUInt16BE(6)]).toEqual([7, 0, 0]);
    const good = Array.from({ length: 3 }, () => decode(handler.handle(withCookie(cookie.subarray(8)), 'udp', '127.0.0.1')!));
    expect(good.map((p) => [p.rcode, p.flag_tc, p.answers?.length])).toEqual(Array(3).fill(['NOERROR', false, 1]));
  });

  it('log-only answers everything; a view without rate-limit is not limited', () => {
    const { handler } = handlerFor('responses-per-second 1; log-only yes;');
    now = 5_000_000_000_000;
    expect(tags(handler, 4, 'www.a.test', 'A')).toEqual(Array(4).fill('answer'));
  });

  it("a view without rate-limit takes the options' block, each view its own table; a view's block replaces it whole", () => {
    const conf = tree.write('views.conf', `options { directory "${tree.dir}"; rate-limit { responses-per-second 1; slip 0; }; };
view a { match-clients { 127.0.0.1; }; zone "a.test" { type primary; file "a.zone"; }; };
view b { match-clients { 127.0.0.2; }; zone "a.test" { type primary; file "a.zone"; }; };
view c { match-clients { any; }; rate-limit { slip 1; }; zone "a.test" { type primary; file "a.zone"; }; };
`);
    const views = loadServing({ namedConf: conf }, {}, { local: { localhost: [], localnets: [] }, random32: () => 1 }).views!;
    expect(views.views.map((v) => v.rateLimiter?.config.responsesPerSecond)).toEqual([1, 1, 0]);
    const h = createQueryHandler(() => createZoneSet([]), { views: () => views, clock });
    now = 6_000_000_000_000;
    expect(tags(h, 3, 'www.a.test', 'A', { client: '127.0.0.1' })).toEqual(['answer', 'drop', 'drop']);
    expect(tags(h, 3, 'www.a.test', 'A', { client: '127.0.0.2' })).toEqual(['answer', 'drop', 'drop']);
    expect(tags(h, 3, 'www.a.test', 'A', { client: '127.0.0.3' })).toEqual(['answer', 'answer', 'answer']);
  });

  it('a value named refuses is a located error', () => {
    let err: unknown;
    try {
      handlerFor('responses-per-second 5; slip 20;');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LocatedError);
    expect((err as LocatedError).format()).toMatch(/named-.*\.conf:1:\d+: slip 20 > 10$/);
  });
});
