/**
 * What response rate limiting (rrl.ts) needs from a response, read from its bytes and the
 * zones, and the truncated reply sent when a response slips. Pure.
 *
 * The kind and name BIND 9.18 counts a response under (lib/ns/query.c query_checkrrl, once
 * per query, at the first answer found; lib/ns/client.c ns_client_error for errors):
 * - an answer (ANCOUNT > 0, a CNAME chain included): 'query', the QNAME, or for an answer
 *   from a wildcard the wildcard's parent (BIND skips a wildcard's first label);
 * - NXDOMAIN without an answer: 'nxdomain', the zone's origin (dns_db_origin);
 * - NOERROR, no answer, no AA, NS in authority: 'referral', the delegation's owner;
 * - NOERROR, no answer otherwise: 'nodata', as an answer's name;
 * - another RCODE: 'error', no name. FORMERR, NOTIMP, BADVERS and BADCOOKIE answer before
 *   a view is chosen in BIND (message parsing, EDNS) and are never limited: undefined.
 */
import { nameFromWire, nameKey, parentName } from '../wire/name.js';
import type { ZoneSet } from '../zones/zone-types.js';
import type { RrlKind } from './rrl.js';
import type { QueryView } from './query-parse.js';
import { errorReply } from './handler.js';

export interface RrlClass {
  kind: RrlKind;
  name: string;
}

const NS = 2;
const RCODE_NXDOMAIN = 3;
const NOT_LIMITED_RCODES = new Set([1, 4]);

/** The name BIND keys an answer or NODATA under: the QNAME, or a wildcard's parent when the name is not in the zone. */
function answerName(zones: ZoneSet, qname: string): string {
  const zone = zones.find(qname);
  if (!zone || zone.exists(qname)) return nameKey(qname);
  const origin = nameKey(zone.origin);
  let ce = parentName(qname);
  while (nameKey(ce) !== origin && !zone.exists(ce)) ce = parentName(ce);
  return nameKey(ce);
}

/** The class of `response` (the answer to the query `v` of `msg`), or undefined when BIND would not limit it. */
export function rrlClass(response: Buffer, msg: Buffer, v: QueryView, zones: ZoneSet): RrlClass | undefined {
  if (response.length < 12 || v.opcode !== 0 || v.ednsVersion > 0) return undefined;
  const rcode = response[3] & 0x0f;
  if (NOT_LIMITED_RCODES.has(rcode)) return undefined;
  const qname = () => nameFromWire(msg, 12).name;
  const ancount = response.readUInt16BE(6);
  if (rcode !== 0 && rcode !== RCODE_NXDOMAIN) return { kind: 'error', name: '' };
  if (ancount > 0) return { kind: 'query', name: answerName(zones, qname()) };
  if (rcode === RCODE_NXDOMAIN) {
    const zone = zones.find(qname());
    return { kind: 'nxdomain', name: zone ? nameKey(zone.origin) : '' };
  }
  const aa = (response[2] & 0x04) !== 0;
  const nscount = response.readUInt16BE(8);
  if (!aa && nscount > 0 && response.length >= v.questionEnd + 4) {
    const owner = nameFromWire(response, v.questionEnd);
    if (owner.next + 2 <= response.length && response.readUInt16BE(owner.next) === NS) return { kind: 'referral', name: nameKey(owner.name) };
  }
  return { kind: 'nodata', name: answerName(zones, qname()) };
}

/**
 * The reply to a slipped response (measured, BIND 9.18): the header with QR, AA and TC set,
 * RD and CD as asked, AD when asked for or DO is set (as in BIND's answers), RCODE NXDOMAIN for an NXDOMAIN and NOERROR otherwise, the question
 * and, when the query had EDNS, an OPT (UDP size 1232, DO as asked); nothing else.
 */
export function slipReply(msg: Buffer, v: QueryView, kind: RrlKind): Buffer {
  const out = errorReply(msg, kind === 'nxdomain' ? RCODE_NXDOMAIN : 0, v.questionEnd, v.edns);
  out[2] |= 0x04 | 0x02;
  if ((msg[3] & 0x20) !== 0 || (v.edns && v.do)) out[3] |= 0x20;
  if (v.edns && v.do) out[v.questionEnd + 7] |= 0x80;
  return out;
}
