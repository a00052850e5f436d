/**
 * Test helpers for DHCP packets: byte arrays written field by field (coredhcp style) and a
 * programmatic request builder for property tests, plus config loading.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDhcpdConf } from '../../../src/dhcp/conf/index.js';
import type { DhcpConfig, DhcpPacket } from '../../../src/dhcp/types.js';
import { ipFromString } from '../../../src/dhcp/ip.js';

/** Concatenate hex strings (spaces allowed) and buffers into one datagram. */
export function wire(...parts: Array<string | Buffer>): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p.replace(/\s+/g, ''), 'hex') : p)));
}

/** n zero bytes (sname: 64, file: 128). */
export function zeros(n: number): Buffer {
  return Buffer.alloc(n);
}

/** A 6-byte MAC padded to the 16-byte chaddr field. */
export function chaddr(mac: string): Buffer {
  const b = Buffer.alloc(16);
  Buffer.from(mac.replace(/[:-]/g, ''), 'hex').copy(b);
  return b;
}

/** An IPv4 address as 4 hex bytes. */
export function ipHex(ip: string): string {
  return ipFromString(ip).toString(16).padStart(8, '0');
}

/** One option as hex: code, length, data. */
export function opt(code: number, data: string | Buffer): string {
  const d = typeof data === 'string' ? Buffer.from(data.replace(/\s+/g, ''), 'hex') : data;
  return Buffer.concat([Buffer.from([code, d.length]), d]).toString('hex');
}

export interface ReqSpec {
  type?: number;
  mac?: string;
  xid?: number;
  flags?: number;
  ciaddr?: string;
  giaddr?: string;
  requested?: string;
  serverId?: string;
  prl?: number[];
  clientId?: Buffer;
  leaseTime?: number;
  hostname?: string;
  options?: Array<[number, Buffer]>;
}

/** A BOOTREQUEST as a DhcpPacket (for the engine, without going through the codec). */
export function request(spec: ReqSpec): DhcpPacket {
  const options = new Map<number, Buffer>();
  if (spec.type !== undefined) options.set(53, Buffer.from([spec.type]));
  if (spec.clientId) options.set(61, spec.clientId);
  if (spec.requested) options.set(50, Buffer.from(ipHex(spec.requested), 'hex'));
  if (spec.serverId) options.set(54, Buffer.from(ipHex(spec.serverId), 'hex'));
  if (spec.leaseTime !== undefined) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(spec.leaseTime);
    options.set(51, b);
  }
  if (spec.hostname) options.set(12, Buffer.from(spec.hostname));
  if (spec.prl) options.set(55, Buffer.from(spec.prl));
  for (const [c, v] of spec.options ?? []) options.set(c, v);
  return {
    op: 1, htype: 1, hlen: 6, hops: 0, xid: spec.xid ?? 0x1234, secs: 0, flags: spec.flags ?? 0,
    ciaddr: spec.ciaddr ? ipFromString(spec.ciaddr) : 0, yiaddr: 0, siaddr: 0,
    giaddr: spec.giaddr ? ipFromString(spec.giaddr) : 0,
    chaddr: chaddr(spec.mac ?? '02:00:00:00:00:01'), sname: '', file: '', options,
  };
}

export const LAB_CONF = fileURLToPath(new URL('../../../fixtures/lab/dhcpd.conf', import.meta.url));

export function labConfig(): DhcpConfig {
  return parseDhcpdConf(readFileSync(LAB_CONF, 'utf8'), LAB_CONF);
}

export function conf(text: string): DhcpConfig {
  return parseDhcpdConf(text, 'test.conf');
}

export const ip = ipFromString;
