/**
 * The HA state machine of one server of a pair, as Kea 2.2's HA hook runs it (Kea ARM
 * "ha: High Availability": "Server States", "Scopes", "Load-Balancing" / "Hot-Standby
 * Configuration", and failure detection by `max-response-delay`, `max-ack-delay` and
 * `max-unacked-clients`). Pure: every input carries its time (`now`, epoch ms), the service
 * (service.ts) feeds it heartbeat outcomes and the clients it sees, and reads back the state,
 * whether a client is served and whether lease updates go to the partner.
 *
 * States (Kea's names; `normal` stands for `load-balancing` or `hot-standby`, the mode's):
 * - waiting: at start; DHCP service off. The partner answers -> syncing. No answer for
 *   max-response-delay -> partner-down (Kea: the service is off, so no client count is needed).
 * - syncing: the service pulls the partner's leases (Kea's lease4-get-page); done -> ready,
 *   failed -> waiting.
 * - ready: service off, waiting for the partner: partner in normal state -> normal; both
 *   ready -> the primary goes first; partner unreachable for max-response-delay -> partner-down.
 * - normal: each server serves its own scope (hot-standby: the primary serves every client,
 *   the standby none); lease updates go to the partner before the reply. The partner in
 *   partner-down (it served alone) -> waiting, to take its leases again. Failure detection:
 *   once no exchange has succeeded for max-response-delay, the partner is down when
 *   max-unacked-clients is 0, or when more than max-unacked-clients distinct clients of the
 *   partner's scope have been seen retrying with `secs` above max-ack-delay; a primary in
 *   hot-standby (serving everyone already) needs no client count.
 * - partner-down: serves every client, sends no lease updates. The partner back and ready ->
 *   normal; the partner in normal state -> waiting (Kea resyncs); both partner-down -> the
 *   secondary waits.
 */
import type { Owner } from './loadb.js';

export type HaRole = 'primary' | 'secondary' | 'standby';
export type HaMode = 'load-balancing' | 'hot-standby';
export type HaState = 'waiting' | 'syncing' | 'ready' | 'load-balancing' | 'hot-standby' | 'partner-down';

export interface HaTimers {
  /** Kea heartbeat-delay (ms, default 10000): between two heartbeats. */
  heartbeatDelay: number;
  /** Kea max-response-delay (ms, default 60000): no answer for this long and communication is interrupted. */
  maxResponseDelay: number;
  /** Kea max-ack-delay (ms, default 10000): a client whose `secs` passes it counts as unacked. */
  maxAckDelay: number;
  /** Kea max-unacked-clients (default 10). */
  maxUnackedClients: number;
}

export const KEA_DEFAULT_TIMERS: HaTimers = { heartbeatDelay: 10000, maxResponseDelay: 60000, maxAckDelay: 10000, maxUnackedClients: 10 };

/** What a heartbeat told about the partner: its state, or nothing (no answer). */
export type PartnerView = { reachable: true; state: HaState } | { reachable: false };

export interface HaMachine {
  readonly state: HaState;
  readonly partnerState: HaState | 'unavailable';
  /** A heartbeat (or any command) was answered at `now`, or failed. */
  heard(now: number, partner: PartnerView): void;
  /** syncing -> ready (true) or waiting (false). */
  synced(ok: boolean, now: number): void;
  /** Whether this server answers a client the split gives to `owner`; a client it does not answer is observed for failure detection. */
  serves(owner: Owner, client: string, secsField: number, now: number): boolean;
  /** Whether committed leases go to the partner before the reply (Kea sends updates in the normal states). */
  sendsUpdates(): boolean;
  /** Number of distinct unacked partner clients counted since communication was interrupted. */
  unackedClients(): number;
  /** Every transition, oldest first (for logs and tests). */
  onTransition(fn: (from: HaState, to: HaState, now: number) => void): void;
}

export function createHaMachine(opts: { role: HaRole; mode: HaMode; timers: HaTimers; now: number }): HaMachine {
  const { role, mode, timers } = opts;
  const normal: HaState = mode;
  let state: HaState = 'waiting';
  let partnerState: HaState | 'unavailable' = 'unavailable';
  /** The last time the partner answered (start counts as one: Kea measures from startup). */
  let lastHeard = opts.now;
  const unacked = new Set<string>();
  const listeners: Array<(from: HaState, to: HaState, now: number) => void> = [];

  const go = (to: HaState, now: number) => {
    if (to === state) return;
    const from = state;
    state = to;
    unacked.clear();
    for (const l of listeners) l(from, to, now);
  };
  const interrupted = (now: number) => now - lastHeard > timers.maxResponseDelay;
  const serviceOn = () => state === normal || state === 'partner-down';
  /** Kea's HAService::shouldPartnerDown. */
  const shouldPartnerDown = (now: number) => {
    if (!interrupted(now)) return false;
    if (!serviceOn()) return true;
    if (mode === 'hot-standby' && role === 'primary') return true;
    return timers.maxUnackedClients === 0 || unacked.size > timers.maxUnackedClients;
  };

  function onPartner(now: number, p: HaState) {
    switch (state) {
      case 'waiting':
        go('syncing', now);
        break;
      case 'syncing':
        break;
      case 'ready':
        if (p === normal || (p === 'ready' && role === 'primary')) go(normal, now);
        break;
      case 'load-balancing':
      case 'hot-standby':
        if (p === 'partner-down') go('waiting', now);
        break;
      case 'partner-down':
        if (p === 'ready') go(normal, now);
        else if (p === normal || (p === 'partner-down' && role !== 'primary')) go('waiting', now);
        break;
    }
  }

  function check(now: number) {
    if (state === 'syncing' || state === 'partner-down') return;
    if (shouldPartnerDown(now)) go('partner-down', now);
  }

  return {
    get state() {
      return state;
    },
    get partnerState() {
      return partnerState;
    },
    heard(now, partner) {
      if (partner.reachable) {
        lastHeard = now;
        partnerState = partner.state;
        unacked.clear();
        onPartner(now, partner.state);
      } else {
        partnerState = 'unavailable';
        check(now);
      }
    },
    synced(ok, now) {
      if (state === 'syncing') go(ok ? 'ready' : 'waiting', now);
    },
    serves(owner, client, secsField, now) {
      if (state === 'partner-down') return true;
      if (state !== normal) return false;
      const mine = owner === 'either' || (role === 'primary' ? owner === 'primary' : role === 'secondary' && owner === 'secondary');
      if (mine) return true;
      // Kea's CommunicationState4::analyzeMessage: counted only while communication is interrupted.
      if (interrupted(now) && secsField * 1000 > timers.maxAckDelay) {
        unacked.add(client);
        check(now);
        return (state as HaState) === 'partner-down'; // check() may have moved it
      }
      return false;
    },
    sendsUpdates() {
      return state === normal;
    },
    unackedClients() {
      return unacked.size;
    },
    onTransition(fn) {
      listeners.push(fn);
    },
  };
}
