/**
 * One secondary zone, running (RFC 1034 4.3.5, RFC 1996 4): its refresh state machine
 * (refresh.ts) on the injected clock, the SOA checks and transfers it asks for
 * (transfer-client.ts), the zone served after each (handed to `swap`), its `file`.
 *
 * A check asks the primaries in the order written (named's order, after a NOTIFY too: named
 * 9.18 does not ask the sender first) for their SOA over UDP, until one has a serial newer
 * than the zone's (RFC 1982), or any serial for a zone without data: the zone is
 * transferred from it over TCP (IXFR from the zone's SOA when it has data and request-ixfr
 * is not `no`, AXFR otherwise, and AXFR again when the IXFR is answered with an error RCODE).
 * A primary with the zone's serial, or an older one (logged as named logs it: "serial number
 * N received from primary ... < ours (M)"), is done with and the next one asked (named's
 * refresh_callback, "next primary"), so a NOTIFY from the second primary of a newer serial
 * is acted on though the first still has the old one. When none had a newer serial, the
 * zone is up to date if one had its serial; when none answered, the check failed (the retry
 * timer).
 *
 * The zone is loaded from `file` at start when the file is there (served at once, then
 * checked), and written to it after every transfer (zone-file.ts); the differences an
 * IXFR brought are appended to its journal first (the zone's next IXFR answers, downstream). Before it has data,
 * and once it expired, the zone is a failed zone (zoneset.ts failedZone): SERVFAIL at and
 * under it, as named answers for a secondary zone not loaded or expired.
 *
 * NOTIFY (RFC 1996 3.10): from the address of one of the primaries, or one allow-notify
 * permits (named: `allow-notify` adds to the primaries), it asks for a check at once;
 * from anyone else it is refused (named: "refused notify from non-primary").
 *
 * Network safety: a server on a loopback address sends nothing outside loopback; a
 * primary outside it is dropped from every check and logged.
 */
import type { Logger } from '../../util/logger.js';
import { silentLogger } from '../../util/logger.js';
import { timerOf, type Clock, type Random } from '../../util/clock.js';
import type { ResourceRecord } from '../../zones/record.js';
import type { Zone } from '../../zones/zone-types.js';
import { failedZone } from '../../zones/zoneset.js';
import { apexSoa } from '../../zones/zone-diff.js';
import { soaSerial } from '../../zones/journal-format.js';
import { serialGreater } from '../../zones/update.js';
import { LocatedError } from '../../util/located-error.js';
import type { DnsExchange } from '../../dhcp/ddns/dns-exchange.js';
import { isLoopbackAddress, sameAddress } from '../../util/ip-address.js';
import { failed, initialState, loadedFromFile, nextWake, notified, soaFields, succeeded, tick, type RefreshState, type TimerLimits } from './refresh.js';
import { querySoa, transferZone, type Primary } from './transfer-client.js';
import { zoneAfterTransfer } from './apply.js';
import { readZoneFile, writeZoneFileAtomic } from './zone-file.js';
import { rmSync } from 'node:fs';
import { openJournalFile, type ZoneJournalFile } from '../../zones/journal-file.js';
import type { JournalTransaction } from '../../zones/journal-format.js';

export interface SecondaryZoneConf {
  /** Absolute origin. */
  origin: string;
  primaries: Primary[];
  /** Absolute path of the zone's `file`; without one the zone lives in memory only. */
  file?: string;
  /**
   * Absolute path of its journal (named: `journal`, else the file with `.jnl`): the IXFRs
   * received are appended (what an IXFR from this server is answered from); an AXFR
   * starts it afresh (removed), as named discards a secondary's journal on a full transfer.
   */
  journal?: string;
  /** allow-notify: who besides the primaries may NOTIFY (address, verified key). */
  allowNotify?: (address: string, key: string | undefined) => boolean;
  /** named.conf request-ixfr (default true): false asks AXFR every time. */
  requestIxfr?: boolean;
  /** min-/max-refresh-time, min-/max-retry-time (default BIND 9.18's). */
  limits?: TimerLimits;
}

export type SecondaryEvent =
  | { kind: 'loaded'; zone: string; serial: number; from: 'file' }
  | { kind: 'up-to-date'; zone: string; serial: number; primary: string }
  | { kind: 'transferred'; zone: string; serial: number; primary: string; type: 'IXFR' | 'AXFR'; messages: number }
  | { kind: 'check-failed'; zone: string; reasons: string[] }
  | { kind: 'expired'; zone: string }
  | { kind: 'dropped'; zone: string; primary: string; reason: 'outside-loopback' }
  | { kind: 'notify'; zone: string; from: string; verdict: 'refused' | 'up-to-date' | 'check' };

export interface SecondaryDeps {
  /** The address the DNS server is bound to: on loopback, nothing goes outside it. */
  host: string;
  clock: Clock;
  random: Random;
  logger?: Logger;
  /** The UDP exchange for SOA queries (dns-exchange.ts, loopback-only for a loopback server). */
  exchange: DnsExchange;
  /** Serve this version of the zone (a transfer, an expiry). */
  swap: (zone: Zone) => void;
  observe?: (e: SecondaryEvent) => void;
}

export interface SecondaryZone {
  readonly origin: string;
  /** The zone serving now: its data, or a failed zone before it has any and once expired. */
  zone(): Zone;
  /** Starts the timers (the first check is due at once). */
  start(): void;
  /** A NOTIFY from `from` (verified TSIG key `key`), its SOA serial when it carried one. */
  notify(from: string, key: string | undefined, serial?: number): 'refused' | 'accepted';
  /** The check running now, if any (tests wait for it). */
  idle(): Promise<void>;
  /** A reload's configuration (primaries, file, allow-notify). */
  setConf(conf: SecondaryZoneConf): void;
  state(): RefreshState;
  close(): void;
}

const label = (origin: string) => `zone ${origin.replace(/(.)\.$/, '$1')}/IN`;
const at = (p: Primary) => `${p.address}#${p.port}`;

export function createSecondaryZone(initial: SecondaryZoneConf, deps: SecondaryDeps): SecondaryZone {
  let conf = initial;
  const origin = conf.origin;
  const logger = deps.logger ?? silentLogger;
  const setTimer = timerOf(deps.clock);
  const loopbackOnly = isLoopbackAddress(deps.host) || deps.host === 'localhost';
  let data: Zone | undefined;
  let served: Zone = failedZone(origin, `${label(origin)}: not loaded yet (secondary zone, no transfer completed)`);
  let state: RefreshState = initialState(deps.clock.now());
  let cancel = () => {};
  let running: Promise<void> | undefined;
  let closed = false;
  let journal: ZoneJournalFile | undefined;
  const observe = (e: SecondaryEvent) => deps.observe?.(e);

  if (conf.file) {
    try {
      const f = readZoneFile(origin, conf.file, (w) => logger.warn(`${w.file}:${w.line}:${w.col}: ${w.message}`), conf.journal);
      if (f) {
        data = served = f.zone;
        state = loadedFromFile(deps.clock.now(), f.zone.serial, soaFields(apexSoa(f.zone).rdata), Math.min(f.mtime, deps.clock.now()), conf.limits);
        logger.info({ zone: origin, serial: f.zone.serial }, `${label(origin)}: loaded serial ${f.zone.serial} from ${conf.file}`);
        observe({ kind: 'loaded', zone: origin, serial: f.zone.serial, from: 'file' });
      }
    } catch (e) {
      if (!(e instanceof LocatedError)) throw e;
      logger.error({ zone: origin, err: e.format() }, `${label(origin)}: the secondary's file did not load; transferring the zone anew`);
    }
  }

  function serve(z: Zone): void {
    served = z;
    deps.swap(z);
  }

  function schedule(): void {
    cancel();
    if (closed) return;
    const wake = nextWake(state);
    if (wake === undefined) return;
    cancel = setTimer(Math.max(0, wake - deps.clock.now()), onTimer);
  }

  function onTimer(): Promise<void> | undefined {
    const r = tick(state, deps.clock.now());
    state = r.state;
    if (r.actions.expire) {
      logger.warn({ zone: origin }, `${label(origin)}: expired`);
      serve(failedZone(origin, `${label(origin)}: expired (no successful refresh within the SOA expire)`));
      observe({ kind: 'expired', zone: origin });
    }
    const p = r.actions.check ? runCheck() : undefined;
    schedule();
    return p;
  }

  /** The primaries a check may ask (the others dropped and logged). */
  function reachable(): Primary[] {
    return conf.primaries.filter((p) => {
      if (!loopbackOnly || isLoopbackAddress(p.address)) return true;
      logger.warn({ zone: origin, primary: at(p) }, `${label(origin)}: refresh not sent: the server is on loopback and the primary is outside loopback`);
      observe({ kind: 'dropped', zone: origin, primary: at(p), reason: 'outside-loopback' });
      return false;
    });
  }

  /** One primary: the zone after asking it, or why it did not serve. */
  async function fromPrimary(p: Primary, current: Zone | undefined): Promise<{ zone: Zone; transferred?: { type: 'IXFR' | 'AXFR'; messages: number }; transactions?: JournalTransaction[] } | string> {
    const soa = await querySoa(deps.exchange, p, origin, deps.clock);
    if (!soa.ok) return `${at(p)}: ${soa.reason}`;
    const serial = soaSerial(soa.soa.rdata);
    if (current && !serialGreater(serial, current.serial)) {
      if (serial === current.serial) return { zone: current };
      logger.info({ zone: origin, primary: at(p) }, `${label(origin)}: refresh: serial number (${serial}) received from primary ${at(p)} < ours (${current.serial})`);
      return `${at(p)}: serial ${serial} older than ours`;
    }
    const id = () => Math.floor(deps.random() * 0x10000);
    const currentSoa: ResourceRecord | undefined = current && conf.requestIxfr !== false ? apexSoa(current) : undefined;
    let type: 'IXFR' | 'AXFR' = currentSoa ? 'IXFR' : 'AXFR';
    let r = await transferZone(p, origin, currentSoa, { clock: deps.clock, id: id() });
    if (!r.ok && type === 'IXFR' && r.rcode !== undefined) {
      logger.info({ zone: origin, primary: at(p) }, `${label(origin)}: got rcode ${r.rcode} to IXFR, retrying with AXFR`);
      type = 'AXFR';
      r = await transferZone(p, origin, undefined, { clock: deps.clock, id: id() });
    }
    if (!r.ok) return `${at(p)}: ${r.reason}`;
    if (r.result.kind === 'axfr') type = 'AXFR';
    try {
      const next = zoneAfterTransfer(origin, current, r.result, `${type} from ${at(p)}`, (w) => logger.warn(`${w.file}: ${w.message}`));
      if (next === current) return { zone: next };
      return { zone: next, transferred: { type, messages: r.messages }, ...(r.result.kind === 'ixfr' ? { transactions: r.result.transactions } : {}) };
    } catch (e) {
      return `${at(p)}: ${e instanceof LocatedError ? e.format() : (e as Error).message}`;
    }
  }

  async function check(): Promise<void> {
    const current = state.serial !== undefined ? data : undefined;
    const reasons: string[] = [];
    /** The first primary that had our serial: the zone is up to date unless a later one has a newer serial. */
    let upToDate: { zone: Zone; primary: Primary } | undefined;
    for (const p of reachable()) {
      if (closed) return;
      const r = await fromPrimary(p, current);
      if (closed) return;
      if (typeof r === 'string') {
        reasons.push(r);
        continue;
      }
      if (!r.transferred) {
        // named (zone.c refresh_callback): the same serial marks this primary done and asks the next.
        upToDate ??= { zone: r.zone, primary: p };
        continue;
      }
      data = r.zone;
      keepJournal(r.transactions);
      if (conf.file) {
        try {
          writeZoneFileAtomic(conf.file, r.zone);
        } catch (e) {
          logger.error({ zone: origin, file: conf.file, err: (e as Error).message }, `${label(origin)}: could not write the zone file`);
        }
      }
      serve(r.zone);
      logger.info({ zone: origin, primary: at(p), serial: r.zone.serial }, `${label(origin)}: transferred serial ${r.zone.serial} (${r.transferred.type} from ${at(p)}, ${r.transferred.messages} messages)`);
      observe({ kind: 'transferred', zone: origin, serial: r.zone.serial, primary: at(p), ...r.transferred });
      state = succeeded(state, deps.clock.now(), r.zone.serial, soaFields(apexSoa(r.zone).rdata), deps.random, conf.limits);
      return;
    }
    if (upToDate) {
      const { zone, primary } = upToDate;
      logger.debug({ zone: origin, primary: at(primary), serial: zone.serial }, `${label(origin)}: up to date`);
      observe({ kind: 'up-to-date', zone: origin, serial: zone.serial, primary: at(primary) });
      state = succeeded(state, deps.clock.now(), zone.serial, soaFields(apexSoa(zone).rdata), deps.random, conf.limits);
      return;
    }
    state = failed(state, deps.clock.now(), deps.random);
    logger.warn({ zone: origin, reasons }, `${label(origin)}: refresh failed; retrying in ${Math.round((state.checkAt - deps.clock.now()) / 1000)} s`);
    observe({ kind: 'check-failed', zone: origin, reasons });
  }

  /** The journal after a transfer: an IXFR's transactions appended, an AXFR's journal removed. */
  function keepJournal(txs: JournalTransaction[] | undefined): void {
    const path = conf.journal;
    if (path === undefined) return;
    try {
      if (txs === undefined || (journal !== undefined && journal.path !== path)) {
        journal?.close();
        journal = undefined;
        rmSync(path, { force: true });
        if (txs === undefined) return;
      }
      journal ??= openJournalFile(path);
      if (journal.serial !== 0 && journal.serial !== soaSerial(txs[0].oldSoa.rdata)) {
        // Out of step (a journal from before an AXFR that was not removed): start afresh.
        journal.close();
        rmSync(path, { force: true });
        journal = openJournalFile(path);
      }
      for (const tx of txs) journal.appendTransaction(tx);
    } catch (e) {
      journal?.close();
      journal = undefined;
      logger.error({ zone: origin, journal: path, err: (e as Error).message }, `${label(origin)}: could not write the journal; IXFR from here answers the whole zone`);
      rmSync(path, { force: true });
    }
  }

  function runCheck(): Promise<void> {
    const p = check().finally(() => {
      if (running === p) running = undefined;
      schedule();
    });
    running = p;
    return p;
  }

  return {
    origin,
    zone: () => served,
    start: schedule,
    notify(from, key, serial) {
      const fromPrimary = conf.primaries.some((p) => sameAddress(p.address, from));
      if (!fromPrimary && !conf.allowNotify?.(from, key)) {
        logger.info({ zone: origin, from }, `${label(origin)}: refused notify from non-primary: ${from}`);
        observe({ kind: 'notify', zone: origin, from, verdict: 'refused' });
        return 'refused';
      }
      const r = notified(state, deps.clock.now(), serial);
      state = r.state;
      if (r.upToDate) logger.info({ zone: origin, from }, `${label(origin)}: notify from ${from}: zone is up to date`);
      observe({ kind: 'notify', zone: origin, from, verdict: r.upToDate ? 'up-to-date' : 'check' });
      if (r.actions.check) void runCheck();
      schedule();
      return 'accepted';
    },
    idle: async () => {
      while (running) await running;
    },
    setConf(next) {
      conf = { ...next, origin };
    },
    state: () => state,
    close() {
      closed = true;
      cancel();
      journal?.close();
      journal = undefined;
    },
  };
}

