/** IPv4 address helpers: labnet's pure DHCP logic holds addresses as unsigned 32-bit integers. */

export function ipFromString(text: string): number {
  // Four dot-separated decimal parts of 1-3 digits, each <= 255. A character loop, not
  // split and a regex per part: reply routing parses an address per packet.
  let v = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255 || ++dots > 3) throw new Error(`bad IPv4 address '${text}'`);
      v = v * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + (c - 48);
      digits++;
    } else {
      throw new Error(`bad IPv4 address '${text}'`);
    }
  }
  if (dots !== 3 || digits === 0 || part > 255) throw new Error(`bad IPv4 address '${text}'`);
  return (v * 256 + part) >>> 0;
}

export function ipToString(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

export function isLoopback(ip: number): boolean {
  return ip >>> 24 === 127;
}

export function prefixFromMask(mask: number): number {
  let n = 0;
  for (let m = mask >>> 0; m & 0x80000000; m = (m << 1) >>> 0) n++;
  return n;
}

export function inSubnet(ip: number, network: number, mask: number): boolean {
  return ((ip & mask) >>> 0) === ((network & mask) >>> 0);
}
