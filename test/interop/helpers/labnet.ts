/**
 * Starts labnet's DNS server in this process on the same named.conf files BIND is given,
 * through the module APIs (src/zones/named-conf.ts, src/zones/zoneset.ts, src/dns/server.ts),
 * not the CLI.
 */
import { loadNamedConf } from '../../../src/zones/named-conf.js';
import { createZoneSet } from '../../../src/zones/zoneset.js';
import { startDnsServer } from '../../../src/dns/server.js';
import { createDnsWorkerPool } from '../../../src/dns/workers/pool.js';
import { silentLogger } from '../../../src/util/logger.js';
import type { Zone } from '../../../src/zones/zone-types.js';
import type { Endpoint } from './net.js';
import type { CookieOptions } from '../../../src/dns/handler.js';
import { INTEROP_COOKIE_SECRET } from './cookies.js';

export interface LabnetInstance {
  address: Endpoint;
  close(): Promise<void>;
}

/**
 * `cookies`: the DNS cookie options (default: BIND's, with the secret BIND is given).
 * `dnsWorkers` > 1: answered by that many worker processes (labnet serve --dns-workers).
 */
export async function startLabnet(namedConfs: string[], cookies: CookieOptions = {}, opts: { dnsWorkers?: number } = {}): Promise<LabnetInstance> {
  const zones: Zone[] = [];
  for (const f of namedConfs) zones.push(...loadNamedConf(f, { keepGoing: true }).zones);
  const cookieOpts = { secrets: [Buffer.from(INTEROP_COOKIE_SECRET, 'hex')], ...cookies };
  const workers = opts.dnsWorkers ?? 1;
  const srv = await startDnsServer({
    zones: createZoneSet(zones),
    host: '127.0.0.1',
    port: 0,
    cookies: cookieOpts,
    ...(workers > 1
      ? { external: createDnsWorkerPool({ count: workers, host: '127.0.0.1', port: 0, logger: silentLogger, viewsConfig: () => undefined, init: { cookies: cookieOpts, logLevel: 'silent' } }) }
      : {}),
  });
  return {
    address: { host: srv.address.address, port: srv.address.port },
    close: () => srv.close(),
  };
}
