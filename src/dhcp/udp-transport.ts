/**
 * The DHCP server's one UDP socket (RFC 2131 4.1: server port 67, client port 68).
 * Node's dgram has no raw sockets, no IP_PKTINFO and no SO_BINDTODEVICE: replies to a client
 * without an address go by broadcast, which is enabled only when the socket is not bound to
 * loopback (a loopback-bound server never broadcasts: the egress guard in routing.ts keeps
 * every destination in 127.0.0.0/8, and the socket itself refuses broadcast).
 */
import dgram from 'node:dgram';

import type { Endpoint } from '../util/endpoint.js';

export type { Endpoint } from '../util/endpoint.js';

export type PacketHandler = (buf: Buffer, source: Endpoint) => void;

/** What the server needs from a transport; tests inject their own (or wrap this one). */
export interface DhcpTransport {
  readonly address: Endpoint;
  onPacket(handler: PacketHandler): void;
  /** Resolves once the datagram is handed to the kernel; rejects on a send error. */
  send(buf: Buffer, dest: Endpoint): Promise<void>;
  close(): Promise<void>;
}

export interface TransportBind {
  host: string;
  port: number;
  /** SO_BROADCAST: true only when not bound to loopback. */
  broadcast: boolean;
  /** SO_RCVBUF in bytes (bursts from perfdhcp); the kernel may clamp it. */
  recvBufferSize?: number;
  onError?: (err: Error) => void;
}

export type TransportFactory = (bind: TransportBind) => Promise<DhcpTransport>;

export function isLoopbackHost(host: string): boolean {
  return /^127\./.test(host);
}

export const openUdpTransport: TransportFactory = async (bind) => {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: false });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    socket.once('error', onError);
    socket.bind({ address: bind.host, port: bind.port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve();
    });
  });
  // After bind: setBroadcast and buffer sizes need a bound socket.
  socket.setBroadcast(bind.broadcast && !isLoopbackHost(bind.host));
  if (bind.recvBufferSize) {
    try {
      socket.setRecvBufferSize(bind.recvBufferSize);
    } catch {
      /* the kernel limit (net.core.rmem_max) wins; not fatal */
    }
  }
  socket.on('error', (err) => bind.onError?.(err));
  const a = socket.address();
  let handler: PacketHandler = () => {};
  socket.on('message', (msg, rinfo) => handler(msg, { address: rinfo.address, port: rinfo.port }));
  let closed = false;
  return {
    address: { address: a.address, port: a.port },
    onPacket(h) {
      handler = h;
    },
    send(buf, dest) {
      return new Promise<void>((resolve, reject) => {
        if (closed) return reject(new Error('transport closed'));
        socket.send(buf, dest.port, dest.address, (err) => (err ? reject(err) : resolve()));
      });
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
};
