/**
 * Sending one DNS message and waiting for its answer over UDP (RFC 1035 4.2.1): the DHCP
 * server's DNS-update transport. One socket for all exchanges; answers are matched by ID and
 * source address; each try waits `timeoutMs` on the injected clock, then the next server or
 * the next try. IPv4 and IPv6 servers alike (one socket per family, opened when first needed).
 * Nothing is sent to an address outside loopback (127.0.0.0/8, ::1) when `loopbackOnly` is set
 * (labnet's egress rule for a server on a loopback address): the exchange fails at once.
 */
import dgram from 'node:dgram';
import type { Endpoint } from '../../util/endpoint.js';
import { timerOf, type Clock } from '../../util/clock.js';
import net from 'node:net';
import { isLoopbackAddress, sameAddress } from '../../util/ip-address.js';

export type ExchangeResult = { ok: true; answer: Buffer; from: Endpoint } | { ok: false; reason: 'timeout' | 'refused-locally' };

export interface DnsExchange {
  /** `build(id)` makes the message for a fresh ID (a signed message is re-signed per try). */
  exchange(servers: Endpoint[], build: (id: number) => Buffer): Promise<ExchangeResult & { id?: number; sent?: Buffer }>;
  close(): void;
}

export interface DnsExchangeOptions {
  clock: Clock;
  /** 16-bit message IDs (RFC 5452 9.2: random). */
  randomId: () => number;
  timeoutMs?: number;
  tries?: number;
  loopbackOnly: boolean;
  /** Where a dropped destination is reported. */
  onRefused?: (to: Endpoint) => void;
}

export function createDnsExchange(opts: DnsExchangeOptions): DnsExchange {
  const setTimer = timerOf(opts.clock);
  const timeoutMs = opts.timeoutMs ?? 2000;
  const tries = opts.tries ?? 3;
  const sockets = new Map<'udp4' | 'udp6', dgram.Socket>();
  let closed = false;
  /** Exchanges waiting for an answer, by message ID: `finish(undefined)` ends one as a timeout. */
  const waiting = new Map<number, { from: Endpoint; finish: (r: { answer: Buffer; from: Endpoint } | undefined) => void }>();

  function open(to: Endpoint): dgram.Socket {
    const type = net.isIPv6(to.address) ? 'udp6' : 'udp4';
    const have = sockets.get(type);
    if (have) return have;
    const s = dgram.createSocket(type);
    s.on('message', (msg, rinfo) => {
      if (msg.length < 12) return;
      const w = waiting.get(msg.readUInt16BE(0));
      if (!w || !sameAddress(w.from.address, rinfo.address) || w.from.port !== rinfo.port) return;
      w.finish({ answer: msg, from: { address: rinfo.address, port: rinfo.port } });
    });
    s.on('error', () => undefined);
    s.unref();
    sockets.set(type, s);
    return s;
  }

  async function once(to: Endpoint, msg: Buffer, id: number): Promise<{ answer: Buffer; from: Endpoint } | undefined> {
    const s = open(to);
    return new Promise((resolve) => {
      let cancel = () => {};
      const finish = (r: { answer: Buffer; from: Endpoint } | undefined) => {
        if (waiting.get(id)?.finish !== finish) return;
        waiting.delete(id);
        cancel();
        resolve(r);
      };
      waiting.set(id, { from: to, finish });
      cancel = setTimer(timeoutMs, () => finish(undefined));
      s.send(msg, to.port, to.address, (err) => {
        if (err) finish(undefined);
      });
    });
  }

  return {
    async exchange(servers, build) {
      const allowed = servers.filter((e) => {
        const ok = !opts.loopbackOnly || isLoopbackAddress(e.address);
        if (!ok) opts.onRefused?.(e);
        return ok;
      });
      if (allowed.length === 0) return { ok: false, reason: 'refused-locally' };
      for (let t = 0; t < tries && !closed; t++) {
        for (const to of allowed) {
          if (closed) break;
          let id = opts.randomId() & 0xffff;
          while (waiting.has(id)) id = (id + 1) & 0xffff;
          const msg = build(id);
          const r = await once(to, msg, id);
          if (r) return { ok: true, answer: r.answer, from: r.from, id, sent: msg };
        }
      }
      return { ok: false, reason: 'timeout' };
    },
    close() {
      closed = true;
      for (const w of [...waiting.values()]) w.finish(undefined);
      for (const s of sockets.values()) s.close();
      sockets.clear();
    },
  };
}
