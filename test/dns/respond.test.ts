/**
 * The responder (src/dns/respond.ts): whole responses, byte sizes equal to BIND 9.18's.
 *
 * BIND_MEASURED was recorded on this machine with BIND 9.18.49-1~deb12u3-Debian serving
 * test/dns/data/conf.test.zone, deleg3.conf.test.zone, other.test.zone and fixtures/lab/{direct,inverse} with
 * `recursion no` (named -c named.conf -u root -n 1, listen-on port 53931): each query sent
 * as raw bytes from Node (ID 0x4242; RD, AD, opcode, class as listed; `udp=N` adds an OPT
 * with that payload size, `ver=`/`do` its version and DO bit; `tcp` over TCP), and the
 * reply's length, header flags (bytes 2-3) and section counts written down. The answers'
 * contents were compared with labnet's as sets of records (dns-packet decode): equal for
 * all; BIND rotates RRsets, so only order differs, and for the three truncated-partial
 * cases which records of the RRset made it.
 */
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DnsClass, Rcode } from '../../src/dns/message.js';
import { formErr, maxResponseSize, queryFor, respond, respondMany, respondToQuestion } from '../../src/dns/respond.js';
import { RRType } from '../../src/zones/record.js';
import { typeFromText } from '../../src/wire/rrtypes.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { conformanceZones, decode, dname, ip4, labZones, memZone, soaRdata } from './helpers/zones.js';

const zones = createZoneSet([...conformanceZones().zones, ...labZones().zones]);

/** `name TYPE [rd] [ad] [do] [tcp] [udp=N] [ver=N] [cls=N] [opcode=N] [eo=CODE:HEX]...` -> the response bytes. */
function ask(spec: string): Buffer {
  const [name, type, ...flags] = spec.split(/\s+/);
  const o: Record<string, number | true> = {};
  const options: { code: number; data: Buffer }[] = [];
  for (const f of flags) {
    const [k, v] = f.split('=');
    if (k === 'eo') {
      const [code, hex] = v.split(':');
      options.push({ code: Number(code), data: Buffer.from(hex, 'hex') });
    } else o[k] = v === undefined ? true : Number(v);
  }
  const t = typeFromText(type) ?? Number(type.replace(/^TYPE/, ''));
  const query = queryFor(name, t, {
    id: 0x4242,
    rd: o.rd === true,
    ad: o.ad === true,
    do: o.do === true,
    transport: o.tcp ? 'tcp' : 'udp',
    udpSize: typeof o.udp === 'number' ? o.udp : undefined,
    ednsVersion: typeof o.ver === 'number' ? o.ver : undefined,
    class: typeof o.cls === 'number' ? o.cls : undefined,
    opcode: typeof o.opcode === 'number' ? o.opcode : undefined,
  });
  if (query.edns) query.edns.options = options;
  return respond(zones, query);
}

// [query, BIND response size, BIND header flags, BIND [QD, AN, NS, AR] counts]
const BIND_MEASURED: [string, number, number, number[]][] = [
  ['www.conf.test A udp=1232', 170, 0x8400, [1,2,2,4]],
  ['WWW.conf.test A udp=1232', 174, 0x8400, [1,2,2,4]],
  ['www2.conf.test A udp=1232', 160, 0x8400, [1,1,2,4]],
  ['nothere.conf.test A udp=1232', 97, 0x8403, [1,0,1,1]],
  ['www.conf.test MX udp=1232', 93, 0x8400, [1,0,1,1]],
  ['c.ent.conf.test A udp=1232', 104, 0x8400, [1,0,1,1]],
  ['b.c.ent.conf.test A udp=1232', 106, 0x8400, [1,0,1,1]],
  ['alias.conf.test A udp=1232', 190, 0x8400, [1,3,2,4]],
  ['chain1.conf.test A udp=1232', 233, 0x8400, [1,5,2,4]],
  ['loop1.conf.test A udp=1232', 105, 0x8402, [1,2,0,1]],
  ['loop1.conf.test A', 67, 0x8402, [1,2,0,0]],
  ['self.conf.test A udp=1232', 84, 0x8402, [1,1,0,1]],
  ['ext.conf.test A udp=1232', 70, 0x8400, [1,1,0,1]],
  ['out.conf.test A udp=1232', 77, 0x8400, [1,1,0,1]],
  ['dangling.conf.test A udp=1232', 120, 0x8403, [1,1,1,1]],
  ['toref.conf.test A udp=1232', 164, 0x8400, [1,1,2,3]],
  ['alias.conf.test CNAME udp=1232', 158, 0x8400, [1,1,2,4]],
  ['alias.conf.test MX udp=1232', 113, 0x8400, [1,1,1,1]],
  ['alias.conf.test ANY udp=1232', 98, 0x8400, [1,1,2,1]],
  ['lc1.conf.test A udp=1232', 288, 0x8402, [1,12,0,1]],
  ['lc2.conf.test A udp=1232', 371, 0x8400, [1,13,2,4]],
  ['Foo.wild.conf.test A udp=1232', 172, 0x8400, [1,1,2,4]],
  ['a.b.wild.conf.test TXT udp=1232', 169, 0x8400, [1,1,2,4]],
  ['foo.wild.conf.test MX udp=1232', 107, 0x8400, [1,0,1,1]],
  ['exists.wild.conf.test TXT udp=1232', 110, 0x8400, [1,0,1,1]],
  ['ent.wild.conf.test A udp=1232', 107, 0x8400, [1,0,1,1]],
  ['x.ent.wild.conf.test A udp=1232', 109, 0x8403, [1,0,1,1]],
  ['*.wild.conf.test A udp=1232', 166, 0x8400, [1,1,2,4]],
  ['wild.conf.test A udp=1232', 94, 0x8400, [1,0,1,1]],
  ['foo.wcname.conf.test A udp=1232', 204, 0x8400, [1,3,2,4]],
  ['foo.wcname.conf.test CNAME udp=1232', 172, 0x8400, [1,1,2,4]],
  ['Foo.wild.conf.test ANY udp=1232', 129, 0x8400, [1,2,2,1]],
  ['FOO.WILD.CONF.TEST A udp=1232', 186, 0x8400, [1,1,2,4]],
  ['Foo.mixed.conf.test A udp=1232', 188, 0x8400, [1,1,2,4]],
  ['conf.test ANY udp=1232', 237, 0x8400, [1,7,0,1]],
  ['www.conf.test ANY udp=1232', 110, 0x8400, [1,2,2,1]],
  ['mail.conf.test ANY udp=1232', 123, 0x8400, [1,2,2,1]],
  ['sub.conf.test ANY udp=1232', 130, 0x8000, [1,0,2,3]],
  ['nothere.conf.test ANY udp=1232', 97, 0x8403, [1,0,1,1]],
  ['c.ent.conf.test ANY udp=1232', 104, 0x8400, [1,0,1,1]],
  ['Www.Dname.conf.test A udp=1232', 105, 0x8400, [1,2,0,1]],
  ['x.dname2.conf.test A udp=1232', 205, 0x8400, [1,3,2,4]],
  ['y.dname2.conf.test A udp=1232', 144, 0x8403, [1,2,1,1]],
  ['dname.conf.test A udp=1232', 95, 0x8400, [1,0,1,1]],
  ['dname.conf.test DNAME udp=1232', 164, 0x8400, [1,1,2,4]],
  ['a.b.dname.conf.test TXT udp=1232', 115, 0x8400, [1,2,0,1]],
  ['host.sub.conf.test A udp=1232', 135, 0x8000, [1,0,2,3]],
  ['sub.conf.test NS udp=1232', 130, 0x8000, [1,0,2,3]],
  ['sub.conf.test DS udp=1232', 90, 0x8400, [1,1,0,1]],
  ['Sub.conf.test DS udp=1232', 94, 0x8400, [1,1,0,1]],
  ['deleg2.conf.test DS udp=1232', 96, 0x8400, [1,0,1,1]],
  ['ns.sub.conf.test A udp=1232', 130, 0x8000, [1,0,2,3]],
  ['x.deleg2.conf.test A udp=1232', 80, 0x8000, [1,0,1,1]],
  ['conf.test MX udp=1232', 265, 0x8400, [1,3,2,6]],
  ['conf.test NS udp=1232', 134, 0x8400, [1,2,0,4]],
  ['conf.test SOA udp=1232', 181, 0x8400, [1,1,2,4]],
  ['_sip._udp.conf.test SRV udp=1232', 193, 0x8400, [1,1,2,5]],
  ['_sip._tcp.conf.test SRV udp=1232', 187, 0x8400, [1,1,2,4]],
  ['mx2.conf.test MX udp=1232', 168, 0x8400, [1,1,2,4]],
  ['ptr.conf.test PTR udp=1232', 156, 0x8400, [1,1,2,4]],
  ['nothere.sub.conf.test DS udp=1232', 138, 0x8000, [1,0,2,3]],
  ['ns1.conf.test A udp=1232', 134, 0x8400, [1,1,2,3]],
  ['ns1.conf.test AAAA udp=1232', 134, 0x8400, [1,1,2,3]],
  ['www.conf.test DS udp=1232', 93, 0x8400, [1,0,1,1]],
  ['conf.test DS udp=1232', 89, 0x8400, [1,0,1,1]],
  ['www.conf.test A udp=1232 rd', 74, 0x8500, [1,2,0,1]],
  ['nothere.conf.test A udp=1232 rd', 97, 0x8503, [1,0,1,1]],
  ['host.sub.conf.test A udp=1232 rd', 135, 0x8100, [1,0,2,3]],
  ['conf.test MX udp=1232 rd', 169, 0x8500, [1,3,0,3]],
  ['example.com A udp=1232', 40, 0x8005, [1,0,0,1]],
  ['www.conf.test A udp=1232 cls=3', 42, 0x8005, [1,0,0,1]],
  ['www.conf.test A udp=1232 cls=4', 48, 0x8005, [1,0,0,1]],
  ['www.conf.test A udp=1232 cls=255', 42, 0x8001, [1,0,0,1]],
  ['www.conf.test A udp=1232 cls=254', 42, 0x8001, [1,0,0,1]],
  ['www.conf.test A udp=1232 cls=0', 42, 0x8001, [1,0,0,1]],
  ['www.conf.test A udp=1232 cls=2', 42, 0x8004, [1,0,0,1]],
  ['www.conf.test A udp=1232 ver=1', 42, 0x8000, [1,0,0,1]],
  ['www.conf.test TYPE41 udp=1232', 42, 0x8001, [1,0,0,1]],
  ['www.conf.test TYPE128 udp=1232', 42, 0x8001, [1,0,0,1]],
  ['www.conf.test MAILB udp=1232', 42, 0x8004, [1,0,0,1]],
  ['www.conf.test TYPE0 udp=1232', 93, 0x8400, [1,0,1,1]],
  ['www.conf.test RRSIG udp=1232', 93, 0x8400, [1,0,1,1]],
  ['biga.conf.test A', 512, 0x8600, [1,30,0,0]],
  ['biga.conf.test A ad', 512, 0x8620, [1,30,0,0]],
  ['biga.conf.test A udp=512', 43, 0x8600, [1,0,0,1]],
  ['biga.conf.test A udp=700', 43, 0x8600, [1,0,0,1]],
  ['biga.conf.test A udp=4096', 779, 0x8400, [1,40,2,4]],
  ['bigtxt.conf.test TXT', 34, 0x8600, [1,0,0,0]],
  ['bigtxt.conf.test TXT ad', 34, 0x8620, [1,0,0,0]],
  ['bigtxt.conf.test TXT udp=570', 45, 0x8600, [1,0,0,1]],
  ['bigtxt.conf.test TXT udp=597', 45, 0x8600, [1,0,0,1]],
  ['bigtxt.conf.test TXT udp=598', 598, 0x8400, [1,1,2,1]],
  ['bigtxt.conf.test TXT udp=620', 614, 0x8400, [1,1,2,2]],
  ['midtxt.conf.test TXT', 500, 0x8600, [1,1,1,0]],
  ['midtxt.conf.test TXT udp=512', 493, 0x8400, [1,1,0,1]],
  ['midtxt.conf.test TXT udp=513', 45, 0x8600, [1,0,0,1]],
  ['midtxt.conf.test TXT udp=529', 529, 0x8400, [1,1,2,1]],
  ['midtxt.conf.test TXT udp=560', 545, 0x8400, [1,1,2,2]],
  ['x.bigdeleg.conf.test A', 500, 0x8000, [1,0,10,14]],
  ['x.bigdeleg.conf.test A udp=512', 511, 0x8000, [1,0,10,15]],
  ['x.bigdeleg.conf.test A udp=1232', 679, 0x8000, [1,0,10,21]],
  ['mxw.conf.test MX udp=1232', 189, 0x8400, [1,1,2,5]],
  ['mxg.conf.test MX udp=1232', 170, 0x8400, [1,1,2,4]],
  ['mxc.conf.test MX udp=1232', 160, 0x8400, [1,1,2,4]],
  ['x.www.conf.test A udp=1232', 104, 0x8403, [1,0,1,1]],
  ['ext.conf.test A udp=1232 rd', 70, 0x8500, [1,1,0,1]],
  ['www.conf.test A udp=1232 do', 170, 0x8400, [1,2,2,4]],
  ['www.conf.test A udp=1232 ad', 170, 0x8400, [1,2,2,4]],
  ['nothere.conf.test A udp=1232 ad', 97, 0x8403, [1,0,1,1]],
  ['vcenter.lab.local A udp=1232', 95, 0x8400, [1,1,1,2]],
  ['VCenter.LAB.local A udp=1232', 112, 0x8400, [1,1,1,2]],
  ['kubeflow.lab.local A udp=1232', 118, 0x8400, [1,2,1,2]],
  ['lab.local MX udp=1232', 108, 0x8400, [1,1,1,3]],
  ['lab.local ANY udp=1232', 160, 0x8400, [1,5,0,1]],
  ['_ldap._tcp.lab.local SRV udp=1232', 135, 0x8400, [1,1,1,3]],
  ['135.244.168.192.in-addr.arpa PTR udp=1232', 105, 0x8400, [1,1,1,1]],
  ['244.168.192.in-addr.arpa NS udp=1232', 79, 0x8400, [1,1,0,1]],
  ['biga.conf.test A tcp', 768, 0x8400, [1,40,2,3]],
  ['conf.test ANY tcp', 226, 0x8400, [1,7,0,0]],
  ['conf.test SOA opcode=4', 27, 0xa400, [1,0,0,0]],
  ['conf.test SOA opcode=4 udp=1232', 38, 0xa400, [1,0,0,1]],
  ['www.conf.test A opcode=4', 31, 0xa001, [1,0,0,0]],
  ['nothere.example SOA opcode=4', 33, 0xa009, [1,0,0,0]],
  ['conf.test SOA opcode=5', 27, 0xa805, [1,0,0,0]],
  ['www.conf.test SOA opcode=5 udp=1232', 42, 0xa809, [1,0,0,1]],
  ['www.conf.test A opcode=1', 12, 0x8804, [0,0,0,0]],
  ['www.conf.test A opcode=2 udp=1232', 23, 0x9004, [0,0,0,1]],
  ['conf.test AXFR', 27, 0x8001, [1,0,0,0]],
  ['www.conf.test AXFR udp=1232', 42, 0x8009, [1,0,0,1]],
  ['nothere.example AXFR', 33, 0x8009, [1,0,0,0]],
  ['conf.test IXFR', 27, 0x8001, [1,0,0,0]],
  // EDNS size 512 or less over UDP: BIND answers as with minimal-responses yes; not over TCP
  // or above 512. NOTIFY/UPDATE/IQUERY replies drop RD.
  ['conf.test NS udp=512', 74, 0x8400, [1,2,0,1]],
  ['conf.test MX udp=512', 125, 0x8400, [1,3,0,1]],
  ['conf.test MX udp=100', 125, 0x8400, [1,3,0,1]],
  ['host.sub.conf.test A udp=512', 135, 0x8000, [1,0,2,3]],
  ['nothere.conf.test A udp=512', 97, 0x8403, [1,0,1,1]],
  ['_sip._udp.conf.test SRV udp=512', 81, 0x8400, [1,1,0,1]],
  ['conf.test ANY udp=512', 237, 0x8400, [1,7,0,1]],
  ['toref.conf.test A udp=512', 164, 0x8400, [1,1,2,3]],
  ['conf.test NS tcp udp=512', 134, 0x8400, [1,2,0,4]],
  ['conf.test MX tcp udp=512', 265, 0x8400, [1,3,2,6]],
  ['_sip._udp.conf.test SRV tcp udp=512', 193, 0x8400, [1,1,2,5]],
  ['conf.test MX udp=513', 265, 0x8400, [1,3,2,6]],
  ['www.conf.test A rd udp=512', 74, 0x8500, [1,2,0,1]],
  ['conf.test IXFR tcp', 27, 0x8001, [1,0,0,0]],
  ['www.conf.test A rd opcode=5', 31, 0xa801, [1,0,0,0]],
  ['conf.test SOA rd opcode=4', 27, 0xa400, [1,0,0,0]],
  ['www.conf.test A rd opcode=1', 12, 0x8804, [0,0,0,0]],
  // chains mixing CNAME, DNAME and wildcards; a DNAME whose target is below itself
  ['tod.conf.test A udp=1232', 232, 0x8400, [1,4,2,4]],
  ['wcd.conf.test A udp=1232', 186, 0x8400, [1,2,2,4]],
  ['todd.conf.test A udp=1232', 114, 0x8400, [1,3,0,1]],
  ['x.dloop.conf.test A udp=1232', 615, 0x8402, [1,13,0,1]],
  ['x.dloop.conf.test A', 469, 0x8602, [1,11,0,0]],
  ['tod.conf.test A udp=1232 rd', 136, 0x8500, [1,4,0,1]],
  ['wcd.conf.test TXT udp=1232', 187, 0x8400, [1,2,2,4]],
  // a child zone loaded beside its parent: DS for its apex from the parent
  ['deleg3.conf.test DS udp=1232', 93, 0x8400, [1,1,0,1]],
  ['Deleg3.conf.test DS udp=1232', 100, 0x8400, [1,1,0,1]],
  ['deleg3.conf.test NS udp=1232', 63, 0x8400, [1,1,0,1]],
  ['www.deleg3.conf.test A udp=1232', 92, 0x8400, [1,1,1,1]],
  ['x.www.deleg3.conf.test DS udp=1232', 118, 0x8403, [1,0,1,1]],
  ['other.test DS udp=1232', 99, 0x8400, [1,0,1,1]],
  ['deleg3.conf.test ANY udp=1232', 110, 0x8400, [1,2,0,1]],
  ['x.deleg3.conf.test DS udp=1232', 107, 0x8403, [1,0,1,1]],
  // EDNS options (`eo=CODE:HEX`): EXPIRE 9 for the apex SOA, ECS 8, TCP keepalive 11 over TCP;
  // NSID 3 (no server-id), padding 12 and unknown codes ignored
  ['conf.test SOA udp=1232 eo=9:', 189, 0x8400, [1,1,2,4]],
  ['Conf.test SOA udp=1232 eo=9:', 194, 0x8400, [1,1,2,4]],
  ['www.conf.test A udp=1232 eo=9:', 170, 0x8400, [1,2,2,4]],
  ['deleg3.conf.test SOA udp=1232 eo=9:', 118, 0x8400, [1,1,1,1]],
  ['www.conf.test A tcp udp=1232 eo=11:', 176, 0x8400, [1,2,2,4]],
  ['www.conf.test A udp=1232 eo=11:', 170, 0x8400, [1,2,2,4]],
  ['conf.test SOA tcp udp=1232 eo=11: eo=8:00011800c00002 eo=9:', 206, 0x8400, [1,1,2,4]],
  ['www.conf.test A udp=1232 eo=3:', 170, 0x8400, [1,2,2,4]],
  ['www.conf.test A udp=1232 eo=12:0000', 170, 0x8400, [1,2,2,4]],
  ['www.conf.test A udp=1232 eo=8:00011700c00003', 42, 0x8001, [1,0,0,1]],
  ['www.conf.test A udp=1232 eo=65001:abcd', 170, 0x8400, [1,2,2,4]],
  // a CNAME or ANY question below a DNAME is answered by the synthesised CNAME
  ['x.dname2.conf.test CNAME udp=1232', 189, 0x8400, [1,2,2,4]],
  ['x.dname2.conf.test ANY udp=1232', 129, 0x8400, [1,2,2,1]],
  ['x.dname2.conf.test CNAME udp=1232 rd', 93, 0x8500, [1,2,0,1]],
  ['x.dname.conf.test CNAME udp=1232', 187, 0x8400, [1,2,2,4]],
  ['x.dname2.conf.test DNAME udp=1232', 144, 0x8400, [1,2,1,1]],
  ['foo.wcname.conf.test ANY udp=1232', 112, 0x8400, [1,1,2,1]],
  ['alias.conf.test DS udp=1232', 113, 0x8400, [1,1,1,1]],
  ['x.y.wcname.conf.test A udp=1232', 204, 0x8400, [1,3,2,4]],
  ['loop1.conf.test ANY udp=1232', 100, 0x8400, [1,1,2,1]],
  // NAPTR additional data: the replacement's SRV (flag S) or addresses (flag A)
  ['naptr.conf.test NAPTR udp=1232', 241, 0x8400, [1,1,2,6]],
  ['naptra.conf.test NAPTR udp=1232', 193, 0x8400, [1,1,2,5]],
  ['naptr.conf.test NAPTR udp=1232 rd', 145, 0x8500, [1,1,0,3]],
  ['naptr.conf.test NAPTR udp=512', 92, 0x8400, [1,1,0,1]],
  // AFSDB, KX, RT, MB: addresses of their targets in additional (RDATA names not compressed but MB's)
  ['afsdb.conf.test AFSDB udp=1232', 185, 0x8400, [1,1,2,5]],
  ['kx.conf.test KX udp=1232', 211, 0x8400, [1,1,2,6]],
  ['rt.conf.test RT udp=1232', 182, 0x8400, [1,1,2,5]],
  ['mb.conf.test MB udp=1232', 200, 0x8400, [1,1,2,6]],
];

describe('response bytes equal BIND 9.18 in size, flags and section counts (RFC 1035 4.1, 4.1.4; RFC 6891)', () => {
  it.each(BIND_MEASURED)('%s -> %i octets', (spec, size, flags, counts) => {
    const r = ask(spec);
    expect([r.length, r.readUInt16BE(2), [4, 6, 8, 10].map((i) => r.readUInt16BE(i))]).toEqual([size, flags, counts]);
    expect(r.readUInt16BE(0)).toBe(0x4242);
    expect(() => dnsPacket.decode(r)).not.toThrow();
  });
});

describe('RFC 1035 4.1.1 / 7.3: the question is echoed as the client wrote it; owners keep the zone\'s case', () => {
  it('WWW.Conf.TEST A', () => {
    const d = decode(ask('WWW.Conf.TEST A udp=1232'));
    expect([d.question, d.answer]).toEqual([
      ['WWW.Conf.TEST. IN A'],
      ['www.conf.test. 3600 A 192.0.2.10', 'www.conf.test. 3600 A 192.0.2.11'],
    ]);
  });
});

describe('RFC 6891: EDNS', () => {
  it('6.1.1, 6.2.5: an OPT answers an OPT, advertising 1232, echoing DO (6.1.4), extended RCODE 0', () => {
    const d = decode(ask('www.conf.test A udp=4096 do'));
    expect(d.opt).toEqual({ udpSize: 1232, extRcode: 0, version: 0, do: true, options: [] });
    expect(decode(ask('www.conf.test A')).opt).toBeUndefined();
  });

  it('6.1.3: version 1 gets BADVERS (16) with the question and nothing else', () => {
    const d = decode(ask('www.conf.test A udp=1232 ver=1'));
    expect([d.rcode, d.flags, d.question, d.answer, d.authority, d.additional, d.opt?.version]).toEqual([
      Rcode.BADVERS, ['qr'], ['www.conf.test. IN A'], [], [], [], 0,
    ]);
  });

  it.each([
    // [transport, EDNS size or none, limit]
    ['udp', undefined, 512],
    ['udp', 100, 512],
    ['udp', 512, 512],
    ['udp', 1000, 1000],
    ['udp', 1232, 1232],
    ['udp', 4096, 1232],
    ['tcp', undefined, 65535],
    ['tcp', 512, 65535],
  ] as const)('6.2.5, RFC 1035 4.2.1, RFC 7766: %s with EDNS size %s -> at most %i octets', (transport, udpSize, limit) => {
    expect(maxResponseSize({ transport, edns: udpSize === undefined ? undefined : { version: 0, udpSize, do: false, options: [] } })).toBe(limit);
  });
});

describe('RFC 8914: Extended DNS Errors as BIND 9.18 sends them', () => {
  it('a CNAME loop: SERVFAIL with AA, the chain so far, EDE 0 "max. restarts reached"', () => {
    const d = decode(ask('loop1.conf.test A udp=1232'));
    expect([d.rcode, d.flags, d.answer, d.opt?.options]).toEqual([
      Rcode.SERVFAIL,
      ['qr', 'aa'],
      ['loop1.conf.test. 3600 CNAME loop2.conf.test.', 'loop2.conf.test. 3600 CNAME loop1.conf.test.'],
      [{ code: 15, data: '0000' + Buffer.from('max. restarts reached').toString('hex') }],
    ]);
  });

  it('class HS: REFUSED with EDE 18 (Prohibited), no AA', () => {
    const d = decode(ask('www.conf.test A udp=1232 cls=4'));
    expect([d.rcode, d.flags, d.opt?.options]).toEqual([Rcode.REFUSED, ['qr'], [{ code: 15, data: '0012' }]]);
  });

  it('without EDNS there is nowhere to put it', () => {
    expect(decode(ask('loop1.conf.test A')).opt).toBeUndefined();
  });
});

describe('RFC 1035 4.1.1 opcodes; RFC 1996 NOTIFY; RFC 2136 UPDATE (BIND defaults: primary zones, allow-update none)', () => {
  it.each([
    // [query, rcode, flags, question echoed]
    ['www.conf.test A opcode=1', Rcode.NOTIMP, ['qr'], false], // IQUERY (RFC 3425)
    ['www.conf.test A opcode=2', Rcode.NOTIMP, ['qr'], false], // STATUS
    ['www.conf.test A opcode=15', Rcode.NOTIMP, ['qr'], false],
    ['conf.test SOA opcode=4', Rcode.NOERROR, ['qr', 'aa'], true],
    ['www.conf.test A opcode=4', Rcode.FORMERR, ['qr'], true],
    ['nothere.example SOA opcode=4', Rcode.NOTAUTH, ['qr'], true],
    ['conf.test SOA opcode=5', Rcode.REFUSED, ['qr'], true],
    ['www.conf.test SOA opcode=5', Rcode.NOTAUTH, ['qr'], true],
  ] as const)('%s -> rcode %i', (spec, rcode, flags, echoed) => {
    const r = ask(spec);
    const d = decode(r);
    expect([d.rcode, d.flags, d.question.length, d.answer, d.authority]).toEqual([rcode, flags, echoed ? 1 : 0, [], []]);
    expect((r[2] >> 3) & 0xf).toBe(Number(spec.split('opcode=')[1]));
  });
});

describe('RFC 5936 4.2: zone transfer questions', () => {
  it.each([
    ['conf.test AXFR', Rcode.FORMERR], // over UDP (BIND: FORMERR)
    ['conf.test IXFR', Rcode.FORMERR], // IXFR without its SOA in authority
    ['www.conf.test AXFR', Rcode.NOTAUTH], // not a zone apex
    ['nothere.example AXFR', Rcode.NOTAUTH],
    ['conf.test IXFR tcp', Rcode.FORMERR],
  ] as const)('%s -> rcode %i', (spec, rcode) => {
    expect(decode(ask(spec)).rcode).toBe(rcode);
  });

  it('2.2: an AXFR over TCP is the SOA, every record in canonical order, the SOA again (one message)', () => {
    const msgs = respondMany(zones, queryFor('conf.test', RRType.AXFR, { transport: 'tcp', id: 9 }));
    expect(msgs.length).toBe(1);
    const d = decode(msgs[0]);
    const conf = conformanceZones().zones.find((z) => z.origin === 'conf.test.');
    expect([d.flags, d.rcode, d.question, d.answer.length]).toEqual([['qr', 'aa'], 0, ['conf.test. IN AXFR'], (conf?.recordCount ?? 0) + 1]);
    expect(d.answer[0]).toMatch(/^conf\.test\. 3600 SOA /);
    expect(d.answer[d.answer.length - 1]).toBe(d.answer[0]);
    expect(d.answer[1]).toBe('conf.test. 3600 NS ns1.conf.test.');
    const owners = d.answer.slice(0, -1).map((l) => l.split(' ')[0].toLowerCase());
    const runs = owners.filter((o, i) => i === 0 || o !== owners[i - 1]);
    expect(runs).toEqual([...(conf?.nodes() ?? [])].map((n) => n.name.toLowerCase()));
  });

  it('2.2: a zone larger than one message goes in several, the question in the first only', () => {
    const O = 'big.example.';
    const recs: [string, number, number, Buffer][] = [
      [O, RRType.SOA, 60, soaRdata('ns.big.example.', 'h.big.example.', 1, 60)],
      [O, RRType.NS, 60, dname('ns.big.example.')],
    ];
    for (let i = 0; i < 5000; i++) recs.push([`host-${i}.big.example.`, RRType.A, 60, ip4(`10.${i >> 8}.${i & 255}.1`)]);
    const big = createZoneSet([memZone(O, recs)]);
    const msgs = respondMany(big, queryFor('big.example', RRType.AXFR, { transport: 'tcp' }));
    expect(msgs.length).toBeGreaterThan(1);
    const decoded = msgs.map(decode);
    expect(decoded.map((m) => m.question.length)).toEqual(decoded.map((_, i) => (i === 0 ? 1 : 0)));
    expect(decoded.every((m) => m.size <= 65535 && !m.flags.includes('tc'))).toBe(true);
    const all = decoded.flatMap((m) => m.answer);
    expect(all.length).toBe(5000 + 3);
    expect(all[0]).toBe(all[all.length - 1]);
    // the single-message respond() gives the first message
    expect(respond(big, queryFor('big.example', RRType.AXFR, { transport: 'tcp' }))).toEqual(msgs[0]);
  });
});

describe('RFC 7871 7.2.1: ECS is echoed with scope 0; a malformed one is FORMERR', () => {
  const withEcs = (hex: string) => respond(zones, { ...queryFor('www.conf.test', RRType.A, { udpSize: 1232 }), edns: { version: 0, udpSize: 1232, do: false, options: [{ code: 8, data: Buffer.from(hex, 'hex') }] } });
  it.each([
    ['00011800c00002', 0, '00011800c00002'], // 192.0.2.0/24
    ['00011818c00002', 0, '00011800c00002'], // a scope in the query is reset to 0
    ['0002200020010db8', 0, '0002200020010db8'], // 2001:db8::/32
    ['00011800c0000201', 1, undefined], // address longer than the prefix
    ['00011700c00003', 1, undefined], // bits set beyond the prefix
    ['00031800c00002', 1, undefined], // unknown family
  ])('%s -> rcode %i', (hex, rcode, echoed) => {
    const d = decode(withEcs(hex));
    expect(d.rcode).toBe(rcode);
    if (echoed) expect(d.opt?.options).toEqual([{ code: 8, data: echoed }]);
  });
});

describe('RFC 1035 4.2.1 / RFC 6891 7: truncation as BIND 9.18 does it', () => {
  it('no EDNS: as many records of the RRset as fit (512 octets), TC, nothing else', () => {
    const d = decode(ask('biga.conf.test A'));
    expect([d.size, d.flags, d.answer.length, d.authority, d.additional]).toEqual([512, ['qr', 'aa', 'tc'], 30, [], []]);
    expect(d.answer.slice(0, 2)).toEqual(['biga.conf.test. 3600 A 10.0.0.1', 'biga.conf.test. 3600 A 10.0.0.2']);
  });

  it('with EDNS: the question and the OPT only, TC', () => {
    const d = decode(ask('biga.conf.test A udp=700'));
    expect([d.size, d.flags, d.question, d.answer, d.authority, d.additional, d.opt?.udpSize]).toEqual([
      43, ['qr', 'aa', 'tc'], ['biga.conf.test. IN A'], [], [], [], 1232,
    ]);
  });

  it('over TCP the whole answer goes', () => {
    const d = decode(ask('biga.conf.test A tcp'));
    expect([d.flags, d.answer.length, d.authority.length, d.additional.length]).toEqual([['qr', 'aa'], 40, 2, 3]);
  });

  it('additional records that do not fit are left out without TC (referral glue)', () => {
    const d = decode(ask('x.bigdeleg.conf.test A'));
    expect([d.size, d.flags, d.authority.length, d.additional.length]).toEqual([500, ['qr'], 10, 14]);
    // BIND renders the preferred glue type (A, for an IPv4 client) first.
    expect(d.additional.slice(0, 10).every((l) => / A /.test(l))).toBe(true);
  });

  it('AD asked: kept only when BIND stops in the middle of an RRset (no EDNS), as BIND does', () => {
    expect(decode(ask('biga.conf.test A ad')).flags).toEqual(['qr', 'aa', 'tc', 'ad']);
    expect(decode(ask('www.conf.test A ad')).flags).toEqual(['qr', 'aa']);
    expect(decode(ask('www.conf.test A udp=1232 do')).flags).toEqual(['qr', 'aa']);
  });
});

describe('RFC 1035 4.1.1: RD and CD are copied, RA is clear (recursion no)', () => {
  it.each([
    [{ rd: true, cd: true }, ['qr', 'aa', 'rd', 'cd']],
    [{ rd: false, cd: false }, ['qr', 'aa']],
  ])('%o', (f, flags) => {
    expect(decode(respondToQuestion(zones, 'www.conf.test', RRType.A, f)).flags).toEqual(flags);
  });
});

describe('formErr(): the FORMERR reply the server builds for unparsable queries', () => {
  it('echoes the raw question and adds an OPT when asked', () => {
    const rawQ = Buffer.from('03777777036c6162056c6f63616c0000010001', 'hex');
    const r = formErr(0xbeef, 0, rawQ, { rd: true, edns: true });
    const d = decode(r);
    expect([d.id, d.rcode, d.flags, d.question, d.opt?.udpSize]).toEqual([0xbeef, Rcode.FORMERR, ['qr', 'rd'], ['www.lab.local. IN A'], 1232]);
  });

  it('without a question: header only', () => {
    expect(formErr(7, 4).toString('hex')).toBe('0007a001' + '0'.repeat(16));
  });
});

describe('queryFor()', () => {
  it('makes names absolute and refuses bad ones', () => {
    expect(queryFor('www.conf.test', RRType.A).question).toEqual({ name: 'www.conf.test.', type: RRType.A, class: DnsClass.IN });
    expect(() => queryFor('a..b', RRType.A)).toThrow();
  });
});

describe('property (fast-check): any question gets a well-formed answer within its size limit', () => {
  const names = [...conformanceZones().zones.flatMap((z) => [...z.nodes()].map((n) => n.name)), 'nothere.conf.test.', 'example.com.', '.'];
  const flipCase = (s: string, mask: number) =>
    [...s].map((c, i) => ((mask >> (i % 30)) & 1 ? c.toUpperCase() : c.toLowerCase())).join('');
  const nameArb = fc
    .tuple(fc.constantFrom(...names), fc.array(fc.stringMatching(/^[a-z*0-9-]{1,8}$/), { maxLength: 3 }), fc.integer({ min: 0, max: 2 ** 30 }))
    .map(([base, pre, mask]) => flipCase((pre.length ? pre.join('.') + '.' : '') + (base === '.' ? '' : base), mask) || '.');
  it('never throws, decodes, echoes ID and question, fits', () => {
    fc.assert(
      fc.property(
        nameArb,
        fc.oneof(fc.constantFrom(1, 2, 5, 6, 15, 16, 28, 33, 39, 43, 255, 251, 252, 41, 250, 253, 0), fc.integer({ min: 0, max: 65535 })),
        fc.constantFrom(1, 1, 1, 3, 4, 255, 254, 2),
        fc.constantFrom(0, 0, 0, 1, 2, 4, 5, 15),
        fc.option(fc.integer({ min: 0, max: 65535 })),
        fc.boolean(),
        fc.boolean(),
        (name, type, klass, opcode, udpSize, rd, tcp) => {
          const q = queryFor(name, type, { class: klass, opcode, rd, id: 77, transport: tcp ? 'tcp' : 'udp', udpSize: udpSize ?? undefined, do: rd });
          const r = respond(zones, q);
          expect(r.length).toBeLessThanOrEqual(maxResponseSize(q));
          const p = dnsPacket.decode(r);
          expect(p.id).toBe(77);
          if (p.questions?.length) expect(p.questions[0].name).toBe(name === '.' ? '.' : name.slice(0, -1));
        },
      ),
      { numRuns: 1500 },
    );
  });
});
