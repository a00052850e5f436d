/**
 * NOTIFY as a primary (RFC 1996), pure: whom a zone change is announced to, and the
 * message. As BIND 9.18 does it (ARM "notify", "also-notify", "notify-to-soa"; zone.c):
 *
 * - `notify yes` (the default) and `primary-only`: every name of the apex NS RRset but
 *   the SOA MNAME (notify-to-soa no), at port 53, plus every `also-notify` server;
 *   `explicit`: the also-notify servers alone; `no`: nobody.
 * - An NS name's addresses are its A and AAAA records in the zones served here (labnet
 *   never asks the system resolver, so a name out of them is skipped and reported).
 * - The same address and port is notified once.
 * - The message (RFC 1996 3.3-3.7): opcode NOTIFY, AA set, the question `ZONE SOA IN`, the
 *   zone's current SOA in the answer section (as BIND sends it: a hint of the new serial).
 */
import { nameFromWire, nameKey } from '../wire/name.js';
import { rdataToText } from '../wire/rdata.js';
import { RRType } from '../zones/record.js';
import type { Zone, ZoneSet } from '../zones/zone-types.js';
import type { NotifyMode } from '../zones/named-conf/model.js';
import { encodeMessage } from './encode.js';
import { DnsClass, Opcode, TCP_MAX_SIZE } from './message.js';

export interface NotifyTarget {
  address: string;
  port: number;
  /** The TSIG key to sign with (also-notify `key NAME`). */
  key?: string;
}

export interface NotifyConf {
  /** Default true (BIND 9.18 `notify yes`). */
  mode?: NotifyMode;
  /** The zone's also-notify servers, lists resolved. */
  alsoNotify?: readonly NotifyTarget[];
}

export interface NotifyTargets {
  targets: NotifyTarget[];
  /** NS names without an address in the served zones. */
  unresolved: string[];
}

/** RFC 1996 2: NOTIFY goes to port 53 of an NS target (BIND's default). */
export const NOTIFY_PORT = 53;

/** The A and AAAA addresses of `name` in the served zones. */
function addressesOf(name: string, zones: ZoneSet): string[] {
  const z = zones.find(name);
  const node = z?.loadError === undefined ? z?.node(name) : undefined;
  if (!node) return [];
  return [RRType.A, RRType.AAAA].flatMap((t) => node.rrsets.get(t)?.rdatas.map((rd) => rdataToText(t, rd)) ?? []);
}

/** Whom a change of `zone` is announced to (see the file comment). */
export function notifyTargets(zone: Zone, zones: ZoneSet, conf: NotifyConf = {}): NotifyTargets {
  const mode = conf.mode ?? true;
  const out: NotifyTargets = { targets: [], unresolved: [] };
  if (mode === false) return out;
  const seen = new Set<string>();
  const add = (t: NotifyTarget): void => {
    const k = `${t.address}#${t.port}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.targets.push(t);
  };
  if (mode !== 'explicit') {
    const apex = zone.node(zone.origin);
    const soa = apex?.rrsets.get(RRType.SOA);
    const primary = soa ? nameKey(nameFromWire(soa.rdatas[0], 0).name) : undefined; // the SOA MNAME
    for (const rd of apex?.rrsets.get(RRType.NS)?.rdatas ?? []) {
      const ns = nameFromWire(rd, 0).name;
      if (nameKey(ns) === primary) continue;
      const addrs = addressesOf(ns, zones);
      if (addrs.length === 0) out.unresolved.push(ns);
      for (const address of addrs) add({ address, port: NOTIFY_PORT });
    }
  }
  for (const t of conf.alsoNotify ?? []) add(t);
  return out;
}

/** The NOTIFY message for `zone` with message ID `id` (RFC 1996 3.7), unsigned. */
export function notifyMessage(zone: Zone, id: number): Buffer {
  const soa = zone.node(zone.origin)?.rrsets.get(RRType.SOA);
  return encodeMessage(
    {
      id,
      flags: { qr: false, opcode: Opcode.NOTIFY, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false, rcode: 0 },
      question: { name: zone.origin, type: RRType.SOA, class: DnsClass.IN },
      answer: soa ? [soa] : [],
      authority: [],
      additional: [],
    },
    { maxSize: TCP_MAX_SIZE },
  ).bytes;
}


/**
 * The zones of `next` whose content is new since `old` (another serial, or not in `old`):
 * the ones a NOTIFY is due for. Zones that failed to load are left out.
 */
export function changedZones(old: ZoneSet | undefined, next: ZoneSet): Zone[] {
  return next.zones.filter((z) => {
    if (z.loadError !== undefined) return false;
    const before = old?.find(z.origin);
    return !before || nameKey(before.origin) !== nameKey(z.origin) || before.loadError !== undefined || before.serial !== z.serial;
  });
}
