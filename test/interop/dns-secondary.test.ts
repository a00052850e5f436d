/**
 * labnet as a secondary of a live BIND 9.18 (src/dns/secondary/; labnet serve's path,
 * startServices, on a named.conf `type secondary; primaries { 127.0.0.1 port P [key K]; };
 * file "...";`). named serves `sec.test` with `allow-update { any; }` and `notify
 * explicit; also-notify` labnet's port, and `tsig.test` with `allow-transfer { key
 * xfr-key; }`, both on 127.0.0.1 high ports:
 *
 * - labnet loads sec.test by AXFR at start and answers every question as named does,
 *   section by section (helpers/compare.ts), over UDP and TCP, with and without EDNS;
 * - each nsupdate on named reaches labnet by NOTIFY and IXFR (labnet's events, named's
 *   "IXFR started" log line) and the answers agree again;
 * - tsig.test: a labnet without the key is refused the transfer (named: "denied") and
 *   answers SERVFAIL; one with the key transfers it (signed, every message verified) and
 *   agrees with named;
 * - restarted with named stopped, labnet serves sec.test from its file at once, the same
 *   answers named gave last.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { bindOptions, startBindConf, type BindInstance } from './helpers/bind.js';
import { nsupdateZone } from './helpers/nsupdate.js';
import { freePort, tcpExchange, udpExchange, type Endpoint } from './helpers/net.js';
import { buildQuery, parseMessage } from './helpers/wire.js';
import { comparable } from './helpers/compare.js';
import { startServices, type Services } from '../../src/lab/services.js';
import type { SecondaryEvent } from '../../src/dns/secondary/secondary-zone.js';

const SECRET = Buffer.alloc(32, 0x5a).toString('base64');
const ZONE = (origin: string) => `$TTL 300
@ SOA ns1 hostmaster 2024060100 3600 900 86400 300
@ NS ns1
ns1 A 127.0.0.1
www A 10.0.0.1
www A 10.0.0.2
mail MX 10 www
txt TXT "from bind" "two strings"
gone A 10.9.9.9
alias CNAME www
*.wild A 10.5.5.5
sub NS ns.sub
ns.sub A 10.6.6.6
${Array.from({ length: 400 }, (_, i) => `h${i} A 10.7.${i >> 8}.${i & 255}`).join('\n')}
; ${origin}
`;
const QUESTIONS = (o: string): [string, string][] => [
  [o, 'SOA'], [o, 'NS'], [o, 'MX'], [`www.${o}`, 'A'], [`www.${o}`, 'AAAA'], [`mail.${o}`, 'MX'], [`txt.${o}`, 'TXT'],
  [`gone.${o}`, 'A'], [`new.${o}`, 'A'], [`new.${o}`, 'TXT'], [`alias.${o}`, 'A'], [`x.wild.${o}`, 'A'], [`a.sub.${o}`, 'A'],
  [`nothere.${o}`, 'A'], [`h7.${o}`, 'A'], [`h399.${o}`, 'ANY'],
];
const TYPES: Record<string, number> = { SOA: 6, NS: 2, MX: 15, A: 1, AAAA: 28, TXT: 16, ANY: 255 };

describe('labnet as a secondary of BIND 9.18', () => {
  let tmp: TmpTree;
  let bind: BindInstance;
  let labnet: Services;
  let labnetPort: number;
  const events: SecondaryEvent[] = [];
  let compared = 0;

  const secondaryConf = (dir: string, bindPort: number, withKey: boolean) => `key "xfr-key" { algorithm hmac-sha256; secret "${SECRET}"; };
zone "sec.test" { type secondary; primaries { 127.0.0.1 port ${bindPort}; }; file "${dir}/sec.test.bk"; };
zone "tsig.test" { type slave; masters { 127.0.0.1 port ${bindPort}${withKey ? ' key "xfr-key"' : ''}; }; file "${dir}/tsig.test.bk"; };
`;

  async function startLabnet(name: string, withKey: boolean, port = 0, observe = (e: SecondaryEvent) => void events.push(e)): Promise<Services> {
    const conf = tmp.write(`${name}/named.conf`, secondaryConf(join(tmp.dir, name), bind.address.port, withKey));
    return startServices({ namedConf: conf, dns: { address: '127.0.0.1', port }, secondaryObserver: observe });
  }

  async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
    const start = Date.now();
    while (!cond()) {
      if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(events)}\n${bind.log().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Every question over UDP and TCP, with and without EDNS: labnet's answer equals named's, section by section. */
  async function compareAll(to: Endpoint, origin: string, against: Endpoint = bind.address, counted = true): Promise<number> {
    let n = 0;
    for (const [name, type] of QUESTIONS(origin)) {
      for (const ex of [udpExchange, tcpExchange]) {
        for (const edns of [false, true]) {
          const q = buildQuery({ id: 0x5ec0 + n, name, type: TYPES[type], ...(edns ? { edns: { udpSize: 1232 } } : {}) });
          const [b, l] = [parseMessage(await ex(against, q)), parseMessage(await ex(to, q))];
          expect(comparable(l), `${name} ${type} ${ex === udpExchange ? 'UDP' : 'TCP'} edns=${edns}`).toEqual(comparable(b));
          n++;
        }
      }
    }
    if (counted) compared += n;
    return n;
  }

  beforeAll(async () => {
    tmp = tmpTree('labnet-secondary-');
    labnetPort = await freePort();
    bind = await startBindConf(
      { 'sec.test.db': ZONE('sec.test'), 'tsig.test.db': ZONE('tsig.test') },
      (dir, port) => `${bindOptions(dir, port)}
key "xfr-key" { algorithm hmac-sha256; secret "${SECRET}"; };
zone "sec.test" { type primary; file "${dir}/sec.test.db"; allow-update { any; }; notify explicit; also-notify { 127.0.0.1 port ${labnetPort}; }; };
zone "tsig.test" { type primary; file "${dir}/tsig.test.db"; allow-transfer { key "xfr-key"; }; };
`,
      'sec.test',
    );
    labnet = await startLabnet('keyless', false, labnetPort);
  }, 60_000);

  afterAll(async () => {
    await labnet?.close();
    await bind?.close();
    tmp?.remove();
    console.log(`dns-secondary: ${compared} answers of labnet (secondary) compared equal to BIND's (primary)`);
  });

  const at = (): Endpoint => ({ host: '127.0.0.1', port: labnet.dns!.address.port });

  it('loads the zone from BIND by AXFR and answers as BIND does', async () => {
    await until(() => events.some((e) => e.kind === 'transferred' && e.zone === 'sec.test.'), 'the AXFR of sec.test');
    expect(events.find((e) => e.kind === 'transferred' && e.zone === 'sec.test.')).toMatchObject({ type: 'AXFR', serial: 2024060100 });
    expect(await compareAll(at(), 'sec.test')).toBe(64);
    expect(bind.log()).toMatch(/transfer of 'sec\.test\/IN': AXFR started/);
  });

  it('an nsupdate on BIND reaches labnet by NOTIFY and IXFR; the answers agree again', async () => {
    const batches = [
      'update add new.sec.test. 600 IN A 10.0.0.9\nupdate add new.sec.test. 600 IN TXT "added"\nupdate delete gone.sec.test. A\n',
      'update delete www.sec.test. A 10.0.0.2\nupdate add h7.sec.test. 300 IN A 10.8.8.8\nupdate add mail.sec.test. 300 IN MX 20 new.sec.test.\n',
    ];
    for (const [i, b] of batches.entries()) {
      await nsupdateZone(bind.address, 'sec.test', b);
      const serial = 2024060101 + i;
      await until(() => events.some((e) => e.kind === 'transferred' && e.zone === 'sec.test.' && e.serial === serial), `serial ${serial}`);
      expect(events.some((e) => e.kind === 'notify' && e.zone === 'sec.test.' && e.verdict === 'check')).toBe(true);
      expect(events.find((e) => e.kind === 'transferred' && e.serial === serial)).toMatchObject({ type: 'IXFR', messages: 1 });
      expect(await compareAll(at(), 'sec.test')).toBe(64);
    }
    expect(bind.log()).toMatch(/transfer of 'sec\.test\/IN': IXFR started/);
  }, 60_000);

  it('TSIG: refused without the key (SERVFAIL), transferred with it', async () => {
    await until(() => events.some((e) => e.kind === 'check-failed' && e.zone === 'tsig.test.'), 'the refused transfer of tsig.test');
    expect(events.find((e) => e.kind === 'check-failed' && e.zone === 'tsig.test.')).toMatchObject({ reasons: [expect.stringMatching(/rcode 5/)] });
    expect(bind.log()).toMatch(/zone transfer 'tsig\.test\/AXFR\/IN' denied/);
    const sf = parseMessage(await udpExchange(at(), buildQuery({ name: 'www.tsig.test', type: 1 })));
    expect(sf.rcode).toBe(2);

    const keyed: SecondaryEvent[] = [];
    const withKey = await startLabnet('keyed', true, 0, (e) => void keyed.push(e));
    try {
      await until(() => keyed.some((e) => e.kind === 'transferred' && e.zone === 'tsig.test.'), 'the signed transfer of tsig.test');
      expect(keyed.find((e) => e.kind === 'transferred' && e.zone === 'tsig.test.')).toMatchObject({ type: 'AXFR', serial: 2024060100 });
      expect(bind.log()).toMatch(/client @\S+ 127\.0\.0\.1#\d+\/key xfr-key \(tsig\.test\): transfer of 'tsig\.test\/IN': AXFR started/);
      expect(await compareAll({ host: '127.0.0.1', port: withKey.dns!.address.port }, 'tsig.test')).toBe(64);
    } finally {
      await withKey.close();
    }
  }, 60_000);

  it('restarted with BIND stopped: serves from its file at once, as BIND answered last', async () => {
    // BIND's answers now, kept as the reference.
    const reference = await startBindConf({ 'sec.test.db': readFileSync(join(tmp.dir, 'keyless', 'sec.test.bk'), 'latin1') }, (dir, port) => `${bindOptions(dir, port)}
zone "sec.test" { type primary; file "${dir}/sec.test.db"; };
`, 'sec.test');
    try {
      await compareAll(reference.address, 'sec.test', bind.address, false); // the file holds what BIND serves
      await labnet.close();
      await bind.close();
      events.length = 0;
      labnet = await startLabnet('keyless', false);
      expect(events[0]).toMatchObject({ kind: 'loaded', zone: 'sec.test.', serial: 2024060102, from: 'file' });
      expect(await compareAll(at(), 'sec.test', reference.address)).toBe(64);
    } finally {
      await reference.close();
    }
  }, 60_000);
});
