/**
 * The DHCPv4 server: one UDP socket, the pure engine, the lease journal and reply routing.
 *
 * Per datagram (RFC 2131 4.1, 4.3): decode (malformed -> drop, debug log) -> engine.handle
 * -> the lease changes are recorded in the journal, and the reply is sent only once they are
 * durable (the journal group-commits every record submitted in one event-loop turn with one
 * write and one fdatasync) -> encode (bounded by option 57, RFC 2132 9.10) -> routeReply
 * (RFC 2131 4.1 destinations plus the loopback egress guard) -> send, or drop and log.
 * Nothing a client sends can throw out of the packet path: every failure is a counted drop.
 */
import type { DhcpConfig, DhcpPacket, Lease } from './types.js';
import { MessageType } from './types.js';
import { ipFromString, ipToString, inSubnet } from './ip.js';
import { decodePacket, encodePacket } from './packet.js';
import { createDhcpEngine } from './engine.js';
import { routeReply } from './routing.js';
import { LeaseConflictError, openLeaseStore, type LeaseStore } from './lease-store.js';
import { interfaceSubnet, hostIPv4Addresses } from './interface.js';
import { openUdpTransport, isLoopbackHost, type DhcpTransport, type Endpoint, type TransportFactory } from './udp-transport.js';
import { systemClock, timerOf, type Clock } from '../util/clock.js';
import type { DhcpTap } from './tap.js';
import { nakReply } from './faults.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { ddnsStyle } from './ddns/params.js';
import { createDdnsUpdater, type DdnsUpdater } from './ddns/updater.js';
import { createDdnsRegistrar, type DdnsRegistrar } from './ddns/registrar.js';
import type { HaConfig } from './ha/config.js';
import type { HistogramSnapshot } from '../util/histogram.js';
import { programRunner } from './run-program.js';
import { startHaService, type HaService, type HaStatus } from './ha/service.js';

export interface DhcpServerOptions {
  config: DhcpConfig;
  /** Bind address: '127.0.0.1' (default) or '0.0.0.0' for real clients. */
  host?: string;
  /** 0 = ephemeral (default), 67 for real clients. */
  port?: number;
  /**
   * The lease journal (dhcpd.leases format), or a `postgresql://USER:PASSWORD@HOST:PORT/DB`
   * URL for Kea's lease4 table shared with other servers (lease-store.ts); without it leases
   * live in memory only.
   */
  leasesFile?: string;
  /** As `dhcpd IFACE`: directly attached (not relayed) clients are on this interface's subnet. */
  interface?: string;
  /** Dotted quad for option 54; see chooseServerId for the default. */
  serverId?: string;
  clock?: Clock;
  logger?: Logger;
  /** Port replies to clients go to (default 68); replies that return to a loopback source keep its port. */
  clientPort?: number;
  /**
   * Port replies to relay agents (giaddr) go to (default 67, RFC 2131 4.1). Tests and the lab
   * run simulated relays on ephemeral ports, as RFC 8357 relays do on non-standard ports.
   */
  relayPort?: number;
  /**
   * The subnet directly attached clients are on when there is no --interface. Default: the
   * subnet holding the bind address, else the first subnet declaring a range (the lab's
   * 192.168.244.0/24 for a server on 127.0.0.1 answering simulated clients).
   */
  localSubnet?: { network: number; mask: number };
  /** An open lease store to use instead of opening `leasesFile` (tests inject slow or failing ones); the server closes it. */
  journal?: LeaseStore;
  /** Injected transport (tests record every destination); default: a dgram socket. */
  openTransport?: TransportFactory;
  /** A tap on the packet path (the test kit's faults and lease events); see tap.ts. */
  tap?: DhcpTap;
  /**
   * DNS updates (dhcpd.conf `ddns-update-style interim|standard` with `zone` and `key`
   * declarations): the port the zones' servers listen on (default 53; the lab's own DNS
   * server's port in `labnet up`), the answer timeout, or an injected updater.
   */
  ddns?: {
    port?: number;
    timeoutMs?: number;
    updater?: DdnsUpdater;
    /** The clock TSIG's time signed is read from (default systemClock; the lab's DNS server's clock when it is the receiver). */
    wallClock?: Clock;
  };
  /**
   * High availability with a partner server, as Kea's HA hook (ha/service.ts): the pair's
   * configuration (ha/config.ts, from Kea's HA JSON or a dhcpd.conf failover peer); `listen`
   * and `partner` override the exchange's addresses (tests bind port 0).
   */
  ha?: { config: HaConfig; listen?: Endpoint; partner?: Endpoint };
  /** The level of the per-packet lines (dhcpd's `DHCPACK on ...` syslog lines); default 'info'. */
  packetLogLevel?: 'info' | 'debug';
  /** Run dhcpd.conf `execute` statements' programs (dhcp-eval(5)); default false: refused with a log line. */
  allowExecute?: boolean;
}

export interface DhcpServerStats {
  received: number;
  malformed: number;
  /** Requests the engine answered with silence (not ours, unknown client...). */
  unanswered: number;
  replies: number;
  /** Replies routed to nowhere (egress guard) or failed to send. */
  dropped: number;
  /** Unexpected errors caught in the packet path (engine, encode, journal). */
  errors: number;
  byType: Record<string, number>;
  /** Journal flushes: write+fdatasync pairs (group commit: far fewer than records); database: committed statements. */
  journalSyncs: number;
  journalRecords: number;
  /** Latency of the lease store's durable commits (journal fdatasync, database commit), when it measures it. */
  journalSyncSeconds?: HistogramSnapshot;
  /** Leases a shared lease database refused because another server's client holds the address. */
  leaseConflicts: number;
  /** The HA state and counters, in a pair. */
  ha?: HaStatus;
}

export interface DhcpServer {
  readonly address: Endpoint;
  readonly serverId: string;
  leases(): Lease[];
  reload(config: DhcpConfig): void;
  /**
   * One request through the same path as a datagram's (decode, tap, engine, journal, encode,
   * routing), without a socket: resolves with the reply as it would be sent (decoded) and
   * where to, or null for silence. `source` defaults to 127.0.0.1:68.
   */
  inject(packet: Buffer | DhcpPacket, source?: Endpoint): Promise<{ reply: DhcpPacket; to: Endpoint } | null>;
  stats(): DhcpServerStats;
  /** The HA service of a pair (undefined without one). */
  readonly ha?: HaService;
  /** Resolves once the DNS updates started so far have had their answers (or timed out). */
  ddnsIdle(): Promise<void>;
  close(): Promise<void>;
}

const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(MessageType).map(([k, v]) => [v, k]));

/** Message type name of a packet (option 53), 'BOOTP' without one. */
export function messageTypeName(p: DhcpPacket): string {
  const t = p.options.get(53);
  return t && t.length === 1 ? (TYPE_NAMES[t[0]] ?? `TYPE${t[0]}`) : 'BOOTP';
}

/**
 * The server identifier (RFC 2132 9.7), in order: the option, `server-identifier` in the
 * config's global scope, the --interface address, the bind address when it is not 0.0.0.0,
 * a host address inside a configured subnet, any non-internal host address, else 127.0.0.1.
 */
export function chooseServerId(
  opts: { serverId?: string; host: string; config: DhcpConfig; iface?: { address: number } },
  hostAddrs: () => number[] = () => hostIPv4Addresses().map((a) => a.address),
): number {
  if (opts.serverId) return ipFromString(opts.serverId);
  if (opts.config.global.serverIdentifier !== undefined) return opts.config.global.serverIdentifier;
  if (opts.iface) return opts.iface.address;
  if (opts.host !== '0.0.0.0') return ipFromString(opts.host);
  const addrs = hostAddrs();
  const inConfig = addrs.find((a) => opts.config.subnets.some((s) => inSubnet(a, s.network, s.mask)));
  return inConfig ?? addrs[0] ?? ipFromString('127.0.0.1');
}

/** See DhcpServerOptions.localSubnet. */
export function defaultLocalSubnet(config: DhcpConfig, host: string): { network: number; mask: number } | undefined {
  if (host !== '0.0.0.0') {
    const h = ipFromString(host);
    const holding = config.subnets.find((s) => inSubnet(h, s.network, s.mask) && s.pools.some((p) => p.ranges.length > 0));
    if (holding) return { network: holding.network, mask: holding.mask };
  }
  const first = config.subnets.find((s) => s.pools.some((p) => p.ranges.length > 0)) ?? config.subnets[0];
  return first ? { network: first.network, mask: first.mask } : undefined;
}

/** Record every lease; resolves with the conflicts a shared store reported, rejects on any other failure. */
async function recordAll(store: LeaseStore, leases: Lease[]): Promise<LeaseConflictError[]> {
  if (leases.length === 1) {
    // The common case (one lease per ACK): one promise, not allSettled over a mapped array.
    try {
      await store.record(leases[0]);
      return [];
    } catch (e) {
      if (e instanceof LeaseConflictError) return [e];
      throw e;
    }
  }
  const outcomes = await Promise.allSettled(leases.map((l) => store.record(l)));
  const conflicts: LeaseConflictError[] = [];
  for (const o of outcomes) {
    if (o.status === 'fulfilled') continue;
    if (o.reason instanceof LeaseConflictError) conflicts.push(o.reason);
    else throw o.reason;
  }
  return conflicts;
}

/** RFC 2132 9.10: the client's maximum DHCP message size, never below 576. */
export function maxMessageSize(req: DhcpPacket): number {
  const o = req.options.get(57);
  const v = o && o.length === 2 ? o.readUInt16BE(0) : 576;
  return Math.max(576, v);
}

export async function startDhcpServer(opts: DhcpServerOptions): Promise<DhcpServer> {
  const host = opts.host ?? '127.0.0.1';
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  const clientPort = opts.clientPort ?? 68;
  const relayPort = opts.relayPort ?? 67;
  const packetLogLevel = opts.packetLogLevel ?? 'info';
  const iface = opts.interface ? interfaceSubnet(opts.interface) : undefined;
  let config = opts.config;
  const serverIdNum = chooseServerId({ serverId: opts.serverId, host, config, iface });
  const serverId = ipToString(serverIdNum);
  const fixedLocal = opts.localSubnet ?? (iface ? { network: iface.network, mask: iface.mask } : undefined);
  let localSubnet = fixedLocal ?? defaultLocalSubnet(config, host);
  const serverOnLoopback = isLoopbackHost(host);
  const directedBroadcast = iface ? ipToString((iface.network | ~iface.mask) >>> 0) : '255.255.255.255';

  // Kea's subnet_id: the subnet's place in the file, from 1, as Kea numbers subnets given without an id.
  const subnetIdOf = (ip: number) => config.subnets.findIndex((s) => inSubnet(ip, s.network, s.mask)) + 1;
  const journal = opts.journal ?? (opts.leasesFile ? await openLeaseStore(opts.leasesFile, { clock, logger, subnetIdOf }) : undefined);
  const engine = createDhcpEngine(config, { serverId: serverIdNum, logger, leases: journal?.leases() ?? [], ...(opts.allowExecute ? { runProgram: programRunner(logger) } : {}) });

  let ha: HaService | undefined;
  if (opts.ha) {
    try {
      ha = await startHaService({
        config: opts.ha.config,
        clock,
        logger,
        loopbackOnly: isLoopbackHost(host),
        leases: () => engine.leases(clock.now()),
        // The partner's lease: the engine takes it and the store makes it durable before the answer.
        apply: async (lease) => {
          engine.learn(lease);
          await journal?.record(lease);
        },
        subnetIdOf,
        listen: opts.ha.listen,
        partner: opts.ha.partner,
      });
    } catch (err) {
      await journal?.close();
      throw err;
    }
  }
  const stats: Omit<DhcpServerStats, 'journalSyncs' | 'journalRecords' | 'journalSyncSeconds' | 'ha'> = { received: 0, malformed: 0, unanswered: 0, replies: 0, dropped: 0, errors: 0, byType: {}, leaseConflicts: 0 };
  const open = opts.openTransport ?? openUdpTransport;
  let transport: DhcpTransport;
  try {
    transport = await open({
      host,
      port: opts.port ?? 0,
      broadcast: !serverOnLoopback,
      recvBufferSize: 4 * 1024 * 1024,
      onError: (err) => logger.warn({ err }, 'dhcp socket error'),
    });
  } catch (err) {
    await ha?.close();
    await journal?.close();
    throw err;
  }
  const inFlight = new Set<Promise<unknown>>();
  let closing = false;
  // dhcpd reads ddns-update-style once, at startup (dhcpd.conf(5)); so does labnet. A reload
  // gives the updater the new file's zone and key declarations.
  const updater: DdnsUpdater | undefined =
    ddnsStyle(config.global) === 'none'
      ? undefined
      : (opts.ddns?.updater ??
        createDdnsUpdater({
          zones: config.ddnsZones ?? [],
          keys: config.ddnsKeys ?? [],
          clock,
          logger,
          port: opts.ddns?.port,
          timeoutMs: opts.ddns?.timeoutMs,
          wallClock: opts.ddns?.wallClock,
          loopbackOnly: serverOnLoopback,
        }));
  const registrar: DdnsRegistrar | undefined =
    updater === undefined
      ? undefined
      : createDdnsRegistrar({
          engine,
          clock,
          updater,
          persist: async (lease) => {
            if (journal && !closing) await journal.record(lease);
          },
        });
  registrar?.resume(journal?.leases() ?? []);
  const setTimer = timerOf(clock);
  /** Requests held by a delay fault: released (dropped) at close. */
  const held = new Set<() => void>();
  const hold = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const release = () => {
        held.delete(release);
        cancel();
        resolve(false);
      };
      const cancel = setTimer(ms, () => {
        held.delete(release);
        resolve(true);
      });
      held.add(release);
    });
  const socketSend = (wire: Buffer, to: Endpoint) => transport.send(wire, to);

  async function handlePacket(buf: Buffer, source: Endpoint, send: (wire: Buffer, to: Endpoint) => Promise<void> = socketSend): Promise<void> {
    stats.received++;
    let req: DhcpPacket;
    try {
      req = decodePacket(buf);
    } catch (err) {
      stats.malformed++;
      logger.debug({ source, len: buf.length, err: (err as Error).message }, 'dhcp: malformed packet dropped');
      return;
    }
    if (req.op !== 1) {
      // RFC 2131 4.1: servers ignore BOOTREPLY.
      stats.malformed++;
      return;
    }
    const type = messageTypeName(req);
    stats.byType[type] = (stats.byType[type] ?? 0) + 1;
    if (logger.isLevelEnabled('debug')) {
      logger.debug({ type, source, ciaddr: ipToString(req.ciaddr), giaddr: ipToString(req.giaddr), chaddr: req.chaddr.subarray(0, req.hlen).toString('hex') }, 'dhcp: request');
    }
    const action = opts.tap?.before?.(req);
    if (action && 'drop' in action) {
      stats.unanswered++;
      return;
    }
    if (action && 'delayMs' in action && !(await hold(action.delayMs))) return;
    // HA (Kea's query filter): the partner's clients are the partner's while it is up.
    if (ha && !ha.inScope(req)) {
      stats.unanswered++;
      return;
    }
    const ctx = { now: clock.now(), localSubnet, raw: buf };
    let result = action && 'nak' in action ? { reply: nakReply(req, serverIdNum, action.nak), changes: [] } : engine.handle(req, ctx);
    // The ACK goes out only once its lease is durable (RFC 2131 4.3.2 commit before ACK). A
    // shared database may answer that another server's client holds the address: the engine
    // learns that lease and handles the request again, answering as it would have had it
    // known (a NAK, as Kea does for an address it cannot give: RFC 2131 4.3.2); a second
    // refusal in a row leaves the client unanswered.
    for (let attempt = 0; result.changes.length > 0 && journal; attempt++) {
      const conflicts = await recordAll(journal, result.changes);
      if (conflicts.length === 0) break;
      for (const c of conflicts) {
        stats.leaseConflicts++;
        if (c.current) engine.learn(c.current);
        logger.info({ source, type, ip: ipToString(c.ip) }, 'dhcp: lease database holds the address for another client');
      }
      if (attempt > 0) {
        stats.unanswered++;
        return;
      }
      result = engine.handle(req, ctx);
    }
    // HA: the partner has the leases before the client does (Kea's lease4-update before the
    // parked reply is sent); unacknowledged, the reply is dropped and the client retries.
    if (ha && result.changes.length > 0 && !(await ha.leasesCommitted(result.changes))) {
      stats.unanswered++;
      return;
    }
    if (result.event && logger.isLevelEnabled(packetLogLevel)) logger[packetLogLevel]({ source, type }, result.event);
    opts.tap?.after?.(req, result);
    if (result.ddns && registrar) {
      // dhcpd.conf(5) "DYNAMIC DNS UPDATES": after the lease is committed; the reply does not wait.
      const work = result.ddns;
      void registrar.run(work, result.changes.find((l) => l.ip === work.ip)?.ends);
    }
    const reply = result.reply;
    if (!reply) {
      stats.unanswered++;
      return;
    }
    const wire = encodePacket(reply, { maxSize: maxMessageSize(req), prl: req.options.get(55) });
    const route = routeReply(req, reply, { source, serverOnLoopback });
    if ('drop' in route) {
      stats.dropped++;
      logger.debug({ source, type, reason: route.drop }, 'dhcp: reply dropped');
      return;
    }
    // Replies to the client port (68) or the relay port (67) honour clientPort / relayPort,
    // except replies the guard returned to their loopback source, which keep its port.
    const toSource = route.address === source.address && route.port === source.port;
    // A limited broadcast (255.255.255.255) follows the routing table, not the interface (no
    // SO_BINDTODEVICE in Node): with --interface it goes as that subnet's directed broadcast,
    // which Linux sends out of that interface to ff:ff:ff:ff:ff:ff (clients in INIT read it raw).
    const address = route.broadcast && route.address === '255.255.255.255' && iface ? directedBroadcast : route.address;
    const port = toSource ? route.port : route.port === 68 ? clientPort : route.port === 67 && req.giaddr !== 0 ? relayPort : route.port;
    try {
      await send(wire, { address, port });
      stats.replies++;
      if (logger.isLevelEnabled('debug')) {
        logger.debug({ type: messageTypeName(reply), yiaddr: ipToString(reply.yiaddr), dest: address, port, chaddr: req.chaddr.subarray(0, req.hlen).toString('hex') }, 'dhcp: reply sent');
      }
    } catch (err) {
      stats.dropped++;
      logger.warn({ dest: address, port, err: (err as Error).message }, 'dhcp: send failed');
    }
  }

  const failed = (err: unknown, source: Endpoint) => {
    stats.errors++;
    logger.error({ err, source }, 'dhcp: packet handling failed');
  };
  transport.onPacket((buf, source) => {
    if (closing) return;
    // One settle handler per packet (not a catch and a finally): this runs for every datagram.
    const p: Promise<void> = handlePacket(buf, source).then(
      () => void inFlight.delete(p),
      (err: unknown) => {
        inFlight.delete(p);
        failed(err, source);
      },
    );
    inFlight.add(p);
  });

  logger.info({ address: transport.address, serverId, localSubnet: localSubnet && ipToString(localSubnet.network) }, 'dhcp server listening');

  return {
    address: transport.address,
    serverId,
    leases: () => engine.leases(clock.now()),
    async inject(packet, source = { address: '127.0.0.1', port: 68 }) {
      const buf = Buffer.isBuffer(packet) ? packet : encodePacket(packet, { maxSize: 1500 });
      let out: { reply: DhcpPacket; to: Endpoint } | null = null;
      const p = handlePacket(buf, source, async (wire, to) => {
        out = { reply: decodePacket(wire), to };
      });
      inFlight.add(p);
      try {
        await p;
      } finally {
        inFlight.delete(p);
      }
      return out;
    },
    reload(next) {
      config = next;
      engine.reloadConfig(next);
      updater?.configure(next.ddnsZones ?? [], next.ddnsKeys ?? []);
      localSubnet = fixedLocal ?? defaultLocalSubnet(config, host);
    },
    ddnsIdle: async () => {
      await Promise.allSettled([...inFlight]);
      await registrar?.idle();
    },
    ha,
    stats: () => {
      const j = journal?.stats();
      return {
        ...stats,
        ...(ha ? { ha: ha.status() } : {}),
        byType: { ...stats.byType },
        journalSyncs: j?.syncs ?? 0,
        journalRecords: j?.records ?? 0,
        ...(j?.syncSeconds ? { journalSyncSeconds: j.syncSeconds } : {}),
      };
    },
    async close() {
      if (closing) return;
      closing = true; // new datagrams are ignored; those in flight finish (their ACKs included)
      for (const release of [...held]) release();
      await Promise.allSettled([...inFlight]);
      registrar?.close();
      await transport.close();
      await ha?.close();
      await journal?.close();
    },
  };
}
