/**
 * The DNS UPDATE service (RFC 2136, as BIND 9.18 answers it): one UPDATE message in, the
 * response out, the served zones swapped when something changed. The stateful part around
 * update.ts (pure): TSIG (RFC 8945, tsig.ts), who may update (allow-update, acl.ts;
 * update-policy, update-policy.ts), the swap, and the `changed` hook a journal plugs into.
 *
 * BIND's order (lib/ns/client.c, lib/ns/update.c; measured with nsupdate):
 * 1. The view: the first whose match-clients and match-destinations take the client's
 *    address, the local address and the key as that view's keys verify it (view-tsig.ts,
 *    as named picks the view of any request; none: REFUSED, its TSIG BADKEY); the update
 *    reaches that view's zone only, and its journal.
 * 2. TSIG: a signature the view's keys do not verify is NOTAUTH with the TSIG error (BADKEY
 *    for a key unknown there or another algorithm, BADSIG, BADTIME; RFC 8945 5.2), whatever
 *    the zone; a request signed with a known key gets a signed response (5.3).
 *    Then the zone section (FORMERR) and the zone: not served in the view,
 *    NOTAUTH (named: "not authoritative for update zone"); a zone that failed to load, SERVFAIL.
 * 3. Permission (the view's zone's): with `update-policy`, an unsigned request over UDP is
 *    REFUSED at once; otherwise `allow-update` (default none) must allow the client's address
 *    or key, else REFUSED, before the prerequisites are looked at.
 * 4. The prescan (update.ts, update-policy per RR: REFUSED), the prerequisites, the change
 *    set, the name server check (REFUSED); then the new zone is swapped in (the next query
 *    sees it; the answer cache belongs to the zone set, so it starts afresh), after the
 *    observer (the zone's journal) has taken the change.
 */
import type { Clock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import { nameKey } from '../wire/name.js';
import type { AddressMatchList, UpdatePolicy } from '../zones/named-conf/model.js';
import { applyZoneChanges, type ZoneChange } from '../zones/update.js';
import type { Zone, ZoneSet } from '../zones/zone-types.js';
import type { ServedView, ViewRequest } from './views.js';
import { routeSigned } from './view-tsig.js';
import { aclAllows, type AclEnv } from './acl.js';
import { Rcode } from './message.js';
import type { Transport } from './query-parse.js';
import { TsigError, type TsigKey } from './tsig.js';
import { checkRequestTsig, signResponse, tsigFailureRcode, type SignedRequest } from './tsig-server.js';
import { isLocatedError } from '../util/located-error.js';
import { checkPrerequisites, mxTargetsResolve, parseUpdate, prescan, toZoneChanges, updateResponse, updateZone } from './update.js';
import { policyGrant, policyLimit } from './update-policy.js';

/** Who may update one zone (named.conf `allow-update`, `update-policy`). */
export interface ZoneUpdateAccess {
  /** Default: none (BIND's default). Ignored when `updatePolicy` is set (named-checkconf says so). */
  allowUpdate?: AddressMatchList;
  updatePolicy?: UpdatePolicy;
}

/**
 * Told of every update that changed a zone, before the new zone serves: a zone journal
 * (src/zones/journal-file.ts) takes the change here, on disk when it returns. A throw
 * leaves the old zone serving and the update is answered SERVFAIL (as named when its
 * journal write fails).
 */
export interface ZoneChangeObserver {
  changed(zoneName: string, oldZone: Zone, newZone: Zone, changes: readonly ZoneChange[]): void;
}

/** The zones the service reads and replaces (the DNS server's, view by view). */
export interface UpdateZoneHost {
  /** The views served (views.ts), each with its keys; undefined: a server without views, whose zones zonesFor gives. */
  views?(): readonly ServedView[] | undefined;
  /** The zones of the view that takes `req`, with the view's name (a server without views: its zones); undefined when no view does. */
  zonesFor(req: ViewRequest): { zones: ZoneSet; view?: string } | undefined;
  /** Serves `next` in place of the zone object `old`, in the view named (a server without views: its zones). */
  replace(old: Zone, next: Zone, view?: string): void;
}

export interface UpdateServiceOptions {
  /** The TSIG key of a name (lower case, absolute; named.conf `key` statements). */
  keys?(name: string): TsigKey | undefined;
  /** The access of a zone by its canonical origin, in the view named (undefined: no views); undefined: no updates. */
  access?(origin: string, view?: string): ZoneUpdateAccess | undefined;
  /** Named ACLs and the host's addresses, for allow-update (default: no ACLs, loopback as localhost). */
  aclEnv?(): AclEnv;
  observer?: ZoneChangeObserver;
  clock?: Clock;
  logger?: Logger;
}

export interface UpdateService {
  /** One UPDATE message from `peer`, arrived on the local address `local`; null when nothing is to be sent. Never throws on input. */
  handle(msg: Buffer, transport: Transport, peer?: string, local?: string): Buffer | null;
}

const NO_ACL_ENV: AclEnv = { acls: new Map(), localhost: ['127.0.0.0/8', '::1/128'], localnets: [] };

export function createUpdateService(host: UpdateZoneHost, opts: UpdateServiceOptions = {}): UpdateService {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  const keys = (name: string) => opts.keys?.(name);
  const now = () => Math.floor(clock.now() / 1000);

  function handle(msg: Buffer, transport: Transport, peer?: string, local?: string): Buffer | null {
    if (msg.length < 12) return null;
    const parsed = parseUpdate(msg);
    const zoneSection = parsed.ok ? parsed.request.zoneSection : parsed.zoneSection;
    const base = { client: peer, destination: local, rd: (msg[2] & 1) !== 0 };
    const views = host.views?.();
    let signed: SignedRequest | undefined;
    let chosen: ServedView | undefined;
    try {
      // With views, the view is picked with each view's own keys (view-tsig.ts).
      if (views) ({ signed, view: chosen } = routeSigned(views, base, msg, now(), keys));
      else signed = checkRequestTsig(msg, keys, now());
    } catch {
      return updateResponse(msg.readUInt16BE(0), Rcode.FORMERR, zoneSection);
    }
    const reply = (body: Buffer) => (signed ? signResponse(body, signed, now()) : body);
    if (views && !chosen) return reply(updateResponse(msg.readUInt16BE(0), Rcode.REFUSED, zoneSection));
    if (signed && signed.error !== TsigError.NONE) return reply(updateResponse(msg.readUInt16BE(0), tsigFailureRcode(signed), zoneSection));
    const key = signed?.key;
    if (!parsed.ok) return reply(updateResponse(parsed.id, Rcode.FORMERR, parsed.zoneSection));
    const req = parsed.request;
    const answer = (rcode: number) => reply(updateResponse(req.id, rcode, req.zoneSection, req.edns));

    const signer = key?.name;
    const target = chosen ? { zones: chosen.zones, view: chosen.name } : host.zonesFor({ ...base, key: signer });
    if (!target) return answer(Rcode.REFUSED);
    const { view } = target;
    const zone = updateZone(target.zones, req);
    if (!zone) return answer(Rcode.NOTAUTH);
    if (zone.loadError !== undefined) return answer(Rcode.SERVFAIL);
    const access = opts.access?.(nameKey(zone.origin), view) ?? {};
    const policy = access.updatePolicy;
    if (policy !== undefined) {
      if (signer === undefined && transport === 'udp') return answer(Rcode.REFUSED);
    } else if (!aclAllows(access.allowUpdate ?? [], { address: peer ?? '', key: signer }, opts.aclEnv?.() ?? NO_ACL_ENV)) {
      return answer(Rcode.REFUSED);
    }
    const rules = policy === undefined ? undefined : policy === 'local' ? [] : policy;
    const grant = rules === undefined ? undefined : policyGrant(rules, zone.origin, signer);
    const scan = prescan(zone, req.updates, grant);
    if (scan !== Rcode.NOERROR) return answer(scan);
    const pre = checkPrerequisites(zone, req.prerequisites);
    if (pre !== Rcode.NOERROR) return answer(pre);
    const changes = toZoneChanges(req.updates, rules === undefined ? undefined : policyLimit(rules, zone.origin, signer));
    let result;
    try {
      result = applyZoneChanges(zone, changes);
    } catch (e) {
      // The new zone fails the load checks (an in-zone name server of the apex without an
      // address, or a CNAME): named refuses it ("post update name server sanity check failed").
      if (!isLocatedError(e)) throw e;
      logger.info({ zone: zone.origin, err: e.format() }, 'update rejected: the zone would not load');
      return answer(Rcode.REFUSED);
    }
    if (result.changed) {
      if (!mxTargetsResolve(result.zone, changes)) return answer(Rcode.REFUSED);
      try {
        opts.observer?.changed(zone.origin, zone, result.zone, changes);
      } catch (e) {
        logger.error({ zone: zone.origin, err: e instanceof Error ? e.message : String(e) }, 'update not committed; the zone is unchanged');
        return answer(Rcode.SERVFAIL);
      }
      // The update was computed from `zone` (read from the view's zones): that object is replaced.
      host.replace(zone, result.zone, view);
      logger.info({ zone: zone.origin, view, serial: result.zone.serial, changes: changes.length, signer }, 'zone updated');
    }
    return answer(Rcode.NOERROR);
  }

  return { handle };
}
