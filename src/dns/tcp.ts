/**
 * DNS over TCP (RFC 1035 4.2.2, RFC 7766): every message is preceded by its length in two
 * octets; a connection carries any number of queries, which may be pipelined (7766 6.2.1)
 * and arrive split across, or packed into, TCP segments in any way (7766 8). The handler
 * is synchronous, so replies go out in query order; a zone transfer's several messages
 * (RFC 5936 2.2) go out back to back.
 *
 * - Idle connections are closed after `idleTimeoutMs` (7766 6.2.3; BIND's tcp-idle-timeout
 *   is 30 s) without a complete message from the client: the timer restarts when a whole
 *   message has arrived, not on every byte, so a client sending one byte a second (slowloris)
 *   is closed as an idle one is. While replies are still being written the connection is
 *   not idle. The timer never keeps the process alive.
 * - At most `maxConnections` at once (BIND's tcp-clients, default 150). A connection over the
 *   limit closes the one that has gone longest without a complete message instead of being
 *   refused (7766 6.2.3: a server under load may close idle connections first), so a client
 *   holding every slot idle, or trickling bytes into them, cannot lock out one that asks.
 * - A message the handler drops (shorter than a header, QR=1, length 0) closes the
 *   connection, as BIND 9.18 does (measured: it resets the connection).
 * - Half-close (7766 6.2.4): when the client ends its side, queries already received are
 *   answered, then the server ends its side.
 * - Back-pressure: when the client does not read, reading stops until the socket drains,
 *   so a pipelining client cannot make the server buffer without bound.
 * - Errors (RST, EPIPE) destroy the one connection and are otherwise ignored.
 */
import net from 'node:net';
import type { Logger } from '../util/logger.js';

/**
 * One framed message from the peer at `from` (its IP address), on the connection's local
 * address `local`: the replies to send (several for a zone transfer), or null to close;
 * `later` sends replies afterwards, or closes (null).
 */
export type StreamMessageHandler = (
  msg: Buffer,
  from: string | undefined,
  later: (replies: Buffer[] | null) => void,
  local: string | undefined,
) => Buffer[] | null;

export interface TcpListenerOptions {
  idleTimeoutMs: number;
  /** Simultaneous connections (BIND's tcp-clients default: 150). */
  maxConnections: number;
  /** In a cluster worker: listen without `exclusive`, the primary handing connections round robin (workers/pool.ts). */
  shared?: boolean;
}

export interface TcpListener {
  readonly server: net.Server;
  readonly port: number;
  connections(): number;
  close(): Promise<void>;
}

/** Frames a response: the two-octet length then the message (RFC 1035 4.2.2). */
function frame(reply: Buffer): Buffer {
  const out = Buffer.allocUnsafe(reply.length + 2);
  out[0] = reply.length >> 8;
  out[1] = reply.length & 0xff;
  reply.copy(out, 2);
  return out;
}

/**
 * Serves one connection: reassembles length-prefixed messages from arbitrary chunks.
 * `onMessage` is told of each complete message (the listener's least-recently-active order).
 */
export function serveConnection(socket: net.Socket, handle: StreamMessageHandler, idleTimeoutMs: number, onMessage?: () => void): void {
  let chunks: Buffer[] = [];
  let have = 0;
  const peer = socket.remoteAddress;
  const local = socket.localAddress;
  let need = 2; // bytes needed before anything can be done: 2, then 2 + the message length
  let ended = false;
  const later = (replies: Buffer[] | null): void => {
    if (socket.destroyed) return;
    if (replies === null) socket.destroy();
    else for (const reply of replies) socket.write(frame(reply));
  };
  socket.setNoDelay(true);
  // One timer per connection, rescheduled in place on each complete message (no new timer per message).
  const idle = setTimeout(() => {
    if (socket.writableLength > 0) idle.refresh(); // still sending to the client: not idle
    else socket.destroy();
  }, idleTimeoutMs);
  idle.unref();
  const restartIdle = (): void => void idle.refresh();
  socket.on('close', () => clearTimeout(idle));
  socket.on('error', () => socket.destroy());
  socket.on('drain', () => {
    if (!ended) socket.resume();
  });
  socket.on('end', () => {
    ended = true;
    socket.end();
  });
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    have += chunk.length;
    if (have < need) return;
    // Only now join the pieces: each byte is copied a bounded number of times however
    // finely the client splits its writes.
    const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, have);
    let off = 0;
    let blocked = false;
    while (buf.length - off >= 2) {
      const len = (buf[off] << 8) | buf[off + 1];
      if (buf.length - off < 2 + len) break;
      const replies = handle(buf.subarray(off + 2, off + 2 + len), peer, later, local);
      off += 2 + len;
      restartIdle();
      onMessage?.();
      if (replies === null) {
        socket.destroy();
        return;
      }
      for (const reply of replies) if (!socket.write(frame(reply))) blocked = true;
    }
    if (off === buf.length) {
      chunks = [];
      have = 0;
      need = 2;
    } else {
      const rest = buf.subarray(off);
      chunks = [rest];
      have = rest.length;
      need = rest.length >= 2 ? 2 + ((rest[0] << 8) | rest[1]) : 2;
    }
    if (blocked) socket.pause();
  });
}

export function listenTcp(
  host: string,
  port: number,
  handle: StreamMessageHandler,
  opts: TcpListenerOptions,
  logger: Logger,
): Promise<TcpListener> {
  // Insertion order is the order of the last complete message (or connection): the first is
  // the one idle longest, closed when a new connection would go over the limit.
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: false }, (socket) => {
    while (sockets.size >= opts.maxConnections) {
      const oldest = sockets.values().next().value as net.Socket;
      sockets.delete(oldest);
      oldest.destroy();
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, handle, opts.idleTimeoutMs, () => {
      if (sockets.delete(socket)) sockets.add(socket);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: opts.shared !== true }, () => {
      server.off('error', reject);
      server.on('error', (err) => logger.warn({ err }, 'DNS TCP listener error'));
      const a = server.address() as net.AddressInfo;
      let closed: Promise<void> | undefined;
      resolve({
        server,
        port: a.port,
        connections: () => sockets.size,
        close() {
          closed ??= new Promise<void>((res) => {
            server.close(() => res());
            for (const s of sockets) s.destroy();
          });
          return closed;
        },
      });
    });
  });
}
