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

/** The last two seconds formatted (a lease's starts and cltt share one, its ends is the other). */
const recent: { sec: number; text: string }[] = [{ sec: NaN, text: '' }, { sec: NaN, text: '' }];
let recentNext = 0;

/** `W YYYY/MM/DD HH:MM:SS` (UTC), or `never` for an infinite time. */
export function formatLeaseTime(ms: number): string {
  if (!Number.isFinite(ms)) return 'never';
  const sec = Math.floor(ms / 1000);
  if (recent[0].sec === sec) return recent[0].text;
  if (recent[1].sec === sec) return recent[1].text;
  const text = formatSecond(sec);
  recent[recentNext] = { sec, text };
  recentNext ^= 1;
  return text;
}

function formatSecond(sec: number): string {
  const d = new Date(sec * 1000);
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
  // One string built by concatenation (the journal formats a block per ACK).
  let s = `lease ${ipToString(lease.ip)} {\n  starts ${formatLeaseTime(lease.starts)};\n  ends ${formatLeaseTime(lease.ends)};\n`;
  if (lease.cltt !== undefined) s += `  cltt ${formatLeaseTime(lease.cltt)};\n`;
  s += `  binding state ${lease.state};\n`;
  if (lease.state === 'active') s += '  next binding state free;\n';
  if (lease.hardwareEthernet) s += `  hardware ethernet ${lease.hardwareEthernet};\n`;
  if (lease.clientId) s += `  uid ${quotifyBytes(Buffer.from(lease.clientId, 'hex'))};\n`;
  if (lease.ddns) for (const line of formatDdnsBindings(lease.ddns)) s += line + '\n';
  if (lease.clientHostname !== undefined) s += `  client-hostname ${quotifyBytes(Buffer.from(lease.clientHostname, 'utf8'))};\n`;
  return s + '}\n';
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
