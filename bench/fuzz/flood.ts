/**
 * Floods that must not grow a server's memory (issue 11, bounded memory):
 *
 * - random-subdomain: queries for distinct random names under lab.local, each an NXDOMAIN
 *   (the answer cache, answer-cache.ts, holds at most its entries/bytes budget, two
 *   generations); every reply is checked (NXDOMAIN with the query's ID) and, after each
 *   batch, a known name still gets the lab's address;
 * - DHCP DISCOVERs from distinct MACs never followed by a REQUEST: the offers are held for
 *   the offer hold time and their addresses reused, the allocator's index of clients holds
 *   at most one entry per address (allocator.ts bind()); after each batch a reserved host's
 *   DORA still gets its fixed address.
 *
 * RSS is sampled after each batch; `flatness` gives the least-squares slope of the second
 * half of the samples (after the warm-up in which the bounded tables fill).
 */
import dgram from 'node:dgram';
import { buildQuery } from '../../src/dns/client.js';
import { createDhcpClient } from '../../src/lab/dhcp-client.js';
import { clientMessage } from './dhcp-seeds.js';
import { rssKiB, slope, type ServeProcess } from './server-process.js';
import { knownCheck, type KnownCheck } from './known-check.js';

export interface FloodOptions {
  count: number;
  /** Packets between RSS samples and checks. */
  batch: number;
  seed: number;
  onBatch?: (sent: number, rssKiB: number) => void;
  /** Also sample the server's heap after a full collection (ServeProcess.heapAfterGc) with each RSS sample. */
  heap?: boolean;
}

export interface FloodFigures {
  sent: number;
  /** Replies received and those that were not what they must be. */
  replies: number;
  wrong: number;
  /** Checks after each batch (known answer, or DORA) that failed. */
  failedChecks: number;
  rss: number[];
  /** Heap in use after a full collection, KiB, when asked for (`heap`). */
  heap: number[];
  at: number[];
  seconds: number;
}

/** xorshift32 from `seed`: the flood's names and MACs are reproducible. */
export function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A label of 16 random letters and digits: 36^16 names, none repeated in practice. */
export function randomLabel(rnd: () => number): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += ALPHABET[rnd() % 36];
  return s;
}

/**
 * Slope of the second half of the samples, in bytes of RSS per packet sent, on their lower
 * envelope: each sample replaced by the least of it and all later ones. A garbage-collected
 * heap's RSS rises with garbage and falls back after a collection; the envelope keeps only
 * what is never given back, which is what a table growing per packet makes (a leak raises
 * every later sample, so the envelope is the samples themselves).
 */
export function flatness(f: Pick<FloodFigures, 'rss' | 'at'>, samples = f.rss): { bytesPerPacket: number; from: number } {
  const floor = [...samples];
  for (let i = floor.length - 2; i >= 0; i--) floor[i] = Math.min(floor[i], floor[i + 1]);
  const half = Math.floor(f.rss.length / 2);
  return { bytesPerPacket: slope(f.at.slice(half), floor.slice(half).map((k) => k * 1024)), from: f.at[half] };
}

async function udpSocket(onMessage: (m: Buffer) => void): Promise<dgram.Socket> {
  const sock = dgram.createSocket('udp4');
  sock.on('error', () => {});
  sock.on('message', onMessage);
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  return sock;
}

/** The figures before the first packet: the first samples, at 0. */
async function start(target: ServeProcess, opts: FloodOptions): Promise<FloodFigures> {
  const heap = opts.heap ? [(await target.heapAfterGc!()) / 1024] : [];
  return { sent: 0, replies: 0, wrong: 0, failedChecks: 0, rss: [rssKiB(target.pid)], heap, at: [0], seconds: 0 };
}

async function sample(target: ServeProcess, f: FloodFigures, opts: FloodOptions): Promise<void> {
  f.rss.push(rssKiB(target.pid));
  if (opts.heap) f.heap.push((await target.heapAfterGc!()) / 1024);
  f.at.push(f.sent);
}

/** Resolves when `cond()` holds (checked every millisecond) or after `ms`. */
async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 1));
}

function send(sock: dgram.Socket, msg: Buffer, port: number): Promise<void> {
  return new Promise((resolve) => sock.send(msg, port, '127.0.0.1', () => resolve()));
}

export async function dnsFlood(target: ServeProcess, opts: FloodOptions): Promise<FloodFigures> {
  const rnd = xorshift(opts.seed);
  const f = await start(target, opts);
  let known: KnownCheck | undefined;
  const sock = await udpSocket((m) => {
    if (known!.onMessage(m)) return;
    if (m.length < 12) return void f.wrong++;
    f.replies++;
    // RFC 1035 4.1.1: QR set, RCODE 3 (name error) for a name under lab.local that does not exist.
    if ((m[2] & 0x80) === 0 || (m[3] & 0x0f) !== 3) f.wrong++;
  });
  known = knownCheck(sock, target.dnsPort);
  const started = Date.now();
  while (f.sent < opts.count && target.alive()) {
    const end = Math.min(opts.count, f.sent + opts.batch);
    for (; f.sent < end; f.sent++) {
      await send(sock, buildQuery(f.sent & 0x3fff, `${randomLabel(rnd)}.lab.local`, 1), target.dnsPort);
      // Paced by the replies: no more than 500 queries ahead of them (a deeper queue only
      // has the kernel drop datagrams), or 100 ms without one.
      if (f.sent - f.replies > 500) await until(() => f.sent - f.replies <= 250, 100);
    }
    if (!(await known.check())) f.failedChecks++;
    if (!target.alive()) break;
    await sample(target, f, opts);
    opts.onBatch?.(f.sent, f.rss.at(-1)!);
  }
  await new Promise((r) => setTimeout(r, 200)); // the last replies
  sock.close();
  f.seconds = (Date.now() - started) / 1000;
  return f;
}

export async function dhcpFlood(target: ServeProcess, opts: FloodOptions): Promise<FloodFigures> {
  const rnd = xorshift(opts.seed);
  const f = await start(target, opts);
  const sock = await udpSocket((m) => {
    f.replies++;
    // Only OFFERs (option 53 = 2) answer a DISCOVER (RFC 2131 4.3.1).
    if (m.length < 243 || m[0] !== 2 || !m.subarray(240).includes(Buffer.from([53, 1, 2]))) f.wrong++;
  });
  const prl: [number, Buffer] = [55, Buffer.from([1, 3, 6, 15, 51, 54])];
  const started = Date.now();
  while (f.sent < opts.count && target.alive()) {
    const end = Math.min(opts.count, f.sent + opts.batch);
    for (; f.sent < end; f.sent++) {
      const mac = Buffer.alloc(6);
      mac.writeUInt32BE(rnd(), 2);
      mac.writeUInt16BE(0x0200 | (rnd() & 0xff), 0); // locally administered, unicast
      await send(sock, clientMessage(mac, rnd(), [[53, Buffer.from([1])], prl]), target.dhcpPort);
    }
    const c = createDhcpClient({ server: { address: '127.0.0.1', port: target.dhcpPort }, mac: '00:0c:29:aa:bb:01', timeoutMs: 2000, tries: 2 });
    try {
      if ((await c.boot()).ip !== '192.168.244.131') f.failedChecks++;
    } catch {
      f.failedChecks++;
    } finally {
      await c.close();
    }
    if (!target.alive()) break;
    await sample(target, f, opts);
    opts.onBatch?.(f.sent, f.rss.at(-1)!);
  }
  await new Promise((r) => setTimeout(r, 200));
  sock.close();
  f.seconds = (Date.now() - started) / 1000;
  return f;
}
