/**
 * DNS over UDP (RFC 1035 4.2.1): one dgram socket, each datagram handed to the query
 * handler and its response sent back to the datagram's source, nowhere else. The handler
 * truncates to the client's size (RFC 6891 7; 512 without EDNS), so nothing here splits.
 * Node 20's dgram has no recvmmsg/sendmmsg or reusePort: one socket, one message a call
 * (more processes share one socket through node:cluster instead: workers/pool.ts).
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { Logger } from '../util/logger.js';

/**
 * One datagram from the client at `from` (its IP address), the reply to send or null;
 * `later` sends a reply afterwards (the test kit's delayed answers). `local` is the address
 * the socket is bound to (undefined for a wildcard: dgram cannot tell which address a
 * datagram was sent to).
 */
export type DatagramHandler = (msg: Buffer, from: string, later: (reply: Buffer) => void, local: string | undefined) => Buffer | null;

export interface UdpListener {
  readonly socket: dgram.Socket;
  readonly port: number;
  readonly address: string;
  close(): Promise<void>;
}

/** Socket buffers asked for (Linux caps them at net.core.rmem_max/wmem_max). */
const SOCKET_BUFFER = 4 * 1024 * 1024;

/**
 * `reuseAddr`: SO_REUSEADDR, so a wildcard socket and sockets bound to each local address
 * share the port (Linux hands a datagram to the most specific bound socket).
 * `shared`: in a cluster worker, bound without `exclusive`, so every worker receives on the
 * one socket the primary process opened (node:cluster; the DNS workers, workers/pool.ts).
 */
export function listenUdp(host: string, port: number, handle: DatagramHandler, logger: Logger, opts: { reuseAddr?: boolean; shared?: boolean } = {}): Promise<UdpListener> {
  const socket = dgram.createSocket({
    type: net.isIPv6(host) ? 'udp6' : 'udp4',
    recvBufferSize: SOCKET_BUFFER,
    sendBufferSize: SOCKET_BUFFER,
    reuseAddr: opts.reuseAddr === true,
  });
  let errors = 0;
  let closed: Promise<void> | undefined;
  let local: string | undefined;
  socket.on('message', (msg, rinfo) => {
    const reply = handle(msg, rinfo.address, (late) => {
      if (!closed) socket.send(late, rinfo.port, rinfo.address);
    }, local);
    if (reply !== null) socket.send(reply, rinfo.port, rinfo.address);
  });
  return new Promise((resolve, reject) => {
    const onBindError = (err: Error) => {
      socket.close();
      reject(err);
    };
    socket.once('error', onBindError);
    socket.bind({ address: host, port, exclusive: opts.shared !== true }, () => {
      socket.off('error', onBindError);
      // After binding: a failed send (e.g. EPERM from a firewall) must not kill the server.
      socket.on('error', (err) => {
        if (errors++ % 1000 === 0) logger.warn({ err, errors }, 'DNS UDP socket error');
      });
      const a = socket.address();
      local = a.address === '0.0.0.0' || a.address === '::' ? undefined : a.address;
      resolve({
        socket,
        port: a.port,
        address: a.address,
        close() {
          closed ??= new Promise<void>((res) => socket.close(() => res()));
          return closed;
        },
      });
    });
  });
}
