/**
 * The DNS updates a DHCP server sends for one lease, and what it does on each answer: RFC
 * 4703 5.3 (adding names) and 5.5 (removing them), as ISC dhcpd 4.4 runs them
 * (ddns-update-style standard or interim; dhcpd.conf(5) "THE DNS UPDATE SCHEME"). Pure: a
 * state and a job in, a message description out; a state, a job and an RCODE in, the next
 * state and a log line out. The updater (updater.ts) sends them.
 *
 * Adding (the server updates the A record):
 *   add-fwd-nxdomain  prereq: name not in use (RFC 4703 5.3.1); add A, add guard (DHCID/TXT)
 *     NOERROR -> add-ptr; YXDOMAIN -> add-fwd-yxdhcid; else stop.
 *   add-fwd-yxdhcid   with conflict detection (5.3.2): prereq: the guard RR exists with this
 *     client's value (or any guard RR with ddns-guard-id-must-match off); delete A RRset, add
 *     A. Without it: delete guard RRset, add guard, delete A RRset, add A.
 *     NOERROR -> add-ptr; NXRRSET -> "Has an address record but no DHCID, not mine."; YXRRSET
 *     -> "DHCID mismatch, belongs to another client."; stop.
 *   add-ptr           no prereq: delete the PTR RRset, add PTR (RFC 4703 5.4).
 * Removing (lease released or expired):
 *   rem-fwd-yxdhcid   prereq: the guard RR with this client's value (with conflict detection);
 *     delete this A RR (5.5). NOERROR -> rem-fwd-nxrr; NXRRSET/NXDOMAIN -> rem-ptr; else stop.
 *   rem-fwd-nxrr      prereq: no A, no AAAA RRset; delete the guard RR.
 *     NOERROR -> rem-ptr; else stop.
 *   rem-ptr           delete the PTR RRset.
 */
import { Rcode } from '../../dns/message.js';
import { UpdateOp, type UpdateRecord } from '../../dns/update-build.js';
import { absoluteName, nameToWire } from '../../wire/name.js';
import { ipFromString } from '../ip.js';

const T_A = 1;
const T_AAAA = 28;
const T_PTR = 12;

export type DdnsState = 'add-fwd-nxdomain' | 'add-fwd-yxdhcid' | 'add-ptr' | 'rem-fwd-yxdhcid' | 'rem-fwd-nxrr' | 'rem-ptr';

/** Everything the messages of one lease need. */
export interface DdnsJob {
  /** The client's forward name, absolute or not (`ws1.lab.local`). */
  fwdName: string;
  /** The reverse name (`10.244.168.192.in-addr.arpa.`); absent: no PTR update. */
  revName?: string;
  /** The leased address, dotted quad. */
  address: string;
  ttl: number;
  /** The guard record (guardRecord in dhcid.ts); absent when the server does not update the A record. */
  guard?: { type: number; rdata: Buffer };
  /** `update-conflict-detection` (default on). */
  conflictDetection: boolean;
  /** `ddns-guard-id-must-match` (default on). */
  guardIdMustMatch: boolean;
}

export interface DdnsMessage {
  /** The name whose zone the message goes to. */
  name: string;
  prerequisites: UpdateRecord[];
  updates: UpdateRecord[];
}

/** A RDATA (RFC 1035 3.4.1) of a dotted quad. */
function addressRdata(address: string): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(ipFromString(address), 0);
  return b;
}

function guardPrereq(job: DdnsJob, guard: { type: number; rdata: Buffer }): UpdateRecord {
  return job.guardIdMustMatch ? UpdateOp.rrExists(job.fwdName, guard.type, guard.rdata) : UpdateOp.rrsetExists(job.fwdName, guard.type);
}

/** The message for `state` (see the module comment). */
export function ddnsMessage(state: DdnsState, job: DdnsJob): DdnsMessage {
  const a = addressRdata(job.address);
  const fwd = job.fwdName;
  const guard = job.guard;
  switch (state) {
    case 'add-fwd-nxdomain':
      if (!guard) throw new Error('forward update without a guard record');
      return {
        name: fwd,
        prerequisites: [UpdateOp.nameNotInUse(fwd)],
        updates: [UpdateOp.add(fwd, T_A, job.ttl, a), UpdateOp.add(fwd, guard.type, job.ttl, guard.rdata)],
      };
    case 'add-fwd-yxdhcid': {
      if (!guard) throw new Error('forward update without a guard record');
      const replaceA = [UpdateOp.deleteRRset(fwd, T_A), UpdateOp.add(fwd, T_A, job.ttl, a)];
      if (job.conflictDetection) return { name: fwd, prerequisites: [guardPrereq(job, guard)], updates: replaceA };
      return {
        name: fwd,
        prerequisites: [],
        updates: [UpdateOp.deleteRRset(fwd, guard.type), UpdateOp.add(fwd, guard.type, job.ttl, guard.rdata), ...replaceA],
      };
    }
    case 'add-ptr': {
      const rev = need(job.revName);
      return { name: rev, prerequisites: [], updates: [UpdateOp.deleteRRset(rev, T_PTR), UpdateOp.add(rev, T_PTR, job.ttl, nameToWire(absoluteName(fwd)))] };
    }
    case 'rem-fwd-yxdhcid': {
      if (!guard) throw new Error('forward removal without a guard record');
      return { name: fwd, prerequisites: job.conflictDetection ? [guardPrereq(job, guard)] : [], updates: [UpdateOp.deleteRR(fwd, T_A, a)] };
    }
    case 'rem-fwd-nxrr': {
      if (!guard) throw new Error('forward removal without a guard record');
      const del = job.guardIdMustMatch ? UpdateOp.deleteRR(fwd, guard.type, guard.rdata) : UpdateOp.deleteRRset(fwd, guard.type);
      return { name: fwd, prerequisites: [UpdateOp.rrsetAbsent(fwd, T_A), UpdateOp.rrsetAbsent(fwd, T_AAAA)], updates: [del] };
    }
    case 'rem-ptr': {
      const rev = need(job.revName);
      return { name: rev, prerequisites: [], updates: [UpdateOp.deleteRRset(rev, T_PTR)] };
    }
  }
}


function need(rev: string | undefined): string {
  if (rev === undefined) throw new Error('PTR update without a reverse name');
  return rev;
}

/** Outcome of one answer: the next state (or none) and dhcpd's log line for it. */
export interface DdnsStep {
  next?: DdnsState;
  log: { level: 'info' | 'error'; msg: string };
  /** What the lease records after this answer (dhcpd's ddns-fwd-name / ddns-rev-name bindings). */
  record?: 'forward-added' | 'ptr-added' | 'forward-removed' | 'ptr-removed';
}

const RCODE_TEXT: Record<number, string> = Object.fromEntries(Object.entries(Rcode).map(([k, v]) => [v, k]));

/** The name BIND's libdns gives an rcode in dhcpd's logs ("NXRRSET", "timed out"...). */
export function rcodeText(rcode: number | 'timeout' | 'refused-locally'): string {
  if (rcode === 'timeout') return 'timed out';
  if (rcode === 'refused-locally') return 'not sent (destination outside loopback)';
  return RCODE_TEXT[rcode] ?? `RCODE${rcode}`;
}

/** What follows the answer `rcode` to the message of `state`. */
export function ddnsNext(state: DdnsState, rcode: number | 'timeout' | 'refused-locally', job: DdnsJob): DdnsStep {
  const ok = rcode === Rcode.NOERROR;
  const fwd = job.fwdName;
  const ptr = (s: DdnsState): DdnsState | undefined => (job.revName !== undefined ? s : undefined);
  switch (state) {
    case 'add-fwd-nxdomain':
      if (ok) return { next: ptr('add-ptr'), log: info(`Added new forward map from ${fwd} to ${job.address}`), record: 'forward-added' };
      if (rcode === Rcode.YXDOMAIN) return { next: 'add-fwd-yxdhcid', log: info(`Forward map ${fwd}: name in use, checking the DHCID`) };
      return { log: error(`Unable to add forward map from ${fwd} to ${job.address}: ${rcodeText(rcode)}`) };
    case 'add-fwd-yxdhcid': {
      if (ok) return { next: ptr('add-ptr'), log: info(`Added new forward map from ${fwd} to ${job.address}`), record: 'forward-added' };
      const why =
        rcode === Rcode.YXRRSET || rcode === Rcode.YXDOMAIN ? 'DHCID mismatch, belongs to another client.'
        : rcode === Rcode.NXRRSET || rcode === Rcode.NXDOMAIN ? 'Has an address record but no DHCID, not mine.'
        : rcodeText(rcode);
      return { log: error(`Forward map from ${fwd} to ${job.address} FAILED: ${why}`) };
    }
    case 'add-ptr':
      if (ok) return { log: info(`Added reverse map from ${job.revName} to ${fwd}`), record: 'ptr-added' };
      return { log: error(`Unable to add reverse map from ${job.revName} to ${fwd}: ${rcodeText(rcode)}`) };
    case 'rem-fwd-yxdhcid':
      if (ok) return { next: 'rem-fwd-nxrr', log: info(`Removed forward map from ${fwd} to ${job.address}`) };
      if (rcode === Rcode.NXRRSET || rcode === Rcode.NXDOMAIN) return { next: ptr('rem-ptr'), log: info(`No forward map to remove for ${fwd}`), record: 'forward-removed' };
      return { log: error(`Unable to remove forward map from ${fwd} to ${job.address}: ${rcodeText(rcode)}`) };
    case 'rem-fwd-nxrr':
      if (ok) return { next: ptr('rem-ptr'), log: info(`Removed the DHCID of ${fwd}`), record: 'forward-removed' };
      return { log: info(`Kept the DHCID of ${fwd}: ${rcodeText(rcode)} (other addresses remain)`) };
    case 'rem-ptr': {
      if (ok) return { log: info(`Removed reverse map on ${job.revName}`), record: 'ptr-removed' };
      if (rcode === Rcode.NXRRSET || rcode === Rcode.NXDOMAIN) return { log: info(`No reverse map to remove on ${job.revName}`), record: 'ptr-removed' };
      return { log: error(`Can't remove reverse map on ${job.revName}: ${rcodeText(rcode)}`) };
    }
  }
}

const info = (msg: string) => ({ level: 'info' as const, msg });
const error = (msg: string) => ({ level: 'error' as const, msg });

/** The first state of an addition: the A record when the server updates it, else the PTR alone. */
export function firstAddState(job: DdnsJob): DdnsState | undefined {
  if (job.guard !== undefined) return 'add-fwd-nxdomain';
  return job.revName !== undefined ? 'add-ptr' : undefined;
}

/** The first state of a removal (dhcpd's ddns_removals). */
export function firstRemoveState(job: DdnsJob): DdnsState | undefined {
  if (job.guard !== undefined) return 'rem-fwd-yxdhcid';
  return job.revName !== undefined ? 'rem-ptr' : undefined;
}
