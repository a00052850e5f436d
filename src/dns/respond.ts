/**
 * The responder: one parsed query in, the complete response bytes out (pure; the server's
 * slow path, whose bytes the answer cache keeps). What BIND 9.18 sends, measured with dig
 * and raw packets against named (see test/dns/respond.test.ts):
 *
 * - EDNS (RFC 6891): an OPT in the response when the query had one, advertising 1232 and
 *   echoing DO (6.1.4); version > 0: BADVERS (extended RCODE 16, 6.1.3), question echoed,
 *   nothing else. Response size limit: UDP max(512, min(client size, 1232)), 512 without
 *   EDNS (RFC 1035 4.2.1), TCP 65535 (RFC 7766 8).
 * - Opcodes (RFC 1035 4.1.1): QUERY is answered; NOTIFY (RFC 1996) for a zone's apex SOA
 *   gets NOERROR with AA (labnet is the primary), another type FORMERR, an unknown zone
 *   NOTAUTH; UPDATE (RFC 2136) gets REFUSED for a loaded zone (BIND's default
 *   allow-update none), NOTAUTH otherwise, FORMERR when the zone section is not SOA;
 *   any other opcode NOTIMP without the question.
 * - AXFR/IXFR (RFC 5936, 1995): NOTAUTH unless the name is a loaded zone's apex; an AXFR
 *   over UDP FORMERR, over TCP the whole zone (respondMany for zones beyond one message);
 *   an IXFR as ixfr.ts says (FORMERR without the client's SOA).
 * - EDNS over UDP with a payload size of 512 or less: BIND answers as with
 *   minimal-responses yes (no authority NS, no additional for positive answers).
 * - ECS (RFC 7871 7.2.1): echoed with scope 0; a malformed one is FORMERR. EXPIRE (RFC
 *   7314) answered for the apex SOA; edns-tcp-keepalive (RFC 7828) over TCP, 30 s;
 *   COOKIE (RFC 7873): a malformed length is FORMERR, and the server cookie the query
 *   handler computed (`replyCookie`, cookies.ts) rides first in the OPT; NSID, padding and
 *   unknown options are ignored (BIND without server-id, without TLS).
 * - Errors (REFUSED, FORMERR, NOTIMP, BADVERS) carry QR, the opcode, the question, and the
 *   OPT when asked; no AA, no AD (BIND's ns_client_error). RD and CD are copied into replies
 *   to QUERY only: NOTIFY, UPDATE and NOTIMP replies clear them (measured).
 * - Flags of answers: AA from the resolver, RD and CD copied, RA clear (recursion no),
 *   AD tentatively set for AD or DO queries and cleared by the encoder as BIND does.
 * - Extended DNS Errors (RFC 8914) from the resolver ride in the OPT.
 */
import { nameKey, nameToWire } from '../wire/name.js';
import { RRType } from '../zones/record.js';
import type { RRset, Zone, ZoneSet } from '../zones/zone-types.js';
import type { ResourceRecord } from '../zones/record.js';
import type { JournalTransaction } from '../zones/journal-format.js';
import { apexSoa } from '../zones/zone-diff.js';
import { ixfrRecords, planIxfr, type IxfrPolicy } from './ixfr.js';
import { encodeMessage } from './encode.js';
import {
  CLASSIC_UDP_SIZE,
  DnsClass,
  EdeCode,
  EdnsOptionCode,
  Opcode,
  OUR_UDP_SIZE,
  Rcode,
  TCP_MAX_SIZE,
  type EdnsOption,
  type ExtendedError,
  type ParsedQuery,
  type Question,
  type ResponseOpt,
} from './message.js';
import { resolve, type Resolution } from './resolve.js';
import { parseCookie } from './cookies.js';
import { allNodes, rrsetsWithSigs } from '../zones/node-rrsets.js';
import type { RequestPolicy } from './views.js';
import type { RrsetOrderer } from './rrset-order.js';

export interface RespondOptions {
  /** The client is on IPv6: BIND then renders AAAA before A in the additional section. */
  preferAAAA?: boolean;
  /** The TCP idle timeout to advertise in edns-tcp-keepalive, in 100 ms units (default 300). */
  tcpKeepalive?: number;
  /**
   * The view's options for this request (views.ts requestPolicy): allow-query,
   * allow-transfer, minimal-responses, rrset-order. Without one, every query and transfer
   * is allowed, minimal-responses is BIND's default and RRsets keep the zone's order.
   */
  policy?: RequestPolicy;
  /** Called when the response holds an RRset whose order may differ next time (not to be cached). */
  onVaried?: () => void;
  /** Zone transfers: each zone's journal (for IXFR) and its provide-ixfr / max-ixfr-ratio. */
  transfers?: TransferSource;
}

/** Where the responder finds what an IXFR needs (the server reads journals, ixfr.ts decides). */
export interface TransferSource {
  /** The zone's journal transactions, oldest first; undefined when it has none (each view's zone has its own). */
  journal(zone: Zone): readonly JournalTransaction[] | undefined;
  policy?(origin: string): IxfrPolicy;
}

/** The largest response allowed for this query (see file comment). */
export function maxResponseSize(query: Pick<ParsedQuery, 'edns' | 'transport'>): number {
  if (query.transport === 'tcp') return TCP_MAX_SIZE;
  if (!query.edns) return CLASSIC_UDP_SIZE;
  return Math.max(CLASSIC_UDP_SIZE, Math.min(query.edns.udpSize, OUR_UDP_SIZE));
}

function edeOption(e: ExtendedError): EdnsOption {
  const text = Buffer.from(e.text ?? '', 'utf8');
  const data = Buffer.alloc(2 + text.length);
  data.writeUInt16BE(e.code, 0);
  text.copy(data, 2);
  return { code: EdnsOptionCode.EDE, data };
}

/**
 * RFC 7871 7.2.1: an authoritative server that does not tailor answers to the client
 * subnet echoes ECS with SCOPE PREFIX-LENGTH 0 (BIND does). Returns the option to send,
 * null when the query's ECS is malformed (RFC 7871 6: FORMERR), undefined without ECS.
 */
export function ecsReply(options: readonly EdnsOption[]): EdnsOption | null | undefined {
  const ecs = options.find((o) => o.code === EdnsOptionCode.ECS);
  if (!ecs) return undefined;
  const d = ecs.data;
  if (d.length < 4) return null;
  const family = d.readUInt16BE(0);
  const source = d[2];
  const max = family === 1 ? 32 : family === 2 ? 128 : -1;
  if (max < 0 || source > max || d.length - 4 !== Math.ceil(source / 8)) return null;
  if (source % 8 !== 0 && (d[d.length - 1] & (0xff >> (source % 8))) !== 0) return null;
  const out = Buffer.from(d);
  out[3] = 0;
  return { code: EdnsOptionCode.ECS, data: out };
}

/** BIND's tcp-advertised-timeout default: 30 s, in units of 100 ms (RFC 7828 3.1). */
export const TCP_KEEPALIVE_TIMEOUT = 300;

const u16 = (v: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
};

/**
 * The response's OPT: EXPIRE (RFC 7314, BIND sends it for a SOA answer from the apex),
 * ECS, TCP keepalive (RFC 7828, over TCP when asked), EDE, in BIND's order.
 */
function responseOpt(query: ParsedQuery, rcode: number, ede?: ExtendedError, expire?: number, keepalive = TCP_KEEPALIVE_TIMEOUT): ResponseOpt | undefined {
  if (!query.edns) return undefined;
  const options: EdnsOption[] = [];
  // BIND's order (ns_client_addopt): NSID, COOKIE, EXPIRE, ECS, TCP keepalive, EDE. BIND
  // 9.18's BADVERS carries no option at all, not even the cookie (measured).
  if (rcode !== Rcode.BADVERS) {
    if (query.replyCookie) options.push({ code: EdnsOptionCode.COOKIE, data: query.replyCookie });
    const asked = (code: number) => query.edns?.options.some((o) => o.code === code) === true;
    if (expire !== undefined && asked(EdnsOptionCode.EXPIRE)) {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(expire);
      options.push({ code: EdnsOptionCode.EXPIRE, data: b });
    }
    const ecs = ecsReply(query.edns.options);
    if (ecs) options.push(ecs);
    if (query.transport === 'tcp' && asked(EdnsOptionCode.TCP_KEEPALIVE)) {
      options.push({ code: EdnsOptionCode.TCP_KEEPALIVE, data: u16(keepalive) });
    }
  }
  if (ede) options.push(edeOption(ede));
  return { udpSize: OUR_UDP_SIZE, extRcode: rcode >> 4, version: 0, do: query.edns.do, options };
}

/** True when a COOKIE option of the query has a length RFC 7873 4 does not allow. */
function malformedCookie(options: readonly EdnsOption[]): boolean {
  return options.some((o) => o.code === EdnsOptionCode.COOKIE && parseCookie(o.data) === null);
}

/** The SOA EXPIRE to report when the answer is the apex SOA itself (RFC 7314 2). */
function apexSoaExpire(query: ParsedQuery, res: Resolution): number | undefined {
  if (query.question.type !== RRType.SOA || res.rcode !== Rcode.NOERROR || !res.aa) return undefined;
  const soa = res.answer.find((rr) => rr.type === RRType.SOA);
  if (!soa || nameKey(soa.name) !== nameKey(query.question.name)) return undefined;
  const rd = soa.rdatas[0];
  return rd.readUInt32BE(rd.length - 8);
}

/** An answer with no records: an error (no AA, no AD) or a bare status. */
function bare(query: ParsedQuery, rcode: number, opts: { question: boolean; aa?: boolean; ede?: ExtendedError }): Buffer {
  return encodeMessage(
    {
      id: query.id,
      flags: {
        // BIND keeps RD and CD in replies to QUERY only (measured for NOTIFY, UPDATE, IQUERY).
        qr: true, opcode: query.opcode, aa: opts.aa === true, tc: false, rd: query.opcode === Opcode.QUERY && query.rd,
        ra: false, ad: false, cd: query.opcode === Opcode.QUERY && query.cd, rcode: rcode & 0xf,
      },
      question: opts.question ? query.question : undefined,
      answer: [],
      authority: [],
      additional: [],
      opt: responseOpt(query, rcode, opts.ede),
    },
    { maxSize: maxResponseSize(query) },
  ).bytes;
}

/**
 * A NOTIFY a secondary zone refuses (from a non-primary): REFUSED with the question, no AA
 * (BIND's ns/notify.c sets AA on NOERROR only).
 */
export function refusedNotify(query: ParsedQuery): Buffer {
  return bare(query, Rcode.REFUSED, { question: true });
}

/**
 * RFC 7873 5.2.3 / 8: BADCOOKIE (extended RCODE 23) with the question and a fresh server
 * cookie, no AA: BIND's answer over UDP under require-server-cookie.
 */
export function badCookieReply(query: ParsedQuery): Buffer {
  return bare(query, Rcode.BADCOOKIE, { question: true });
}

/**
 * REFUSED with EDE 18 (Prohibited, RFC 8914 4.19) and the question: BIND 9.18's answer when
 * no view takes the client, or allow-query or allow-transfer denies it (measured).
 */
export function prohibited(query: ParsedQuery): Buffer {
  return bare(query, Rcode.REFUSED, { question: true, ede: { code: EdeCode.PROHIBITED } });
}

/** The resolution with each RRset's records in rrset-order (rrset-order.ts), every section. */
function ordered(res: Resolution, orderer: RrsetOrderer, onVaried?: () => void): Resolution {
  const map = (rrs: RRset[]) =>
    rrs.map((rr) => {
      if (rr.rdatas.length > 1 && orderer.varies(rr)) onVaried?.();
      return orderer.order(rr);
    });
  return { ...res, answer: map(res.answer), authority: map(res.authority), additional: map(res.additional) };
}

/** The zone whose apex is exactly `name`, if loaded. */
function apexZone(zones: ZoneSet, name: string) {
  const z = zones.find(name);
  return z && nameKey(z.origin) === nameKey(name) ? z : undefined;
}

function notifyOrUpdate(zones: ZoneSet, query: ParsedQuery): Buffer {
  const q = query.question;
  if (q.type !== RRType.SOA) return bare(query, Rcode.FORMERR, { question: true });
  const zone = q.class === DnsClass.IN ? apexZone(zones, q.name) : undefined;
  if (!zone) return bare(query, Rcode.NOTAUTH, { question: true });
  if (query.opcode === Opcode.NOTIFY) return bare(query, Rcode.NOERROR, { question: true, aa: true });
  return bare(query, Rcode.REFUSED, { question: true });
}

/** Room for the first transfer message's OPT (11 octets, a cookie of 40, keepalive, EXPIRE...). */
const OPT_ROOM = 128;

/** One RRset per record, so that a transfer message may end anywhere. */
function single(rr: ResourceRecord): RRset {
  return { name: rr.name, type: rr.type, ttl: rr.ttl, rdatas: [rr.rdata] };
}

/**
 * The records of a transfer in as many messages as it takes (RFC 5936 2.2), the question
 * and OPT in the first only, AA set.
 */
function transferMessages(query: ParsedQuery, records: readonly RRset[]): Buffer[] {
  const out: Buffer[] = [];
  const maxSize = TCP_MAX_SIZE - (query.reserve ?? 0);
  const encode = (i: number, answer: readonly RRset[], withOpt: boolean, size: number) =>
    encodeMessage(
      {
        id: query.id,
        flags: { qr: true, opcode: query.opcode, aa: true, tc: false, rd: query.rd, ra: false, ad: false, cd: query.cd, rcode: 0 },
        question: i === 0 ? query.question : undefined,
        answer,
        authority: [],
        additional: [],
        opt: withOpt ? responseOpt(query, Rcode.NOERROR) : undefined,
      },
      { maxSize: size },
    ).bytes;
  for (let i = 0; i < records.length; ) {
    let bytes = encode(i, records.slice(i), false, maxSize);
    let n = bytes.readUInt16BE(6);
    // The first message carries the OPT; the encoder cuts a truncated message with an OPT back
    // to its question (what a UDP answer needs), so its records are counted without the OPT,
    // in room left for it, and then encoded with it.
    if (i === 0 && query.edns) {
      n = encode(i, records.slice(i), false, maxSize - OPT_ROOM).readUInt16BE(6);
      bytes = encode(i, records.slice(i, i + n), true, maxSize);
    }
    if (n === 0) return [bare(query, Rcode.SERVFAIL, { question: true })];
    bytes[2] &= ~0x02; // a message that ends early is not truncated: the next one continues
    out.push(bytes);
    i += n;
  }
  return out;
}

/** The whole zone as RFC 5936 2.2 sends it: the SOA, every RRset in canonical order (RFC 4034 6.1; BIND's order), the SOA again. */
function axfrRecords(zone: Zone, soa: RRset): RRset[] {
  const records: RRset[] = [];
  const push = (rr: RRset): void => {
    for (const rd of rr.rdatas) records.push({ name: rr.name, type: rr.type, ttl: rr.ttl, rdatas: [rd] });
  };
  push(soa);
  for (const node of allNodes(zone)) {
    for (const rr of rrsetsWithSigs(node)) if (rr !== soa && rr.type !== RRType.SOA) push(rr);
  }
  push(soa);
  return records;
}

/**
 * A zone transfer (RFC 5936 AXFR, RFC 1995 IXFR; ixfr.ts says what BIND answers): NOTAUTH
 * unless the name is a loaded zone's apex; an AXFR over UDP and an IXFR without the
 * client's SOA are FORMERR (BIND); an IXFR over UDP gets the current SOA alone, without AA
 * (measured); over TCP the SOA alone, the difference sequences from the journal, or the
 * whole zone.
 */
function transfer(zones: ZoneSet, query: ParsedQuery, opts: RespondOptions): Buffer[] {
  const zone = apexZone(zones, query.question.name);
  if (!zone) return [bare(query, Rcode.NOTAUTH, { question: true })];
  // allow-transfer is checked before the transport (BIND 9.18 refuses over UDP too, measured).
  if (opts.policy && !opts.policy.transferAllowed(zone)) return [prohibited(query)];
  const ixfr = query.question.type === RRType.IXFR;
  if ((query.transport === 'udp' && !ixfr) || (ixfr && query.ixfrSerial === undefined)) {
    return [bare(query, Rcode.FORMERR, { question: true })];
  }
  // A zone that failed to load has nothing to transfer: SERVFAIL (BIND, measured).
  if (zone.loadError !== undefined) return [bare(query, Rcode.SERVFAIL, { question: true })];
  const soa = zone.node(zone.origin)?.rrsets.get(RRType.SOA);
  if (!soa) return [bare(query, Rcode.SERVFAIL, { question: true })];
  if (ixfr && query.transport === 'udp') {
    const msg = {
      id: query.id,
      flags: { qr: true, opcode: query.opcode, aa: false, tc: false, rd: query.rd, ra: false, ad: false, cd: query.cd, rcode: 0 },
      question: query.question, answer: [soa], authority: [], additional: [], opt: responseOpt(query, Rcode.NOERROR),
    };
    return [encodeMessage(msg, { maxSize: maxResponseSize(query) }).bytes];
  }
  if (ixfr) {
    const t = opts.transfers;
    const plan = planIxfr(zone, query.ixfrSerial!, t?.journal(zone), t?.policy?.(zone.origin));
    if (plan.kind === 'soa') return transferMessages(query, [soa]);
    if (plan.kind === 'ixfr') return transferMessages(query, ixfrRecords(apexSoa(zone), plan.transactions).map(single));
  }
  return transferMessages(query, axfrRecords(zone, soa));
}

const ERROR_RCODES = new Set<number>([Rcode.FORMERR, Rcode.NOTIMP, Rcode.REFUSED, Rcode.NOTAUTH]);

/** Encodes a Resolution as the response to `query`. */
export function encodeResolution(query: ParsedQuery, res: Resolution, opts: RespondOptions = {}): Buffer {
  const error = ERROR_RCODES.has(res.rcode);
  return encodeMessage(
    {
      id: query.id,
      flags: {
        qr: true,
        opcode: query.opcode,
        aa: res.aa && !error,
        tc: false,
        rd: query.rd,
        ra: false,
        ad: !error && (query.ad || query.edns?.do === true),
        cd: query.cd,
        rcode: res.rcode & 0xf,
      },
      question: query.question,
      answer: res.answer,
      authority: res.authority,
      additional: res.additional,
      opt: responseOpt(query, res.rcode, res.ede, apexSoaExpire(query, res), opts.tcpKeepalive),
    },
    { maxSize: maxResponseSize(query), preferAAAA: opts.preferAAAA },
  ).bytes;
}

/**
 * Every message of the response to one query: one, except for an AXFR over TCP, which
 * may take several (RFC 5936 2.2). The TCP transport should send them all in order.
 */
export function respondMany(zones: ZoneSet, query: ParsedQuery, opts: RespondOptions = {}): Buffer[] {
  const q = query.question;
  if (
    query.opcode === Opcode.QUERY &&
    !(query.edns && query.edns.version > 0) &&
    (q.type === RRType.AXFR || q.type === RRType.IXFR) &&
    q.class === DnsClass.IN
  ) {
    return transfer(zones, query, opts);
  }
  return [respond(zones, query, opts)];
}

/**
 * The complete response to one query (see the file comment). Pure; never throws on data.
 * An AXFR that needs more than one message gets its first here: use respondMany.
 */
export function respond(zones: ZoneSet, query: ParsedQuery, opts: RespondOptions = {}): Buffer {
  // RFC 7873 5.2.2: a COOKIE option of a bad length makes the OPT malformed; BIND rejects
  // the message while parsing it, before any option is acted on (an OPT with no options).
  if (query.edns && malformedCookie(query.edns.options)) {
    return bare({ ...query, edns: { ...query.edns, options: [] }, replyCookie: undefined }, Rcode.FORMERR, { question: true });
  }
  if (query.edns && query.edns.version > 0) return bare(query, Rcode.BADVERS, { question: true });
  if (query.edns && ecsReply(query.edns.options) === null) return bare(query, Rcode.FORMERR, { question: true });
  if (query.opcode === Opcode.NOTIFY || query.opcode === Opcode.UPDATE) return notifyOrUpdate(zones, query);
  if (query.opcode !== Opcode.QUERY) return bare(query, Rcode.NOTIMP, { question: false });
  const q = query.question;
  const policy = opts.policy;
  if ((q.type === RRType.AXFR || q.type === RRType.IXFR) && q.class === DnsClass.IN) return transfer(zones, query, opts)[0];
  if (policy && q.class === DnsClass.IN) {
    const zone = zones.find(q.name);
    if (zone && !policy.queryAllowed(zone)) return prohibited(query);
  }
  // BIND answers minimally over UDP when the client's EDNS buffer is 512 octets or less.
  const minimal = query.transport === 'udp' && query.edns !== undefined && query.edns.udpSize <= CLASSIC_UDP_SIZE;
  const res = resolve(zones, q, { rd: query.rd, do: query.edns?.do, minimal, minimalResponses: policy?.minimalResponses });
  return encodeResolution(query, policy ? ordered(res, policy.orderer, opts.onVaried) : res, opts);
}

/**
 * A FORMERR response for a query the server could not parse (RFC 1035 4.1.1): the ID and
 * opcode, the question bytes as received when they parsed (`rawQuestion`: name, type,
 * class), and an OPT when the query had one.
 */
export function formErr(
  id: number,
  opcode: number,
  rawQuestion?: Buffer,
  opts: { rd?: boolean; cd?: boolean; edns?: boolean } = {},
): Buffer {
  const q = rawQuestion ?? Buffer.alloc(0);
  const out = Buffer.alloc(12 + q.length + (opts.edns ? 11 : 0));
  out.writeUInt16BE(id & 0xffff, 0);
  out[2] = 0x80 | ((opcode & 0xf) << 3) | (opts.rd ? 1 : 0);
  out[3] = (opts.cd ? 0x10 : 0) | Rcode.FORMERR;
  out.writeUInt16BE(q.length > 0 ? 1 : 0, 4);
  q.copy(out, 12);
  if (opts.edns) {
    const o = 12 + q.length;
    out.writeUInt16BE(RRType.OPT, o + 1);
    out.writeUInt16BE(OUR_UDP_SIZE, o + 3);
    out.writeUInt16BE(1, 10);
  }
  return out;
}

export interface QuestionOptions {
  rd?: boolean;
  transport?: 'udp' | 'tcp';
  /** EDNS UDP size; omit for a query without EDNS. */
  udpSize?: number;
  do?: boolean;
  ad?: boolean;
  cd?: boolean;
  class?: number;
  opcode?: number;
  id?: number;
  ednsVersion?: number;
}

/** Builds the ParsedQuery for a question (tests, the lab's in-process `query()`). */
export function queryFor(name: string, type: number, opts: QuestionOptions = {}): ParsedQuery {
  const question: Question = { name: name.endsWith('.') ? name : name + '.', type, class: opts.class ?? DnsClass.IN };
  nameToWire(question.name); // validates the name (throws NameError)
  return {
    id: opts.id ?? 0,
    opcode: opts.opcode ?? Opcode.QUERY,
    rd: opts.rd ?? false,
    cd: opts.cd ?? false,
    ad: opts.ad ?? false,
    question,
    edns:
      opts.udpSize === undefined
        ? undefined
        : { version: opts.ednsVersion ?? 0, udpSize: opts.udpSize, do: opts.do ?? false, options: [] },
    transport: opts.transport ?? 'udp',
  };
}

/** Convenience: the response bytes to one question. */
export function respondToQuestion(zones: ZoneSet, name: string, type: number, opts: QuestionOptions = {}): Buffer {
  return respond(zones, queryFor(name, type, opts));
}
