/**
 * labnet against BIND 9.18, byte for byte where BIND's behaviour is defined.
 *
 * BIND (`named -g -n 1`, recursion no, otherwise defaults) and labnet load
 * the same files: fixtures/conformance/named.conf and fixtures/lab/named.conf. Each query
 * below is built once and the same bytes go to both, over UDP and over TCP; one test per
 * (transport, query), named after the rule it checks, so the count of agreements shows.
 *
 * Compared, section by section:
 * - header: QR, OPCODE, AA, TC, RD, RA, Z, AD, CD, RCODE, ID and the four counts;
 * - question: exact, letter case included (RFC 1035 4.1.2);
 * - answer: the sequence of RRsets in order (CNAME/DNAME chains are ordered, RFC 1034
 *   4.3.2), each RRset as a sorted set of records with TTLs: BIND's default rrset-order
 *   shuffles records inside an RRset, so only the set is defined;
 * - authority and additional: sorted multisets of records (no RFC orders them; the OPT
 *   record, RFC 6891 6.1.1, may sit anywhere in additional and is compared like a record:
 *   payload size, extended RCODE, version, DO flag, options; both servers share one
 *   cookie-secret, and a server COOKIE is compared as its client cookie, version and
 *   whether it is the right RFC 9018 cookie for this client, helpers/cookies.ts);
 * - the message length, byte-exact: labnet must compress names as BIND does (RFC 1035 4.1.4;
 *   BIND compresses case-sensitively, so a mixed-case question does not compress the owner).
 * A truncated answer (TC=1, RFC 2181 9) holds as many records of the RRset as fit; which
 * ones depends on the shuffle, so there the record RDATA is masked and only owner, type,
 * TTL and count are compared.
 *
 * Every case runs against labnet in one process and with two DNS workers (`labnet serve
 * --dns-workers 2`, src/dns/workers/): the fastest configuration answers as BIND too.
 *
 * Harness check: LABNET_INTEROP_PEER=bind runs a second BIND in labnet's place; every test
 * must then pass (it did when this suite was written).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { startBind, zonesOfNamedConf, type BindInstance } from './helpers/bind.js';
import { exchange, firstReplyAfter, type Endpoint, type Transport } from './helpers/net.js';
import { comparable } from './helpers/compare.js';
import { buildQuery, parseMessage, rrLine, rrMultiset, rrsetsOrdered, type ParsedMessage, type QuerySpec } from './helpers/wire.js';

const ROOT = resolve(import.meta.dirname, '../..');
const NAMED_CONFS = [resolve(ROOT, 'fixtures/conformance/named.conf'), resolve(ROOT, 'fixtures/lab/named.conf')];

const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, DNAME: 39, DS: 43, ANY: 255, CAA: 257 };
const COOKIE = 10; // RFC 7873 option code
/** A COOKIE option of `len` bytes, each `fill` (a client cookie alone when 8). */
const cookie = (len: number, fill: number) => ({ code: COOKIE, data: Buffer.alloc(len, fill) });

interface Case {
  rule: string;
  q: QuerySpec;
  /** Send these bytes instead of the built query (malformed messages). */
  raw?: Buffer;
  /**
   * The server must not answer (RFC 1035 4.1.1: QR=1 is a response, not a query): the
   * message is followed by a probe query on the same socket or connection and the first
   * reply is compared (over TCP both servers close the connection instead).
   */
  dropped?: boolean;
}

// RD=1 unless the case says otherwise: what dig and stub resolvers send.
const q = (name: string, type: number, extra: Partial<QuerySpec> = {}): QuerySpec => ({ name, type, rd: true, ...extra });

const CASES: Case[] = [
  // Positive answers (RFC 1034 4.3.2 step 3a)
  { rule: 'RFC 1034 4.3.2 positive A', q: q('www.conf.test.', T.A) },
  { rule: 'RFC 3596 positive AAAA', q: q('ns1.conf.test.', T.AAAA) },
  { rule: 'RFC 1035 3.3.13 SOA at the apex', q: q('conf.test.', T.SOA) },
  { rule: 'RFC 1035 3.3.11 NS at the apex, addresses in additional', q: q('conf.test.', T.NS) },
  { rule: 'RFC 1035 3.3.9 MX with target addresses in additional', q: q('conf.test.', T.MX) },
  { rule: 'RFC 2782 SRV with target addresses in additional', q: q('_sip._udp.conf.test.', T.SRV) },
  { rule: 'RFC 2782 SRV target that is a CNAME-free host', q: q('_http._tcp.conf.test.', T.SRV) },
  { rule: 'RFC 1035 3.3.14 TXT with several strings', q: q('txt.conf.test.', T.TXT) },
  { rule: 'RFC 8659 CAA', q: q('conf.test.', T.CAA) },
  { rule: 'RFC 3597 unknown type served as stored', q: q('generic.conf.test.', 65280) },
  { rule: 'RFC 1034 4.3.2 explicit TTL on one RRset', q: q('ttl-order.conf.test.', T.A) },
  { rule: 'RFC 1035 3.5 PTR in the reverse zone', q: q('53.2.0.192.in-addr.arpa.', T.PTR) },
  { rule: 'BIND $GENERATE forward record', q: q('host7.conf.test.', T.A) },
  { rule: 'BIND $GENERATE reverse record with offset', q: q('107.2.0.192.in-addr.arpa.', T.PTR) },
  { rule: 'RFC 1035 5.1 $INCLUDE with its own origin', q: q('inc.conf.test.', T.A) },
  { rule: 'RFC 1035 5.1 $INCLUDE CNAME to its origin', q: q('www.inc.conf.test.', T.A) },
  { rule: 'RFC 1035 5.1 origin restored after $INCLUDE', q: q('after-include.conf.test.', T.A) },
  // Negative answers (RFC 2308)
  { rule: 'RFC 2308 2.1 NXDOMAIN with SOA', q: q('nope.conf.test.', T.A) },
  { rule: 'RFC 2308 2.1 NXDOMAIN in the reverse zone', q: q('200.2.0.192.in-addr.arpa.', T.PTR) },
  { rule: 'RFC 2308 2.2 NODATA with SOA', q: q('www.conf.test.', T.MX) },
  { rule: 'RFC 2308 2.2 NODATA for an unknown type', q: q('www.conf.test.', 12345) },
  { rule: 'RFC 2308 2.1 NXDOMAIN below a CNAME owner', q: q('x.alias1.conf.test.', T.A) },
  { rule: 'RFC 4592 2.2.2 empty non-terminal is NODATA', q: q('ent.conf.test.', T.A) },
  { rule: 'RFC 4592 2.2.2 deeper empty non-terminal', q: q('b.ent.conf.test.', T.TXT) },
  { rule: 'RFC 4592 2.2.2 name under an empty non-terminal', q: q('a.b.ent.conf.test.', T.A) },
  // CNAME (RFC 1034 3.6.2, 4.3.2 step 3a)
  { rule: 'RFC 1034 4.3.2 CNAME chain inside the zone', q: q('alias1.conf.test.', T.A) },
  { rule: 'RFC 1034 4.3.2 CNAME chain, AAAA at the end', q: q('alias1.conf.test.', T.AAAA) },
  { rule: 'RFC 1034 3.6.2 query for the CNAME itself', q: q('alias1.conf.test.', T.CNAME) },
  { rule: 'RFC 1034 4.3.2 CNAME to another loaded zone', q: q('ext.conf.test.', T.A) },
  { rule: 'RFC 1034 4.3.2 CNAME from another zone back', q: q('back.other.test.', T.A) },
  { rule: 'RFC 1034 4.3.2 CNAME to a zone and back', q: q('ext2.conf.test.', T.A) },
  { rule: 'RFC 1034 4.3.2 CNAME out of all zones', q: q('out.conf.test.', T.A) },
  { rule: 'RFC 1034 3.6.2 CNAME loop of two', q: q('loop1.conf.test.', T.A) },
  { rule: 'RFC 1034 3.6.2 CNAME to itself', q: q('self.conf.test.', T.A) },
  { rule: 'RFC 1034 3.6.2 CNAME and ANY', q: q('alias2.conf.test.', T.ANY) },
  { rule: 'RFC 2308 2.2 NODATA at the end of a CNAME chain', q: q('alias1.conf.test.', T.MX) },
  { rule: 'RFC 6604 2.1 NXDOMAIN at the end of a CNAME chain', q: q('dangling.conf.test.', T.A) },
  { rule: 'RFC 1034 4.3.2 CNAME into a delegation', q: q('todeleg.conf.test.', T.A) },
  { rule: 'RFC 6672 3.2 CNAME to a name under a DNAME', q: q('todname.conf.test.', T.A) },
  // Wildcards (RFC 4592)
  { rule: 'RFC 4592 3.3.1 wildcard match A', q: q('foo.wild.conf.test.', T.A) },
  { rule: 'RFC 4592 3.3.1 wildcard match TXT', q: q('foo.wild.conf.test.', T.TXT) },
  { rule: 'RFC 4592 3.3.1 wildcard matches several labels', q: q('a.b.wild.conf.test.', T.A) },
  { rule: 'RFC 4592 2.2.1 NODATA at a wildcard', q: q('foo.wild.conf.test.', T.AAAA) },
  { rule: 'RFC 4592 2.2.1 ANY at a wildcard', q: q('foo.wild.conf.test.', T.ANY) },
  { rule: 'RFC 4592 2.2.1 no wildcard for an existing name', q: q('exists.wild.conf.test.', T.TXT) },
  { rule: 'RFC 4592 2.2.2 wildcard blocked by an empty non-terminal', q: q('ent.wild.conf.test.', T.A) },
  { rule: 'RFC 4592 3.3.1 no source of synthesis under an ENT', q: q('x.ent.wild.conf.test.', T.A) },
  { rule: 'RFC 4592 2.1.1 the wildcard owner asked literally', q: q('*.wild.conf.test.', T.A) },
  { rule: 'RFC 4592 4.4 wildcard CNAME', q: q('x.wc.conf.test.', T.A) },
  // DNAME (RFC 6672)
  { rule: 'RFC 6672 2.2 DNAME substitution with a synthesised CNAME', q: q('host.dname.conf.test.', T.A) },
  { rule: 'RFC 6672 2.2 DNAME substitution, deeper name', q: q('a.b.dname.conf.test.', T.AAAA) },
  { rule: 'RFC 6672 2.3 DNAME owner itself is not substituted', q: q('dname.conf.test.', T.A) },
  { rule: 'RFC 6672 2.3 query for the DNAME record', q: q('dname.conf.test.', T.DNAME) },
  // Delegation (RFC 1034 4.3.2 step 3b)
  { rule: 'RFC 1034 4.3.2 referral with in-zone glue', q: q('x.sub.conf.test.', T.A) },
  { rule: 'RFC 1034 4.3.2 referral for the cut itself', q: q('sub.conf.test.', T.NS) },
  { rule: 'RFC 1034 4.3.2 referral for the glue name', q: q('ns.sub.conf.test.', T.A) },
  { rule: 'RFC 1034 4.3.2 referral to an NS in another zone', q: q('host.deleg2.conf.test.', T.A) },
  { rule: 'RFC 1034 4.3.2 referral asked with RD=0', q: q('deep.x.sub.conf.test.', T.MX, { rd: false }) },
  { rule: 'RFC 4035 3.1.4.1 DS answered at the cut', q: q('sub.conf.test.', T.DS) },
  { rule: 'RFC 4035 3.1.4.1 DS at the apex', q: q('conf.test.', T.DS) },
  // Truncation and EDNS (RFC 1035 4.2.1, RFC 6891, RFC 7766)
  { rule: 'RFC 1035 4.2.1 TXT over 512 bytes without EDNS', q: q('big.conf.test.', T.TXT) },
  { rule: 'RFC 1035 4.2.1 A RRset over 512 bytes without EDNS', q: q('biga.conf.test.', T.A) },
  { rule: 'RFC 6891 6.2.5 EDNS buffer 512, answer does not fit', q: q('big.conf.test.', T.TXT, { edns: { udpSize: 512 } }) },
  { rule: 'RFC 6891 6.2.5 EDNS buffer 4096, answer fits', q: q('big.conf.test.', T.TXT, { edns: { udpSize: 4096 } }) },
  { rule: 'RFC 6891 6.2.5 EDNS buffer 4096, answer over 1232', q: q('huge.conf.test.', T.TXT, { edns: { udpSize: 4096 } }) },
  { rule: 'RFC 6891 6.2.5 EDNS buffer below 512, minimal as at 512', q: q('conf.test.', T.MX, { edns: { udpSize: 100 } }) },
  // BIND 9.18 answers an EDNS query over UDP whose buffer is 512 or less as with
  // minimal-responses yes: no NS in authority, no additional data beyond referral glue.
  { rule: 'BIND: EDNS buffer 512 over UDP, RD=0 answer without NS', q: q('www.conf.test.', T.A, { rd: false, edns: { udpSize: 512 } }) },
  { rule: 'BIND: EDNS buffer 512 over UDP, SRV without additional', q: q('_sip._udp.conf.test.', T.SRV, { edns: { udpSize: 512 } }) },
  { rule: 'BIND: EDNS buffer 512 over UDP, referral keeps glue', q: q('x.sub.conf.test.', T.A, { edns: { udpSize: 512 } }) },
  { rule: 'RFC 6891 6.2.5 EDNS buffer 513, additional data', q: q('conf.test.', T.MX, { edns: { udpSize: 513 } }) },
  { rule: 'RFC 6891 6.1.1 EDNS on a positive answer', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232 } }) },
  { rule: 'RFC 6891 6.1.1 EDNS on NXDOMAIN', q: q('nope.conf.test.', T.A, { edns: { udpSize: 1232 } }) },
  { rule: 'RFC 3225 3 DO bit echoed', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232, dnssecOk: true } }) },
  { rule: 'RFC 6891 6.1.3 BADVERS for EDNS version 1', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232, version: 1 } }) },
  { rule: 'RFC 6891 6.1.2 unknown EDNS option ignored', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232, options: [{ code: 65001, data: Buffer.from('abcd') }] } }) },
  { rule: 'RFC 7873 5.2.3 client COOKIE alone: a server cookie in the answer', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232, options: [{ code: COOKIE, data: Buffer.from('0123456789abcdef', 'hex') }] } }) },
  { rule: 'RFC 7873 5.2.4 forged server cookie: answered with a fresh one', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232, options: [cookie(24, 0x5a)] } }) },
  { rule: 'RFC 7873 5.2.4 a 16-byte foreign server cookie', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232, options: [cookie(16, 0x33)] } }) },
  { rule: 'RFC 7873 5.2.4 a 40-byte foreign server cookie', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232, options: [cookie(40, 0x44)] } }) },
  { rule: 'RFC 7873 5.2.2 COOKIE of 9 bytes: FORMERR', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232, options: [cookie(9, 1)] } }) },
  { rule: 'RFC 7873 5.2.2 COOKIE of 7 bytes: FORMERR', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232, options: [cookie(7, 1)] } }) },
  { rule: 'RFC 7873 5.2.2 COOKIE of 41 bytes: FORMERR', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232, options: [cookie(41, 1)] } }) },
  { rule: 'RFC 7873 5.2.2 empty COOKIE: FORMERR', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232, options: [cookie(0, 1)] } }) },
  { rule: 'RFC 7873 two COOKIE options: the first answered', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232, options: [cookie(8, 2), cookie(8, 3)] } }) },
  { rule: 'RFC 7873 COOKIE with ECS: cookie first in the OPT', q: q('www.conf.test.', T.A, { edns: { udpSize: 1232, options: [cookie(8, 4), { code: 8, data: Buffer.from('0001180000c00002', 'hex').subarray(0, 7) }] } }) },
  { rule: 'RFC 7873 COOKIE in a NXDOMAIN answer', q: q('nope.conf.test.', T.A, { edns: { udpSize: 1232, options: [cookie(8, 5)] } }) },
  { rule: 'RFC 7873 COOKIE in a REFUSED answer', q: q('example.org.', T.A, { edns: { udpSize: 1232, options: [cookie(8, 6)] } }) },
  { rule: 'RFC 7873 COOKIE in a truncated answer (TC)', q: q('big.conf.test.', T.TXT, { edns: { udpSize: 512, options: [cookie(8, 7)] } }) },
  // Header bits (RFC 1035 4.1.1) and BIND's minimal-responses no-auth-recursive
  { rule: 'RFC 1035 4.1.1 RD=0 adds NS and their addresses', q: q('host1.conf.test.', T.A, { rd: false }) },
  { rule: 'RFC 1035 4.1.1 RD=0 on an MX answer', q: q('conf.test.', T.MX, { rd: false }) },
  { rule: 'RFC 1035 4.1.1 RD=0 on NXDOMAIN', q: q('nope.conf.test.', T.A, { rd: false }) },
  { rule: 'RFC 1035 4.1.1 RD=0 on a CNAME chain', q: q('alias1.conf.test.', T.A, { rd: false }) },
  { rule: 'RFC 6840 5.7 AD=1 in the query of an unsigned zone', q: q('www.conf.test.', T.A, { ad: true }) },
  { rule: 'RFC 6840 5.9 CD=1 copied', q: q('www.conf.test.', T.A, { cd: true }) },
  // Names (RFC 4343)
  { rule: 'RFC 4343 mixed-case question, mixed-case owner', q: q('mIxEdCaSe.CoNf.TeSt.', T.A) },
  { rule: 'RFC 4343 upper-case question', q: q('WWW.CONF.TEST.', T.A) },
  { rule: 'RFC 4343 mixed-case owner asked in lower case', q: q('mixedcase.conf.test.', T.TXT) },
  { rule: 'RFC 4343 upper-case NXDOMAIN', q: q('NOPE.Conf.Test.', T.A) },
  // Other rcodes and types
  { rule: 'RFC 1034 4.3.2 step 2 REFUSED for a foreign name', q: q('www.example.com.', T.A) },
  { rule: 'RFC 1035 3.2.4 HS-class query REFUSED', q: q('conf.test.', T.A, { qclass: 4 }) },
  { rule: 'RFC 2136 1 class ANY in a query is FORMERR', q: q('conf.test.', T.A, { qclass: 255 }) },
  { rule: 'RFC 2136 1 class NONE in a query is FORMERR', q: q('conf.test.', T.A, { qclass: 254 }) },
  { rule: 'RFC 6891 6.1.1 QTYPE OPT is FORMERR', q: q('conf.test.', 41) },
  { rule: 'RFC 1035 3.2.3 QTYPE MAILB is NOTIMP', q: q('conf.test.', 253) },
  { rule: 'RFC 1035 3.2.3 QTYPE MAILA is NOTIMP', q: q('conf.test.', 254) },
  { rule: 'RFC 6895 3.1 QTYPE 0 is NODATA', q: q('conf.test.', 0) },
  { rule: 'RFC 5936 4.2 AXFR', q: q('conf.test.', 252, { rd: false }) },
  { rule: 'RFC 1995 3 IXFR without an SOA in authority', q: q('conf.test.', 251, { rd: false }) },
  { rule: 'RFC 1035 4.1.2 QDCOUNT 0 is FORMERR', q: q('conf.test.', T.A, { qdcount: 0 }) },
  { rule: 'RFC 1035 4.1.2 QDCOUNT 2 is FORMERR', q: q('conf.test.', T.A, { qdcount: 2 }) },
  { rule: 'RFC 1035 4.1.2 question cut short is FORMERR', q: q('conf.test.', T.A), raw: buildQuery({ id: 0x0fff, name: 'conf.test.', type: T.A, rd: true }).subarray(0, 20) },
  { rule: 'RFC 1035 4.1 bytes after the question are ignored', q: q('conf.test.', T.A, { trailing: Buffer.from([1, 2, 3]) }) },
  { rule: 'RFC 1035 4.1.1 QR=1 is not answered', q: q('conf.test.', T.A, { qr: true }), dropped: true },
  { rule: 'RFC 1035 4.1.1 a 3-byte message is not answered', q: q('conf.test.', T.A), raw: Buffer.from([0, 2, 0]), dropped: true },
  { rule: 'RFC 2136 2.2 UPDATE REFUSED without allow-update', q: q('conf.test.', T.SOA, { opcode: 5, rd: false }) },
  { rule: 'RFC 2136 2.2 UPDATE with the RD position set', q: q('conf.test.', T.SOA, { opcode: 5, rd: true }) },
  { rule: 'RFC 1996 3.7 NOTIFY to the primary', q: q('conf.test.', T.SOA, { opcode: 4, rd: false }) },
  { rule: 'RFC 6895 2.2 unassigned opcode 6 is NOTIMP', q: q('conf.test.', T.A, { opcode: 6 }) },
  { rule: 'RFC 5001 2.3 NSID asked, none configured', q: q('conf.test.', T.A, { edns: { udpSize: 1232, options: [{ code: 3, data: Buffer.alloc(0) }] } }) },
  { rule: 'RFC 7871 7.2.1 ECS option in a query to an authoritative server', q: q('conf.test.', T.A, { edns: { udpSize: 1232, options: [{ code: 8, data: Buffer.from('00011800c00002', 'hex') }] } }) },
  { rule: 'RFC 6891 6.1.3 BADVERS with a COOKIE option', q: q('conf.test.', T.A, { edns: { udpSize: 1232, version: 1, options: [{ code: COOKIE, data: Buffer.from('0123456789abcdef', 'hex') }] } }) },
  { rule: 'RFC 1034 4.3.2 step 2 REFUSED for the root', q: q('.', T.NS) },
  { rule: 'RFC 8482 ANY at the apex', q: q('conf.test.', T.ANY) },
  { rule: 'RFC 8482 ANY at a host', q: q('www.conf.test.', T.ANY) },
  { rule: 'RFC 1035 4.1.1 NOTIMP for opcode STATUS', q: q('conf.test.', T.A, { opcode: 2 }) },
  { rule: 'RFC 3425 NOTIMP for opcode IQUERY', q: q('conf.test.', T.A, { opcode: 1 }) },
  { rule: 'RFC 1035 3.2.4 CH-class query', q: q('conf.test.', T.SOA, { qclass: 3 }) },
  // The lab (fixtures/lab)
  { rule: 'lab: vcenter A', q: q('vcenter.lab.local.', T.A) },
  { rule: 'lab: kubeflow CNAME to jupyter', q: q('kubeflow.lab.local.', T.A) },
  { rule: 'lab: www CNAME to vcenter', q: q('www.lab.local.', T.AAAA) },
  { rule: 'lab: apex MX', q: q('lab.local.', T.MX) },
  { rule: 'lab: apex TXT', q: q('lab.local.', T.TXT) },
  { rule: 'lab: apex NS', q: q('lab.local.', T.NS) },
  { rule: 'lab: LDAP SRV', q: q('_ldap._tcp.lab.local.', T.SRV) },
  { rule: 'lab: reverse of vcenter', q: q('135.244.168.192.in-addr.arpa.', T.PTR) },
  { rule: 'lab: NXDOMAIN', q: q('esxi04.lab.local.', T.A) },
  { rule: 'lab: NXDOMAIN in the reverse zone', q: q('7.244.168.192.in-addr.arpa.', T.PTR) },
  { rule: 'lab: RD=0 host', q: q('esxi01.lab.local.', T.A, { rd: false }) },
];

interface Peer {
  address: Endpoint;
  close(): Promise<void>;
}

async function startPeer(dnsWorkers: number): Promise<Peer> {
  if (process.env.LABNET_INTEROP_PEER === 'bind') {
    return startBind({ zones: NAMED_CONFS.flatMap(zonesOfNamedConf) });
  }
  const { startLabnet } = await import('./helpers/labnet.js');
  return startLabnet(NAMED_CONFS, {}, { dnsWorkers });
}

let bind: BindInstance;
/** labnet by its number of DNS worker processes (1: one process answers). */
const peers = new Map<number, Peer>();
const CONFIGS = [1, 2];

beforeAll(async () => {
  bind = await startBind({ zones: NAMED_CONFS.flatMap(zonesOfNamedConf) });
  for (const n of CONFIGS) peers.set(n, await startPeer(n));
});

afterAll(async () => {
  for (const p of peers.values()) await p.close();
  await bind?.close();
});

const TRANSPORTS: Transport[] = ['udp', 'tcp'];
const RUNS = TRANSPORTS.flatMap((transport) => CONFIGS.map((workers) => ({ transport, workers, label: workers === 1 ? 'one process' : `--dns-workers ${workers}` })));

describe.each(RUNS)('$transport, $label: labnet answers as BIND 9', ({ transport, workers }) => {
  it.each(CASES.map((c, i) => ({ ...c, id: 0x1000 + i })))('$rule', async ({ q: spec, id, raw, dropped }) => {
    const query = raw ?? buildQuery({ ...spec, id });
    if (dropped) {
      const probe = buildQuery({ id: 0x7777, name: 'www.conf.test.', type: T.A, rd: true });
      const outcome = (to: Endpoint) =>
        firstReplyAfter(transport, to, query, probe).then(
          (r) => comparable(parseMessage(r)),
          (e: Error) => (/closed|ECONNRESET/.test(e.message) ? 'connection closed without a reply' : e.message),
        );
      const labnet = peers.get(workers)!;
      const [want, got] = await Promise.all([outcome(bind.address), outcome(labnet.address)]);
      if (transport === 'udp') expect(want).toMatchObject({ header: { id: 0x7777 } });
      expect(got).toEqual(want);
      return;
    }
    const [fromBind, fromLabnet] = await Promise.all([
      exchange(transport, bind.address, query),
      exchange(transport, peers.get(workers)!.address, query),
    ]);
    const want = comparable(parseMessage(fromBind));
    const got = comparable(parseMessage(fromLabnet));
    expect(got).toEqual(want);
  });
});

describe('the harness', () => {
  it('RFC 7766 6.2.1 TC over UDP is answered whole over TCP (BIND)', async () => {
    const query = buildQuery({ name: 'big.conf.test.', type: T.TXT, rd: true });
    const udp = parseMessage(await exchange('udp', bind.address, query));
    const tcp = parseMessage(await exchange('tcp', bind.address, query));
    expect(udp.tc).toBe(true);
    expect(tcp.tc).toBe(false);
    expect(tcp.answer).toHaveLength(8);
  });
});
