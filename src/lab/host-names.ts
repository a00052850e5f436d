/**
 * Does an address resolve both ways in a DNS server? Forward: the name's A records (a
 * CNAME chain followed by the server, RFC 1034 3.6.2) hold the address. Reverse: the PTR of
 * the address's in-addr.arpa name (RFC 1035 3.5). Asked over UDP with labnet's own DNS
 * client (src/dns/client.ts) of the server given, never the system resolver.
 */
import { queryDns } from '../dns/client.js';
import type { Endpoint } from '../util/endpoint.js';

export interface HostNames {
  /** `name` when its A records hold the address, else undefined. */
  forward?: string;
  /** The PTR target of the address (without the trailing dot), else undefined. */
  reverse?: string;
}

/** `192.168.244.135` -> `135.244.168.192.in-addr.arpa` (RFC 1035 3.5). */
export function reverseName(address: string): string {
  return `${address.split('.').reverse().join('.')}.in-addr.arpa`;
}

const bare = (name: string) => name.replace(/\.$/, '');

export async function hostNames(dns: Endpoint, name: string, address: string): Promise<HostNames> {
  const [a, ptr] = await Promise.all([queryDns(dns, name, 'A'), queryDns(dns, reverseName(address), 'PTR')]);
  const out: HostNames = {};
  if ((a.answers ?? []).some((rr) => rr.type === 'A' && rr.data === address)) out.forward = bare(name);
  for (const rr of ptr.answers ?? []) if (rr.type === 'PTR' && out.reverse === undefined) out.reverse = bare(rr.data);
  return out;
}
