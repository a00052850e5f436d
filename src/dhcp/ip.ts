/** IPv4 address helpers: labnet's pure DHCP logic holds addresses as unsigned 32-bit integers. */

export function ipFromString(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) throw new Error(`bad IPv4 address '${text}'`);
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new Error(`bad IPv4 address '${text}'`);
    v = v * 256 + Number(p);
  }
  return v >>> 0;
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
