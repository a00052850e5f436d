import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import dnsPacket from 'dns-packet';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { virtualClock } from '../../src/util/clock.js';
import { buildQuery } from '../../src/dns/server.js';

type Decoded = { id?: number; rcode?: string; flag_tc?: boolean; answers?: { data: unknown }[] };
const decoded = (p: unknown) => p as Decoded;
const A = 1;

describe('DNS faults on demand, the query log and inject()', () => {
  let lab: Lab;
  const clock = virtualClock(Date.UTC(2026, 10, 27, 8, 0, 0));
  beforeAll(async () => {
    lab = await startLab({ clock, dhcp: false, queryLogSize: 50 });
  });
  afterAll(async () => {
    await lab.close();
  });
  afterEach(() => lab.dns.clearFaults());

  it('answers with a given rcode for the next N queries of a name and type, then normally', async () => {
    const f = lab.dns.fault({ name: 'vcenter.lab.local', type: 'A', rcode: 'SERVFAIL', times: 2 });
    expect(decoded(await lab.dns.query('vcenter.lab.local', 'A')).rcode).toBe('SERVFAIL');
    expect(decoded(await lab.dns.query('VCENTER.lab.local.', 'A', { tcp: true })).rcode).toBe('SERVFAIL');
    expect(f.remaining).toBe(0);
    const ok = decoded(await lab.dns.query('vcenter.lab.local', 'A'));
    expect(ok.rcode).toBe('NOERROR');
    expect(ok.answers?.map((a) => a.data)).toEqual(['192.168.244.135']);
    expect(f.hits).toBe(2);
  });

  it('a fault for a name leaves other names and types alone; a fault without a name takes all', async () => {
    lab.dns.fault({ name: 'vcenter.lab.local', type: 'A', rcode: 'REFUSED' });
    expect(decoded(await lab.dns.query('vcenter.lab.local', 'AAAA')).rcode).toBe('NOERROR');
    expect(decoded(await lab.dns.query('esxi01.lab.local', 'A')).rcode).toBe('NOERROR');
    lab.dns.fault({ rcode: 'NXDOMAIN', times: 1 });
    expect(decoded(await lab.dns.query('esxi01.lab.local', 'A')).rcode).toBe('NXDOMAIN');
  });

  it('drops: no reply over UDP, silence (not a close) over TCP, null from inject', async () => {
    lab.dns.fault({ name: 'esxi02.lab.local', drop: true });
    await expect(lab.dns.query('esxi02.lab.local', 'A', { timeoutMs: 300 })).rejects.toThrow(/no UDP reply/);
    await expect(lab.dns.query('esxi02.lab.local', 'A', { tcp: true, timeoutMs: 300 })).rejects.toThrow(/no TCP reply/);
    expect(await lab.dns.inject(buildQuery(7, 'esxi02.lab.local', A))).toBeNull();
  });

  it('delays on the virtual clock: the answer leaves when the clock passes the delay, no sleeping', async () => {
    lab.dns.fault({ name: 'esxi03.lab.local', delay: '2s', times: 2 });
    let got: Buffer | null | undefined;
    const injected = lab.dns.inject(buildQuery(9, 'esxi03.lab.local', A)).then((r) => (got = r));
    await Promise.resolve();
    lab.clock.advance!('1999ms');
    await Promise.resolve();
    expect(got).toBeUndefined();
    lab.clock.advance!('1ms');
    await injected;
    expect(decoded(dnsPacket.decode(got!)).answers?.map((a) => a.data)).toEqual(['192.168.244.133']);
    expect(await lab.dns.nextQuery({ name: 'esxi03.lab.local' })).toMatchObject({ rcode: 'NOERROR' }); // the injected one
    // The same over a real UDP socket: wait until the server has the query, then move time.
    const reply = lab.dns.query('esxi03.lab.local', 'A');
    await lab.dns.nextQuery({ name: 'esxi03.lab.local', transport: 'udp' });
    lab.clock.advance!('2s');
    expect(decoded(await reply).answers?.map((a) => a.data)).toEqual(['192.168.244.133']);
  });

  it('truncates over UDP only: TC and the question alone, so the client retries over TCP (RFC 7766 5)', async () => {
    lab.dns.fault({ name: 'jupyter.lab.local', truncate: true });
    const udp = decoded(await lab.dns.query('jupyter.lab.local', 'A'));
    expect(udp.flag_tc).toBe(true);
    expect(udp.answers).toEqual([]);
    const tcp = decoded(await lab.dns.query('jupyter.lab.local', 'A', { tcp: true }));
    expect(tcp.flag_tc).toBe(false);
    expect(tcp.answers?.map((a) => a.data)).toEqual(['192.168.244.140']);
  });

  it('closes TCP connections, and answers UDP normally meanwhile', async () => {
    lab.dns.fault({ name: 'mail.lab.local', closeTcp: true });
    await expect(lab.dns.query('mail.lab.local', 'A', { tcp: true })).rejects.toThrow(/closed before the reply/);
    expect(decoded(await lab.dns.query('mail.lab.local', 'A')).rcode).toBe('NOERROR');
  });

  it('answers with a wrong ID (RFC 1035 7.3: the client discards it)', async () => {
    lab.dns.fault({ name: 'gateway.lab.local', wrongId: true });
    const r = await lab.dns.inject(buildQuery(0x1234, 'gateway.lab.local', A));
    expect(r!.readUInt16BE(0)).toBe(0x1235);
    await expect(lab.dns.query('gateway.lab.local', 'A', { timeoutMs: 300 })).rejects.toThrow(/no UDP reply/);
  });

  it('clearFaults() retires every fault', async () => {
    lab.dns.fault({ rcode: 'SERVFAIL' });
    lab.dns.clearFaults();
    expect(decoded(await lab.dns.query('ns.lab.local', 'A')).rcode).toBe('NOERROR');
  });

  it('rejects a fault without an action', () => {
    expect(() => lab.dns.fault({ name: 'x.lab.local' })).toThrow(/needs one of/);
    expect(() => lab.dns.fault({ rcode: 'NOPE' as 'SERVFAIL' })).toThrow(/bad rcode/);
  });

  it('logs every query with name, type, transport, client, rcode and the clock time; nextQuery waits either way round', async () => {
    const waiting = lab.dns.nextQuery({ name: 'ubuntu.lab.local', type: 'AAAA' });
    await lab.dns.query('ubuntu.lab.local', 'AAAA', { tcp: true });
    const q = await waiting;
    expect(q).toMatchObject({ name: 'ubuntu.lab.local.', type: 'AAAA', transport: 'tcp', client: '127.0.0.1', rcode: 'NOERROR', time: clock.now() });
    await lab.dns.query('nothere.lab.local', 'A');
    expect(await lab.dns.nextQuery({ name: 'NOTHERE.lab.local.' })).toMatchObject({ rcode: 'NXDOMAIN', transport: 'udp' });
    await expect(lab.dns.nextQuery({ name: 'never.lab.local' }, { timeoutMs: 50 })).rejects.toThrow(/no query matching/);
    expect(lab.dns.queries.at(-1)).toMatchObject({ name: 'nothere.lab.local.', type: 'A' });
  });

  it('keeps the log bounded (queryLogSize)', async () => {
    for (let i = 0; i < 60; i++) await lab.dns.inject(buildQuery(i, `h${i}.lab.local`, A));
    const qs = lab.dns.queries;
    expect(qs).toHaveLength(50);
    expect(qs.at(-1)!.name).toBe('h59.lab.local.');
    expect(qs[0].name).toBe('h10.lab.local.');
  });

  it('inject() answers as the socket does, and a dropped message (a response, QR=1) is silence', async () => {
    const viaInject = await lab.dns.inject(buildQuery(42, 'kubeflow.lab.local', A));
    const p = decoded(dnsPacket.decode(viaInject!));
    expect(p.id).toBe(42);
    expect(p.answers?.map((a) => a.data)).toEqual(['jupyter.lab.local', '192.168.244.140']);
    const tcp = await lab.dns.inject(buildQuery(43, 'kubeflow.lab.local', A), { transport: 'tcp', client: '127.0.0.9' });
    expect(decoded(dnsPacket.decode(tcp!)).answers).toHaveLength(2);
    expect(lab.dns.queries.at(-1)).toMatchObject({ transport: 'tcp', client: '127.0.0.9' });
    const response = buildQuery(44, 'kubeflow.lab.local', A);
    response[2] |= 0x80;
    expect(await lab.dns.inject(response)).toBeNull();
  });
});

describe('the query log reads extended rcodes (RFC 6891 6.1.3)', () => {
  it('logs BADVERS for an EDNS version 1 query, from the OPT record of the reply', async () => {
    const lab = await startLab({ clock: virtualClock(), dhcp: false });
    try {
      const q = buildQuery(5, 'vcenter.lab.local', A, { edns: true });
      q[q.length - 11 + 6] = 1; // OPT TTL: extended rcode 0, version 1 (RFC 6891 6.1.3)
      const reply = await lab.dns.inject(q);
      expect(reply![3] & 0x0f).toBe(0);
      expect(lab.dns.queries.at(-1)).toMatchObject({ name: 'vcenter.lab.local.', rcode: 'BADVERS' });
      await lab.dns.inject(buildQuery(6, 'vcenter.lab.local', A, { edns: true }));
      expect(lab.dns.queries.at(-1)!.rcode).toBe('NOERROR');
    } finally {
      await lab.close();
    }
  });
});
