/**
 * labnet in the middle of a chain of BIND 9.18 servers: a BIND primary, labnet its
 * secondary (`notify explicit; also-notify` a BIND secondary of labnet), and that BIND
 * secondary. An nsupdate on the primary reaches labnet by NOTIFY + IXFR, labnet's journal
 * keeps the differences, labnet notifies the BIND secondary, which takes them from labnet
 * by IXFR; all three answer alike (section by section, helpers/compare.ts); and labnet
 * answers `IXFR=serial` from its journal with the records, in the order, the primary's
 * own journal gives (dig, every message).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { bindOptions, startBind, startBindConf, type BindInstance } from './helpers/bind.js';
import { nsupdateZone } from './helpers/nsupdate.js';
import { freePort, tcpExchange, udpExchange, type Endpoint } from './helpers/net.js';
import { buildQuery, parseMessage } from './helpers/wire.js';
import { comparable } from './helpers/compare.js';
import { startServices, type Services } from '../../src/lab/services.js';
import type { SecondaryEvent } from '../../src/dns/secondary/secondary-zone.js';
import type { NotifyEvent } from '../../src/dns/notifier.js';

const execFileAsync = promisify(execFile);
const BASE = 2024070100;
const ZONE = `$TTL 300
@ SOA ns1 hostmaster ${BASE} 3600 900 86400 300
@ NS ns1
ns1 A 127.0.0.1
www A 10.0.0.1
mail MX 10 www
old TXT "to be removed"
${Array.from({ length: 100 }, (_, i) => `h${i} A 10.1.0.${i}`).join('\n')}
`;
/** Two nsupdate batches on the primary. */
const UPDATES = [
  'update add new.chain.test. 600 IN A 10.0.0.9\nupdate delete old.chain.test. TXT\n',
  'update add new.chain.test. 600 IN AAAA 2001:db8::9\nupdate delete www.chain.test. A 10.0.0.1\nupdate add www.chain.test. 300 IN A 10.0.0.3\n',
];
const QUESTIONS: [string, number][] = [
  ['chain.test', 6], ['chain.test', 2], ['www.chain.test', 1], ['mail.chain.test', 15], ['old.chain.test', 16], ['new.chain.test', 1], ['new.chain.test', 28], ['none.chain.test', 1],
];

async function digIxfr(to: Endpoint, serial: number): Promise<string[]> {
  const { stdout } = await execFileAsync('dig', ['+norec', '+nocookie', '+noall', '+answer', '+tries=1', '+time=3', '-p', String(to.port), `@${to.host}`, 'chain.test', `IXFR=${serial}`], { encoding: 'utf8' });
  return stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/).join(' '));
}

describe('BIND primary -> labnet secondary -> BIND secondary', () => {
  const events: SecondaryEvent[] = [];
  const notifies: NotifyEvent[] = [];
  let compared = 0;
  let tmp: TmpTree;
  let labnet: Services;
  let primary: BindInstance, tertiary: BindInstance;

  beforeAll(async () => {
    tmp = tmpTree('labnet-sec-chain-');
    const [labPort, tertiaryPort] = [await freePort(), await freePort()];
    primary = await startBindConf({ 'chain.test.db': ZONE }, (dir, port) => `${bindOptions(dir, port)}
zone "chain.test" { type primary; file "${dir}/chain.test.db"; allow-update { any; }; notify explicit; also-notify { 127.0.0.1 port ${labPort}; }; };
`, 'chain.test');
    const conf = tmp.write('labnet/named.conf', `zone "chain.test" { type secondary; primaries { 127.0.0.1 port ${primary.address.port}; }; file "chain.test.bk"; notify explicit; also-notify { 127.0.0.1 port ${tertiaryPort}; }; };\n`);
    labnet = await startServices({ namedConf: conf, dns: { address: '127.0.0.1', port: labPort }, secondaryObserver: (e) => void events.push(e), notifyObserver: (e) => void notifies.push(e) });
    const start = Date.now();
    while (!events.some((e) => e.kind === 'transferred')) {
      if (Date.now() - start > 20_000) throw new Error(`labnet did not transfer: ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const ready = tmp.write('tertiary/ready.test.db', '$TTL 60\n@ SOA ns hm 1 60 60 600 60\n@ NS ns\nns A 127.0.0.1\n');
    tertiary = await startBind({
      port: tertiaryPort, zones: [{ origin: 'ready.test', file: ready }],
      topLevel: `zone "chain.test" { type secondary; primaries { 127.0.0.1 port ${labPort}; }; file "chain.test.bk"; };`,
    });
  }, 90_000);

  afterAll(async () => {
    for (const s of [tertiary, labnet, primary]) await s?.close();
    tmp?.remove();
    console.log(`dns-secondary-chain: ${compared} answers equal on the BIND primary, labnet and the BIND secondary of labnet`);
  });

  const labAt = (): Endpoint => ({ host: '127.0.0.1', port: labnet.dns!.address.port });

  async function serialAt(to: Endpoint): Promise<number | undefined> {
    const { stdout } = await execFileAsync('dig', ['+norec', '+short', '+tries=1', '+time=1', '-p', String(to.port), `@${to.host}`, 'chain.test', 'SOA'], { encoding: 'utf8' }).catch(() => ({ stdout: '' }));
    const f = stdout.trim().split(/\s+/);
    return f.length >= 3 ? Number(f[2]) : undefined;
  }

  async function untilSerial(to: Endpoint, serial: number, what: string): Promise<void> {
    const start = Date.now();
    while ((await serialAt(to)) !== serial) {
      if (Date.now() - start > 40_000) throw new Error(`${what} not at serial ${serial}: ${JSON.stringify(notifies.slice(-4))} ${JSON.stringify(events.slice(-3))}\n${tertiary.log().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function compareAll(): Promise<void> {
    for (const [name, type] of QUESTIONS) {
      for (const ex of [udpExchange, tcpExchange]) {
        const q = buildQuery({ id: 0xc4 + compared, name, type, edns: { udpSize: 1232 } });
        const [p, l, t] = await Promise.all([primary.address, labAt(), tertiary.address].map(async (to) => comparable(parseMessage(await ex(to, q)))));
        expect(l, `labnet: ${name} ${type}`).toEqual(p);
        expect(t, `BIND secondary of labnet: ${name} ${type}`).toEqual(p);
        compared++;
      }
    }
  }

  it('the zone as loaded: the three answer alike', async () => {
    await untilSerial(tertiary.address, BASE, 'the BIND secondary');
    await compareAll();
  });

  it('nsupdate on the primary: NOTIFY + IXFR to labnet, then to the BIND secondary by IXFR from labnet', async () => {
    let serial = BASE;
    for (const updates of UPDATES) {
      await nsupdateZone(primary.address, 'chain.test', updates);
      serial++;
      await untilSerial(tertiary.address, serial, 'the BIND secondary');
      expect(events.find((e) => e.kind === 'transferred' && e.serial === serial)).toMatchObject({ type: 'IXFR' });
      await compareAll();
    }
    // The BIND secondary took the zone whole once (107 records), then each version as differences from labnet's journal.
    const records = [...tertiary.log().matchAll(/transfer of 'chain\.test\/IN' from 127\.0\.0\.1#\d+: Transfer completed: \d+ messages, (\d+) records/g)].map((m) => Number(m[1]));
    expect(records).toEqual([107, 6, 7]);
  }, 90_000);

  it("labnet's journal answers IXFR as the primary's does", async () => {
    for (const serial of [BASE, BASE + 1]) {
      const [p, l] = [await digIxfr(primary.address, serial), await digIxfr(labAt(), serial)];
      expect(l[1]?.split(' ')[3], `IXFR=${serial} incremental`).toBe('SOA');
      expect(l, `IXFR=${serial}`).toEqual(p);
    }
  });
});
