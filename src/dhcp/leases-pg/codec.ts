/**
 * One lease as a row of Kea's `lease4` table (Kea 2.2 schema 13.0, dhcpdb_create.pgsql), and
 * back. Pure: no database here.
 *
 * Kea's columns and how labnet fills them:
 * - address BIGINT: the IPv4 address as an unsigned 32-bit number (the primary key);
 * - hwaddr BYTEA: the chaddr (6 octets for Ethernet), client_id BYTEA: option 61 as received
 *   (RFC 2132 9.14, type octet included), both as Kea stores them;
 * - valid_lifetime BIGINT (seconds) and expire TIMESTAMPTZ, with Kea's relation
 *   expire = cltt + valid_lifetime; an infinite lease is valid_lifetime 0xffffffff with
 *   expire = cltt (Kea's INFINITY_LFT);
 * - subnet_id BIGINT: the caller's number for the subnet (the store passes it);
 * - state: 0 default (a lease, live or expired but not yet reclaimed), 1 declined,
 *   2 expired-reclaimed (Kea's lease_state table); labnet's active -> 0, abandoned -> 1,
 *   expired/released/free/backup -> 2;
 * - hostname VARCHAR(255): the FQDN the server registered in DNS (with its final dot, as Kea
 *   keeps it) when there is one, else the client's option 12; fqdn_fwd / fqdn_rev: whether the
 *   forward / reverse DNS update was made by the server (RFC 4702 / RFC 4703);
 * - user_context TEXT (JSON, a map as Kea requires): `{"labnet": {...}}` holding only what the
 *   columns cannot say (the state when it is released/free/backup, a start time other than
 *   cltt, the client's own name beside a registered FQDN, the DHCID/TXT guard and the
 *   reverse name); NULL when there is nothing to add, as for every plain active lease.
 * Times are whole seconds (as in dhcpd.leases and Kea).
 */
import type { Lease, LeaseDdns, LeaseState } from '../types.js';
import { ipToString } from '../ip.js';

/** Kea's lease_state values. */
export const KEA_STATE_DEFAULT = 0;
export const KEA_STATE_DECLINED = 1;
export const KEA_STATE_EXPIRED_RECLAIMED = 2;
/** Kea's Lease::INFINITY_LFT. */
export const INFINITY_LFT = 0xffffffff;

/** A lease4 row as labnet sends and reads it; `expire` in epoch seconds. */
export interface Lease4Row {
  address: number;
  hwaddr: Buffer | null;
  client_id: Buffer | null;
  valid_lifetime: number;
  expire: number;
  subnet_id: number;
  fqdn_fwd: boolean;
  fqdn_rev: boolean;
  hostname: string | null;
  state: number;
  user_context: string | null;
}

/** What user_context.labnet may hold. */
interface LabnetContext {
  state?: LeaseState;
  starts?: number;
  /** The lease has no cltt (a dhcpd.leases lease without one); cltt is then `starts`. */
  noCltt?: true;
  /** cltt when expire - valid_lifetime cannot say it (a lease ending before its cltt). */
  cltt?: number;
  hostname?: string;
  ddns?: { guard?: { type: number; rdata: string }; revName?: string; clientFqdn?: string };
}

const seconds = (ms: number) => Math.floor(ms / 1000);

function macToBytes(mac: string): Buffer {
  return Buffer.from(mac.replace(/[:-]/g, ''), 'hex');
}

function bytesToMac(b: Buffer): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

function stateOf(s: LeaseState): number {
  if (s === 'active') return KEA_STATE_DEFAULT;
  if (s === 'abandoned') return KEA_STATE_DECLINED;
  return KEA_STATE_EXPIRED_RECLAIMED;
}

/** `lease` as a lease4 row in subnet `subnetId`. */
export function leaseToRow(lease: Lease, subnetId: number): Lease4Row {
  const ctx: LabnetContext = {};
  const state = stateOf(lease.state);
  if (state === KEA_STATE_EXPIRED_RECLAIMED && lease.state !== 'expired') ctx.state = lease.state;
  const starts = seconds(lease.starts);
  const cltt = lease.cltt === undefined ? starts : seconds(lease.cltt);
  if (lease.cltt === undefined) ctx.noCltt = true;
  else if (starts !== cltt) ctx.starts = starts;
  let validLifetime: number;
  let expire: number;
  if (!Number.isFinite(lease.ends)) {
    validLifetime = INFINITY_LFT;
    expire = cltt;
  } else {
    expire = seconds(lease.ends);
    validLifetime = expire - cltt;
    if (validLifetime < 0 || validLifetime >= INFINITY_LFT) {
      validLifetime = 0;
      ctx.cltt = cltt;
    }
  }
  const d = lease.ddns;
  const fwd = d?.fwdName !== undefined && d.fwdName !== '';
  let hostname: string | null = lease.clientHostname ?? null;
  if (fwd) {
    hostname = `${d.fwdName}.`;
    if (lease.clientHostname !== undefined) ctx.hostname = lease.clientHostname;
  }
  if (d && (d.guard || d.revName || d.clientFqdn !== undefined)) {
    ctx.ddns = {};
    if (d.guard) ctx.ddns.guard = d.guard;
    if (d.revName) ctx.ddns.revName = d.revName;
    if (d.clientFqdn !== undefined) ctx.ddns.clientFqdn = d.clientFqdn;
  }
  return {
    address: lease.ip >>> 0,
    hwaddr: lease.hardwareEthernet ? macToBytes(lease.hardwareEthernet) : null,
    client_id: lease.clientId ? Buffer.from(lease.clientId, 'hex') : null,
    valid_lifetime: validLifetime,
    expire,
    subnet_id: subnetId,
    fqdn_fwd: fwd,
    fqdn_rev: d?.revName !== undefined && d.revName !== '',
    hostname,
    state,
    user_context: Object.keys(ctx).length > 0 ? JSON.stringify({ labnet: ctx }) : null,
  };
}

function readContext(text: string | null): LabnetContext {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    const l = v && typeof v === 'object' ? (v as Record<string, unknown>).labnet : undefined;
    return l && typeof l === 'object' ? (l as LabnetContext) : {};
  } catch {
    return {}; // Kea's own context (or none labnet understands)
  }
}

const LEASE_STATES = new Set<LeaseState>(['active', 'free', 'released', 'expired', 'abandoned', 'backup']);

/** A lease4 row (written by labnet or by Kea) as a lease. */
export function rowToLease(row: Lease4Row): Lease {
  const ctx = readContext(row.user_context);
  let state: LeaseState;
  if (row.state === KEA_STATE_DEFAULT) state = 'active';
  else if (row.state === KEA_STATE_DECLINED) state = 'abandoned';
  else if (row.state === KEA_STATE_EXPIRED_RECLAIMED) state = ctx.state && LEASE_STATES.has(ctx.state) ? ctx.state : 'expired';
  else state = 'abandoned'; // a state this version does not know: keep the address out of use
  const infinite = row.valid_lifetime === INFINITY_LFT;
  const cltt = typeof ctx.cltt === 'number' ? ctx.cltt : infinite ? row.expire : row.expire - row.valid_lifetime;
  const starts = typeof ctx.starts === 'number' ? ctx.starts : cltt;
  const lease: Lease = { ip: row.address >>> 0, state, starts: starts * 1000, ends: infinite ? Infinity : row.expire * 1000 };
  if (!ctx.noCltt) lease.cltt = cltt * 1000;
  if (row.hwaddr && row.hwaddr.length === 6) lease.hardwareEthernet = bytesToMac(row.hwaddr);
  if (row.client_id && row.client_id.length > 0) lease.clientId = row.client_id.toString('hex');
  const ddns: LeaseDdns = {};
  if (row.fqdn_fwd && row.hostname) {
    ddns.fwdName = row.hostname.replace(/\.$/, '');
    if (typeof ctx.hostname === 'string') lease.clientHostname = ctx.hostname;
  } else if (row.hostname) lease.clientHostname = row.hostname;
  const c = ctx.ddns ?? {};
  if (c.guard) ddns.guard = c.guard;
  if (typeof c.revName === 'string') ddns.revName = c.revName;
  else if (row.fqdn_rev) ddns.revName = `${ipToString(row.address >>> 0).split('.').reverse().join('.')}.in-addr.arpa.`;
  if (typeof c.clientFqdn === 'string') ddns.clientFqdn = c.clientFqdn;
  if (Object.keys(ddns).length > 0) lease.ddns = ddns;
  return lease;
}
