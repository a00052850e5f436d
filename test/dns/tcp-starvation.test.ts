/**
 * TCP starvation (issue 11; RFC 7766 6.2.3, BIND's tcp-clients and tcp-idle-timeout), on the
 * real server with short timeouts: an idle timeout of 600 ms standing for BIND's 30 s and a
 * tcp-clients of 150 (BIND's default). One client opens 1,000 connections and leaves them
 * idle; another trickles one byte every 100 ms into a message it never finishes (slowloris:
 * a byte per sixth of the timeout, far more often than a byte a second is to 30 s); a third
 * client's TCP and UDP queries are answered meanwhile, well within the idle timeout (they do
 * not wait for a slot to time out). The server never holds more than 150 connections, closes
 * the idle ones and the trickling one after the idle timeout, and keeps a connection that
 * sends whole queries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { startDnsServer, type DnsServer } from '../../src/dns/server.js';
import { loadNamedConf } from '../../src/zones/named-conf.js';
import { buildQuery } from '../../src/dns/client.js';

// The idle timeout is long enough that "answered at once" (within half of it) and "answered
// only once an idle connection timed out" stay apart on a loaded machine.
const IDLE_MS = 2000;
const AT_ONCE_MS = IDLE_MS / 2;
const CLIENTS = 150;
let server: DnsServer;

beforeAll(async () => {
  const zones = loadNamedConf(resolve(import.meta.dirname, '../../fixtures/lab/named.conf')).zoneSet;
  server = await startDnsServer({ zones, port: 0, tcpIdleTimeoutMs: IDLE_MS, tcpClients: CLIENTS });
});
afterAll(() => server.close());

interface Conn {
  socket: net.Socket;
  closed: boolean;
  closedAt?: number;
  data: Buffer;
}

async function connect(): Promise<Conn> {
  const socket = net.connect({ host: '127.0.0.1', port: server.address.port });
  const c: Conn = { socket, closed: false, data: Buffer.alloc(0) };
  socket.on('error', () => {});
  socket.on('data', (d) => (c.data = Buffer.concat([c.data, d])));
  socket.on('close', () => ((c.closed = true), (c.closedAt = Date.now())));
  await Promise.race([once(socket, 'connect'), once(socket, 'close')]);
  return c;
}

function frame(msg: Buffer): Buffer {
  const h = Buffer.alloc(2);
  h.writeUInt16BE(msg.length);
  return Buffer.concat([h, msg]);
}

/** One framed reply's A record address, waiting at most `ms`. */
async function answerOf(c: Conn, ms: number): Promise<string> {
  const end = Date.now() + ms;
  while (Date.now() < end && !(c.data.length >= 2 && c.data.length >= 2 + c.data.readUInt16BE(0))) await new Promise((r) => setTimeout(r, 5));
  const m = c.data.subarray(2);
  return m.length >= 4 ? [...m.subarray(m.length - 4)].join('.') : 'no reply';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('TCP: idle and slowloris clients do not starve others', () => {
  it('1,000 idle connections and a byte-a-tick trickle: a third client answered at once, at most tcp-clients held, idle ones closed after the timeout', async () => {
    const idle: Conn[] = [];
    for (let i = 0; i < 10; i++) idle.push(...(await Promise.all(Array.from({ length: 100 }, connect))));
    const slow = await connect();
    const partial = frame(buildQuery(7, 'vcenter.lab.local', 1));
    let sent = 0;
    const trickle = setInterval(() => {
      if (!slow.closed && sent < partial.length - 1) slow.socket.write(partial.subarray(sent, ++sent)); // never the last byte
    }, 100);
    // A client that keeps its connection busy with whole queries, every 150 ms.
    const busy = await connect();
    let busyQueries = 0;
    const keepBusy = setInterval(() => {
      if (!busy.closed) busy.socket.write(frame(buildQuery(100 + busyQueries++, 'lab.local', 6)));
    }, 150);
    try {
      await sleep(50);
      // The server's side (its clients' sockets learn of the closes a little later).
      expect(server.stats().tcpConnections).toBeLessThanOrEqual(CLIENTS);

      // The third client, while every slot is taken: TCP and UDP answered within half the idle timeout.
      const t0 = Date.now();
      const third = await connect();
      third.socket.write(frame(buildQuery(1, 'vcenter.lab.local', 1)));
      expect(await answerOf(third, AT_ONCE_MS)).toBe('192.168.244.135');
      const udp = await server.query('vcenter.lab.local', 'A', { timeoutMs: AT_ONCE_MS });
      expect((udp.answers![0] as { data: string }).data).toBe('192.168.244.135');
      expect(Date.now() - t0).toBeLessThan(IDLE_MS);
      expect(server.stats().tcpConnections).toBeLessThanOrEqual(CLIENTS);
      third.socket.destroy();

      // After the idle timeout (and a margin for a loaded machine): every idle connection and
      // the trickling one closed by the server; the busy one still open and answered.
      await sleep(IDLE_MS + 600);
      expect(idle.filter((c) => !c.closed)).toEqual([]);
      expect(slow.closed).toBe(true);
      expect(sent).toBeGreaterThan(5); // it was still trickling past the timeout's reach of a per-byte timer
      expect(busy.closed).toBe(false);
      expect(busyQueries).toBeGreaterThan(5);
      expect(busy.data.length).toBeGreaterThan(0);
      expect(server.stats().tcpConnections).toBe(1);
    } finally {
      clearInterval(trickle);
      clearInterval(keepBusy);
      for (const c of [...idle, slow, busy]) c.socket.destroy();
    }
  }, 30_000);

  it('a connection over tcp-clients closes the one idle longest, not the newcomer nor one that just asked', async () => {
    const first = await connect();
    const rest = await Promise.all(Array.from({ length: CLIENTS - 1 }, connect));
    await sleep(20);
    first.socket.write(frame(buildQuery(2, 'esxi01.lab.local', 1))); // now the most recently active
    expect(await answerOf(first, AT_ONCE_MS)).toBe('192.168.244.131');
    const newcomer = await connect();
    newcomer.socket.write(frame(buildQuery(3, 'esxi02.lab.local', 1)));
    expect(await answerOf(newcomer, AT_ONCE_MS)).toBe('192.168.244.132');
    await sleep(20);
    expect(first.closed).toBe(false);
    expect(rest[0].closed).toBe(true); // the oldest idle one made room
    expect(rest.slice(1).every((c) => !c.closed)).toBe(true);
    expect(server.stats().tcpConnections).toBe(CLIENTS);
    for (const c of [first, newcomer, ...rest]) c.socket.destroy();
  });
});
