/**
 * What a named.conf says about dynamic updates, for the update service (src/dns/update-service.ts):
 * the `key` statements (top level, and the views'), each view's zones'
 * `allow-update` (zone, else view, else options, else BIND's default none) and
 * `update-policy`, and the `acl` statements. Pure apart from the host's interface list,
 * which is given (`localhost`, `localnets`).
 */
import type { NetworkInterfaceInfo } from 'node:os';
import { absoluteName, nameKey } from '../wire/name.js';
import { keyMap } from '../dns/keyring.js';
import type { AclEnv } from '../dns/acl.js';
import type { UpdateServiceOptions, ZoneUpdateAccess } from '../dns/update-service.js';
import { SERVING_DEFAULTS, type NamedConfModel, type ViewConf, type ZoneConf } from '../zones/named-conf/model.js';

const absolute = (name: string): string => nameKey(absoluteName(name));

/** The host's addresses (`localhost`) and networks (`localnets`) from os.networkInterfaces(). */
export function localAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): Pick<AclEnv, 'localhost' | 'localnets'> {
  const all = Object.values(interfaces).flatMap((l) => l ?? []);
  return {
    localhost: all.map((i) => `${i.address.replace(/%.*$/, '')}/${i.family === 'IPv4' ? 32 : 128}`),
    localnets: all.map((i) => i.cidr).filter((c): c is string => c !== null),
  };
}

/**
 * The update service's options for the zones served from `model`: without views, the zones
 * outside them; with views, each view's zones with its own allow-update (zone, else view,
 * else options), by the view's name (conf-views.ts names the view-less one `_default`).
 * TSIG keys: the top-level ones, then each view's (a name defined twice: the first), for a
 * server without views; with views, each view's own ring decides (keyring.ts, view-tsig.ts).
 */
export function updateOptionsFromConf(model: NamedConfModel, local: Pick<AclEnv, 'localhost' | 'localnets'>): Pick<UpdateServiceOptions, 'keys' | 'access' | 'aclEnv'> {
  const keys = keyMap([...model.keys, ...model.views.flatMap((v) => v.keys)]);
  const byView = new Map<string | undefined, { view?: ViewConf; zones: Map<string, ZoneConf> }>();
  const zoneMap = (zones: readonly ZoneConf[]) => new Map(zones.map((z) => [absolute(z.name), z]));
  if (model.views.length === 0) byView.set(undefined, { zones: zoneMap(model.zones) });
  for (const v of model.views) byView.set(v.name, { view: v, zones: zoneMap(v.zones) });
  const access = (origin: string, viewName?: string): ZoneUpdateAccess | undefined => {
    const entry = byView.get(model.views.length === 0 ? undefined : viewName ?? model.views[0]?.name);
    const z = entry?.zones.get(nameKey(origin));
    // Only a primary zone takes updates (a secondary's would be forwarded: allow-update-forwarding, default none).
    if (!entry || !z || z.type === 'secondary') return undefined;
    const a: ZoneUpdateAccess = { allowUpdate: z.allowUpdate ?? entry.view?.allowUpdate ?? model.options.allowUpdate ?? SERVING_DEFAULTS.allowUpdate };
    if (z.updatePolicy !== undefined) a.updatePolicy = z.updatePolicy;
    return a;
  };
  const aclEnv: AclEnv = { acls: new Map(model.acls.map((a) => [a.name, a.list])), ...local };
  return { keys: (name) => keys.get(nameKey(name)), access, aclEnv: () => aclEnv };
}
