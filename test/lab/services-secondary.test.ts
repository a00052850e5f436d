/**
 * labnet as a secondary of labnet through the services (labnet serve's path): a named.conf
 * `type slave; masters { ... };` zone (a named `primaries` list with a port) is loaded by
 * AXFR at start, answers as the primary does, takes a change by NOTIFY (from the primary's
 * address, answered NOERROR with AA) and IXFR or AXFR, refuses a NOTIFY from another
 * address (REFUSED, no AA), answers SERVFAIL before its first transfer, and after a restart
 * without its primary serves from its file; in views, each view keeps its own secondary
 * of the zone, from its own primary, for its own clients. A primary notifies its also-notify
 * target when the zone loads and when a reload brings a new serial (after notify-delay), not
 * when a reload changes nothing. Loopback ephemeral ports; the primary's NOTIFY timing on a
 * virtual clock.
 */
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices, type Services } from '../../src/lab/services.js';
import { virtualClock } from '../../src/util/clock.js';
import type { SecondaryEvent } from '../../src/dns/secondary/secondary-zone.js';
import { notifyMessage } from '../../src/dns/notify.js';
import { buildQuery } from '../../src/dns/server.js';
import dnsPacket from 'dns-packet';
import { udpFrom } from '../dns/helpers/udp.js';

const zone = (serial: number, extra = '') => `$TTL 300
@ SOA ns1 hostmaster ${serial} 3600 900 86400 300
@ NS ns1
ns1 A 127.0.0.1
www A 10.0.0.1
mail MX 10 www
${extra}
`;

interface Reply {
  rcode: string;
  flags: number;
  answers: { data: unknown }[];
  authorities: unknown[];
}
const ask = async (s: Services, name: string, type: string): Promise<Reply> => (await s.dns!.query(name, type)) as unknown as Reply;

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('labnet as a secondary of labnet (services)', () => {
  let dir: string;
  let primary: Services;
  let secondary: Services;
  const clock = virtualClock(Date.now());
  const events: SecondaryEvent[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'labnet-svc-sec-'));
    writeFileSync(join(dir, 'p.db'), zone(1));
    writeFileSync(join(dir, 'primary.conf'), 'zone "sec.test" { type primary; file "p.db"; notify explicit; also-notify { 127.0.0.1 port 1; }; };\n');
    primary = await startServices({ namedConf: join(dir, 'primary.conf'), dns: { address: '127.0.0.1', port: 0 }, clock });
    const port = primary.dns!.address.port;
    writeFileSync(join(dir, 'secondary.conf'), `masters ours port ${port} { 127.0.0.1; };\nzone "sec.test" { type slave; masters { ours; }; file "sec.bk"; };\n`);
    secondary = await startServices({ namedConf: join(dir, 'secondary.conf'), dns: { address: '127.0.0.1', port: 0 }, secondaryObserver: (e) => events.push(e) });
  });

  afterAll(async () => {
    await secondary?.close();
    await primary?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the zone by AXFR at start and answers as the primary', async () => {
    await until(() => events.some((e) => e.kind === 'transferred'));
    expect(events.find((e) => e.kind === 'transferred')).toMatchObject({ serial: 1, type: 'AXFR' });
    for (const [name, type] of [['sec.test', 'SOA'], ['www.sec.test', 'A'], ['mail.sec.test', 'MX'], ['none.sec.test', 'A']] as const) {
      const a = await ask(secondary, name, type);
      const b = await ask(primary, name, type);
      expect({ rcode: a.rcode, answers: a.answers, authorities: a.authorities, flags: a.flags }).toEqual({ rcode: b.rcode, answers: b.answers, authorities: b.authorities, flags: b.flags });
    }
  });

  it('NOTIFY from the primary: NOERROR with AA, then the new version; from another address: REFUSED', async () => {
    writeFileSync(join(dir, 'p.db'), zone(2, 'new A 10.0.0.7'));
    expect(await primary.reload()).toBeUndefined();
    const z = primary.dns!.zones().zones[0];
    const reply = await udpFrom('127.0.0.1', secondary.dns!.address, notifyMessage(z, 0x4242));
    expect(reply.readUInt16BE(0)).toBe(0x4242);
    expect(reply[2] & 0x84).toBe(0x84); // QR, AA
    expect(reply[3] & 0xf).toBe(0);
    await until(() => events.some((e) => e.kind === 'transferred' && e.serial === 2));
    expect((await ask(secondary, 'new.sec.test', 'A')).answers).toEqual((await ask(primary, 'new.sec.test', 'A')).answers);

    const refused = await udpFrom('127.0.0.2', secondary.dns!.address, notifyMessage(z, 0x4343));
    expect(refused[3] & 0xf).toBe(5);
    expect(refused[2] & 0x04).toBe(0);
    expect(events.at(-1)).toMatchObject({ kind: 'notify', from: '127.0.0.2', verdict: 'refused' });
  });

  it('after a restart without its primary: serves from its file at once', async () => {
    await secondary.close();
    await primary.close();
    events.length = 0;
    secondary = await startServices({ namedConf: join(dir, 'secondary.conf'), dns: { address: '127.0.0.1', port: 0 }, secondaryObserver: (e) => events.push(e) });
    expect(events[0]).toMatchObject({ kind: 'loaded', serial: 2, from: 'file' });
    const a = await ask(secondary, 'new.sec.test', 'A');
    expect(a.rcode).toBe('NOERROR');
    expect(a.answers.map((r) => r.data)).toEqual(['10.0.0.7']);
    await secondary.close();
    // Without a file and without a primary: SERVFAIL (not loaded).
    rmSync(join(dir, 'sec.bk'));
    secondary = await startServices({ namedConf: join(dir, 'secondary.conf'), dns: { address: '127.0.0.1', port: 0 } });
    expect((await ask(secondary, 'www.sec.test', 'A')).rcode).toBe('SERVFAIL');
  });
});

describe('secondary zones in views (services)', () => {
  let dir: string;
  const primaries: Services[] = [];
  let secondary: Services;
  const events: (SecondaryEvent & { view?: string })[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'labnet-svc-sec-views-'));
    for (const [i, addr] of ['10.0.0.1', '10.0.0.2'].entries()) {
      writeFileSync(join(dir, `p${i}.db`), zone(10 + i).replace('www A 10.0.0.1', `www A ${addr}`));
      writeFileSync(join(dir, `p${i}.conf`), `zone "sec.test" { type primary; file "p${i}.db"; };\n`);
      primaries.push(await startServices({ namedConf: join(dir, `p${i}.conf`), dns: { address: '127.0.0.1', port: 0 } }));
    }
    const [a, b] = primaries.map((p) => p.dns!.address.port);
    writeFileSync(join(dir, 'views.conf'), `view "near" { match-clients { 127.0.0.1; };
  zone "sec.test" { type secondary; primaries { 127.0.0.1 port ${a}; }; file "near.bk"; }; };
view "far" { zone "sec.test" { type secondary; primaries { 127.0.0.1 port ${b}; }; file "far.bk"; }; };
`);
    secondary = await startServices({ namedConf: join(dir, 'views.conf'), dns: { address: '127.0.0.1', port: 0 }, secondaryObserver: (e) => void events.push(e) });
  });

  afterAll(async () => {
    for (const s of [secondary, ...primaries]) await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('each view takes its zone from its own primary and answers its own clients from it', async () => {
    await until(() => events.filter((e) => e.kind === 'transferred').length === 2);
    expect(events.filter((e) => e.kind === 'transferred').map((e) => [e.view, e.serial]).sort()).toEqual([['far', 11], ['near', 10]]);
    const ask = async (source: string) => {
      const reply = await udpFrom(source, secondary.dns!.address, buildQuery(0x77, 'www.sec.test', 1));
      return dnsPacket.decode(reply).answers?.map((r) => (r as { data: unknown }).data);
    };
    expect(await ask('127.0.0.1')).toEqual(['10.0.0.1']);
    expect(await ask('127.0.0.2')).toEqual(['10.0.0.2']);
  });
});

describe("a primary's NOTIFY on load and on reload (services, labnet serve's path)", () => {
  it('the zone loaded: NOTIFY of its serial at once; the file changed and reloaded: NOTIFY of the new serial after notify-delay (5 s)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labnet-svc-notify-'));
    const got: number[] = [];
    const listener = dgram.createSocket('udp4');
    listener.on('message', (m, r) => {
      if (((m[2] >> 3) & 0xf) !== 4) return; // opcode NOTIFY (RFC 1996 3.1)
      const d = dnsPacket.decode(m);
      got.push((d.answers![0] as unknown as { data: { serial: number } }).data.serial);
      const reply = Buffer.from(m);
      reply[2] |= 0x80; // QR: answered NOERROR
      listener.send(reply, r.port, r.address);
    });
    await new Promise<void>((r) => listener.bind(0, '127.0.0.1', r));
    const clock = virtualClock(Date.now());
    let primary: Services | undefined;
    try {
      writeFileSync(join(dir, 'p.db'), zone(1));
      writeFileSync(join(dir, 'primary.conf'), `zone "sec.test" { type primary; file "p.db"; notify explicit; also-notify { 127.0.0.1 port ${listener.address().port}; }; };\n`);
      primary = await startServices({ namedConf: join(dir, 'primary.conf'), dns: { address: '127.0.0.1', port: 0 }, clock });
      await until(() => got.length === 1);
      expect(got).toEqual([1]);
      writeFileSync(join(dir, 'p.db'), zone(2, 'new A 10.0.0.7'));
      expect(await primary.reload()).toBeUndefined();
      await new Promise((r) => setTimeout(r, 50));
      expect(got).toEqual([1]); // within notify-delay of the first
      await clock.advanceAsync('5s');
      await until(() => got.length === 2);
      expect(got).toEqual([1, 2]);
      expect(await primary.reload()).toBeUndefined(); // the same file: no new serial, no NOTIFY
      await clock.advanceAsync('10s');
      await new Promise((r) => setTimeout(r, 50));
      expect(got).toEqual([1, 2]);
    } finally {
      await primary?.close();
      listener.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
