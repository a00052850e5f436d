/**
 * The secondary zones a server keeps (secondary-zone.ts), by view and origin: created the
 * first time a named.conf names them, their configuration replaced on a reload (the zone
 * and its timers kept, as named keeps a secondary zone across `rndc reload`), closed when
 * a reload drops them. NOTIFYs for them are routed here (handler.ts `notify`); the SOA
 * queries of all of them share one UDP exchange, loopback-only on a loopback server.
 */
import type { Logger } from '../../util/logger.js';
import { silentLogger } from '../../util/logger.js';
import type { Clock, Random } from '../../util/clock.js';
import { nameKey } from '../../wire/name.js';
import type { Zone } from '../../zones/zone-types.js';
import { createDnsExchange } from '../../dhcp/ddns/dns-exchange.js';
import { isLoopbackAddress } from '../../util/ip-address.js';
import { createSecondaryZone, type SecondaryEvent, type SecondaryZone, type SecondaryZoneConf } from './secondary-zone.js';

/** SOA queries: 3 tries, 5 s apart. */
export const SOA_QUERY_TIMEOUT_MS = 5000;
export const SOA_QUERY_TRIES = 3;

export interface NotifyRequest {
  zone: string;
  /** The view that took the NOTIFY (undefined without views). */
  view?: string;
  peer?: string;
  /** The TSIG key it was verified with. */
  key?: string;
  /** The SOA serial in its answer section, if any (RFC 1996 3.7). */
  serial?: number;
}

export interface SecondariesOptions {
  host: string;
  clock: Clock;
  random: Random;
  logger?: Logger;
  /** Serve `zone` in `view` (undefined: the zones outside views) in place of the one of its origin. */
  swap: (zone: Zone, view: string | undefined) => void;
  observe?: (e: SecondaryEvent & { view?: string }) => void;
}

export interface Secondaries {
  /** The zone to serve for a secondary zone statement (see the file comment). */
  zoneFor(conf: SecondaryZoneConf, view: string | undefined): Zone;
  /** After a reload: close the secondaries not named again since the last call. */
  sweep(): void;
  /** 'refused' for a NOTIFY a secondary zone refuses; undefined when it accepts it or the zone is no secondary here. */
  notify(req: NotifyRequest): 'refused' | undefined;
  /** Starts the timers of every secondary (and of those created later). */
  start(): void;
  get(origin: string, view?: string): SecondaryZone | undefined;
  close(): void;
}

export function createSecondaries(opts: SecondariesOptions): Secondaries {
  const logger = opts.logger ?? silentLogger;
  const zones = new Map<string, SecondaryZone>();
  let named = new Set<string>();
  let started = false;
  const keyOf = (origin: string, view: string | undefined) => `${view ?? ''}\u0000${nameKey(origin)}`;
  const exchange = createDnsExchange({
    clock: opts.clock,
    randomId: () => Math.floor(opts.random() * 0x10000),
    timeoutMs: SOA_QUERY_TIMEOUT_MS,
    tries: SOA_QUERY_TRIES,
    loopbackOnly: isLoopbackAddress(opts.host),
  });
  return {
    zoneFor(conf, view) {
      const k = keyOf(conf.origin, view);
      named.add(k);
      let s = zones.get(k);
      if (s) {
        s.setConf(conf);
        return s.zone();
      }
      s = createSecondaryZone(conf, {
        host: opts.host, clock: opts.clock, random: opts.random, logger, exchange,
        swap: (z) => opts.swap(z, view),
        observe: opts.observe && ((e) => opts.observe!({ ...e, view })),
      });
      zones.set(k, s);
      if (started) s.start();
      return s.zone();
    },
    sweep() {
      for (const [k, s] of zones) {
        if (named.has(k)) continue;
        s.close();
        zones.delete(k);
      }
      named = new Set();
    },
    notify(req) {
      const s = zones.get(keyOf(req.zone, req.view));
      if (!s || req.peer === undefined) return undefined;
      return s.notify(req.peer, req.key, req.serial) === 'refused' ? 'refused' : undefined;
    },
    start() {
      started = true;
      named = new Set();
      for (const s of zones.values()) s.start();
    },
    get: (origin, view) => zones.get(keyOf(origin, view)),
    close() {
      for (const s of zones.values()) s.close();
      zones.clear();
      exchange.close();
    },
  };
}
