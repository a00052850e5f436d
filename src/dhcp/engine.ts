/**
 * The DHCPv4 server state machine (RFC 2131 4.3): an object holding the lease state (the
 * allocator's bindings), not a pure function. `handle(req, ctx) -> { reply?, changes, event? }`
 * depends only on that state, the request and `ctx.now`, and changes the state; the engine
 * reads no clock of its own (every method that needs the time takes it). No sockets, no
 * files: `changes` are the leases the caller must persist before sending `reply` (RFC 2131
 * 4.3.2: the server commits the binding before it sends the DHCPACK).
 *
 * Semantics follow ISC dhcpd 4.4 (authoritative, known/unknown clients, abandoned leases),
 * with Kea's where dhcpd is silent (renewing an address we have no record of). Decisions:
 * - offers are held in memory for `offerHoldMs` (default 60 s) and never persisted;
 * - RENEWING/REBINDING for a free in-pool address we have no record of is ACKed (Kea);
 *   INIT-REBOOT with no record of the client is answered with silence (RFC 2131 4.3.2);
 * - fixed-address (host) bindings are not recorded as leases (dhcpd does not either);
 * - plain BOOTP (no option 53) is answered for hosts with a fixed address only (no dynamic BOOTP);
 * - a client committing a new address releases the other address it held.
 */
import type { DhcpConfig, DhcpPacket, HostDecl, Lease, LeaseDdns, PoolDecl, ScopeParams, SubnetDecl } from './types.js';
import { MessageType } from './types.js';
import { ipToString } from './ip.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { Allocator, toLease, type Binding, type ClientIdentity, type PoolSpec, type PoolState } from './allocator.js';
import { ConfigView, clientIdentity, clientLabel, effectiveParams, type NetworkSegment } from './engine/scope.js';
import { buildReplyOptions, nakOptions, setBootFields } from './engine/reply-options.js';
import { encapsulations, optionValues } from './engine/encapsulate.js';
import { BROADCAST_FLAG } from './routing.js';
import { classify, packetParams, type Membership } from './engine/dynamic.js';
import type { ExecContext, LogPriority } from './eval/execute.js';
import type { Source } from './eval/ast.js';
import { startupScope } from './engine/startup.js';
import type { Value } from './eval/evaluate.js';
import { executeStatements } from './eval/execute.js';
import type { ProgramRunner } from './run-program.js';
import { ddnsOnAck, ddnsOnEnd, type DdnsWork } from './engine/ddns.js';
import { LeaseBilling } from './engine/billing.js';

/** dhcpd defaults: default-lease-time 43200 s, max-lease-time 86400 s, min-lease-time 0. */
export const DEFAULT_LEASE_TIME = 43200;
export const DEFAULT_MAX_LEASE_TIME = 86400;
export const DEFAULT_OFFER_HOLD_MS = 60_000;

export interface HandleContext {
  now: number;
  /** Network of the interface directly attached clients are on (dhcpd IFACE), when not relayed. */
  localSubnet?: { network: number; mask: number };
  /** The request as received, for dhcp-eval(5) `packet (OFFSET, LEN)`. */
  raw?: Buffer;
}

export interface HandleResult {
  reply?: DhcpPacket;
  /** Leases to persist before the reply is sent. */
  changes: Lease[];
  /** A dhcpd-style log line describing what happened. */
  event?: string;
  /** DNS names to register or remove once `changes` are durable (ddns-update-style interim/standard). */
  ddns?: DdnsWork;
}

export interface DhcpEngine {
  handle(req: DhcpPacket, ctx: HandleContext): HandleResult;
  /** The leases as of `now` (expired ones marked so). */
  leases(now: number): Lease[];
  reloadConfig(config: DhcpConfig): void;
  /**
   * Records what DNS accepted for the lease at `ip` (its ddns bindings); returns the lease to
   * journal, or undefined when the address is no longer that lease's (`ends` differs).
   */
  setDdns(ip: number, ends: number, ddns: LeaseDdns | undefined): Lease | undefined;
  /** The DNS registration of the lease at `ip` ending at `ends`. */
  ddnsOf(ip: number, ends: number): LeaseDdns | undefined;
  /** The removal due when the lease at `ip` that ends at `ends` has expired (undefined: none due). */
  ddnsAtExpiry(ip: number, ends: number, now: number): DdnsWork | undefined;
  /** Take `lease` as the address's state: another server's lease, read from a shared lease database. */
  learn(lease: Lease): void;
}

export interface DhcpEngineOptions {
  serverId: number;
  logger?: Logger;
  /** Leases loaded from the journal. */
  leases?: Lease[];
  offerHoldMs?: number;
  abandonMs?: number;
  /** Runs `execute` statements' programs (run-program.ts); absent, they are refused with a log line. */
  runProgram?: ProgramRunner;
}

interface Request {
  req: DhcpPacket;
  now: number;
  client: ClientIdentity;
  label: string;
  via: string;
  host?: HostDecl;
  raw?: Buffer;
  /** Classes the packet belongs to (configs with classes only). */
  classes?: Membership;
}

function optIp(p: DhcpPacket, code: number): number | undefined {
  const o = p.options.get(code);
  return o && o.length === 4 ? o.readUInt32BE(0) : undefined;
}

function optU32(p: DhcpPacket, code: number): number | undefined {
  const o = p.options.get(code);
  return o && o.length === 4 ? o.readUInt32BE(0) : undefined;
}

function optText(p: DhcpPacket, code: number): string | undefined {
  const o = p.options.get(code);
  return o && o.length > 0 ? o.toString('utf8').replace(/\0+$/, '') : undefined;
}

export function createDhcpEngine(config: DhcpConfig, opts: DhcpEngineOptions): DhcpEngine {
  const logger = opts.logger ?? silentLogger;
  const offerHoldMs = opts.offerHoldMs ?? DEFAULT_OFFER_HOLD_MS;
  let view = new ConfigView(config);
  let carried = encapsulations(config);
  let poolStates = new Map<PoolDecl, PoolState>();

  function poolSpecs(cfg: DhcpConfig): PoolSpec[] {
    const specs: PoolSpec[] = [];
    for (const s of cfg.subnets) for (const p of s.pools) specs.push({ decl: p, network: s.network, mask: s.mask });
    return specs;
  }

  const allocator = new Allocator(poolSpecs(config), view.reserved, {
    abandonMs: opts.abandonMs,
    onExhausted: (pools) => {
      const ranges = pools.flatMap((p) => p.decl.ranges.map((r) => `${ipToString(r.start)}-${ipToString(r.end)}`));
      logger.warn({ ranges }, 'dhcp: no free leases');
    },
  });
  const indexPools = () => {
    poolStates = new Map(allocator.allPools.map((p) => [p.decl, p]));
  };
  indexPools();
  allocator.loadAll(opts.leases ?? []);

  const ourIds = (): Set<number> => {
    const ids = new Set<number>([opts.serverId >>> 0]);
    if (view.config.global.serverIdentifier !== undefined) ids.add(view.config.global.serverIdentifier >>> 0);
    for (const s of view.config.subnets) if (s.params.serverIdentifier !== undefined) ids.add(s.params.serverIdentifier >>> 0);
    return ids;
  };
  let serverIds = ourIds();
  const billing = new LeaseBilling();
  // The global statements run at startup (engine/startup.ts); what they `set` is dhcpd's global scope.
  let globalScope = startupScope(config, logStatement, carried);

  /**
   * `lease limit` (engine/billing.ts): may this client have `ip`? An ACK bills the lease. Fixed
   * addresses are never billed (dhcpd bills no static lease).
   */
  function billingRefusal(r: Request, ip: number | undefined, commit: boolean): string | undefined {
    const units = r.classes?.billing;
    if (!units?.length) return undefined;
    const active = (a: number) => {
      const b = allocator.get(a);
      return b !== undefined && b.state === 'active' && b.ends > r.now;
    };
    const v = billing.check(ip, units, commit, active);
    return v.ok ? undefined : `no available billing: lease limit reached in all matching classes (last: '${v.full}')`;
  }

  function poolsFor(r: Request, seg: NetworkSegment): PoolState[] {
    return view.permittedPools(seg, r.host !== undefined, r.classes?.names).map((d) => poolStates.get(d)).filter((p): p is PoolState => p !== undefined);
  }

  /**
   * The variables `set` leaves on a lease (dhcpd's lease->scope): they stay with the address
   * while the same client has it, from the OFFER to the REQUEST's statements and the lease's
   * `on commit|release` (a host's fixed address gets a fresh scope each time, as dhcpd makes a
   * new static lease per packet). Not written to the lease file (dhcpd writes them).
   */
  const leaseScopes = new Map<number, { owner: string; vars: Map<string, Value> }>();
  function leaseScope(r: Request, ip: number | undefined, fixed: boolean): Map<string, Value> {
    if (ip === undefined || fixed) return new Map();
    const s = leaseScopes.get(ip);
    if (s && s.owner === r.client.key) return s.vars;
    const vars = new Map<string, Value>();
    leaseScopes.set(ip, { owner: r.client.key, vars });
    return vars;
  }

  /** dhcp-eval(5) `log (PRIORITY, DATA)`: the line, with the statement's FILE:LINE. */
  function logStatement(priority: LogPriority, message: string, source: Source): void {
    const line = `${message} (${source.file}:${source.line})`;
    if (priority === 'debug') logger.debug(line);
    else if (priority === 'info') logger.info(line);
    else logger.error(line);
  }

  /** The evaluation context of dhcp-eval(5) expressions for this request (and lease, once there is one). */
  function execContext(r: Request, ip?: number, fixed = false, leaseEnds?: number): ExecContext {
    return {
      packet: r.req,
      raw: r.raw,
      known: r.host !== undefined,
      lease: ip === undefined ? undefined : { ip, isStatic: fixed, hostName: r.host?.name, secondsLeft: leaseEnds !== undefined ? (leaseEnds - r.now) / 1000 : undefined },
      variables: leaseScope(r, ip, fixed),
      classes: r.classes?.names,
      encapsulations: carried,
      events: new Map(),
      ...(opts.runProgram ? { run: (command: string, args: string[]) => opts.runProgram!(command, args) } : {}),
      replyVariables: globalScope,
      log: logStatement,
    };
  }

  /**
   * The parameters in force for an address: its pool's, else its subnet's, then the host's over
   * them; with classes or statements in the config, those run for this packet (dynamic.ts).
   */
  function paramsFor(r: Request, seg: NetworkSegment, ip: number, fixed = false): { params: ScopeParams; subnet: SubnetDecl; ctx?: ExecContext } {
    const subnet = view.onSegment(seg, ip) ?? seg.subnet;
    const pool = allocator.poolOf(ip);
    const inPool = pool && subnet.pools.includes(pool.decl) ? pool.decl : undefined;
    if (view.config.dynamic) {
      const ctx = execContext(r, ip, fixed);
      const chain = (inPool ? inPool.programs : subnet.programs) ?? [];
      return { params: packetParams(chain, r.classes, r.host, ctx), subnet, ctx };
    }
    return { params: effectiveParams(inPool ? inPool.params : subnet.params, r.host), subnet };
  }

  /** Run the `on EVENT` statements the scope recorded for this lease (dhcpd.conf(5) "EVENTS"). */
  function runEvent(ctx: ExecContext | undefined, event: 'commit' | 'release', params: ScopeParams): void {
    const stmts = ctx?.events.get(event);
    if (!ctx || !stmts) return;
    ctx.events = new Map();
    executeStatements(stmts, params, ctx);
  }

  /** RFC 2131 3.3 / dhcpd: the requested lease time (51) within min/max, else default-lease-time. */
  function leaseTimeFor(p: DhcpPacket, params: ScopeParams): number {
    const max = params.maxLeaseTime ?? DEFAULT_MAX_LEASE_TIME;
    const min = params.minLeaseTime ?? 0;
    const requested = optU32(p, 51);
    let t = requested !== undefined ? Math.min(requested, max) : (params.defaultLeaseTime ?? DEFAULT_LEASE_TIME);
    if (t < min) t = min;
    return t;
  }

  function serverIdFor(params: ScopeParams): number {
    return (params.serverIdentifier ?? opts.serverId) >>> 0;
  }

  function baseReply(req: DhcpPacket): DhcpPacket {
    return {
      op: 2,
      htype: req.htype,
      hlen: Math.min(req.hlen, 16),
      hops: 0,
      xid: req.xid,
      secs: 0,
      flags: req.flags & BROADCAST_FLAG,
      ciaddr: 0,
      yiaddr: 0,
      siaddr: 0,
      giaddr: req.giaddr,
      chaddr: Buffer.from(req.chaddr),
      sname: '',
      file: '',
      options: new Map(),
    };
  }

  /** OFFER or ACK for `ip` (RFC 2131 4.3.1, 4.3.2, table 3). */
  function grant(r: Request, ip: number, type: 5 | 2, leaseTime: number, params: ScopeParams, subnet: SubnetDecl): DhcpPacket {
    const reply = baseReply(r.req);
    reply.yiaddr = ip;
    if (type === MessageType.ACK) reply.ciaddr = r.req.ciaddr;
    setBootFields(reply, params);
    reply.options = buildReplyOptions({
      req: r.req, messageType: type, serverId: serverIdFor(params), params, optionValues: optionValues(params, view.config), subnetMask: subnet.mask, leaseTime, addMaskToPrl: true,
    });
    return reply;
  }

  function nak(r: Request, seg: NetworkSegment | undefined, message: string): DhcpPacket {
    const reply = baseReply(r.req);
    // RFC 2131 4.3.2: a relayed NAK has the broadcast bit set so the relay broadcasts it.
    if (r.req.giaddr !== 0) reply.flags |= BROADCAST_FLAG;
    reply.options = nakOptions(r.req, serverIdFor(seg?.subnet.params ?? view.config.global), message);
    return reply;
  }

  function authoritative(seg: NetworkSegment | undefined): boolean {
    return (seg?.subnet.params.authoritative ?? view.config.global.authoritative) === true;
  }

  function commit(r: Request, ip: number, leaseTime: number): Lease[] {
    const changes: Lease[] = [];
    const previous = allocator.findClient(r.client);
    if (previous && previous.ip !== ip && allocator.isHeld(previous, r.now)) {
      if (previous.state === 'active') {
        allocator.release(previous, r.now);
        changes.push(toLease(previous));
      } else allocator.withdrawOffer(previous, r.now);
    }
    const b = allocator.bind(ip, r.client, 'active', r.now, r.now + leaseTime * 1000, optText(r.req, 12));
    changes.push(toLease(b));
    return changes;
  }

  // RFC 2131 4.3.1 DHCPDISCOVER.
  function discover(r: Request, seg: NetworkSegment): HandleResult {
    const known = r.host !== undefined;
    const fixed = view.fixedAddressOn(r.host, seg);
    if (fixed !== undefined) {
      const { params, subnet } = paramsFor(r, seg, fixed, true);
      const reply = grant(r, fixed, MessageType.OFFER, leaseTimeFor(r.req, params), params, subnet);
      return { reply, changes: [], event: `DHCPOFFER on ${ipToString(fixed)} to ${r.label} via ${r.via} (fixed)` };
    }
    const pools = poolsFor(r, seg);
    allocator.expire(r.now);
    let ip: number | undefined;
    // 1. The client's current or previous address, 2. the requested one, 3. a free one.
    const mine = allocator.findClient(r.client);
    if (mine && allocator.canUse(mine.ip, r.client, pools, r.now)) ip = mine.ip;
    const requested = optIp(r.req, 50);
    if (ip === undefined && requested !== undefined && allocator.canUse(requested, r.client, pools, r.now)) ip = requested;
    // A lease limit is checked before a new address is taken, so a refusal holds none.
    const refused = billingRefusal(r, ip, false);
    if (refused) return { changes: [], event: `DHCPDISCOVER from ${r.label} via ${r.via}: ${refused}` };
    if (ip === undefined) ip = allocator.allocate(pools, r.now);
    if (ip === undefined) {
      return { changes: [], event: `DHCPDISCOVER from ${r.label} via ${r.via}: network ${ipToString(seg.subnet.network)}: no free leases` };
    }
    const { params, subnet } = paramsFor(r, seg, ip);
    const leaseTime = leaseTimeFor(r.req, params);
    allocator.bind(ip, r.client, 'offered', r.now, r.now + offerHoldMs, optText(r.req, 12));
    const reply = grant(r, ip, MessageType.OFFER, leaseTime, params, subnet);
    return { reply, changes: [], event: `DHCPOFFER on ${ipToString(ip)} to ${r.label} via ${r.via}` };
  }

  /** ACK `ip` for the client, committing a lease unless it is the host's fixed address. */
  function ack(r: Request, seg: NetworkSegment, ip: number, fixed: boolean): HandleResult {
    const refused = fixed ? undefined : billingRefusal(r, ip, true);
    if (refused) return { changes: [], event: `DHCPREQUEST for ${ipToString(ip)} from ${r.label} via ${r.via}: ${refused}` };
    const { params, subnet, ctx } = paramsFor(r, seg, ip, fixed);
    const leaseTime = leaseTimeFor(r.req, params);
    const changes = fixed ? [] : commit(r, ip, leaseTime);
    const reply = grant(r, ip, MessageType.ACK, leaseTime, params, subnet);
    if (ctx?.lease) ctx.lease.secondsLeft = leaseTime;
    runEvent(ctx, 'commit', params);
    // dhcpd.conf(5) "DYNAMIC DNS UPDATES": names for the lease, option 81 in the answer.
    const released = changes.find((l) => l.ip !== ip);
    const dns = ddnsOnAck(view.config.global, params, r.req, { ip, leaseTime, fixed, previous: fixed ? undefined : allocator.get(ip)?.ddns });
    if (dns.fqdnReply) reply.options.set(81, dns.fqdnReply);
    const gone = released ? ddnsOnEnd(view.config.global, params, released.ip, released.ddns) : undefined;
    const ddns = dns.work ?? gone;
    return { reply, changes, event: `DHCPACK on ${ipToString(ip)} to ${r.label} via ${r.via}`, ...(ddns ? { ddns } : {}) };
  }

  function nakOrSilence(r: Request, seg: NetworkSegment | undefined, ip: number, why: string): HandleResult {
    const what = `DHCPREQUEST for ${ipToString(ip)} from ${r.label} via ${r.via}: ${why}`;
    if (authoritative(seg)) return { reply: nak(r, seg, why), changes: [], event: `DHCPNAK: ${what}` };
    return { changes: [], event: `${what} (not authoritative: silent)` };
  }

  // RFC 2131 4.3.2 DHCPREQUEST.
  function request(r: Request, seg: NetworkSegment | undefined): HandleResult {
    const sid = optIp(r.req, 54);
    const requested = optIp(r.req, 50);
    allocator.expire(r.now);

    if (r.req.options.has(54)) {
      // SELECTING: the client chose a server.
      if (sid === undefined || !serverIds.has(sid)) {
        const mine = allocator.findClient(r.client);
        if (mine && mine.state === 'offered') allocator.withdrawOffer(mine, r.now);
        return { changes: [], event: `DHCPREQUEST from ${r.label} via ${r.via}: for server ${sid === undefined ? '?' : ipToString(sid)}, not us` };
      }
      const ip = requested ?? (r.req.ciaddr || undefined);
      if (ip === undefined) return { changes: [], event: `DHCPREQUEST from ${r.label} via ${r.via}: no requested address` };
      if (!seg) return { changes: [], event: `DHCPREQUEST for ${ipToString(ip)} from ${r.label} via ${r.via}: unknown network segment` };
      if (!view.onSegment(seg, ip)) return { reply: nak(r, seg, 'wrong network'), changes: [], event: `DHCPNAK on ${ipToString(ip)} to ${r.label} via ${r.via}: wrong network` };
      const fixed = view.fixedAddressOn(r.host, seg);
      if (fixed === ip) return ack(r, seg, ip, true);
      if (allocator.canUse(ip, r.client, poolsFor(r, seg), r.now)) return ack(r, seg, ip, false);
      return { reply: nak(r, seg, 'requested address not available'), changes: [], event: `DHCPNAK on ${ipToString(ip)} to ${r.label} via ${r.via}: lease unavailable` };
    }

    let ip: number;
    let state: 'INIT-REBOOT' | 'RENEWING' | 'REBINDING';
    if (r.req.ciaddr === 0) {
      if (requested === undefined) return { changes: [], event: `DHCPREQUEST from ${r.label} via ${r.via}: no requested address` };
      ip = requested;
      state = 'INIT-REBOOT';
    } else {
      // RENEWING is unicast, REBINDING broadcast; the server cannot tell them apart and treats them alike.
      ip = r.req.ciaddr;
      state = r.req.flags & BROADCAST_FLAG ? 'REBINDING' : 'RENEWING';
      if (r.req.giaddr === 0) {
        // dhcpd: a request with ciaddr and no giaddr may have been unicast through a router by
        // a RENEWING client, so the receiving interface says nothing about where the client is:
        // locate it by ciaddr, and never NAK it for being on the "wrong" wire.
        const own = view.subnetContaining(ip);
        if (!own) return { changes: [], event: `DHCPREQUEST (${state}) for ${ipToString(ip)} from ${r.label} via ${r.via}: unknown subnet, ignored` };
        seg = view.segmentOf(own);
      }
    }
    if (!seg) return { changes: [], event: `DHCPREQUEST (${state}) for ${ipToString(ip)} from ${r.label} via ${r.via}: unknown network segment` };
    if (!view.onSegment(seg, ip)) return nakOrSilence(r, seg, ip, 'wrong network');

    const fixed = view.fixedAddressOn(r.host, seg);
    if (fixed !== undefined) return fixed === ip ? ack(r, seg, ip, true) : nakOrSilence(r, seg, ip, 'not the fixed address');
    const holder = view.reservationOwner(ip);
    if (holder) return nakOrSilence(r, seg, ip, `reserved for host ${holder.name}`);

    const pools = poolsFor(r, seg);
    const b = allocator.get(ip);
    if (b && allocator.ownedBy(b, r.client) && b.state !== 'abandoned') {
      return allocator.canUse(ip, r.client, pools, r.now) ? ack(r, seg, ip, false) : nakOrSilence(r, seg, ip, 'not permitted here');
    }
    if (b && allocator.isHeld(b, r.now)) return nakOrSilence(r, seg, ip, 'leased to another client');
    if (b && b.state === 'abandoned') return nakOrSilence(r, seg, ip, 'address abandoned');
    if (state === 'INIT-REBOOT') {
      const other = allocator.findClient(r.client);
      if (other) return nakOrSilence(r, seg, ip, `client has ${ipToString(other.ip)}`);
      // RFC 2131 4.3.2: "If the DHCP server has no record of this client, then it MUST remain silent".
      return { changes: [], event: `DHCPREQUEST (INIT-REBOOT) for ${ipToString(ip)} from ${r.label} via ${r.via}: no record of client` };
    }
    if (allocator.canUse(ip, r.client, pools, r.now)) return ack(r, seg, ip, false);
    return nakOrSilence(r, seg, ip, 'address not available');
  }

  // RFC 2131 4.3.3 DHCPDECLINE.
  function decline(r: Request): HandleResult {
    const sid = optIp(r.req, 54);
    const ip = optIp(r.req, 50);
    if (sid !== undefined && !serverIds.has(sid)) return { changes: [], event: `DHCPDECLINE from ${r.label}: for another server` };
    if (ip === undefined) return { changes: [], event: `DHCPDECLINE from ${r.label}: no requested address` };
    const b = allocator.get(ip);
    if (!b || !allocator.ownedBy(b, r.client) || b.state === 'abandoned') {
      return { changes: [], event: `DHCPDECLINE of ${ipToString(ip)} from ${r.label}: not leased to this client, ignored` };
    }
    allocator.abandon(b, r.now);
    return { changes: [toLease(b)], event: `DHCPDECLINE of ${ipToString(ip)} from ${r.label} via ${r.via}: abandoned` };
  }

  // RFC 2131 4.3.4 DHCPRELEASE.
  function release(r: Request): HandleResult {
    const sid = optIp(r.req, 54);
    if (sid !== undefined && !serverIds.has(sid)) return { changes: [], event: `DHCPRELEASE from ${r.label}: for another server` };
    const ip = r.req.ciaddr;
    const b = ip ? allocator.get(ip) : undefined;
    if (!b || !allocator.ownedBy(b, r.client) || !allocator.isHeld(b, r.now) || b.state !== 'active') {
      return { changes: [], event: `DHCPRELEASE of ${ipToString(ip)} from ${r.label} via ${r.via} (not found)` };
    }
    allocator.release(b, r.now);
    const own = view.subnetContaining(ip);
    if (view.config.dynamic && own) {
      const { params, ctx } = paramsFor(r, view.segmentOf(own), ip);
      runEvent(ctx, 'release', params);
    }
    const ddns = ddnsOnEnd(view.config.global, own?.params ?? view.config.global, ip, b.ddns);
    return { changes: [toLease(b)], event: `DHCPRELEASE of ${ipToString(ip)} from ${r.label} via ${r.via} (found)`, ...(ddns ? { ddns } : {}) };
  }

  // RFC 2131 4.3.5 DHCPINFORM: configuration only, no lease, no lease time, yiaddr 0.
  function inform(r: Request, seg: NetworkSegment | undefined): HandleResult {
    const ciaddr = r.req.ciaddr;
    const subnet = (seg && ciaddr ? view.onSegment(seg, ciaddr) : undefined) ?? (ciaddr ? view.subnetContaining(ciaddr) : undefined) ?? seg?.subnet;
    if (!subnet) return { changes: [], event: `DHCPINFORM from ${ipToString(ciaddr)} via ${r.via}: unknown subnet` };
    const params = view.config.dynamic
      ? packetParams(subnet.programs ?? [], r.classes, r.host, execContext(r))
      : effectiveParams(subnet.params, r.host);
    const reply = baseReply(r.req);
    reply.ciaddr = ciaddr;
    setBootFields(reply, params);
    reply.options = buildReplyOptions({
      req: r.req, messageType: MessageType.ACK, serverId: serverIdFor(params), params, optionValues: optionValues(params, view.config), subnetMask: subnet.mask, addMaskToPrl: false,
    });
    return { reply, changes: [], event: `DHCPACK to ${ipToString(ciaddr)} (${r.label}) via ${r.via} (INFORM)` };
  }

  // RFC 951 / RFC 1542 BOOTREQUEST (no option 53). dhcpd answers BOOTP clients that have a
  // fixed-address on the segment (`allow bootp`, the default); dynamic BOOTP is not supported.
  function bootp(r: Request, seg: NetworkSegment | undefined): HandleResult {
    const what = `BOOTREQUEST from ${r.label} via ${r.via}`;
    if (!seg) return { changes: [], event: `${what}: unknown network segment` };
    const fixed = view.fixedAddressOn(r.host, seg);
    if (fixed === undefined) return { changes: [], event: `${what}: no fixed address (dynamic BOOTP not supported)` };
    const { params, subnet } = paramsFor(r, seg, fixed, true);
    const permit = params.permits.get('bootp');
    if (permit === 'deny' || permit === 'ignore') return { changes: [], event: `${what}: BOOTP ${permit === 'deny' ? 'denied' : 'ignored'}` };
    const reply = baseReply(r.req);
    reply.yiaddr = fixed;
    reply.ciaddr = r.req.ciaddr;
    setBootFields(reply, params);
    const options = buildReplyOptions({
      req: r.req, messageType: 0, serverId: serverIdFor(params), params, subnetMask: subnet.mask, addMaskToPrl: true,
    });
    // A BOOTREPLY carries configuration options only: no DHCP message type, server id or times.
    for (const code of [53, 54, 51, 58, 59]) options.delete(code);
    reply.options = options;
    return { reply, changes: [], event: `BOOTREPLY for ${ipToString(fixed)} to ${r.label} via ${r.via}` };
  }

  function handleUnsafe(req: DhcpPacket, ctx: HandleContext): HandleResult {
    if (req.op !== 1) return { changes: [], event: 'BOOTREPLY ignored' };
    const mt = req.options.get(53);
    if (mt && mt.length !== 1) return { changes: [], event: 'DHCP message type option of bad length ignored' };
    const client = clientIdentity(req, view.config.global.settings?.get('ignore-client-uids') === 'true');
    const host = view.findHost(client);
    const r: Request = {
      req, now: ctx.now, client, label: clientLabel(client), host, raw: ctx.raw,
      via: req.giaddr !== 0 ? ipToString(req.giaddr) : ctx.localSubnet ? `${ipToString(ctx.localSubnet.network)}` : 'unknown',
    };
    // dhcpd classifies the packet on arrival, before any pool is chosen (server/class.c).
    if (view.config.classes?.length) {
      r.classes = classify(view.config.classes, { packet: req, raw: ctx.raw, known: host !== undefined, variables: globalScope, encapsulations: carried });
    }
    if (host) {
      const booting = host.params.permits.get('booting');
      if (booting === 'deny' || booting === 'ignore') return { changes: [], event: `${r.label}: booting denied for host ${host.name}` };
    }
    const seg = view.locate(req, ctx.localSubnet);
    if (!mt) return bootp(r, seg);
    switch (mt[0]) {
      case MessageType.DISCOVER:
        if (!seg) return { changes: [], event: `DHCPDISCOVER from ${r.label} via ${r.via}: unknown network segment` };
        return discover(r, seg);
      case MessageType.REQUEST:
        return request(r, seg);
      case MessageType.DECLINE:
        return decline(r);
      case MessageType.RELEASE:
        return release(r);
      case MessageType.INFORM:
        return inform(r, seg);
      default:
        return { changes: [], event: `DHCP message type ${mt[0]} from ${r.label} ignored` };
    }
  }

  return {
    handle(req, ctx) {
      try {
        return handleUnsafe(req, ctx);
      } catch (err) {
        // A server survives any packet: an internal error is logged and the packet dropped.
        logger.error({ err }, 'dhcp engine: internal error');
        return { changes: [], event: `internal error: ${(err as Error).message}` };
      }
    },
    leases(now) {
      return allocator.leases(now);
    },
    setDdns(ip, ends, ddns) {
      const b = allocator.get(ip);
      if (!b || b.ends !== ends) return undefined;
      b.ddns = ddns;
      return toLease(b);
    },
    ddnsOf(ip, ends) {
      const b = allocator.get(ip);
      return b && b.ends === ends ? b.ddns : undefined;
    },
    ddnsAtExpiry(ip, ends, now) {
      const b = allocator.get(ip);
      if (!b || b.ends !== ends || ends > now || b.ddns === undefined) return undefined;
      if (b.state !== 'active' && b.state !== 'expired') return undefined;
      return ddnsOnEnd(view.config.global, view.subnetContaining(ip)?.params ?? view.config.global, ip, b.ddns);
    },
    learn(lease) {
      allocator.load(lease);
    },
    reloadConfig(next) {
      view = new ConfigView(next);
      carried = encapsulations(next);
      globalScope = startupScope(next, logStatement, carried);
      allocator.configure(poolSpecs(next), view.reserved);
      indexPools();
      serverIds = ourIds();
    },
  };
}

export type { Binding };
