/**
 * Starts the DNS and DHCP servers from files, as `labnet serve` and `labnet up` do, and
 * reloads them: a reload builds new models from the files and swaps them in; a bad file
 * leaves the old data serving (the error is returned and logged).
 */
import { dirname } from 'node:path';
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import type { Clock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import type { Zone, ZoneSet } from '../zones/zone-types.js';
import { loadNamedConf } from '../zones/named-conf.js';
import { loadZoneFile } from '../zones/load.js';
import { createZoneSet } from '../zones/zoneset.js';
import { startDnsServer, type DnsServer } from '../dns/server.js';
import { loadDhcpdConf } from '../dhcp/conf/parser.js';
import { startDhcpServer, type DhcpServer } from '../dhcp/server.js';
import type { Endpoint } from '../util/endpoint.js';

export interface ServiceFiles {
  namedConf?: string;
  /** Extra zones given as ORIGIN=FILE. */
  zones?: { origin: string; file: string }[];
  dhcpdConf?: string;
}

export interface ServiceOptions extends ServiceFiles {
  dns?: Endpoint;
  dhcp?: Endpoint;
  leasesFile?: string;
  interface?: string;
  clock?: Clock;
  logger?: Logger;
}

export interface Services {
  dns?: DnsServer;
  dhcp?: DhcpServer;
  /** Re-reads every file; on error keeps the old data and returns the error text. */
  reload(): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Loads every zone the files name into one ZoneSet. Throws LocatedError on a bad file. */
export function loadZones(files: ServiceFiles, warn: (message: string) => void = () => {}): ZoneSet | undefined {
  const zones: Zone[] = [];
  if (files.namedConf) {
    const conf = loadNamedConf(files.namedConf);
    for (const w of conf.warnings) warn(w);
    zones.push(...conf.zones);
  }
  for (const z of files.zones ?? []) {
    zones.push(loadZoneFile(z.origin, z.file, { includeBase: dirname(z.file) }));
  }
  return zones.length ? createZoneSet(zones) : undefined;
}

export async function startServices(opts: ServiceOptions): Promise<Services> {
  const logger = opts.logger ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  const zoneSet = loadZones(opts, (w) => logger.warn(w));
  const config = opts.dhcpdConf ? loadDhcpdConf(opts.dhcpdConf) : undefined;

  let dns: DnsServer | undefined;
  let dhcp: DhcpServer | undefined;
  try {
    if (zoneSet) {
      dns = await startDnsServer({ zones: zoneSet, host: opts.dns?.host, port: opts.dns?.port, logger, clock });
    }
    if (config) {
      dhcp = await startDhcpServer({
        config,
        host: opts.dhcp?.host,
        port: opts.dhcp?.port,
        leasesFile: opts.leasesFile,
        interface: opts.interface,
        clock,
        logger,
      });
    }
  } catch (e) {
    await dns?.close();
    throw e;
  }

  return {
    dns,
    dhcp,
    async reload() {
      try {
        const nextZones = dns ? loadZones(opts, (w) => logger.warn(w)) : undefined;
        const nextConfig = dhcp && opts.dhcpdConf ? loadDhcpdConf(opts.dhcpdConf) : undefined;
        if (dns && nextZones) dns.reload(nextZones);
        if (dhcp && nextConfig) dhcp.reload(nextConfig);
        logger.info('reloaded');
        return undefined;
      } catch (e) {
        const text = e instanceof Error && 'format' in e ? (e as { format(): string }).format() : String(e);
        logger.error({ err: text }, 'reload failed; the previous data keeps serving');
        return text;
      }
    },
    async close() {
      await Promise.all([dns?.close(), dhcp?.close()]);
    },
  };
}
