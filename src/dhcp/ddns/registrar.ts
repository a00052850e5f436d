/**
 * Runs the DNS work the engine decides (engine/ddns.ts) for the DHCP server: after a lease is
 * durable and its ACK sent, the updater registers or removes its names; what DNS accepted is
 * written back on the lease (its ddns bindings) and journaled, as dhcpd rewrites a lease after
 * its updates; a lease with names gets a timer on the server's clock at its end, which removes
 * them (dhcpd's expiry processing). Leases loaded at startup get their timers too.
 * Work for one address runs in order (a release after an ACK waits for the ACK's updates).
 */
import type { Lease, LeaseDdns } from '../types.js';
import type { DdnsWork } from '../engine/ddns.js';
import type { DhcpEngine } from '../engine.js';
import { timerOf, type Clock } from '../../util/clock.js';
import type { DdnsRecord, DdnsUpdater } from './updater.js';

export interface DdnsRegistrar {
  /** Runs `work`; `ends` is the end of the lease it belongs to (as journaled). */
  run(work: DdnsWork, ends: number | undefined): Promise<void>;
  /** Timers for the leases the journal loaded. */
  resume(leases: Lease[]): void;
  /** Resolves when every running update has finished. */
  idle(): Promise<void>;
  close(): void;
}

/** The registration after `records` (steps.ts) were accepted. */
export function afterRecords(current: LeaseDdns | undefined, intent: LeaseDdns | undefined, records: DdnsRecord[]): LeaseDdns | undefined {
  let d: LeaseDdns = { ...(current ?? {}) };
  for (const r of records) {
    if (r === 'forward-added' && intent) d = { ...d, fwdName: intent.fwdName, guard: intent.guard };
    else if (r === 'ptr-added' && intent) d = { ...d, revName: intent.revName, ...(intent.clientFqdn !== undefined ? { clientFqdn: intent.clientFqdn } : {}) };
    else if (r === 'forward-removed') {
      const { fwdName: _f, guard: _g, ...rest } = d;
      d = rest;
    } else if (r === 'ptr-removed') {
      const { revName: _r, clientFqdn: _c, ...rest } = d;
      d = rest;
    }
  }
  return Object.keys(d).length > 0 ? d : undefined;
}

export function createDdnsRegistrar(opts: {
  engine: DhcpEngine;
  updater: DdnsUpdater;
  clock: Clock;
  /** Journals a lease whose bindings changed. */
  persist: (lease: Lease) => Promise<void>;
}): DdnsRegistrar {
  const setTimer = timerOf(opts.clock);
  const chains = new Map<number, Promise<void>>();
  const timers = new Map<number, () => void>();
  let closed = false;

  function schedule(ip: number, ends: number): void {
    timers.get(ip)?.();
    if (!Number.isFinite(ends)) return;
    timers.set(
      ip,
      setTimer(Math.max(0, ends - opts.clock.now()), () => {
        timers.delete(ip);
        const work = opts.engine.ddnsAtExpiry(ip, ends, opts.clock.now());
        if (work) void enqueue(work, ends);
      }),
    );
  }

  async function perform(work: DdnsWork, ends: number | undefined): Promise<void> {
    let current = ends !== undefined ? leaseDdns(work.ip, ends) : undefined;
    if (work.remove) {
      const records = await opts.updater.remove(work.remove);
      current = afterRecords(current, undefined, records);
      if (ends !== undefined) await save(work.ip, ends, current);
    }
    if (work.add && !closed) {
      const records = await opts.updater.add(work.add);
      current = afterRecords(current, work.record, records);
      if (ends !== undefined) {
        await save(work.ip, ends, current);
        if (current !== undefined) schedule(work.ip, ends);
      }
    }
  }

  function leaseDdns(ip: number, ends: number): LeaseDdns | undefined {
    return opts.engine.ddnsOf(ip, ends);
  }

  async function save(ip: number, ends: number, d: LeaseDdns | undefined): Promise<void> {
    if (closed) return;
    const lease = opts.engine.setDdns(ip, ends, d);
    if (lease) await opts.persist(lease);
  }

  function enqueue(work: DdnsWork, ends: number | undefined): Promise<void> {
    const prev = chains.get(work.ip) ?? Promise.resolve();
    const next = prev.then(() => (closed ? undefined : perform(work, ends))).catch(() => undefined);
    chains.set(work.ip, next);
    void next.finally(() => {
      if (chains.get(work.ip) === next) chains.delete(work.ip);
    });
    return next;
  }

  return {
    run: (work, ends) => enqueue(work, ends),
    resume(leases) {
      for (const l of leases) if (l.ddns !== undefined && (l.state === 'active' || l.state === 'expired')) schedule(l.ip, l.ends);
    },
    async idle() {
      while (chains.size > 0) await Promise.allSettled([...chains.values()]);
    },
    close() {
      closed = true;
      for (const cancel of timers.values()) cancel();
      timers.clear();
      opts.updater.close();
    },
  };
}
