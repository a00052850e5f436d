/**
 * Starts labnet's DNS server in this process on the same named.conf files BIND is given,
 * through the module APIs (src/zones/named-conf.ts, src/zones/zoneset.ts, src/dns/server.ts),
 * not the CLI.
 */
import { loadNamedConf } from '../../../src/zones/named-conf.js';
import { createZoneSet } from '../../../src/zones/zoneset.js';
import { startDnsServer } from '../../../src/dns/server.js';
import type { Zone } from '../../../src/zones/zone-types.js';
import type { Endpoint } from './net.js';
import type { CookieOptions } from '../../../src/dns/handler.js';
import { INTEROP_COOKIE_SECRET } from './cookies.js';

export interface LabnetInstance {
  address: Endpoint;
  close(): Promise<void>;
}

/** `cookies`: the DNS cookie options (default: BIND's, with the secret BIND is given). */
export async function startLabnet(namedConfs: string[], cookies: CookieOptions = {}): Promise<LabnetInstance> {
  const zones: Zone[] = [];
  for (const f of namedConfs) zones.push(...loadNamedConf(f, { keepGoing: true }).zones);
  const srv = await startDnsServer({
    zones: createZoneSet(zones),
    host: '127.0.0.1',
    port: 0,
    cookies: { secrets: [Buffer.from(INTEROP_COOKIE_SECRET, 'hex')], ...cookies },
  });
  return {
    address: { host: srv.address.address, port: srv.address.port },
    close: () => srv.close(),
  };
}
