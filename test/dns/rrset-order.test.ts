/**
 * rrset-order (src/dns/rrset-order.ts): rule matching as named.conf(5) describes it, and the
 * orders BIND 9.18 produces (measured with dig against named: 12 distinct orders of four A
 * records under `random`, the four rotations under `cyclic` and `fixed`, canonical order
 * under `none`).
 */
import { describe, expect, it } from 'vitest';
import { compileOrder, createOrderer, orderMode, randomOrder, rotate, storedOrder } from '../../src/dns/rrset-order.js';
import { nameFromWire, nameToWire } from '../../src/wire/name.js';
import type { RRset } from '../../src/zones/zone-types.js';

const a = (s: string) => Buffer.from(s.split('.').map(Number));
const text = (rr: RRset) => rr.rdatas.map((b) => [...b].join('.')).join(' ');
const rrA = (name: string, ...ips: string[]): RRset => ({ name, type: 1, ttl: 300, rdatas: ips.map(a) });

describe('rrset-order rules (named.conf(5) "rrset-order")', () => {
  const rules = compileOrder([
    { name: 'cyc.a.test', order: 'cyclic' },
    { type: 'TXT', name: '*.a.test', order: 'random' },
    { class: 'IN', type: 'A', name: '*.test', order: 'fixed' },
    { type: 'MX', order: 'none' },
  ]);

  it('the first rule whose class, type and name match decides; none matching is none', () => {
    expect(orderMode(rules, 'CYC.a.test.', 1)).toBe('cyclic');
    expect(orderMode(rules, 'cyc.a.test.', 16)).toBe('cyclic');
    expect(orderMode(rules, 'x.a.test.', 16)).toBe('random');
    expect(orderMode(rules, 'deep.x.a.test.', 16)).toBe('random');
    expect(orderMode(rules, 'a.test.', 16)).toBe('none'); // *.a.test is below a.test only
    expect(orderMode(rules, 'www.a.test.', 1)).toBe('cyclic'); // fixed: cyclic in Debian's build
    expect(orderMode(rules, 'www.a.test.', 1, 3)).toBe('none');
    expect(orderMode(rules, 'www.other.', 15)).toBe('none');
    expect(orderMode(rules, 'www.other.', 28)).toBe('none');
  });

  it('without a name a rule matches every name; BIND\'s default is random for all', () => {
    expect(orderMode(compileOrder([{ order: 'cyclic' }]), 'any.name.', 28)).toBe('cyclic');
    const o = createOrderer(undefined, () => 1);
    expect(o.varies(rrA('x.test.', '10.0.0.1', '10.0.0.2'))).toBe(true);
    expect(o.varies(rrA('x.test.', '10.0.0.1'))).toBe(false);
    expect(o.varies({ ...rrA('x.test.', '10.0.0.1', '10.0.0.2'), type: 46 })).toBe(false); // RRSIG never
  });
});

describe('orders (BIND 9.18 towiresorted)', () => {
  it('stored order is canonical RDATA order whatever the file order', () => {
    expect(storedOrder(1, [a('10.7.0.3'), a('10.7.0.1'), a('10.7.0.2')]).map((b) => b[3])).toEqual([1, 2, 3]);
    // Names compare lower-cased (RFC 4034 6.2): NS targets
    const ns = ['NS3.a.test.', 'ns.a.test.', 'Ns2.a.test.'].map(nameToWire);
    expect(storedOrder(2, ns).map((b) => nameFromWire(b, 0).name)).toEqual(['ns.a.test.', 'Ns2.a.test.', 'NS3.a.test.']);
  });

  it('random takes lcm(1..n) orders: 6 of 3 records, 12 of 4 (as measured), 60 of 5', () => {
    for (const [n, want] of [[3, 6], [4, 12], [5, 60]] as const) {
      const items = Array.from({ length: n }, (_, i) => i);
      const seen = new Set<string>();
      for (let seed = 0; seed < 5000; seed++) seen.add(randomOrder(items, seed * 2654435761).join(''));
      expect(seen.size).toBe(want);
    }
    // The measured set for four records (sorted 1..4): these and only these.
    const measured = ['1234', '1324', '1432', '2143', '2341', '2413', '3124', '3214', '3412', '4123', '4213', '4312'];
    const seen = new Set<string>();
    for (let seed = 0; seed < 1000; seed++) seen.add(randomOrder([1, 2, 3, 4], seed).join(''));
    expect([...seen].sort()).toEqual(measured);
  });

  it('cyclic rotates the stored order one step per response from a random start', () => {
    const o = createOrderer([{ order: 'cyclic' }], () => 2);
    const rr = rrA('cyc.a.test.', '10.8.0.4', '10.8.0.3', '10.8.0.2', '10.8.0.1');
    const got = Array.from({ length: 5 }, () => text(o.order(rr)));
    expect(got).toEqual([
      '10.8.0.3 10.8.0.4 10.8.0.1 10.8.0.2',
      '10.8.0.4 10.8.0.1 10.8.0.2 10.8.0.3',
      '10.8.0.1 10.8.0.2 10.8.0.3 10.8.0.4',
      '10.8.0.2 10.8.0.3 10.8.0.4 10.8.0.1',
      '10.8.0.3 10.8.0.4 10.8.0.1 10.8.0.2',
    ]);
    expect(rotate([1, 2, 3], -1)).toEqual([3, 1, 2]);
  });

  it('none writes the stored order every time; random draws one seed per RRset and response', () => {
    const none = createOrderer([{ order: 'none' }], () => 7);
    const rr = rrA('n.test.', '10.7.0.3', '10.7.0.1', '10.7.0.2');
    expect(text(none.order(rr))).toBe('10.7.0.1 10.7.0.2 10.7.0.3');
    expect(none.varies(rr)).toBe(false);
    const seeds = [0, 1, 2];
    const random = createOrderer(undefined, () => seeds.shift()!);
    expect([text(random.order(rr)), text(random.order(rr)), text(random.order(rr))]).toEqual([
      '10.7.0.1 10.7.0.2 10.7.0.3',
      '10.7.0.2 10.7.0.3 10.7.0.1',
      '10.7.0.3 10.7.0.2 10.7.0.1',
    ]);
  });
});
