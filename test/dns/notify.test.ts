/**
 * NOTIFY as a primary (RFC 1996; src/dns/notify.ts, notifier.ts, src/lab/notify-conf.ts):
 * the targets BIND 9.18 picks (NS names but the SOA MNAME, their addresses from the served
 * zones, also-notify, notify explicit/no), the message, the timing on a virtual clock
 * (notify-delay 5 s coalescing, 3 tries 15 s apart), and the egress rule: a lab on loopback
 * drops every target outside loopback (the lab's own 192.168.244.x) and logs it.
 */
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { buildZone } from '../../src/zones/zone.js';
import { parseZone } from '../../src/zones/parser.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { changedZones, notifyMessage, notifyTargets } from '../../src/dns/notify.js';
import { createNotifier, type NotifyEvent } from '../../src/dns/notifier.js';
import { notifyConfOf } from '../../src/lab/notify-conf.js';
import { parseNamedConf } from '../../src/zones/named-conf.js';
import { virtualClock } from '../../src/util/clock.js';
import { startLab } from '../../src/lab/lab.js';
import { decode } from './helpers/zones.js';
import type { Zone } from '../../src/zones/zone-types.js';

const zoneOf = (origin: string, text: string): Zone => buildZone(parseZone(text, { origin, file: 'z.db' }), { origin, file: 'z.db' });
const PRIMARY = (serial: number) => `$TTL 300
@ SOA ns1 hostmaster ${serial} 3600 600 86400 300
@ NS ns1
@ NS ns2
@ NS ns3.other.test.
@ NS ns4.elsewhere.example.
ns1 A 127.0.0.1
ns2 A 127.0.0.2
ns2 AAAA ::1
`;
const OTHER = `$TTL 300
@ SOA ns hostmaster 1 3600 600 86400 300
@ NS ns
ns A 127.0.0.9
ns3 A 127.0.0.3
`;

describe('notify targets (BIND 9.18: NS but the SOA MNAME, addresses from the served zones, also-notify)', () => {
  const p = zoneOf('p.test.', PRIMARY(1));
  const zones = createZoneSet([p, zoneOf('other.test.', OTHER)]);

  it('notify yes: NS names but ns1 (the MNAME), port 53, addresses of every served zone; an unknown name reported', () => {
    const t = notifyTargets(p, zones, { alsoNotify: [{ address: '127.0.0.2', port: 53 }, { address: '127.0.0.7', port: 5300 }] });
    expect(t.targets).toEqual([
      { address: '127.0.0.2', port: 53 }, { address: '::1', port: 53 }, { address: '127.0.0.3', port: 53 }, { address: '127.0.0.7', port: 5300 },
    ]);
    expect(t.unresolved).toEqual(['ns4.elsewhere.example.']);
  });

  it('notify explicit: also-notify alone; notify no: nobody', () => {
    expect(notifyTargets(p, zones, { mode: 'explicit', alsoNotify: [{ address: '127.0.0.7', port: 5300 }] }).targets).toEqual([{ address: '127.0.0.7', port: 5300 }]);
    expect(notifyTargets(p, zones, { mode: false, alsoNotify: [{ address: '127.0.0.7', port: 5300 }] }).targets).toEqual([]);
  });

  it('named.conf: zone over options, named primaries lists expanded with their port', () => {
    const conf = parseNamedConf(`primaries two port 5301 { 127.0.0.5; 127.0.0.6 port 5302; };
options { notify explicit; also-notify { 127.0.0.4; }; };
zone "p.test" { type primary; file "p.db"; also-notify { two; 127.0.0.8 port 5303; }; };
zone "q.test" { type primary; file "q.db"; notify no; };
zone "r.test" { type primary; file "r.db"; };`, '/nonexistent/named.conf');
    expect(notifyConfOf(conf.model, 'p.test.')).toEqual({
      mode: 'explicit',
      alsoNotify: [{ address: '127.0.0.5', port: 5301 }, { address: '127.0.0.6', port: 5302 }, { address: '127.0.0.8', port: 5303 }],
    });
    expect(notifyConfOf(conf.model, 'q.test.').mode).toBe(false);
    expect(notifyConfOf(conf.model, 'r.test.')).toEqual({ mode: 'explicit', alsoNotify: [{ address: '127.0.0.4', port: 53 }] });
  });

  it('the message: opcode NOTIFY, AA, question ZONE SOA IN, the current SOA in the answer', () => {
    const m = decode(notifyMessage(p, 4321));
    expect(m.id).toBe(4321);
    expect(m.flags).toEqual(['aa']);
    expect(notifyMessage(p, 1).readUInt16BE(2) >> 11).toBe(4);
    expect(m.question).toEqual(['p.test. IN SOA']);
    expect(m.answer).toHaveLength(1);
    expect(m.answer[0]).toMatch(/^p\.test\. 300 SOA ns1\.p\.test\. hostmaster\.p\.test\. 1 /);
  });

  it('changed zones: new or another serial; failed zones left out', () => {
    const a = createZoneSet([p]);
    const b = createZoneSet([zoneOf('p.test.', PRIMARY(2))]);
    expect(changedZones(undefined, a).map((z) => z.serial)).toEqual([1]);
    expect(changedZones(a, a)).toEqual([]);
    expect(changedZones(a, b).map((z) => z.serial)).toEqual([2]);
  });
});

describe('the notifier on a virtual clock, to a UDP listener on loopback', () => {
  const sockets: dgram.Socket[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });

  /** A loopback UDP listener recording NOTIFY serials; answers when `answer` says so. */
  async function secondary(answer: () => boolean, host = '127.0.0.1'): Promise<{ port: number; got: number[] }> {
    const s = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    sockets.push(s);
    const got: number[] = [];
    s.on('message', (m, r) => {
      const d = decode(m);
      got.push(Number(d.answer[0].split(' ')[5]));
      if (!answer()) return;
      const reply = Buffer.from(m.subarray(0, 12 + 12));
      reply[2] = 0x80 | (4 << 3) | 0x04;
      reply.writeUInt16BE(0, 6);
      s.send(reply, r.port, r.address);
    });
    await new Promise<void>((res) => s.bind(0, host, res));
    return { port: s.address().port, got };
  }
  const until = async (cond: () => boolean): Promise<void> => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(cond()).toBe(true);
  };

  it('first change at once, later ones within notify-delay coalesced into one NOTIFY of the latest serial', async () => {
    const sec = await secondary(() => true);
    const clock = virtualClock();
    const events: NotifyEvent[] = [];
    const n = createNotifier({ host: '127.0.0.1', clock, observe: (e) => events.push(e), conf: () => ({ mode: 'explicit', alsoNotify: [{ address: '127.0.0.1', port: sec.port }] }) });
    const v = [1, 2, 3, 4].map((s) => createZoneSet([zoneOf('p.test.', PRIMARY(s))]));
    n.zonesChanged(undefined, v[0]);
    await until(() => events.some((e) => e.kind === 'answered'));
    n.zonesChanged(v[0], v[1]);
    clock.advance(1000);
    n.zonesChanged(v[1], v[2]);
    clock.advance(1000);
    n.zonesChanged(v[2], v[3]);
    expect(sec.got).toEqual([1]);
    clock.advance(3000); // notify-delay (5 s) since the first
    await until(() => sec.got.length === 2);
    expect(sec.got).toEqual([1, 4]);
    clock.advance(10_000);
    expect(sec.got).toEqual([1, 4]);
    n.close();
  });

  it('IPv6: an also-notify on ::1 (written 0:0:0:0:0:0:0:1) is notified and answers, from a server on ::1 and from one on 127.0.0.1', async () => {
    for (const host of ['::1', '127.0.0.1']) {
      const sec = await secondary(() => true, '::1');
      const events: NotifyEvent[] = [];
      const n = createNotifier({ host, clock: virtualClock(), observe: (e) => events.push(e), conf: () => ({ mode: 'explicit', alsoNotify: [{ address: '0:0:0:0:0:0:0:1', port: sec.port }] }) });
      n.zonesChanged(undefined, createZoneSet([zoneOf('p.test.', PRIMARY(5))]));
      await until(() => events.some((e) => e.kind === 'answered'));
      expect(sec.got).toEqual([5]);
      expect(events.map((e) => e.kind)).toEqual(['sent', 'answered']);
      n.close();
    }
  });

  it('no answer: 3 tries, 15 s apart, then a timeout', async () => {
    const sec = await secondary(() => false);
    const clock = virtualClock();
    const events: NotifyEvent[] = [];
    const n = createNotifier({ host: '127.0.0.1', clock, observe: (e) => events.push(e), conf: () => ({ mode: 'explicit', alsoNotify: [{ address: '127.0.0.1', port: sec.port }] }) });
    n.zonesChanged(undefined, createZoneSet([zoneOf('p.test.', PRIMARY(7))]));
    await until(() => sec.got.length === 1);
    clock.advance(14_999);
    await new Promise((r) => setTimeout(r, 30));
    expect(sec.got).toHaveLength(1);
    clock.advance(1);
    await until(() => sec.got.length === 2);
    clock.advance(15_000);
    await until(() => sec.got.length === 3);
    clock.advance(15_000);
    await until(() => events.some((e) => e.kind === 'timeout'));
    expect(sec.got).toEqual([7, 7, 7]);
    n.close();
  });
});

describe('views: each view\'s zone announced from that view\'s data and settings', () => {
  const VIEW_ZONE = (serial: number, ns2: string) => `$TTL 300\n@ SOA ns1 hostmaster ${serial} 3600 600 86400 300\n@ NS ns1\n@ NS ns2\nns1 A 127.0.0.1\nns2 A ${ns2}\n`;

  it('the same origin in two views: NS addresses of its own view, its own also-notify, its own notify-delay timer', () => {
    const clock = virtualClock();
    const events: NotifyEvent[] = [];
    const confs: (string | undefined)[] = [];
    const n = createNotifier({
      host: '127.0.0.1', clock, observe: (e) => events.push(e),
      conf: (_z, view) => (confs.push(view), view === 'b' ? { alsoNotify: [{ address: '127.0.0.7', port: 5300 }] } : {}),
    });
    const sent = () => events.filter((e) => e.kind === 'sent').map((e) => `${e.view} ${e.serial} ${e.to.address}:${e.to.port}`);
    const a1 = createZoneSet([zoneOf('p.test.', VIEW_ZONE(1, '127.0.0.2'))]);
    const b1 = createZoneSet([zoneOf('p.test.', VIEW_ZONE(5, '127.0.0.3'))]);
    n.zonesChanged(undefined, a1, 'a');
    n.zonesChanged(undefined, b1, 'b');
    expect(sent()).toEqual(['a 1 127.0.0.2:53', 'b 5 127.0.0.3:53', 'b 5 127.0.0.7:5300']);
    expect(confs).toEqual(['a', 'b']);
    // An update in view b within its notify-delay: announced when b's timer expires, from b's zones then.
    const b2 = createZoneSet([zoneOf('p.test.', VIEW_ZONE(6, '127.0.0.4'))]);
    n.zonesChanged(b1, b2, 'b');
    // View a changing meanwhile neither delays b nor lends it a's data.
    const a2 = createZoneSet([zoneOf('p.test.', VIEW_ZONE(2, '127.0.0.2'))]);
    n.zonesChanged(a1, a2, 'a');
    expect(sent()).toHaveLength(3);
    clock.advance(5000);
    expect(sent().slice(3).sort()).toEqual(['a 2 127.0.0.2:53', 'b 6 127.0.0.4:53', 'b 6 127.0.0.7:5300']);
    n.close();
  });

  it('named.conf: notify and also-notify of the zone statement in the view named', () => {
    const conf = parseNamedConf(`options { also-notify { 127.0.0.4; }; };
view a { match-clients { 127.0.0.1; }; zone "p.test" { type primary; file "a"; }; };
view b { notify explicit; zone "p.test" { type primary; file "b"; also-notify { 127.0.0.5 port 5305; }; }; };
`, '/conf/named.conf');
    expect(notifyConfOf(conf.model, 'p.test.', 'a')).toEqual({ mode: true, alsoNotify: [{ address: '127.0.0.4', port: 53 }] });
    expect(notifyConfOf(conf.model, 'p.test.', 'b')).toEqual({ mode: 'explicit', alsoNotify: [{ address: '127.0.0.5', port: 5305 }] });
  });
});

describe('network safety: a lab on loopback notifies nothing outside loopback', () => {
  it('an also-notify outside loopback: dropped, reported, never sent', () => {
    const events: NotifyEvent[] = [];
    const n = createNotifier({ host: '127.0.0.1', observe: (e) => events.push(e), conf: () => ({ alsoNotify: [{ address: '192.168.244.139', port: 53 }, { address: '10.0.0.1', port: 5300 }] }) });
    n.zonesChanged(undefined, createZoneSet([zoneOf('p.test.', PRIMARY(1).replace(/ns2 A 127.0.0.2\n/, 'ns2 A 192.168.244.2\n'))]));
    expect(events.map((e) => `${e.kind} ${e.to.address}`)).toEqual([
      'dropped 192.168.244.2', 'sent ::1', 'dropped 192.168.244.139', 'dropped 10.0.0.1',
    ]);
    n.close();
  });

  it('IPv6 targets outside ::1 (global, link-local, mapped IPv4, NAT64 of 127.0.0.1): dropped from a server on ::1 or 127.0.0.1, never sent', () => {
    for (const host of ['::1', '127.0.0.1']) {
      const events: NotifyEvent[] = [];
      const outside = ['2001:db8::53', 'fe80::1', '::ffff:192.0.2.1', '64:ff9b::7f00:1', '::'];
      const n = createNotifier({ host, observe: (e) => events.push(e), conf: () => ({ mode: 'explicit', alsoNotify: outside.map((address) => ({ address, port: 53 })) }) });
      n.zonesChanged(undefined, createZoneSet([zoneOf('p.test.', PRIMARY(1))]));
      expect(events.map((e) => `${e.kind} ${e.to.address}`)).toEqual(outside.map((a) => `dropped ${a}`));
      n.close();
    }
  });

  it('a NS target with an IPv6 address outside loopback (AAAA 2001:db8::2): dropped from a server on ::1', () => {
    const events: NotifyEvent[] = [];
    const n = createNotifier({ host: '::1', observe: (e) => events.push(e) });
    n.zonesChanged(undefined, createZoneSet([zoneOf('p.test.', PRIMARY(1).replace('ns2 AAAA ::1', 'ns2 AAAA 2001:db8::2'))]));
    expect(events.filter((e) => e.to.address.includes(':')).map((e) => `${e.kind} ${e.to.address}`)).toEqual(['dropped 2001:db8::2']);
    n.close();
  });

  it('the lab: a runtime NS ns2.lab.local (192.168.244.140) is announced after notify-delay, dropped and logged; nothing else', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
    const clock = virtualClock();
    const lab = await startLab({ dhcp: false, logger, clock });
    try {
      await lab.dns.zone('lab.local').add('@ NS ns2.lab.local.\nns2 A 192.168.244.140');
      await clock.advanceAsync('5s'); // the start-up NOTIFY (nobody: ns is the MNAME) began notify-delay
      const notify = lines.map((l) => JSON.parse(l) as { msg: string; target?: string; zone?: string }).filter((l) => l.msg.startsWith('NOTIFY'));
      expect(notify.filter((l) => l.msg.startsWith('NOTIFY not sent'))).toEqual([
        expect.objectContaining({ zone: 'lab.local.', target: '192.168.244.140#53', msg: 'NOTIFY not sent: the server is on loopback and the target is outside loopback' }),
      ]);
      expect(notify.filter((l) => !l.msg.startsWith('NOTIFY not sent'))).toEqual([]);
    } finally {
      await lab.close();
    }
  });
});
