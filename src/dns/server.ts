/**
 * The DNS server: UDP and TCP on one port (RFC 1035 4.2; RFC 7766 5: TCP is required as
 * well as UDP), both feeding one query handler. Reloads swap the ZoneSet (and with it the
 * answer cache) between two queries, so none is dropped or answered from a mix of zones.
 */
import net from 'node:net';
import os from 'node:os';
import dnsPacket from 'dns-packet';
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import type { Clock } from '../util/clock.js';
import type { Zone, ZoneSet } from '../zones/zone-types.js';
import { createZoneSet, withZone } from '../zones/zoneset.js';
import { nameKey } from '../wire/name.js';
import { queryDns, type DnsQueryOptions } from './client.js';
import { createQueryHandler, type CookieOptions, IGNORED_EDNS_OPTIONS, type QueryHandlerOptions, type QueryHandlerStats, type Responder } from './handler.js';
import { listenUdp, type UdpListener } from './udp.js';
import { respond as defaultRespond, respondMany, type RespondOptions, type TransferSource } from './respond.js';
import { selectView, withReplacedZones, type ViewSet } from './views.js';
import type { ParsedQuery } from './message.js';
import { listenTcp, type TcpListener } from './tcp.js';
export { buildQuery, typeNumber, type DnsQueryOptions } from './client.js';
import { injectThrough, type InjectOptions, type QueryTap } from './tap.js';
import { createUpdateService, type UpdateServiceOptions, type UpdateZoneHost } from './update-service.js';

export interface DnsServerOptions {
  /**
   * The zones to serve, or a getter read on every query (e.g. zones updated by DHCP). The
   * answer cache lives as long as the getter returns the same object: return a new ZoneSet
   * only when the zones changed.
   */
  zones: ZoneSet | (() => ZoneSet);
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: an ephemeral port, the same for UDP and TCP. */
  port?: number;
  /**
   * On a wildcard host (0.0.0.0, ::): the local addresses to bind a UDP socket each, as
   * named binds one per interface address, so each datagram's local address is known
   * (match-destinations, allow-query-on) and the reply leaves from the address the query
   * was sent to. Default: the host's addresses of that family (os.networkInterfaces()).
   */
  interfaceAddresses?: () => string[];
  logger?: Logger;
  /** TCP idle timeout (RFC 7766 6.2.3); default 30 s, BIND's tcp-idle-timeout. */
  tcpIdleTimeoutMs?: number;
  /** Simultaneous TCP connections; default 150, BIND's tcp-clients. */
  tcpClients?: number;
  /** Used for rate-limiting error logs. */
  /** DNS cookies (named.conf answer-cookie, cookie-secret, require-server-cookie); default: BIND's. */
  cookies?: CookieOptions;
  clock?: Clock;
  /** The responder; default src/dns/respond.ts's `respond`. */
  respond?: Responder;
  /** Answer cache size in entries (0 disables it); default 100,000. */
  cacheSize?: number;
  /** A tap on the request path (the test kit's faults and query log); see tap.ts. */
  tap?: QueryTap;
  /** Accept RFC 2136 UPDATEs (update-service.ts); the updated zones are swapped in as by reload(). */
  update?: UpdateServiceOptions;
  /**
   * The views of a named.conf (conf-views.ts): when given, each request is answered by the
   * view that takes it, from that view's zones (see handler.ts `views`); `zones` is then
   * only what zones() reports.
   */
  views?: ViewSet;
  /** What IXFR answers come from (each zone's journal, respond.ts TransferSource). */
  transfers?: TransferSource;
  /**
   * The "zones changed" event: called with the first zones once listening (old undefined),
   * then on every reload() and accepted UPDATE with the zones before and after (the NOTIFY
   * sender listens). With views, once per view whose zones changed, with the view's name.
   */
  onZonesChanged?: (old: ZoneSet | undefined, next: ZoneSet, view?: string) => void;
  /** NOTIFYs for the zones served here, before they are answered (handler.ts `notify`: the secondary zones). */
  notify?: QueryHandlerOptions['notify'];
  /**
   * The sockets are another's (the DNS workers, workers/pool.ts): nothing listens here; the
   * messages they pass on are answered with serve(), and every change of what serves is told.
   */
  external?: ExternalSockets;
  /**
   * In a DNS worker (workers/worker-main.ts): listen on the sockets the cluster primary shares
   * (udp.ts, tcp.ts `shared`), and hand the messages `delegate.wants` to `delegate.send`
   * (the primary answers them) instead of the handler.
   */
  shared?: boolean;
  delegate?: {
    wants(msg: Buffer): boolean;
    send(msg: Buffer, transport: 'udp' | 'tcp', client: string | undefined, local: string | undefined): Promise<Buffer[] | null>;
  };
}

/** What serves now: the zones (with views, the first view's) and the views. */
export interface Serving {
  zones: ZoneSet;
  views?: ViewSet;
}

/** One message as a socket took it, for DnsServer.serve. */
export interface ServeOptions {
  transport: 'udp' | 'tcp';
  client: string | undefined;
  /** The local address it arrived on (undefined: a wildcard UDP socket). */
  local?: string;
}

/** Sockets of another (workers/pool.ts) in front of a server that listens on none (DnsServerOptions.external). */
export interface ExternalSockets {
  /** Opens them once the server can answer; resolves with where they listen. */
  open(server: { serve(msg: Buffer, o: ServeOptions): Promise<Buffer[] | null>; serving(): Serving }): Promise<{ address: string; port: number }>;
  /** What serves changed (a reload, an UPDATE, a replaced zone): called right after the change. */
  changed(): void;
  close(): Promise<void>;
}

export interface DnsServerStats extends QueryHandlerStats {
  tcpConnections: number;
}

export interface DnsServer {
  readonly address: { address: string; port: number };
  /** Swaps the zones in (and, for a server with views, the views). */
  reload(zones: ZoneSet, views?: ViewSet): void;
  /**
   * Serves `zone` in place of the zone of its origin: in the view named `view` (undefined:
   * every view holding that origin, or the zones of a server without views). A secondary
   * zone's new version, or its failed zone once expired.
   */
  replaceZone(zone: Zone, view?: string): void;
  /** The zones answering now (with views, the first view's). */
  zones(): ZoneSet;
  /** The zones of the view named (undefined when there is no such view); without views, zones(). */
  zonesOf(view: string): ZoneSet | undefined;
  /**
   * One message through the same path as a socket's (tap, handler), without a socket:
   * resolves with the first reply message, or null for silence (fastify's inject()).
   */
  inject(msg: Buffer, opts?: InjectOptions): Promise<Buffer | null>;
  /**
   * One message through the socket path (tap, handler) with every reply (a zone transfer's
   * several), or null for silence: what the DNS workers pass on (workers/pool.ts).
   */
  serve(msg: Buffer, o: ServeOptions): Promise<Buffer[] | null>;
  /** What serves now (views included). */
  serving(): Serving;
  /** A real round trip to this server over UDP or TCP, decoded with dns-packet. */
  query(name: string, type: string | number, opts?: DnsQueryOptions): Promise<dnsPacket.Packet>;
  close(): Promise<void>;
  stats(): DnsServerStats;
}

const TCP_IDLE_DEFAULT_MS = 30_000;

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::';

/** The host's unicast addresses of one family (IPv6 link-local ones left out: they need a scope). */
function unicastAddresses(family: 4 | 6): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const i of list ?? []) {
      if ((family === 4 ? i.family === 'IPv4' : i.family === 'IPv6') && !i.address.toLowerCase().startsWith('fe80')) out.push(i.address);
    }
  }
  return [...new Set(out)];
}

/** The address to reach a server bound to `host` from this process (loopback for wildcards). */
function dialAddress(host: string, bound: string): string {
  if (host === '0.0.0.0' || bound === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || bound === '::') return '::1';
  return bound;
}

export async function startDnsServer(opts: DnsServerOptions): Promise<DnsServer> {
  const host = opts.host ?? '127.0.0.1';
  const logger = opts.logger ?? silentLogger;
  const given = opts.zones;
  let current: ZoneSet | undefined = typeof given === 'function' ? undefined : given;
  const getter = typeof given === 'function' ? given : undefined;
  const getZones = (): ZoneSet => current ?? getter!();
  let views = opts.views;
  // BIND renders AAAA before A in the additional section for clients on IPv6; a socket
  // bound to an IPv6 address only has those (respond.ts preferAAAA).
  const respond =
    opts.respond ?? (net.isIPv6(host) ? (z: ZoneSet, q: ParsedQuery, o?: RespondOptions) => defaultRespond(z, q, { ...o, preferAAAA: true }) : undefined);
  /** The "zones changed" event for each view whose zones `after` changed since `before` (undefined: all new). */
  const viewsChanged = (before: ViewSet | undefined, after: ViewSet) => {
    for (const v of after.views) {
      const old = before?.views.find((x) => x.name === v.name)?.zones;
      if (old !== v.zones) opts.onZonesChanged?.(old, v.zones, v.name);
    }
  };
  // A reload without views (or a runtime edit) swaps a new zone set in; views holding its zones get them too.
  const swapZones = (z: ZoneSet) => {
    const old = current;
    const replaced = getZones();
    current = z;
    if (!views) opts.onZonesChanged?.(old, z);
    else {
      const before = views;
      views = withReplacedZones(views, replaced, z);
      viewsChanged(before, views);
    }
    opts.external?.changed();
  };
  /**
   * `next` serves in place of the zone object `old`: in the view named (every view holding
   * `old` when undefined) and in the zones reported (the first view's). An UPDATE reaches
   * the zone of the view that took it, that view only; the "zones changed" event gets the
   * zone sets before and after of where it changed.
   */
  const replaceZoneObject = (old: Zone, next: Zone, view?: string) => {
    const before = getZones();
    const after = withZone(before, old, next);
    let changed = after !== before;
    if (changed) current = after;
    if (!views) {
      if (changed) opts.onZonesChanged?.(before, after);
    } else {
      const prev = views;
      views = { ...views, views: views.views.map((v) => {
        if (view !== undefined && v.name !== view) return v;
        const zones = withZone(v.zones, old, next);
        if (zones === v.zones) return v;
        changed = true;
        return { ...v, zones };
      }) };
      viewsChanged(prev, views);
    }
    if (changed) opts.external?.changed();
  };
  const updateHost: UpdateZoneHost = {
    views: () => views?.views,
    zonesFor(req) {
      if (!views) return { zones: getZones() };
      const v = selectView(views.views, req);
      return v && { zones: v.zones, view: v.name };
    },
    replace: replaceZoneObject,
  };
  const update = opts.update && createUpdateService(updateHost, { clock: opts.clock, logger, ...opts.update });
  const handler = createQueryHandler(getZones, {
    update: update?.handle,
    tsigKeys: opts.update?.keys,
    respond,
    respondMany: opts.respond ? undefined : (z, q, o) => respondMany(z, q, { ...o, transfers: opts.transfers }),
    cacheableOptions: opts.respond ? undefined : IGNORED_EDNS_OPTIONS,
    cacheSize: opts.cacheSize,
    logger,
    clock: opts.clock,
    cookies: opts.cookies,
    views: () => views,
    notify: opts.notify,
  });
  const tap = opts.tap;
  const answerUdp = (m: Buffer, from: string | undefined, local?: string): Buffer[] | null => {
    const r = handler.handle(m, 'udp', from, local);
    return r === null ? null : [r];
  };
  const delegate = opts.delegate;
  const onUdpHere = !tap
    ? (m: Buffer, from: string, _later: unknown, local: string | undefined) => handler.handle(m, 'udp', from, local)
    : (m: Buffer, from: string, later: (r: Buffer) => void, local: string | undefined) => {
        const r = tap(m, 'udp', from, () => answerUdp(m, from, local), (late) => late?.forEach(later));
        return r === 'later' || r === null ? null : (r[0] ?? null);
      };
  const onTcpHere = !tap
    ? (m: Buffer, from: string | undefined, _later: unknown, local: string | undefined) => handler.handleMany(m, 'tcp', from, local)
    : (m: Buffer, from: string | undefined, later: (r: Buffer[] | null) => void, local: string | undefined) => {
        const r = tap(m, 'tcp', from, () => handler.handleMany(m, 'tcp', from, local), later);
        return r === 'later' ? [] : r;
      };
  // A worker's messages for the primary: the reply is sent when it comes back (udp.ts, tcp.ts `later`).
  const onUdp = !delegate
    ? onUdpHere
    : (m: Buffer, from: string, later: (r: Buffer) => void, local: string | undefined) => {
        if (!delegate.wants(m)) return onUdpHere(m, from, later, local);
        void delegate.send(m, 'udp', from, local).then((r) => r?.[0] && later(r[0]));
        return null;
      };
  const onTcp = !delegate
    ? onTcpHere
    : (m: Buffer, from: string | undefined, later: (r: Buffer[] | null) => void, local: string | undefined) => {
        if (!delegate.wants(m)) return onTcpHere(m, from, later, local);
        void delegate.send(m, 'tcp', from, local).then(later);
        return [];
      };
  const tcpOpts = { idleTimeoutMs: opts.tcpIdleTimeoutMs ?? TCP_IDLE_DEFAULT_MS, maxConnections: opts.tcpClients ?? 150, shared: opts.shared };
  const serving = (): Serving => (views ? { zones: getZones(), views } : { zones: getZones() });
  const serve = (msg: Buffer, o: ServeOptions): Promise<Buffer[] | null> => {
    const next = () => (o.transport === 'udp' ? answerUdp(msg, o.client, o.local) : handler.handleMany(msg, o.transport, o.client, o.local));
    return injectThrough(tap, msg, o.transport, o.client ?? '', next);
  };

  // UDP first (port 0 picks one), then TCP on the same number; an ephemeral UDP port may be
  // taken for TCP by someone else, so try again a few times.
  let udp: UdpListener | undefined;
  let tcp: TcpListener | undefined;
  const requested = opts.port ?? 0;
  const external = opts.external;
  for (let attempt = 0; !external; attempt++) {
    udp = await listenUdp(host, requested, onUdp, logger, { reuseAddr: isWildcard(host), shared: opts.shared });
    try {
      tcp = await listenTcp(host, udp.port, onTcp, tcpOpts, logger);
      break;
    } catch (err) {
      await udp.close();
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || requested !== 0 || attempt >= 20) throw err;
    }
  }
  // A wildcard: one more socket per local address on the same port (the wildcard one takes
  // the rest, e.g. an address added later). A failed bind is logged; the wildcard still serves.
  const perAddress: UdpListener[] = [];
  if (isWildcard(host) && udp) {
    for (const a of (opts.interfaceAddresses ?? (() => unicastAddresses(net.isIPv6(host) ? 6 : 4)))()) {
      try {
        perAddress.push(await listenUdp(a, udp.port, onUdp, logger, { reuseAddr: true, shared: opts.shared }));
      } catch (err) {
        logger.warn({ address: a, port: udp.port, err: (err as Error).message }, 'DNS UDP socket for a local address not opened; the wildcard socket serves it');
      }
    }
  }
  const address = external ? await external.open({ serve, serving }) : { address: udp!.address, port: udp!.port };
  const dial = dialAddress(host, address.address);
  if (!external) logger.info({ address }, 'DNS server listening (UDP and TCP)');
  if (views) viewsChanged(undefined, views);
  else if (current) opts.onZonesChanged?.(undefined, current);

  return {
    address,
    reload(zones: ZoneSet, nextViews?: ViewSet) {
      if (nextViews) {
        const prev = views;
        views = nextViews;
        current = zones;
        viewsChanged(prev, nextViews);
        external?.changed();
      } else swapZones(zones);
      logger.info({ zones: zones.zones.length }, 'DNS zones reloaded');
    },
    replaceZone(zone, view) {
      const k = nameKey(zone.origin);
      const swap = (set: ZoneSet): ZoneSet => {
        const all = [...set.zones, ...set.failed];
        return all.some((z) => nameKey(z.origin) === k) ? createZoneSet(all.map((z) => (nameKey(z.origin) === k ? zone : z))) : set;
      };
      const inCurrent = !views || view === undefined || views.views[0]?.name === view;
      const prev = views;
      if (views) views = { ...views, views: views.views.map((v) => (view === undefined || v.name === view ? { ...v, zones: swap(v.zones) } : v)) };
      const old = current;
      if (current && inCurrent) current = swap(current);
      if (prev && views) viewsChanged(prev, views);
      else if (current && current !== old) opts.onZonesChanged?.(old, current);
      external?.changed();
    },
    zones: getZones,
    zonesOf: (view) => (views ? views.views.find((v) => v.name === view)?.zones : getZones()),
    async inject(msg, o = {}) {
      return (await serve(msg, { transport: o.transport ?? 'udp', client: o.client ?? '127.0.0.1' }))?.[0] ?? null;
    },
    serve,
    serving,
    query: (name, type, q) => queryDns({ address: dial, port: address.port }, name, type, q),
    async close() {
      await Promise.all([udp?.close(), tcp?.close(), external?.close(), ...perAddress.map((l) => l.close())]);
    },
    stats() {
      return { ...handler.stats(), tcpConnections: tcp?.connections() ?? 0 };
    },
  };
}
