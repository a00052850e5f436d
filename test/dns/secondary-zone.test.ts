/**
 * A secondary zone (src/dns/secondary/) against an in-process labnet primary on a loopback
 * ephemeral port, on a virtual clock: the first AXFR, an IXFR after NOTIFY from the
 * primary's journal (and the whole zone when the journal does not reach), AXFR after an
 * IXFR answered NOTIMP, the zone file written atomically and served after a restart before
 * any check, expiry, TSIG-signed transfers verified message by message (a wrong key fails),
 * NOTIFY refused from a non-primary, and the egress rule: a loopback secondary never sends
 * to a primary outside loopback.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildZone } from '../../src/zones/zone.js';
import { parseZone } from '../../src/zones/parser.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { dumpZone } from '../../src/zones/dump.js';
import { transactionOf } from '../../src/zones/zone-diff.js';
import { soaSerial, type JournalTransaction } from '../../src/zones/journal-format.js';
import { ZoneJournals } from '../../src/zones/journal-file.js';
import type { Zone } from '../../src/zones/zone-types.js';
import { startDnsServer, type DnsServer } from '../../src/dns/server.js';
import { errorReply } from '../../src/dns/handler.js';
import { createDnsExchange, type DnsExchange } from '../../src/dhcp/ddns/dns-exchange.js';
import { virtualClock, seededRandom, type VirtualClock } from '../../src/util/clock.js';
import type { TsigKey } from '../../src/dns/tsig.js';
import { createSecondaryZone, type SecondaryEvent, type SecondaryZone, type SecondaryZoneConf } from '../../src/dns/secondary/secondary-zone.js';
import type { QueryTap } from '../../src/dns/tap.js';

const ORIGIN = 'sec.test.';
const zoneText = (serial: number, extra = '') => `$TTL 300
@ SOA ns1 hostmaster ${serial} 3600 900 86400 300
@ NS ns1
ns1 A 127.0.0.1
www A 10.0.0.1
www A 10.0.0.2
${Array.from({ length: 1500 }, (_, i) => `h${i} TXT "host ${i} ${'x'.repeat(40)}"`).join('\n')}
${extra}
`;
const zoneOf = (text: string): Zone => buildZone(parseZone(text, { origin: ORIGIN, file: 'p.db' }), { origin: ORIGIN, file: 'p.db' });
const KEY: TsigKey = { name: 'xfr-key.', algorithm: 'hmac-sha256.', secret: Buffer.alloc(32, 7) };

describe('a secondary zone against a labnet primary', () => {
  let dir: string;
  let clock: VirtualClock;
  let primary: DnsServer;
  let journal: JournalTransaction[];
  let exchange: DnsExchange;
  let tap: QueryTap | undefined;
  const secondaries: SecondaryZone[] = [];
  let events: SecondaryEvent[];
  let served: Zone[];
  let sent: string[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'labnet-sec-'));
    clock = virtualClock(Date.UTC(2026, 5, 1));
    journal = [];
    events = [];
    served = [];
    sent = [];
    tap = undefined;
    primary = await startDnsServer({
      zones: createZoneSet([zoneOf(zoneText(1))]), host: '127.0.0.1', port: 0, clock,
      transfers: { journal: () => journal },
      update: { keys: (n) => (n === KEY.name ? KEY : undefined) },
      tap: (m, t, c, next, later) => (tap ? tap(m, t, c, next, later) : next()),
    });
    const real = createDnsExchange({ clock, randomId: () => 0x1234, timeoutMs: 5000, tries: 3, loopbackOnly: true });
    exchange = {
      exchange: (servers, build) => {
        sent.push(...servers.map((s) => `${s.address}#${s.port}`));
        return real.exchange(servers, build);
      },
      close: () => real.close(),
    };
  });

  afterEach(async () => {
    for (const s of secondaries.splice(0)) s.close();
    exchange.close();
    await primary.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function secondary(conf: Partial<SecondaryZoneConf> = {}, host = '127.0.0.1'): SecondaryZone {
    const s = createSecondaryZone(
      { origin: ORIGIN, primaries: [{ address: '127.0.0.1', port: primary.address.port }], file: join(dir, 'sec.test.bk'), journal: join(dir, 'sec.test.bk.jnl'), ...conf },
      { host, clock, random: seededRandom(1), exchange, swap: (z) => served.push(z), observe: (e) => events.push(e) },
    );
    secondaries.push(s);
    s.start();
    return s;
  }

  /** The primary moves to `text`; its journal gets the transaction. */
  function change(text: string): Zone {
    const old = primary.zones().zones[0];
    const next = zoneOf(text);
    journal.push(transactionOf(old, next)!);
    primary.reload(createZoneSet([next]));
    return next;
  }

  it('AXFR first; the file written atomically (named-checkzone -D form); then IXFR on NOTIFY', async () => {
    const s = secondary();
    await clock.advanceAsync(0);
    await s.idle();
    expect(events.filter((e) => e.kind === 'transferred')).toEqual([{ kind: 'transferred', zone: ORIGIN, serial: 1, primary: `127.0.0.1#${primary.address.port}`, type: 'AXFR', messages: expect.any(Number) }]);
    expect(dumpZone(s.zone())).toBe(dumpZone(primary.zones().zones[0]));
    expect(readFileSync(join(dir, 'sec.test.bk'), 'latin1')).toBe(dumpZone(primary.zones().zones[0]));
    expect(readdirSync(dir)).toEqual(['sec.test.bk']); // no temporary file left
    expect(served.map((z) => z.serial)).toEqual([1]);

    const next = change(zoneText(2, 'new A 10.0.0.9'));
    expect(s.notify('127.0.0.1', undefined, 2)).toBe('accepted');
    await s.idle();
    expect(events.at(-1)).toMatchObject({ kind: 'transferred', serial: 2, type: 'IXFR', messages: 1 });
    expect(dumpZone(s.zone())).toBe(dumpZone(next));
    expect(readFileSync(join(dir, 'sec.test.bk'), 'latin1')).toBe(dumpZone(next));

    // Two versions at once, one of them deleting.
    change(zoneText(3, 'new A 10.0.0.9\nnew A 10.0.0.10'));
    const last = change(zoneText(4, 'new A 10.0.0.10'));
    s.notify('127.0.0.1', undefined, 4);
    await s.idle();
    expect(events.at(-1)).toMatchObject({ kind: 'transferred', serial: 4, type: 'IXFR' });
    expect(dumpZone(s.zone())).toBe(dumpZone(last));

    // The journal holds the three versions received by IXFR (what an IXFR from here answers).
    const journals = new ZoneJournals();
    journals.setPaths(new Map([[s.zone(), join(dir, 'sec.test.bk.jnl')]]));
    expect(journals.transactions(s.zone())!.map((t) => [soaSerial(t.oldSoa.rdata), soaSerial(t.newSoa.rdata)])).toEqual([[1, 2], [2, 3], [3, 4]]);
    expect(journals.transactions(s.zone())).toEqual(journal.slice(0, 3));

    // A NOTIFY with the serial it has: up to date, nothing asked.
    const before = sent.length;
    s.notify('127.0.0.1', undefined, 4);
    expect(events.at(-1)).toMatchObject({ kind: 'notify', verdict: 'up-to-date' });
    expect(sent.length).toBe(before);
  });

  it('the journal does not reach: the whole zone in answer to IXFR; IXFR answered NOTIMP: AXFR', async () => {
    const s = secondary();
    await clock.advanceAsync(0);
    await s.idle();
    primary.reload(createZoneSet([zoneOf(zoneText(2, 'x A 10.1.1.1'))])); // no journal entry
    s.notify('127.0.0.1', undefined);
    await s.idle();
    expect(events.at(-1)).toMatchObject({ kind: 'transferred', serial: 2, type: 'AXFR' });
    expect(dumpZone(s.zone())).toBe(dumpZone(primary.zones().zones[0]));
    expect(readdirSync(dir)).toEqual(['sec.test.bk']); // no journal after an AXFR

    const asked: number[] = [];
    tap = (m, _t, _c, next) => {
      const qtype = m.readUInt16BE(12 + ORIGIN.length + 1);
      asked.push(qtype);
      return qtype === 251 ? [errorReply(m, 4, 0, false)] : next();
    };
    change(zoneText(3, 'x A 10.1.1.2'));
    s.notify('127.0.0.1', undefined, 3);
    await s.idle();
    expect(asked).toEqual([6, 251, 252]);
    expect(events.at(-1)).toMatchObject({ kind: 'transferred', serial: 3, type: 'AXFR' });
  });

  it('restart: the file serves at once, before any check; refresh at the SOA refresh; expiry', async () => {
    const s = secondary();
    await clock.advanceAsync(0);
    await s.idle();
    s.close();
    const again = secondary();
    expect(again.zone().serial).toBe(1);
    expect(again.zone().loadError).toBeUndefined();
    expect(events.filter((e) => e.kind === 'loaded')).toEqual([{ kind: 'loaded', zone: ORIGIN, serial: 1, from: 'file' }]);
    await clock.advanceAsync(0);
    await again.idle();
    expect(events.at(-1)).toMatchObject({ kind: 'up-to-date', serial: 1 });

    // The primary refuses from now on: checks fail from the next refresh on, and at expire the zone fails (SERVFAIL).
    tap = (m) => [errorReply(m, 5, 0, false)];
    let now = 0;
    while (!events.some((e) => e.kind === 'expired') && now < 100) {
      await clock.advanceAsync('1h');
      await again.idle();
      now++;
    }
    expect(events.filter((e) => e.kind === 'check-failed').length).toBeGreaterThan(3);
    // named: expire 86400 s counted from the last successful refresh (the file's time, then the check).
    expect(now).toBe(24);
    expect(again.zone().loadError).toMatch(/expired/);
    expect(served.at(-1)!.loadError).toMatch(/expired/);
  });

  it('TSIG: a signed transfer, every message verified; a wrong key fails the check', async () => {
    const port = primary.address.port;
    const s = secondary({ primaries: [{ address: '127.0.0.1', port, key: KEY }] });
    await clock.advanceAsync(0);
    await s.idle();
    expect(events.at(-1)).toMatchObject({ kind: 'transferred', serial: 1, type: 'AXFR' });
    expect((events.at(-1) as { messages: number }).messages).toBeGreaterThan(1);
    s.close();
    rmSync(join(dir, 'sec.test.bk'));
    const bad = secondary({ primaries: [{ address: '127.0.0.1', port, key: { ...KEY, secret: Buffer.alloc(32, 8) } }] });
    await clock.advanceAsync(0);
    await bad.idle();
    expect(events.at(-1)).toMatchObject({ kind: 'check-failed', reasons: [expect.stringMatching(/TSIG error 16|not signed/)] });
    expect(bad.zone().loadError).toBeDefined();
  });

  it('NOTIFY from a non-primary is refused unless allow-notify permits it', async () => {
    const s = secondary({ allowNotify: (a) => a === '127.0.0.7' });
    expect(s.notify('127.0.0.9', undefined)).toBe('refused');
    expect(s.notify('127.0.0.7', undefined)).toBe('accepted');
    await s.idle();
  });

  it("two primaries, asked in the order written (after a NOTIFY too): one with our serial does not end the check, the next with a newer one is transferred (named's refresh_callback)", async () => {
    // A second primary on 127.0.0.2 that gets serial 2 while the first (127.0.0.1) stays at 1.
    const b = await startDnsServer({ zones: createZoneSet([zoneOf(zoneText(1))]), host: '127.0.0.2', port: 0, clock });
    try {
      const [atA, atB] = [`127.0.0.1#${primary.address.port}`, `127.0.0.2#${b.address.port}`];
      const s = secondary({ primaries: [{ address: '127.0.0.1', port: primary.address.port }, { address: '127.0.0.2', port: b.address.port }] });
      await clock.advanceAsync(0);
      await s.idle();
      expect(sent).toEqual([atA]); // a zone without data: the first that answers serves
      b.reload(createZoneSet([zoneOf(zoneText(2, 'only-b A 10.2.2.2'))]));

      // A NOTIFY from the second primary: the first is asked first, has our serial; the second is asked and serves.
      sent = [];
      s.notify('127.0.0.2', undefined, 2);
      await s.idle();
      expect(sent).toEqual([atA, atB]);
      expect(events.at(-1)).toMatchObject({ kind: 'transferred', serial: 2, primary: atB });
      expect(s.zone().node('only-b.sec.test.')).toBeDefined();

      // The next refresh: the first has an older serial, the second ours: up to date (from the second).
      sent = [];
      await clock.advanceAsync('1h');
      await s.idle();
      expect(sent).toEqual([atA, atB]);
      expect(events.at(-1)).toMatchObject({ kind: 'up-to-date', serial: 2, primary: atB });

      // Both with our serial: both asked, up to date from the first; the expiry moved on.
      change(zoneText(2, 'only-b A 10.2.2.2'));
      sent = [];
      const expiresBefore = s.state().expiresAt!;
      await clock.advanceAsync('1h');
      await s.idle();
      expect(sent).toEqual([atA, atB]);
      expect(events.at(-1)).toMatchObject({ kind: 'up-to-date', serial: 2, primary: atA });
      expect(s.state().expiresAt!).toBeGreaterThan(expiresBefore);

      // Neither serves (both refuse): the check failed.
      tap = (m) => [errorReply(m, 5, 0, false)];
      const bRefuses = await startDnsServer({ zones: createZoneSet([zoneOf(zoneText(2))]), host: '127.0.0.2', port: 0, clock, tap: (m) => [errorReply(m, 5, 0, false)] });
      try {
        s.setConf({ origin: ORIGIN, primaries: [{ address: '127.0.0.1', port: primary.address.port }, { address: '127.0.0.2', port: bRefuses.address.port }] });
        sent = [];
        await clock.advanceAsync('1h');
        await s.idle();
        expect(sent.slice(0, 2)).toEqual([atA, `127.0.0.2#${bRefuses.address.port}`]); // then again at each retry
        expect(events.at(-1)).toMatchObject({ kind: 'check-failed', reasons: [expect.stringMatching(/rcode 5/), expect.stringMatching(/rcode 5/)] });
      } finally {
        await bRefuses.close();
      }
    } finally {
      await b.close();
    }
  });

  it('IPv6: a primary on ::1, SOA over UDP and AXFR then IXFR over TCP; NOTIFY from ::1 however written is from the primary', async () => {
    const v6 = await startDnsServer({ zones: createZoneSet([zoneOf(zoneText(1))]), host: '::1', port: 0, clock, transfers: { journal: () => journal } });
    try {
      const at = `::1#${v6.address.port}`;
      const s = secondary({ primaries: [{ address: '::1', port: v6.address.port }] }, '::1');
      await clock.advanceAsync(0);
      await s.idle();
      expect(events.filter((e) => e.kind === 'transferred')).toEqual([{ kind: 'transferred', zone: ORIGIN, serial: 1, primary: at, type: 'AXFR', messages: expect.any(Number) }]);
      expect(sent).toEqual([at]);
      const next = zoneOf(zoneText(2, 'new AAAA ::1'));
      journal.push(transactionOf(v6.zones().zones[0], next)!);
      v6.reload(createZoneSet([next]));
      expect(s.notify('0:0:0:0:0:0:0:1', undefined, 2)).toBe('accepted');
      await s.idle();
      expect(events.at(-1)).toMatchObject({ kind: 'transferred', serial: 2, type: 'IXFR', primary: at });
      expect(dumpZone(s.zone())).toBe(dumpZone(next));
      expect(s.notify('::2', undefined, 3)).toBe('refused');
    } finally {
      await v6.close();
    }
  });

  it('network safety, IPv6: a secondary on ::1 or 127.0.0.1 never asks a primary outside loopback (global, link-local, mapped IPv4)', async () => {
    for (const host of ['::1', '127.0.0.1']) {
      events = [];
      const s = secondary({ primaries: [{ address: '2001:db8::53', port: 53 }, { address: 'fe80::1', port: 53 }, { address: '::ffff:192.0.2.1', port: 5300 }] }, host);
      await clock.advanceAsync(0);
      await s.idle();
      expect(events.filter((e) => e.kind === 'dropped').map((e) => (e as { primary: string }).primary)).toEqual(['2001:db8::53#53', 'fe80::1#53', '::ffff:192.0.2.1#5300']);
      expect(events.filter((e) => e.kind === 'check-failed')).toHaveLength(1);
      s.close();
    }
    expect(sent).toEqual([]);
  });

  it('network safety: a loopback secondary never asks a primary outside loopback (dropped, logged)', async () => {
    const s = secondary({ primaries: [{ address: '192.0.2.53', port: 53 }, { address: '10.1.2.3', port: 5300 }] });
    await clock.advanceAsync(0);
    await s.idle();
    s.notify('192.0.2.53', undefined);
    await s.idle();
    expect(events.filter((e) => e.kind === 'dropped').map((e) => (e as { primary: string }).primary)).toEqual(['192.0.2.53#53', '10.1.2.3#5300', '192.0.2.53#53', '10.1.2.3#5300']);
    expect(sent).toEqual([]);
    expect(events.filter((e) => e.kind === 'check-failed')).toHaveLength(2);
  });
});
