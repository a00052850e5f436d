/**
 * What a named.conf says about dynamic updates, for the update service (src/dns/update-service.ts):
 * the `key` statements (top level, and the served view's), each served zone's
 * `allow-update` (zone, else view, else options, else BIND's default none) and
 * `update-policy`, and the `acl` statements. Pure apart from the host's interface list,
 * which is given (`localhost`, `localnets`).
 */
import type { NetworkInterfaceInfo } from 'node:os';
import { absoluteName, nameKey } from '../wire/name.js';
import { tsigKeyAlgorithm, type TsigKey } from '../dns/tsig.js';
import type { AclEnv } from '../dns/acl.js';
import type { UpdateServiceOptions, ZoneUpdateAccess } from '../dns/update-service.js';
import { SERVING_DEFAULTS, type KeyConf, type NamedConfModel, type ZoneConf } from '../zones/named-conf/model.js';

const absolute = (name: string): string => nameKey(absoluteName(name));

/** A `key` statement as a TSIG key; undefined for an algorithm labnet has no HMAC for. */
export function tsigKey(k: KeyConf): TsigKey | undefined {
  const a = tsigKeyAlgorithm(k.algorithm);
  if (a === undefined) return undefined;
  const key: TsigKey = { name: absolute(k.name), algorithm: a.algorithm, secret: Buffer.from(k.secret, 'base64') };
  // A truncated key (`hmac-sha256-128`) signs and accepts MACs of that many bits.
  return a.digestBits === undefined ? key : { ...key, digestBits: a.digestBits };
}

/** The host's addresses (`localhost`) and networks (`localnets`) from os.networkInterfaces(). */
export function localAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): Pick<AclEnv, 'localhost' | 'localnets'> {
  const all = Object.values(interfaces).flatMap((l) => l ?? []);
  return {
    localhost: all.map((i) => `${i.address.replace(/%.*$/, '')}/${i.family === 'IPv4' ? 32 : 128}`),
    localnets: all.map((i) => i.cidr).filter((c): c is string => c !== null),
  };
}

/**
 * The update service's options for the zones served from `model` (without views, the
 * zones outside them; with views, the first view's, as services.ts serves them).
 */
export function updateOptionsFromConf(model: NamedConfModel, local: Pick<AclEnv, 'localhost' | 'localnets'>): Pick<UpdateServiceOptions, 'keys' | 'access' | 'aclEnv'> {
  const view = model.views[0];
  const keyList = [...model.keys, ...(view?.keys ?? [])].map(tsigKey).filter((k): k is TsigKey => k !== undefined);
  const keys = new Map(keyList.map((k) => [k.name, k]));
  const zones = new Map<string, ZoneConf>((view ? view.zones : model.zones).map((z) => [absolute(z.name), z]));
  const access = (origin: string): ZoneUpdateAccess | undefined => {
    const z = zones.get(nameKey(origin));
    // Only a primary zone takes updates (a secondary's would be forwarded: allow-update-forwarding, default none).
    if (!z || z.type === 'secondary') return undefined;
    const a: ZoneUpdateAccess = { allowUpdate: z.allowUpdate ?? view?.allowUpdate ?? model.options.allowUpdate ?? SERVING_DEFAULTS.allowUpdate };
    if (z.updatePolicy !== undefined) a.updatePolicy = z.updatePolicy;
    return a;
  };
  const aclEnv: AclEnv = { acls: new Map(model.acls.map((a) => [a.name, a.list])), ...local };
  return { keys: (name) => keys.get(nameKey(name)), access, aclEnv: () => aclEnv };
}
