/**
 * The messages between the primary process and its DNS workers (pool.ts, worker-main.ts),
 * over node:cluster's IPC channel with `serialization: 'advanced'` (structured clone:
 * Buffers, Maps and typed arrays pass as they are). Zones go as plain data (zone-copy.ts),
 * each once per worker: a sync names the zones of every view by number and carries only
 * the ones that worker does not hold yet.
 */
import type { AclEnv } from '../acl.js';
import type { CookieOptions } from '../handler.js';
import type { NamedConfModel } from '../../zones/named-conf/model.js';
import type { QueryCountsSnapshot } from '../query-counts.js';
import type { ZoneCopy } from './zone-copy.js';

/** How a worker's views are built (conf-views.ts buildViewSet): the named.conf's model, the host's addresses. */
export interface ViewsConfig {
  model: NamedConfModel;
  local: Pick<AclEnv, 'localhost' | 'localnets'>;
}

export interface SyncMessage {
  t: 'sync';
  /** Increases with every change; the worker's ack names it. */
  gen: number;
  /** The zones (loaded and failed) of each view by number: `view` null without views. */
  sets: { view: string | null; ids: number[] }[];
  /** The zones in `sets` this worker does not hold yet. */
  zones: [number, ZoneCopy][];
  /** Present at start and when a reload brought new views (undefined: keep the views' settings). */
  views?: ViewsConfig | null;
}

export interface InitMessage {
  t: 'init';
  host: string;
  port: number;
  cookies?: CookieOptions;
  tcpIdleTimeoutMs?: number;
  tcpClients?: number;
  cacheSize?: number;
  /** Count queries for /metrics (QueryCounts), and log each with `querylog`. */
  counts?: { querylog: boolean };
  logLevel?: string;
  sync: SyncMessage;
}

/** Primary to worker. */
export type ToWorker =
  | InitMessage
  | SyncMessage
  | { t: 'reply'; id: number; replies: Buffer[] | null }
  | { t: 'stats'; id: number }
  | { t: 'close' };

export interface WorkerStats {
  pid: number;
  queries: number;
  rateDropped: number;
  rateSlipped: number;
  tcpConnections: number;
  counts?: QueryCountsSnapshot;
}

/** Worker to primary. */
export type FromWorker =
  | { t: 'ready' }
  | { t: 'listening'; address: string; port: number }
  | { t: 'failed'; error: string; code?: string }
  | { t: 'ack'; gen: number }
  | { t: 'forward'; id: number; msg: Buffer; transport: 'udp' | 'tcp'; client: string | undefined; local: string | undefined }
  | { t: 'stats'; id: number; stats: WorkerStats };
