import { afterEach, describe, expect, it, vi } from 'vitest';
import dnsPacket from 'dns-packet';
import { setImmediate as tick } from 'node:timers/promises';
import { EventEmitter } from 'node:events';
import type net from 'node:net';
import { serveConnection } from '../../src/dns/tcp.js';
import { startDnsServer, type DnsServer } from '../../src/dns/server.js';
import { fakeZones, makeFakeResponder } from './handler-fake-responder.js';
import { header, query, question } from './query-parse-wire.js';
import { TcpClient, frame, udpExchange } from './server-net.js';

const many = Array.from({ length: 40 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
const zonesA = fakeZones('A', { 'vcenter.lab.local': ['192.168.244.135'], 'big.lab.local': many });
const zonesB = fakeZones('B', { 'vcenter.lab.local': ['10.9.9.9'], 'big.lab.local': many });
const data = (p: dnsPacket.Packet, i = 0) => (p.answers![i] as { data?: unknown }).data;

let servers: DnsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function start(opts: { tcpIdleTimeoutMs?: number } = {}): Promise<DnsServer> {
  const s = await startDnsServer({ zones: zonesA, port: 0, respond: makeFakeResponder(), ...opts });
  servers.push(s);
  return s;
}

describe('UDP and TCP on one port (RFC 1035 4.2, RFC 7766 5)', () => {
  it('answers the same query over UDP and TCP on the same port number', async () => {
    const s = await start();
    expect(s.address.address).toBe('127.0.0.1');
    expect(s.address.port).toBeGreaterThan(0);
    const u = await s.query('vcenter.lab.local', 'A');
    const t = await s.query('vcenter.lab.local', 'A', { tcp: true });
    expect(data(u)).toBe('192.168.244.135');
    expect(data(t)).toBe('192.168.244.135');
    expect(s.stats()).toMatchObject({ udp: 1, tcp: 1 });
  });

  it('two servers on port 0 get different ports', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.address.port).not.toBe(b.address.port);
  });

  it('a fixed port already in use is an error (EADDRINUSE), not a silent other port', async () => {
    const a = await start();
    await expect(startDnsServer({ zones: zonesA, port: a.address.port, respond: makeFakeResponder() })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(data(await a.query('vcenter.lab.local', 'A'))).toBe('192.168.244.135');
  });

  it('RFC 1035 4.2.1 / 7766 5: TC over UDP, then the full answer over TCP', async () => {
    const s = await start();
    const u = await s.query('big.lab.local', 'A');
    expect(u.flags! & dnsPacket.TRUNCATED_RESPONSE).toBeTruthy();
    expect(u.answers).toHaveLength(0);
    const t = await s.query('big.lab.local', 'A', { tcp: true });
    expect(t.flags! & dnsPacket.TRUNCATED_RESPONSE).toBe(0);
    expect(t.answers).toHaveLength(40);
  });

  it('RFC 1035 4.1.1: UDP garbage gets no reply or a FORMERR, the server keeps answering', async () => {
    const s = await start();
    expect(await udpExchange(s.address.port, Buffer.from([1, 2, 3]), 200)).toBeNull();
    const r = await udpExchange(s.address.port, header(77, 0x0100, 0));
    expect(r!.toString('hex')).toBe('004d81010000000000000000');
    expect(data(await s.query('vcenter.lab.local', 'A'))).toBe('192.168.244.135');
  });
});

describe('TCP framing and connection handling (RFC 7766)', () => {
  it('7766 8: a query split byte by byte is reassembled', async () => {
    const s = await start();
    const c = await TcpClient.connect(s.address.port);
    const bytes = frame(query(0x0102, 'vcenter.lab.local'));
    for (const b of bytes) {
      await c.write(Buffer.from([b]));
      await tick();
    }
    const r = dnsPacket.decode((await c.next())!);
    expect(r.id).toBe(0x0102);
    expect(data(r)).toBe('192.168.244.135');
    c.close();
  });

  it('7766 6.2.1: two queries in one write get two replies, in order', async () => {
    const s = await start();
    const c = await TcpClient.connect(s.address.port);
    await c.write(Buffer.concat([frame(query(1, 'vcenter.lab.local')), frame(query(2, 'nope.lab.local'))]));
    const r1 = dnsPacket.decode((await c.next())!);
    const r2 = dnsPacket.decode((await c.next())!);
    const rcode = (p: dnsPacket.Packet) => (p as { rcode?: string }).rcode;
    expect([r1.id, rcode(r1), r2.id, rcode(r2)]).toEqual([1, 'NOERROR', 2, 'NXDOMAIN']);
    c.close();
  });

  it('7766 8: a frame split across writes with the next frame glued to its tail', async () => {
    const s = await start();
    const c = await TcpClient.connect(s.address.port);
    const all = Buffer.concat([frame(query(5, 'vcenter.lab.local')), frame(query(6, 'vcenter.lab.local')), frame(query(7, 'big.lab.local'))]);
    await c.write(all.subarray(0, 1));
    await tick();
    await c.write(all.subarray(1, 30));
    await tick();
    await c.write(all.subarray(30));
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(dnsPacket.decode((await c.next())!).id);
    expect(ids).toEqual([5, 6, 7]);
    c.close();
  });

  it('7766 6.2.3: an idle connection is closed after the idle timeout', async () => {
    const s = await start({ tcpIdleTimeoutMs: 150 });
    const c = await TcpClient.connect(s.address.port);
    await c.write(frame(query(1, 'vcenter.lab.local')));
    expect(await c.next()).not.toBeNull();
    const t0 = Date.now();
    await c.closed;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    await vi.waitFor(() => expect(s.stats().tcpConnections).toBe(0));
  });

  it('7766 6.2.4: the client half-closes after its query; the reply still comes, then FIN', async () => {
    const s = await start();
    const c = await TcpClient.connect(s.address.port, { allowHalfOpen: true });
    c.socket.end(frame(query(9, 'vcenter.lab.local')));
    const r = await c.next();
    expect(dnsPacket.decode(r!).id).toBe(9);
    await c.ended;
    c.close();
  });

  it('a message BIND drops (QR=1, or shorter than a header) closes the connection', async () => {
    const s = await start();
    for (const bad of [Buffer.concat([header(1, 0x8100, 1), question('vcenter.lab.local')]), Buffer.from([1, 2, 3]), Buffer.alloc(0)]) {
      const c = await TcpClient.connect(s.address.port);
      await c.write(Buffer.concat([frame(bad), frame(query(2, 'vcenter.lab.local'))]));
      expect(await c.next()).toBeNull();
      await c.closed;
    }
    expect(data(await s.query('vcenter.lab.local', 'A', { tcp: true }))).toBe('192.168.244.135');
  });

  it('a connection reset by the client (RST) does not disturb the server', async () => {
    const s = await start();
    for (let i = 0; i < 20; i++) {
      const c = await TcpClient.connect(s.address.port);
      c.socket.write(frame(query(i, 'big.lab.local')).subarray(0, 10));
      c.socket.resetAndDestroy();
    }
    expect(data(await s.query('vcenter.lab.local', 'A', { tcp: true }))).toBe('192.168.244.135');
  });

  it('7766 6.2.1: 4000 pipelined queries in one burst all get their reply, in order', async () => {
    const s = await start();
    const c = await TcpClient.connect(s.address.port);
    c.socket.write(Buffer.concat(Array.from({ length: 4000 }, (_, i) => frame(query(i, 'big.lab.local')))));
    for (let i = 0; i < 4000; i++) expect(dnsPacket.decode((await c.next())!).id).toBe(i);
    c.close();
  });

  it('back-pressure: reading stops while the client does not read, and resumes on drain', () => {
    const sock = Object.assign(new EventEmitter(), {
      paused: false,
      written: 0,
      setNoDelay() {},
      setTimeout() {},
      destroy() {},
      end() {},
      pause() { this.paused = true; },
      resume() { this.paused = false; },
      write() { this.written++; return false; },
    });
    serveConnection(sock as unknown as net.Socket, (m) => [m], 1000);
    sock.emit('data', Buffer.concat([frame(query(1, 'a.b')), frame(query(2, 'a.b'))]));
    expect(sock.written).toBe(2);
    expect(sock.paused).toBe(true);
    sock.emit('drain');
    expect(sock.paused).toBe(false);
  });
});

describe('reload', () => {
  it('swaps the zones between two queries: no query dropped, new data after', async () => {
    const s = await start();
    const results: string[] = [];
    const pending: Promise<void>[] = [];
    // 200 queries in flight over UDP and TCP; the reload happens when the 50th reply is in.
    for (let i = 0; i < 200; i++) {
      pending.push(
        s.query('vcenter.lab.local', 'A', { tcp: i % 2 === 1 }).then((p) => {
          results.push(String(data(p)));
          if (results.length === 50) s.reload(zonesB);
        }),
      );
    }
    await Promise.all(pending);
    expect(results).toHaveLength(200);
    expect(new Set(results)).toEqual(new Set(['192.168.244.135', '10.9.9.9']));
    expect(data(await s.query('vcenter.lab.local', 'A'))).toBe('10.9.9.9');
  });

  it('a zones getter is read on every query', async () => {
    let z = zonesA;
    const s = await startDnsServer({ zones: () => z, port: 0, respond: makeFakeResponder() });
    servers.push(s);
    expect(data(await s.query('vcenter.lab.local', 'A'))).toBe('192.168.244.135');
    z = zonesB;
    expect(data(await s.query('vcenter.lab.local', 'A'))).toBe('10.9.9.9');
  });
});
