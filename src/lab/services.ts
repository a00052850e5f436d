/**
 * Starts the DNS and DHCP servers from files, as `labnet serve` and `labnet up` do, and
 * reloads them: a reload builds new models from the files and swaps them in; a bad file
 * leaves the old data serving (the error is returned and logged).
 */
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import type { Clock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import type { Zone, ZoneSet } from '../zones/zone-types.js';
import { confBaseDir, loadNamedConf } from '../zones/named-conf.js';
import { loadZoneFile } from '../zones/load.js';
import { defaultJournalPath, ZoneJournals } from '../zones/journal-file.js';
import { createZoneSet, failedZone } from '../zones/zoneset.js';
import { nameKey } from '../wire/name.js';
import { LocatedError } from '../util/located-error.js';
import { startDnsServer, type DnsServer } from '../dns/server.js';
import { buildViewSet, DEFAULT_VIEW, type ConfViewsInput } from '../dns/conf-views.js';
import { rateLimitLog } from '../dns/rrl-log.js';
import { createDnsWorkerPool, type DnsWorkerPool } from '../dns/workers/pool.js';
import type { AclEnv } from '../dns/acl.js';
import type { ViewSet } from '../dns/views.js';
import { randomBytes } from 'node:crypto';
import { loadDhcpdConf } from '../dhcp/conf/parser.js';
import { zoneHostResolver } from './zone-hosts.js';
import { notApplied } from '../dhcp/conf/not-applied.js';
import type { DhcpConfig } from '../dhcp/types.js';
import { readFileSync } from 'node:fs';
import { haConfigFromDhcpdConf, haConfigFromJson } from '../dhcp/ha/config.js';

/** A loaded dhcpd.conf's warnings (names left out, overlaps) and what labnet does not apply, once each. */
function reportDhcpConfig(config: DhcpConfig, logger: Logger): void {
  for (const w of config.warnings ?? []) logger.warn(`${w.file}:${w.line}:${w.col}: warning: ${w.message}`);
  for (const n of notApplied(config)) logger.info(`${n.file}:${n.line}: ${n.message}`);
}
import { startDhcpServer, type DhcpServer } from '../dhcp/server.js';
import type { Endpoint } from '../util/endpoint.js';
import type { QueryTap } from '../dns/tap.js';
import { networkInterfaces } from 'node:os';
import type { NamedConfModel } from '../zones/named-conf/model.js';
import { localAddresses, updateOptionsFromConf } from './update-conf.js';
import type { UpdateServiceOptions } from '../dns/update-service.js';
import { changedNames } from '../zones/zone-diff.js';
import type { DhcpTap } from '../dhcp/tap.js';
import { accessWithLabKey, withLabDdns, type LabDdns } from './lab-ddns.js';
import { createNotifier, type NotifyEvent } from '../dns/notifier.js';
import { notifyConfOf } from './notify-conf.js';
import { secondaryConfs, type SecondaryConfEntry } from './secondary-conf.js';
import { createSecondaries } from '../dns/secondary/secondaries.js';
import type { SecondaryEvent } from '../dns/secondary/secondary-zone.js';

export interface ServiceFiles {
  namedConf?: string;
  /** Extra zones given as ORIGIN=FILE. */
  zones?: { origin: string; file: string }[];
  dhcpdConf?: string;
  /**
   * Where zone journals are read and written (journal-file.ts), each named after its zone
   * file with `.jnl` appended; default named's place: the `journal` option, else beside the
   * zone file.
   */
  journalDir?: string;
}

export interface ServiceOptions extends ServiceFiles {
  dns?: Endpoint;
  dhcp?: Endpoint;
  leasesFile?: string;
  interface?: string;
  /**
   * High availability with a partner (src/dhcp/ha/): `file`, Kea's HA hook parameters as
   * JSON (`labnet serve --ha FILE`); without it a dhcpd.conf `failover peer` declares the pair.
   * `listen` / `partner` override the exchange's addresses (tests on ephemeral ports).
   */
  ha?: { file?: string; listen?: Endpoint; partner?: Endpoint };
  clock?: Clock;
  logger?: Logger;
  /** A tap on the DNS request path (the test kit's faults and query log). */
  dnsTap?: QueryTap;
  /** A tap on the DHCP packet path (the test kit's faults and lease events). */
  dhcpTap?: DhcpTap;
  /** The level of the DHCP server's per-packet lines (default 'info'). */
  dhcpPacketLogLevel?: 'info' | 'debug';
  /** Run dhcpd.conf `execute` programs (`labnet serve --allow-execute`); default: never. */
  allowExecute?: boolean;
  /** `labnet up`: leases registered in the served zones with this key (lab-ddns.ts). */
  labDdns?: LabDdns;
  /** The addresses and networks named.conf's localhost and localnets match (default: the host's). */
  aclLocal?: Pick<AclEnv, 'localhost' | 'localnets'>;
  /** Uniform 32-bit integers for rrset-order (default: crypto). */
  random32?: () => number;
  /** Every NOTIFY sent, answered, timed out or dropped (notifier.ts). */
  notifyObserver?: (e: NotifyEvent) => void;
  /** What the secondary zones do: loads, checks, transfers, expiry, NOTIFYs received (secondary-zone.ts). */
  secondaryObserver?: (e: SecondaryEvent & { view?: string }) => void;
  /**
   * Queries answered by `count` worker processes (dns/workers/pool.ts; `labnet serve
   * --dns-workers N`), this process keeping the state; 1 or absent: this process answers.
   * `counts`: the workers count queries for /metrics (and log each with `querylog`).
   */
  dnsWorkers?: { count: number; counts?: { querylog: boolean }; logLevel?: string };
}

export interface Services {
  dns?: DnsServer;
  /** The DNS worker processes, when queries are answered by workers (ServiceOptions.dnsWorkers). */
  dnsWorkers?: DnsWorkerPool;
  dhcp?: DhcpServer;
  /** The dhcpd.conf serving now. */
  dhcpConfig(): DhcpConfig | undefined;
  /**
   * Re-reads every file. A bad named.conf or dhcpd.conf keeps all the old data; a bad zone
   * file keeps that zone's previous version (the rest is swapped in). Returns the errors.
   */
  reload(): Promise<string | undefined>;
  /** The served zones' journals: runtime changes are appended here before they serve. */
  journals: ZoneJournals;
  close(): Promise<void>;
}

/** How loadZones reports what it met. */
export interface ZoneLoadReport {
  /** Warnings, `FILE:LINE:COL: message`. */
  warn?: (message: string) => void;
  /** A zone that did not load, with its `FILE:LINE:COL: message`. */
  zoneError?: (zone: string, error: string) => void;
  /**
   * The zones serving now (a reload): a zone that fails to load keeps its previous
   * version here, as BIND keeps serving a zone whose new file is broken.
   */
  previous?: ZoneSet;
  /** Filled with each loaded zone's journal path (a zone of each view its own). */
  journals?: Map<Zone, string>;
  /** The named.conf's model, once it has loaded (its keys and update access, update-conf.ts). */
  model?: (model: NamedConfModel) => void;
}

/** How the views of a named.conf are built at load (conf-views.ts). */
export interface ViewsEnv {
  /** The host's addresses and networks (localhost, localnets); default os.networkInterfaces()'s. */
  local?: Pick<AclEnv, 'localhost' | 'localnets'>;
  /** Uniform 32-bit integers (rrset-order); default crypto. */
  random32?: () => number;
  /** The views serving now (a reload): a zone that fails to load keeps its previous version in its view. */
  previous?: ViewSet;
  /** The start of rate limiting for a client (named's rate-limit log category). */
  onRateLimit?: ConfViewsInput['onRateLimit'];
  /**
   * The zone to serve for a secondary zone statement (the running secondary's,
   * secondary/secondaries.ts); without it a secondary zone is a failed zone (SERVFAIL).
   */
  secondary?: (entry: SecondaryConfEntry) => Zone;
  /** TSIG keys every view knows besides the named.conf's (the lab's DDNS key). */
  addedKeys?: ConfViewsInput['addedKeys'];
}

/** What the files serve: all zones (the first view's, with views) and the named.conf's views. */
export interface LoadedServing {
  zoneSet?: ZoneSet;
  views?: ViewSet;
  /** named.conf `options { answer-cookie }` (read at start; named needs a restart for it too). */
  answerCookie?: boolean;
  /** named.conf `options { cookie-secret ...; }` as keys, and `require-server-cookie`. */
  cookieSecrets?: Buffer[];
  requireServerCookie?: boolean;
}

const cryptoRandom32 = (): number => randomBytes(4).readUInt32BE(0);

/**
 * Loads every zone the files name, and a named.conf's views (each with its zones, the
 * `--zone` extras added to every view). A zone file that fails to load is reported and
 * becomes a failed zone (SERVFAIL at and under it), or keeps its previous version; the other
 * zones serve (named's behaviour). Throws LocatedError on a bad named.conf.
 */
export function loadServing(files: ServiceFiles, report: ZoneLoadReport = {}, env: ViewsEnv = {}): LoadedServing {
  /** The zone to serve in place of `origin`'s failed load. */
  const fallback = (failed: Zone, previous: ZoneSet | undefined): Zone => {
    report.zoneError?.(failed.origin, failed.loadError!);
    const before = previous?.find(failed.origin);
    return before && before.loadError === undefined && nameKey(before.origin) === nameKey(failed.origin) ? before : failed;
  };
  const journalOf = (zoneFile: string, namedJournal: string) =>
    files.journalDir === undefined ? namedJournal : join(files.journalDir, basename(defaultJournalPath(zoneFile)));
  const extra: Zone[] = [];
  const journals = new Map<Zone, string>();
  for (const z of files.zones ?? []) {
    const journal = journalOf(z.file, defaultJournalPath(z.file));
    try {
      const zone = loadZoneFile(z.origin, z.file, { includeBase: dirname(z.file), journal, warn: (w) => report.warn?.(`${w.file}:${w.line}:${w.col}: ${w.message}`) });
      extra.push(zone);
      journals.set(zone, journal);
    } catch (e) {
      if (!(e instanceof LocatedError)) throw e;
      extra.push(fallback(failedZone(z.origin, e.format()), report.previous));
    }
  }
  /** The journals of the zones in `sets` (every view's: each takes updates of its own). */
  const reportJournals = (...sets: (ZoneSet | undefined)[]) => {
    for (const z of sets.flatMap((set) => set?.zones ?? [])) {
      const j = journals.get(z);
      if (j !== undefined) report.journals?.set(z, j);
    }
  };
  if (!files.namedConf) {
    const zoneSet = extra.length ? createZoneSet(extra) : undefined;
    reportJournals(zoneSet);
    return zoneSet ? { zoneSet } : {};
  }
  const conf = loadNamedConf(files.namedConf, { keepGoing: true, journal: journalOf });
  for (const w of conf.warnings) report.warn?.(w);
  report.model?.(conf.model);
  for (const [z, j] of conf.journals) journals.set(z, j);
  const secondaries = secondaryConfs(conf.model, confBaseDir(files.namedConf, conf.model.options.directory), env.local ?? localAddresses(networkInterfaces()));
  const secondaryZones = (view: string | undefined): Zone[] =>
    secondaries.filter((e) => e.view === (view ?? DEFAULT_VIEW)).map((e) => env.secondary?.(e) ?? failedZone(e.conf.origin, `${e.zone.location.file}:${e.zone.location.line}:${e.zone.location.col}: secondary zone '${e.zone.name}' not served here`));
  const previousOf = (name: string | undefined) =>
    env.previous?.views.find((v) => v.name === (name ?? DEFAULT_VIEW))?.zones ?? report.previous;
  const zonesOf = (name: string | undefined): ZoneSet => {
    const own = name === undefined ? conf.zones : (conf.views.find((v) => v.name === name)?.zones ?? []);
    const prev = previousOf(name);
    return createZoneSet([...own.map((z) => (z.loadError === undefined ? z : fallback(z, prev))), ...secondaryZones(name), ...extra]);
  };
  const views = buildViewSet({ model: conf.model, zonesOf, local: env.local ?? localAddresses(networkInterfaces()), random32: env.random32 ?? cryptoRandom32, onRateLimit: env.onRateLimit, addedKeys: env.addedKeys });
  const first = views.views[0]?.zones;
  const out: LoadedServing = { zoneSet: first && (first.zones.length || first.failed.length) ? first : undefined, views };
  reportJournals(...views.views.map((v) => v.zones));
  // A secondary's journal holds the IXFRs it received: what IXFRs from here are answered from.
  for (const e of secondaries) {
    const z = views.views.find((v) => v.name === e.view)?.zones.find(e.conf.origin);
    if (e.conf.journal !== undefined && z && nameKey(z.origin) === nameKey(e.conf.origin)) report.journals?.set(z, e.conf.journal);
  }
  const o = conf.model.options;
  if (o.answerCookie !== undefined) out.answerCookie = o.answerCookie;
  if (o.cookieSecrets !== undefined) out.cookieSecrets = o.cookieSecrets.map((h) => Buffer.from(h, 'hex'));
  if (o.requireServerCookie !== undefined) out.requireServerCookie = o.requireServerCookie;
  return out;
}

/**
 * Loads every zone the files name into one ZoneSet (with views, the first view's); see
 * loadServing for the named.conf's views.
 */
export function loadZones(files: ServiceFiles, report: ZoneLoadReport = {}): ZoneSet | undefined {
  return loadServing(files, report).zoneSet;
}

export async function startServices(opts: ServiceOptions): Promise<Services> {
  const logger = opts.logger ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  // Dynamic updates as the named.conf allows them (keys, allow-update, update-policy); a reload re-reads them.
  const local = localAddresses(networkInterfaces());
  let updateConf: ReturnType<typeof updateOptionsFromConf> | undefined;
  let model: NamedConfModel | undefined;
  const zoneReport = (previous?: ZoneSet, errors: string[] = [], journals?: Map<Zone, string>): ZoneLoadReport => ({
    model: (m) => {
      model = m;
      updateConf = updateOptionsFromConf(m, local);
    },
    warn: (w) => logger.warn(w),
    zoneError: (zone, error) => {
      errors.push(error);
      // named: "zone NAME/IN: loading from master file FILE failed: ...; not loaded due to errors".
      const kept = previous?.find(zone)?.loadError === undefined && previous?.find(zone) !== undefined;
      logger.error({ zone, err: error }, kept ? 'zone failed to load; its previous version keeps serving' : 'zone not loaded due to errors; answering SERVFAIL for it');
    },
    previous,
    journals,
  });
  /** One line per zone (re)loaded, as named logs `zone NAME/IN: loaded serial N`; a zone kept from before is not. */
  const logLoaded = (next: ZoneSet | undefined, previous?: ZoneSet) => {
    for (const z of next?.zones ?? []) if (!previous?.zones.includes(z)) logger.info({ zone: z.origin, serial: z.serial, records: z.recordCount }, `zone ${z.origin.replace(/(.)\.$/, '$1')}/IN: loaded serial ${z.serial}`);
  };
  const journalPaths = new Map<Zone, string>();
  let dns: DnsServer | undefined;
  // Secondary zones (RFC 1034 4.3.5, RFC 1996): refreshed from their primaries, swapped into the server.
  const secondaries = createSecondaries({
    host: opts.dns?.address ?? '127.0.0.1', clock, logger, observe: opts.secondaryObserver,
    random: opts.random32 ? () => opts.random32!() / 2 ** 32 : Math.random,
    swap: (z, view) => {
      // The new version keeps the secondary's journal (what IXFRs from here are answered from).
      const old = dns?.zonesOf(view ?? DEFAULT_VIEW)?.find(z.origin);
      if (old && nameKey(old.origin) === nameKey(z.origin)) journals.follow(old, z);
      dns?.replaceZone(z, view);
    },
  });
  const viewsEnv: ViewsEnv = { local: opts.aclLocal ?? local, random32: opts.random32, onRateLimit: rateLimitLog(logger), secondary: (e) => secondaries.zoneFor(e.conf, e.view), addedKeys: opts.labDdns && [opts.labDdns.key] };
  let served = loadServing(opts, zoneReport(undefined, [], journalPaths), viewsEnv);
  let zoneSet = served.zoneSet;
  logLoaded(zoneSet);
  const journals = new ZoneJournals();
  journals.setPaths(journalPaths);
  // Host names in the dhcpd.conf resolve from the zones served here (zone-hosts.ts).
  let config = opts.dhcpdConf ? loadDhcpdConf(opts.dhcpdConf, { resolveHost: zoneHostResolver(zoneSet) }) : undefined;
  if (config) reportDhcpConfig(config, logger);
  const haFile = opts.ha?.file;
  const haConfig = config && (haFile ? haConfigFromJson(readFileSync(haFile, 'utf8'), haFile) : haConfigFromDhcpdConf(config));

  let dhcp: DhcpServer | undefined;
  let dnsWorkers: DnsWorkerPool | undefined;
  // NOTIFY (RFC 1996) to each changed zone's NS targets and also-notify (notifier.ts).
  const notifier = createNotifier({
    host: opts.dns?.address ?? '127.0.0.1', clock, logger, observe: opts.notifyObserver,
    conf: (z, view) => notifyConfOf(model, z.origin, view),
  });
  try {
    if (zoneSet) {
      const lab = opts.labDdns;
      const update: UpdateServiceOptions = {
        keys: (n) => (lab && nameKey(n) === lab.key.name ? lab.key : updateConf?.keys?.(n)),
        access: (o, view) => (lab ? accessWithLabKey(updateConf?.access?.(o, view), lab) : updateConf?.access?.(o, view)),
        aclEnv: () => updateConf?.aclEnv?.() ?? { acls: new Map(), ...local },
        // Journaled before the new zone serves (journal-file.ts), as named does.
        observer: { changed: (_name, old, next, changes) => void journals.record(old, next, changedNames(changes)) },
      };
      const cookies =
        served.answerCookie === undefined && served.cookieSecrets === undefined && served.requireServerCookie === undefined
          ? undefined
          : {
              ...(served.answerCookie === undefined ? {} : { answer: served.answerCookie }),
              ...(served.cookieSecrets === undefined ? {} : { secrets: served.cookieSecrets }),
              ...(served.requireServerCookie === undefined ? {} : { requireServerCookie: served.requireServerCookie }),
            };
      const workers = opts.dnsWorkers && opts.dnsWorkers.count > 1 ? opts.dnsWorkers : undefined;
      // Workers and this process answer with one cookie secret: a server cookie one made, any accepts (RFC 7873 7.2.2).
      const sharedCookies = workers ? { ...cookies, secrets: cookies?.secrets ?? [randomBytes(16)] } : cookies;
      dnsWorkers = workers && createDnsWorkerPool({
        count: workers.count,
        host: opts.dns?.address ?? '127.0.0.1',
        port: opts.dns?.port ?? 0,
        logger,
        viewsConfig: () => (served.views && model ? { model, local: opts.aclLocal ?? local } : undefined),
        init: { cookies: sharedCookies, counts: workers.counts, logLevel: workers.logLevel ?? logger.level },
      });
      dns = await startDnsServer({
        zones: zoneSet, views: served.views, cookies: sharedCookies, host: opts.dns?.address, port: opts.dns?.port, logger, clock, tap: opts.dnsTap, update,
        external: dnsWorkers,
        transfers: { journal: (zone) => journals.transactions(zone) },
        onZonesChanged: (old, next, view) => notifier.zonesChanged(old, next, view),
        notify: (req) => secondaries.notify(req),
      });
      secondaries.start();
    }
    if (config && opts.labDdns && dns) config = withLabDdns(config, opts.labDdns, zoneSet, dns.address);
    if (config) {
      dhcp = await startDhcpServer({
        config,
        // Updates to labnet's own DNS server are signed on the clock it checks TSIG times with.
        ddns: dns ? { port: dns.address.port, wallClock: clock } : undefined,
        host: opts.dhcp?.address,
        port: opts.dhcp?.port,
        leasesFile: opts.leasesFile,
        interface: opts.interface,
        clock,
        logger,
        tap: opts.dhcpTap,
        packetLogLevel: opts.dhcpPacketLogLevel,
        allowExecute: opts.allowExecute,
        ...(haConfig ? { ha: { config: haConfig, listen: opts.ha?.listen, partner: opts.ha?.partner } } : {}),
      });
    }
  } catch (e) {
    notifier.close();
    secondaries.close();
    await dns?.close();
    throw e;
  }

  return {
    dns,
    dnsWorkers,
    dhcp,
    dhcpConfig: () => config,
    async reload() {
      try {
        const zoneErrors: string[] = [];
        const nextJournals = new Map<Zone, string>();
        const next = dns ? loadServing(opts, zoneReport(zoneSet, zoneErrors, nextJournals), { ...viewsEnv, previous: served.views }) : undefined;
        const nextZones = next?.zoneSet;
        const nextConfig = dhcp && opts.dhcpdConf ? loadDhcpdConf(opts.dhcpdConf, { resolveHost: zoneHostResolver(nextZones ?? zoneSet) }) : undefined;
        if (dns && next && nextZones) {
          served = next;
          logLoaded(nextZones, zoneSet);
          dnsWorkers?.reconfigured();
          dns.reload((zoneSet = nextZones), next.views);
          journals.setPaths(nextJournals);
          secondaries.sweep();
        }
        if (dhcp && nextConfig) {
          reportDhcpConfig(nextConfig, logger);
          dhcp.reload((config = opts.labDdns && dns ? withLabDdns(nextConfig, opts.labDdns, nextZones ?? zoneSet, dns.address) : nextConfig));
        }
        // Answered once every DNS worker serves the new data.
        await dnsWorkers?.settled();
        logger.info('reloaded');
        return zoneErrors.length ? zoneErrors.join('\n') : undefined;
      } catch (e) {
        const text = e instanceof Error && 'format' in e ? (e as { format(): string }).format() : String(e);
        logger.error({ err: text }, 'reload failed; the previous data keeps serving');
        return text;
      }
    },
    journals,
    async close() {
      notifier.close();
      secondaries.close();
      await Promise.all([dns?.close(), dhcp?.close()]);
      journals.close();
    },
  };
}
