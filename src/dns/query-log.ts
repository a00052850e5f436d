/**
 * The query log of the test kit: every message the server took (socket or inject), with the
 * question, transport, client, the rcode answered (RFC 1035 4.1.1; none when nothing was
 * sent) and the clock's time. Bounded: the oldest entries go first. `next()` waits for a
 * query a test expects, each entry handed out once (so it does not matter whether the query
 * arrived before or after the test asked).
 */
import { nameKey } from '../wire/name.js';
import { typeToText } from '../wire/rrtypes.js';
import type { Clock } from '../util/clock.js';
import { typeNumber } from './server.js';
import { readQuestion } from './tap.js';
import type { Transport } from './query-parse.js';
import { RCODES } from './faults.js';

export interface LoggedQuery {
  /** Sequence number, from 1. */
  seq: number;
  /** The question name as sent, absolute (`web.lab.local.`); '' when unreadable. */
  name: string;
  /** 'A', 'AAAA', 'TYPE65280'...; '' when unreadable. */
  type: string;
  transport: Transport;
  /** The client's IP address. */
  client: string | undefined;
  /** The rcode of the (first) reply, undefined when none was sent (dropped, closed). */
  rcode: string | undefined;
  /** The server clock's time on arrival (ms). */
  time: number;
}

export interface QueryFilter {
  /** Case-insensitive, trailing dot optional. */
  name?: string;
  type?: string | number;
  transport?: Transport;
}

const RCODE_NAMES: Record<number, string> = {
  ...Object.fromEntries(Object.entries(RCODES).map(([k, v]) => [v, k])),
  16: 'BADVERS', // RFC 6891 6.1.3
  23: 'BADCOOKIE', // RFC 7873 8
};

export const rcodeName = (rcode: number) => RCODE_NAMES[rcode] ?? `RCODE${rcode}`;

/** The offset after a possibly compressed name at `p` (RFC 1035 4.1.4); throws past the end. */
function skipName(b: Buffer, p: number): number {
  for (;;) {
    if (p >= b.length) throw new RangeError('name past the end');
    const l = b[p];
    if (l === 0) return p + 1;
    if ((l & 0xc0) === 0xc0) return p + 2;
    p += l + 1;
  }
}

/**
 * The full RCODE of a reply: the header's four bits, and the OPT record's upper eight
 * (RFC 6891 6.1.3) when the additional section has one.
 */
export function replyRcode(reply: Buffer): number {
  const low = reply[3] & 0x0f;
  try {
    let p = 12;
    for (let i = reply.readUInt16BE(4); i > 0; i--) p = skipName(reply, p) + 4;
    const rrs = reply.readUInt16BE(6) + reply.readUInt16BE(8);
    const additional = reply.readUInt16BE(10);
    for (let i = 0; i < rrs + additional; i++) {
      p = skipName(reply, p);
      if (i >= rrs && reply.readUInt16BE(p) === 41) return (reply[p + 4] << 4) | low;
      p += 10 + reply.readUInt16BE(p + 8);
    }
  } catch {
    /* a reply cut short: the header's bits */
  }
  return low;
}

interface Waiter {
  matches: (q: LoggedQuery) => boolean;
  resolve: (q: LoggedQuery) => void;
}

export class QueryLog {
  private entries: LoggedQuery[] = [];
  private seq = 0;
  /** Sequence numbers next() has handed out. */
  private readonly taken = new Set<number>();
  private waiters: Waiter[] = [];

  constructor(
    private readonly clock: Clock,
    /** Entries kept (default 10,000). */
    private readonly limit = 10_000,
  ) {}

  /** The entries kept, oldest first (a copy). */
  list(): LoggedQuery[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
    this.taken.clear();
  }

  record(msg: Buffer, transport: Transport, client: string | undefined, replies: Buffer[] | null): void {
    const q = readQuestion(msg);
    const first = replies?.[0];
    const entry: LoggedQuery = {
      seq: ++this.seq,
      name: q?.name ?? '',
      type: q ? typeToText(q.type) : '',
      transport,
      client,
      rcode: first && first.length >= 12 ? rcodeName(replyRcode(first)) : undefined,
      time: this.clock.now(),
    };
    const w = this.waiters.find((x) => x.matches(entry));
    if (w) {
      this.waiters = this.waiters.filter((x) => x !== w);
      this.taken.add(entry.seq);
      w.resolve(entry);
    }
    this.entries.push(entry);
    if (this.entries.length > this.limit) {
      const dropped = this.entries.splice(0, this.entries.length - this.limit);
      for (const d of dropped) this.taken.delete(d.seq);
    }
  }

  /**
   * The oldest logged query matching `filter` not handed out before, or the next one to
   * arrive. Rejects after `timeoutMs` of real time when given.
   */
  next(filter: QueryFilter = {}, timeoutMs?: number): Promise<LoggedQuery> {
    const matches = matcher(filter);
    const have = this.entries.find((e) => !this.taken.has(e.seq) && matches(e));
    if (have) {
      this.taken.add(have.seq);
      return Promise.resolve(have);
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const w: Waiter = {
        matches,
        resolve: (q) => {
          if (timer) clearTimeout(timer);
          resolve(q);
        },
      };
      this.waiters.push(w);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w);
          reject(new Error(`no query matching ${JSON.stringify(filter)} in ${timeoutMs} ms`));
        }, timeoutMs);
      }
    });
  }
}

function matcher(f: QueryFilter): (q: LoggedQuery) => boolean {
  const key = f.name === undefined ? undefined : nameKey(f.name.endsWith('.') ? f.name : f.name + '.');
  const type = f.type === undefined ? undefined : typeToText(typeNumber(f.type));
  return (q) =>
    (key === undefined || (q.name !== '' && nameKey(q.name) === key)) && (type === undefined || q.type === type) && (f.transport === undefined || q.transport === f.transport);
}
