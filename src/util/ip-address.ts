/**
 * IP addresses as text (RFC 4291 2.2 for IPv6, with an embedded IPv4 tail and a zone index
 * `%x`): their bytes, one spelling per address (RFC 5952 4 for IPv6; an IPv4-mapped address
 * ::ffff:a.b.c.d, as a dual-stack socket reports an IPv4 peer, as the IPv4 address), and
 * loopback (127.0.0.0/8, RFC 1122 3.2.1.3; ::1, RFC 4291 2.5.3). Pure.
 */
import net from 'node:net';

export interface IpBytes {
  family: 4 | 6;
  bytes: Uint8Array;
}

/** The bytes of an IPv4 or IPv6 address (a zone index `%x` ignored), or undefined. */
export function ipBytes(text: string): IpBytes | undefined {
  const a = text.replace(/%.*$/, '');
  if (net.isIPv4(a)) return { family: 4, bytes: Uint8Array.from(a.split('.').map(Number)) };
  if (!net.isIPv6(a)) return undefined;
  const out = new Uint8Array(16);
  let head = a;
  let tailV4: number[] = [];
  const lastColon = a.lastIndexOf(':');
  if (a.slice(lastColon + 1).includes('.')) {
    tailV4 = a.slice(lastColon + 1).split('.').map(Number);
    head = a.slice(0, lastColon + 1) + '0:0';
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const words = (s: string | undefined) => (s ? s.split(':').filter((w) => w !== '').map((w) => parseInt(w, 16)) : []);
  const l = words(left);
  const r = right === undefined ? [] : words(right);
  const all = right === undefined ? l : [...l, ...new Array(8 - l.length - r.length).fill(0), ...r];
  all.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  if (tailV4.length === 4) out.set(tailV4, 12);
  return { family: 6, bytes: out };
}

/** An IPv4-mapped IPv6 address (::ffff:0:0/96) as its IPv4 address; others as they are. */
export function unmapped(ip: IpBytes): IpBytes {
  const b = ip.bytes;
  if (ip.family === 6 && b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return { family: 4, bytes: b.slice(12) };
  return ip;
}

/**
 * The one spelling of an address: IPv4 dotted decimal, IPv6 as RFC 5952 4 writes it (lower
 * case, the longest run of zero groups as `::`), IPv4-mapped as IPv4. Text that is no
 * address comes back unchanged.
 */
export function canonicalAddress(text: string): string {
  const ip = ipBytes(text);
  if (!ip) return text;
  const u = unmapped(ip);
  if (u.family === 4) return [...u.bytes].join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((u.bytes[2 * i] << 8) | u.bytes[2 * i + 1]).toString(16));
  // The WHATWG URL serializer writes an IPv6 host as RFC 5952 does.
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/** True when `a` and `b` spell the same address (see canonicalAddress). */
export function sameAddress(a: string, b: string): boolean {
  return canonicalAddress(a) === canonicalAddress(b);
}

/** True for an address a loopback-bound labnet may send to: 127.0.0.0/8, ::1 (and ::ffff:127.0.0.0/104). */
export function isLoopbackAddress(text: string): boolean {
  const ip = ipBytes(text);
  if (!ip) return false;
  const u = unmapped(ip);
  if (u.family === 4) return u.bytes[0] === 127;
  return u.bytes.subarray(0, 15).every((x) => x === 0) && u.bytes[15] === 1;
}
