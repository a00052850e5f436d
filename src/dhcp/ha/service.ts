/**
 * One server's side of an HA pair (Kea 2.2's HA hook, see state.ts): the state machine on
 * the injected clock, heartbeats (`ha-heartbeat`) every heartbeat-delay, the query filter
 * (Kea's QueryFilter: DISCOVER, REQUEST, DECLINE, RELEASE and INFORM outside this server's
 * scope are dropped), lease updates to the partner before the reply (`lease4-update`, as Kea
 * sends them; the reply is dropped when the partner does not acknowledge, as Kea drops the
 * parked packet), and the lease sync of a starting server (`lease4-get-page` until empty).
 * The DHCP server (server.ts) calls inScope() before its engine and leasesCommitted()
 * between the lease store and the reply; the partner's leases come in through `apply`.
 */
import type { Clock } from '../../util/clock.js';
import { timerOf } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import type { Endpoint } from '../../util/endpoint.js';
import { ipFromString, ipToString } from '../ip.js';
import type { DhcpPacket, Lease } from '../types.js';
import { isLoopbackHost } from '../udp-transport.js';
import type { HaConfig } from './config.js';
import { startExchangeServer, exchangeClient, type CommandAnswer, type ExchangeServer } from './exchange.js';
import { keaJsonToLease, leaseToKeaJson } from './lease-json.js';
import { loadbKey, ownerOf, type Split } from './loadb.js';
import { createHaMachine, type HaState } from './state.js';

export interface HaServiceOptions {
  config: HaConfig;
  clock: Clock;
  logger: Logger;
  /** The DHCP server serves loopback: the partner must be on loopback too (else nothing is sent, and it is logged). */
  loopbackOnly: boolean;
  /** The leases this server holds (answers lease4-get-page). */
  leases(): Lease[];
  /** Take a lease the partner committed: learn it and make it durable. */
  apply(lease: Lease): Promise<void>;
  subnetIdOf(ip: number): number;
  /** Bind the exchange here instead of the config's address (tests: port 0). */
  listen?: Endpoint;
  /** The partner's exchange (tests: the other server's ephemeral port). */
  partner?: Endpoint;
}

export interface HaStatus {
  state: HaState;
  partnerState: HaState | 'unavailable';
  role: string;
  mode: string;
  /** Requests left to the partner by the query filter. */
  filtered: number;
  updatesSent: number;
  updatesFailed: number;
  updatesReceived: number;
  unackedClients: number;
}

export interface HaService {
  readonly address: Endpoint;
  status(): HaStatus;
  /** Kea's query filter (see the module comment). */
  inScope(req: DhcpPacket): boolean;
  /** The leases committed for one request went to the partner (or need not): the reply may go. */
  leasesCommitted(leases: Lease[]): Promise<boolean>;
  /** Resolves at the next transition into `state` (tests, the CLI banner). */
  reached(state: HaState): Promise<void>;
  close(): Promise<void>;
}

/** Message types Kea's HA filters (query_filter.cc v4_ha_types). */
const HA_TYPES = new Set([1, 3, 4, 7, 8]);
const PAGE = 1000;

export async function startHaService(opts: HaServiceOptions): Promise<HaService> {
  const { config, clock, logger } = opts;
  const setTimer = timerOf(clock);
  const machine = createHaMachine({ role: config.self.role, mode: config.mode, timers: config.timers, now: clock.now() });
  let split: Split = config.split;
  let splitKnown = !config.learnsSplit;
  const counters = { filtered: 0, updatesSent: 0, updatesFailed: 0, updatesReceived: 0 };
  const partnerAt = opts.partner ?? { address: config.partner.host, port: config.partner.port };
  const blocked = opts.loopbackOnly && !isLoopbackHost(partnerAt.address);
  if (blocked) logger.error({ partner: partnerAt }, 'ha: the partner is not on loopback and this server serves loopback: nothing is sent to it');
  const client = exchangeClient(partnerAt, { clock, timeoutMs: Math.min(config.timers.maxResponseDelay, 10_000) });
  const send = (command: string, args?: Record<string, unknown>): Promise<CommandAnswer> =>
    blocked ? Promise.reject(new Error('partner outside loopback')) : client.send(command, args);

  const waiters: Array<{ state: HaState; resolve: () => void }> = [];
  machine.onTransition((from, to) => {
    logger.info({ from, to, partner: machine.partnerState }, `ha: ${config.self.name}: ${from} -> ${to}`);
    for (const w of waiters.splice(0)) {
      if (w.state === to) w.resolve();
      else waiters.push(w);
    }
    if (to === 'syncing') void sync();
  });

  /** Kea's synchronization: every lease of the partner, a page at a time. */
  async function sync(): Promise<void> {
    let from = 'start';
    try {
      for (;;) {
        const a = await send('lease4-get-page', { from, limit: PAGE });
        if (a.result === 3) break;
        if (a.result !== 0) throw new Error(a.text ?? `result ${a.result}`);
        const list = (a.arguments?.leases ?? []) as Record<string, unknown>[];
        await Promise.all(list.map((l) => opts.apply(keaJsonToLease(l))));
        if (list.length < PAGE) break;
        from = String(list[list.length - 1]!['ip-address']);
      }
      logger.info(`ha: ${config.self.name}: leases synchronized from the partner`);
      machine.synced(true, clock.now());
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'ha: lease synchronization failed');
      machine.synced(false, clock.now());
    }
  }

  const heartbeatArgs = () => {
    const a: Record<string, unknown> = { state: machine.state, 'date-time': new Date(clock.now()).toUTCString(), scopes: [], 'unsent-update-count': 0 };
    if (config.split.kind === 'dhcpd-hba' && !config.learnsSplit) a['labnet-hba'] = Buffer.from(config.split.hba).toString('hex');
    return a;
  };

  async function handle(command: string, args: Record<string, unknown>): Promise<CommandAnswer> {
    switch (command) {
      case 'ha-heartbeat':
        return { result: 0, text: 'HA peer status.', arguments: heartbeatArgs() };
      case 'lease4-update': {
        await opts.apply(keaJsonToLease(args));
        counters.updatesReceived++;
        return { result: 0, text: 'IPv4 lease updated.' };
      }
      case 'lease4-get-page': {
        const from = args.from === 'start' || args.from === undefined ? -1 : ipFromString(String(args.from));
        const limit = typeof args.limit === 'number' && args.limit > 0 ? args.limit : PAGE;
        const page = opts.leases().filter((l) => l.ip > from).sort((a, b) => a.ip - b.ip).slice(0, limit);
        if (page.length === 0) return { result: 3, text: '0 IPv4 lease(s) found.', arguments: { leases: [], count: 0 } };
        return { result: 0, text: `${page.length} IPv4 lease(s) found.`, arguments: { leases: page.map((l) => leaseToKeaJson(l, opts.subnetIdOf(l.ip))), count: page.length } };
      }
      default:
        return { result: 2, text: `'${command}' command not supported.` };
    }
  }

  const server: ExchangeServer = await startExchangeServer(opts.listen ?? { address: config.self.host, port: config.self.port }, handle);

  let closed = false;
  let cancelBeat = () => {};
  async function beat(): Promise<void> {
    if (closed) return;
    try {
      const a = await send('ha-heartbeat');
      const st = a.arguments?.state;
      if (a.result !== 0 || typeof st !== 'string') throw new Error(a.text ?? 'bad heartbeat answer');
      const hba = a.arguments?.['labnet-hba'];
      if (config.learnsSplit && typeof hba === 'string' && split.kind === 'dhcpd-hba') {
        split = { ...split, hba: Uint8Array.from(Buffer.from(hba, 'hex')) };
        splitKnown = true;
      }
      if (!closed) machine.heard(clock.now(), { reachable: true, state: st as HaState });
    } catch {
      if (!closed) machine.heard(clock.now(), { reachable: false });
    }
    if (!closed) cancelBeat = setTimer(config.timers.heartbeatDelay, beat);
  }
  void beat();

  // Lease updates in flight at once (dhcpd max-unacked-updates), the rest queued.
  const limit = config.maxUnackedUpdates ?? Infinity;
  let inFlight = 0;
  const queue: Array<() => void> = [];
  async function update(lease: Lease): Promise<boolean> {
    if (inFlight >= limit) await new Promise<void>((r) => queue.push(r));
    inFlight++;
    try {
      const a = await send('lease4-update', leaseToKeaJson(lease, opts.subnetIdOf(lease.ip)));
      if (a.result !== 0) throw new Error(a.text ?? `result ${a.result}`);
      counters.updatesSent++;
      return true;
    } catch (err) {
      counters.updatesFailed++;
      logger.debug({ ip: ipToString(lease.ip), err: (err as Error).message }, 'ha: lease update not acknowledged; the reply is dropped');
      return false;
    } finally {
      inFlight--;
      queue.shift()?.();
    }
  }

  return {
    address: server.address,
    status: () => ({
      state: machine.state,
      partnerState: machine.partnerState,
      role: config.self.role,
      mode: config.mode,
      ...counters,
      unackedClients: machine.unackedClients(),
    }),
    inScope(req) {
      const t = req.options.get(53);
      if (!t || t.length !== 1 || !HA_TYPES.has(t[0]!)) return true;
      const key = loadbKey(req);
      const owner = splitKnown ? ownerOf(split, key, req.secs) : 'primary';
      const ok = machine.serves(owner, key.toString('hex'), req.secs, clock.now());
      if (!ok) counters.filtered++;
      return ok;
    },
    async leasesCommitted(leases) {
      if (leases.length === 0 || !machine.sendsUpdates()) return true;
      const results = await Promise.all(leases.map(update));
      return results.every(Boolean);
    },
    reached: (state) => (machine.state === state ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ state, resolve }))),
    async close() {
      closed = true;
      cancelBeat();
      for (const r of queue.splice(0)) r();
      client.close();
      await server.close();
    },
  };
}
