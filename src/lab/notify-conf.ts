/**
 * A zone's NOTIFY settings from named.conf (ARM "notify", "also-notify"): the zone's own,
 * else its view's, else the options', else BIND 9.18's default (`notify yes`, no
 * also-notify). Named `primaries` lists in also-notify are expanded (ARM: "also-notify
 * ... a list of IP addresses, or named primaries lists"); a server's port is its own, else
 * the list's, else 53.
 */
import { absoluteName, nameKey } from '../wire/name.js';
import type { NamedConfModel, RemoteServerList, ServingOptions, ZoneConf } from '../zones/named-conf/model.js';
import { SERVING_DEFAULTS } from '../zones/named-conf/model.js';
import { NOTIFY_PORT, type NotifyConf, type NotifyTarget } from '../dns/notify.js';

const key = (name: string): string => nameKey(absoluteName(name));

/**
 * The zone statement for `origin` and the options it inherits from, nearest first: in the
 * view named (`view`), else in the first view that has the zone.
 */
export function zoneScopes(model: NamedConfModel, origin: string, view?: string): { zone?: ZoneConf; scopes: ServingOptions[] } {
  const k = key(origin);
  const top = model.zones.find((z) => key(z.name) === k);
  if (top) return { zone: top, scopes: [top, model.options] };
  for (const v of model.views) {
    if (view !== undefined && v.name !== view) continue;
    const z = v.zones.find((x) => key(x.name) === k);
    if (z) return { zone: z, scopes: [z, v, model.options] };
  }
  return { scopes: [model.options] };
}

/** The servers of a primaries/also-notify list, named lists expanded (each once). */
export function remoteTargets(model: NamedConfModel, list: RemoteServerList, defaultPort = NOTIFY_PORT, seen = new Set<string>()): NotifyTarget[] {
  const port = list.port ?? defaultPort;
  return list.servers.flatMap((s): NotifyTarget[] => {
    if (s.address !== undefined) return [{ address: s.address, port: s.port ?? port, ...(s.key ? { key: s.key } : {}) }];
    const name = (s.list ?? '').toLowerCase();
    const named = model.primaries.find((p) => p.name.toLowerCase() === name);
    if (!named || seen.has(name)) return [];
    seen.add(name);
    return remoteTargets(model, named, port, seen);
  });
}

/** The NOTIFY settings of the zone `origin` (in the view named; see the file comment). */
export function notifyConfOf(model: NamedConfModel | undefined, origin: string, view?: string): NotifyConf {
  if (!model) return { mode: SERVING_DEFAULTS.notify };
  const { scopes } = zoneScopes(model, origin, view);
  const mode = scopes.find((s) => s.notify !== undefined)?.notify ?? SERVING_DEFAULTS.notify;
  const also = scopes.find((s) => s.alsoNotify !== undefined)?.alsoNotify;
  return { mode, alsoNotify: also ? remoteTargets(model, also) : [] };
}
