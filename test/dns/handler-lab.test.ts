/**
 * The answer cache with the real responder (respond.ts) on the lab zones: whatever the
 * query (name in any letter case, RD, EDNS size, DO, transport), the handler's reply, cached
 * or not, is byte for byte the responder's own answer to that query (RFC 1035 4.1.1: only
 * the ID differs between two answers to one question; RFC 4343: the case is the client's).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolve } from 'node:path';
import { loadNamedConf } from '../../src/zones/named-conf.js';
import { createQueryHandler, IGNORED_EDNS_OPTIONS } from '../../src/dns/handler.js';
import { respond } from '../../src/dns/respond.js';
import { isFailure, scanQuery, toParsedQuery, type QueryView } from '../../src/dns/query-parse.js';
import { buildQuery } from '../../src/dns/server.js';

const lab = loadNamedConf(resolve(import.meta.dirname, '../../fixtures/lab/named.conf')).zoneSet;

const NAMES = [
  'lab.local', 'ns.lab.local', 'vcenter.lab.local', 'www.lab.local', 'kubeflow.lab.local', 'esxi01.lab.local',
  '_ldap._tcp.lab.local', 'nope.lab.local', 'a.b.esxi02.lab.local', '135.244.168.192.in-addr.arpa',
  '244.168.192.in-addr.arpa', '9.244.168.192.in-addr.arpa', 'example.com', '.',
];
const TYPES = [1, 2, 5, 6, 12, 15, 16, 28, 33, 255, 252, 65280];

/** A query with the name's letters in a random case, random flags, EDNS or not. */
const anyQuery = fc
  .record({
    name: fc.constantFrom(...NAMES),
    caseMask: fc.oneof(fc.constant(0), fc.constant(0x7fffffff), fc.integer({ min: 0, max: 0x7fffffff })),
    type: fc.constantFrom(...TYPES),
    rd: fc.boolean(),
    edns: fc.option(fc.record({ size: fc.constantFrom(0, 512, 1232, 4096), do: fc.boolean() }), { nil: undefined }),
    cd: fc.boolean(),
    id: fc.integer({ min: 0, max: 0xffff }),
    tcp: fc.boolean(),
  })
  .map((r) => {
    let name = '';
    for (let i = 0; i < r.name.length; i++) name += (r.caseMask >> i % 31) & 1 ? r.name[i].toUpperCase() : r.name[i];
    const msg = buildQuery(r.id, name, r.type, { rd: r.rd, edns: r.edns !== undefined });
    if (r.cd) msg[3] |= 0x10;
    if (r.edns) {
      msg.writeUInt16BE(r.edns.size, msg.length - 8);
      if (r.edns.do) msg[msg.length - 4] |= 0x80; // DO, the top bit of the TTL's flags (RFC 3225)
    }
    return { msg, transport: r.tcp ? ('tcp' as const) : ('udp' as const) };
  });

function direct(msg: Buffer, transport: 'udp' | 'tcp'): Buffer {
  const v = scanQuery(msg, transport);
  if (isFailure(v)) throw new Error('test query did not parse');
  return respond(lab, toParsedQuery(msg, v as QueryView));
}

describe('cached replies equal the responder\'s (lab zones)', () => {
  it('property: handler.handle() == respond() for any spelling and flags, cache warm or cold', () => {
    const h = createQueryHandler(() => lab);
    fc.assert(
      fc.property(anyQuery, fc.integer({ min: 0, max: 0xffff }), ({ msg, transport }, id2) => {
        expect(h.handle(msg, transport)!.toString('hex')).toBe(direct(msg, transport).toString('hex'));
        const again = Buffer.from(msg);
        again.writeUInt16BE(id2, 0); // the same question again: now a cache hit
        expect(h.handle(again, transport)!.toString('hex')).toBe(direct(again, transport).toString('hex'));
      }),
      { numRuns: 4000 },
    );
    const s = h.stats();
    expect(s.cacheHits).toBeGreaterThan(3000);
  });

  it('lower-case queries share an entry; the reply to VCENTER.LAB.LOCAL is BIND\'s (owner not compressed)', () => {
    const h = createQueryHandler(() => lab);
    h.handle(buildQuery(1, 'vcenter.lab.local', 1), 'udp');
    const up = buildQuery(2, 'VCENTER.LAB.LOCAL', 1);
    expect(h.handle(up, 'udp')).toEqual(direct(up, 'udp'));
    expect(h.handle(buildQuery(3, 'vcenter.lab.local', 1), 'udp')!.length).toBe(51); // BIND's 51 bytes
    expect(h.stats()).toMatchObject({ cacheHits: 1, cacheMisses: 2 });
  });
});

describe('EDNS options the cache treats as not changing the answer (RFC 6891 6.1.2)', () => {
  // Guard: if respond.ts starts to answer one of these (a server COOKIE, NSID, keepalive),
  // cached replies would be wrong for it: remove it from IGNORED_EDNS_OPTIONS.
  const withOption = (code: number, data: Buffer) => {
    const base = buildQuery(7, 'vcenter.lab.local', 1, { edns: true });
    const opt = Buffer.alloc(4 + data.length);
    opt.writeUInt16BE(code, 0);
    opt.writeUInt16BE(data.length, 2);
    data.copy(opt, 4);
    const msg = Buffer.concat([base, opt]);
    msg.writeUInt16BE(opt.length, msg.length - opt.length - 2);
    return msg;
  };
  const samples: Record<number, Buffer> = { 3: Buffer.alloc(0), 10: Buffer.from('0102030405060708', 'hex'), 11: Buffer.alloc(0), 12: Buffer.alloc(16) };
  for (const code of IGNORED_EDNS_OPTIONS) {
    for (const transport of ['udp', 'tcp'] as const) {
      it(`option ${code} over ${transport}: respond() answers as without it`, () => {
        const plain = buildQuery(7, 'vcenter.lab.local', 1, { edns: true });
        expect(direct(withOption(code, samples[code] ?? Buffer.alloc(0)), transport)).toEqual(direct(plain, transport));
      });
    }
  }
  it('ECS (RFC 7871 7.2.1) is echoed, so it is not in the list and such queries bypass the cache', () => {
    const ecs = withOption(8, Buffer.from('00011800c00002', 'hex'));
    expect(IGNORED_EDNS_OPTIONS).not.toContain(8);
    const h = createQueryHandler(() => lab);
    h.handle(buildQuery(1, 'vcenter.lab.local', 1, { edns: true }), 'udp');
    expect(h.handle(ecs, 'udp')).toEqual(direct(ecs, 'udp'));
    expect(h.stats().uncacheable).toBe(1);
  });
});
