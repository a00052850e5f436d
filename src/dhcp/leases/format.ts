/**
 * The ISC dhcpd.leases format (dhcpd.leases(5); dhcpd 4.4 server/db.c write_lease):
 *
 *   lease 192.168.244.150 {
 *     starts 5 2026/11/27 08:00:00;
 *     ends 5 2026/11/27 08:10:00;
 *     cltt 5 2026/11/27 08:00:00;
 *     binding state active;
 *     next binding state free;
 *     hardware ethernet 00:0c:29:aa:bb:10;
 *     uid "\001\000\014)\252\273\020";
 *     client-hostname "x";
 *   }
 *
 * Times are `W YYYY/MM/DD HH:MM:SS` in UTC (W: 0 = Sunday), or `epoch N;` (db-time-format local),
 * or `never`. The file is a log: a lease block repeated for the same address replaces the
 * earlier one. A crash mid-write leaves a torn last block; the reader drops it with a warning.
 * Whole seconds only: milliseconds of Lease times are dropped on write.
 *
 * This module writes the format; parse.ts (general parser), scanner.ts (fast scanner),
 * latest.ts (latest record per address) and reader.ts (chunked reader) read it.
 */
import { ipToString } from '../ip.js';
import type { Lease } from '../types.js';
import { formatDdnsBindings } from './ddns-bindings.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `W YYYY/MM/DD HH:MM:SS` (UTC), or `never` for an infinite time. */
export function formatLeaseTime(ms: number): string {
  if (!Number.isFinite(ms)) return 'never';
  const d = new Date(Math.floor(ms / 1000) * 1000);
  return `${d.getUTCDay()} ${pad(d.getUTCFullYear(), 4)}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * dhcpd's quotify_buf: printable ASCII as is, `" ' $ \` and backquote escaped with a backslash,
 * everything else as a three-digit octal escape.
 */
export function quotifyBytes(buf: Buffer): string {
  let s = '"';
  for (const b of buf) {
    if (b === 0x22 || b === 0x27 || b === 0x24 || b === 0x60 || b === 0x5c) s += '\\' + String.fromCharCode(b);
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\' + b.toString(8).padStart(3, '0');
  }
  return s + '"';
}

/** One lease block, byte for byte as dhcpd 4.4 writes it (two-space indent, `}` then newline). */
export function formatLease(lease: Lease): string {
  const lines = [`lease ${ipToString(lease.ip)} {`];
  lines.push(`  starts ${formatLeaseTime(lease.starts)};`);
  lines.push(`  ends ${formatLeaseTime(lease.ends)};`);
  if (lease.cltt !== undefined) lines.push(`  cltt ${formatLeaseTime(lease.cltt)};`);
  lines.push(`  binding state ${lease.state};`);
  if (lease.state === 'active') lines.push('  next binding state free;');
  if (lease.hardwareEthernet) lines.push(`  hardware ethernet ${lease.hardwareEthernet};`);
  if (lease.clientId) lines.push(`  uid ${quotifyBytes(Buffer.from(lease.clientId, 'hex'))};`);
  lines.push(...formatDdnsBindings(lease.ddns));
  if (lease.clientHostname !== undefined) lines.push(`  client-hostname ${quotifyBytes(Buffer.from(lease.clientHostname, 'utf8'))};`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** The header dhcpd writes at the top of a new leases file. */
export function formatLeasesHeader(writer = 'labnet'): string {
  return (
    '# The format of this file is documented in the dhcpd.leases(5) manual page.\n' +
    `# This lease file was written by ${writer}\n\n` +
    '# authoring-byte-order entry is generated, DO NOT DELETE\n' +
    'authoring-byte-order little-endian;\n\n'
  );
}
