/**
 * The query handler: one DNS message in, one response (or nothing) out, for any bytes.
 * Transport-free (udp.ts and tcp.ts call it; the bench and the fuzz tests call it
 * directly). Pipeline: scanQuery (query-parse.ts) -> answer cache hit (answer-cache.ts:
 * copy, patch the ID) -> else the responder, whose bytes are cached for the next
 * time. The cache belongs to one ZoneSet: when `getZones()` returns another one (a reload),
 * a fresh cache is started, so a reload never serves a stale answer.
 *
 * Never throws: an exception from the responder becomes SERVFAIL (RFC 1035 4.1.1) with
 * the question echoed, logged at most once a minute per kind of error.
 */
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { ZoneSet } from '../zones/zone-types.js';
import {
  isFailure,
  scanQuery,
  toParsedQuery,
  type ParseFailure,
  type ParsedQuery,
  type QueryView,
  type Transport,
} from './query-parse.js';
import { AnswerCache, makeEntry, patchReply, type CacheEntry } from './answer-cache.js';
import { respond as defaultRespond, respondMany as defaultRespondMany, badCookieReply, prohibited, refusedNotify, type RespondOptions } from './respond.js';
import { blackholed, cacheVariant, requestPolicy, selectView, type ServedView, type ViewSet } from './views.js';
import { DnsClass, EdnsOptionCode, Opcode, Rcode } from './message.js';
import { nameKey } from '../wire/name.js';
import { RRType } from '../zones/record.js';
import { signMessage, type TsigKey } from './tsig.js';
import { checkRequestTsig, signResponse, tsigFailureRcode, type SignedRequest } from './tsig-server.js';
import { routeSigned } from './view-tsig.js';
import { answerCookie, cookieLengthValid } from './cookies.js';
import { rrlClass, slipReply } from './rrl-response.js';
import { randomBytes } from 'node:crypto';
import type { NotifyRequest } from './secondary/secondaries.js';
import { notifySerial } from './secondary/notify-receive.js';

/**
 * EDNS options respond.ts ignores, so queries carrying them may be answered from the cache:
 * RFC 5001 NSID 3, RFC 7830 padding 12, and RFC 7873 COOKIE 10 when cookies are not
 * answered (`answer-cookie no`; otherwise each answer gets its own server cookie). Not ECS (RFC 7871 8), which respond.ts echoes, nor RFC 7828
 * tcp-keepalive 11, which it answers over TCP as BIND does.
 * test/dns/handler-lab.test.ts fails when the responder starts to answer one of these.
 */
export const IGNORED_EDNS_OPTIONS: readonly number[] = [EdnsOptionCode.NSID, EdnsOptionCode.COOKIE, 12];

/**
 * Room left in each message of a signed transfer for its TSIG record (RFC 8945 4.2: key and
 * algorithm names of up to 255 octets each would not fit; real ones are short: 10 + names +
 * 16 + a MAC of at most 64 octets + 6 of other data).
 */
const TSIG_RESERVE = 512;

/** Zone transfers (RFC 5936 AXFR 252, RFC 1995 IXFR 251): several messages over TCP. */
const T_AXFR = 252;
const T_IXFR = 251;

/**
 * The responder's signature (src/dns/respond.ts): full response bytes for one query; `opts`
 * carries the view's policy for the request when views are served.
 */
export type Responder = (zones: ZoneSet, query: ParsedQuery, opts?: RespondOptions) => Buffer;
/** The responder for answers that may take several messages (an AXFR over TCP). */
export type MultiResponder = (zones: ZoneSet, query: ParsedQuery, opts?: RespondOptions) => Buffer[];

export interface QueryHandlerOptions {
  /** Default: respond.ts's `respond`. */
  respond?: Responder;
  /** Default: respond.ts's `respondMany` (with `respond` given: that one, one message). */
  respondMany?: MultiResponder;
  /** Maximum cached responses (default 100,000); 0 disables the cache. */
  cacheSize?: number;
  /** Maximum cached response bytes (default 64 MiB). */
  cacheBytes?: number;
  logger?: Logger;
  clock?: Clock;
  /**
   * EDNS option codes the responder ignores, so that queries carrying only these may be
   * answered from the cache. Queries with any other option (a COOKIE, NSID, ECS...) go to
   * the responder every time, since its answer may depend on the option's content.
   */
  cacheableOptions?: readonly number[];
  /**
   * Share cache entries across the letter case of the question name (key lower-cased, the
   * client's name bytes copied into the cached reply). Only for a responder whose reply
   * differs between spellings in the question alone; respond.ts's does not (it compresses
   * case-sensitively as BIND 9.18): default false. See answer-cache.ts.
   */
  foldCase?: boolean;
  /** DNS cookies (RFC 7873, RFC 9018), BIND's options of the same names. */
  cookies?: CookieOptions;
  /**
   * Answers UPDATE requests (RFC 2136; QR 0, opcode 5): update-service.ts. Without it the
   * responder answers them (REFUSED for a zone served here, as BIND without allow-update).
   */
  update?: (msg: Buffer, transport: Transport, peer?: string, local?: string) => Buffer | null;
  /**
   * TSIG keys by name (named.conf `key`): a query signed with one is answered signed; one
   * that does not verify, NOTAUTH with the TSIG error (tsig-server.ts, RFC 8945 5). Without
   * this, signed queries are answered unsigned. Every message of a zone transfer is signed (transfer()).
   * With views, each view's own keys (ServedView.keys) decide instead (view-tsig.ts); these
   * serve views built without keys.
   */
  tsigKeys?: (name: string) => TsigKey | undefined;
  /**
   * The views of a named.conf (views.ts, built by conf-views.ts), read on every message;
   * when it returns a ViewSet, the view chosen for the request answers from its own zones
   * (getZones is not used) under its access lists and response options, each view with an
   * answer cache of its own; blackholed clients are dropped.
   */
  views?: () => ViewSet | undefined;
  /**
   * A NOTIFY (RFC 1996) for the apex of a zone served here, before it is answered: the
   * secondary zones act on it (secondary/secondaries.ts). 'refused' answers REFUSED (BIND:
   * "refused notify from non-primary"); otherwise the usual NOERROR with AA.
   */
  notify?: (req: NotifyRequest) => 'refused' | undefined;
}

/** named.conf(5) `answer-cookie`, `cookie-secret`, `require-server-cookie`. */
export interface CookieOptions {
  /** Answer a client cookie with a server cookie (BIND's default: yes). */
  answer?: boolean;
  /**
   * 16-byte SipHash-2-4 keys; the first makes new cookies, every one validates (BIND's
   * cookie-secret list). Default: one random secret per handler, as BIND makes at start.
   */
  secrets?: readonly Buffer[];
  /** Over UDP, answer BADCOOKIE to a query whose cookie has no valid server cookie (default no). */
  requireServerCookie?: boolean;
}

export interface QueryHandlerStats {
  queries: number;
  udp: number;
  tcp: number;
  cacheHits: number;
  cacheMisses: number;
  /** Answered by the responder without consulting the cache (compressed QNAME, options, TSIG, opcode...). */
  uncacheable: number;
  dropped: number;
  /** UDP responses dropped by rate-limit (BIND's RateDropped). */
  rateDropped: number;
  /** UDP responses sent truncated by rate-limit (BIND's RateSlipped). */
  rateSlipped: number;
  formerr: number;
  notimp: number;
  servfail: number;
  cacheEntries: number;
  cacheBytes: number;
}

export interface QueryHandler {
  /**
   * One message from `peer` (the client's IP address; without it no server cookie can be
   * made, and the query is answered as with answer-cookie no) arriving on the local address
   * `local` (views' match-destinations, allow-query-on).
   */
  handle(msg: Buffer, transport: Transport, peer?: string, local?: string): Buffer | null;
  /**
   * As handle(), for a stream transport: a zone transfer (RFC 5936 2.2) may be answered
   * with several messages. Never throws.
   */
  handleMany(msg: Buffer, transport: Transport, peer?: string, local?: string): Buffer[] | null;
  stats(): QueryHandlerStats;
}

const RCODE_FORMERR = 1;
const RCODE_SERVFAIL = 2;
const RCODE_NOTIMP = 4;
/** The UDP size BIND 9.18 advertises (edns-udp-size default 1232), for error replies with OPT. */
const ERROR_OPT_UDP_SIZE = 1232;

/**
 * A reply carrying only the header, the question (when `questionEnd` > 12, copied from the
 * query) and an OPT (when `edns`): what BIND sends for FORMERR, NOTIMP and SERVFAIL
 * (RFC 1035 4.1.1). Like respond.ts's formErr, but straight from the raw query bytes.
 */
export function errorReply(msg: Buffer, rcode: number, questionEnd: number, edns: boolean): Buffer {
  const q = questionEnd > 12 ? questionEnd - 12 : 0;
  const out = Buffer.alloc(12 + q + (edns ? 11 : 0));
  out[0] = msg[0];
  out[1] = msg[1];
  // QR and the opcode; RD and CD are echoed for QUERY only, AD never (BIND 9.18, measured).
  const isQuery = (msg[2] & 0x78) === 0;
  out[2] = 0x80 | (msg[2] & 0x78) | (isQuery ? msg[2] & 0x01 : 0);
  out[3] = (isQuery ? msg[3] & 0x10 : 0) | (rcode & 0xf);
  if (q > 0) {
    out[5] = 1;
    msg.copy(out, 12, 12, questionEnd);
  }
  if (edns) {
    out[11] = 1;
    const o = 12 + q;
    out[o] = 0; // root owner (RFC 6891 6.1.2)
    out.writeUInt16BE(41, o + 1);
    out.writeUInt16BE(ERROR_OPT_UDP_SIZE, o + 3);
  }
  return out;
}

export function createQueryHandler(getZones: () => ZoneSet, opts: QueryHandlerOptions = {}): QueryHandler {
  const respond = opts.respond ?? defaultRespond;
  const respondMany: MultiResponder =
    opts.respondMany ?? (opts.respond ? (z, q, o) => [opts.respond!(z, q, o)] : defaultRespondMany);
  const logger = opts.logger ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  const cacheSize = opts.cacheSize ?? 100_000;
  const cacheBytes = opts.cacheBytes ?? 64 * 1024 * 1024;
  const foldCase = opts.foldCase ?? false;
  const cookieOpts = opts.cookies ?? {};
  const answerCookies = cookieOpts.answer ?? true;
  const secrets = cookieOpts.secrets?.length ? cookieOpts.secrets : [randomBytes(16)];
  const okOptions = new Set(opts.cacheableOptions ?? (opts.respond ? [] : IGNORED_EDNS_OPTIONS));
  if (answerCookies) okOptions.delete(EdnsOptionCode.COOKIE);
  let cache = new AnswerCache({ maxEntries: cacheSize, maxBytes: cacheBytes });
  let cacheZones: ZoneSet | undefined;
  let viewCaches = new Map<ServedView, AnswerCache>();
  let cacheViews: ViewSet | undefined;
  const s: QueryHandlerStats = {
    queries: 0, udp: 0, tcp: 0, cacheHits: 0, cacheMisses: 0, uncacheable: 0,
    dropped: 0, rateDropped: 0, rateSlipped: 0, formerr: 0, notimp: 0, servfail: 0, cacheEntries: 0, cacheBytes: 0,
  };
  const lastLogged = new Map<string, { at: number; suppressed: number }>();

  function logOnce(kind: string, err: unknown): void {
    const now = clock.now();
    const seen = lastLogged.get(kind);
    if (seen && now - seen.at < 60_000) {
      seen.suppressed++;
      return;
    }
    if (lastLogged.size > 1000) lastLogged.clear();
    lastLogged.set(kind, { at: now, suppressed: 0 });
    logger.error({ err, kind, suppressedSinceLast: seen?.suppressed ?? 0 }, 'DNS query handling failed; answered SERVFAIL');
  }

  function optionsCacheable(msg: Buffer, v: QueryView): boolean {
    for (let o = v.optRdataStart; o + 4 <= v.optRdataEnd; o += 4 + msg.readUInt16BE(o + 2)) {
      const code = msg.readUInt16BE(o);
      if (!okOptions.has(code)) return false;
      // A malformed COOKIE is FORMERR (RFC 7873 5.2.2), not the cached answer.
      if (code === EdnsOptionCode.COOKIE && !cookieLengthValid(msg.readUInt16BE(o + 2))) return false;
    }
    return true;
  }

  function failure(msg: Buffer, f: ParseFailure): Buffer | null {
    if (f.error === 'drop') {
      s.dropped++;
      return null;
    }
    if (f.error === 'notimp') {
      s.notimp++;
      return errorReply(msg, RCODE_NOTIMP, 0, false);
    }
    s.formerr++;
    return errorReply(msg, RCODE_FORMERR, f.questionEnd, f.edns);
  }

  /** The query as the responder takes it, with the server cookie to send (RFC 7873 5.2). */
  function parsed(msg: Buffer, v: QueryView, peer: string | undefined): ParsedQuery {
    const q = toParsedQuery(msg, v);
    if (!answerCookies || peer === undefined || !q.edns || q.edns.options.length === 0) return q;
    const c = answerCookie(q.edns.options, peer, Math.floor(clock.now() / 1000), secrets);
    if (c) {
      q.replyCookie = c.reply;
      q.cookieValid = c.valid;
      if (!c.valid && cookieOpts.requireServerCookie && q.transport === 'udp' && q.opcode === 0) q.badCookie = true;
    }
    return q;
  }

  /** Where a request is answered: the zones, the cache, what the request adds to cache keys, the policy. */
  interface Route {
    view?: ServedView;
    zones: ZoneSet;
    cache: AnswerCache;
    variant: string;
    respondOpts?: RespondOptions;
  }

  function newCache(): AnswerCache {
    return new AnswerCache({ maxEntries: cacheSize, maxBytes: cacheBytes });
  }

  /** The view's cache; a new ViewSet (a reload) starts every view afresh. */
  function viewCache(set: ViewSet, view: ServedView): AnswerCache {
    if (set !== cacheViews) {
      viewCaches = new Map();
      cacheViews = set;
    }
    let c = viewCaches.get(view);
    if (!c) viewCaches.set(view, (c = newCache()));
    return c;
  }

  /** The route for a request; undefined when views are served and none takes it (REFUSED). */
  /** `chosen`: the view routeSigned picked for a signed request (its key verified there, or none). */
  function route(set: ViewSet | undefined, v: QueryView, peer: string | undefined, local: string | undefined, key?: string, chosen?: ServedView): Route | undefined {
    if (!set) {
      const zones = getZones();
      if (zones !== cacheZones) {
        cache = newCache();
        cacheZones = zones;
      }
      return { zones, cache, variant: '' };
    }
    const req = { client: peer, destination: local, rd: v.rd, key };
    const view = chosen ?? selectView(set.views, req);
    if (!view) return undefined;
    return { view, zones: view.zones, cache: viewCache(set, view), variant: cacheVariant(view, req), respondOpts: { policy: requestPolicy(view, req) } };
  }

  /**
   * The view's rate-limit (rrl.ts) applied to one response: the response, the slipped
   * reply, or null (dropped). UDP only; over TCP the limiter only notes the client (BIND's
   * dns_rrl). A query with a valid server cookie is never limited, and with a client cookie
   * but no valid server cookie a slip is answered BADCOOKIE instead of TC (query_checkrrl).
   */
  function limit(r: Route, msg: Buffer, v: QueryView, peer: string | undefined, response: Buffer, q?: ParsedQuery, entry?: CacheEntry): Buffer | null {
    const rrl = r.view?.rateLimiter;
    if (!rrl || peer === undefined || q?.cookieValid) return response;
    if (v.transport === 'tcp' && rrl.config.qpsScale === 0) return response;
    // A cached answer keeps its class: the same key is the same question, zones and view.
    let cls = entry?.rrl;
    if (cls === undefined) {
      cls = rrlClass(response, msg, v, r.zones) ?? null;
      if (entry) entry.rrl = cls;
    }
    if (!cls) return response;
    const now = Math.floor(clock.now() / 1000);
    const d = rrl.check({ client: peer, tcp: v.transport === 'tcp', kind: cls.kind, name: cls.name, qtype: v.qtype }, now);
    if (d.action === 'send') return response;
    if (d.action === 'drop') {
      s.rateDropped++;
      return null;
    }
    s.rateSlipped++;
    return q?.replyCookie ? badCookieReply(q) : slipReply(msg, v, cls.kind);
  }

  /** `signer`: the TSIG key the request verified with (match-clients, allow-query `key` elements), in the view `chosen`. */
  function answer(msg: Buffer, v: QueryView, peer: string | undefined, local: string | undefined, set: ViewSet | undefined, signer?: string, chosen?: ServedView): Buffer | null {
    const r = route(set, v, peer, local, signer, chosen);
    if (!r) {
      s.uncacheable++;
      return prohibited(parsed(msg, v, peer));
    }
    const cacheable =
      cacheSize > 0 &&
      v.opcode === 0 &&
      v.qtype !== T_IXFR && // its answer depends on the client's SOA (RFC 1995 3), not in the key
      !v.qnameCompressed &&
      v.sigOffset < 0 &&
      v.ednsVersion === 0 &&
      (v.optRdataStart === v.optRdataEnd || optionsCacheable(msg, v));
    if (!cacheable) {
      s.uncacheable++;
      const q = parsed(msg, v, peer);
      if (q.opcode === Opcode.NOTIFY && opts.notify && notifyRefused(r, q, msg, peer, signer)) return refusedNotify(q);
      return q.badCookie ? badCookieReply(q) : limit(r, msg, v, peer, respond(r.zones, q, r.respondOpts), q);
    }
    const key = v.key + r.variant;
    const hit = r.cache.get(key);
    if (hit !== undefined) {
      s.cacheHits++;
      return r.view?.rateLimiter ? limit(r, msg, v, peer, patchReply(hit, msg), undefined, hit) : patchReply(hit, msg);
    }
    s.cacheMisses++;
    // An answer whose RRset order changes from one response to the next (rrset-order random
    // or cyclic) is not kept: a cached copy would freeze its order.
    let varied = false;
    const o = r.respondOpts && { ...r.respondOpts, onVaried: () => (varied = true) };
    const response = respond(r.zones, toParsedQuery(msg, v), o);
    const entry = varied ? undefined : makeEntry(msg, v.qnameEnd, response, foldCase);
    if (entry) r.cache.set(key, entry);
    return limit(r, msg, v, peer, response, undefined, entry);
  }

  /** Asks the secondary zones about a NOTIFY for the apex of a zone of the route (RFC 1996 3.10). */
  function notifyRefused(r: Route, q: ParsedQuery, msg: Buffer, peer: string | undefined, signer: string | undefined): boolean {
    const z = r.zones.find(q.question.name);
    if (!z || nameKey(z.origin) !== nameKey(q.question.name) || q.question.type !== RRType.SOA || q.question.class !== DnsClass.IN) return false;
    return opts.notify!({ zone: z.origin, view: r.view?.name, peer, key: signer, serial: notifySerial(msg, z.origin) }) === 'refused';
  }

  /**
   * The TSIG check of a signed request and the view it goes to: with views, each view's own
   * keys decide (view-tsig.ts; `refused`: no view takes it); without, the server's keys.
   * Undefined when the message has no TSIG (SIG(0)), or no keys are configured.
   */
  function checkSigned(msg: Buffer, v: QueryView, peer: string | undefined, local: string | undefined, set: ViewSet | undefined, now: number): { req: SignedRequest; view?: ServedView; refused: boolean } | undefined {
    if (set) {
      const r = routeSigned(set.views, { client: peer, destination: local, rd: v.rd }, msg, now, opts.tsigKeys);
      return r.signed && { req: r.signed, view: r.view, refused: r.view === undefined };
    }
    const req = opts.tsigKeys && checkRequestTsig(msg, opts.tsigKeys, now);
    return req ? { req, refused: false } : undefined;
  }

  /** A TSIG-signed query (undefined for SIG(0)): answered as unsigned, then signed (tsig-server.ts). */
  function signedAnswer(msg: Buffer, v: QueryView, transport: Transport, peer: string | undefined, local: string | undefined, set: ViewSet | undefined): Buffer | null | undefined {
    const now = Math.floor(clock.now() / 1000);
    const c = checkSigned(msg, v, peer, local, set, now);
    if (!c) return undefined;
    const { req } = c;
    const inner = scanQuery(req.unsigned, transport, foldCase);
    if (isFailure(inner)) return failure(msg, inner);
    let body: Buffer | null;
    if (c.refused) {
      s.uncacheable++;
      body = prohibited(parsed(req.unsigned, inner, peer));
    } else if (req.error !== 0) body = errorReply(req.unsigned, tsigFailureRcode(req), inner.questionEnd, v.edns);
    else body = answer(req.unsigned, inner, peer, local, set, req.key?.name, c.view);
    return body === null ? null : signResponse(body, req, now);
  }

  /**
   * An AXFR or IXFR: a TSIG-signed request is checked first (a bad one NOTAUTH with the
   * TSIG error, RFC 8945 5.2), then the view (its allow-transfer: REFUSED), then the responder; every
   * message of a signed request's answer is signed, each MAC chained to the one before
   * (RFC 8945 5.3.1, as BIND signs every message).
   */
  function transfer(msg: Buffer, v: QueryView, transport: Transport, peer: string | undefined, local: string | undefined, set: ViewSet | undefined): Buffer[] {
    const now = Math.floor(clock.now() / 1000);
    const c = v.sigOffset >= 0 ? checkSigned(msg, v, peer, local, set, now) : undefined;
    const req = c?.req;
    const query = req?.unsigned ?? msg;
    const view = req ? scanQuery(query, transport, foldCase) : v;
    if (isFailure(view)) return [failure(msg, view) ?? errorReply(msg, RCODE_FORMERR, 0, false)];
    const q = parsed(query, view, peer);
    // No view takes the request: REFUSED, its TSIG BADKEY (view-tsig.ts).
    if (req && c.refused) return [signResponse(prohibited(q), req, now)];
    if (req && req.error !== 0) return [signResponse(errorReply(query, tsigFailureRcode(req), view.questionEnd, view.edns), req, now)];
    if (req) q.reserve = TSIG_RESERVE;
    // The view (and its allow-transfer) by the client, the local address and the key verified there.
    const r = route(set, view, peer, local, req?.key?.name, c?.view);
    const bodies = r ? respondMany(r.zones, q, r.respondOpts) : [prohibited(q)];
    if (!req || !req.key) return bodies;
    const out: Buffer[] = [];
    let mac = req.tsig.mac;
    for (let i = 0; i < bodies.length; i++) {
      const signed = signMessage(bodies[i], req.key, i === 0 ? { now, requestMac: mac } : { now, previousMac: mac });
      out.push(signed.message);
      mac = signed.mac;
    }
    return out;
  }

  function onError(msg: Buffer, v: QueryView | ParseFailure | undefined, err: unknown): Buffer | null {
    logOnce(err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 200) : String(err).slice(0, 200), err);
    if (msg.length < 12 || (msg[2] & 0x80) !== 0) {
      s.dropped++;
      return null;
    }
    s.servfail++;
    const questionEnd = v !== undefined && !isFailure(v) && !v.qnameCompressed ? v.questionEnd : 0;
    return errorReply(msg, RCODE_SERVFAIL, questionEnd, false);
  }

  function countQuery(transport: Transport): void {
    s.queries++;
    if (transport === 'tcp') s.tcp++;
    else s.udp++;
  }

  function handle(msg: Buffer, transport: Transport, peer?: string, local?: string): Buffer | null {
    countQuery(transport);
    let v: QueryView | ParseFailure | undefined;
    try {
      const set = opts.views?.();
      if (set && blackholed(set, peer)) {
        s.dropped++;
        return null;
      }
      if (opts.update && msg.length >= 12 && (msg[2] & 0xf8) === 0x28) return opts.update(msg, transport, peer, local);
      v = scanQuery(msg, transport, foldCase);
      if (isFailure(v)) return failure(msg, v);
      if (v.sigOffset >= 0 && (set || opts.tsigKeys)) return signedAnswer(msg, v, transport, peer, local, set) ?? answer(msg, v, peer, local, set);
      return answer(msg, v, peer, local, set);
    } catch (err) {
      return onError(msg, v, err);
    }
  }

  return {
    handle,
    handleMany(msg: Buffer, transport: Transport, peer?: string, local?: string): Buffer[] | null {
      // Only a transfer needs more than one message; everything else takes the usual path.
      const qtype = msg.length >= 12 ? transferType(msg) : 0;
      if (qtype !== T_AXFR && qtype !== T_IXFR) {
        const r = handle(msg, transport, peer, local);
        return r === null ? null : [r];
      }
      countQuery(transport);
      let v: QueryView | ParseFailure | undefined;
      try {
        const set = opts.views?.();
        if (set && blackholed(set, peer)) {
          s.dropped++;
          return null;
        }
        v = scanQuery(msg, transport, foldCase);
        if (isFailure(v)) {
          const r = failure(msg, v);
          return r === null ? null : [r];
        }
        s.uncacheable++;
        return transfer(msg, v, transport, peer, local, set);
      } catch (err) {
        const r = onError(msg, v, err);
        return r === null ? null : [r];
      }
    },
    stats(): QueryHandlerStats {
      const caches = [cache, ...viewCaches.values()];
      return { ...s, cacheEntries: caches.reduce((n, c) => n + c.size, 0), cacheBytes: caches.reduce((n, c) => n + c.bytes, 0) };
    },
  };
}

/** QTYPE of an uncompressed single question at offset 12, or 0 (a cheap pre-check). */
function transferType(msg: Buffer): number {
  let p = 12;
  while (p < msg.length && msg[p] !== 0 && msg[p] < 64) p += msg[p] + 1;
  return p + 3 <= msg.length && msg[p] === 0 ? (msg[p + 1] << 8) | msg[p + 2] : 0;
}
