/**
 * labnet's DNS client: one query to a server over UDP or TCP (RFC 1035 4.2.1, 4.2.2: a
 * two-octet length before each TCP message), the reply decoded with dns-packet. Used by
 * DnsServer.query(), `labnet up`'s host table and the tests; it talks only to the address
 * it is given (never the system resolver).
 */
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import { nameToWire } from '../wire/name.js';
import { typeFromText } from '../wire/rrtypes.js';
import type { Endpoint } from '../util/endpoint.js';

export interface DnsQueryOptions {
  tcp?: boolean;
  /** Default true. */
  rd?: boolean;
  /** Send an OPT (RFC 6891) with a 1232-octet UDP size. Default false. */
  edns?: boolean;
  /** Milliseconds to wait for the reply; default 2000. */
  timeoutMs?: number;
}

/** The type number for 'A', 'aaaa', 'TYPE65' or 65 (RFC 3597 5 for TYPEnnn). */
export function typeNumber(type: string | number): number {
  if (typeof type === 'number') return type;
  const n = typeFromText(type);
  if (n === undefined) throw new Error(`unknown RR type '${type}'`);
  return n;
}

/** A query message (RFC 1035 4.1) for `name`/`type`, class IN. */
export function buildQuery(id: number, name: string, type: number, opts: { rd?: boolean; edns?: boolean } = {}): Buffer {
  const qname = nameToWire(name.endsWith('.') ? name : name + '.');
  const edns = opts.edns ?? false;
  const out = Buffer.alloc(12 + qname.length + 4 + (edns ? 11 : 0));
  out.writeUInt16BE(id, 0);
  out.writeUInt16BE(opts.rd === false ? 0 : 0x0100, 2);
  out.writeUInt16BE(1, 4);
  out.writeUInt16BE(edns ? 1 : 0, 10);
  qname.copy(out, 12);
  let o = 12 + qname.length;
  out.writeUInt16BE(type, o);
  out.writeUInt16BE(1, o + 2);
  o += 4;
  if (edns) {
    out.writeUInt16BE(41, o + 1); // root owner, TYPE OPT
    out.writeUInt16BE(1232, o + 3); // UDP payload size
  }
  return out;
}

function udpRoundTrip(address: string, port: number, msg: Buffer, timeoutMs: number): Promise<Buffer> {
  const sock = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
  return new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => {
      sock.close();
      reject(new Error(`no UDP reply from ${address}:${port} in ${timeoutMs} ms`));
    }, timeoutMs);
    sock.on('error', (err) => {
      clearTimeout(timer);
      sock.close();
      reject(err);
    });
    sock.on('message', (reply) => {
      if (reply.length < 2 || reply.readUInt16BE(0) !== msg.readUInt16BE(0)) return;
      clearTimeout(timer);
      sock.close();
      resolve(reply);
    });
    sock.send(msg, port, address);
  });
}

function tcpRoundTrip(address: string, port: number, msg: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const sock = net.connect({ host: address, port });
    const framed = Buffer.alloc(msg.length + 2);
    framed.writeUInt16BE(msg.length, 0);
    msg.copy(framed, 2);
    let buf = Buffer.alloc(0);
    sock.setTimeout(timeoutMs, () => {
      sock.destroy();
      reject(new Error(`no TCP reply from ${address}:${port} in ${timeoutMs} ms`));
    });
    sock.on('error', reject);
    sock.on('close', () => reject(new Error('TCP connection closed before the reply')));
    sock.on('connect', () => sock.write(framed));
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        sock.destroy();
        resolve(buf.subarray(2, 2 + buf.readUInt16BE(0)));
      }
    });
  });
}

let nextId = 1;

/** One query to `server` (an IP address and port), its reply decoded. */
export async function queryDns(server: Endpoint, name: string, type: string | number, q: DnsQueryOptions = {}): Promise<dnsPacket.Packet> {
  const id = (nextId = (nextId * 7919 + 1) & 0xffff);
  const msg = buildQuery(id, name, typeNumber(type), { rd: q.rd, edns: q.edns });
  const timeout = q.timeoutMs ?? 2000;
  const reply = q.tcp ? await tcpRoundTrip(server.address, server.port, msg, timeout) : await udpRoundTrip(server.address, server.port, msg, timeout);
  return dnsPacket.decode(reply);
}
