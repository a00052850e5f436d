/**
 * The secondary zones of a named.conf (ARM "zone" `type secondary`, old name `slave`):
 * for each, its primaries (`primaries`, old name `masters`; named lists expanded, a
 * server's port its own, else the list's, else 53; `key NAME` the TSIG key of the
 * top-level or the view's `key` statements), its `file` (resolved against the folder zone
 * files resolve against) and journal (`journal`, else the file with `.jnl`), and, each from the zone, else the view, else options: its
 * allow-notify (none by default: only the primaries may NOTIFY, ARM "allow-notify"),
 * request-ixfr (default yes) and min-/max-refresh-time, min-/max-retry-time (default
 * BIND 9.18's, refresh.ts BIND_TIMER_LIMITS). Pure.
 */
import { isAbsolute, resolve } from 'node:path';
import { absoluteName, nameKey } from '../wire/name.js';
import type { NamedConfModel, ServingOptions, ZoneConf } from '../zones/named-conf/model.js';
import { BIND_TIMER_LIMITS } from '../dns/secondary/refresh.js';
import { aclPermits, compileAcl, type AclEnv } from '../dns/acl.js';
import type { TsigKey } from '../dns/tsig.js';
import type { SecondaryZoneConf } from '../dns/secondary/secondary-zone.js';
import { remoteTargets } from './notify-conf.js';
import { DEFAULT_VIEW } from '../dns/conf-views.js';
import { keyMap } from '../dns/keyring.js';
import { defaultJournalPath } from '../zones/journal-file.js';

/** named's port for primaries (ARM "primaries": port 53 by default). */
export const PRIMARIES_PORT = 53;

export interface SecondaryConfEntry {
  conf: SecondaryZoneConf;
  /** The view the zone is in (named's `_default` for the zones outside views). */
  view: string;
  zone: ZoneConf;
}

/** Every secondary zone of `model` (see the file comment); `baseDir` is where relative files resolve. */
export function secondaryConfs(model: NamedConfModel, baseDir: string, local: Pick<AclEnv, 'localhost' | 'localnets'>): SecondaryConfEntry[] {
  const env: AclEnv = { acls: new Map(model.acls.map((a) => [a.name, a.list])), ...local };
  const scopes: { view: string; keys: ReturnType<typeof keyMap>; zones: ZoneConf[]; opts: ServingOptions }[] = model.views.length
    ? model.views.map((v) => ({ view: v.name, keys: keyMap([...model.keys, ...v.keys]), zones: v.zones, opts: v }))
    : [{ view: DEFAULT_VIEW, keys: keyMap(model.keys), zones: model.zones, opts: {} }];
  const out: SecondaryConfEntry[] = [];
  for (const s of scopes) {
    for (const z of s.zones) {
      if (z.type !== 'secondary') continue;
      const primaries = z.primaries ? remoteTargets(model, z.primaries, PRIMARIES_PORT) : [];
      const file = z.file === undefined ? undefined : isAbsolute(z.file) ? z.file : resolve(baseDir, z.file);
      const pick = <K extends keyof ServingOptions>(k: K): ServingOptions[K] => z[k] ?? s.opts[k] ?? model.options[k];
      const list = pick('allowNotify');
      const acl = list && compileAcl(list, env);
      const conf: SecondaryZoneConf = {
        origin: nameKey(absoluteName(z.name)),
        primaries: primaries.map((p) => ({ address: p.address, port: p.port, ...(p.key ? { key: s.keys.get(nameKey(absoluteName(p.key))) } : {}) })),
        ...(file !== undefined ? { file, journal: z.journal !== undefined ? resolve(baseDir, z.journal) : defaultJournalPath(file) } : {}),
        ...(acl ? { allowNotify: (address: string, key: string | undefined) => aclPermits(acl, { address, key }) } : {}),
        requestIxfr: pick('requestIxfr') ?? true,
        limits: {
          minRefresh: pick('minRefreshTime') ?? BIND_TIMER_LIMITS.minRefresh,
          maxRefresh: pick('maxRefreshTime') ?? BIND_TIMER_LIMITS.maxRefresh,
          minRetry: pick('minRetryTime') ?? BIND_TIMER_LIMITS.minRetry,
          maxRetry: pick('maxRetryTime') ?? BIND_TIMER_LIMITS.maxRetry,
        },
      };
      out.push({ conf, view: s.view, zone: z });
    }
  }
  return out;
}
