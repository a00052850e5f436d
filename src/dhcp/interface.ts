/**
 * The subnet of a named network interface, as `dhcpd IFACE` uses it: clients that are not
 * relayed (giaddr 0, RFC 2131 4.3.1) are on the subnet of the interface the request arrived on.
 * Node's dgram has no SO_BINDTODEVICE nor IP_PKTINFO, so labnet takes the interface from the
 * command line (`--interface`) and reads its address from os.networkInterfaces().
 */
import { networkInterfaces } from 'node:os';
import { ipFromString } from './ip.js';

export interface InterfaceSubnet {
  name: string;
  /** The interface's own IPv4 address (also the default server identifier). */
  address: number;
  network: number;
  mask: number;
}

export class InterfaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InterfaceError';
  }
}

/**
 * The first IPv4 address of interface `name` with its network and mask.
 * Throws InterfaceError when the interface does not exist or has no IPv4 address.
 * `lookup` is injectable for tests (defaults to os.networkInterfaces).
 */
export function interfaceSubnet(
  name: string,
  lookup: () => ReturnType<typeof networkInterfaces> = networkInterfaces,
): InterfaceSubnet {
  const all = lookup();
  const addrs = all[name];
  if (!addrs) {
    const known = Object.keys(all).join(', ') || 'none';
    throw new InterfaceError(`interface '${name}' not found (interfaces: ${known})`);
  }
  const v4 = addrs.find((a) => a.family === 'IPv4');
  if (!v4) throw new InterfaceError(`interface '${name}' has no IPv4 address`);
  const address = ipFromString(v4.address);
  const mask = ipFromString(v4.netmask);
  return { name, address, mask, network: (address & mask) >>> 0 };
}

/** Every non-internal IPv4 address of this host (used to pick a server identifier on 0.0.0.0). */
export function hostIPv4Addresses(
  lookup: () => ReturnType<typeof networkInterfaces> = networkInterfaces,
): InterfaceSubnet[] {
  const out: InterfaceSubnet[] = [];
  for (const [name, addrs] of Object.entries(lookup())) {
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4' || a.internal) continue;
      const address = ipFromString(a.address);
      const mask = ipFromString(a.netmask);
      out.push({ name, address, mask, network: (address & mask) >>> 0 });
    }
  }
  return out;
}
