/**
 * A secondary zone with two primaries, on named 9.18 and on labnet alike: two labnet DNS
 * servers on 127.0.0.1 and 127.0.0.2 (loopback) serve serial 1 and the secondary takes it;
 * then only the second moves to serial 2 and a NOTIFY comes from its address. named asks the
 * primaries in the order written, NOTIFY or not (the first, not the sender: measured on
 * 9.18.49, though dns_zone_notifyreceive's comment speaks of "using 'from' as the first
 * address to check"), and the first one's serial 1, the zone's own, does not end the check:
 * it asks the second (zone.c refresh_callback, "next primary") and transfers serial 2 from it.
 * labnet must do the same: the primaries' query logs give whom each secondary asked, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { bindOptions, haveBinary, startBindConf } from './helpers/bind.js';
import { freePort, udpExchange, type Endpoint } from './helpers/net.js';
import { buildQuery, parseMessage } from './helpers/wire.js';
import { startDnsServer, type DnsServer } from '../../src/dns/server.js';
import { startServices } from '../../src/lab/services.js';
import { notifyMessage } from '../../src/dns/notify.js';
import { buildZone } from '../../src/zones/zone.js';
import { parseZone } from '../../src/zones/parser.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import type { Zone } from '../../src/zones/zone-types.js';

const ORIGIN = 'two.test.';
const zoneText = (serial: number) => `$TTL 300
@ SOA ns1 hostmaster ${serial} 3600 900 86400 300
@ NS ns1
ns1 A 127.0.0.1
www A 10.0.0.${serial}
`;
const zoneOf = (serial: number): Zone => buildZone(parseZone(zoneText(serial), { origin: ORIGIN, file: 'two.db' }), { origin: ORIGIN, file: 'two.db' });

interface Secondary {
  at: Endpoint;
  /** named's log (empty for labnet). */
  log(): string;
  close(): Promise<void>;
}

const KINDS: { name: string; start(tmp: TmpTree, primaries: string, port: number): Promise<Secondary> }[] = [
  {
    name: 'BIND 9.18',
    start: async (_tmp, primaries) => {
      const b = await startBindConf({}, (dir, port) => `${bindOptions(dir, port)}
zone "two.test" { type secondary; primaries { ${primaries} }; file "${dir}/two.test.bk"; };
`, 'two.test');
      return { at: b.address, log: () => b.log(), close: () => b.close() };
    },
  },
  {
    name: 'labnet',
    start: async (tmp, primaries, port) => {
      const conf = tmp.write('labnet/named.conf', `zone "two.test" { type secondary; primaries { ${primaries} }; file "${tmp.dir}/labnet/two.test.bk"; };\n`);
      const s = await startServices({ namedConf: conf, dns: { address: '127.0.0.1', port } });
      return { at: { host: '127.0.0.1', port: s.dns!.address.port }, log: () => '', close: () => s.close() };
    },
  },
];

describe.each(KINDS)('$name: two primaries, a NOTIFY from the second', (kind) => {
  let tmp: TmpTree;
  let a: DnsServer;
  let b: DnsServer;
  let sec: Secondary;
  /** SOA queries the primaries were asked, in order: `A` or `B`. */
  const asked: string[] = [];
  const tap = (who: string) => (m: Buffer, _t: unknown, _c: unknown, next: () => Buffer[] | null) => {
    if (m.length > 12 + ORIGIN.length + 4 && m.readUInt16BE(12 + ORIGIN.length + 1) === 6) asked.push(who);
    return next();
  };

  const serialAt = async (at: Endpoint): Promise<number | undefined> => {
    const reply = await udpExchange(at, buildQuery({ name: ORIGIN, type: 6 }), 1000).catch(() => undefined);
    const soa = reply && parseMessage(reply).answer.find((rr) => rr.type === 6);
    return soa ? parseInt(soa.rdata.split(' ')[2].slice(0, 8), 16) : undefined;
  };
  async function untilSerial(serial: number, ms = 20_000): Promise<void> {
    const start = Date.now();
    while ((await serialAt(sec.at)) !== serial) {
      if (Date.now() - start > ms) throw new Error(`${kind.name} did not reach serial ${serial}; asked ${asked.join(' ')}\n${sec.log().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    if (kind.name.startsWith('BIND')) expect(haveBinary('named'), 'named is installed (scripts/install-peers.sh)').toBe(true);
    tmp = tmpTree('labnet-notifier-first-');
    a = await startDnsServer({ zones: createZoneSet([zoneOf(1)]), host: '127.0.0.1', port: 0, tap: tap('A') });
    b = await startDnsServer({ zones: createZoneSet([zoneOf(1)]), host: '127.0.0.2', port: 0, tap: tap('B') });
    sec = await kind.start(tmp, `127.0.0.1 port ${a.address.port}; 127.0.0.2 port ${b.address.port};`, await freePort());
    await untilSerial(1);
  }, 60_000);

  afterAll(async () => {
    await sec?.close();
    await a?.close();
    await b?.close();
    tmp?.remove();
  });

  it('at start, the primaries in the order written: the first one serves', () => {
    expect(asked[0]).toBe('A');
  });

  it('a NOTIFY from the second primary (127.0.0.2), which alone has serial 2: the first asked, then the second, the zone transferred from it', async () => {
    b.reload(createZoneSet([zoneOf(2)]));
    asked.length = 0;
    // The NOTIFY from the second primary's address (RFC 1996 3.7: the new SOA in the answer).
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.2', r));
    const answered = new Promise<Buffer>((r) => sock.once('message', (m) => r(m)));
    sock.send(notifyMessage(b.zones().zones[0], 0x4e01), sec.at.port, sec.at.host);
    const reply = await answered;
    sock.close();
    expect(reply[3] & 0xf).toBe(0); // NOERROR: accepted from a primary
    await untilSerial(2);
    expect(asked).toEqual(['A', 'B']);
    const www = parseMessage(await udpExchange(sec.at, buildQuery({ name: `www.${ORIGIN}`, type: 1 }))).answer.map((rr) => rr.rdata);
    expect(www).toEqual([Buffer.from([10, 0, 0, 2]).toString('hex')]);
  }, 30_000);
});
