/**
 * Datagrams the kernel dropped at a UDP socket (receive buffer full): the `drops` column of
 * Linux's /proc/net/udp (proc(5)), one line per socket, the local address as hex
 * `0100007F:1518` (IPv4 in host byte order, little-endian on x86 and arm64). Pure parse,
 * plus a reader that answers undefined where the file is missing (not Linux).
 */
import { readFileSync } from 'node:fs';

/** The drops of the sockets bound to `address`:`port` (summed: SO_REUSEPORT may bind several), undefined when none is listed. */
export function udpDrops(text: string, address: string, port: number): number | undefined {
  const octets = address.split('.').map(Number);
  const hexAddr = octets.reverse().map((o) => o.toString(16).padStart(2, '0')).join('').toUpperCase();
  const want = `${hexAddr}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let total: number | undefined;
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 13 || f[1] !== want) continue;
    total = (total ?? 0) + Number(f[f.length - 1]);
  }
  return total;
}

export function readUdpDrops(address: string, port: number, file = '/proc/net/udp'): number | undefined {
  try {
    return udpDrops(readFileSync(file, 'utf8'), address, port);
  } catch {
    return undefined;
  }
}
