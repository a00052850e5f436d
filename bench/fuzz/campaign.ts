/**
 * The fuzz campaign against a running labnet (server-process.ts): mutated packets from the
 * captured corpus (corpus.json, capture.mjs) to its DNS port over UDP and TCP and to its
 * DHCP port, the server's RSS sampled, its liveness checked throughout (a known query after
 * every batch, which also paces the sender to what the server has read), and afterwards
 * the lab's known answers (probes.ts) compared with those given before the campaign.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { dhcpMutant, dnsMutant, samples } from './mutate.js';
import { rssKiB, type ServeProcess } from './server-process.js';
import { knownCheck } from './known-check.js';
import { builtDhcpSeeds } from './dhcp-seeds.js';

export interface Corpus {
  dns: Buffer[];
  /** The DNS messages dig sent over TCP (AXFR, IXFR, keepopen). */
  dnsTcp: Buffer[];
  dhcp: Buffer[];
}

/** The captures of corpus.json, and the DHCP kinds no client could be captured sending (dhcp-seeds.ts). */
export function loadCorpus(file = join(import.meta.dirname, 'corpus.json')): Corpus {
  const c = JSON.parse(readFileSync(file, 'utf8')) as { dns: { hex: string; tcp?: boolean }[]; dhcp: { hex: string }[] };
  const buf = (x: { hex: string }) => Buffer.from(x.hex, 'hex');
  return { dns: c.dns.map(buf), dnsTcp: c.dns.filter((x) => x.tcp).map(buf), dhcp: [...c.dhcp.map(buf), ...builtDhcpSeeds()] };
}

export interface CampaignOptions {
  /** Total packets: 45% DNS over UDP, 10% DNS over TCP, 45% DHCP. */
  packets: number;
  seed: number;
  /** Packets between liveness probes (and RSS samples). */
  batch?: number;
  /** Called after each batch (progress). */
  onBatch?: (sent: number, rssKiB: number) => void;
}

export interface CampaignFigures {
  dnsUdp: number;
  dnsTcp: number;
  tcpConnections: number;
  dhcp: number;
  /** RSS samples (KiB) and the packets sent when each was taken. */
  rss: number[];
  at: number[];
  seconds: number;
  /** Liveness checks (known-check.ts, one per batch) not answered right in 3 tries. */
  missedProbes: number;
}

/** Sends one datagram and waits for the kernel to take it. */
function send(sock: dgram.Socket, msg: Buffer, port: number): Promise<void> {
  return new Promise((resolve) => sock.send(msg, port, '127.0.0.1', () => resolve()));
}

/** One TCP connection carrying `msgs`, framed (RFC 1035 4.2.2); some frames lie about their length. */
async function tcpStream(port: number, msgs: Buffer[], lie: boolean): Promise<void> {
  const c = net.connect({ host: '127.0.0.1', port });
  c.on('error', () => {});
  c.on('data', () => {});
  const closed = once(c, 'close');
  await Promise.race([once(c, 'connect'), closed]);
  const frames = msgs.map((m, i) => {
    const h = Buffer.alloc(2);
    h.writeUInt16BE(lie && i === msgs.length - 1 ? (m.length * 3 + 1) & 0xffff : m.length);
    return Buffer.concat([h, m]);
  });
  if (!c.destroyed) c.end(Buffer.concat(frames));
  // The server closes after answering what it could; a lying last frame waits for the idle timeout.
  const t = setTimeout(() => c.destroy(), 1000);
  await closed;
  clearTimeout(t);
}

export async function runCampaign(target: ServeProcess, corpus: Corpus, opts: CampaignOptions): Promise<CampaignFigures> {
  const batch = opts.batch ?? 1000;
  const sock = dgram.createSocket('udp4');
  sock.on('error', () => {});
  const known = knownCheck(sock, target.dnsPort);
  sock.on('message', (m) => known.onMessage(m)); // the fuzzed packets' replies are not looked at
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  const dns = samples(dnsMutant(corpus.dns), Math.ceil(opts.packets * 0.55), opts.seed) as Generator<Buffer>;
  const dhcp = samples(dhcpMutant(corpus.dhcp), Math.ceil(opts.packets * 0.45), opts.seed + 1_000_003) as Generator<Buffer>;
  const f: CampaignFigures = { dnsUdp: 0, dnsTcp: 0, tcpConnections: 0, dhcp: 0, rss: [rssKiB(target.pid)], at: [0], seconds: 0, missedProbes: 0 };
  const started = Date.now();
  let sent = 0;
  const next = (g: Generator<Buffer>): Buffer | undefined => {
    const r = g.next();
    return r.done ? undefined : r.value;
  };
  while (sent < opts.packets && target.alive()) {
    const end = Math.min(opts.packets, sent + batch);
    const streams: Promise<void>[] = [];
    let tcpMsgs: Buffer[] = [];
    for (; sent < end; sent++) {
      const r = sent % 20;
      if (r < 9) {
        const m = next(dhcp);
        if (m) await send(sock, m, target.dhcpPort);
        f.dhcp++;
      } else if (r < 18) {
        const m = next(dns);
        if (m) await send(sock, m, target.dnsPort);
        f.dnsUdp++;
      } else {
        const m = next(dns);
        if (m) tcpMsgs.push(m);
        f.dnsTcp++;
        if (tcpMsgs.length === 10) {
          streams.push(tcpStream(target.dnsPort, tcpMsgs, streams.length % 2 === 1));
          f.tcpConnections++;
          tcpMsgs = [];
        }
      }
    }
    if (tcpMsgs.length > 0) {
      streams.push(tcpStream(target.dnsPort, tcpMsgs, false));
      f.tcpConnections++;
    }
    await Promise.all(streams);
    if (!(await known.check())) f.missedProbes++;
    if (!target.alive()) break;
    const rss = rssKiB(target.pid);
    f.rss.push(rss);
    f.at.push(sent);
    opts.onBatch?.(sent, rss);
  }
  sock.close();
  f.seconds = (Date.now() - started) / 1000;
  return f;
}
