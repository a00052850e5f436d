/**
 * RFC 2136 UPDATE, the pure parts (src/dns/update.ts, update-policy.ts, acl.ts,
 * tsig-server.ts) and the service around them (update-service.ts) on in-memory zones.
 * The behaviour they copy from BIND 9.18 is measured in test/interop/dns-update.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseZone } from '../../src/zones/parser.js';
import { buildZone } from '../../src/zones/zone.js';
import { createZoneSet, withZone } from '../../src/zones/zoneset.js';
import type { Zone, ZoneSet } from '../../src/zones/zone-types.js';
import { applyZoneChanges } from '../../src/zones/update.js';
import { nameToWire } from '../../src/wire/name.js';
import { checkPrerequisites, mxTargetsResolve, parseUpdate, prescan, toZoneChanges, updateResponse, type UpdateRR } from '../../src/dns/update.js';
import { policyGrant, policyLimit } from '../../src/dns/update-policy.js';
import { policyType, policyTypeProblem, splitPolicyRule } from '../../src/zones/named-conf/update-policy-rule.js';
import { aclAllows, type AclEnv } from '../../src/dns/acl.js';
import { createUpdateService, type UpdateServiceOptions, type ZoneChangeObserver } from '../../src/dns/update-service.js';
import { findTsig, signMessage, TsigError, verifyMessage, type TsigKey } from '../../src/dns/tsig.js';
import { Rcode } from '../../src/dns/message.js';
import { createQueryHandler } from '../../src/dns/handler.js';
import { buildQuery } from '../../src/dns/server.js';
import { virtualClock } from '../../src/util/clock.js';
import { parseNamedConf } from '../../src/zones/named-conf.js';
import { updateOptionsFromConf } from '../../src/lab/update-conf.js';
import type { AddressMatchList, UpdatePolicyRule } from '../../src/zones/named-conf/model.js';

const ZONE = `$TTL 300
@ SOA ns root 1 3600 600 86400 60
@ NS ns
ns A 192.0.2.1
www A 192.0.2.10
www A 192.0.2.11
alias CNAME www
mail MX 10 www
`;
const ORIGIN = 'example.test.';
const load = (text = ZONE, origin = ORIGIN): Zone => buildZone(parseZone(text, { origin, file: 'z' }), { origin, file: 'z' });

const IN = 1, NONE = 254, ANY = 255;
const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, TXT: 16, AAAA: 28, NSEC: 47, RRSIG: 46, ANY: 255, AXFR: 252 };
const a = (ip: string) => Buffer.from(ip.split('.').map(Number));
const rr = (name: string, type: number, cls: number, ttl: number, rdata: Buffer = Buffer.alloc(0)): UpdateRR => ({ name, type, class: cls, ttl, rdata });

const u16 = (n: number) => Buffer.from([n >> 8, n & 255]);
function wireRR(r: UpdateRR): Buffer {
  const ttl = Buffer.alloc(4);
  ttl.writeUInt32BE(r.ttl);
  return Buffer.concat([nameToWire(r.name), u16(r.type), u16(r.class), ttl, u16(r.rdata.length), r.rdata]);
}
/** An UPDATE message (RFC 2136 2). */
function message(o: { id?: number; zones?: { name: string; type?: number; class?: number }[]; prereq?: UpdateRR[]; update?: UpdateRR[]; raw?: Buffer }): Buffer {
  const zones = o.zones ?? [{ name: ORIGIN }];
  const body = o.raw ?? Buffer.concat([...(o.prereq ?? []).map(wireRR), ...(o.update ?? []).map(wireRR)]);
  return Buffer.concat([
    u16(o.id ?? 7), u16(5 << 11), u16(zones.length), u16(o.prereq?.length ?? 0), u16(o.update?.length ?? 0), u16(0),
    ...zones.map((z) => Buffer.concat([nameToWire(z.name), u16(z.type ?? T.SOA), u16(z.class ?? IN)])),
    body,
  ]);
}

describe('parseUpdate (RFC 2136 2, 3.1.1)', () => {
  it('reads the zone, prerequisite and update sections', () => {
    const p = parseUpdate(message({ prereq: [rr('www.example.test.', T.A, ANY, 0)], update: [rr('x.example.test.', T.A, IN, 60, a('192.0.2.9'))] }));
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.request.zone).toEqual({ name: ORIGIN, type: T.SOA, class: IN });
    expect(p.request.prerequisites).toEqual([rr('www.example.test.', T.A, ANY, 0)]);
    expect(p.request.updates).toEqual([rr('x.example.test.', T.A, IN, 60, a('192.0.2.9'))]);
  });

  it('FORMERR: no zone entry, two (the first echoed), a zone entry not SOA, a truncated record', () => {
    expect(parseUpdate(message({ zones: [] }))).toEqual({ ok: false, id: 7 });
    const two = parseUpdate(message({ zones: [{ name: ORIGIN }, { name: 'other.test.' }] }));
    expect(two.ok).toBe(false);
    if (!two.ok) expect(two.zoneSection).toEqual(Buffer.concat([nameToWire(ORIGIN), u16(T.SOA), u16(IN)]));
    expect(parseUpdate(message({ zones: [{ name: ORIGIN, type: T.A }] })).ok).toBe(false);
    const m = message({ update: [rr('x.example.test.', T.A, IN, 60, a('192.0.2.9'))] });
    expect(parseUpdate(m.subarray(0, m.length - 2)).ok).toBe(false);
  });

  it('decompresses the names in RDATA of the RFC 1035 types (RFC 1035 4.1.4)', () => {
    // An MX whose exchange is a pointer to the zone name at offset 12.
    const ttl = Buffer.alloc(4, 0);
    ttl[3] = 60;
    const mx = Buffer.concat([Buffer.from([4]), Buffer.from('mail'), Buffer.from([0xc0, 12])]);
    const raw = Buffer.concat([Buffer.from([0xc0, 12]), u16(T.MX), u16(IN), ttl, u16(2 + mx.length), u16(10), mx]);
    const m = message({ raw });
    m.writeUInt16BE(1, 8);
    const p = parseUpdate(m);
    expect(p.ok && p.request.updates[0]).toMatchObject({ name: ORIGIN, type: T.MX, rdata: Buffer.concat([u16(10), nameToWire('mail.example.test.')]) });
  });
});

describe('checkPrerequisites (RFC 2136 3.2)', () => {
  const z = load();
  const check = (...p: UpdateRR[]) => checkPrerequisites(z, p);
  it('3.2.1: TTL not zero, RDATA with class ANY or NONE, another class: FORMERR', () => {
    expect(check(rr('www.example.test.', T.A, ANY, 1))).toBe(Rcode.FORMERR);
    expect(check(rr('www.example.test.', T.A, ANY, 0, a('192.0.2.10')))).toBe(Rcode.FORMERR);
    expect(check(rr('www.example.test.', T.A, NONE, 0, a('192.0.2.10')))).toBe(Rcode.FORMERR);
    expect(check(rr('www.example.test.', T.A, 3, 0, a('192.0.2.10')))).toBe(Rcode.FORMERR);
  });
  it('a name outside the zone: NOTZONE', () => expect(check(rr('www.other.test.', T.A, ANY, 0))).toBe(Rcode.NOTZONE));
  it('3.2.4 name is in use / not in use (YXDOMAIN, NXDOMAIN)', () => {
    expect(check(rr('www.example.test.', T.ANY, ANY, 0))).toBe(Rcode.NOERROR);
    expect(check(rr('nope.example.test.', T.ANY, ANY, 0))).toBe(Rcode.NXDOMAIN);
    expect(check(rr('nope.example.test.', T.ANY, NONE, 0))).toBe(Rcode.NOERROR);
    expect(check(rr('WWW.example.test.', T.ANY, NONE, 0))).toBe(Rcode.YXDOMAIN);
  });
  it('3.2.1, 3.2.2 RRset exists / does not exist, value independent (NXRRSET, YXRRSET)', () => {
    expect(check(rr('www.example.test.', T.A, ANY, 0))).toBe(Rcode.NOERROR);
    expect(check(rr('www.example.test.', T.MX, ANY, 0))).toBe(Rcode.NXRRSET);
    expect(check(rr('www.example.test.', T.MX, NONE, 0))).toBe(Rcode.NOERROR);
    expect(check(rr('www.example.test.', T.A, NONE, 0))).toBe(Rcode.YXRRSET);
  });
  it('the first failing prerequisite decides; value-dependent ones are checked after all others', () => {
    expect(check(rr('www.example.test.', T.A, IN, 0, a('1.1.1.1')), rr('nope.example.test.', T.ANY, ANY, 0))).toBe(Rcode.NXDOMAIN);
    expect(check(rr('www.example.test.', T.A, NONE, 0), rr('nope.example.test.', T.ANY, ANY, 0))).toBe(Rcode.YXRRSET);
  });
  it('3.2.3 value dependent: the RRset equals the RRs given, in any order (fast-check)', () => {
    const all = ['192.0.2.10', '192.0.2.11'];
    fc.assert(
      fc.property(fc.subarray(['192.0.2.10', '192.0.2.11', '192.0.2.12'], { minLength: 1 }), fc.boolean(), (ips, reverse) => {
        const list = reverse ? [...ips].reverse() : ips;
        const got = check(...list.map((ip) => rr('www.example.test.', T.A, IN, 0, a(ip))));
        const equal = ips.length === all.length && all.every((x) => ips.includes(x));
        return got === (equal ? Rcode.NOERROR : Rcode.NXRRSET);
      }),
    );
    // The same RR twice is not the RRset (BIND compares the lists).
    expect(check(rr('alias.example.test.', T.CNAME, IN, 0, nameToWire('www.example.test.')), rr('alias.example.test.', T.CNAME, IN, 0, nameToWire('www.example.test.')))).toBe(Rcode.NXRRSET);
    // Names in RDATA compare case-insensitively (RFC 4034 6.2).
    expect(check(rr('alias.example.test.', T.CNAME, IN, 0, nameToWire('WWW.example.test.')))).toBe(Rcode.NOERROR);
  });
});

describe('prescan (RFC 2136 3.4.1)', () => {
  const z = load();
  it('NOTZONE, FORMERR for meta types, classes and TTLs, REFUSED for NSEC and RRSIG below the apex', () => {
    expect(prescan(z, [rr('x.other.test.', T.A, IN, 60, a('1.2.3.4'))])).toBe(Rcode.NOTZONE);
    expect(prescan(z, [rr('x.example.test.', T.ANY, IN, 60)])).toBe(Rcode.FORMERR);
    expect(prescan(z, [rr('x.example.test.', T.AXFR, ANY, 0)])).toBe(Rcode.FORMERR);
    expect(prescan(z, [rr('x.example.test.', T.A, ANY, 60)])).toBe(Rcode.FORMERR);
    expect(prescan(z, [rr('x.example.test.', T.A, ANY, 0, a('1.2.3.4'))])).toBe(Rcode.FORMERR);
    expect(prescan(z, [rr('x.example.test.', T.A, NONE, 60, a('1.2.3.4'))])).toBe(Rcode.FORMERR);
    expect(prescan(z, [rr('x.example.test.', T.A, 3, 60, a('1.2.3.4'))])).toBe(Rcode.FORMERR);
    expect(prescan(z, [rr('x.example.test.', T.NSEC, IN, 60, Buffer.from([0]))])).toBe(Rcode.REFUSED);
    expect(prescan(z, [rr('a_b.example.test.', T.A, IN, 60, a('1.2.3.4'))])).toBe(Rcode.REFUSED);
    expect(prescan(z, [rr('a_b.example.test.', T.TXT, IN, 60, Buffer.from('\x01x'))])).toBe(Rcode.NOERROR);
    expect(prescan(z, [rr('a_b.example.test.', T.A, ANY, 0)])).toBe(Rcode.NOERROR);
    expect(prescan(z, [rr('x.example.test.', T.RRSIG, ANY, 0)])).toBe(Rcode.REFUSED);
    expect(prescan(z, [rr('x.example.test.', T.A, IN, 60, a('1.2.3.4')), rr('x.example.test.', T.ANY, ANY, 0)])).toBe(Rcode.NOERROR);
  });
  it('asks the grant for each RR, and for a name deletion for each RRset there', () => {
    const asked: number[] = [];
    const grant = (_rr: UpdateRR, type: number) => (asked.push(type), type !== T.MX);
    expect(prescan(z, [rr('www.example.test.', T.ANY, ANY, 0)], grant)).toBe(Rcode.NOERROR);
    expect(asked).toEqual([T.A]);
    expect(prescan(z, [rr('mail.example.test.', T.ANY, ANY, 0)], grant)).toBe(Rcode.REFUSED);
    expect(prescan(z, [rr('nothing.example.test.', T.ANY, ANY, 0)], grant)).toBe(Rcode.NOERROR);
  });
});

describe('toZoneChanges (RFC 2136 2.5) and the change set applied', () => {
  it('maps add, delete RRset, delete name, delete RR', () => {
    expect(toZoneChanges([
      rr('a.example.test.', T.A, IN, 60, a('1.2.3.4')),
      rr('b.example.test.', T.A, ANY, 0),
      rr('c.example.test.', T.ANY, ANY, 0),
      rr('d.example.test.', T.A, NONE, 0, a('1.2.3.4')),
    ])).toEqual([
      { op: 'add', rr: { name: 'a.example.test.', type: T.A, class: IN, ttl: 60, rdata: a('1.2.3.4') } },
      { op: 'delete', name: 'b.example.test.', type: T.A },
      { op: 'delete', name: 'c.example.test.' },
      { op: 'delete', name: 'd.example.test.', type: T.A, rdata: a('1.2.3.4') },
    ]);
  });
  it('changes that undo each other change nothing: no serial increment (BIND applies the net difference)', () => {
    const z = load();
    const r = applyZoneChanges(z, toZoneChanges([rr('x.example.test.', T.TXT, IN, 60, Buffer.from('\x01x')), rr('x.example.test.', T.ANY, ANY, 0)]));
    expect(r.changed).toBe(false);
    expect(r.zone).toBe(z);
  });
  it('MX targets in the zone need an address (BIND check_mx); outside or below a delegation they do not', () => {
    const z = load(ZONE + 'kid NS ns.elsewhere.test.\nnoaddr TXT "t"\n');
    const mx = (target: string) => toZoneChanges([rr('m.example.test.', T.MX, IN, 60, Buffer.concat([u16(10), nameToWire(target)]))]);
    const ok = (target: string) => mxTargetsResolve(applyZoneChanges(z, mx(target)).zone, mx(target));
    expect(ok('www.example.test.')).toBe(true);
    expect(ok('mail.elsewhere.test.')).toBe(true);
    expect(ok('x.kid.example.test.')).toBe(true);
    expect(ok('noaddr.example.test.')).toBe(false);
    expect(ok('alias.example.test.')).toBe(false);
  });
});

const rule = (r: Partial<UpdatePolicyRule>): UpdatePolicyRule => ({ grant: true, identity: 'k', matchType: 'zonesub', types: [], location: { file: 'c', line: 1, col: 1 }, ...r });

describe('update-policy (BIND ARM "Dynamic Update Policies")', () => {
  const A = (name: string) => rr(name, T.A, IN, 60, a('1.2.3.4'));
  it('needs a signer, matching the identity (* wildcards)', () => {
    expect(policyGrant([rule({})], ORIGIN, undefined)(A('x.example.test.'), T.A)).toBe(false);
    expect(policyGrant([rule({})], ORIGIN, 'other.')(A('x.example.test.'), T.A)).toBe(false);
    expect(policyGrant([rule({})], ORIGIN, 'K.')(A('x.example.test.'), T.A)).toBe(true);
    expect(policyGrant([rule({ identity: '*.keys' })], ORIGIN, 'a.keys.')(A('x.example.test.'), T.A)).toBe(true);
    expect(policyGrant([rule({ identity: '*.keys' })], ORIGIN, 'keys.')(A('x.example.test.'), T.A)).toBe(false);
  });
  it('name, subdomain, zonesub, wildcard, self, selfsub, selfwild', () => {
    const g = (r: Partial<UpdatePolicyRule>, name: string, signer = 'k.') => policyGrant([rule(r)], ORIGIN, signer)(A(name), T.A);
    expect(g({ matchType: 'name', name: 'h.example.test' }, 'h.example.test.')).toBe(true);
    expect(g({ matchType: 'name', name: 'h.example.test' }, 'x.h.example.test.')).toBe(false);
    expect(g({ matchType: 'subdomain', name: 'h.example.test' }, 'x.h.example.test.')).toBe(true);
    expect(g({ matchType: 'subdomain', name: 'h.example.test' }, 'example.test.')).toBe(false);
    expect(g({ matchType: 'zonesub' }, 'example.test.')).toBe(true);
    expect(g({ matchType: 'wildcard', name: '*.example.test' }, 'a.example.test.')).toBe(true);
    expect(g({ matchType: 'wildcard', name: '*.example.test' }, 'example.test.')).toBe(false);
    expect(g({ matchType: 'self', identity: '*' }, 'pc.example.test.', 'pc.example.test.')).toBe(true);
    expect(g({ matchType: 'self', identity: '*' }, 'pc2.example.test.', 'pc.example.test.')).toBe(false);
    expect(g({ matchType: 'selfsub', identity: '*' }, 'a.pc.example.test.', 'pc.example.test.')).toBe(true);
    expect(g({ matchType: 'selfwild', identity: '*' }, 'a.pc.example.test.', 'pc.example.test.')).toBe(true);
    expect(g({ matchType: 'selfwild', identity: '*' }, 'pc.example.test.', 'pc.example.test.')).toBe(false);
    expect(g({ matchType: 'krb5-self' }, 'example.test.')).toBe(false);
  });
  it('types: as listed, ANY all; none listed, all but NS, SOA, RRSIG; the first matching rule decides', () => {
    const g = (rules: UpdatePolicyRule[], type: number) => policyGrant(rules, ORIGIN, 'k.')(A('h.example.test.'), type);
    expect(g([rule({ types: ['A', 'txt'] })], T.TXT)).toBe(true);
    expect(g([rule({ types: ['A', 'txt'] })], T.AAAA)).toBe(false);
    expect(g([rule({ types: ['ANY'] })], T.NS)).toBe(true);
    expect(g([rule({})], T.MX)).toBe(true);
    expect(g([rule({})], T.NS)).toBe(false);
    expect(g([rule({})], T.SOA)).toBe(false);
    expect(g([rule({ grant: false, matchType: 'name', name: 'h.example.test' }), rule({})], T.A)).toBe(false);
    expect(g([rule({ grant: false, matchType: 'name', name: 'other.example.test' }), rule({})], T.A)).toBe(true);
  });
});

describe('address match lists (allow-update)', () => {
  const env: AclEnv = { acls: new Map([['lan', [{ kind: 'prefix', negated: false, family: 4, address: '10.0.0.0', prefixLength: 8 }]]]), localhost: ['127.0.0.1/32'], localnets: ['192.168.1.0/24'] };
  const p = (address: string, prefixLength = 32, negated = false) => ({ kind: 'prefix' as const, negated, family: 4 as const, address, prefixLength });
  const acl = (name: string, negated = false) => ({ kind: 'acl' as const, negated, name });
  const allows = (list: AddressMatchList, address: string, key?: string) => aclAllows(list, { address, key }, env);
  it('the first match wins; negation denies; no match denies', () => {
    expect(allows([p('10.0.0.5', 32, true), p('10.0.0.0', 8)], '10.0.0.5')).toBe(false);
    expect(allows([p('10.0.0.5', 32, true), p('10.0.0.0', 8)], '10.0.0.6')).toBe(true);
    expect(allows([p('10.0.0.0', 8)], '11.0.0.1')).toBe(false);
    expect(allows([p('10.0.0.0', 8)], '::ffff:10.1.2.3')).toBe(true);
    expect(allows([], '10.0.0.1')).toBe(false);
  });
  it('named ACLs, built-ins, nested lists, keys', () => {
    expect(allows([acl('lan')], '10.9.9.9')).toBe(true);
    expect(allows([acl('lan', true), acl('any')], '10.9.9.9')).toBe(false);
    expect(allows([acl('lan', true), acl('any')], '11.9.9.9')).toBe(true);
    expect(allows([acl('none'), acl('any')], '11.9.9.9')).toBe(false);
    expect(allows([acl('localhost')], '127.0.0.1')).toBe(true);
    expect(allows([acl('localnets')], '192.168.1.7')).toBe(true);
    expect(allows([{ kind: 'nested', negated: true, list: [p('10.0.0.0', 8)] }, acl('any')], '10.0.0.1')).toBe(false);
    expect(allows([{ kind: 'key', negated: false, name: 'ddns' }], '10.0.0.1')).toBe(false);
    expect(allows([{ kind: 'key', negated: false, name: 'ddns' }], '10.0.0.1', 'DDNS.')).toBe(true);
  });
});

const KEY: TsigKey = { name: 'ddns.', algorithm: 'hmac-sha256.', secret: Buffer.from('0123456789abcdef0123456789abcdef') };

function service(access: UpdateServiceOptions['access'] = () => ({ allowUpdate: [{ kind: 'key', negated: false, name: 'ddns' }] }), failCommit = false) {
  const clock = virtualClock(Date.UTC(2026, 11, 1));
  let zones: ZoneSet = createZoneSet([load()]);
  const seen: Parameters<ZoneChangeObserver['changed']>[] = [];
  const svc = createUpdateService(
    { zonesFor: () => ({ zones }), replace: (old, next) => (zones = withZone(zones, old, next)) },
    { keys: (n) => (n === 'ddns.' ? KEY : undefined), access, clock, observer: { changed: (...args) => { if (failCommit) throw new Error('disk full'); seen.push(args); } } },
  );
  const now = () => Math.floor(clock.now() / 1000);
  return { svc, clock, seen, now, zones: () => zones };
}

const ADD = { update: [rr('pc.example.test.', T.A, IN, 60, a('192.0.2.50'))] };

describe('the update service', () => {
  it('applies a signed update: the zone set is swapped, the observer told, the answer signed', () => {
    const s = service();
    const before = s.zones();
    const req = signMessage(message(ADD), KEY, { now: s.now() });
    const resp = s.svc.handle(req.message, 'udp', '192.0.2.200')!;
    expect(resp[3] & 0xf).toBe(Rcode.NOERROR);
    expect(verifyMessage(resp, () => KEY, { now: s.now(), requestMac: req.mac })).toMatchObject({ ok: true });
    expect(s.zones()).not.toBe(before);
    expect(s.zones().find('pc.example.test.')!.node('pc.example.test.')?.rrsets.get(T.A)?.rdatas).toEqual([a('192.0.2.50')]);
    expect(s.zones().find(ORIGIN)!.serial).toBe(2);
    expect(s.seen).toHaveLength(1);
    expect(s.seen[0][0]).toBe(ORIGIN);
    expect(s.seen[0][1]).toBe(before.zones[0]);
    expect(s.seen[0][2]).toBe(s.zones().zones[0]);
  });

  it('TSIG errors: NOTAUTH with BADKEY, BADSIG (unsigned), BADTIME (signed, the server time)', () => {
    const s = service();
    const err = (m: Buffer) => {
      const r = s.svc.handle(m, 'udp', '127.0.0.1')!;
      return { rcode: r[3] & 0xf, tsig: findTsig(r) };
    };
    expect(err(signMessage(message(ADD), { ...KEY, name: 'nokey.' }, { now: s.now() }).message)).toMatchObject({ rcode: Rcode.NOTAUTH, tsig: { error: TsigError.BADKEY, mac: Buffer.alloc(0) } });
    expect(err(signMessage(message(ADD), { ...KEY, secret: Buffer.from('x') }, { now: s.now() }).message)).toMatchObject({ rcode: Rcode.NOTAUTH, tsig: { error: TsigError.BADSIG, mac: Buffer.alloc(0) } });
    const late = err(signMessage(message(ADD), KEY, { now: s.now() - 3600 }).message);
    expect(late).toMatchObject({ rcode: Rcode.NOTAUTH, tsig: { error: TsigError.BADTIME } });
    expect(late.tsig!.mac.length).toBe(32);
    expect(late.tsig!.otherData.readUIntBE(0, 6)).toBe(s.now());
    expect(s.seen).toHaveLength(0);
  });

  it('REFUSED unsigned under allow-update { key ddns; }, and by default; NOTAUTH for a zone not served', () => {
    expect(service().svc.handle(message(ADD), 'udp', '127.0.0.1')![3] & 0xf).toBe(Rcode.REFUSED);
    expect(service(() => undefined).svc.handle(message(ADD), 'udp', '127.0.0.1')![3] & 0xf).toBe(Rcode.REFUSED);
    expect(service().svc.handle(message({ ...ADD, zones: [{ name: 'other.test.' }] }), 'udp', '127.0.0.1')![3] & 0xf).toBe(Rcode.NOTAUTH);
    expect(service().svc.handle(message({ ...ADD, zones: [{ name: 'www.example.test.' }] }), 'udp', '127.0.0.1')![3] & 0xf).toBe(Rcode.NOTAUTH);
  });

  it('update-policy: unsigned over UDP REFUSED before the prerequisites; over TCP they are checked', () => {
    const s = service(() => ({ updatePolicy: [rule({ identity: "ddns" })] }));
    const m = message({ prereq: [rr('nope.example.test.', T.ANY, ANY, 0)] });
    expect(s.svc.handle(m, 'udp', '127.0.0.1')![3] & 0xf).toBe(Rcode.REFUSED);
    expect(s.svc.handle(m, 'tcp', '127.0.0.1')![3] & 0xf).toBe(Rcode.NXDOMAIN);
    expect(s.svc.handle(signMessage(message(ADD), KEY, { now: s.now() }).message, 'udp', '127.0.0.1')![3] & 0xf).toBe(Rcode.NOERROR);
  });

  it('a change that would leave an apex name server without an address: REFUSED, zones kept', () => {
    const s = service(() => ({ allowUpdate: [{ kind: 'acl', negated: false, name: 'any' }] }));
    const before = s.zones();
    expect(s.svc.handle(message({ update: [rr('ns.example.test.', T.A, ANY, 0)] }), 'udp', '127.0.0.1')![3] & 0xf).toBe(Rcode.REFUSED);
    expect(s.zones()).toBe(before);
  });

  it('the observer (a journal) takes the change before it serves; when it throws, SERVFAIL and the old zone serves', () => {
    const s = service(undefined, true);
    const before = s.zones();
    const resp = s.svc.handle(signMessage(message(ADD), KEY, { now: s.now() }).message, 'udp', '127.0.0.1')!;
    expect(resp[3] & 0xf).toBe(Rcode.SERVFAIL);
    expect(s.zones()).toBe(before);
  });

  it('the response echoes the zone section (RFC 2136 3.8)', () => {
    const s = service();
    const m = message(ADD);
    const zoneEnd = 12 + nameToWire(ORIGIN).length + 4;
    expect(s.svc.handle(m, 'udp', '127.0.0.1')).toEqual(updateResponse(7, Rcode.REFUSED, m.subarray(12, zoneEnd)));
  });
});

describe('the query handler with TSIG keys', () => {
  it('answers a signed query signed, an unknown key NOTAUTH/BADKEY; UPDATEs go to the update hook', () => {
    const clock = virtualClock(Date.UTC(2026, 11, 1));
    const zones = createZoneSet([load()]);
    const updates: Buffer[] = [];
    const h = createQueryHandler(() => zones, { clock, tsigKeys: (n) => (n === 'ddns.' ? KEY : undefined), update: (m) => (updates.push(m), Buffer.from('u')) });
    const now = Math.floor(clock.now() / 1000);
    const req = signMessage(buildQuery(9, 'www.example.test.', T.A), KEY, { now });
    const resp = h.handle(req.message, 'udp', '127.0.0.1')!;
    expect(resp.readUInt16BE(6)).toBe(2);
    expect(verifyMessage(resp, () => KEY, { now, requestMac: req.mac })).toMatchObject({ ok: true });
    const bad = h.handle(signMessage(buildQuery(9, 'www.example.test.', T.A), { ...KEY, name: 'x.' }, { now }).message, 'udp', '127.0.0.1')!;
    expect(bad[3] & 0xf).toBe(Rcode.NOTAUTH);
    expect(findTsig(bad)?.error).toBe(TsigError.BADKEY);
    expect(h.handle(message(ADD), 'udp', '127.0.0.1')).toEqual(Buffer.from('u'));
    expect(updates).toHaveLength(1);
  });
});

describe('named.conf to the update service (update-conf.ts)', () => {
  it('keys, allow-update inherited from options, update-policy with names and types told apart', () => {
    const conf = parseNamedConf(`options { allow-update { 10.0.0.0/8; }; };
key "ddns" { algorithm hmac-md5; secret "MDEyMzQ1Njc4OWFiY2RlZg=="; };
zone "a.test" { type primary; file "a"; };
zone "b.test" { type primary; file "b"; allow-update { key ddns; }; };
zone "c.test" { type primary; file "c"; update-policy { grant ddns zonesub ANY; grant ddns name h.c.test A TXT; deny * wildcard *.c.test; }; };
`, '/conf/named.conf');
    const o = updateOptionsFromConf(conf.model, { localhost: [], localnets: [] });
    expect(o.keys!('DDNS.')).toEqual({ name: 'ddns.', algorithm: 'hmac-md5.sig-alg.reg.int.', secret: Buffer.from('0123456789abcdef') });
    expect(o.access!('a.test.')?.allowUpdate).toEqual([{ kind: 'prefix', negated: false, family: 4, address: '10.0.0.0', prefixLength: 8 }]);
    expect(o.access!('b.test.')?.allowUpdate).toEqual([{ kind: 'key', negated: false, name: 'ddns' }]);
    expect(o.access!('nope.test.')).toBeUndefined();
    const policy = o.access!('c.test.')?.updatePolicy;
    expect(Array.isArray(policy) && policy.map(({ location: _l, ...r }) => r)).toEqual([
      { grant: true, identity: 'ddns', matchType: 'zonesub', types: ['ANY'] },
      { grant: true, identity: 'ddns', matchType: 'name', name: 'h.c.test', types: ['A', 'TXT'] },
      { grant: false, identity: '*', matchType: 'wildcard', name: '*.c.test', types: [] },
    ]);
  });
});

describe('update-policy record limits, TYPE(N) (BIND 9.18 ns/update.c)', () => {
  const A = (name: string, ip = '1.2.3.4') => rr(name, T.A, IN, 60, a(ip));
  it('reads the written types and their counts as named-checkconf does', () => {
    expect(policyType('A(5)')).toEqual({ type: T.A, max: 5 });
    expect(policyType('txt')).toEqual({ type: T.TXT, max: 0 });
    expect(policyType('A()')).toEqual({ type: T.A, max: 0 });
    expect(policyTypeProblem('A(65535)')).toBeUndefined();
    expect(policyTypeProblem('A(65536)')).toBe("'(65536)' is not a valid count");
    expect(policyTypeProblem('A(5)x')).toBe("'(5)x' is not a valid count");
    expect(policyTypeProblem('FOO(2)')).toBe("'FOO' is not a valid type");
    expect(splitPolicyRule('zonesub', ['FOO', 'A'])).toEqual({ types: ['FOO', 'A'] });
    expect(splitPolicyRule('name', ['FOO'])).toEqual({ name: 'FOO', types: [] });
    expect(splitPolicyRule('name', ['A(3)'])).toEqual({ types: ['A(3)'] });
    expect(splitPolicyRule('subdomain', ['h.example.test', 'A(3)'])).toEqual({ name: 'h.example.test', types: ['A(3)'] });
  });
  it('the granting rule gives the limit; a deny or no rule gives none', () => {
    const lim = (rules: UpdatePolicyRule[], type = T.A) => policyLimit(rules, ORIGIN, 'k.')(A('h.example.test.'), type);
    expect(lim([rule({ types: ['A(2)', 'TXT'] })])).toBe(2);
    expect(lim([rule({ types: ['A(2)', 'TXT'] })], T.TXT)).toBe(0);
    expect(lim([rule({ matchType: 'name', name: 'h.example.test', types: ['A(1)'] }), rule({ types: ['A(5)'] })])).toBe(1);
    expect(lim([rule({ grant: false, types: ['A(1)'] })])).toBe(0);
    expect(policyGrant([rule({ types: ['A(2)'] })], ORIGIN, 'k.')(A('h.example.test.'), T.A)).toBe(true);
  });
  it('an addition finding the limit reached is skipped, earlier additions of the same update counted', () => {
    const z = load();
    const limit = policyLimit([rule({ types: ['A(2)'] })], ORIGIN, 'k.');
    const changes = toZoneChanges([A('n.example.test.', '10.0.0.1'), A('n.example.test.', '10.0.0.2'), A('n.example.test.', '10.0.0.3')], limit);
    expect(changes.map((c) => c.op === 'add' && c.max)).toEqual([2, 2, 2]);
    const r = applyZoneChanges(z, changes);
    expect(r.zone.node('n.example.test.')?.rrsets.get(T.A)?.rdatas.map((d) => [...d].join('.'))).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(r.ignored.map((i) => i.reason)).toEqual(['attempt to add more records than permitted by policy max=2']);
  });
});
