import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { virtualClock } from '../../src/util/clock.js';
import { MessageType, type DhcpPacket } from '../../src/dhcp/types.js';
import { ipToString } from '../../src/dhcp/ip.js';
import { macToBuffer } from '../../src/lab/dhcp-client.js';
import type { LeaseEvent } from '../../src/lab/events.js';

/** A DHCPDISCOVER (RFC 2131 4.4.1) from `mac`, as a client in INIT sends it. */
function discover(mac: string, xid: number): DhcpPacket {
  const chaddr = Buffer.alloc(16);
  macToBuffer(mac).copy(chaddr);
  return {
    op: 1, htype: 1, hlen: 6, hops: 0, xid, secs: 0, flags: 0,
    ciaddr: 0, yiaddr: 0, siaddr: 0, giaddr: 0, chaddr, sname: '', file: '',
    options: new Map([[53, Buffer.from([MessageType.DISCOVER])]]),
  };
}

describe('DHCP test kit: faults, inject(), lease events, leases on the virtual clock', () => {
  let lab: Lab;
  const clock = virtualClock(Date.UTC(2026, 10, 27, 8, 0, 0));
  const seen: LeaseEvent[] = [];
  beforeAll(async () => {
    lab = await startLab({ clock, dns: false });
    lab.events.on('lease', (e) => seen.push(e));
  });
  afterAll(async () => {
    await lab.close();
  });
  afterEach(() => lab.dhcp.clearFaults());

  it('inject() runs a DISCOVER through the server path without a socket: an OFFER from the range, to the source', async () => {
    const out = await lab.dhcp.inject(discover('02:00:00:00:00:01', 0x1001), { address: '127.0.0.1', port: 40000 });
    expect(out!.reply.options.get(53)?.[0]).toBe(MessageType.OFFER);
    expect(out!.reply.xid).toBe(0x1001);
    const n = Number(ipToString(out!.reply.yiaddr).split('.')[3]);
    expect(n).toBeGreaterThanOrEqual(150);
    expect(out!.to).toEqual({ address: '127.0.0.1', port: 40000 });
    expect(await lab.dhcp.inject(Buffer.from('not dhcp'))).toBeNull();
  });

  it('NAKs the next REQUEST of one client, then lets it through', async () => {
    const f = lab.dhcp.fault({ mac: '02:00:00:00:00:02', messageType: 'REQUEST', nak: 'try again', times: 1 });
    const c = lab.client('02:00:00:00:00:02');
    await expect(c.boot()).rejects.toThrow(/NAKed: try again/);
    expect(f.remaining).toBe(0);
    expect((await c.boot()).ip).toMatch(/^192\.168\.244\./);
  });

  it('drops the next N packets of a client (it retransmits), other clients are served', async () => {
    const f = lab.dhcp.fault({ mac: '02-00-00-00-00-03', drop: true, times: 2 });
    const other = await lab.client('02:00:00:00:00:04', { timeoutMs: 1000 }).boot();
    expect(other.ip).toMatch(/^192\.168\.244\./);
    const c = lab.client('02:00:00:00:00:03', { timeoutMs: 500, tries: 3 });
    expect((await c.boot()).ip).toMatch(/^192\.168\.244\./);
    expect(f.hits).toBe(2);
  });

  it('delays a packet on the server clock: the OFFER comes when the clock passes the delay', async () => {
    lab.dhcp.fault({ mac: '02:00:00:00:00:05', delay: '3s', times: 1 });
    let done = false;
    const p = lab.dhcp.inject(discover('02:00:00:00:00:05', 0x1005)).then((r) => ((done = true), r));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    clock.advance('3s');
    expect((await p)!.reply.options.get(53)?.[0]).toBe(MessageType.OFFER);
  });

  it('emits granted, renewed, released and declined with the client and address', async () => {
    seen.length = 0;
    const c = lab.client('02:00:00:00:00:06');
    const { ip } = await c.boot();
    await c.renew();
    const released = lab.events.next('lease', (e) => e.kind === 'released' && e.mac === '02:00:00:00:00:06');
    await c.release();
    await released;
    const d = lab.client('02:00:00:00:00:07');
    const got = await d.boot();
    const declined = lab.events.next('lease', (e) => e.kind === 'declined');
    await d.decline();
    expect((await declined).ip).toBe(got.ip);
    expect(seen.map((e) => [e.kind, e.mac, e.ip])).toEqual([
      ['granted', '02:00:00:00:00:06', ip],
      ['renewed', '02:00:00:00:00:06', ip],
      ['released', '02:00:00:00:00:06', ip],
      ['granted', '02:00:00:00:00:07', got.ip],
      ['declined', '02:00:00:00:00:07', got.ip],
    ]);
  });

  it('RFC 2131 4.4.5 on the virtual clock: BOUND, RENEWING at T1, REBINDING at T2 when the server is silent, INIT and expired at the end', async () => {
    const mac = '02:00:00:00:00:08';
    // A reply is waited for on the real clock: long enough for a loaded machine, one try so a
    // silent server costs one wait per step.
    const c = lab.client(mac, { follow: true, timeoutMs: 1000, tries: 1 });
    const { ip, lease } = await c.boot();
    expect(c.state).toBe('BOUND');
    expect(lease.leaseTime).toBe(600); // default-lease-time 600: T1 300 s, T2 525 s
    // T1: the renewal is answered and the lease starts again.
    await clock.advanceAsync('300s');
    expect(c.state).toBe('BOUND');
    expect(c.lease!.obtainedAt).toBe(clock.now());
    expect(seen.at(-1)).toMatchObject({ kind: 'renewed', mac, ip });
    // The server goes silent for this client: T1 passes unanswered, then T2.
    lab.dhcp.fault({ mac, drop: true });
    await clock.advanceAsync('300s');
    expect(c.state).toBe('RENEWING');
    await clock.advanceAsync('225s');
    expect(c.state).toBe('REBINDING');
    const expired = lab.events.next('lease', (e) => e.kind === 'expired' && e.mac === mac);
    await clock.advanceAsync('75s');
    expect(c.state).toBe('INIT');
    expect(await expired).toMatchObject({ ip, at: clock.now() });
    // Answered again, the client starts over from INIT with a new DORA.
    lab.dhcp.clearFaults();
    expect((await c.boot()).ip).toBe(ip);
    expect(c.state).toBe('BOUND');
  });
});
