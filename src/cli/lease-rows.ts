/**
 * One lease as `labnet leases` shows it: a JSON row (ISO times, 'never' for an infinite
 * lease) and a table row (IP, state, MAC, hostname, ends in UTC). Shared by the leases file
 * reader and the control endpoint of a running `labnet up`, so both print the same.
 */
import type { Lease } from '../dhcp/types.js';
import { ipToString } from '../dhcp/ip.js';
import { formatLeaseTime } from '../dhcp/leases/index.js';
import { formatTable } from './table.js';

export interface LeaseRow {
  ip: string;
  state: string;
  mac: string | null;
  clientId: string | null;
  hostname: string | null;
  starts: string | null;
  ends: string | null;
  cltt: string | null;
}

function isoOrNever(ms: number | undefined): string | null {
  if (ms === undefined) return null;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : 'never';
}

export function leaseRows(leases: readonly Lease[]): LeaseRow[] {
  return [...leases]
    .sort((a, b) => a.ip - b.ip)
    .map((l) => ({
      ip: ipToString(l.ip),
      state: l.state,
      mac: l.hardwareEthernet ?? null,
      clientId: l.clientId ?? null,
      hostname: l.clientHostname ?? null,
      starts: isoOrNever(l.starts),
      ends: isoOrNever(l.ends),
      cltt: isoOrNever(l.cltt),
    }));
}

/** `2026/12/03 06:45:12` (UTC, as dhcpd.leases writes it) or 'never'. */
export function leaseEndText(ends: string | null): string {
  if (ends === null) return '-';
  return ends === 'never' ? 'never' : formatLeaseTime(Date.parse(ends)).slice(2);
}

export function leaseTable(rows: readonly LeaseRow[]): string {
  return formatTable([['IP', 'STATE', 'MAC', 'HOSTNAME', 'ENDS (UTC)'], ...rows.map((r) => [r.ip, r.state, r.mac ?? '-', r.hostname ?? '-', leaseEndText(r.ends)])]);
}
