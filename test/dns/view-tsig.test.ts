/**
 * TSIG keys per view (keyring.ts, view-tsig.ts) through the query handler and the update
 * service without sockets: a named.conf with a top-level key and keys inside two views,
 * loaded by loadServing (services.ts). Each expectation is what named 9.18 answered to the
 * same request (measured with dig -y and nsupdate; test/interop/dns-views-keys.test.ts
 * compares the two live).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dnsPacket from 'dns-packet';
import { loadServing } from '../../src/lab/services.js';
import { createQueryHandler, type QueryHandler } from '../../src/dns/handler.js';
import type { ViewSet } from '../../src/dns/views.js';
import { routeSigned } from '../../src/dns/view-tsig.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { buildQuery, typeNumber } from '../../src/dns/server.js';
import { findTsig, signMessage, TsigError, verifyMessage, type TsigKey } from '../../src/dns/tsig.js';
import { createUpdateService } from '../../src/dns/update-service.js';
import { updateOptionsFromConf } from '../../src/lab/update-conf.js';
import { parseNamedConf } from '../../src/zones/named-conf.js';
import { withZone } from '../../src/zones/zoneset.js';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { keySecret, viewKeysConf, viewKeysZone } from './helpers/views-keys-conf.js';

const key = (name: string, s: string): TsigKey => ({ name: `${name}.`, algorithm: 'hmac-sha256.', secret: Buffer.from(keySecret(s), 'base64') });
const CONF = viewKeysConf('options { directory "."; };');

const AKEY = key('akey', 'akey');
const BKEY = key('bkey', 'bkey');
const CKEY = key('ckey', 'ckey');
const GLOB = key('glob', 'gkey');
const SAME_A = key('same', 'akey');
const SAME_B = key('same', 'bkey');
const SAME_G = key('same', 'gkey');
const ZZZ = key('zzz', 'gkey');

let tree: TmpTree;
let views: ViewSet;
let handler: QueryHandler;

beforeAll(() => {
  tree = tmpTree('labnet-view-tsig-');
  tree.write('a.zone', viewKeysZone('192.0.2.1'));
  tree.write('b.zone', viewKeysZone('192.0.2.2'));
  const conf = tree.write('named.conf', CONF);
  views = loadServing({ namedConf: conf }, {}, { local: { localhost: ['127.0.0.1/32'], localnets: ['127.0.0.0/8'] }, random32: () => 0 }).views!;
  handler = createQueryHandler(() => createZoneSet([]), { views: () => views });
});
afterAll(() => tree.remove());

interface P {
  rcode: string;
  answers: { type: string; data: unknown }[];
  additionals: { type: string; options?: { code: number; data?: Buffer }[] }[];
}
const now = () => Math.floor(Date.now() / 1000);
let id = 1;

/** A query signed with `k` from `client`: rcode, the A records, the TSIG error and whether its MAC verifies with `k`. */
function ask(k: TsigKey, client: string, type = 'A', tcp = false) {
  const q = buildQuery(id++, type === 'AXFR' ? 'v.test' : 'www.v.test', typeNumber(type), { rd: true, edns: true });
  const signed = signMessage(q, k, { now: now() });
  const out = tcp ? handler.handleMany(signed.message, 'tcp', client, '127.0.0.1')! : [handler.handle(signed.message, 'udp', client, '127.0.0.1')!];
  const first = out[0];
  const p = dnsPacket.decode(first) as unknown as P;
  const t = findTsig(first)!;
  const verified = verifyMessage(first, (n) => (n === k.name ? k : undefined), { now: now(), requestMac: signed.mac }).ok;
  const ede = p.additionals.flatMap((a) => (a.options ?? []).filter((x) => x.code === 15).map((x) => x.data!.readUInt16BE(0)));
  return { rcode: p.rcode, a: p.answers.filter((x) => x.type === 'A').map((x) => x.data), tsigError: t.error, mac: t.mac.length > 0, verified, ede, messages: out.length };
}

describe('a query signed with a key of one view (BIND 9.18 rechecks the signature with each view\'s keys)', () => {
  it('a view\'s own key takes that view, the answer signed with it', () => {
    expect(ask(AKEY, '127.0.0.1')).toMatchObject({ rcode: 'NOERROR', a: ['192.0.2.1'], tsigError: 0, verified: true });
    expect(ask(BKEY, '127.0.0.4')).toMatchObject({ rcode: 'NOERROR', a: ['192.0.2.2'], tsigError: 0, verified: true });
    // Taken by its key from an address that another view takes too.
    expect(ask(AKEY, '127.0.0.3')).toMatchObject({ rcode: 'NOERROR', a: ['192.0.2.1'], verified: true });
  });

  it('a top-level key is known in every view', () => {
    expect(ask(GLOB, '127.0.0.4')).toMatchObject({ rcode: 'NOERROR', a: ['192.0.2.2'], verified: true });
    expect(ask(GLOB, '127.0.0.2')).toMatchObject({ rcode: 'NOERROR', a: ['192.0.2.1'], verified: true });
  });

  it('the same key name in two views with two secrets: each view verifies its own', () => {
    expect(ask(SAME_A, '127.0.0.4')).toMatchObject({ rcode: 'NOERROR', a: ['192.0.2.1'], verified: true });
    expect(ask(SAME_B, '127.0.0.4')).toMatchObject({ rcode: 'NOERROR', a: ['192.0.2.2'], verified: true });
  });

  it('a view taken by the address with a key of another view: NOTAUTH, BADKEY, no MAC', () => {
    expect(ask(BKEY, '127.0.0.2')).toMatchObject({ rcode: 'NOTAUTH', a: [], tsigError: TsigError.BADKEY, mac: false });
  });

  it('a view taken by the address, its key name with another secret: NOTAUTH, BADSIG', () => {
    expect(ask(SAME_G, '127.0.0.3')).toMatchObject({ rcode: 'NOTAUTH', tsigError: TsigError.BADSIG, mac: false });
  });

  it('no view: REFUSED, EDE 18, TSIG BADKEY without a MAC, even for a key that verifies in a view', () => {
    for (const k of [ZZZ, SAME_G, CKEY]) expect(ask(k, '127.0.0.4'), k.name).toMatchObject({ rcode: 'REFUSED', ede: [18], tsigError: TsigError.BADKEY, mac: false });
  });

  it('AXFR: allow-transfer { key akey; } in view a takes akey from any address; unsigned from view a\'s address REFUSED', () => {
    const ok = ask(AKEY, '127.0.0.3', 'AXFR', true);
    expect(ok).toMatchObject({ rcode: 'NOERROR', tsigError: 0, verified: true });
    const q = buildQuery(id++, 'v.test', typeNumber('AXFR'));
    expect((dnsPacket.decode(handler.handleMany(q, 'tcp', '127.0.0.2', '127.0.0.1')![0]) as unknown as P).rcode).toBe('REFUSED');
    expect(ask(BKEY, '127.0.0.2', 'AXFR', true)).toMatchObject({ rcode: 'NOTAUTH', tsigError: TsigError.BADKEY });
    expect(ask(CKEY, '127.0.0.4', 'AXFR', true)).toMatchObject({ rcode: 'REFUSED', tsigError: TsigError.BADKEY, mac: false });
  });

  it('routeSigned: the view and the check made there; unsigned, the view by address', () => {
    const msg = signMessage(buildQuery(1, 'www.v.test', 1), GLOB, { now: now() }).message;
    const r = routeSigned(views.views, { client: '127.0.0.1', destination: '127.0.0.1', rd: false }, msg, now());
    expect(r.view?.name).toBe('b');
    expect(r.signed?.error).toBe(TsigError.NONE);
    // Unsigned: the view by address alone, no check.
    expect(routeSigned(views.views, { client: '127.0.0.4', destination: undefined, rd: false }, buildQuery(2, 'www.v.test', 1), now())).toEqual({ view: undefined });
    const byAddress = routeSigned(views.views, { client: '127.0.0.2', destination: undefined, rd: false }, buildQuery(3, 'www.v.test', 1), now());
    expect([byAddress.view?.name, byAddress.signed]).toEqual(['a', undefined]);
  });
});

describe('UPDATE signed with a view\'s key', () => {
  it('reaches the view of its key under that view\'s allow-update; a key of another view is BADKEY there', () => {
    const { model } = parseNamedConf(CONF, 'named.conf');
    let current = views;
    const service = createUpdateService(
      {
        views: () => current.views,
        zonesFor: () => undefined,
        replace: (old, next, view) => (current = { ...current, views: current.views.map((v) => (v.name === view ? { ...v, zones: withZone(v.zones, old, next) } : v)) }),
      },
      updateOptionsFromConf(model, { localhost: [], localnets: [] }),
    );
    const update = (k: TsigKey, client: string, name: string) => {
      const msg = dnsPacket.encode({ id: id++, type: 'query', opcode: 'UPDATE', questions: [{ name: 'v.test', type: 'SOA', class: 'IN' }], authorities: [{ name, type: 'A', ttl: 300, data: '192.0.2.9' }] } as never);
      const out = service.handle(signMessage(Buffer.from(msg), k, { now: now() }).message, 'udp', client, '127.0.0.1')!;
      return { rcode: out[3] & 0xf, tsigError: findTsig(out)!.error };
    };
    expect(update(AKEY, '127.0.0.3', 'n1.v.test')).toEqual({ rcode: 0, tsigError: 0 });
    expect(update(BKEY, '127.0.0.2', 'n2.v.test')).toEqual({ rcode: 9, tsigError: TsigError.BADKEY });
    expect(update(BKEY, '127.0.0.1', 'n3.v.test')).toEqual({ rcode: 0, tsigError: 0 });
    expect(update(CKEY, '127.0.0.4', 'n4.v.test')).toEqual({ rcode: 5, tsigError: TsigError.BADKEY });
    const names = (v: string) => [...current.views.find((x) => x.name === v)!.zones.find('v.test.')!.nodes()].map((n) => n.name.split('.')[0]);
    expect(names('a')).toContain('n1');
    expect(names('a')).not.toContain('n3');
    expect(names('b')).toContain('n3');
    expect(names('b')).not.toContain('n1');
  });
});
