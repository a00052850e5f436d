/**
 * A lease's DNS registration in dhcpd.leases: the binding-scope variables ISC dhcpd 4.4 sets
 * on a lease (server/ddns.c; dhcpd.leases(5) "set variable = value;"), one table for reading
 * and writing:
 *
 *   set ddns-fwd-name = "ws1.lab.local";
 *   set ddns-dhcid = "\000\001\001...";     (standard style: the DHCID RDATA)
 *   set ddns-txt = "31a0b1...";              (interim style: the TXT string, no length octet)
 *   set ddns-rev-name = "20.244.168.192.in-addr.arpa.";
 *   set ddns-client-fqdn = "laptop.example.org";
 */
import type { LeaseDdns } from '../types.js';
import { quotifyBytes } from './format.js';

const T_TXT = 16;
const T_DHCID = 49;

type Binding = {
  name: string;
  get(d: LeaseDdns): Buffer | undefined;
  set(d: LeaseDdns, v: Buffer): void;
};

const text = (s: string | undefined) => (s === undefined ? undefined : Buffer.from(s, 'latin1'));

export const DDNS_BINDINGS: readonly Binding[] = [
  {
    name: 'ddns-fwd-name',
    get: (d) => text(d.fwdName),
    set: (d, v) => { d.fwdName = v.toString('latin1'); },
  },
  {
    name: 'ddns-txt',
    get: (d) => (d.guard?.type === T_TXT ? Buffer.from(d.guard.rdata, 'hex').subarray(1) : undefined),
    set: (d, v) => { d.guard = { type: T_TXT, rdata: Buffer.concat([Buffer.from([v.length]), v]).toString('hex') }; },
  },
  {
    name: 'ddns-dhcid',
    get: (d) => (d.guard?.type === T_DHCID ? Buffer.from(d.guard.rdata, 'hex') : undefined),
    set: (d, v) => { d.guard = { type: T_DHCID, rdata: v.toString('hex') }; },
  },
  {
    name: 'ddns-rev-name',
    get: (d) => text(d.revName),
    set: (d, v) => { d.revName = v.toString('latin1'); },
  },
  {
    name: 'ddns-client-fqdn',
    get: (d) => text(d.clientFqdn),
    set: (d, v) => { d.clientFqdn = v.toString('latin1'); },
  },
];

const BY_NAME = new Map(DDNS_BINDINGS.map((b) => [b.name, b]));

/** The `set` lines of a lease block (two-space indent), in dhcpd's order. */
export function formatDdnsBindings(d: LeaseDdns | undefined): string[] {
  if (d === undefined) return [];
  const out: string[] = [];
  for (const b of DDNS_BINDINGS) {
    const v = b.get(d);
    if (v !== undefined) out.push(`  set ${b.name} = ${quotifyBytes(v)};`);
  }
  return out;
}

/** Applies `set NAME = VALUE;` to the lease's registration; false when NAME is not a DDNS binding. */
export function applyDdnsBinding(lease: { ddns?: LeaseDdns }, name: string, value: Buffer): boolean {
  const b = BY_NAME.get(name.toLowerCase());
  if (b === undefined) return false;
  b.set((lease.ddns ??= {}), value);
  return true;
}
