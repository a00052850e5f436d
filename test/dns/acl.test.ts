/**
 * Address match lists (src/dns/acl.ts) against named.conf(5) "address_match_list" and BIND's
 * dns_acl_match: first match wins, `!` negation, nested lists and named ACLs only ever
 * matching positively through their inner positive match, any/none, localhost/localnets
 * from the injected interfaces, `key NAME`. Prefix matching is checked against Node's own
 * net.BlockList as an independent oracle.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import net from 'node:net';
import { aclAllows, aclMatch, aclPermits, compileAcl, ipBytes, type AclEnv } from '../../src/dns/acl.js';
import type { AddressMatchElement, AddressMatchList } from '../../src/zones/named-conf/model.js';
import { parseNamedConf } from '../../src/zones/named-conf.js';

/** The allow-query list of `options { allow-query { TEXT }; }`, through the real parser. */
function list(text: string, acls = ''): { list: AddressMatchList; env: AclEnv } {
  const m = parseNamedConf(`${acls}\noptions { allow-query { ${text} }; };`, 'named.conf').model;
  return { list: m.options.allowQuery!, env: { acls: new Map(m.acls.map((a) => [a.name, a.list])), ...LOCAL } };
}
/** The host's addresses and networks, as update-conf.ts localAddresses gives them. */
const LOCAL = { localhost: ['127.0.0.1/32', '192.0.2.10/32', '2001:db8::5/128'], localnets: ['127.0.0.1/8', '192.0.2.10/24', '2001:db8::5/64'] };
const verdict = (text: string, address: string, key?: string, acls = '') => {
  const { list: l, env } = list(text, acls);
  return aclMatch(compileAcl(l, env), { address, key });
};

describe('address match lists (named.conf(5), BIND dns_acl_match)', () => {
  it('the first matching element decides; no match denies', () => {
    expect(verdict('!10.1.0.0/16; 10.0.0.0/8;', '10.1.2.3')).toBe(-1);
    expect(verdict('!10.1.0.0/16; 10.0.0.0/8;', '10.2.0.1')).toBe(1);
    expect(verdict('10.0.0.0/8; !10.1.0.0/16;', '10.1.2.3')).toBe(1);
    expect(verdict('10.0.0.0/8;', '11.0.0.1')).toBe(0);
    expect(verdict('10/8;', '10.9.9.9')).toBe(1); // BIND's short IPv4 prefix
    expect(verdict('192.0.2.1;', '192.0.2.1')).toBe(1);
    expect(verdict('192.0.2.1;', '192.0.2.2')).toBe(0);
  });

  it('any, none, ! none; families kept apart for prefixes, not for any', () => {
    expect(verdict('any;', '2001:db8::1')).toBe(1);
    expect(verdict('none;', '192.0.2.1')).toBe(-1);
    expect(verdict('! none;', '192.0.2.1')).toBe(1);
    expect(verdict('! any;', '::1')).toBe(-1);
    expect(verdict('0.0.0.0/0;', '::1')).toBe(0);
    expect(verdict('::/0;', '::1')).toBe(1);
    expect(verdict('2001:db8::/32;', '2001:db8:1::7')).toBe(1);
    expect(verdict('2001:db8::/32;', '2001:db9::7')).toBe(0);
  });

  it('an IPv4-mapped client address matches as its IPv4 address', () => {
    expect(verdict('192.0.2.0/24;', '::ffff:192.0.2.8')).toBe(1);
  });

  it('nested lists and named ACLs match only through a positive inner match (no double negation)', () => {
    // Inner negative match: the nested element does not match, the next element decides.
    expect(verdict('{ !10.1.0.0/16; 10/8; }; 10.1.0.0/16;', '10.1.0.1')).toBe(1);
    expect(verdict('!{ !10.1.0.0/16; any; }; any;', '10.1.0.1')).toBe(1);
    expect(verdict('!{ !10.1.0.0/16; any; }; any;', '10.2.0.1')).toBe(-1);
    expect(verdict('!inner; any;', '10.1.0.1', undefined, 'acl inner { !10.1.0.0/16; 10/8; };')).toBe(1);
    expect(verdict('!inner; any;', '10.2.0.1', undefined, 'acl inner { !10.1.0.0/16; 10/8; };')).toBe(-1);
    expect(verdict('outer;', '10.2.0.1', undefined, 'acl inner { 10/8; }; acl outer { inner; };')).toBe(1);
  });

  it('localhost is the interfaces\' addresses, localnets their networks (injected)', () => {
    expect(verdict('localhost;', '127.0.0.1')).toBe(1);
    expect(verdict('localhost;', '127.0.0.2')).toBe(0);
    expect(verdict('localnets;', '127.0.0.2')).toBe(1);
    expect(verdict('localnets;', '192.0.2.200')).toBe(1);
    expect(verdict('localnets;', '192.0.3.1')).toBe(0);
    expect(verdict('localnets;', '2001:db8::ffff')).toBe(1);
    expect(verdict('!localhost; localnets;', '127.0.0.1')).toBe(-1);
  });

  it('key NAME matches the request\'s TSIG key name, case-insensitively, with or without the final dot', () => {
    expect(verdict('key k1;', '192.0.2.1', 'K1.')).toBe(1);
    expect(verdict('key k1;', '192.0.2.1')).toBe(0);
    expect(verdict('!key k1; any;', '192.0.2.1', 'k1')).toBe(-1);
    expect(verdict('!key k1; any;', '192.0.2.1', 'k2')).toBe(1);
  });

  it('aclAllows compiles a list on the spot (the update service\'s allow-update)', () => {
    const { list: l, env: e } = list('!192.0.2.1; localnets;');
    expect(aclAllows(l, { address: '192.0.2.1' }, e)).toBe(false);
    expect(aclAllows(l, { address: '192.0.2.2' }, e)).toBe(true);
  });

  it('geoip elements never match', () => {
    expect(aclMatch(compileAcl([{ kind: 'geoip', negated: false, text: 'country US' }]), { address: '192.0.2.1' })).toBe(0);
  });

  it('ipBytes reads IPv4, IPv6 with :: and embedded IPv4, and drops a zone index', () => {
    expect([...ipBytes('192.0.2.255')!.bytes]).toEqual([192, 0, 2, 255]);
    expect([...ipBytes('2001:db8::1')!.bytes]).toEqual([0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect([...ipBytes('::ffff:10.0.0.1')!.bytes].slice(10)).toEqual([0xff, 0xff, 10, 0, 0, 1]);
    expect([...ipBytes('fe80::1%eth0')!.bytes].slice(0, 2)).toEqual([0xfe, 0x80]);
    expect(ipBytes('not an address')).toBeUndefined();
  });
});

const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((t) => t.join('.'));
const v6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((w) => w.map((x) => x.toString(16)).join(':'));
const prefixEl = (negated: boolean): fc.Arbitrary<AddressMatchElement> =>
  fc.oneof(
    fc.tuple(v4, fc.integer({ min: 0, max: 32 })).map(([address, len]) => ({ kind: 'prefix', negated, family: 4, address, prefixLength: len }) as AddressMatchElement),
    fc.tuple(v6, fc.integer({ min: 0, max: 128 })).map(([address, len]) => ({ kind: 'prefix', negated, family: 6, address, prefixLength: len }) as AddressMatchElement),
  );
const element: fc.Arbitrary<AddressMatchElement> = fc.letrec<{ e: AddressMatchElement }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small' },
    fc.boolean().chain(prefixEl),
    fc.record({ kind: fc.constant('acl' as const), negated: fc.boolean(), name: fc.constantFrom('any', 'none', 'localhost', 'localnets') }),
    fc.record({ kind: fc.constant('key' as const), negated: fc.boolean(), name: fc.constantFrom('k1', 'k2') }),
    fc.record({ kind: fc.constant('nested' as const), negated: fc.boolean(), list: fc.array(tie('e'), { maxLength: 4 }) }),
  ),
})).e;
const amList = fc.array(element, { maxLength: 6 });
const request = fc.record({ address: fc.oneof(v4, v6), key: fc.option(fc.constantFrom('k1', 'k2'), { nil: undefined }) });
const env: AclEnv = { acls: new Map(), ...LOCAL };

describe('address match list properties (fast-check)', () => {
  it('a prefix matches exactly the addresses net.BlockList puts in that subnet', () => {
    fc.assert(
      fc.property(prefixEl(false), fc.oneof(v4, v6), (el, address) => {
        const e = el as Extract<AddressMatchElement, { kind: 'prefix' }>;
        const bl = new net.BlockList();
        bl.addSubnet(e.address, e.prefixLength, e.family === 4 ? 'ipv4' : 'ipv6');
        const family = net.isIPv4(address) ? 'ipv4' : 'ipv6';
        const oracle = (family === 'ipv4') === (e.family === 4) && bl.check(address, family);
        expect(aclPermits(compileAcl([el], env), { address })).toBe(oracle);
      }),
      { numRuns: 2000 },
    );
  });

  it('first match wins: elements after the deciding one change nothing', () => {
    fc.assert(
      fc.property(amList, amList, request, (a, b, req) => {
        const first = aclMatch(compileAcl(a, env), req);
        if (first !== 0) expect(aclMatch(compileAcl([...a, ...b], env), req)).toBe(first);
        else expect(aclMatch(compileAcl([...a, ...b], env), req)).toBe(aclMatch(compileAcl(b, env), req));
      }),
      { numRuns: 1000 },
    );
  });

  it('a nested list matches as its inner list\'s positive match; negated, it never allows', () => {
    fc.assert(
      fc.property(amList, request, (l, req) => {
        const inner = aclMatch(compileAcl(l, env), req);
        expect(aclMatch(compileAcl([{ kind: 'nested', negated: false, list: l }], env), req)).toBe(inner === 1 ? 1 : 0);
        expect(aclMatch(compileAcl([{ kind: 'nested', negated: true, list: l }], env), req)).toBe(inner === 1 ? -1 : 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('a named ACL is the same as its list written in place', () => {
    fc.assert(
      fc.property(amList, fc.boolean(), request, (l, negated, req) => {
        const named: AclEnv = { ...env, acls: new Map([['mine', l]]) };
        expect(aclMatch(compileAcl([{ kind: 'acl', negated, name: 'mine' }], named), req)).toBe(aclMatch(compileAcl([{ kind: 'nested', negated, list: l }], env), req));
      }),
      { numRuns: 500 },
    );
  });

  it('any first allows everything, none first denies everything', () => {
    fc.assert(
      fc.property(amList, request, (l, req) => {
        expect(aclMatch(compileAcl([{ kind: 'acl', negated: false, name: 'any' }, ...l], env), req)).toBe(1);
        expect(aclMatch(compileAcl([{ kind: 'acl', negated: false, name: 'none' }, ...l], env), req)).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });
});
