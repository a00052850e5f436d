/**
 * Faults on demand for the test kit (in the manner of CoreDNS's erratic plugin): per name,
 * type, transport or for every query, answer with a given rcode (RFC 1035 4.1.1, RFC 6895
 * 2.3), drop, delay on the injected clock, truncate (TC, RFC 1035 4.1.1 / RFC 7766 5: the
 * client retries over TCP), close the TCP connection, or answer with a wrong ID (RFC 1035
 * 7.3: the client must discard it). Each fault may be limited to N queries; the first
 * matching fault with queries left applies. `tap()` plugs them into the server's request
 * path (tap.ts).
 */
import { nameKey } from '../wire/name.js';
import { durationMs, timerOf, type Clock } from '../util/clock.js';
import { errorReply } from './handler.js';
import { typeNumber } from './server.js';
import { readQuestion, type QueryTap, type TapResult } from './tap.js';
import type { Transport } from './query-parse.js';
import { FaultList, type FaultHandle } from '../util/fault-list.js';

/** RCODE names (RFC 6895 2.3) and their values. */
export const RCODES = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, YXDOMAIN: 6, YXRRSET: 7, NXRRSET: 8, NOTAUTH: 9, NOTZONE: 10 } as const;
export type RcodeName = keyof typeof RCODES;

export interface DnsFaultSpec {
  /** The query name (case-insensitive, trailing dot optional); default every name. */
  name?: string;
  /** The query type ('A', 28...); default every type. */
  type?: string | number;
  /** Only queries arriving over this transport. */
  transport?: Transport;
  /** Answer with this rcode: the question echoed, no records. */
  rcode?: RcodeName | number;
  /** No answer at all (over TCP the connection stays open). */
  drop?: boolean;
  /** Hold the answer for this long on the server's clock: ms or a duration ('2s'). */
  delay?: number | string;
  /** Over UDP: the question only, with TC set. */
  truncate?: boolean;
  /** Over TCP: close the connection instead of answering. */
  closeTcp?: boolean;
  /** Answer with the query's ID plus one. */
  wrongId?: boolean;
  /** Apply to this many queries, then retire; default every query until cleared. */
  times?: number;
}

export type DnsFault = FaultHandle<DnsFaultSpec>;

interface Active {
  spec: DnsFaultSpec;
  key?: string;
  type?: number;
  delayMs: number;
  rcode?: number;
  hits: number;
  remaining: number;
}

const ACTIONS = ['rcode', 'drop', 'delay', 'truncate', 'closeTcp', 'wrongId'] as const;

/** A reply with TC set carrying only the question (RFC 1035 4.1.1; RFC 2181 9). */
export function truncatedReply(reply: Buffer, questionEnd: number): Buffer {
  const out = Buffer.from(reply.subarray(0, Math.min(questionEnd, reply.length)));
  out[2] |= 0x02;
  out.fill(0, 6, 12); // ANCOUNT, NSCOUNT, ARCOUNT
  return out;
}

function withWrongId(reply: Buffer): Buffer {
  const out = Buffer.from(reply);
  out.writeUInt16BE((out.readUInt16BE(0) + 1) & 0xffff, 0);
  return out;
}

export class DnsFaults {
  private readonly faults = new FaultList<DnsFaultSpec, Active>();
  private readonly cancels = new Set<() => void>();
  private readonly setTimer: (ms: number, fn: () => unknown) => () => void;

  constructor(clock: Clock) {
    this.setTimer = timerOf(clock);
  }

  add(spec: DnsFaultSpec): DnsFault {
    const actions = ACTIONS.filter((a) => spec[a] !== undefined && spec[a] !== false);
    if (actions.length === 0) throw new Error(`a fault needs one of ${ACTIONS.join(', ')}`);
    if (spec.drop && actions.length > 1) throw new Error('drop goes with no other action');
    const rcode = typeof spec.rcode === 'string' ? RCODES[spec.rcode.toUpperCase() as RcodeName] : spec.rcode;
    if (spec.rcode !== undefined && (rcode === undefined || rcode < 0 || rcode > 15)) throw new Error(`bad rcode '${spec.rcode}'`);
    const f: Active = {
      spec: { ...spec },
      key: spec.name === undefined ? undefined : nameKey(spec.name.endsWith('.') ? spec.name : spec.name + '.'),
      type: spec.type === undefined ? undefined : typeNumber(spec.type),
      delayMs: spec.delay === undefined ? 0 : durationMs(spec.delay),
      rcode,
      hits: 0,
      remaining: spec.times ?? Infinity,
    };
    return this.faults.add(f);
  }

  /** Retires every fault; answers being delayed are still sent. */
  clear(): void {
    this.faults.clear();
  }

  /** Cancels the delayed answers (server close). */
  close(): void {
    for (const c of this.cancels) c();
    this.cancels.clear();
    this.faults.clear();
  }

  /** The fault to apply to a query, counted as applied; undefined for none. */
  take(name: string | undefined, type: number | undefined, transport: Transport): Active | undefined {
    const key = name === undefined ? undefined : nameKey(name);
    return this.faults.take(
      (x) =>
        (x.key === undefined || x.key === key) &&
        (x.type === undefined || x.type === type) &&
        (x.spec.transport === undefined || x.spec.transport === transport) &&
        (!x.spec.truncate || transport === 'udp') &&
        (!x.spec.closeTcp || transport === 'tcp'),
    );
  }

  /** The tap for the server (tap.ts): faults first, then `observe` sees what went out. */
  tap(observe?: (msg: Buffer, transport: Transport, client: string | undefined, replies: Buffer[] | null) => void): QueryTap {
    return (msg, transport, client, next, later) => {
      const q = readQuestion(msg);
      const f = this.take(q?.name, q?.type, transport);
      let replies: Buffer[] | null;
      if (!f) replies = next();
      else if (f.spec.drop) replies = transport === 'tcp' ? [] : null;
      else if (f.spec.closeTcp) replies = null;
      else {
        replies = f.rcode !== undefined ? (msg.length >= 12 && (msg[2] & 0x80) === 0 ? [errorReply(msg, f.rcode, q?.end ?? 0, false)] : null) : next();
        if (replies && f.spec.truncate) replies = replies.slice(0, 1).map((r) => truncatedReply(r, q?.end ?? 12));
        if (replies && f.spec.wrongId) replies = replies.map(withWrongId);
      }
      observe?.(msg, transport, client, replies);
      if (!f || f.delayMs === 0) return replies;
      const held = replies;
      const cancel = this.setTimer(f.delayMs, () => {
        this.cancels.delete(cancel);
        later(held);
      });
      this.cancels.add(cancel);
      return 'later' as TapResult;
    };
  }
}
