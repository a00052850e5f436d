/**
 * The refresh state machine of a secondary zone (RFC 1034 4.3.5, RFC 1996 4), pure: times
 * are milliseconds given by the caller, randomness is given; the driver (secondary-zone.ts)
 * sets one timer for `nextWake()` and runs the SOA checks the machine asks for.
 *
 * As BIND 9.18 keeps a secondary zone (zone.c):
 *
 * - The SOA's refresh, retry and expire are clamped to named's min-/max-refresh-time
 *   (300 s .. 4 weeks), min-/max-retry-time (500 s .. 2 weeks), and expire to at least
 *   refresh + retry and at most 24 weeks (DNS_MAX_EXPIRE).
 * - A check that succeeds (the primary's serial is ours, or the transfer of a newer one
 *   completed) sets the next check at refresh and the expiry at expire from now; one that
 *   fails sets the next check at retry, the expiry staying where it was. Both intervals
 *   are shortened by a random part of up to a quarter (dns_zone_refresh's
 *   `retry - isc_random_uniform(retry / 4)`), so secondaries do not ask in step.
 * - Before the zone has timers of its own (never loaded), the retry is 60 s, doubled after
 *   each failure up to 6 hours (zone.c: "exponential backoff ... maximum of six hours").
 * - A zone loaded from its file at start serves at once; it expires at the file's time
 *   plus expire (named takes the file's modification time), and is checked at once.
 * - Once the expiry passes without a successful check the zone is expired (answered
 *   SERVFAIL) and checked again at each retry.
 * - A NOTIFY (RFC 1996 4.7) asks for a check at once; when the zone is loaded and the
 *   NOTIFY's SOA serial is not newer (RFC 1982) than the zone's, it is up to date and
 *   nothing is done (named: "notify from ...: zone is up to date"). A NOTIFY during a check
 *   makes another check follow it (named's DNS_ZONEFLG_NEEDREFRESH).
 */
import { serialGreater } from '../../zones/update.js';

/** The SOA's timer fields, in seconds (RFC 1035 3.3.13). */
export interface SoaTimers {
  refresh: number;
  retry: number;
  expire: number;
}

/** named.conf's min-/max-refresh-time and min-/max-retry-time, seconds. */
export interface TimerLimits {
  minRefresh: number;
  maxRefresh: number;
  minRetry: number;
  maxRetry: number;
}

/** BIND 9.18's defaults (named -C). */
export const BIND_TIMER_LIMITS: TimerLimits = { minRefresh: 300, maxRefresh: 2_419_200, minRetry: 500, maxRetry: 1_209_600 };
/** zone.c DNS_MAX_EXPIRE: 24 weeks. */
export const MAX_EXPIRE = 14_515_200;
/** zone.c DNS_ZONE_DEFAULTRETRY, and the cap of its backoff. */
export const DEFAULT_RETRY = 60;
export const MAX_BACKOFF_RETRY = 6 * 3600;

const range = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

/** The timers named uses for a zone with this SOA (see the file comment). */
export function clampTimers(t: SoaTimers, limits: TimerLimits = BIND_TIMER_LIMITS): SoaTimers {
  const refresh = range(t.refresh, limits.minRefresh, limits.maxRefresh);
  const retry = range(t.retry, limits.minRetry, limits.maxRetry);
  return { refresh, retry, expire: range(t.expire, refresh + retry, MAX_EXPIRE) };
}

/** SERIAL, REFRESH, RETRY, EXPIRE of SOA RDATA (the last five 32-bit fields hold them and MINIMUM). */
export function soaFields(rdata: Buffer): { serial: number } & SoaTimers {
  const o = rdata.length - 20;
  return { serial: rdata.readUInt32BE(o), refresh: rdata.readUInt32BE(o + 4), retry: rdata.readUInt32BE(o + 8), expire: rdata.readUInt32BE(o + 12) };
}

export interface RefreshState {
  /** The zone's serial, when it holds data (not expired). */
  serial?: number;
  /** The clamped timers of the zone's SOA; absent before the first load. */
  timers?: SoaTimers;
  /** The retry used before the zone has timers (doubles per failure). */
  backoffRetry: number;
  expired: boolean;
  /** When the zone expires (ms); absent while it has no data. */
  expiresAt?: number;
  /** When the next check is due (ms). */
  checkAt: number;
  checking: boolean;
  /** A NOTIFY came during a check: check again when it ends. */
  again: boolean;
}

/** What the driver does after an event. */
export interface RefreshActions {
  /** Start an SOA check now. */
  check: boolean;
  /** The zone has just expired: stop serving its data (SERVFAIL). */
  expire: boolean;
}

export type Random = () => number;

const NONE: RefreshActions = { check: false, expire: false };

/** A zone with no data yet: checked at `now`. */
export function initialState(now: number): RefreshState {
  return { backoffRetry: DEFAULT_RETRY, expired: false, checkAt: now, checking: false, again: false };
}

/** A zone loaded from its file at start, the file written at `fileTime` (ms): serves, checked at once. */
export function loadedFromFile(now: number, serial: number, soa: SoaTimers, fileTime: number, limits?: TimerLimits): RefreshState {
  const timers = clampTimers(soa, limits);
  return { ...initialState(now), serial, timers, expiresAt: fileTime + timers.expire * 1000 };
}

/** An interval of `seconds` shortened by a random part of up to a quarter of it, in ms. */
function jittered(seconds: number, random: Random): number {
  return Math.round((seconds - Math.floor(random() * Math.floor(seconds / 4))) * 1000);
}

/**
 * The clock reached `now`: expires the zone when its expiry has passed, starts the check
 * when it is due and none is running.
 */
export function tick(s: RefreshState, now: number): { state: RefreshState; actions: RefreshActions } {
  let state = s;
  let expire = false;
  if (!state.expired && state.expiresAt !== undefined && now >= state.expiresAt) {
    state = { ...state, expired: true, serial: undefined };
    expire = true;
  }
  if (!state.checking && now >= state.checkAt) return { state: { ...state, checking: true, again: false }, actions: { check: true, expire } };
  return { state, actions: { check: false, expire } };
}

/** A NOTIFY arrived (its answer's SOA serial, when it had one): see the file comment. */
export function notified(s: RefreshState, now: number, serial?: number): { state: RefreshState; actions: RefreshActions; upToDate: boolean } {
  if (s.serial !== undefined && serial !== undefined && !serialGreater(serial, s.serial)) return { state: s, actions: NONE, upToDate: true };
  if (s.checking) return { state: { ...s, again: true }, actions: NONE, upToDate: false };
  return { state: { ...s, checkAt: now, checking: true, again: false }, actions: { check: true, expire: false }, upToDate: false };
}

/** The check ended with the zone at `serial` (up to date, or transferred) and its SOA's timers. */
export function succeeded(s: RefreshState, now: number, serial: number, soa: SoaTimers, random: Random, limits?: TimerLimits): RefreshState {
  const timers = clampTimers(soa, limits);
  return {
    serial, timers, backoffRetry: DEFAULT_RETRY, expired: false, checking: false, again: false,
    expiresAt: now + timers.expire * 1000,
    checkAt: s.again ? now : now + jittered(timers.refresh, random),
  };
}

/** The check failed (no primary answered, refused, a broken transfer). */
export function failed(s: RefreshState, now: number, random: Random): RefreshState {
  const retry = s.timers?.retry ?? s.backoffRetry;
  return {
    ...s, checking: false, again: false,
    backoffRetry: s.timers ? s.backoffRetry : Math.min(s.backoffRetry * 2, MAX_BACKOFF_RETRY),
    checkAt: s.again ? now : now + jittered(retry, random),
  };
}

/** When the driver must call tick() next (ms): the check or the expiry, whichever is first. */
export function nextWake(s: RefreshState): number | undefined {
  const times: number[] = [];
  if (!s.checking) times.push(s.checkAt);
  if (!s.expired && s.expiresAt !== undefined) times.push(s.expiresAt);
  return times.length ? Math.min(...times) : undefined;
}
