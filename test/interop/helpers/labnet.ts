/**
 * Starts labnet's DNS server in this process on the same named.conf files BIND is given,
 * through the module APIs (src/zones/named-conf.ts, src/dns/server.ts), not the CLI.
 */
import { loadNamedConf } from '../../../src/zones/named-conf.js';
import { startDnsServer } from '../../../src/dns/server.js';
import type { Zone, ZoneSet } from '../../../src/zones/zone-types.js';
import { nameKey, isSubdomain } from '../../../src/zones/name.js';
import type { Endpoint } from './net.js';

export interface LabnetInstance {
  address: Endpoint;
  close(): Promise<void>;
}

/** A ZoneSet over the zones of several named.conf files (longest origin wins, RFC 1034 4.3.2 step 2). */
export function mergeZones(zones: readonly Zone[]): ZoneSet {
  const sorted = [...zones].sort((a, b) => b.origin.length - a.origin.length);
  return {
    zones,
    find(qname: string) {
      return sorted.find((z) => isSubdomain(nameKey(qname), nameKey(z.origin)));
    },
  };
}

export async function startLabnet(namedConfs: string[]): Promise<LabnetInstance> {
  const zones: Zone[] = [];
  for (const f of namedConfs) zones.push(...(await loadNamedConf(f)).zones);
  const srv = await startDnsServer({ zones: mergeZones(zones), host: '127.0.0.1', port: 0 });
  return {
    address: { host: srv.address.address, port: srv.address.port },
    close: () => srv.close(),
  };
}
