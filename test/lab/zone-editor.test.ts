import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { virtualClock } from '../../src/util/clock.js';
import { LocatedError } from '../../src/util/located-error.js';
import type { ZoneChangeEvent } from '../../src/lab/events.js';

type Decoded = { rcode?: string; answers?: { type: string; data: unknown; ttl?: number }[]; authorities?: { type: string; data: unknown }[] };
const decoded = (p: unknown) => p as Decoded;

describe('runtime records: lab.dns.zone(origin).add/remove/replace', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ clock: virtualClock(), dhcp: false });
  });
  afterAll(async () => {
    await lab.close();
  });

  it('adds a record visible to the next query, with the serial incremented, and says so in an event', async () => {
    // Fill the answer cache with the NXDOMAIN first: the change must not be served stale.
    expect(decoded(await lab.dns.query('web.lab.local', 'A')).rcode).toBe('NXDOMAIN');
    expect(decoded(await lab.dns.query('web.lab.local', 'A')).rcode).toBe('NXDOMAIN');
    const before = lab.dns.zone('lab.local').serial;
    const event = lab.events.next('zone');
    lab.dns.zone('lab.local').add('web 300 A 192.168.244.77');
    const r = decoded(await lab.dns.query('web.lab.local', 'A'));
    expect(r.answers?.map((a) => [a.data, a.ttl])).toEqual([['192.168.244.77', 300]]);
    const soa = decoded(await lab.dns.query('lab.local', 'SOA')).answers?.[0].data as { serial: number };
    expect(soa.serial).toBe(before + 1);
    const e: ZoneChangeEvent = await event;
    expect(e).toMatchObject({ zone: 'lab.local.', serial: before + 1 });
    expect(e.changes).toHaveLength(1);
  });

  it('replaces an RRset and removes records, over UDP and TCP alike', async () => {
    const z = lab.dns.zone('lab.local');
    z.replace('vcenter A 192.168.244.199');
    expect(decoded(await lab.dns.query('vcenter.lab.local', 'A')).answers?.map((a) => a.data)).toEqual(['192.168.244.199']);
    expect(decoded(await lab.dns.query('vcenter.lab.local', 'A', { tcp: true })).answers?.map((a) => a.data)).toEqual(['192.168.244.199']);
    z.remove('vcenter A');
    const gone = decoded(await lab.dns.query('vcenter.lab.local', 'A'));
    expect(gone.rcode).toBe('NXDOMAIN');
    // www is a CNAME to vcenter: it still exists, its target does not.
    expect(decoded(await lab.dns.query('www.lab.local', 'A')).answers?.map((a) => a.type)).toEqual(['CNAME']);
  });

  it('a change set that changes nothing keeps the serial and sends no event', () => {
    const z = lab.dns.zone('lab.local');
    const serial = z.serial;
    let events = 0;
    const off = lab.events.on('zone', () => events++);
    const r = z.add('esxi01 IN A 192.168.244.131'); // already there, same TTL (604800 from $TTL)
    off();
    expect(r.changed).toBe(false);
    expect(z.serial).toBe(serial);
    expect(events).toBe(0);
  });

  it('edits the reverse zone too, and reports bad text with its location', async () => {
    lab.dns.zone('244.168.192.in-addr.arpa').add('77 PTR web.lab.local.');
    expect(decoded(await lab.dns.query('77.244.168.192.in-addr.arpa', 'PTR')).answers?.map((a) => a.data)).toEqual(['web.lab.local']);
    let error: unknown;
    try {
      lab.dns.zone('lab.local').add('web A 300.1.1.1');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LocatedError);
    expect((error as LocatedError).format()).toBe("(lab):1:7: bad dotted quad '300.1.1.1'");
    expect(() => lab.dns.zone('nothere.test')).toThrow(/no zone 'nothere.test'/);
  });
});
