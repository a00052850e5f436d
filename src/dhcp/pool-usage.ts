/**
 * Addresses per pool: how many its ranges hold (the subnet's network and broadcast
 * addresses never count, as the allocator never hands them out), how many are bound (an
 * active or abandoned lease, RFC 2131 4.3.1 / 4.3.3), and how many are free, as dhcpd's
 * pool statistics count them. Pure: the config and the leases in, numbers out.
 */
import type { DhcpConfig, Lease } from './types.js';
import { ipToString, prefixFromMask } from './ip.js';

export interface PoolUsage {
  /** `192.168.244.0/24`. */
  subnet: string;
  /** The pool's ranges, `192.168.244.150-192.168.244.250`, comma separated. */
  range: string;
  size: number;
  active: number;
  abandoned: number;
  free: number;
}

export function poolUsage(config: DhcpConfig, leases: readonly Lease[]): PoolUsage[] {
  const out: PoolUsage[] = [];
  for (const s of config.subnets) {
    const network = s.network >>> 0;
    const broadcast = (s.network | ~s.mask) >>> 0;
    for (const p of s.pools) {
      if (p.ranges.length === 0) continue;
      const within = (ip: number) => ip !== network && ip !== broadcast && p.ranges.some((r) => ip >= r.start && ip <= r.end);
      let size = 0;
      for (const r of p.ranges) {
        if (r.end < r.start) continue;
        size += r.end - r.start + 1;
        if (network >= r.start && network <= r.end) size--;
        if (broadcast >= r.start && broadcast <= r.end) size--;
      }
      const count = (state: Lease['state']) => leases.filter((l) => l.state === state && within(l.ip)).length;
      const active = count('active');
      const abandoned = count('abandoned');
      out.push({
        subnet: `${ipToString(network)}/${prefixFromMask(s.mask)}`,
        range: p.ranges.map((r) => `${ipToString(r.start)}-${ipToString(r.end)}`).join(','),
        size,
        active,
        abandoned,
        free: size - active - abandoned,
      });
    }
  }
  return out;
}
