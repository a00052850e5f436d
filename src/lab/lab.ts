/**
 * The embeddable lab (GUIDE section 3): the lab's zones and dhcpd.conf served on ephemeral
 * loopback ports, a clock that tests can move, and simulated DHCP clients doing real DORA
 * exchanges over UDP.
 */
import { labDdnsKey } from './lab-ddns.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../util/logger.js';
import { virtualClock, type Clock, type VirtualClock } from '../util/clock.js';
import type { DnsServer } from '../dns/server.js';
import type { DhcpServer } from '../dhcp/server.js';
import { createDhcpClient, type DhcpClient } from './dhcp-client.js';
import { startServices } from './services.js';
import { LabEvents } from './events.js';
import { createZoneSet } from '../zones/zoneset.js';
import { absoluteName } from '../wire/name.js';
import { createZoneEditor, type ZoneEditor } from './zone-editor.js';
import { changedNames } from '../zones/zone-diff.js';
import { DnsFaults, type DnsFault, type DnsFaultSpec } from '../dns/faults.js';
import { QueryLog, type LoggedQuery, type QueryFilter } from '../dns/query-log.js';
import { DhcpFaults, type DhcpFault, type DhcpFaultSpec } from '../dhcp/faults.js';
import { watchLeases } from './lease-events.js';
import { followLease, type FollowingClient } from './lease-timers.js';

export const LAB_FIXTURES_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../fixtures/lab');

export interface LabOptions {
  /** DNS endpoint; default 127.0.0.1 port 0 (ephemeral). `false` to leave DNS out. */
  dns?: { host?: string; port?: number } | false;
  /** DHCP endpoint; default 127.0.0.1 port 0. `false` to leave DHCP out. */
  dhcp?: { host?: string; port?: number } | false;
  /** A clock the lab's servers read; default a virtual clock the test advances. */
  clock?: Clock;
  /** Where leases and zone journals go; default a fresh temporary folder removed on close. */
  stateDir?: string;
  /** Files to serve; default the lab fixtures. */
  namedConf?: string;
  dhcpdConf?: string;
  logger?: Logger;
  /** Queries kept in `lab.dns.queries` (default 10,000). */
  queryLogSize?: number;
  /**
   * Leases registered in the lab's zones as `labnet up` does (lab-ddns.ts: dhcpd's
   * ddns-update-style standard, TSIG with a key in the state folder): a client's names appear
   * at its ACK and go at its release or expiry, on the lab's clock. Default false.
   */
  ddns?: boolean;
}

/** A simulated client; `state` (RFC 2131 figure 5) when it follows its lease (lease-timers.ts). */
export type LabClient = DhcpClient & { readonly state: FollowingClient['state'] | undefined };

/** The lab's DNS server with the test kit's handles. */
export interface LabDns extends DnsServer {
  /**
   * Runtime records for the zone `origin` (src/lab/zone-editor.ts): of the view named `view`
   * (a named.conf with views: each view's zone is its own, with its own journal), by default
   * of the first view.
   */
  zone(origin: string, view?: string): ZoneEditor;
  /** Makes matching queries fail (src/dns/faults.ts); the fault's handle counts and clears it. */
  fault(spec: DnsFaultSpec): DnsFault;
  /** Retires every DNS fault. */
  clearFaults(): void;
  /** The queries the server took, oldest first (bounded; src/dns/query-log.ts). */
  readonly queries: LoggedQuery[];
  /** The oldest matching query not handed out before, or the next to arrive. */
  nextQuery(filter?: QueryFilter, opts?: { timeoutMs?: number }): Promise<LoggedQuery>;
}

/** The lab's DHCP server with the test kit's handles. */
export interface LabDhcp extends DhcpServer {
  /** Drops, delays or NAKs the next packets of a client (src/dhcp/faults.ts). */
  fault(spec: DhcpFaultSpec): DhcpFault;
  /** Retires every DHCP fault. */
  clearFaults(): void;
}

export interface Lab {
  dns: LabDns;
  /** Lease and zone-change events (src/lab/events.ts). */
  events: LabEvents;
  dhcp: LabDhcp;
  /** The clock given, or a virtual one: `advance`, `advanceAsync` and `set` are there for a virtual clock. */
  clock: Clock & Partial<Pick<VirtualClock, 'advance' | 'advanceAsync' | 'set' | 'pendingTimers'>>;
  /**
   * A simulated DHCP client with this MAC, talking to the lab's DHCP server over UDP. With `follow`, the client keeps its lease on the lab's clock: RENEWING at T1, REBINDING
   * at T2, INIT at the end (RFC 2131 4.4.5), as `lab.clock.advanceAsync()` moves it.
   */
  client(mac: string, opts?: { hostname?: string; clientId?: Buffer; timeoutMs?: number; tries?: number; follow?: boolean }): LabClient;
  close(): Promise<void>;
}

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const clock = opts.clock ?? virtualClock(Date.now());
  const ownState = opts.stateDir === undefined;
  const dnsFaults = new DnsFaults(clock);
  const queryLog = new QueryLog(clock, opts.queryLogSize);
  const events = new LabEvents();
  const dhcpFaults = new DhcpFaults();
  const leaseWatcher = watchLeases(events, clock);
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'labnet-lab-'));
  const services = await startServices({
    namedConf: opts.dns === false ? undefined : opts.namedConf ?? join(LAB_FIXTURES_DIR, 'named.conf'),
    dhcpdConf: opts.dhcp === false ? undefined : opts.dhcpdConf ?? join(LAB_FIXTURES_DIR, 'dhcpd.conf'),
    dns: opts.dns === false ? undefined : { address: opts.dns?.host ?? '127.0.0.1', port: opts.dns?.port ?? 0 },
    dhcp: opts.dhcp === false ? undefined : { address: opts.dhcp?.host ?? '127.0.0.1', port: opts.dhcp?.port ?? 0 },
    leasesFile: join(stateDir, 'dhcpd.leases'),
    journalDir: stateDir,
    labDdns: opts.ddns ? labDdnsKey(join(stateDir, 'ddns.key')) : undefined,
    clock,
    logger: opts.logger,
    dnsTap: dnsFaults.tap((msg, transport, client, replies) => queryLog.record(msg, transport, client, replies)),
    dhcpTap: { before: (req) => dhcpFaults.take(req), after: (req, result) => leaseWatcher.after(req, result) },
  });
  const clients: LabClient[] = [];
  const server = services.dns as DnsServer;
  const dns: LabDns = {
    ...server,
    zone: (origin, view) =>
      createZoneEditor(origin, {
        zones: () => (view === undefined ? server.zones() : server.zonesOf(view) ?? createZoneSet([])),
        swap: (zones) => (view === undefined ? server.reload(zones) : server.replaceZone(zones.find(absoluteName(origin))!, view)),
        commit: (old, next, changes) => void services.journals.record(old, next, changedNames(changes)),
        changed: (zone, changes) => events.emit('zone', { zone: zone.origin, serial: zone.serial, changes, at: clock.now() }),
      }),
    fault: (spec) => dnsFaults.add(spec),
    clearFaults: () => dnsFaults.clear(),
    get queries() {
      return queryLog.list();
    },
    nextQuery: (filter, o) => queryLog.next(filter, o?.timeoutMs),
  };
  return {
    dns,
    events,
    dhcp: { ...(services.dhcp as DhcpServer), fault: (spec) => dhcpFaults.add(spec), clearFaults: () => dhcpFaults.clear() },
    clock,
    client(mac, copts = {}) {
      if (!services.dhcp) throw new Error('this lab was started without DHCP');
      const { follow, ...clientOpts } = copts;
      const plain = createDhcpClient({ server: services.dhcp.address, mac, clock, ...clientOpts });
      const c = follow ? followLease(plain, clock) : Object.assign(plain, { state: undefined });
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      dnsFaults.close();
      leaseWatcher.close();
      await services.close();
      if (ownState) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
