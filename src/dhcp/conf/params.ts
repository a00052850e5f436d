/** Scope parameters: the empty set, and a child scope's over its parent's (dhcpd.conf(5) scoping). */
import type { ScopeParams } from '../types.js';

export function emptyParams(): ScopeParams {
  return { options: new Map(), ddns: new Map(), permits: new Map(), settings: new Map() };
}

/** Child parameters over parent's (options by code, maps by key, scalars when set). */
export function mergeParams(parent: ScopeParams, child: ScopeParams): ScopeParams {
  const pick = <K extends keyof ScopeParams>(k: K): ScopeParams[K] => (child[k] !== undefined ? child[k] : parent[k]);
  return {
    options: new Map([...parent.options, ...child.options]),
    defaultLeaseTime: pick('defaultLeaseTime'),
    maxLeaseTime: pick('maxLeaseTime'),
    minLeaseTime: pick('minLeaseTime'),
    authoritative: pick('authoritative'),
    nextServer: pick('nextServer'),
    filename: pick('filename'),
    serverName: pick('serverName'),
    serverIdentifier: pick('serverIdentifier'),
    pingCheck: pick('pingCheck'),
    ddns: new Map([...parent.ddns, ...child.ddns]),
    permits: new Map([...parent.permits, ...child.permits]),
    settings: new Map([...(parent.settings ?? []), ...(child.settings ?? [])]),
    ...(parent.spaces || child.spaces ? { spaces: mergeSpaces(parent.spaces, child.spaces) } : {}),
  };
}

/** Per space, the child's options over the parent's. */
function mergeSpaces(parent: ScopeParams['spaces'], child: ScopeParams['spaces']): NonNullable<ScopeParams['spaces']> {
  const out = new Map<string, Map<number, Buffer>>();
  for (const src of [parent, child]) for (const [space, opts] of src ?? []) out.set(space, new Map([...(out.get(space) ?? []), ...opts]));
  return out;
}
