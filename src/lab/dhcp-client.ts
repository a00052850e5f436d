/**
 * A simulated DHCP client doing real exchanges over UDP (RFC 2131 3.1 DORA, 3.2 INIT-REBOOT,
 * 4.4.5 RENEWING/REBINDING, 3.1 step 6 / 4.4.6 RELEASE, 4.4.1 DECLINE, 3.4 INFORM).
 *
 * It sends unicast to the server's address (a loopback-bound labnet server returns replies to
 * the request's source, so no broadcast is ever needed). With `giaddr` it behaves as a relay
 * agent would (RFC 2131 4.1, RFC 3046): hops 1, giaddr set, option 82 added, and it listens
 * where the server sends relayed replies (bind it at giaddr:67, or wherever routing sends them).
 * Used by the end-to-end tests and by the lab API (`lab.client(mac).boot()`).
 */
import dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import type { DhcpPacket } from '../dhcp/types.js';
import { MessageType } from '../dhcp/types.js';
import { ipFromString, ipToString } from '../dhcp/ip.js';
import { decodePacket, encodePacket } from '../dhcp/packet.js';
import { systemClock, type Clock } from '../util/clock.js';

import type { Endpoint } from '../util/endpoint.js';

export interface DhcpClientOptions {
  server: Endpoint;
  /** The client's hardware address, `aa:bb:cc:dd:ee:ff`. */
  mac: string;
  /** Option 61 (RFC 2132 9.14): raw bytes, or a string sent as type 0 + text. */
  clientId?: Buffer | string;
  /** Option 12. */
  hostname?: string;
  /** Option 81, the Client FQDN (RFC 4702), payload as built by ddns/client-fqdn.ts buildClientFqdn. */
  fqdn?: Buffer;
  /** Local socket (default 127.0.0.1, ephemeral port). */
  bind?: Partial<Endpoint>;
  clock?: Clock;
  /** Act as relayed: giaddr in every request (hops 1). */
  giaddr?: string;
  /** Relay agent information (option 82) added to every request when relayed. */
  relayAgentInfo?: Buffer;
  /** Per-try wait for a reply, ms (default 1000), and tries per exchange (default 3; RFC 2131 4.1 backs off, loopback needs no more). */
  timeoutMs?: number;
  tries?: number;
  /** Option 55 (default: 1 3 6 12 15 28 42 51 54 58 59 119). */
  parameterRequestList?: number[];
}

/** The commonly used options of a reply, decoded; `raw` holds every option as received. */
export interface ReplyOptions {
  messageType?: number;
  serverId?: string;
  leaseTime?: number;
  renewalTime?: number;
  rebindingTime?: number;
  subnetMask?: string;
  routers: string[];
  dns: string[];
  ntp: string[];
  domainName?: string;
  hostName?: string;
  broadcastAddress?: string;
  message?: string;
  relayAgentInfo?: Buffer;
  raw: Map<number, Buffer>;
}

export interface ClientLease {
  ip: string;
  serverId: string;
  /** Seconds (option 51); undefined for an INFORM. */
  leaseTime?: number;
  obtainedAt: number;
  expiresAt?: number;
}

export interface ExchangeResult {
  type: 'ACK' | 'NAK';
  ip: string;
  options: ReplyOptions;
  lease?: ClientLease;
  packet: DhcpPacket;
}

export interface BootResult {
  ip: string;
  options: ReplyOptions;
  lease: ClientLease;
}

export class DhcpClientError extends Error {
  constructor(message: string, readonly reply?: DhcpPacket) {
    super(message);
    this.name = 'DhcpClientError';
  }
}

export interface DhcpClient {
  readonly mac: string;
  /** Where the client's socket is bound (after the first exchange, or await `ready()`). */
  ready(): Promise<Endpoint>;
  /** The current (or last) lease. */
  readonly lease: ClientLease | undefined;
  /** DISCOVER -> OFFER -> REQUEST -> ACK (RFC 2131 3.1). Throws DhcpClientError on NAK or silence. */
  boot(): Promise<BootResult>;
  /** RENEWING (RFC 2131 4.4.5): REQUEST with ciaddr, no server id, no requested address. */
  renew(): Promise<ExchangeResult>;
  /** REBINDING: as renew (the server cannot tell unicast from broadcast on loopback). */
  rebind(): Promise<ExchangeResult>;
  /** RELEASE (RFC 2131 4.4.6): no reply. Resolves once sent. */
  release(): Promise<void>;
  /** DECLINE (RFC 2131 4.4.1) of the current address: no reply. */
  decline(): Promise<void>;
  /** INFORM (RFC 2131 3.4) with ciaddr = the current (or given) address. */
  inform(ip?: string): Promise<ExchangeResult>;
  /** INIT-REBOOT (RFC 2131 3.2): REQUEST with option 50 = the last (or given) address, no server id. */
  reboot(ip?: string): Promise<ExchangeResult>;
  close(): Promise<void>;
}

const DEFAULT_PRL = [1, 3, 6, 12, 15, 28, 42, 51, 54, 58, 59, 119];

export function macToBuffer(mac: string): Buffer {
  const parts = mac.split(/[:-]/);
  if (parts.length !== 6 || !parts.every((p) => /^[0-9a-f]{1,2}$/i.test(p))) throw new Error(`bad MAC '${mac}'`);
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}

function ipList(b: Buffer | undefined): string[] {
  const out: string[] = [];
  if (!b) return out;
  for (let i = 0; i + 4 <= b.length; i += 4) out.push(ipToString(b.readUInt32BE(i)));
  return out;
}

/** Decodes the options tests and the lab look at; everything stays available in `raw`. */
export function decodeReplyOptions(p: DhcpPacket): ReplyOptions {
  const o = p.options;
  const u32 = (c: number) => { const b = o.get(c); return b && b.length === 4 ? b.readUInt32BE(0) : undefined; };
  const ip = (c: number) => { const v = u32(c); return v === undefined ? undefined : ipToString(v); };
  const text = (c: number) => o.get(c)?.toString('latin1');
  return {
    messageType: o.get(53)?.[0],
    serverId: ip(54),
    leaseTime: u32(51),
    renewalTime: u32(58),
    rebindingTime: u32(59),
    subnetMask: ip(1),
    routers: ipList(o.get(3)),
    dns: ipList(o.get(6)),
    ntp: ipList(o.get(42)),
    domainName: text(15),
    hostName: text(12),
    broadcastAddress: ip(28),
    message: text(56),
    relayAgentInfo: o.get(82),
    raw: o,
  };
}

/** Synchronous: the socket binds in the background and the first exchange waits for it. */
export function createDhcpClient(opts: DhcpClientOptions): DhcpClient {
  const clock = opts.clock ?? systemClock;
  const timeoutMs = opts.timeoutMs ?? 1000;
  const tries = opts.tries ?? 3;
  const macBuf = macToBuffer(opts.mac);
  const chaddr = Buffer.alloc(16);
  macBuf.copy(chaddr);
  const clientId = typeof opts.clientId === 'string' ? Buffer.concat([Buffer.from([0]), Buffer.from(opts.clientId)]) : opts.clientId;
  const giaddr = opts.giaddr ? ipFromString(opts.giaddr) : 0;

  const socket = dgram.createSocket('udp4');
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: opts.bind?.address ?? '127.0.0.1', port: opts.bind?.port ?? 0 }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  ready.catch(() => {}); // surfaced by the first send

  // One waiter at a time: an exchange is sequential (RFC 2131 4.4 client state machine).
  let waiter: { xid: number; accept: (p: DhcpPacket) => boolean; resolve: (p: DhcpPacket) => void } | undefined;
  socket.on('message', (msg) => {
    let p: DhcpPacket;
    try {
      p = decodePacket(msg);
    } catch {
      return; // not a DHCP message for us
    }
    if (p.op !== 2 || !waiter || p.xid !== waiter.xid || !p.chaddr.subarray(0, 6).equals(macBuf)) return;
    if (!waiter.accept(p)) return;
    const w = waiter;
    waiter = undefined;
    w.resolve(p);
  });
  socket.on('error', () => {});

  let lease: ClientLease | undefined;
  let closed = false;
  const startedAt = clock.now();

  function packet(type: number, xid: number, fields: Partial<DhcpPacket>, extra: [number, Buffer][] = []): DhcpPacket {
    const options = new Map<number, Buffer>();
    options.set(53, Buffer.from([type]));
    if (clientId) options.set(61, clientId);
    for (const [c, b] of extra) options.set(c, b);
    if (type !== MessageType.RELEASE && type !== MessageType.DECLINE) {
      options.set(55, Buffer.from(opts.parameterRequestList ?? DEFAULT_PRL));
      options.set(57, Buffer.from([1500 >> 8, 1500 & 255]));
      if (opts.hostname) options.set(12, Buffer.from(opts.hostname));
      if (opts.fqdn) options.set(81, opts.fqdn);
    }
    if (giaddr && opts.relayAgentInfo) options.set(82, opts.relayAgentInfo); // RFC 3046 2.1: last option added by the relay
    return {
      op: 1, htype: 1, hlen: 6, hops: giaddr ? 1 : 0, xid,
      secs: Math.min(0xffff, Math.floor((clock.now() - startedAt) / 1000)),
      flags: 0, ciaddr: 0, yiaddr: 0, siaddr: 0, giaddr, chaddr, sname: '', file: '', options,
      ...fields,
    };
  }

  async function send(p: DhcpPacket): Promise<void> {
    await ready;
    const buf = encodePacket(p, { maxSize: 1500 });
    return new Promise((resolve, reject) => socket.send(buf, opts.server.port, opts.server.address, (e) => (e ? reject(e) : resolve())));
  }

  /** Sends p and waits for a matching reply, retransmitting on silence (RFC 2131 4.1). */
  async function exchange(p: DhcpPacket, accept: (r: DhcpPacket) => boolean, what: string): Promise<DhcpPacket> {
    if (closed) throw new DhcpClientError('client closed');
    for (let attempt = 0; attempt < tries; attempt++) {
      let timer: NodeJS.Timeout | undefined;
      const reply = new Promise<DhcpPacket | undefined>((resolve) => {
        waiter = { xid: p.xid, accept, resolve };
        timer = setTimeout(() => {
          waiter = undefined;
          resolve(undefined);
        }, timeoutMs);
      });
      await send(p);
      const r = await reply;
      clearTimeout(timer);
      if (r) return r;
    }
    throw new DhcpClientError(`${what}: no reply from ${opts.server.address}:${opts.server.port} after ${tries} tries`);
  }

  const typeOf = (r: DhcpPacket) => r.options.get(53)?.[0];
  const ackOrNak = (r: DhcpPacket) => typeOf(r) === MessageType.ACK || typeOf(r) === MessageType.NAK;
  const newXid = () => randomInt(1, 0xffffffff);
  const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(v >>> 0); return b; };

  function result(r: DhcpPacket, fallbackServer?: string): ExchangeResult {
    const options = decodeReplyOptions(r);
    if (typeOf(r) === MessageType.NAK) return { type: 'NAK', ip: '0.0.0.0', options, packet: r };
    const ip = ipToString(r.yiaddr);
    const now = clock.now();
    const l: ClientLease = {
      ip: r.yiaddr ? ip : (lease?.ip ?? '0.0.0.0'),
      serverId: options.serverId ?? fallbackServer ?? opts.server.address,
      leaseTime: options.leaseTime,
      obtainedAt: now,
      expiresAt: options.leaseTime === undefined ? undefined : now + options.leaseTime * 1000,
    };
    return { type: 'ACK', ip: l.ip, options, lease: l, packet: r };
  }

  function requireLease(what: string): ClientLease {
    if (!lease) throw new DhcpClientError(`${what}: the client holds no lease`);
    return lease;
  }

  const client: DhcpClient = {
    mac: opts.mac,
    async ready() {
      await ready;
      const a = socket.address();
      return { address: a.address, port: a.port };
    },
    get lease() {
      return lease;
    },
    async boot() {
      const xid = newXid();
      const discover = packet(MessageType.DISCOVER, xid, {}, lease ? [[50, u32(ipFromString(lease.ip))]] : []);
      const offer = await exchange(discover, (r) => typeOf(r) === MessageType.OFFER, 'DISCOVER');
      const offered = offer.yiaddr;
      const sid = offer.options.get(54);
      if (!sid) throw new DhcpClientError('OFFER without server identifier (RFC 2131 4.3.1)', offer);
      const request = packet(MessageType.REQUEST, xid, {}, [[50, u32(offered)], [54, sid]]);
      const ack = await exchange(request, ackOrNak, 'REQUEST');
      const res = result(ack);
      if (res.type === 'NAK') throw new DhcpClientError(`REQUEST for ${ipToString(offered)} NAKed: ${res.options.message ?? ''}`, ack);
      lease = res.lease!;
      return { ip: res.ip, options: res.options, lease: res.lease! };
    },
    async renew() {
      const l = requireLease('renew');
      const r = await exchange(packet(MessageType.REQUEST, newXid(), { ciaddr: ipFromString(l.ip) }), ackOrNak, 'REQUEST (renewing)');
      const res = result(r, l.serverId);
      if (res.lease) lease = res.lease;
      return res;
    },
    async rebind() {
      const l = requireLease('rebind');
      const r = await exchange(packet(MessageType.REQUEST, newXid(), { ciaddr: ipFromString(l.ip), flags: 0 }), ackOrNak, 'REQUEST (rebinding)');
      const res = result(r, l.serverId);
      if (res.lease) lease = res.lease;
      return res;
    },
    async release() {
      const l = requireLease('release');
      await send(packet(MessageType.RELEASE, newXid(), { ciaddr: ipFromString(l.ip) }, [[54, u32(ipFromString(l.serverId))]]));
    },
    async decline() {
      const l = requireLease('decline');
      await send(packet(MessageType.DECLINE, newXid(), {}, [[50, u32(ipFromString(l.ip))], [54, u32(ipFromString(l.serverId))]]));
      lease = undefined;
    },
    async inform(ip) {
      const addr = ip ?? requireLease('inform').ip;
      const r = await exchange(packet(MessageType.INFORM, newXid(), { ciaddr: ipFromString(addr) }), ackOrNak, 'INFORM');
      const res = result(r);
      return { ...res, ip: addr, lease: undefined };
    },
    async reboot(ip) {
      const addr = ip ?? requireLease('reboot').ip;
      const r = await exchange(packet(MessageType.REQUEST, newXid(), {}, [[50, u32(ipFromString(addr))]]), ackOrNak, 'REQUEST (init-reboot)');
      const res = result(r);
      if (res.type === 'ACK') lease = res.lease;
      else lease = undefined;
      return res;
    },
    async close() {
      if (closed) return;
      closed = true;
      waiter?.resolve(undefined as unknown as DhcpPacket);
      const bound = await ready.then(() => true, () => false);
      if (!bound) return;
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
  return client;
}
