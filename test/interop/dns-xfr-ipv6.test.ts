/**
 * Zone transfers over IPv6 loopback, both ways, with a live BIND 9.18 (both listening on ::1,
 * named on 127.0.0.1 too; nothing leaves loopback):
 *
 * - labnet as secondary of named: `a6.test` with `primaries { ::1 port P; }`: AXFR at start,
 *   then each nsupdate on named reaches labnet by NOTIFY from ::1 and IXFR over ::1, and both
 *   answer alike (helpers/compare.ts, UDP and TCP over ::1). `b6.test` has its primary on
 *   127.0.0.1 while named notifies from ::1: a NOTIFY from a non-primary, accepted because
 *   `allow-notify { ::1/128; }` permits it (ARM "allow-notify").
 * - labnet as primary of named: `p6.test` with `also-notify { ::1 port P; }` and
 *   `allow-transfer { ::1/128; }`; named (`primaries { ::1 port L; }`) takes it at start, and
 *   an nsupdate on labnet over ::1 (`allow-update { ::1/128; }`) reaches named by NOTIFY and
 *   IXFR (named's log: "IXFR started", from ::1).
 * - allow-transfer with IPv6 prefixes: `d6.test` on both servers with
 *   `allow-transfer { 2001:db8::/32; }`: an AXFR over ::1 is refused by both alike, while the
 *   ::1/128 zones transfer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { bindOptions, startBindConf, type BindInstance } from './helpers/bind.js';
import { nsupdateZone } from './helpers/nsupdate.js';
import { freePort, tcpExchange, udpExchange, type Endpoint } from './helpers/net.js';
import { buildQuery, parseMessage } from './helpers/wire.js';
import { comparable } from './helpers/compare.js';
import { startServices, type Services } from '../../src/lab/services.js';
import type { SecondaryEvent } from '../../src/dns/secondary/secondary-zone.js';
import type { NotifyEvent } from '../../src/dns/notifier.js';

const V6 = '::1';
const ZONE = (origin: string) => `$TTL 300
@ SOA ns1 hostmaster 2024070100 3600 900 86400 300
@ NS ns1
ns1 AAAA ::1
www A 10.0.0.1
www AAAA 2001:db8::1
mail MX 10 www
txt TXT "over IPv6"
gone A 10.9.9.9
alias CNAME www
${Array.from({ length: 300 }, (_, i) => `h${i} AAAA 2001:db8::${i.toString(16)}`).join('\n')}
; ${origin}
`;
const QUESTIONS = (o: string): [string, number][] => [
  [o, 6], [o, 2], [`www.${o}`, 1], [`www.${o}`, 28], [`mail.${o}`, 15], [`txt.${o}`, 16], [`gone.${o}`, 1],
  [`new.${o}`, 28], [`alias.${o}`, 28], [`nothere.${o}`, 1], [`h299.${o}`, 28],
];

describe('zone transfers over ::1 with BIND 9.18, both ways', () => {
  let tmp: TmpTree;
  let bind: BindInstance;
  let labnet: Services;
  let bindPort: number;
  let labPort: number;
  const events: SecondaryEvent[] = [];
  const notifies: NotifyEvent[] = [];
  let compared = 0;
  const bind6 = (): Endpoint => ({ host: V6, port: bindPort });
  const lab6 = (): Endpoint => ({ host: V6, port: labPort });

  async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
    const start = Date.now();
    while (!(await cond())) {
      if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(events)}\n${bind.log().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Every question over UDP and TCP on ::1: labnet's answer equals named's, section by section. */
  async function compareAll(origin: string): Promise<number> {
    let n = 0;
    for (const [name, type] of QUESTIONS(origin)) {
      for (const ex of [udpExchange, tcpExchange]) {
        const q = buildQuery({ id: 0x6600 + n, name, type, edns: { udpSize: 1232 } });
        const [b, l] = [parseMessage(await ex(bind6(), q)), parseMessage(await ex(lab6(), q))];
        expect(comparable(l), `${name} ${type} ${ex === udpExchange ? 'UDP' : 'TCP'}`).toEqual(comparable(b));
        n++;
      }
    }
    compared += n;
    return n;
  }

  const serial = async (at: Endpoint, origin: string): Promise<number | undefined> => {
    const reply = await udpExchange(at, buildQuery({ name: origin, type: 6 }), 1000).catch(() => undefined);
    const soa = reply && parseMessage(reply).answer.find((rr) => rr.type === 6);
    return soa ? parseInt(soa.rdata.split(' ')[2].slice(0, 8), 16) : undefined; // SERIAL: the first of the fixed fields (hex)
  };
  const axfrRcode = async (at: Endpoint, origin: string): Promise<number> => parseMessage(await tcpExchange(at, buildQuery({ name: origin, type: 252 }))).rcode;

  beforeAll(async () => {
    tmp = tmpTree('labnet-xfr-v6-');
    labPort = await freePort([V6]);
    bindPort = await freePort(['127.0.0.1', V6]);
    tmp.write('labnet/p6.test.db', ZONE('p6.test'));
    tmp.write('labnet/d6.test.db', ZONE('d6.test'));
    const conf = tmp.write('labnet/named.conf', `options { directory "${tmp.dir}/labnet"; recursion no; };
zone "a6.test" { type secondary; primaries { ::1 port ${bindPort}; }; file "a6.test.bk"; };
zone "b6.test" { type secondary; primaries { 127.0.0.1 port ${bindPort}; }; allow-notify { ::1/128; }; file "b6.test.bk"; };
zone "p6.test" { type primary; file "p6.test.db"; notify explicit; also-notify { ::1 port ${bindPort}; }; allow-transfer { ::1/128; }; allow-update { ::1/128; }; };
zone "d6.test" { type primary; file "d6.test.db"; allow-transfer { 2001:db8::/32; }; };
`);
    // labnet first: named's first refresh of p6.test finds it; named's start-up NOTIFYs reach it.
    labnet = await startServices({
      namedConf: conf, dns: { address: V6, port: labPort },
      secondaryObserver: (e) => void events.push(e), notifyObserver: (e) => void notifies.push(e),
    });
    bind = await startBindConf(
      { 'a6.test.db': ZONE('a6.test'), 'b6.test.db': ZONE('b6.test'), 'd6.test.db': ZONE('d6.test') },
      (dir, port) => `${bindOptions(dir, port).replace('listen-on-v6 { none; };', `listen-on-v6 port ${port} { ::1; };`)}
zone "a6.test" { type primary; file "${dir}/a6.test.db"; allow-update { ::1; }; notify explicit; also-notify { ::1 port ${labPort}; }; allow-transfer { ::1/128; }; };
zone "b6.test" { type primary; file "${dir}/b6.test.db"; allow-update { ::1; }; notify explicit; also-notify { ::1 port ${labPort}; }; };
zone "d6.test" { type primary; file "${dir}/d6.test.db"; allow-transfer { 2001:db8::/32; }; };
zone "p6.test" { type secondary; primaries { ::1 port ${labPort}; }; file "${dir}/p6.test.bk"; };
`,
      'd6.test',
      30_000,
      bindPort,
    );
  }, 60_000);

  afterAll(async () => {
    await labnet?.close();
    await bind?.close();
    tmp?.remove();
    console.log(`dns-xfr-ipv6: ${compared} answers over ::1 compared equal between labnet and BIND`);
  });

  it('labnet as secondary, primaries { ::1 port P; }: AXFR over ::1 at start, answers as named', async () => {
    await until(() => events.some((e) => e.kind === 'transferred' && e.zone === 'a6.test.'), 'the AXFR of a6.test');
    expect(events.find((e) => e.kind === 'transferred' && e.zone === 'a6.test.')).toMatchObject({ type: 'AXFR', serial: 2024070100, primary: `::1#${bindPort}` });
    expect(bind.log()).toMatch(/client @\S+ ::1#\d+ \(a6\.test\): transfer of 'a6\.test\/IN': AXFR started/);
    expect(await compareAll('a6.test')).toBe(22);
  });

  it('an nsupdate on named over ::1 reaches labnet by NOTIFY from ::1 and IXFR over ::1', async () => {
    await nsupdateZone(bind6(), 'a6.test', 'update add new.a6.test. 600 IN AAAA 2001:db8::99\nupdate delete gone.a6.test. A\n');
    await until(() => events.some((e) => e.kind === 'transferred' && e.zone === 'a6.test.' && e.serial === 2024070101), 'serial 2024070101');
    expect(events.some((e) => e.kind === 'notify' && e.zone === 'a6.test.' && e.from === V6 && e.verdict === 'check')).toBe(true);
    expect(events.find((e) => e.kind === 'transferred' && e.serial === 2024070101)).toMatchObject({ type: 'IXFR', primary: `::1#${bindPort}` });
    expect(bind.log()).toMatch(/client @\S+ ::1#\d+ \(a6\.test\): transfer of 'a6\.test\/IN': IXFR started/);
    expect(await compareAll('a6.test')).toBe(22);
  }, 60_000);

  it('a NOTIFY from ::1 for a zone whose primary is 127.0.0.1: accepted by allow-notify { ::1/128; }, then transferred', async () => {
    await until(() => events.some((e) => e.kind === 'transferred' && e.zone === 'b6.test.'), 'the AXFR of b6.test');
    await nsupdateZone(bind6(), 'b6.test', 'update add new.b6.test. 600 IN AAAA 2001:db8::98\n');
    await until(() => events.some((e) => e.kind === 'transferred' && e.zone === 'b6.test.' && e.serial === 2024070101), 'b6.test serial 2024070101');
    expect(events.filter((e) => e.kind === 'notify' && e.zone === 'b6.test.').map((e) => e.kind === 'notify' && `${e.from} ${e.verdict}`)).toContain('::1 check');
    expect(events.find((e) => e.kind === 'transferred' && e.zone === 'b6.test.' && e.serial === 2024070101)).toMatchObject({ primary: `127.0.0.1#${bindPort}` });
    expect(await compareAll('b6.test')).toBe(22);
  }, 60_000);

  it('labnet as primary, also-notify { ::1 port P; }: named takes p6.test over ::1; an nsupdate on labnet reaches it by NOTIFY and IXFR', async () => {
    await until(async () => (await serial(bind6(), 'p6.test')) === 2024070100, 'named to load p6.test');
    expect(bind.log()).toMatch(/transfer of 'p6\.test\/IN' from ::1#\d+: Transfer completed/);
    await nsupdateZone(lab6(), 'p6.test', 'update add new.p6.test. 600 IN AAAA 2001:db8::97\nupdate delete gone.p6.test. A\n');
    await until(async () => (await serial(bind6(), 'p6.test')) === 2024070101, 'named to reach serial 2024070101');
    expect(notifies.some((e) => e.kind === 'answered' && e.zone === 'p6.test.' && e.to.address === V6 && e.rcode === 0)).toBe(true);
    expect(bind.log()).toMatch(/zone p6\.test\/IN: notify from ::1#\d+: serial 2024070101/);
    // An IXFR: the differences (two SOAs each side and the changes), not the 310 records of the zone.
    const done = /transfer of 'p6\.test\/IN' from ::1#\d+: Transfer completed: \d+ messages, (\d+) records, .*\(serial 2024070101\)/.exec(bind.log());
    expect(Number(done?.[1])).toBeLessThan(10);
    expect(await compareAll('p6.test')).toBe(22);
  }, 60_000);

  it('allow-transfer with IPv6 prefixes: ::1/128 transfers, 2001:db8::/32 refuses ::1, on both servers alike', async () => {
    expect(await axfrRcode(lab6(), 'p6.test')).toBe(0);
    expect(await axfrRcode(bind6(), 'a6.test')).toBe(0);
    const [l, b] = [await axfrRcode(lab6(), 'd6.test'), await axfrRcode(bind6(), 'd6.test')];
    expect(l).toBe(5);
    expect(l).toBe(b);
    await until(() => /client @\S+ ::1#\d+ \(d6\.test\): zone transfer 'd6\.test\/AXFR\/IN' denied/.test(bind.log()), "named's denial in its log", 5000);
  });
});
