/**
 * A DNS worker process (pool.ts): started by node:cluster, it takes its data from the
 * primary over IPC (protocol.ts), listens on the primary's shared sockets and answers the
 * standard queries (route.ts); every other message goes to the primary and its answer is
 * sent from here. Each change (sync) is applied between two queries and acknowledged.
 */
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../util/logger.js';
import type { Zone, ZoneSet } from '../../zones/zone-types.js';
import { createZoneSet } from '../../zones/zoneset.js';
import { buildViewSet, DEFAULT_VIEW } from '../conf-views.js';
import type { ViewSet } from '../views.js';
import { QueryCounts } from '../query-counts.js';
import { rateLimitLog } from '../rrl-log.js';
import { startDnsServer, type DnsServer } from '../server.js';
import type { FromWorker, InitMessage, SyncMessage, ToWorker, ViewsConfig } from './protocol.js';
import { answeredByWorker } from './route.js';
import { zoneFromCopy } from './zone-copy.js';

if (!cluster.isWorker) throw new Error('worker-main: run by the DNS worker pool (node:cluster) only');

const send = (m: FromWorker): void => {
  if (process.connected) process.send!(m);
};
let logger = createLogger({ name: 'labnet-dns-worker' });
const zones = new Map<number, Zone>();
/** The zone set of each view (key: the view's name, '' without views) and the zone numbers it was built from. */
let sets = new Map<string, { ids: string; set: ZoneSet }>();
let viewsConfig: ViewsConfig | null = null;
let views: ViewSet | undefined;
let server: DnsServer | undefined;
let counts: QueryCounts | undefined;
const waiting = new Map<number, (r: Buffer[] | null) => void>();
let nextForward = 1;
const random32 = (): number => randomBytes(4).readUInt32BE(0);

/** Applies a change: the zone sets (unchanged ones kept, and with them their answer caches), the views. */
function apply(m: SyncMessage): { zones: ZoneSet; views?: ViewSet } {
  for (const [id, copy] of m.zones) zones.set(id, zoneFromCopy(copy));
  const next = new Map<string, { ids: string; set: ZoneSet }>();
  const used = new Set<number>();
  for (const s of m.sets) {
    const key = s.view ?? '';
    const ids = s.ids.join(',');
    const prev = sets.get(key);
    s.ids.forEach((id) => used.add(id));
    next.set(key, prev && prev.ids === ids ? prev : { ids, set: createZoneSet(s.ids.map((id) => zones.get(id)!)) });
  }
  for (const id of zones.keys()) if (!used.has(id)) zones.delete(id);
  sets = next;
  const setOf = (name: string): ZoneSet => sets.get(name)?.set ?? createZoneSet([]);
  if (m.views !== undefined) {
    viewsConfig = m.views;
    views = viewsConfig
      ? buildViewSet({ model: viewsConfig.model, local: viewsConfig.local, zonesOf: (name) => setOf(name ?? DEFAULT_VIEW), random32, onRateLimit: rateLimitLog(logger) })
      : undefined;
  } else if (views) {
    views = { ...views, views: views.views.map((v) => (v.zones === setOf(v.name) ? v : { ...v, zones: setOf(v.name) })) };
  }
  return views ? { zones: views.views[0]?.zones ?? createZoneSet([]), views } : { zones: setOf('') };
}

function forward(msg: Buffer, transport: 'udp' | 'tcp', client: string | undefined, local: string | undefined): Promise<Buffer[] | null> {
  const id = nextForward++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    send({ t: 'forward', id, msg, transport, client, local });
  });
}

async function init(m: InitMessage): Promise<void> {
  logger = createLogger({ name: 'labnet-dns-worker', level: m.logLevel });
  const serving = apply(m.sync);
  counts = m.counts ? new QueryCounts() : undefined;
  try {
    server = await startDnsServer({
      zones: serving.zones,
      views: serving.views,
      host: m.host,
      port: m.port,
      shared: true,
      cookies: m.cookies,
      tcpIdleTimeoutMs: m.tcpIdleTimeoutMs,
      tcpClients: m.tcpClients,
      cacheSize: m.cacheSize,
      logger,
      tap: counts?.tap({ logger, querylog: m.counts?.querylog }),
      delegate: { wants: (msg) => !answeredByWorker(msg), send: forward },
    });
  } catch (e) {
    send({ t: 'failed', error: (e as Error).message, code: (e as NodeJS.ErrnoException).code });
    process.exit(1);
  }
  send({ t: 'ack', gen: m.sync.gen });
  send({ t: 'listening', address: server.address.address, port: server.address.port });
}

// One message at a time, in order: a change that arrives while the server starts waits for it.
let queue: Promise<void> = Promise.resolve();
process.on('message', (m: ToWorker) => {
  if (m.t === 'reply') {
    const r = waiting.get(m.id);
    waiting.delete(m.id);
    r?.(m.replies);
    return;
  }
  queue = queue.then(async () => {
    switch (m.t) {
      case 'init':
        return init(m);
      case 'sync': {
        const serving = apply(m);
        server?.reload(serving.zones, serving.views);
        send({ t: 'ack', gen: m.gen });
        return;
      }
      case 'stats': {
        const s = server?.stats();
        send({ t: 'stats', id: m.id, stats: { pid: process.pid, queries: s?.queries ?? 0, rateDropped: s?.rateDropped ?? 0, rateSlipped: s?.rateSlipped ?? 0, tcpConnections: s?.tcpConnections ?? 0, counts: counts?.snapshot() } });
        return;
      }
      case 'close':
        await server?.close();
        process.exit(0);
    }
  });
});
// Ctrl-C and a terminal's hangup reach the whole process group: the primary stops (or
// reloads) and tells the workers; a worker does not act on them itself.
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
// The primary gone: nothing to serve for.
process.on('disconnect', () => process.exit(0));
send({ t: 'ready' });
