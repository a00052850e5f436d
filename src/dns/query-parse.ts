/**
 * Hot-path query parsing (RFC 1035 4.1.1 header, 4.1.2 question, 4.1.4 compression;
 * RFC 6891 6.1.1 OPT). Hand-written on purpose: dns-packet's decode builds a full object
 * graph (names as strings, every RR an object) for every datagram, which is most of the
 * cost of the "obvious" server (GUIDE section 7: ~0.4x BIND). Here a query is validated
 * in one pass over the bytes, and the only allocation on a cache hit is the key string.
 *
 * What is rejected and how follows BIND 9.18 (measured against named on loopback):
 * - fewer than 12 bytes, or QR=1: dropped (no reply; over TCP the connection is closed);
 * - a question or RR that runs past the end, bad label types, bad or forward compression
 *   pointers: FORMERR, without the question if the question itself did not parse, with
 *   it (and without OPT) when a later section is broken;
 * - QDCOUNT other than 1: FORMERR without the question (with an OPT when the query had one
 *   and QDCOUNT was 0);
 * - more than one OPT, an OPT not owned by the root, an OPT outside the additional
 *   section, OPT RDATA whose options do not fill it exactly: FORMERR with the question;
 * - opcodes other than QUERY (0), NOTIFY (4) and UPDATE (5): NOTIMP without the question;
 * - ANCOUNT/NSCOUNT records in a query, trailing bytes: parsed (or ignored), answered.
 */
import { labelsToName } from '../wire/name.js';

import type { EdnsOption, ParsedQuery } from './message.js';

export type { EdnsOption, ParsedQuery };
export type Transport = ParsedQuery['transport'];

/** RR type numbers the parser looks at. */
const T_OPT = 41;
const T_TSIG = 250;
const T_SIG = 24;
const T_SOA = 6;
const T_IXFR = 251;

/** The scan of a well-formed query: offsets into the message, no strings but the key. */
export interface QueryView {
  readonly id: number;
  readonly opcode: number;
  /** Header bytes 2-3 as sent. */
  readonly flags: number;
  readonly rd: boolean;
  readonly cd: boolean;
  readonly ad: boolean;
  /** The question name occupies [12, qnameEnd); the question [12, questionEnd). */
  readonly qnameEnd: number;
  readonly questionEnd: number;
  readonly qtype: number;
  readonly qclass: number;
  /** True when the question name used a compression pointer (then the cache is bypassed). */
  readonly qnameCompressed: boolean;
  /** True when the question name holds an ASCII capital letter. */
  readonly qnameUpper: boolean;
  readonly edns: boolean;
  readonly ednsVersion: number;
  readonly udpSize: number;
  readonly do: boolean;
  /** OPT RDATA span [optRdataStart, optRdataEnd) (empty when no EDNS or no options). */
  readonly optRdataStart: number;
  readonly optRdataEnd: number;
  /** Offset of a TSIG or SIG(0) record in the additional section, else -1. */
  readonly sigOffset: number;
  readonly transport: Transport;
  /**
   * Cache key: the question name in wire form (ASCII letters lower-cased with `foldCase`;
   * see answer-cache.ts for why that is not the default), QTYPE,
   * QCLASS, then the bits that change the answer (RD, AD, CD, EDNS present, DO, TCP) and,
   * over UDP with EDNS, the client's UDP payload size (it decides truncation).
   */
  readonly key: string;
}

export interface ParseFailure {
  readonly error: 'drop' | 'formerr' | 'notimp';
  readonly id: number;
  readonly opcode: number;
  readonly flags: number;
  /** End of a well-formed question to echo, or 0 for none. */
  readonly questionEnd: number;
  /** Set when the reply should carry an OPT (BIND does so for QDCOUNT=0 with EDNS). */
  readonly edns: boolean;
}

export const DROP: ParseFailure = Object.freeze({ error: 'drop', id: 0, opcode: 0, flags: 0, questionEnd: 0, edns: false });

/** Scratch for building the key: one name (255) + type/class (4) + flags (1) + size (2). */
const scratch = Buffer.allocUnsafe(272);

function fail(error: 'formerr' | 'notimp', msg: Buffer, questionEnd = 0, edns = false): ParseFailure {
  const flags = msg.readUInt16BE(2);
  return { error, id: msg.readUInt16BE(0), opcode: (flags >> 11) & 0xf, flags, questionEnd, edns };
}

/**
 * Walks a possibly compressed name at `off` (RFC 1035 4.1.4). Returns the offset after the
 * name as it sits in the message, or -1 when it is malformed. Like BIND, every pointer must
 * point strictly before the previous one (which rules out loops and forward pointers).
 */
export function skipName(msg: Buffer, off: number): number {
  const len = msg.length;
  let pos = off;
  let end = -1;
  let lowest = off;
  let total = 1;
  for (;;) {
    if (pos >= len) return -1;
    const b = msg[pos];
    if (b === 0) return end < 0 ? pos + 1 : end;
    if (b < 64) {
      total += b + 1;
      if (total > 255) return -1;
      pos += b + 1;
      continue;
    }
    if (b < 0xc0) return -1; // RFC 6891 deprecates the 01/10 label types: FORMERR as BIND
    if (pos + 1 >= len) return -1;
    const target = ((b & 0x3f) << 8) | msg[pos + 1];
    if (target >= lowest) return -1;
    if (end < 0) end = pos + 2;
    lowest = target;
    pos = target;
  }
}

/** Reads RR header fields after a name: returns the offset after the RR, or -1. */
function skipRR(msg: Buffer, off: number): number {
  const p = skipName(msg, off);
  if (p < 0 || p + 10 > msg.length) return -1;
  const next = p + 10 + msg.readUInt16BE(p + 8);
  return next > msg.length ? -1 : next;
}

/**
 * The serial of the SOA in the authority section of an IXFR request (RFC 1995 3), or
 * undefined when there is none (the question ends at `questionEnd`, no answer records).
 */
export function ixfrRequestSerial(msg: Buffer, questionEnd: number): number | undefined {
  const ancount = msg.readUInt16BE(6);
  const nscount = msg.readUInt16BE(8);
  let p = questionEnd;
  for (let i = 0; i < ancount + nscount; i++) {
    const n = skipName(msg, p);
    if (n < 0 || n + 10 > msg.length) return undefined;
    const type = msg.readUInt16BE(n);
    const rdlen = msg.readUInt16BE(n + 8);
    const end = n + 10 + rdlen;
    if (end > msg.length) return undefined;
    if (i >= ancount && type === T_SOA && rdlen >= 20) return msg.readUInt32BE(end - 20);
    p = end;
  }
  return undefined;
}

/**
 * Validates `msg` as a DNS query and returns a view of it (see file comment for what is
 * rejected). Never throws, for any input. `foldCase` lower-cases the name in the key.
 */
export function scanQuery(msg: Buffer, transport: Transport, foldCase = false): QueryView | ParseFailure {
  const len = msg.length;
  if (len < 12) return DROP;
  const flags = (msg[2] << 8) | msg[3];
  if (flags & 0x8000) return DROP; // RFC 1035 4.1.1: QR=1 is a response, never answered
  const opcode = (flags >> 11) & 0xf;
  const qdcount = (msg[4] << 8) | msg[5];
  const ancount = (msg[6] << 8) | msg[7];
  const nscount = (msg[8] << 8) | msg[9];
  const arcount = (msg[10] << 8) | msg[11];

  // Question (RFC 1035 4.1.2), lower-cased into the key as it is validated.
  let pos = 12;
  let k = 0;
  let qnameEnd = 12;
  let questionEnd = 12;
  let qtype = 0;
  let qclass = 0;
  let compressed = false;
  let upper = false;
  if (qdcount >= 1) {
    let total = 1;
    let lowest = 12;
    let end = -1;
    for (;;) {
      if (pos >= len) return fail('formerr', msg);
      const b = msg[pos];
      if (b === 0) {
        scratch[k++] = 0;
        pos = end < 0 ? pos + 1 : end;
        break;
      }
      if (b < 64) {
        total += b + 1;
        if (total > 255 || pos + 1 + b > len) return fail('formerr', msg);
        scratch[k++] = b;
        for (let i = pos + 1, e = pos + 1 + b; i < e; i++) {
          const c = msg[i];
          if (c >= 0x41 && c <= 0x5a) {
            upper = true;
            scratch[k++] = foldCase ? c | 0x20 : c;
          } else scratch[k++] = c;
        }
        pos += b + 1;
        continue;
      }
      if (b < 0xc0 || pos + 1 >= len) return fail('formerr', msg);
      const target = ((b & 0x3f) << 8) | msg[pos + 1];
      if (target >= lowest) return fail('formerr', msg);
      compressed = true;
      if (end < 0) end = pos + 2;
      lowest = target;
      pos = target;
    }
    qnameEnd = pos;
    if (pos + 4 > len) return fail('formerr', msg);
    qtype = (msg[pos] << 8) | msg[pos + 1];
    qclass = (msg[pos + 2] << 8) | msg[pos + 3];
    pos += 4;
    questionEnd = pos;
    // Further questions: parsed so that a broken one is a FORMERR like any other.
    for (let i = 1; i < qdcount; i++) {
      const p = skipName(msg, pos);
      if (p < 0 || p + 4 > len) return fail('formerr', msg);
      pos = p + 4;
    }
  }
  const echo = qdcount === 1 && !compressed ? questionEnd : 0;

  // Answer and authority: skipped, but they must parse, and hold no OPT or TSIG.
  for (let i = 0, n = ancount + nscount; i < n; i++) {
    const p = skipName(msg, pos);
    if (p < 0 || p + 10 > len) return fail('formerr', msg, echo);
    const t = (msg[p] << 8) | msg[p + 1];
    if (t === T_OPT || t === T_TSIG) return fail('formerr', msg, echo);
    const next = p + 10 + ((msg[p + 8] << 8) | msg[p + 9]);
    if (next > len) return fail('formerr', msg, echo);
    pos = next;
  }

  // Additional: at most one OPT, owned by the root (RFC 6891 6.1.1); TSIG/SIG(0) last
  // (RFC 8945 5.1, RFC 2931 3.1).
  let edns = false;
  let ednsVersion = 0;
  let udpSize = 0;
  let dnssecOk = false;
  let optStart = 0;
  let optEnd = 0;
  let sigOffset = -1;
  for (let i = 0; i < arcount; i++) {
    const start = pos;
    const p = skipName(msg, pos);
    if (p < 0 || p + 10 > len) return fail('formerr', msg, echo);
    const t = (msg[p] << 8) | msg[p + 1];
    const rdlen = (msg[p + 8] << 8) | msg[p + 9];
    const next = p + 10 + rdlen;
    if (next > len) return fail('formerr', msg, echo);
    if (sigOffset >= 0) return fail('formerr', msg, echo); // something after the signature
    if (t === T_OPT) {
      if (edns || p !== start + 1) return fail('formerr', msg, echo);
      // Options must fill the RDATA exactly (RFC 6891 6.1.2).
      let o = p + 10;
      while (o < next) {
        if (o + 4 > next) return fail('formerr', msg, echo);
        o += 4 + ((msg[o + 2] << 8) | msg[o + 3]);
      }
      if (o !== next) return fail('formerr', msg, echo);
      edns = true;
      udpSize = (msg[p + 2] << 8) | msg[p + 3];
      ednsVersion = msg[p + 5];
      dnssecOk = (msg[p + 6] & 0x80) !== 0;
      optStart = p + 10;
      optEnd = next;
    } else if (t === T_TSIG || t === T_SIG) {
      sigOffset = start;
    }
    pos = next;
  }

  if (opcode !== 0 && opcode !== 4 && opcode !== 5) return fail('notimp', msg);
  if (qdcount !== 1) return fail('formerr', msg, 0, qdcount === 0 && edns);

  const rd = (flags & 0x0100) !== 0;
  const ad = (flags & 0x0020) !== 0;
  const cd = (flags & 0x0010) !== 0;
  scratch[k++] = qtype >> 8;
  scratch[k++] = qtype & 0xff;
  scratch[k++] = qclass >> 8;
  scratch[k++] = qclass & 0xff;
  scratch[k++] =
    (rd ? 1 : 0) | (ad ? 2 : 0) | (cd ? 4 : 0) | (edns ? 8 : 0) | (dnssecOk ? 16 : 0) | (transport === 'tcp' ? 32 : 0);
  if (edns && transport === 'udp') {
    scratch[k++] = udpSize >> 8;
    scratch[k++] = udpSize & 0xff;
  }
  return {
    id: (msg[0] << 8) | msg[1],
    opcode,
    flags,
    rd,
    cd,
    ad,
    qnameEnd,
    questionEnd,
    qtype,
    qclass,
    qnameCompressed: compressed,
    qnameUpper: upper,
    edns,
    ednsVersion,
    udpSize,
    do: dnssecOk,
    optRdataStart: optStart,
    optRdataEnd: optEnd,
    sigOffset,
    transport,
    key: scratch.toString('latin1', 0, k),
  };
}

export function isFailure(r: QueryView | ParseFailure): r is ParseFailure {
  return (r as ParseFailure).error !== undefined;
}

/** Reads the question name as canonical presentation text, in the letter case sent. */
export function questionName(msg: Buffer): string {
  const labels: Buffer[] = [];
  let pos = 12;
  let lowest = 12;
  for (let guard = 0; guard < 256; guard++) {
    const b = msg[pos];
    if (b === 0 || b === undefined) break;
    if (b >= 0xc0) {
      const target = ((b & 0x3f) << 8) | msg[pos + 1];
      if (target >= lowest) break; // scanQuery has already rejected this
      lowest = pos = target;
      continue;
    }
    labels.push(msg.subarray(pos + 1, pos + 1 + b));
    pos += b + 1;
  }
  return labelsToName(labels);
}

/** The EDNS options of a scanned query (RFC 6891 6.1.2), copied out of the message. */
export function ednsOptions(msg: Buffer, view: QueryView): EdnsOption[] {
  const out: EdnsOption[] = [];
  for (let o = view.optRdataStart; o + 4 <= view.optRdataEnd; ) {
    const code = msg.readUInt16BE(o);
    const l = msg.readUInt16BE(o + 2);
    out.push({ code, data: Buffer.from(msg.subarray(o + 4, o + 4 + l)) });
    o += 4 + l;
  }
  return out;
}

/** Builds the full ParsedQuery (strings and all) from a view: the cache-miss path. */
export function toParsedQuery(msg: Buffer, view: QueryView): ParsedQuery {
  return {
    id: view.id,
    opcode: view.opcode,
    rd: view.rd,
    cd: view.cd,
    ad: view.ad,
    question: { name: questionName(msg), type: view.qtype, class: view.qclass },
    edns: view.edns
      ? { version: view.ednsVersion, udpSize: view.udpSize, do: view.do, options: ednsOptions(msg, view) }
      : undefined,
    transport: view.transport,
    ixfrSerial: view.qtype === T_IXFR ? ixfrRequestSerial(msg, view.questionEnd) : undefined,
  };
}

export type ParseQueryResult =
  | (ParsedQuery & { questionSpan: { offset: number; length: number }; key: string })
  | { error: 'drop' }
  | { error: 'formerr' | 'notimp'; id: number; opcode: number };

/**
 * The whole parse in one call (for callers off the hot path): a ParsedQuery with the
 * question's wire span and cache key, or why the message gets no normal answer.
 */
export function parseQuery(msg: Buffer, transport: Transport): ParseQueryResult {
  const v = scanQuery(msg, transport);
  if (isFailure(v)) return v.error === 'drop' ? { error: 'drop' } : { error: v.error, id: v.id, opcode: v.opcode };
  return { ...toParsedQuery(msg, v), questionSpan: { offset: 12, length: v.questionEnd - 12 }, key: v.key };
}
