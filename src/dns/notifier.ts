/**
 * NOTIFY sending (RFC 1996) for the zones a server is primary for: whenever the served
 * zones change (load, reload, UPDATE, the test kit's edits: the server's "zones changed"
 * event), each zone whose serial moved is announced to its targets (notify.ts), with BIND
 * 9.18's timing on the injected clock:
 *
 * - notify-delay (default 5 s, ARM "notify-delay"): a zone's first NOTIFY goes out at once
 *   and starts the timer; changes before it expires are announced once when it does, with
 *   the zone as it is then.
 * - Each target is tried over UDP up to 3 times, 15 s apart, until it answers (BIND's
 *   notify request: a 15 s timeout, 2 retries); its answer is logged, not retried.
 *
 * - With views, each view's zone is announced on its own (named keeps a zone per view):
 *   its NS targets' addresses are looked up in that view's zones, its notify and
 *   also-notify are that view's zone statement's, and its notify-delay timer is its own.
 *
 * Network safety: a server bound to a loopback address sends nothing outside loopback; a
 * target outside it is dropped and logged ("NOTIFY not sent: ... outside loopback").
 */
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import { timerOf, systemRandom, type Clock, type Random } from '../util/clock.js';
import { nameKey } from '../wire/name.js';
import type { Zone, ZoneSet } from '../zones/zone-types.js';
import { createDnsExchange, type DnsExchange } from '../dhcp/ddns/dns-exchange.js';
import { isLoopbackAddress } from '../util/ip-address.js';
import { changedZones, notifyMessage, notifyTargets, type NotifyConf, type NotifyTarget } from './notify.js';

/** BIND 9.18 defaults (named -C: notify-delay 5; zone.c's notify request: 15 s, 2 retries). */
export const NOTIFY_DELAY_MS = 5000;
export const NOTIFY_TIMEOUT_MS = 15_000;
export const NOTIFY_TRIES = 3;

/** `view`: the view the zone is in (absent without views). */
export type NotifyEvent =
  | { kind: 'sent'; zone: string; view?: string; serial: number; to: NotifyTarget }
  | { kind: 'answered'; zone: string; view?: string; serial: number; to: NotifyTarget; rcode: number }
  | { kind: 'timeout'; zone: string; view?: string; serial: number; to: NotifyTarget }
  | { kind: 'dropped'; zone: string; view?: string; serial: number; to: NotifyTarget; reason: 'outside-loopback' };

export interface NotifierOptions {
  /** The address the DNS server is bound to: on loopback, nothing goes outside it. */
  host: string;
  /** The zone's notify and also-notify (named.conf), in the view named; default `notify yes`, none. */
  conf?: (zone: Zone, view?: string) => NotifyConf;
  clock?: Clock;
  random?: Random;
  logger?: Logger;
  delayMs?: number;
  timeoutMs?: number;
  tries?: number;
  /** Every NOTIFY sent, answered, timed out or dropped. */
  observe?: (e: NotifyEvent) => void;
}

export interface Notifier {
  /** The served zones (of the view named, with views) went from `old` to `next` (undefined at start): announce what changed. */
  zonesChanged(old: ZoneSet | undefined, next: ZoneSet, view?: string): void;
  close(): void;
}

export function createNotifier(opts: NotifierOptions): Notifier {
  const clock = opts.clock ?? { now: () => Date.now() };
  const setTimer = timerOf(clock);
  const random = opts.random ?? systemRandom;
  const logger = opts.logger ?? silentLogger;
  const delayMs = opts.delayMs ?? NOTIFY_DELAY_MS;
  const loopbackOnly = isLoopbackAddress(opts.host);
  let exchange: DnsExchange | undefined;
  /** The zones now, by view (undefined: a server without views). */
  const zonesOf = new Map<string | undefined, ZoneSet>();
  let closed = false;
  /** Per zone of a view: the notify-delay timer running, and whether a change waits for it. */
  const timers = new Map<string, { cancel: () => void; pending: boolean }>();

  const ex = (): DnsExchange =>
    (exchange ??= createDnsExchange({
      clock,
      randomId: () => Math.floor(random() * 0x10000),
      timeoutMs: opts.timeoutMs ?? NOTIFY_TIMEOUT_MS,
      tries: opts.tries ?? NOTIFY_TRIES,
      loopbackOnly,
    }));

  function sendTo(zone: Zone, view: string | undefined, to: NotifyTarget): void {
    const base = { zone: zone.origin, ...(view === undefined ? {} : { view }), serial: zone.serial, to };
    if (loopbackOnly && !isLoopbackAddress(to.address)) {
      logger.warn({ zone: zone.origin, target: `${to.address}#${to.port}` }, 'NOTIFY not sent: the server is on loopback and the target is outside loopback');
      opts.observe?.({ ...base, kind: 'dropped', reason: 'outside-loopback' });
      return;
    }
    opts.observe?.({ ...base, kind: 'sent' });
    void ex()
      .exchange([{ address: to.address, port: to.port }], (id) => notifyMessage(zone, id))
      .then((r) => {
        if (closed) return;
        if (r.ok) {
          const rcode = r.answer[3] & 0xf;
          logger.info({ zone: zone.origin, target: `${to.address}#${to.port}`, rcode }, 'NOTIFY answered');
          opts.observe?.({ ...base, kind: 'answered', rcode });
        } else {
          logger.warn({ zone: zone.origin, target: `${to.address}#${to.port}` }, 'NOTIFY not answered (timed out)');
          opts.observe?.({ ...base, kind: 'timeout' });
        }
      });
  }

  function sendNow(origin: string, view: string | undefined): void {
    const zones = zonesOf.get(view);
    const zone = zones?.find(origin);
    if (!zones || !zone || zone.loadError !== undefined || nameKey(zone.origin) !== nameKey(origin)) return;
    const { targets, unresolved } = notifyTargets(zone, zones, opts.conf?.(zone, view));
    for (const ns of unresolved) logger.info({ zone: zone.origin, view, ns }, 'NOTIFY: NS name without an address in the served zones, not notified');
    for (const t of targets) sendTo(zone, view, t);
  }

  function announce(origin: string, view: string | undefined): void {
    if (closed) return;
    const k = `${view ?? ''}\0${nameKey(origin)}`;
    const running = timers.get(k);
    if (running) {
      running.pending = true;
      return;
    }
    sendNow(origin, view);
    const entry = {
      pending: false,
      cancel: setTimer(delayMs, () => {
        timers.delete(k);
        if (entry.pending) announce(origin, view);
      }),
    };
    timers.set(k, entry);
  }

  return {
    zonesChanged(old, next, view) {
      zonesOf.set(view, next);
      for (const z of changedZones(old, next)) announce(z.origin, view);
    },
    close() {
      closed = true;
      for (const t of timers.values()) t.cancel();
      timers.clear();
      exchange?.close();
    },
  };
}
