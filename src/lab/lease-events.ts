/**
 * Lease events for the test kit, from what the DHCP server's engine decided (dhcp/tap.ts
 * `after`): granted (a DHCPACK binding an address the client did not hold), renewed (a
 * DHCPACK extending one it held, RFC 2131 4.3.2 RENEWING/REBINDING or a repeated REQUEST),
 * released (DHCPRELEASE, 4.3.4), declined (DHCPDECLINE, 4.3.3: abandoned), and expired: a
 * timer on the lab's clock at each lease's end (a virtual clock fires it when advanced
 * past it, no sleeping).
 */
import type { DhcpPacket, Lease } from '../dhcp/types.js';
import type { HandleResult } from '../dhcp/engine.js';
import { ipToString } from '../dhcp/ip.js';
import { chaddrText } from '../dhcp/faults.js';
import { timerOf, type Clock } from '../util/clock.js';
import type { LabEvents, LeaseEventKind } from './events.js';

export interface LeaseWatcher {
  after(req: DhcpPacket, result: HandleResult): void;
  close(): void;
}

export function watchLeases(events: LabEvents, clock: Clock): LeaseWatcher {
  const setTimer = timerOf(clock);
  /** Active leases by address: who holds it until when, and the expiry timer. */
  const active = new Map<number, { mac: string | undefined; ends: number; cancel: () => void }>();

  /** `mac`: the lease's, else the requester's (an abandoned lease keeps none). */
  const emit = (kind: LeaseEventKind, lease: Lease, mac = lease.hardwareEthernet ?? '') =>
    events.emit('lease', { kind, mac, ip: ipToString(lease.ip), lease, at: clock.now() });

  const forget = (ip: number) => {
    active.get(ip)?.cancel();
    active.delete(ip);
  };

  function track(lease: Lease): void {
    forget(lease.ip);
    const cancel = setTimer(lease.ends - clock.now(), () => {
      const held = active.get(lease.ip);
      if (held?.ends !== lease.ends) return;
      active.delete(lease.ip);
      emit('expired', { ...lease, state: 'expired' });
    });
    active.set(lease.ip, { mac: lease.hardwareEthernet, ends: lease.ends, cancel });
  }

  return {
    after(req, result) {
      const type = req.options.get(53)?.[0];
      const requester = chaddrText(req);
      for (const lease of result.changes) {
        const held = active.get(lease.ip);
        if (lease.state === 'active') {
          emit(held && held.mac === lease.hardwareEthernet ? 'renewed' : 'granted', lease);
          track(lease);
        } else if (lease.state === 'abandoned' || type === 4 /* DHCPDECLINE */) {
          forget(lease.ip);
          emit('declined', lease, lease.hardwareEthernet ?? requester);
        } else if (lease.state === 'released' || lease.state === 'free') {
          forget(lease.ip);
          emit('released', lease, lease.hardwareEthernet ?? requester);
        }
      }
    },
    close() {
      for (const ip of [...active.keys()]) forget(ip);
    },
  };
}
