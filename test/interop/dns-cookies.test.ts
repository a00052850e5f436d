/**
 * DNS cookies (RFC 7873, RFC 9018) against a live BIND 9.18 with `require-server-cookie yes`,
 * both servers given one cookie-secret: the same BADCOOKIE over UDP to a client cookie
 * alone or a forged server cookie, the same answers over TCP, and each server's cookie
 * accepted by the other (RFC 9018's point: servers sharing a secret interoperate). Then
 * `answer-cookie no` on both: the option is ignored alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { startBind, zonesOfNamedConf, type BindInstance } from './helpers/bind.js';
import { startLabnet, type LabnetInstance } from './helpers/labnet.js';
import { exchange, type Endpoint, type Transport } from './helpers/net.js';
import { buildQuery, parseMessage } from './helpers/wire.js';
import { comparable } from './helpers/compare.js';
import { INTEROP_COOKIE_SECRET } from './helpers/cookies.js';
import { startServices, type Services } from '../../src/lab/services.js';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CONF = resolve(ROOT, 'fixtures/lab/named.conf');
const COOKIE = 10;

function query(id: number, data: Buffer | undefined, name = 'vcenter.lab.local.') {
  return buildQuery({ id, name, type: 1, rd: true, edns: { udpSize: 1232, options: data ? [{ code: COOKIE, data }] : [] } });
}

/** The COOKIE option of a raw reply, found through the OPT RDATA the parser gives in hex. */
function cookieOf(reply: Buffer): Buffer | undefined {
  const opt = parseMessage(reply).additional.find((rr) => rr.type === 41);
  if (!opt) return undefined;
  const b = Buffer.from(opt.rdata, 'hex');
  for (let o = 0; o + 4 <= b.length; o += 4 + b.readUInt16BE(o + 2)) {
    if (b.readUInt16BE(o) === COOKIE) return b.subarray(o + 4, o + 4 + b.readUInt16BE(o + 2));
  }
  return undefined;
}

async function both(t: Transport, q: Buffer, a: Endpoint, b: Endpoint) {
  const [x, y] = await Promise.all([exchange(t, a, q), exchange(t, b, q)]);
  return { bind: x, labnet: y };
}

describe('require-server-cookie yes (RFC 7873 5.2.3)', () => {
  let bind: BindInstance;
  let labnet: LabnetInstance;
  beforeAll(async () => {
    bind = await startBind({ zones: zonesOfNamedConf(CONF), extraOptions: 'require-server-cookie yes;' });
    labnet = await startLabnet([CONF], { requireServerCookie: true });
  });
  afterAll(async () => {
    await labnet?.close();
    await bind?.close();
  });

  const cases: [string, Buffer | undefined][] = [
    ['a client cookie alone', Buffer.from('0011223344556677', 'hex')],
    ['a forged server cookie', Buffer.alloc(24, 0x5a)],
    ['a foreign 32-byte server cookie', Buffer.alloc(40, 0x21)],
    ['no cookie at all', undefined],
  ];
  for (const t of ['udp', 'tcp'] as Transport[]) {
    for (const [title, data] of cases) {
      it(`${t}: ${title}`, async () => {
        const r = await both(t, query(0x2100, data), bind.address, labnet.address);
        expect(comparable(parseMessage(r.labnet))).toEqual(comparable(parseMessage(r.bind)));
        if (t === 'udp' && data) expect(parseMessage(r.bind).rcode).toBe(23 & 0xf);
      });
    }
  }

  it("each server's cookie is accepted by the other (shared secret, RFC 9018)", async () => {
    const first = await both('udp', query(0x2200, Buffer.from('8899aabbccddeeff', 'hex')), bind.address, labnet.address);
    const fromBind = cookieOf(first.bind)!;
    const fromLabnet = cookieOf(first.labnet)!;
    expect(fromBind).toHaveLength(24);
    expect(fromLabnet).toHaveLength(24);
    const atLabnet = parseMessage(await exchange('udp', labnet.address, query(0x2201, fromBind)));
    const atBind = parseMessage(await exchange('udp', bind.address, query(0x2202, fromLabnet)));
    expect(atLabnet.rcode).toBe(0);
    expect(atBind.rcode).toBe(0);
    expect(atLabnet.answer).toHaveLength(1);
    expect(comparable(atLabnet)).toMatchObject({ answer: comparable(atBind).answer });
  });
});

describe('cookie-secret and require-server-cookie from named.conf (as labnet serve reads them)', () => {
  let bind: BindInstance;
  let services: Services;
  let tree: TmpTree;
  let at: Endpoint;
  beforeAll(async () => {
    bind = await startBind({ zones: zonesOfNamedConf(CONF), extraOptions: 'require-server-cookie yes;' });
    tree = tmpTree('labnet-cookie-conf-');
    const conf = tree.write(
      'named.conf',
      `options { directory "${resolve(ROOT, 'fixtures/lab')}"; cookie-secret "${INTEROP_COOKIE_SECRET}"; require-server-cookie yes; };
zone "lab.local" { type master; file "direct"; };
zone "244.168.192.in-addr.arpa" { type master; file "inverse"; };
`,
    );
    services = await startServices({ namedConf: conf, dns: { address: '127.0.0.1', port: 0 } });
    at = { host: '127.0.0.1', port: services.dns!.address.port };
  });
  afterAll(async () => {
    await services?.close();
    await bind?.close();
    tree?.remove();
  });

  it('a client cookie alone over UDP: BADCOOKIE from both, with a server cookie', async () => {
    const r = await both('udp', query(0x2400, Buffer.from('1122334455667788', 'hex')), bind.address, at);
    expect(comparable(parseMessage(r.labnet))).toEqual(comparable(parseMessage(r.bind)));
    expect(parseMessage(r.labnet).rcode).toBe(23 & 0xf);
  });

  it("the server cookies made from the configured secret are accepted by the other server", async () => {
    const first = await both('udp', query(0x2401, Buffer.from('0102030405060708', 'hex')), bind.address, at);
    const atLabnet = parseMessage(await exchange('udp', at, query(0x2402, cookieOf(first.bind)!)));
    const atBind = parseMessage(await exchange('udp', bind.address, query(0x2403, cookieOf(first.labnet)!)));
    expect([atLabnet.rcode, atBind.rcode]).toEqual([0, 0]);
    expect(comparable(atLabnet)).toMatchObject({ answer: comparable(atBind).answer });
  });
});

describe('answer-cookie no', () => {
  let bind: BindInstance;
  let labnet: LabnetInstance;
  beforeAll(async () => {
    bind = await startBind({ zones: zonesOfNamedConf(CONF), extraOptions: 'answer-cookie no;' });
    labnet = await startLabnet([CONF], { answer: false });
  });
  afterAll(async () => {
    await labnet?.close();
    await bind?.close();
  });

  for (const [title, data] of [['a client cookie', Buffer.from('0102030405060708', 'hex')], ['a bad length (FORMERR even so)', Buffer.alloc(12, 1)]] as const) {
    it(title, async () => {
      const r = await both('udp', query(0x2300, data), bind.address, labnet.address);
      expect(comparable(parseMessage(r.labnet))).toEqual(comparable(parseMessage(r.bind)));
      expect(cookieOf(r.labnet)).toBeUndefined();
    });
  }
});
