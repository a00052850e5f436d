/**
 * Which DNS names a lease gets, and the Client FQDN answer: ISC dhcpd 4.4's ddns_updates
 * (dhcpd.conf(5) "DYNAMIC DNS UPDATES", "THE DNS UPDATE SCHEME" and the parameters of the same
 * names), as a pure function of the lease's effective parameters, the request and what the
 * lease recorded last time.
 *
 * - `ddns-update-style` (global): none (the default), interim or standard.
 * - `ddns-updates` off in the scope: nothing. `fqdn-reply` off: no option 81 in the answer.
 * - client updates: when `client-updates` is allowed (default) and the client's FQDN option
 *   has S clear and a domain part, the client keeps its A record; the server registers only
 *   the PTR, to the client's name.
 * - otherwise the server updates both: `do-forward-updates` off stops it; a fixed-address
 *   (static) lease needs `update-static-leases on`; the name is `ddns-hostname` "."
 *   `ddns-domainname`, whose defaults dhcpd sets as
 *     ddns-hostname = pick (option fqdn.hostname, option host-name, config-option host-name);
 *     ddns-domainname = config-option domain-name;
 *     ddns-rev-domainname = "in-addr.arpa.";
 * - TTL: `ddns-ttl`, else half the remaining lease time, at most 3600 s (dhcpd 4.4).
 * - `update-optimization` (default on): a lease that already registered the same name sends
 *   nothing again; a changed name removes the old one first.
 * - `update-conflict-detection` (default on), `ddns-guard-id-must-match` (default on).
 */
import { absoluteName } from '../../wire/name.js';
import { buildServerFqdn, FqdnFlag, fqdnHostLabel, type ClientFqdn } from './client-fqdn.js';
import { guardRecord, type DdnsStyle, type DhcidSource } from './dhcid.js';
import type { DdnsJob } from './steps.js';
import type { LeaseDdns } from '../types.js';

export type { LeaseDdns };

/** The parameters that decide it, already evaluated for this lease's scope. */
export interface DdnsParams {
  style: DdnsStyle | 'none';
  /** `ddns-updates` (default on). */
  updates: boolean;
  /** `ddns-hostname`, `ddns-domainname`, `ddns-rev-domainname` as configured (undefined: the default). */
  hostname?: string;
  domainname?: string;
  revDomainname?: string;
  /** `ddns-ttl` in seconds. */
  ttl?: number;
  /** `allow|deny|ignore client-updates` (default allow). */
  clientUpdates: 'allow' | 'deny' | 'ignore';
  doForwardUpdates: boolean;
  doReverseUpdates: boolean;
  updateStaticLeases: boolean;
  updateOptimization: boolean;
  conflictDetection: boolean;
  guardIdMustMatch: boolean;
  fqdnReply: boolean;
  /** config-option host-name (option 12 the server would send; `use-host-decl-names` sets it). */
  configHostName?: string;
  /** config-option domain-name (option 15). */
  configDomainName?: string;
}

export interface DdnsLeaseFacts {
  address: string;
  /** Seconds the lease has left. */
  remaining: number;
  static: boolean;
  identity: DhcidSource;
  /** Option 81 from the request. */
  fqdn?: ClientFqdn;
  /** Option 12 from the request. */
  hostName?: string;
  previous?: LeaseDdns;
}

export interface DdnsDecision {
  /** The job to run (after `remove`, when given), or none. */
  job?: DdnsJob;
  /** The previous registration to remove first (the name changed). */
  remove?: LeaseDdns;
  /** What the lease records once the job succeeds (before any DNS answer: the intent). */
  record?: LeaseDdns;
  /** The server's option 81, when the client sent one. */
  fqdnReply?: Buffer;
  /** Why nothing is sent, for the debug log. */
  skipped?: string;
}

/** RFC 1034 3.1 name form: labels joined, no trailing dot. */
const stripDot = (s: string) => s.replace(/\.$/, '');

export function reverseName(address: string, revDomain: string): string {
  const rev = address.split('.').reverse().join('.');
  return `${rev}.${absoluteName(revDomain)}`;
}

/** The TTL dhcpd 4.4 gives the records (module comment). */
export function ddnsTtl(p: DdnsParams, remaining: number): number {
  if (p.ttl !== undefined) return p.ttl;
  return Math.min(Math.max(0, Math.floor(remaining / 2)), 3600);
}

export function decideDdns(p: DdnsParams, f: DdnsLeaseFacts): DdnsDecision {
  if (p.style === 'none') return { skipped: 'ddns-update-style none' };
  if (!p.updates) return { skipped: 'ddns-updates off' };
  const style = p.style;
  const fqdn = f.fqdn;
  const clientWantsA = fqdn !== undefined && (fqdn.flags & FqdnFlag.S) === 0 && fqdn.name.includes('.');
  let fwdName = '';
  let serverUpdatesA = true;
  let skipped: string | undefined;
  if (p.clientUpdates === 'allow' && clientWantsA) {
    serverUpdatesA = false;
    fwdName = stripDot(fqdn.name);
  } else if (!p.doForwardUpdates) skipped = 'do-forward-updates off';
  else if (f.static && !p.updateStaticLeases) skipped = 'a fixed-address lease (update-static-leases off)';
  else {
    const host = p.hostname ?? pickHost(fqdn, f.hostName, p.configHostName);
    const domain = p.domainname ?? p.configDomainName;
    if (host && domain) fwdName = `${stripDot(host)}.${stripDot(domain)}`;
    else skipped = host ? 'no ddns-domainname nor domain-name option' : 'no host name (FQDN option, host-name option or ddns-hostname)';
  }
  const reply = fqdnReplyFor(p, fqdn, serverUpdatesA, fwdName);
  if (skipped !== undefined) return { skipped, ...reply };

  const prev = f.previous;
  const prevName = prev?.fwdName ?? prev?.clientFqdn;
  let remove: LeaseDdns | undefined;
  if (prev?.fwdName !== undefined && prev.fwdName !== fwdName) remove = prev;
  else if (prevName !== undefined && prevName === fwdName && p.updateOptimization) {
    return { skipped: `${fwdName} already registered (update-optimization)`, ...reply };
  }
  if (fwdName.length > 253) return { skipped: 'client provided fqdn: too long', remove, ...reply };

  const revName = p.doReverseUpdates ? reverseName(f.address, p.revDomainname ?? 'in-addr.arpa.') : undefined;
  const guard = serverUpdatesA ? guardRecord(style, f.identity, fwdName) : undefined;
  const job: DdnsJob = {
    fwdName,
    revName,
    address: f.address,
    ttl: ddnsTtl(p, f.remaining),
    guard,
    conflictDetection: p.conflictDetection,
    guardIdMustMatch: p.guardIdMustMatch,
  };
  const record: LeaseDdns = serverUpdatesA
    ? { fwdName, guard: guard && { type: guard.type, rdata: guard.rdata.toString('hex') }, revName }
    : { clientFqdn: fwdName, revName };
  return { job, remove, record, ...reply };
}

/** dhcpd's default ddns-hostname: the first of fqdn.hostname, host-name, config-option host-name. */
function pickHost(fqdn: ClientFqdn | undefined, hostName: string | undefined, configHost: string | undefined): string | undefined {
  const label = fqdn !== undefined ? fqdnHostLabel(fqdn) : '';
  return label || hostName || configHost || undefined;
}

/** The job that removes what `rec` registered (release, expiry, or a changed name). */
export function removalJob(p: Pick<DdnsParams, 'conflictDetection' | 'guardIdMustMatch'>, address: string, rec: LeaseDdns): DdnsJob | undefined {
  const fwdName = rec.fwdName ?? rec.clientFqdn;
  if (fwdName === undefined && rec.revName === undefined) return undefined;
  return {
    fwdName: fwdName ?? '',
    revName: rec.revName,
    address,
    ttl: 0,
    guard: rec.fwdName !== undefined && rec.guard !== undefined ? { type: rec.guard.type, rdata: Buffer.from(rec.guard.rdata, 'hex') } : undefined,
    conflictDetection: p.conflictDetection,
    guardIdMustMatch: p.guardIdMustMatch,
  };
}

function fqdnReplyFor(p: DdnsParams, fqdn: ClientFqdn | undefined, serverUpdatesA: boolean, fwdName: string): { fqdnReply?: Buffer } {
  if (fqdn === undefined || !p.fqdnReply) return {};
  const encoded = (fqdn.flags & FqdnFlag.E) !== 0;
  // `ignore client-updates` and a client asking to update itself: the server says it did not
  // update (S clear) and gives the client back its own name (dhcpd's "white lie").
  if (p.clientUpdates === 'ignore' && (fqdn.flags & FqdnFlag.S) === 0) {
    return { fqdnReply: buildServerFqdn({ serverUpdates: false, override: false, encoded, name: fqdn.name }) };
  }
  // dhcpd sets its "no-client-update" flag (the O bit, 0x02) together with S.
  return { fqdnReply: buildServerFqdn({ serverUpdates: serverUpdatesA, override: serverUpdatesA, encoded, name: fwdName }) };
}
