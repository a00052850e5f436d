/** Raw UDP and TCP clients for the server tests (loopback only). */
import dgram from 'node:dgram';
import net from 'node:net';
import { once } from 'node:events';

export function udpExchange(port: number, msg: Buffer, timeoutMs = 2000): Promise<Buffer | null> {
  const sock = dgram.createSocket('udp4');
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      sock.close();
      resolve(null);
    }, timeoutMs);
    sock.on('message', (m) => {
      clearTimeout(t);
      sock.close();
      resolve(m);
    });
    sock.send(msg, port, '127.0.0.1');
  });
}

export function frame(msg: Buffer): Buffer {
  const b = Buffer.alloc(2 + msg.length);
  b.writeUInt16BE(msg.length, 0);
  msg.copy(b, 2);
  return b;
}

/** A TCP connection that splits the byte stream back into DNS messages (RFC 1035 4.2.2). */
export class TcpClient {
  readonly socket: net.Socket;
  private buf = Buffer.alloc(0);
  private readonly frames: Buffer[] = [];
  private waiters: ((b: Buffer | null) => void)[] = [];
  readonly closed: Promise<void>;
  readonly ended: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('error', () => {});
    this.closed = once(socket, 'close').then(() => {
      for (const w of this.waiters) w(null);
      this.waiters = [];
    });
    this.ended = once(socket, 'end').then(() => undefined);
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= 2 && this.buf.length >= 2 + this.buf.readUInt16BE(0)) {
        const f = this.buf.subarray(2, 2 + this.buf.readUInt16BE(0));
        this.buf = this.buf.subarray(2 + f.length);
        const w = this.waiters.shift();
        if (w) w(f);
        else this.frames.push(f);
      }
    });
  }

  static async connect(port: number, opts: { allowHalfOpen?: boolean } = {}): Promise<TcpClient> {
    const s = net.connect({ host: '127.0.0.1', port, allowHalfOpen: opts.allowHalfOpen });
    await once(s, 'connect');
    return new TcpClient(s);
  }

  write(b: Buffer): Promise<void> {
    return new Promise((res, rej) => this.socket.write(b, (err) => (err ? rej(err) : res())));
  }

  /** The next message, or null when the connection closed first. */
  next(): Promise<Buffer | null> {
    const f = this.frames.shift();
    if (f) return Promise.resolve(f);
    if (this.socket.destroyed) return Promise.resolve(null);
    return new Promise((res) => this.waiters.push(res));
  }

  close(): void {
    this.socket.destroy();
  }
}
