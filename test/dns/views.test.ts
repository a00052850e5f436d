/**
 * Views and the access and response options of a named.conf, through the query handler
 * without sockets: a named.conf in a temporary folder loaded by loadServing (services.ts),
 * conf-views.ts building the views, handler.ts choosing one per message from the client
 * and local addresses given. What BIND 9.18 answers in each case was measured with dig
 * against named (test/interop/dns-views.test.ts compares the two live).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dnsPacket from 'dns-packet';
import { loadServing } from '../../src/lab/services.js';
import { createQueryHandler, type QueryHandler } from '../../src/dns/handler.js';
import { selectView, type ServedView, type ViewSet } from '../../src/dns/views.js';
import { compileAcl } from '../../src/dns/acl.js';
import { createOrderer } from '../../src/dns/rrset-order.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { buildQuery, typeNumber } from '../../src/dns/server.js';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { signMessage } from '../../src/dns/tsig.js';

const ZONE = (net: string) => `$TTL 300
@ SOA ns root 1 3600 600 86400 60
@ NS ns
@ NS ns2
ns A 127.0.0.1
ns2 A 127.0.0.3
www A ${net}.1
www A ${net}.2
www A ${net}.3
www A ${net}.4
www MX 10 mail
mail A 10.1.1.1
`;

const CONF = `
options {
  directory ".";
  blackhole { 127.0.0.9; };
  allow-transfer { 127.0.0.1; };
  rrset-order { name "www.a.test" order cyclic; };
};
acl inner { 127.0.0.1; };
view one {
  match-clients { inner; };
  zone "a.test" { type primary; file "a.zone"; };
  zone "closed.test" { type primary; file "a.zone"; allow-query { none; }; };
};
view two {
  match-clients { 127.0.0.2; 127.0.0.3; };
  allow-query { !127.0.0.3; any; };
  minimal-responses no;
  zone "a.test" { type primary; file "b.zone"; allow-transfer { any; }; };
};
view dest {
  match-destinations { 127.0.0.6; };
  match-clients { 127.0.0.4; };
  rrset-order { order none; };
  zone "a.test" { type primary; file "a.zone"; };
};
view rec {
  match-recursive-only yes;
  match-clients { 127.0.0.4; 127.0.0.5; };
  minimal-responses yes;
  zone "a.test" { type primary; file "a.zone"; };
};
`;

let tree: TmpTree;
let views: ViewSet;
let handler: QueryHandler;

beforeAll(() => {
  tree = tmpTree('labnet-views-');
  tree.write('a.zone', ZONE('10.0.0'));
  tree.write('b.zone', ZONE('10.5.5'));
  const conf = tree.write('named.conf', CONF);
  let seed = 12345;
  views = loadServing({ namedConf: conf }, {}, { local: { localhost: ['127.0.0.1/32'], localnets: ['127.0.0.0/8'] }, random32: () => (seed = (seed * 1103515245 + 12345) >>> 0) }).views!;
  handler = createQueryHandler(() => createZoneSet([]), { views: () => views });
});
afterAll(() => tree.remove());

interface RR {
  name: string;
  type: string;
  data?: unknown;
  options?: { code: number; data?: Buffer }[];
}
/** dns-packet's decoding, with the fields these tests read. */
interface P {
  rcode: string;
  flag_aa: boolean;
  flag_rd: boolean;
  questions: unknown[];
  answers: RR[];
  authorities: RR[];
  additionals: RR[];
}
const decodeP = (b: Buffer) => dnsPacket.decode(b) as unknown as P;

let id = 1;
function ask(name: string, type: string, client: string, o: { rd?: boolean; tcp?: boolean; local?: string } = {}) {
  const msg = buildQuery(id++, name, typeNumber(type), { rd: o.rd ?? true, edns: true });
  const out = o.tcp ? handler.handleMany(msg, 'tcp', client, o.local ?? '127.0.0.1') : [handler.handle(msg, 'udp', client, o.local ?? '127.0.0.1')];
  if (out === null || out[0] === null) return null;
  return out.map((m) => decodeP(m!));
}
const one = (name: string, type: string, client: string, o: { rd?: boolean; tcp?: boolean; local?: string } = {}) => ask(name, type, client, o)?.[0];
const ede = (p: P) => p.additionals.flatMap((a) => (a.options ?? []).filter((x) => x.code === 15).map((x) => x.data!.readUInt16BE(0)));
const ips = (p: P | undefined) => (p?.answers ?? []).filter((a) => a.type === 'A').map((a) => a.data as string);

describe('view selection (match-clients, match-destinations, match-recursive-only, in order)', () => {
  it('each view answers from its own zones', () => {
    expect(ips(one('www.a.test', 'A', '127.0.0.1')).sort()).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']);
    expect(ips(one('www.a.test', 'A', '127.0.0.2')).sort()).toEqual(['10.5.5.1', '10.5.5.2', '10.5.5.3', '10.5.5.4']);
  });

  it('match-destinations is the local address; match-recursive-only needs RD', () => {
    const names = (client: string, local: string | undefined, rd: boolean) => selectView(views.views, { client, destination: local, rd })?.name;
    expect(names('127.0.0.4', '127.0.0.6', false)).toBe('dest');
    expect(names('127.0.0.4', '127.0.0.1', true)).toBe('rec');
    expect(names('127.0.0.4', '127.0.0.1', false)).toBeUndefined();
    expect(names('127.0.0.5', '127.0.0.6', true)).toBe('rec');
    expect(names('127.0.0.5', undefined, true)).toBe('rec');
  });

  it('no view: REFUSED, EDE 18, the question and RD echoed, no AA (BIND 9.18)', () => {
    const p = one('www.a.test', 'A', '127.0.0.7')!;
    expect(p.rcode).toBe('REFUSED');
    expect(p.flag_aa).toBe(false);
    expect(p.flag_rd).toBe(true);
    expect(p.questions).toEqual([{ name: 'www.a.test', type: 'A', class: 'IN' }]);
    expect(ede(p)).toEqual([18]);
    expect(one('a.test', 'AXFR', '127.0.0.7', { tcp: true })!.rcode).toBe('REFUSED');
  });

  it('a key element of match-clients matches the request\'s key', () => {
    const keyed: ServedView = { ...views.views[0], name: 'keyed', matchClients: compileAcl([{ kind: 'key', negated: false, name: 'k1' }]) };
    expect(selectView([keyed], { client: '192.0.2.1', destination: undefined, rd: false, key: 'k1.' })?.name).toBe('keyed');
    expect(selectView([keyed], { client: '192.0.2.1', destination: undefined, rd: false })).toBeUndefined();
  });
});

describe('a TSIG-signed query is matched by the key it verified with', () => {
  it('match-clients { key k1; } takes the signed query and refuses the unsigned one', () => {
    const KEY = { name: 'k1.', algorithm: 'hmac-sha256.', secret: Buffer.from('0123456789abcdef0123456789abcdef') };
    const keyed: ServedView = { ...views.views[0], name: 'keyed', matchClients: compileAcl([{ kind: 'key', negated: false, name: 'k1' }]), keys: (n) => (n === 'k1.' ? KEY : undefined) };
    const h = createQueryHandler(() => createZoneSet([]), { views: () => ({ views: [keyed] }) });
    const signed = signMessage(buildQuery(7, 'www.a.test', 1), KEY, { now: Math.floor(Date.now() / 1000) }).message;
    const r = decodeP(h.handle(signed, 'udp', '192.0.2.1', '127.0.0.1')!);
    expect(r.rcode).toBe('NOERROR');
    expect(ips(r).length).toBe(4);
    expect(decodeP(h.handle(buildQuery(8, 'www.a.test', 1), 'udp', '192.0.2.1', '127.0.0.1')!).rcode).toBe('REFUSED');
  });
});

describe('allow-query, allow-transfer, blackhole', () => {
  it('allow-query (view level): REFUSED with EDE 18; names in no zone stay REFUSED without EDE', () => {
    const p = one('www.a.test', 'A', '127.0.0.3')!;
    expect(p.rcode).toBe('REFUSED');
    expect(ede(p)).toEqual([18]);
    const q = one('www.other.test', 'A', '127.0.0.3')!;
    expect(q.rcode).toBe('REFUSED');
    expect(ede(q)).toEqual([]);
  });

  it('allow-query (zone level) overrides the view\'s', () => {
    expect(one('www.closed.test', 'A', '127.0.0.1')!.rcode).toBe('REFUSED');
    expect(one('www.a.test', 'A', '127.0.0.1')!.rcode).toBe('NOERROR');
  });

  it('allow-transfer: options, overridden per zone; not subject to allow-query', () => {
    const axfr = ask('a.test', 'AXFR', '127.0.0.1', { tcp: true })!;
    expect(axfr[0].rcode).toBe('NOERROR');
    expect(axfr.flatMap((m) => m.answers).length).toBe(12); // SOA, 10 records, SOA
    const refused = one('a.test', 'AXFR', '127.0.0.4', { tcp: true, rd: true })!;
    expect(refused.rcode).toBe('REFUSED');
    expect(ede(refused)).toEqual([18]);
    expect(one('a.test', 'IXFR', '127.0.0.4', { rd: true })!.rcode).toBe('REFUSED'); // UDP too
    // view two: zone allow-transfer any, allow-query denies 127.0.0.3
    expect(one('a.test', 'AXFR', '127.0.0.3', { tcp: true })!.rcode).toBe('NOERROR');
  });

  it('blackhole drops the message (UDP: no reply; TCP: the connection closes)', () => {
    expect(ask('www.a.test', 'A', '127.0.0.9')).toBeNull();
    const msg = buildQuery(1, 'a.test', 252);
    expect(handler.handleMany(msg, 'tcp', '127.0.0.9', '127.0.0.1')).toBeNull();
    expect(handler.handle(Buffer.from('garbage'), 'udp', '127.0.0.9')).toBeNull();
  });
});

describe('minimal-responses and rrset-order per view; one answer cache per view', () => {
  it('minimal-responses no: the apex NS and its addresses whatever RD; yes: none, additional only for NS', () => {
    const no = one('www.a.test', 'MX', '127.0.0.2', { rd: true })!;
    expect(no.authorities.map((a) => a.type)).toEqual(['NS', 'NS']);
    expect(no.additionals.filter((a) => a.type === 'A').map((a) => a.name).sort()).toEqual(['mail.a.test', 'ns.a.test', 'ns2.a.test']);
    const yes = one('www.a.test', 'MX', '127.0.0.5', { rd: true })!;
    expect(yes.authorities).toEqual([]);
    expect(yes.additionals.filter((a) => a.type === 'A')).toEqual([]);
    const yesNs = one('a.test', 'NS', '127.0.0.5', { rd: true })!;
    expect(yesNs.additionals.filter((a) => a.type === 'A').length).toBe(2);
    // the default (view one): no-auth-recursive
    expect(one('www.a.test', 'MX', '127.0.0.1', { rd: true })!.authorities).toEqual([]);
    expect(one('www.a.test', 'MX', '127.0.0.1', { rd: false })!.authorities.length).toBe(2);
  });

  it('cyclic rotates per response; a varying answer is never cached, a fixed one is', () => {
    const before = handler.stats().cacheHits;
    const orders = Array.from({ length: 4 }, () => ips(one('www.a.test', 'A', '127.0.0.1')).join(' '));
    expect(new Set(orders).size).toBe(4);
    const sorted = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'];
    const start = sorted.indexOf(orders[0].split(' ')[0]);
    orders.forEach((o, i) => expect(o).toBe([...sorted.slice((start + i) % 4), ...sorted.slice(0, (start + i) % 4)].join(' ')));
    // view one has an rrset-order, so NS (no rule matches) is in stored order: cacheable.
    one('a.test', 'NS', '127.0.0.1');
    one('a.test', 'NS', '127.0.0.1');
    expect(handler.stats().cacheHits).toBe(before + 1);
  });

  it('order none (view dest) answers in canonical order and caches', () => {
    const seen = new Set(Array.from({ length: 3 }, () => ips(one('www.a.test', 'A', '127.0.0.4', { local: '127.0.0.6', rd: false })).join(' ')));
    expect([...seen]).toEqual(['10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4']);
  });

  it('a view without rrset-order inherits options\'', () => {
    // view two: www.a.test cyclic, from options.
    const two = new Set(Array.from({ length: 8 }, () => ips(one('www.a.test', 'A', '127.0.0.2')).join(' ')));
    expect(two.size).toBe(4);
  });

  it('an allowed answer cached for one client is not served to a client allow-query denies', () => {
    expect(one('mail.a.test', 'A', '127.0.0.2')!.rcode).toBe('NOERROR');
    expect(one('mail.a.test', 'A', '127.0.0.2')!.rcode).toBe('NOERROR');
    expect(one('mail.a.test', 'A', '127.0.0.3')!.rcode).toBe('REFUSED');
  });

  it('random (BIND\'s default without rrset-order) varies and is not cached', () => {
    const v: ServedView = { ...views.views[0], orderer: createOrderer(undefined, (() => { let s = 1; return () => (s = (s * 69069 + 1) >>> 0); })()) };
    const h = createQueryHandler(() => createZoneSet([]), { views: () => ({ views: [v] }) });
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const r = h.handle(buildQuery(i, 'www.a.test', 1, { edns: true }), 'udp', '127.0.0.1', '127.0.0.1')!;
      seen.add(ips(decodeP(r)).join(' '));
    }
    expect(seen.size).toBe(12);
    expect(h.stats().cacheHits).toBe(0);
  });
});
