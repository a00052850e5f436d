/**
 * The secondary's side of the wire: the SOA query over UDP (RFC 1034 4.3.5) and the zone
 * transfer over TCP (RFC 5936 AXFR, RFC 1995 IXFR), each TSIG-signed when the primary has a
 * key (RFC 8945), every response message verified, each MAC chained to the one before
 * (RFC 8945 5.3.1; BIND signs every message of a transfer, so an unsigned one fails).
 *
 * - The SOA query: opcode QUERY, RD clear, `ZONE SOA IN`; tried 3 times, 5 s apart, on the
 *   injected clock (dns-exchange.ts). Its answer must be NOERROR with the zone's SOA in the
 *   answer section.
 * - The IXFR request carries the secondary's SOA in the authority section (RFC 1995 3).
 *   An error RCODE to it makes the caller ask again with AXFR (named's xfrin: "got RCODE,
 *   retrying with AXFR"); a whole zone in answer to it is read as an AXFR (xfr-reader.ts).
 * - A transfer with no message for `idleMs` (named's max-transfer-idle-in, 60 min) fails.
 *
 * Network safety is the caller's (secondary-zone.ts drops non-loopback primaries of a
 * loopback server before calling); the UDP exchange also refuses them itself.
 */
import net from 'node:net';
import { timerOf, type Clock } from '../../util/clock.js';
import { nameKey } from '../../wire/name.js';
import { RRType, type ResourceRecord } from '../../zones/record.js';
import { encodeMessage } from '../encode.js';
import { DnsClass, Opcode, TCP_MAX_SIZE } from '../message.js';
import { signMessage, verifyMessage, type TsigKey } from '../tsig.js';
import type { DnsExchange } from '../../dhcp/ddns/dns-exchange.js';
import { createXfrReader, readXfrMessage, XfrError, type XfrResult } from './xfr-reader.js';

export interface Primary {
  address: string;
  port: number;
  /** Sign requests with this key, and require every answer signed with it. */
  key?: TsigKey;
}

const T_AXFR = 252;
const T_IXFR = 251;

/** The request for `origin`/`type`, with `authority` (an IXFR's SOA), signed with `key`. */
export function transferRequest(id: number, origin: string, type: number, authority: ResourceRecord | undefined, key: TsigKey | undefined, now: number): { message: Buffer; mac?: Buffer } {
  const body = encodeMessage(
    {
      id,
      flags: { qr: false, opcode: Opcode.QUERY, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false, rcode: 0 },
      question: { name: origin, type, class: DnsClass.IN },
      answer: [],
      authority: authority ? [{ name: authority.name, type: authority.type, ttl: authority.ttl, rdatas: [authority.rdata] }] : [],
      additional: [],
    },
    { maxSize: TCP_MAX_SIZE },
  ).bytes;
  if (!key) return { message: body };
  return signMessage(body, key, { now });
}

export type Failure = { ok: false; reason: string; rcode?: number };

/** Checks a response's TSIG against the request's (or previous message's) MAC; returns the new MAC. */
function verified(msg: Buffer, key: TsigKey, now: number, chain: { requestMac?: Buffer; previousMac?: Buffer }): { mac: Buffer } | Failure {
  const v = verifyMessage(msg, (n) => (nameKey(n) === nameKey(key.name) ? key : undefined), { now, ...chain });
  if (v.ok) return { mac: v.tsig.mac };
  return { ok: false, reason: v.tsig ? `TSIG error ${v.error} in the answer (key ${key.name})` : `the answer is not signed (expected TSIG key ${key.name})` };
}

/** The primary's SOA for `origin` over UDP (see the file comment). */
export async function querySoa(exchange: DnsExchange, primary: Primary, origin: string, clock: Clock): Promise<{ ok: true; soa: ResourceRecord } | Failure> {
  const macs = new Map<number, Buffer>();
  const r = await exchange.exchange([{ address: primary.address, port: primary.port }], (id) => {
    const req = transferRequest(id, origin, RRType.SOA, undefined, primary.key, Math.floor(clock.now() / 1000));
    if (req.mac) macs.set(id, req.mac);
    return req.message;
  });
  if (!r.ok) return { ok: false, reason: r.reason === 'timeout' ? 'SOA query timed out' : 'SOA query not sent (outside loopback)' };
  if (primary.key) {
    const v = verified(r.answer, primary.key, Math.floor(clock.now() / 1000), { requestMac: macs.get(r.id!) });
    if ('ok' in v) return v;
  }
  let m;
  try {
    m = readXfrMessage(r.answer);
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  if (m.rcode !== 0) return { ok: false, reason: `SOA query answered rcode ${m.rcode}`, rcode: m.rcode };
  const soa = m.answer.find((rr) => rr.type === RRType.SOA && nameKey(rr.name) === nameKey(origin));
  if (!soa) return { ok: false, reason: 'SOA query answered without the zone SOA' };
  return { ok: true, soa };
}

export interface TransferOptions {
  clock: Clock;
  /** A 16-bit message ID. */
  id: number;
  /** No message for this long fails the transfer (default 60 min, named's max-transfer-idle-in). */
  idleMs?: number;
}

export const TRANSFER_IDLE_MS = 60 * 60_000;

/**
 * One transfer over TCP: an IXFR from `current` (the secondary's SOA) or, without it, an
 * AXFR. Resolves with what it holds (xfr-reader.ts) and the number of messages.
 */
export function transferZone(primary: Primary, origin: string, current: ResourceRecord | undefined, opts: TransferOptions): Promise<{ ok: true; result: XfrResult; messages: number } | Failure> {
  const setTimer = timerOf(opts.clock);
  const nowS = () => Math.floor(opts.clock.now() / 1000);
  const clientSerial = current ? current.rdata.readUInt32BE(current.rdata.length - 20) : undefined;
  const req = transferRequest(opts.id, origin, current ? T_IXFR : T_AXFR, current, primary.key, nowS());
  const reader = createXfrReader(origin, clientSerial);
  return new Promise((resolve) => {
    const socket = net.connect({ host: primary.address, port: primary.port });
    let buf = Buffer.alloc(0);
    let messages = 0;
    let mac = req.mac;
    let settled = false;
    let cancel = () => {};
    const finish = (r: { ok: true; result: XfrResult; messages: number } | Failure) => {
      if (settled) return;
      settled = true;
      cancel();
      socket.destroy();
      resolve(r);
    };
    const idle = () => {
      cancel();
      cancel = setTimer(opts.idleMs ?? TRANSFER_IDLE_MS, () => finish({ ok: false, reason: 'transfer timed out' }));
    };
    const onMessage = (msg: Buffer): void => {
      messages++;
      if (primary.key) {
        const v = verified(msg, primary.key, nowS(), messages === 1 ? { requestMac: mac } : { previousMac: mac });
        if ('ok' in v) return finish(v);
        mac = v.mac;
      }
      const m = readXfrMessage(msg);
      if (m.id !== opts.id || !m.qr) throw new XfrError('an answer with another ID');
      if (m.rcode !== 0) return finish({ ok: false, reason: `transfer answered rcode ${m.rcode}`, rcode: m.rcode });
      if (reader.push(m.answer)) finish({ ok: true, result: reader.result(), messages });
    };
    socket.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(req.message.length);
      socket.write(Buffer.concat([len, req.message]));
      idle();
    });
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      idle();
      try {
        while (!settled && buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const n = buf.readUInt16BE(0);
          const msg = buf.subarray(2, 2 + n);
          buf = buf.subarray(2 + n);
          onMessage(msg);
        }
      } catch (e) {
        finish({ ok: false, reason: (e as Error).message });
      }
    });
    socket.on('error', (e) => finish({ ok: false, reason: `transfer connection failed: ${e.message}` }));
    socket.on('close', () => finish({ ok: false, reason: `the primary closed the connection after ${messages} messages, before the transfer ended` }));
  });
}
