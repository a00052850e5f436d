/**
 * What a running labnet tells its control endpoint: the status (endpoints, zones, leases by
 * state, free addresses per pool, the last reload) and the Prometheus metrics (queries by
 * type and rcode, truncated answers, DHCP messages by type, leases by state, free addresses
 * per pool, zone serials, reloads, kernel UDP receive drops). Built from the services and
 * the counters when asked. Also: DNS UPDATEs by zone and rcode, the latency histogram of
 * the lease store's durable commits, and the event loop's delay since the previous scrape.
 */
import type { HaStatus } from '../dhcp/ha/service.js';
import type { Services } from '../lab/services.js';
import { QueryCounts } from '../dns/query-counts.js';
import type { WorkerStats } from '../dns/workers/protocol.js';
import type { LeaseState } from '../dhcp/types.js';
import { poolUsage, type PoolUsage } from '../dhcp/pool-usage.js';
import { readUdpDrops } from '../util/proc-net-udp.js';
import { formatMetrics, type HistogramFamily, type MetricFamily } from '../util/prometheus.js';
import type { Endpoint } from '../util/endpoint.js';
import type { EventLoopDelay } from '../util/event-loop-delay.js';

const LEASE_STATES: readonly LeaseState[] = ['active', 'free', 'released', 'expired', 'abandoned', 'backup'];

export interface ReloadOutcome {
  at: string;
  ok: boolean;
  /** `FILE:LINE:COL: message` lines of what failed (the previous data keeps serving). */
  errors: string[];
}

export interface DaemonState {
  services: Services;
  counts: QueryCounts;
  startedAt: number;
  control?: Endpoint;
  reloads: { ok: number; failed: number; last?: ReloadOutcome };
  /** Extra status (the lab's machines, for `labnet up`). */
  extra?: () => Record<string, unknown>;
  /** The event loop's delay, read (and reset) by each scrape of the metrics. */
  loopDelay?: EventLoopDelay;
}

export interface DaemonStatus {
  pid: number;
  startedAt: string;
  uptimeSeconds: number;
  control: Endpoint | null;
  dns: null | {
    address: Endpoint;
    zones: { origin: string; serial: number; records: number }[];
    failedZones: { origin: string; error: string }[];
    queries: number;
  };
  dhcp: null | {
    address: Endpoint;
    serverId: string;
    leases: Record<LeaseState, number>;
    pools: PoolUsage[];
    /** In an HA pair: this server's state, its partner's, and the exchange's counters. */
    ha?: HaStatus;
  };
  lastReload: ReloadOutcome | null;
  [extra: string]: unknown;
}

function leaseCounts(services: Services): Record<LeaseState, number> {
  const out = Object.fromEntries(LEASE_STATES.map((s) => [s, 0])) as Record<LeaseState, number>;
  for (const l of services.dhcp?.leases() ?? []) out[l.state]++;
  return out;
}

function pools(services: Services): PoolUsage[] {
  const config = services.dhcpConfig();
  return config && services.dhcp ? poolUsage(config, services.dhcp.leases()) : [];
}

/** `workers`: the DNS workers' counters (their queries are added to this process's). */
export function daemonStatus(d: DaemonState, now = Date.now(), workers: readonly WorkerStats[] = []): DaemonStatus {
  const { dns, dhcp } = d.services;
  const zones = dns?.zones();
  return {
    pid: process.pid,
    startedAt: new Date(d.startedAt).toISOString(),
    uptimeSeconds: Math.floor((now - d.startedAt) / 1000),
    control: d.control ?? null,
    dns: dns
      ? {
          address: dns.address,
          zones: (zones?.zones ?? []).map((z) => ({ origin: z.origin, serial: z.serial, records: z.recordCount })),
          failedZones: (zones?.failed ?? []).map((z) => ({ origin: z.origin, error: z.loadError ?? '' })),
          queries: dns.stats().queries + workers.reduce((n, w) => n + w.queries, 0),
        }
      : null,
    dhcp: dhcp ? { address: dhcp.address, serverId: dhcp.serverId, leases: leaseCounts(d.services), pools: pools(d.services), ...(dhcp.ha ? { ha: dhcp.ha.status() } : {}) } : null,
    lastReload: d.reloads.last ?? null,
    ...d.extra?.(),
  };
}

/**
 * The metrics; `workers`: the DNS workers' counters (Services.dnsWorkers stats()), summed
 * with this process's (which counts what it answered for them: UPDATE, NOTIFY, transfers).
 */
export function daemonMetrics(d: DaemonState, workers: readonly WorkerStats[] = []): string {
  const { dns, dhcp } = d.services;
  const all = new QueryCounts();
  all.add(d.counts.snapshot());
  for (const w of workers) if (w.counts) all.add(w.counts);
  const q = all.snapshot();
  const families: (MetricFamily | HistogramFamily)[] = [];
  if (dns) {
    const rate = (k: 'rateDropped' | 'rateSlipped') => dns.stats()[k] + workers.reduce((n, w) => n + w[k], 0);
    families.push(
      { name: 'labnet_dns_queries_total', help: 'DNS queries answered, by question type and response code.', type: 'counter', samples: q.byTypeRcode.map((c) => ({ labels: { type: c.type, rcode: c.rcode }, value: c.count })) },
      { name: 'labnet_dns_updates_total', help: 'DNS UPDATE requests (RFC 2136), by zone and response code.', type: 'counter', samples: q.updates.map((c) => ({ labels: { zone: c.zone, rcode: c.rcode }, value: c.count })) },
      { name: 'labnet_dns_responses_truncated_total', help: 'DNS responses sent with TC set (RFC 1035 4.1.1).', type: 'counter', samples: [{ value: q.truncated }] },
      { name: 'labnet_dns_rate_limited_total', help: 'UDP responses dropped or sent truncated (slipped) by rate-limit, as named counts RateDropped and RateSlipped.', type: 'counter', samples: [{ labels: { action: 'drop' }, value: rate('rateDropped') }, { labels: { action: 'slip' }, value: rate('rateSlipped') }] },
      { name: 'labnet_dns_queries_unanswered_total', help: 'DNS messages taken and not answered (dropped).', type: 'counter', samples: [{ value: q.unanswered }] },
      { name: 'labnet_dns_zone_serial', help: 'SOA serial of each zone served.', type: 'gauge', samples: dns.zones().zones.map((z) => ({ labels: { zone: z.origin }, value: z.serial })) },
      ...(d.services.dnsWorkers
        ? [{ name: 'labnet_dns_worker_queries_total', help: 'DNS queries each worker process answered itself (labnet serve --dns-workers), by process id.', type: 'counter' as const, samples: workers.map((w) => ({ labels: { pid: String(w.pid) }, value: w.queries })) }]
        : []),
      { name: 'labnet_dns_journal_commit_seconds', help: 'Latency of each zone journal transaction (writes and fdatasyncs) made before the change it records is answered or served.', type: 'histogram', samples: [{ histogram: d.services.journals.commitSeconds() }] },
    );
  }
  if (dhcp) {
    const stats = dhcp.stats();
    const counts = leaseCounts(d.services);
    const usage = pools(d.services);
    families.push(
      { name: 'labnet_dhcp_messages_total', help: 'DHCP messages received, by message type.', type: 'counter', samples: Object.entries(stats.byType).map(([type, value]) => ({ labels: { type }, value })) },
      { name: 'labnet_dhcp_leases', help: 'DHCP leases by state.', type: 'gauge', samples: LEASE_STATES.map((state) => ({ labels: { state }, value: counts[state] })) },
      { name: 'labnet_dhcp_pool_addresses', help: 'Addresses in each pool.', type: 'gauge', samples: usage.map((p) => ({ labels: { subnet: p.subnet, range: p.range }, value: p.size })) },
      { name: 'labnet_dhcp_pool_addresses_free', help: 'Free addresses in each pool (neither active nor abandoned).', type: 'gauge', samples: usage.map((p) => ({ labels: { subnet: p.subnet, range: p.range }, value: p.free })) },
      { name: 'labnet_dhcp_journal_syncs_total', help: 'Lease journal write+fdatasync pairs.', type: 'counter', samples: [{ value: stats.journalSyncs }] },
    );
    if (stats.journalSyncSeconds) {
      families.push({ name: 'labnet_dhcp_journal_sync_seconds', help: 'Latency of the lease store durable commits (journal fdatasync; database commit) made before the ACKs they cover.', type: 'histogram', samples: [{ histogram: stats.journalSyncSeconds }] });
    }
  }
  const drops: MetricFamily['samples'] = [];
  for (const [socket, at] of [['dns', dns?.address], ['dhcp', dhcp?.address]] as const) {
    const n = at ? readUdpDrops(at.address, at.port) : undefined;
    if (n !== undefined) drops.push({ labels: { socket }, value: n });
  }
  if (drops.length) families.push({ name: 'labnet_udp_receive_drops', help: 'Datagrams the kernel dropped at the socket (/proc/net/udp drops).', type: 'counter', samples: drops });
  if (d.loopDelay) {
    const r = d.loopDelay.read();
    families.push({
      name: 'labnet_event_loop_delay_seconds',
      help: 'Event loop delay since the previous scrape (perf_hooks.monitorEventLoopDelay): quantiles 0.5 and 0.99, and 1 for the maximum; the time between firings of a 10 ms timer less 10 ms; 0 before a sample.',
      type: 'gauge',
      samples: [{ labels: { quantile: '0.5' }, value: r.p50 }, { labels: { quantile: '0.99' }, value: r.p99 }, { labels: { quantile: '1' }, value: r.max }],
    });
  }
  families.push({ name: 'labnet_reloads_total', help: 'Reloads of the files (SIGHUP, labnet reload), by result.', type: 'counter', samples: [{ labels: { result: 'ok' }, value: d.reloads.ok }, { labels: { result: 'failed' }, value: d.reloads.failed }] });
  return formatMetrics(families);
}
