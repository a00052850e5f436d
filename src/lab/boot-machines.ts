/**
 * Boots the lab's machines (machines.ts) against a DHCP server, each over UDP with its own
 * simulated client (dhcp-client.ts): a 'reserved' or 'dynamic' machine does DISCOVER,
 * OFFER, REQUEST, ACK (RFC 2131 3.1) with its host name (option 12) and then keeps its lease
 * (RENEWING at T1, lease-timers.ts); a 'static' machine (the DNS/DHCP server itself,
 * configured on its interface) asks only for its options with DHCPINFORM (RFC 2131 3.4). A
 * reserved machine given another address than its reservation is reported, not hidden.
 */
import { createDhcpClient, type DhcpClient } from './dhcp-client.js';
import { followLease, type FollowingClient } from './lease-timers.js';
import type { Machine } from './machines.js';
import type { Clock } from '../util/clock.js';
import type { Endpoint } from '../util/endpoint.js';

export interface BootedMachine {
  machine: Machine;
  /** 'DORA' or 'INFORM'. */
  exchange: 'DORA' | 'INFORM';
  client: DhcpClient & { readonly state?: FollowingClient['state'] };
  /** The address the machine holds (its own for a static one), undefined when the exchange failed. */
  address?: string;
  /** The lease's end (ms), undefined for a static machine. */
  leaseEnds?: number;
  /** What went wrong: no answer, a NAK, a reservation not honoured. */
  error?: string;
}

export async function bootMachine(machine: Machine, server: Endpoint, clock: Clock): Promise<BootedMachine> {
  const plain = createDhcpClient({ server, mac: machine.mac, hostname: machine.name, clock, timeoutMs: 1000, tries: 3 });
  if (machine.assignment === 'static') {
    const booted: BootedMachine = { machine, exchange: 'INFORM', client: plain, address: machine.address };
    try {
      const r = await plain.inform(machine.address);
      if (r.type !== 'ACK') booted.error = 'DHCPINFORM answered with a NAK';
    } catch (e) {
      booted.error = (e as Error).message;
    }
    return booted;
  }
  const client = followLease(plain, clock);
  const booted: BootedMachine = { machine, exchange: 'DORA', client };
  try {
    const r = await client.boot();
    booted.address = r.ip;
    booted.leaseEnds = r.lease.expiresAt;
    if (machine.assignment === 'reserved' && r.ip !== machine.address) booted.error = `reserved ${machine.address}, leased ${r.ip}`;
  } catch (e) {
    booted.error = (e as Error).message;
  }
  return booted;
}

/** One machine after the other, in the file's order (dynamic addresses come out the same each time on a fresh lease file). */
export async function bootMachines(machines: readonly Machine[], server: Endpoint, clock: Clock): Promise<BootedMachine[]> {
  const out: BootedMachine[] = [];
  for (const m of machines) out.push(await bootMachine(m, server, clock));
  return out;
}
