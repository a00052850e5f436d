/**
 * Typed events of the lab (test kit): what a test can wait on besides packets. A small
 * emitter of its own so the event names and payloads are checked by the compiler.
 */
import type { Lease } from '../dhcp/types.js';
import type { ZoneChange } from '../zones/update.js';

/** What happened to a lease (RFC 2131 4.3: DHCPACK, DHCPRELEASE, DHCPDECLINE; 4.4.5 expiry). */
export type LeaseEventKind = 'granted' | 'renewed' | 'released' | 'expired' | 'declined';

export interface LeaseEvent {
  kind: LeaseEventKind;
  /** `aa:bb:cc:dd:ee:ff`, as in the lease. */
  mac: string;
  ip: string;
  lease: Lease;
  /** The lab clock's time of the event. */
  at: number;
}

export interface ZoneChangeEvent {
  /** Canonical origin, `lab.local.`. */
  zone: string;
  serial: number;
  changes: readonly ZoneChange[];
  at: number;
}

export interface LabEventMap {
  lease: LeaseEvent;
  zone: ZoneChangeEvent;
}

type Listener<T> = (event: T) => void;

export class LabEvents {
  private readonly listeners: { [K in keyof LabEventMap]: Set<Listener<LabEventMap[K]>> } = { lease: new Set(), zone: new Set() };

  on<K extends keyof LabEventMap>(name: K, fn: Listener<LabEventMap[K]>): () => void {
    this.listeners[name].add(fn);
    return () => this.off(name, fn);
  }

  off<K extends keyof LabEventMap>(name: K, fn: Listener<LabEventMap[K]>): void {
    this.listeners[name].delete(fn);
  }

  /** The next event of `name` that `filter` accepts (all, without one). */
  next<K extends keyof LabEventMap>(name: K, filter: (e: LabEventMap[K]) => boolean = () => true): Promise<LabEventMap[K]> {
    return new Promise((resolve) => {
      const off = this.on(name, (e) => {
        if (!filter(e)) return;
        off();
        resolve(e);
      });
    });
  }

  emit<K extends keyof LabEventMap>(name: K, event: LabEventMap[K]): void {
    // A throwing listener is a bug in the test; it must not break the server's packet path.
    for (const fn of [...this.listeners[name]]) {
      try {
        fn(event);
      } catch {
        /* ignored */
      }
    }
  }
}
