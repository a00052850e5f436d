/**
 * The DHCP server's DNS updater: runs a lease's update chain (steps.ts) against the zone's
 * primary servers named in dhcpd.conf `zone` declarations, each message TSIG-signed with the
 * zone's `key` (RFC 8945; tsig.ts), answers verified. dhcpd finds the zone of a name by its
 * `zone` declarations, the longest one containing the name; a name under no declaration is
 * not updated (dhcpd would look the SOA up through its resolver; labnet never uses the
 * system resolver) and a log line says so.
 */
import type { Logger } from '../../util/logger.js';
import { systemClock, type Clock } from '../../util/clock.js';
import type { Endpoint } from '../../util/endpoint.js';
import { absoluteName, isSubdomain, nameKey } from '../../wire/name.js';
import { signMessage, tsigAlgorithmName, verifyMessage, type TsigKey } from '../../dns/tsig.js';
import { buildUpdate } from '../../dns/update-build.js';
import type { DdnsKeyDecl, DdnsZoneDecl } from '../conf/ddns-decls.js';
import { createDnsExchange, type DnsExchange } from './dns-exchange.js';
import { ddnsMessage, ddnsNext, firstAddState, firstRemoveState, type DdnsJob, type DdnsStep } from './steps.js';

export interface DdnsUpdaterOptions {
  zones: DdnsZoneDecl[];
  keys: DdnsKeyDecl[];
  /** Timeouts run on this clock (the server's; virtual in tests). */
  clock: Clock;
  /**
   * TSIG's time signed (RFC 8945 5.2.3: checked against the receiver's own clock within the
   * fudge) must be real time even when the leases run on a virtual clock: default systemClock.
   */
  wallClock?: Clock;
  logger: Logger;
  /** The port of the zones' servers (dhcpd: 53; the lab's own DNS server listens elsewhere). */
  port?: number;
  /** The DHCP server serves on loopback: updates go to loopback servers only (others: dropped, logged). */
  loopbackOnly: boolean;
  randomId?: () => number;
  timeoutMs?: number;
  /** Injected for tests. */
  exchange?: DnsExchange;
}

export type DdnsRecord = NonNullable<DdnsStep['record']>;

export interface DdnsUpdater {
  /** Registers the job's names; resolves with what each answer recorded. */
  add(job: DdnsJob): Promise<DdnsRecord[]>;
  remove(job: DdnsJob): Promise<DdnsRecord[]>;
  /**
   * Takes the `zone` and `key` declarations of a reloaded dhcpd.conf: the next update is
   * sent to the new servers and signed with the new keys (an update already in flight
   * finishes with the old ones).
   */
  configure(zones: DdnsZoneDecl[], keys: DdnsKeyDecl[]): void;
  close(): void;
}

const keyId = (n: string) => nameKey(n.replace(/\.$/, ''));

export function createDdnsUpdater(opts: DdnsUpdaterOptions): DdnsUpdater {
  const port = opts.port ?? 53;
  const wall = opts.wallClock ?? systemClock;
  const seconds = () => Math.floor(wall.now() / 1000);
  const exchange =
    opts.exchange ??
    createDnsExchange({
      clock: opts.clock,
      randomId: opts.randomId ?? (() => Math.floor(Math.random() * 0x10000)),
      timeoutMs: opts.timeoutMs,
      loopbackOnly: opts.loopbackOnly,
      onRefused: (to) => opts.logger.warn({ to: `${to.address}:${to.port}` }, 'DNS update not sent: destination outside loopback'),
    });
  let keys = new Map<string, TsigKey>();
  let zones: DdnsZoneDecl[] = [];
  function configure(zoneDecls: DdnsZoneDecl[], keyDecls: DdnsKeyDecl[]): void {
    const next = new Map<string, TsigKey>();
    for (const k of keyDecls) {
      const algorithm = tsigAlgorithmName(k.algorithm);
      if (algorithm === undefined) {
        opts.logger.error({ key: k.name, algorithm: k.algorithm, file: k.source.file, line: k.source.line }, 'key: unsupported algorithm; updates with it are not sent');
        continue;
      }
      next.set(keyId(k.name), { name: absoluteName(k.name).toLowerCase(), algorithm, secret: k.secret });
    }
    keys = next;
    zones = zoneDecls;
  }
  configure(opts.zones, opts.keys);

  function zoneOf(name: string): DdnsZoneDecl | undefined {
    let best: DdnsZoneDecl | undefined;
    for (const z of zones) {
      if (isSubdomain(absoluteName(name), z.name) && (!best || z.name.length > best.name.length)) best = z;
    }
    return best;
  }

  async function send(zone: DdnsZoneDecl, prerequisites: Parameters<typeof buildUpdate>[2], updates: Parameters<typeof buildUpdate>[3]): Promise<number | 'timeout' | 'refused-locally'> {
    const key = zone.key !== undefined ? keys.get(keyId(zone.key)) : undefined;
    if (zone.key !== undefined && key === undefined) {
      opts.logger.error({ zone: zone.name, key: zone.key }, 'zone: key not defined; update sent unsigned');
    }
    const servers: Endpoint[] = [...zone.primary, ...zone.secondary].map((address) => ({ address, port }));
    let mac: Buffer | undefined;
    const r = await exchange.exchange(servers, (id) => {
      const msg = buildUpdate(id, zone.name, prerequisites, updates);
      if (!key) return msg;
      const signed = signMessage(msg, key, { now: seconds() });
      mac = signed.mac;
      return signed.message;
    });
    if (!r.ok) return r.reason;
    if (key && mac) {
      const v = verifyMessage(r.answer, (n) => (keyId(n) === keyId(key.name) ? key : undefined), { now: seconds(), requestMac: mac });
      if (!v.ok) {
        // A server that rejected our signature answers with its TSIG error (RFC 8945 5.3.2,
        // BADSIG/BADKEY/BADTIME) unsigned: its RCODE (NOTAUTH) stands. Any other answer that
        // does not verify is not trusted (RFC 8945 5.3.1) and counts as no answer.
        const serverError = v.tsig?.error ?? 0;
        opts.logger.error({ zone: zone.name, tsigError: serverError || v.error }, serverError ? 'DNS update refused: the server rejected our TSIG' : 'DNS update answer: TSIG verification failed');
        if (serverError === 0) return 'timeout';
      }
    }
    return r.answer[3] & 0x0f;
  }

  async function run(job: DdnsJob, first: ReturnType<typeof firstAddState>): Promise<DdnsRecord[]> {
    const records: DdnsRecord[] = [];
    let state = first;
    while (state !== undefined) {
      const m = ddnsMessage(state, job);
      const zone = zoneOf(m.name);
      if (!zone) {
        opts.logger.warn({ name: m.name }, 'DNS update not sent: no zone declaration contains this name (labnet looks no SOA up)');
        break;
      }
      const rcode = await send(zone, m.prerequisites, m.updates);
      const step = ddnsNext(state, rcode, job);
      if (step.log.level === 'error') opts.logger.error({ zone: zone.name }, step.log.msg);
      else opts.logger.info({ zone: zone.name }, step.log.msg);
      if (step.record) records.push(step.record);
      state = step.next;
    }
    return records;
  }

  return {
    add: (job) => run(job, firstAddState(job)),
    remove: (job) => run(job, firstRemoveState(job)),
    configure,
    close: () => exchange.close(),
  };
}
