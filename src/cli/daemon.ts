/**
 * A running labnet (`labnet serve`, `labnet up`): the servers, the logs, the control endpoint
 * and the signals. Logs: one line per lease event (granted, renewed, released, declined,
 * expired) and per zone (re)load; dhcpd's per-packet lines at debug; one per query only
 * with `querylog`. SIGHUP (and POST /reload) reloads the files atomically, a broken file
 * reported with FILE:LINE:COL while the old data keeps serving. SIGTERM and SIGINT stop
 * taking packets, let the lease journal flush, close every socket and resolve with 0.
 */
import type { Logger } from '../util/logger.js';
import { createLogger } from '../util/logger.js';
import { startServices, type ServiceOptions, type Services } from '../lab/services.js';
import { LabEvents } from '../lab/events.js';
import { watchLeases } from '../lab/lease-events.js';
import { systemClock } from '../util/clock.js';
import { QueryCounts } from '../dns/query-counts.js';
import type { Endpoint } from '../util/endpoint.js';
import { startControlServer, type ControlServer } from './control-server.js';
import { daemonMetrics, daemonStatus, type DaemonState, type ReloadOutcome } from './daemon-report.js';
import { leaseRows } from './lease-rows.js';
import { startEventLoopDelay } from '../util/event-loop-delay.js';

/** What a command adds once the servers serve: the text to print, status fields, its own teardown. */
export interface Attachment {
  text: string;
  status?: () => Record<string, unknown>;
  close?: () => Promise<void>;
}

export interface DaemonOptions {
  services: ServiceOptions;
  logLevel?: string;
  /** One log line per query (named's querylog). */
  querylog?: boolean;
  /** Worker processes answering DNS queries (`--dns-workers`; ServiceOptions.dnsWorkers); default 1, this process. */
  dnsWorkers?: number;
  /** The control endpoint (loopback, or anywhere with a token), when wanted. */
  control?: Endpoint;
  /** The bearer token every control request must carry (`--control-token-file`). */
  controlToken?: string;
  /** Runs once the servers serve (and the control endpoint listens). */
  attach(services: Services, ctx: { logger: Logger; control?: Endpoint }): Promise<Attachment>;
  /** After the control endpoint listens and before attach: e.g. write the state file `labnet status` finds. */
  announce?(services: Services, control: Endpoint | undefined): void;
  /** At stop, after every socket closed. */
  stopped?(): void;
}

function leaseLine(logger: Logger, events: LabEvents): void {
  events.on('lease', (e) => {
    const who = e.lease.clientHostname ? `${e.mac} (${e.lease.clientHostname})` : e.mac;
    const until = e.kind === 'granted' || e.kind === 'renewed' ? `, until ${new Date(e.lease.ends).toISOString()}` : '';
    logger.info({ lease: e.kind, ip: e.ip, mac: e.mac }, `lease ${e.kind}: ${e.ip} ${e.kind === 'granted' || e.kind === 'renewed' ? 'to' : 'from'} ${who}${until}`);
  });
}

/** Runs until SIGTERM/SIGINT; resolves with the exit code. */
export async function runDaemon(opts: DaemonOptions): Promise<number> {
  // The signals are taken from the start: a SIGTERM during the start stops cleanly once it is done.
  let reload: (() => Promise<ReloadOutcome>) | undefined;
  let signalled: (name: string) => void = () => {};
  const stopRequested = new Promise<string>((resolve) => (signalled = resolve));
  const onHup = () => void reload?.();
  const onInt = () => signalled('SIGINT');
  const onTerm = () => signalled('SIGTERM');
  process.on('SIGHUP', onHup);
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  const release = () => {
    process.off('SIGHUP', onHup);
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
  try {
    return await serve(opts, stopRequested, (r) => (reload = r));
  } finally {
    release();
  }
}

async function serve(opts: DaemonOptions, stopRequested: Promise<string>, setReload: (r: () => Promise<ReloadOutcome>) => void): Promise<number> {
  const logger = createLogger({ level: opts.logLevel });
  const clock = opts.services.clock ?? systemClock;
  const counts = new QueryCounts();
  const events = new LabEvents();
  // The taps cost per packet (and a timer per lease): only when something reads them,
  // the control endpoint's metrics, the query log, the lease lines at info.
  const leaseLines = logger.isLevelEnabled('info');
  const leases = watchLeases(events, clock);
  if (leaseLines) leaseLine(logger, events);
  const services = await startServices({
    ...opts.services,
    // The workers count their queries (and log them) where this process would.
    ...(opts.dnsWorkers ? { dnsWorkers: { count: opts.dnsWorkers, counts: opts.control || opts.querylog ? { querylog: opts.querylog === true } : undefined, logLevel: opts.logLevel } } : {}),
    clock,
    logger,
    dnsTap: opts.control || opts.querylog ? counts.tap({ logger, querylog: opts.querylog }) : undefined,
    dhcpTap: leaseLines ? { after: (req, result) => leases.after(req, result) } : undefined,
    dhcpPacketLogLevel: 'debug',
  });
  // The loop's delay is sampled only when the metrics can be read.
  const loop = opts.control ? startEventLoopDelay() : undefined;
  const state: DaemonState = { services, counts, startedAt: clock.now(), reloads: { ok: 0, failed: 0 }, loopDelay: loop?.delay };

  let reloading: Promise<ReloadOutcome> = Promise.resolve({ at: '', ok: true, errors: [] });
  /** Reloads one at a time (SIGHUP and /reload may cross). */
  const reload = () =>
    (reloading = reloading.then(async () => {
      const err = await services.reload();
      const outcome = { at: new Date(clock.now()).toISOString(), ok: err === undefined, errors: err === undefined ? [] : err.split('\n') };
      state.reloads[outcome.ok ? 'ok' : 'failed']++;
      state.reloads.last = outcome;
      return outcome;
    }));
  setReload(reload);

  let control: ControlServer | undefined;
  let attached: Attachment | undefined;
  const stop = async () => {
    await control?.close();
    await attached?.close?.();
    await services.close();
    leases.close();
    loop?.stop();
    opts.stopped?.();
  };
  try {
    if (opts.control) {
      control = await startControlServer(opts.control, {
        status: async () => daemonStatus(state, clock.now(), (await services.dnsWorkers?.stats()) ?? []),
        leases: () => leaseRows(services.dhcp?.leases() ?? []),
        reload,
        metrics: async () => daemonMetrics(state, (await services.dnsWorkers?.stats()) ?? []),
      }, { token: opts.controlToken });
      state.control = control.address;
      logger.info({ address: control.address }, 'control endpoint listening (HTTP: /status /leases /reload /metrics)');
    }
    opts.announce?.(services, control?.address);
    attached = await opts.attach(services, { logger, control: control?.address });
  } catch (e) {
    await stop();
    throw e;
  }
  state.extra = attached.status;
  process.stdout.write(attached.text);

  const signal = await stopRequested;
  logger.info({ signal }, 'stopping: no new packets, flushing the lease journal');
  try {
    await stop();
    logger.info('stopped');
    return 0;
  } catch (e) {
    logger.error({ err: e instanceof Error ? e.message : String(e) }, 'stop failed');
    return 1;
  }
}
