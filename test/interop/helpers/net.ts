/**
 * Ports and raw DNS exchanges on loopback only, 127.0.0.0/8 or ::1 (the suites never send anywhere else).
 * UDP: one datagram out, the first datagram back (RFC 1035 4.2.1). TCP: one connection,
 * the two-byte length prefix both ways (RFC 1035 4.2.2, RFC 7766 8).
 */
import dgram from 'node:dgram';
import net from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** A port free for both TCP and UDP on `hosts` (default 127.0.0.1) right now (the kernel picks it). */
export async function freePort(hosts: readonly string[] = [LOOPBACK]): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(0, hosts[0], () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    let free = true;
    for (const [i, host] of hosts.entries()) {
      const v6 = host.includes(':');
      free &&= await new Promise<boolean>((resolve) => {
        const s = dgram.createSocket(v6 ? 'udp6' : 'udp4');
        s.once('error', () => resolve(false));
        s.bind(port, host, () => s.close(() => resolve(true)));
      });
      if (free && i > 0) {
        free = await new Promise<boolean>((resolve) => {
          const t = net.createServer();
          t.once('error', () => resolve(false));
          t.listen(port, host, () => t.close(() => resolve(true)));
        });
      }
    }
    if (free) return port;
  }
  throw new Error('no port free for both TCP and UDP');
}

export interface Endpoint {
  host: string;
  port: number;
}

function assertLoopback(host: string): void {
  if (!host.startsWith('127.') && host !== '::1') throw new Error(`refusing to send to ${host}: suites talk to 127.0.0.0/8 and ::1 only`);
}

/** Sends `query` over UDP and resolves with the first reply datagram, or rejects on timeout. */
export function udpExchange(to: Endpoint, query: Buffer, timeoutMs = 2000): Promise<Buffer> {
  return udpFirstReply(to, [query], timeoutMs);
}

/** Sends `messages` in order from one UDP socket and resolves with the first reply datagram. */
function udpFirstReply(to: Endpoint, messages: Buffer[], timeoutMs: number): Promise<Buffer> {
  assertLoopback(to.host);
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket(to.host.includes(':') ? 'udp6' : 'udp4');
    const timer = setTimeout(() => {
      sock.close();
      reject(new Error(`UDP ${to.host}:${to.port}: no reply in ${timeoutMs} ms`));
    }, timeoutMs);
    sock.once('message', (msg) => {
      clearTimeout(timer);
      sock.close();
      resolve(msg);
    });
    sock.once('error', (e) => {
      clearTimeout(timer);
      sock.close();
      reject(e);
    });
    const sendFrom = (i: number): void => {
      if (i < messages.length) sock.send(messages[i], to.port, to.host, () => sendFrom(i + 1));
    };
    sendFrom(0);
  });
}

/** Sends `query` over TCP with its length prefix and resolves with the first whole reply. */
export function tcpExchange(to: Endpoint, query: Buffer, timeoutMs = 2000): Promise<Buffer> {
  assertLoopback(to.host);
  return new Promise((resolve, reject) => {
    const sock = net.connect(to.port, to.host);
    let buf = Buffer.alloc(0);
    const done = (err: Error | null, msg?: Buffer) => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(msg!);
    };
    const timer = setTimeout(() => done(new Error(`TCP ${to.host}:${to.port}: no reply in ${timeoutMs} ms`)), timeoutMs);
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length, 0);
      sock.write(Buffer.concat([len, query]));
    });
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2) {
        const n = buf.readUInt16BE(0);
        if (buf.length >= 2 + n) done(null, buf.subarray(2, 2 + n));
      }
    });
    sock.on('error', (e) => done(e));
    sock.on('close', () => done(new Error(`TCP ${to.host}:${to.port}: closed before a whole reply`)));
  });
}

export type Transport = 'udp' | 'tcp';

export function exchange(transport: Transport, to: Endpoint, query: Buffer, timeoutMs?: number): Promise<Buffer> {
  return transport === 'udp' ? udpExchange(to, query, timeoutMs) : tcpExchange(to, query, timeoutMs);
}

/**
 * Sends `ignored` and then `probe` from one socket (UDP) or on one connection (TCP) and
 * resolves with the first reply: when the server drops `ignored` (RFC 1035 4.1.1: a message
 * with QR=1 is no query), that first reply answers `probe`. Awaits an event, not a timeout.
 */
export function firstReplyAfter(transport: Transport, to: Endpoint, ignored: Buffer, probe: Buffer, timeoutMs = 2000): Promise<Buffer> {
  assertLoopback(to.host);
  if (transport === 'udp') return udpFirstReply(to, [ignored, probe], timeoutMs);
  return new Promise((resolve, reject) => {
    const sock = net.connect(to.port, to.host);
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`TCP ${to.host}:${to.port}: no reply in ${timeoutMs} ms`));
    }, timeoutMs);
    const frame = (m: Buffer) => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(m.length, 0);
      return Buffer.concat([len, m]);
    };
    sock.on('connect', () => sock.write(Buffer.concat([frame(ignored), frame(probe)])));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        clearTimeout(timer);
        sock.destroy();
        resolve(buf.subarray(2, 2 + buf.readUInt16BE(0)));
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`TCP ${to.host}:${to.port}: closed before a reply`));
    });
  });
}
