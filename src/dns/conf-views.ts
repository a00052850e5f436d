/**
 * The views a named.conf serves (views.ts), built from its model (named-conf/model.ts) and
 * the zones loaded for each view. Pure: the host's addresses (localhost, localnets) and
 * the randomness (rrset-order) are given.
 *
 * Inheritance, as named configures it (BIND 9.18 ARM "options", "view", "zone"): a zone's
 * allow-query, allow-query-on and allow-transfer come from the zone, else its view, else
 * options, else BIND's default (any); rrset-order and minimal-responses from the view, else
 * options, else the defaults (random; no-auth-recursive); rate-limit from the view, else
 * options (the whole block, not option by option), each view with a table of its own; TSIG
 * keys: the top-level `key` statements and the view's own (keyring.ts). A named.conf without views is
 * one view that takes every client, with the zones outside views (named's `_default`).
 *
 * minimal-any needs nothing here: BIND 9.18 answers ANY from an authoritative zone with
 * every RRset whatever it says, over UDP and TCP (measured with minimal-any yes in options
 * and in a view), which is what the responder does.
 * Views of a class other than IN are left out: labnet serves class IN only.
 */
import { canonicalName, nameKey } from '../wire/name.js';
import type { ZoneSet } from '../zones/zone-types.js';
import type { AddressMatchList, NamedConfModel, ServingOptions } from '../zones/named-conf/model.js';
import { SERVING_DEFAULTS } from '../zones/named-conf/model.js';
import { ANY_ACL, aclPermits, compileAcl, type Acl, type AclEnv } from './acl.js';
import { createOrderer } from './rrset-order.js';
import type { ServedView, ViewSet, ZoneAccess } from './views.js';
import { RateLimiter, rrlConfig, type RrlLimitEvent } from './rrl.js';
import type { KeyConf, RateLimitConf } from '../zones/named-conf/model.js';
import { keyringOf } from './keyring.js';
import type { TsigKey } from './tsig.js';

export interface ConfViewsInput {
  model: NamedConfModel;
  /** The loaded zones of the view named `name` (undefined: the zones outside views). */
  zonesOf: (name: string | undefined) => ZoneSet;
  /** The host's addresses and networks (localhost, localnets; update-conf.ts localAddresses). */
  local: Pick<AclEnv, 'localhost' | 'localnets'>;
  /** Uniform 32-bit integers (rrset-order random and cyclic). */
  random32: () => number;
  /** The start of rate limiting for a client (the rate-limit log category), by view. */
  onRateLimit?: (view: string, e: RrlLimitEvent) => void;
  /** TSIG keys every view knows besides the file's (the lab's DDNS key). */
  addedKeys?: readonly TsigKey[];
}

/** The name of the view named builds when the file has none. */
export const DEFAULT_VIEW = '_default';

export function buildViewSet(input: ConfViewsInput): ViewSet {
  const { model } = input;
  const env: AclEnv = { acls: new Map(model.acls.map((a) => [a.name, a.list])), ...input.local };
  // One compiled ACL per list object, so that lists inherited unchanged are one ACL (cache keys).
  const compiled = new Map<AddressMatchList, Acl>();
  const acl = (list: AddressMatchList | undefined): Acl => {
    if (list === undefined) return ANY_ACL;
    let a = compiled.get(list);
    if (!a) compiled.set(list, (a = compileAcl(list, env)));
    return a;
  };
  const o = model.options;
  const access = (inner: ServingOptions, outer: ServingOptions): ZoneAccess => ({
    query: acl(inner.allowQuery ?? outer.allowQuery ?? o.allowQuery),
    queryOn: acl(inner.allowQueryOn ?? outer.allowQueryOn ?? o.allowQueryOn),
    transfer: acl(inner.allowTransfer ?? outer.allowTransfer ?? o.allowTransfer),
  });
  const limiter = (name: string, rl: RateLimitConf | undefined): RateLimiter | undefined => {
    // Its ranges were checked with the file (check-content.ts, as named-checkconf).
    if (!rl) return undefined;
    const exempt = rl.exemptClients && acl(rl.exemptClients);
    const onLimit = input.onRateLimit && ((e: RrlLimitEvent) => input.onRateLimit!(name, e));
    return new RateLimiter(rrlConfig(rl), exempt ? (client) => aclPermits(exempt, { address: client }) : undefined, onLimit);
  };
  const view = (name: string | undefined, v: ServingOptions & { matchClients?: AddressMatchList; matchDestinations?: AddressMatchList; matchRecursiveOnly?: boolean; keys?: KeyConf[] }, zones: { name: string; opts: ServingOptions }[]): ServedView => ({
    name: name ?? DEFAULT_VIEW,
    zones: input.zonesOf(name),
    matchClients: acl(v.matchClients),
    matchDestinations: acl(v.matchDestinations),
    matchRecursiveOnly: v.matchRecursiveOnly === true,
    zoneAccess: new Map(zones.map((z) => [nameKey(canonicalName(z.name)), access(z.opts, v)])),
    access: access({}, v),
    minimalResponses: v.minimalResponses ?? o.minimalResponses ?? SERVING_DEFAULTS.minimalResponses,
    orderer: createOrderer(v.rrsetOrder ?? o.rrsetOrder, input.random32),
    rateLimiter: limiter(name ?? DEFAULT_VIEW, v.rateLimit ?? o.rateLimit),
    keys: keyringOf([...model.keys, ...(v.keys ?? [])], input.addedKeys),
  });
  const views = model.views.length
    ? model.views.filter((v) => v.class === 'IN').map((v) => view(v.name, v, v.zones.map((z) => ({ name: z.name, opts: z }))))
    : [view(undefined, {}, model.zones.map((z) => ({ name: z.name, opts: z })))];
  return o.blackhole ? { views, blackhole: acl(o.blackhole) } : { views };
}
