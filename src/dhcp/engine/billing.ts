/**
 * `lease limit N` (dhcpd.conf(5) "CLIENT CLASSING", "SPAWNING CLASSES"), as ISC dhcpd 4.4's
 * ack_lease (server/dhcp.c) and bill_class / unbill_class (server/class.c) count it:
 * - a lease stays billed to its class while the packet is still in that class; a packet no
 *   longer in it unbills the lease;
 * - otherwise the lease is billed to the first class of the packet (in match order) that has a
 *   limit and a free slot; when every such class is full, dhcpd answers nothing;
 * - an OFFER is checked the same way but bills nothing (dhcpd undoes an offer's billing), so
 *   only ACKed leases count; a lease no longer active (released, expired, taken by another
 *   client) frees its slot.
 * The state is the billed leases by class key; whether a lease is active is the caller's.
 */
import type { BillingUnit } from './dynamic.js';

export class LeaseBilling {
  /** Class key -> addresses billed to it. */
  private readonly byClass = new Map<string, Set<number>>();
  /** Address -> the class key it is billed to. */
  private readonly byLease = new Map<number, string>();

  private used(key: string, active: (ip: number) => boolean): number {
    const ips = this.byClass.get(key);
    if (!ips) return 0;
    for (const ip of ips) {
      if (!active(ip)) this.unbill(ip);
    }
    return ips.size;
  }

  private unbill(ip: number): void {
    const key = this.byLease.get(ip);
    if (key === undefined) return;
    this.byLease.delete(ip);
    this.byClass.get(key)?.delete(ip);
  }

  /**
   * May `ip` be given to a packet in these classes? With `commit` (an ACK), the lease is billed.
   * `ip` undefined: a lease not yet chosen, billed to nothing (checked before allocating one).
   * Returns the name of the last full class when none has room (dhcpd then drops the packet).
   * `active(ip)`: the address is an active lease now (of whoever holds it).
   */
  check(ip: number | undefined, units: readonly BillingUnit[], commit: boolean, active: (ip: number) => boolean): { ok: true } | { ok: false; full: string } {
    const current = ip === undefined ? undefined : this.byLease.get(ip);
    if (ip !== undefined && current !== undefined) {
      if (units.some((u) => u.key === current) && active(ip)) return { ok: true };
      this.unbill(ip);
    }
    if (units.length === 0) return { ok: true };
    for (const u of units) {
      if (this.used(u.key, active) >= u.limit) continue;
      if (commit && ip !== undefined) {
        this.byLease.set(ip, u.key);
        let set = this.byClass.get(u.key);
        if (!set) this.byClass.set(u.key, (set = new Set()));
        set.add(ip);
      }
      return { ok: true };
    }
    return { ok: false, full: units[units.length - 1].name };
  }
}
