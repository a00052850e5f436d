/**
 * DNS workers (issue 9): N processes answering queries on the DNS port, the primary process
 * owning everything else. Node 20's dgram has no SO_REUSEPORT; under node:cluster a
 * worker's UDP socket bound without `exclusive` is the primary's one socket, shared (each
 * worker reads datagrams from the same descriptor), and a TCP listener's connections are
 * handed to the workers round robin. The primary listens on neither itself
 * (DnsServerOptions.external).
 *
 * - State: the primary holds the zones, views, journals, UPDATE, NOTIFY, transfers,
 *   secondary zones and reloads. A worker answers standard queries only (route.ts); every
 *   other message is passed to the primary with the client's address and local address,
 *   answered by the primary's server (its tap, views, ACLs, TSIG keys) and the reply sent by
 *   the worker from the shared socket.
 * - Changes: every change of what serves (reload, UPDATE, secondary transfer, runtime edit)
 *   is sent to every worker (sync): the zones of each view, each zone copied once per worker
 *   (zone-copy.ts). A message the primary answered is sent back only once every worker has
 *   applied every change made so far, so a client that got an UPDATE's NOERROR reads the new
 *   data from any worker; settled() gives the same for a reload. A worker's answer cache is
 *   replaced with its zone set, as the primary's is.
 * - Per worker, as separate servers would have them: the answer cache, rate-limit tables
 *   (rate-limit counts what one worker sent), TCP connection limit (tcp-clients per worker),
 *   and query counters (stats() collects them; /metrics sums them).
 * - A worker that exits is started again and given the current data; close() stops every one.
 */
import cluster, { type Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../util/logger.js';
import type { Zone, ZoneSet } from '../../zones/zone-types.js';
import type { ExternalSockets, Serving, ServeOptions } from '../server.js';
import type { FromWorker, InitMessage, SyncMessage, ToWorker, ViewsConfig, WorkerStats } from './protocol.js';
import { copyZone } from './zone-copy.js';

export interface DnsWorkerPoolOptions {
  count: number;
  host: string;
  /** 0: an ephemeral port (the first worker's, then every worker's). */
  port: number;
  /** The named.conf's view settings serving now (undefined: no views); read at start and after reconfigured(). */
  viewsConfig(): ViewsConfig | undefined;
  /** What every worker's server is started with. */
  init: Omit<InitMessage, 't' | 'host' | 'port' | 'sync'>;
  logger: Logger;
}

export interface DnsWorkerPool extends ExternalSockets {
  /** Resolves once every running worker has applied every change made so far. */
  settled(): Promise<void>;
  /** The views' settings changed (a reload): the next change sent carries them. */
  reconfigured(): void;
  /** Every running worker's counters. */
  stats(): Promise<WorkerStats[]>;
  /** The running workers' process ids, by worker number. */
  pids(): number[];
}

interface Slot {
  index: number;
  worker: Worker;
  /** Zone numbers the worker holds. */
  known: Set<number>;
  /** The last change it applied; -1 before its first. */
  acked: number;
  /** Given its data (init): every change is sent to it from then on. */
  inited: boolean;
  listening: boolean;
  needViews: boolean;
}

const STATS_TIMEOUT_MS = 2000;
const CLOSE_TIMEOUT_MS = 5000;

/** The worker's entry: the compiled module beside this one, or under vite-node from the TypeScript sources (tests). */
function workerEntry(): { exec: string; args: string[]; execArgv?: string[] } {
  const here = fileURLToPath(import.meta.url);
  const js = join(dirname(here), 'worker-main.js');
  if (here.endsWith('.js') && existsSync(js)) return { exec: js, args: [] };
  const root = join(dirname(here), '..', '..', '..');
  return { exec: join(root, 'node_modules/vite-node/vite-node.mjs'), args: [join(dirname(here), 'worker-main.ts')], execArgv: [] };
}

export function createDnsWorkerPool(opts: DnsWorkerPoolOptions): DnsWorkerPool {
  const { logger } = opts;
  const slots: (Slot | undefined)[] = [];
  const ids = new WeakMap<Zone, number>();
  let nextZoneId = 1;
  let gen = 0;
  let port = opts.port;
  let closing = false;
  let server: { serve(msg: Buffer, o: ServeOptions): Promise<Buffer[] | null>; serving(): Serving } | undefined;
  let waiters: { gen: number; resolve: () => void }[] = [];
  let nextRequest = 1;
  const statsWaiting = new Map<number, { pending: Set<number>; got: WorkerStats[]; resolve: (s: WorkerStats[]) => void }>();

  const idOf = (z: Zone): number => {
    let id = ids.get(z);
    if (id === undefined) ids.set(z, (id = nextZoneId++));
    return id;
  };
  const setsOf = (s: Serving): { view: string | null; set: ZoneSet }[] =>
    s.views ? s.views.views.map((v) => ({ view: v.name, set: v.zones })) : [{ view: null, set: s.zones }];

  /** The change `gen` for one worker: every view's zone numbers, the zones it lacks. */
  const syncFor = (slot: Slot): SyncMessage => {
    const sets = setsOf(server!.serving()).map(({ view, set }) => ({ view, zones: [...set.zones, ...set.failed] }));
    const zones: SyncMessage['zones'] = [];
    const held = new Set<number>();
    for (const s of sets) {
      for (const z of s.zones) {
        const id = idOf(z);
        if (!slot.known.has(id) && !held.has(id)) zones.push([id, copyZone(z)]);
        held.add(id);
      }
    }
    slot.known = held; // the worker drops the zones no set names
    const msg: SyncMessage = { t: 'sync', gen, sets: sets.map((s) => ({ view: s.view, ids: s.zones.map(idOf) })), zones };
    if (slot.needViews) {
      msg.views = opts.viewsConfig() ?? null;
      slot.needViews = false;
    }
    return msg;
  };

  const send = (slot: Slot, m: ToWorker): void => {
    if (slot.worker.isConnected()) slot.worker.send(m);
  };

  const release = (): void => {
    const live = slots.filter((s): s is Slot => s !== undefined && s.inited);
    waiters = waiters.filter((w) => {
      if (live.some((s) => s.acked < w.gen)) return true;
      w.resolve();
      return false;
    });
  };
  const settled = (): Promise<void> =>
    new Promise((resolve) => {
      waiters.push({ gen, resolve });
      release();
    });

  const onMessage = (slot: Slot, m: FromWorker, started: { resolve: () => void; reject: (e: Error) => void }) => {
    switch (m.t) {
      case 'ready':
        // The port asked for, not the one bound: node:cluster shares a handle between workers
        // asking for the same address and port (0 included), and binds a new one otherwise.
        send(slot, { t: 'init', host: opts.host, port: opts.port, ...opts.init, sync: syncFor(slot) });
        slot.inited = true;
        return;
      case 'listening':
        port = m.port;
        slot.listening = true;
        started.resolve();
        return;
      case 'failed': {
        const e = new Error(m.error) as NodeJS.ErrnoException;
        if (m.code) e.code = m.code;
        started.reject(e);
        return;
      }
      case 'ack':
        slot.acked = Math.max(slot.acked, m.gen);
        release();
        return;
      case 'forward':
        void server!.serve(m.msg, { transport: m.transport, client: m.client, local: m.local }).then(async (replies) => {
          await settled();
          send(slot, { t: 'reply', id: m.id, replies });
        });
        return;
      case 'stats': {
        const w = statsWaiting.get(m.id);
        if (!w) return;
        w.got.push(m.stats);
        w.pending.delete(slot.index);
        if (w.pending.size === 0) {
          statsWaiting.delete(m.id);
          w.resolve(w.got);
        }
        return;
      }
    }
  };

  /** Starts worker `index`; resolves once it listens. */
  const start = (index: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const entry = workerEntry();
      cluster.setupPrimary({ exec: entry.exec, args: entry.args, ...(entry.execArgv ? { execArgv: entry.execArgv } : {}), serialization: 'advanced' });
      const worker = cluster.fork({ LABNET_DNS_WORKER: String(index) });
      const slot: Slot = { index, worker, known: new Set(), acked: -1, inited: false, listening: false, needViews: true };
      slots[index] = slot;
      let settledStart = false;
      const started = {
        resolve: () => {
          if (!settledStart) (settledStart = true), resolve();
        },
        reject: (e: Error) => {
          if (!settledStart) (settledStart = true), reject(e);
        },
      };
      worker.on('message', (m: FromWorker) => onMessage(slot, m, started));
      worker.on('exit', (code, signal) => {
        if (slots[index] === slot) slots[index] = undefined;
        for (const [id, w] of statsWaiting) {
          if (w.pending.delete(index) && w.pending.size === 0) {
            statsWaiting.delete(id);
            w.resolve(w.got);
          }
        }
        release();
        if (!settledStart) return started.reject(new Error(`DNS worker ${index} exited before listening (code ${code}, signal ${signal})`));
        if (closing) return;
        logger.warn({ worker: index, pid: worker.process.pid, code, signal }, 'DNS worker exited; starting it again');
        start(index).catch((e: Error) => logger.error({ worker: index, err: e.message }, 'DNS worker did not start again'));
      });
    });

  const closeAll = async (): Promise<void> => {
    closing = true;
    await Promise.all(
      slots.map(
        (slot) =>
          slot &&
          new Promise<void>((resolve) => {
            if (slot.worker.isDead()) return resolve();
            const t = setTimeout(() => slot.worker.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
            slot.worker.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            if (slot.worker.isConnected()) send(slot, { t: 'close' });
            else slot.worker.kill();
          }),
      ),
    );
  };

  return {
    async open(s) {
      server = s;
      try {
        await start(0); // the first fixes the port (an ephemeral one: the same for UDP and TCP)
        await Promise.all(Array.from({ length: opts.count - 1 }, (_, i) => start(i + 1)));
      } catch (e) {
        await closeAll();
        throw e;
      }
      logger.info({ address: { address: opts.host, port }, workers: opts.count }, 'DNS server listening (UDP and TCP) in worker processes');
      return { address: opts.host, port };
    },
    changed() {
      if (!server) return;
      gen++;
      for (const slot of slots) if (slot?.inited) send(slot, syncFor(slot));
    },
    reconfigured() {
      for (const slot of slots) if (slot) slot.needViews = true;
    },
    settled,
    stats() {
      const live = slots.filter((s): s is Slot => s !== undefined && s.listening && s.worker.isConnected());
      if (live.length === 0) return Promise.resolve([]);
      const id = nextRequest++;
      return new Promise((resolve) => {
        statsWaiting.set(id, { pending: new Set(live.map((s) => s.index)), got: [], resolve });
        setTimeout(() => {
          const w = statsWaiting.get(id);
          if (!w) return;
          statsWaiting.delete(id);
          w.resolve(w.got);
        }, STATS_TIMEOUT_MS).unref();
        for (const s of live) send(s, { t: 'stats', id });
      });
    },
    pids: () => slots.map((s) => s?.worker.process.pid ?? 0),
    close: closeAll,
  };
}
