/**
 * A lease as the arguments of Kea's `lease4-update` command (Kea ARM "lease_cmds: Lease
 * Commands", lease4-add / lease4-update: ip-address, hw-address, client-id, valid-lft,
 * expire, subnet-id, fqdn-fwd, fqdn-rev, hostname, state, user-context), the form Kea's HA
 * hook sends its partner; and back. The columns are those of the lease4 row
 * (leases-pg/codec.ts), so one description serves the database and the partner. Pure.
 */
import { ipFromString, ipToString } from '../ip.js';
import { leaseToRow, rowToLease, type Lease4Row } from '../leases-pg/codec.js';
import type { Lease } from '../types.js';

const hex = (b: Buffer) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
const unhex = (s: string) => Buffer.from(s.replace(/:/g, ''), 'hex');

export function leaseToKeaJson(lease: Lease, subnetId: number): Record<string, unknown> {
  const row = leaseToRow(lease, subnetId);
  const out: Record<string, unknown> = {
    'ip-address': ipToString(row.address),
    'valid-lft': row.valid_lifetime,
    expire: row.expire,
    'subnet-id': row.subnet_id,
    'fqdn-fwd': row.fqdn_fwd,
    'fqdn-rev': row.fqdn_rev,
    hostname: row.hostname ?? '',
    state: row.state,
    'force-create': true,
  };
  if (row.hwaddr) out['hw-address'] = hex(row.hwaddr);
  if (row.client_id) out['client-id'] = hex(row.client_id);
  if (row.user_context) out['user-context'] = JSON.parse(row.user_context);
  return out;
}

/** Kea lease4-update arguments as a lease; throws an Error naming the field on bad input. */
export function keaJsonToLease(a: Record<string, unknown>): Lease {
  const str = (k: string) => {
    const v = a[k];
    if (typeof v !== 'string') throw new Error(`'${k}' must be a string`);
    return v;
  };
  const int = (k: string) => {
    const v = a[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`'${k}' must be a non-negative integer`);
    return v;
  };
  const row: Lease4Row = {
    address: ipFromString(str('ip-address')),
    hwaddr: typeof a['hw-address'] === 'string' ? unhex(a['hw-address']) : null,
    client_id: typeof a['client-id'] === 'string' ? unhex(a['client-id']) : null,
    valid_lifetime: int('valid-lft'),
    expire: int('expire'),
    subnet_id: typeof a['subnet-id'] === 'number' ? a['subnet-id'] : 0,
    fqdn_fwd: a['fqdn-fwd'] === true,
    fqdn_rev: a['fqdn-rev'] === true,
    hostname: typeof a.hostname === 'string' && a.hostname !== '' ? a.hostname : null,
    state: typeof a.state === 'number' ? a.state : 0,
    user_context: a['user-context'] && typeof a['user-context'] === 'object' ? JSON.stringify(a['user-context']) : null,
  };
  return rowToLease(row);
}
