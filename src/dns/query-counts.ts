/**
 * Counters of the queries a server took, for the control endpoint's /metrics: by question
 * type and by the full RCODE answered (RFC 6891 6.1.3 upper bits included), answers sent
 * truncated (TC, RFC 1035 4.1.1), and messages left unanswered. A QueryTap (tap.ts) that
 * lets every message through unchanged; it can log each query (BIND's `querylog`).
 */
import { typeToText } from '../wire/rrtypes.js';
import type { Logger } from '../util/logger.js';
import { readQuestion, type QueryTap } from './tap.js';
import { rcodeName, replyRcode } from './query-log.js';

/** RFC 2136 2.2. */
const OPCODE_UPDATE = 5;
/** Distinct (zone, rcode) series kept: UPDATEs naming random zones cannot grow the table without bound. */
const MAX_UPDATE_ZONES = 1000;

export interface QueryCountsSnapshot {
  /** Queries (opcode QUERY and others but UPDATE): `type` ('A', 'PTR', 'TYPE65280', '' unreadable) x rcode ('NOERROR', ...) -> count. */
  byTypeRcode: { type: string; rcode: string; count: number }[];
  /** UPDATE messages (opcode 5, RFC 2136 2.2) by zone (the zone section's name) and rcode answered. */
  updates: { zone: string; rcode: string; count: number }[];
  truncated: number;
  unanswered: number;
}

export class QueryCounts {
  private readonly counts = new Map<string, number>();
  /** Keyed by zone and rcode; zones seen are bounded (MAX_UPDATE_ZONES), the rest counted under '(other)'. */
  private readonly updates = new Map<string, number>();
  private truncated = 0;
  private unanswered = 0;

  record(msg: Buffer, replies: Buffer[] | null): { type: string; name: string; rcode: string | undefined } {
    const q = readQuestion(msg);
    const type = q ? typeToText(q.type) : '';
    const first = replies?.[0];
    if (!first || first.length < 12) {
      this.unanswered++;
      return { type, name: q?.name ?? '', rcode: undefined };
    }
    const rcode = rcodeName(replyRcode(first));
    if (msg.length >= 12 && ((msg[2]! >> 3) & 0x0f) === OPCODE_UPDATE) {
      // The zone section has the question's layout (RFC 2136 2.3): its name is the zone.
      const zone = (q?.name ?? '').toLowerCase();
      let key = `${zone}\t${rcode}`;
      if (!this.updates.has(key) && this.updates.size >= MAX_UPDATE_ZONES) key = `(other)\t${rcode}`;
      this.updates.set(key, (this.updates.get(key) ?? 0) + 1);
    } else {
      const key = `${type}\t${rcode}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
    if (first[2] & 0x02) this.truncated++;
    return { type, name: q?.name ?? '', rcode };
  }

  /** Adds another's counts (a DNS worker's, dns/workers/pool.ts stats()). */
  add(s: QueryCountsSnapshot): void {
    for (const c of s.byTypeRcode) this.counts.set(`${c.type}\t${c.rcode}`, (this.counts.get(`${c.type}\t${c.rcode}`) ?? 0) + c.count);
    for (const c of s.updates) this.updates.set(`${c.zone}\t${c.rcode}`, (this.updates.get(`${c.zone}\t${c.rcode}`) ?? 0) + c.count);
    this.truncated += s.truncated;
    this.unanswered += s.unanswered;
  }

  snapshot(): QueryCountsSnapshot {
    const byTypeRcode = [...this.counts].map(([k, count]) => {
      const [type, rcode] = k.split('\t');
      return { type, rcode, count };
    });
    byTypeRcode.sort((a, b) => a.type.localeCompare(b.type) || a.rcode.localeCompare(b.rcode));
    const updates = [...this.updates].map(([k, count]) => {
      const [zone, rcode] = k.split('\t');
      return { zone, rcode, count };
    });
    updates.sort((a, b) => a.zone.localeCompare(b.zone) || a.rcode.localeCompare(b.rcode));
    return { byTypeRcode, updates, truncated: this.truncated, unanswered: this.unanswered };
  }

  /**
   * A tap counting every message (delayed answers when they leave), logging each query at
   * info with `querylog` (named's `client ... query: NAME IN TYPE` line, in fields).
   */
  tap(opts: { logger?: Logger; querylog?: boolean } = {}): QueryTap {
    const seen = (msg: Buffer, transport: string, client: string | undefined, replies: Buffer[] | null) => {
      const q = this.record(msg, replies);
      if (opts.querylog) opts.logger?.info({ client, transport, rcode: q.rcode ?? 'none' }, `query: ${q.name} IN ${q.type}`);
    };
    return (msg, transport, client, next) => {
      const replies = next();
      seen(msg, transport, client, replies);
      return replies;
    };
  }
}
