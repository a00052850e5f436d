/**
 * A tap on the DNS request path, between the transports (udp.ts, tcp.ts) and the query
 * handler: the test kit's faults and query log (src/dns/faults.ts, src/dns/query-log.ts)
 * sit here. A server without a tap calls the handler directly.
 */
import type { Transport } from './query-parse.js';
import { nameFromWire } from '../wire/name.js';

/** What a tap decided for one message. */
export type TapResult =
  /** Send these now (none: no answer, a TCP connection stays open). */
  | Buffer[]
  /** No answer; over TCP the connection is closed. */
  | null
  /** The answer comes through `later` (a delay). */
  | 'later';

/**
 * Called for every message; `next()` runs the query handler (the server's normal answer,
 * several messages for a zone transfer, null when it drops the message).
 */
export type QueryTap = (
  msg: Buffer,
  transport: Transport,
  client: string | undefined,
  next: () => Buffer[] | null,
  later: (replies: Buffer[] | null) => void,
) => TapResult;

export interface InjectOptions {
  /** The transport the message is taken to arrive on (default 'udp'): truncation, limits. */
  transport?: Transport;
  /** The client's address (default 127.0.0.1). */
  client?: string;
}

/**
 * Runs one message through `tap` and `next` as a socket would and resolves with what would
 * be sent: the replies, or null for silence (a drop, a closed connection).
 */
export function injectThrough(
  tap: QueryTap | undefined,
  msg: Buffer,
  transport: Transport,
  client: string,
  next: () => Buffer[] | null,
): Promise<Buffer[] | null> {
  if (!tap) return Promise.resolve(next());
  return new Promise((resolve) => {
    const now = tap(msg, transport, client, next, (late) => resolve(late === null || late.length === 0 ? null : late));
    if (now !== 'later') resolve(now === null || now.length === 0 ? null : now);
  });
}

/** The first question of a message (RFC 1035 4.1.2), or undefined when it has none readable. */
export function readQuestion(msg: Buffer): { name: string; type: number; end: number } | undefined {
  if (msg.length < 12 || msg.readUInt16BE(4) === 0) return undefined;
  try {
    const { name, next } = nameFromWire(msg, 12);
    if (next + 4 > msg.length) return undefined;
    return { name, type: msg.readUInt16BE(next), end: next + 4 };
  } catch {
    return undefined;
  }
}
