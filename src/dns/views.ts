/**
 * Views (named.conf(5) "view"; BIND 9.18 ARM "view Block Grammar"), as pure decisions: which
 * view answers a request, and what that view's access and response options say for it.
 * conf-views.ts builds the views from a named.conf model; the query handler (handler.ts)
 * asks these functions per message.
 *
 * - A request goes to the first view, in the order written, whose `match-clients` allows the
 *   client's address, whose `match-destinations` allows the local address the query
 *   arrived on (both with the request's TSIG key, if any: the key as the view's own ring
 *   verified it, view-tsig.ts), and, with
 *   `match-recursive-only yes`, only when RD is set (BIND's ns_client view loop). No view:
 *   REFUSED with EDE 18 (Prohibited), the question echoed (measured, BIND 9.18).
 * - `blackhole` (options only): messages from a matching address are dropped unanswered,
 *   before they are parsed; over TCP the connection is closed (measured).
 * - `allow-query` and `allow-query-on` (zone, else view, else options, else any): a query
 *   for a name in a zone the client may not query is REFUSED with EDE 18; names in no zone
 *   stay REFUSED without EDE (measured). AXFR and IXFR are not subject to allow-query.
 * - `allow-transfer` (same inheritance, default any): an AXFR or IXFR the client may not
 *   make is REFUSED with EDE 18, over TCP and over UDP alike (measured).
 */
import type { Zone, ZoneSet } from '../zones/zone-types.js';
import { nameKey } from '../wire/name.js';
import { createZoneSet } from '../zones/zoneset.js';
import { aclPermits, type Acl } from './acl.js';
import type { RrsetOrderer } from './rrset-order.js';
import type { RateLimiter } from './rrl.js';
import type { MinimalResponses } from '../zones/named-conf/model.js';
import type { Keyring } from './keyring.js';

/** What a view decision looks at. */
export interface ViewRequest {
  /** The client's address (the packet's source). */
  client: string | undefined;
  /** The local address the query arrived on; undefined when the socket cannot tell (a wildcard UDP bind). */
  destination: string | undefined;
  /** The TSIG key the request was verified with. */
  key?: string;
  rd: boolean;
}

/** The access lists one zone is served under. */
export interface ZoneAccess {
  query: Acl;
  queryOn: Acl;
  transfer: Acl;
}

export interface ServedView {
  readonly name: string;
  readonly zones: ZoneSet;
  readonly matchClients: Acl;
  readonly matchDestinations: Acl;
  readonly matchRecursiveOnly: boolean;
  /** By zone origin key (nameKey); zones not listed use `access`. */
  readonly zoneAccess: ReadonlyMap<string, ZoneAccess>;
  readonly access: ZoneAccess;
  readonly minimalResponses: MinimalResponses;
  readonly orderer: RrsetOrderer;
  /** rate-limit (rrl.ts): UDP responses to this view's clients; absent: not limited. */
  readonly rateLimiter?: RateLimiter;
  /** The TSIG keys this view knows (the top-level `key` statements and its own, keyring.ts); absent: none. */
  readonly keys?: Keyring;
}

export interface ViewSet {
  readonly views: readonly ServedView[];
  readonly blackhole?: Acl;
}

/** The per-request policy the responder applies (respond.ts RespondOptions takes these). */
export interface RequestPolicy {
  queryAllowed(zone: Zone): boolean;
  transferAllowed(zone: Zone): boolean;
  minimalResponses: MinimalResponses;
  orderer: RrsetOrderer;
}

/** The first view that takes the request, or undefined (REFUSED). */
export function selectView(views: readonly ServedView[], req: ViewRequest): ServedView | undefined {
  for (const v of views) {
    if (v.matchRecursiveOnly && !req.rd) continue;
    if (!aclPermits(v.matchClients, { address: req.client, key: req.key })) continue;
    if (!aclPermits(v.matchDestinations, { address: req.destination, key: req.key })) continue;
    return v;
  }
  return undefined;
}

/** True when `client` is on the blackhole list (no key: BIND checks it before parsing). */
export function blackholed(set: ViewSet, client: string | undefined): boolean {
  return set.blackhole !== undefined && client !== undefined && aclPermits(set.blackhole, { address: client });
}

function accessOf(view: ServedView, zone: Zone): ZoneAccess {
  return view.zoneAccess.get(nameKey(zone.origin)) ?? view.access;
}

/** The view's options bound to one request. */
export function requestPolicy(view: ServedView, req: ViewRequest): RequestPolicy {
  const client = { address: req.client, key: req.key };
  const local = { address: req.destination, key: req.key };
  return {
    queryAllowed: (zone) => {
      const a = accessOf(view, zone);
      return aclPermits(a.query, client) && aclPermits(a.queryOn, local);
    },
    transferAllowed: (zone) => aclPermits(accessOf(view, zone).transfer, client),
    minimalResponses: view.minimalResponses,
    orderer: view.orderer,
  };
}

/** The access lists of a view that depend on who asks (those other than a plain `any`). */
function requestDependent(view: ServedView): { acl: Acl; on: 'client' | 'destination' }[] {
  const out: { acl: Acl; on: 'client' | 'destination' }[] = [];
  const seen = new Set<Acl>();
  for (const a of [view.access, ...view.zoneAccess.values()]) {
    for (const [acl, on] of [[a.query, 'client'], [a.queryOn, 'destination']] as const) {
      if (!acl.matchesAll && !seen.has(acl)) {
        seen.add(acl);
        out.push({ acl, on });
      }
    }
  }
  return out;
}

const dependentCache = new WeakMap<ServedView, { acl: Acl; on: 'client' | 'destination' }[]>();

/**
 * The part of an answer-cache key that the request adds: the verdicts of the view's
 * request-dependent query ACLs ('' when it has none), so a cached answer is only served
 * to requests that the same lists allow and deny.
 */
export function cacheVariant(view: ServedView, req: ViewRequest): string {
  let dep = dependentCache.get(view);
  if (!dep) dependentCache.set(view, (dep = requestDependent(view)));
  if (dep.length === 0) return '';
  let s = '|';
  for (const d of dep) s += aclPermits(d.acl, { address: d.on === 'client' ? req.client : req.destination, key: req.key }) ? '1' : '0';
  return s;
}

/**
 * The views with the zones of `before` that `after` replaces (same origin, another object:
 * runtime records, a zone editor) swapped in, in every view holding them. Views holding
 * none of them are kept as they are.
 */
export function withReplacedZones(set: ViewSet, before: ZoneSet, after: ZoneSet): ViewSet {
  const next = new Map<Zone, Zone>();
  for (const z of [...before.zones, ...before.failed]) {
    const n = after.find(z.origin);
    if (n && n !== z && nameKey(n.origin) === nameKey(z.origin)) next.set(z, n);
  }
  if (next.size === 0) return set;
  const views = set.views.map((v) => {
    const all = [...v.zones.zones, ...v.zones.failed];
    if (!all.some((z) => next.has(z))) return v;
    return { ...v, zones: createZoneSet(all.map((z) => next.get(z) ?? z)) };
  });
  return { ...set, views };
}
