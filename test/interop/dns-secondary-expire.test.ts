/**
 * labnet and BIND 9.18 side by side as secondaries of one BIND primary, with the same
 * named.conf timers (`min-refresh-time 1; min-retry-time 1;`, so an SOA of refresh 2,
 * retry 2, expire 6 is taken as written, ARM "min-refresh-time"): while the primary serves,
 * both answer alike; a zone whose primary never answers is SERVFAIL on both; once the
 * primary is stopped, both expire the zone (named: "expired") and answer SERVFAIL for it,
 * alike, section by section (helpers/compare.ts), over UDP and TCP, with and without EDNS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { bindOptions, startBindConf, type BindInstance } from './helpers/bind.js';
import { freePort, tcpExchange, udpExchange, type Endpoint } from './helpers/net.js';
import { buildQuery, parseMessage } from './helpers/wire.js';
import { comparable } from './helpers/compare.js';
import { startServices, type Services } from '../../src/lab/services.js';
import type { SecondaryEvent } from '../../src/dns/secondary/secondary-zone.js';

const ZONE = `$TTL 300
@ SOA ns1 hostmaster 7 2 2 6 300
@ NS ns1
ns1 A 127.0.0.1
www A 10.0.0.1
mail MX 10 www
txt TXT "short-lived"
`;
const QUESTIONS = (o: string): [string, number][] => [[o, 6], [o, 2], [`www.${o}`, 1], [`mail.${o}`, 15], [`txt.${o}`, 16], [`none.${o}`, 1], [`www.${o}`, 28]];
const TIMERS = 'min-refresh-time 1; min-retry-time 1;';

describe('labnet and BIND 9.18 as secondaries: expiry and never-loaded zones', () => {
  let tmp: TmpTree;
  let primary: BindInstance | undefined;
  let bindSecondary: BindInstance;
  let labnet: Services;
  const events: SecondaryEvent[] = [];
  let compared = 0;

  beforeAll(async () => {
    tmp = tmpTree('labnet-sec-expire-');
    primary = await startBindConf({ 'exp.test.db': ZONE }, (dir, port) => `${bindOptions(dir, port)}
zone "exp.test" { type primary; file "${dir}/exp.test.db"; };
`, 'exp.test');
    const p = primary.address.port;
    const dead = await freePort(); // nothing listens there
    const zones = (dir: string) => `zone "exp.test" { type secondary; primaries { 127.0.0.1 port ${p}; }; file "${dir}/exp.test.bk"; };
zone "dead.test" { type secondary; primaries { 127.0.0.1 port ${dead}; }; file "${dir}/dead.test.bk"; };
`;
    bindSecondary = await startBindConf({ 'ready.test.db': '$TTL 60\n@ SOA ns hm 1 60 60 600 60\n@ NS ns\nns A 127.0.0.1\n' }, (dir, port) => `${bindOptions(dir, port, TIMERS)}
zone "ready.test" { type primary; file "${dir}/ready.test.db"; };
${zones(dir)}`, 'ready.test');
    const conf = tmp.write('labnet/named.conf', `options { ${TIMERS} };\n${zones(`${tmp.dir}/labnet`)}`);
    labnet = await startServices({ namedConf: conf, dns: { address: '127.0.0.1', port: 0 }, secondaryObserver: (e) => void events.push(e) });
  }, 60_000);

  afterAll(async () => {
    for (const server of [labnet, bindSecondary, primary]) await server?.close();
    tmp?.remove();
    console.log(`dns-secondary-expire: ${compared} answers of labnet equal to BIND's (both secondaries)`);
  });

  const at = (): Endpoint => ({ host: '127.0.0.1', port: labnet.dns!.address.port });

  async function rcodeOf(to: Endpoint, origin: string): Promise<number> {
    return parseMessage(await udpExchange(to, buildQuery({ name: origin, type: 6 }))).rcode;
  }

  async function until(cond: () => Promise<boolean>, what: string, ms = 40_000): Promise<void> {
    const start = Date.now();
    while (!(await cond())) {
      if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(events.slice(-10))}\n${bindSecondary.log().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function compareAll(origin: string): Promise<number> {
    let n = 0;
    for (const [name, type] of QUESTIONS(origin)) {
      for (const ex of [udpExchange, tcpExchange]) {
        for (const edns of [false, true]) {
          const q = buildQuery({ id: 0xe0 + n, name, type, ...(edns ? { edns: { udpSize: 1232 } } : {}) });
          const [b, l] = [parseMessage(await ex(bindSecondary.address, q)), parseMessage(await ex(at(), q))];
          expect(comparable(l), `${name} ${type} ${ex === udpExchange ? 'UDP' : 'TCP'} edns=${edns}`).toEqual(comparable(b));
          n++;
        }
      }
    }
    compared += n;
    return n;
  }

  it('while the primary serves: both hold the zone and answer alike', async () => {
    await until(async () => (await rcodeOf(bindSecondary.address, 'exp.test')) === 0 && (await rcodeOf(at(), 'exp.test')) === 0, 'both secondaries to load exp.test');
    expect(await compareAll('exp.test')).toBe(28);
  });

  it('a zone whose primary never answers: SERVFAIL on both, alike', async () => {
    expect(await rcodeOf(bindSecondary.address, 'dead.test')).toBe(2);
    expect(await compareAll('dead.test')).toBe(28);
  });

  it('the primary stopped: both expire the zone after its SOA expire, and answer SERVFAIL alike', async () => {
    await primary!.close();
    primary = undefined;
    const stopped = Date.now();
    await until(async () => (await rcodeOf(bindSecondary.address, 'exp.test')) === 2 && (await rcodeOf(at(), 'exp.test')) === 2, 'both to expire exp.test');
    // Expire 6 s from the last successful refresh (at most refresh 2 s before the stop).
    expect(Date.now() - stopped).toBeLessThan(15_000);
    expect(events.some((e) => e.kind === 'expired' && e.zone === 'exp.test.')).toBe(true);
    expect(bindSecondary.log()).toMatch(/zone exp\.test\/IN: expired/);
    expect(await compareAll('exp.test')).toBe(28);
  }, 60_000);
});
