/**
 * The DNS side of a DHCPACK or a lease's end, for the engine: what to register or remove
 * (ddns/policy.ts) from the lease's scope parameters and the request. Pure; the server runs
 * the work (ddns/updater.ts) after the lease is durable.
 */
import type { DhcpPacket, LeaseDdns, ScopeParams } from '../types.js';
import { ipToString } from '../ip.js';
import { FQDN_OPTION, parseClientFqdn } from '../ddns/client-fqdn.js';
import { ddnsParams, ddnsStyle } from '../ddns/params.js';
import { decideDdns, removalJob } from '../ddns/policy.js';
import type { DdnsJob } from '../ddns/steps.js';

/** DNS work that follows a decision of the engine. */
export interface DdnsWork {
  ip: number;
  /** Names to remove first (a release, an expiry, or a name that changed). */
  remove?: DdnsJob;
  /** Names to register. */
  add?: DdnsJob;
  /** What the lease will record for `add` once DNS accepts it (its intent). */
  record?: LeaseDdns;
}

function hostName(req: DhcpPacket): string | undefined {
  const o = req.options.get(12);
  return o && o.length > 0 ? o.toString('latin1').replace(/\0+$/, '') : undefined;
}

/** For a DHCPACK of `ip`: the work and the option 81 answer (undefined: none). */
export function ddnsOnAck(
  global: ScopeParams,
  params: ScopeParams,
  req: DhcpPacket,
  lease: { ip: number; leaseTime: number; fixed: boolean; previous?: LeaseDdns },
): { work?: DdnsWork; fqdnReply?: Buffer } {
  if (ddnsStyle(global) === 'none') return {};
  const p = ddnsParams(global, params);
  const clientId = req.options.get(61);
  const d = decideDdns(p, {
    address: ipToString(lease.ip),
    remaining: lease.leaseTime,
    static: lease.fixed,
    identity: { clientId: clientId && clientId.length > 0 ? clientId : undefined, htype: req.htype, chaddr: req.chaddr.subarray(0, Math.min(req.hlen, 16)) },
    fqdn: parseClientFqdn(req.options.get(FQDN_OPTION)),
    hostName: hostName(req),
    previous: lease.previous,
  });
  const remove = d.remove !== undefined ? removalJob(p, ipToString(lease.ip), d.remove) : undefined;
  const work = d.job || remove ? { ip: lease.ip, add: d.job, remove, record: d.record } : undefined;
  return { work, fqdnReply: d.fqdnReply };
}

/** For a lease that ends (DHCPRELEASE, expiry, DHCPDECLINE): the removal of what it registered. */
export function ddnsOnEnd(global: ScopeParams, params: ScopeParams, ip: number, rec: LeaseDdns | undefined): DdnsWork | undefined {
  if (rec === undefined || ddnsStyle(global) === 'none') return undefined;
  const job = removalJob(ddnsParams(global, params), ipToString(ip), rec);
  return job ? { ip, remove: job } : undefined;
}
