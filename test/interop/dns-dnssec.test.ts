/**
 * Signed zones served with DNSSEC OK (RFC 4035 3.1, RFC 5155 7.2), labnet against BIND 9.18.
 *
 * The test signs one lab zone twice with BIND's own tools (dnssec-keygen ECDSAP256SHA256,
 * KSK and ZSK; dnssec-signzone with NSEC, with `-3 AABBCCDD` NSEC3, and with NSEC3 opt-out
 * `-A`) into a
 * temporary folder; a live named (`dnssec-validation no`, recursion no) and labnet load the
 * same signed files. Every query goes in the same bytes to both, over UDP and TCP, with DO
 * set and clear, and the replies are compared as in dns-bind.test.ts (helpers/compare.ts:
 * header with AD, question, answer RRsets in order, authority and additional as multisets
 * with TTLs, the message length byte-exact). Covered: positive answers with their RRSIGs,
 * the apex NS and glue addresses with theirs (RD=0), CNAME chains, NXDOMAIN and NODATA with
 * their NSEC/NSEC3 proofs and the SOA RRSIG at the negative TTL, empty non-terminals,
 * wildcard answers and wildcard NODATA, referrals to a delegation with DS and to one without,
 * DS at a cut, DNSKEY, NSEC3PARAM, ANY, RRSIG and NSEC asked by type, a query for an NSEC3
 * owner name (RFC 5155 7.2.8), AD in the query (never set in a reply, RFC 4035 3.1.6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBind, type BindInstance } from './helpers/bind.js';
import { startLabnet, type LabnetInstance } from './helpers/labnet.js';
import { exchange, type Transport } from './helpers/net.js';
import { comparable } from './helpers/compare.js';
import { buildQuery, encodeName, parseMessage, type QuerySpec } from './helpers/wire.js';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';

const ZONE = `$TTL 3600
@       IN SOA ns root ( 3 604800 86400 2419200 300 )
@       NS ns
@       MX 10 mail
@       A 192.168.244.139
@       TXT "v=spf1 mx -all"
ns      A 192.168.244.139
mail    A 192.168.244.139
vcenter A 192.168.244.135
vcenter AAAA 2001:db8::135
jupyter A 192.168.244.140
kubeflow CNAME jupyter
www     CNAME vcenter
chain   CNAME www
_ldap._tcp SRV 0 100 389 vcenter
*.wild  A 192.168.244.200
*.wild  AAAA 2001:db8::200
a.b.c   A 192.168.244.201
sub     NS ns.sub
ns.sub  A 192.168.244.210
sub     DS 12345 13 2 0102030405060708091011121314151617181920212223242526272829303132
unsigned NS ns.unsigned
ns.unsigned A 192.168.244.211
`;

const ZONES = [
  { origin: 'nsec.test', args: [] as string[] },
  { origin: 'nsec3.test', args: ['-3', 'AABBCCDD'] },
  // RFC 5155 6: opt-out, the unsigned delegation gets no NSEC3 of its own.
  { origin: 'optout.test', args: ['-3', 'AABBCCDD', '-A'] },
];

const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, TXT: 16, AAAA: 28, SRV: 33, DS: 43, RRSIG: 46, NSEC: 47, DNSKEY: 48, NSEC3: 50, NSEC3PARAM: 51, ANY: 255 };

/** RFC 5155 5 with the zone's parameters: the NSEC3 owner label of `name` (test-side, independent of labnet). */
function hashedLabel(name: string): string {
  const salt = Buffer.from('AABBCCDD', 'hex');
  const h = createHash('sha1').update(encodeName(name.toLowerCase())).update(salt).digest();
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
  let bits = '';
  for (const b of h) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return out;
}

interface Case {
  rule: string;
  name: string;
  type: number;
  extra?: Partial<QuerySpec>;
  /** The EDNS payload size (default 1232); 0 for a query without EDNS. */
  udpSize?: number;
}

/** Names relative to the zone ('' is the apex). */
const CASES: Case[] = [
  { rule: 'RFC 4035 3.1.1 positive A with its RRSIG', name: 'vcenter', type: T.A },
  { rule: 'RFC 4035 3.1.1 RD=0: apex NS and glue addresses with their RRSIGs', name: 'vcenter', type: T.A, extra: { rd: false } },
  { rule: 'RFC 4035 3.1.1 AAAA', name: 'vcenter', type: T.AAAA },
  { rule: 'RFC 4035 3.1.1 apex SOA', name: '', type: T.SOA },
  { rule: 'RFC 4035 3.1.1 apex NS, addresses signed in additional', name: '', type: T.NS },
  { rule: 'RFC 4035 3.1.1 MX with the target address signed', name: '', type: T.MX, extra: { rd: false } },
  { rule: 'RFC 4035 3.1.1 SRV with target addresses', name: '_ldap._tcp', type: T.SRV },
  { rule: 'RFC 4035 2.1 DNSKEY at the apex', name: '', type: T.DNSKEY },
  { rule: 'RFC 5155 4 NSEC3PARAM (NODATA in the NSEC zone)', name: '', type: T.NSEC3PARAM },
  { rule: 'RFC 4035 3.1.1 CNAME chain, every RRset signed', name: 'chain', type: T.A },
  { rule: 'RFC 4035 3.1.1 CNAME to an A, RD=0', name: 'kubeflow', type: T.A, extra: { rd: false } },
  { rule: 'RFC 4035 3.1.3.2 NXDOMAIN', name: 'nope', type: T.A },
  { rule: 'RFC 4035 3.1.3.2 NXDOMAIN below an existing name', name: 'x.vcenter', type: T.A },
  { rule: 'RFC 4035 3.1.3.2 NXDOMAIN two labels below the apex', name: 'x.y.nope', type: T.A },
  { rule: 'RFC 4035 3.1.3.1 NODATA', name: 'vcenter', type: T.TXT },
  { rule: 'RFC 4035 3.1.3.1 NODATA at the apex', name: '', type: T.AAAA },
  { rule: 'RFC 4592 / RFC 5155 7.2.3 NODATA at an empty non-terminal', name: 'b.c', type: T.A },
  { rule: 'RFC 4592 NODATA at an empty non-terminal one level up', name: 'c', type: T.A },
  { rule: 'RFC 4035 3.1.3.3 wildcard answer with its proof', name: 'host.wild', type: T.A },
  { rule: 'RFC 4035 3.1.3.3 wildcard answer two labels below the wildcard', name: 'a.b.wild', type: T.AAAA },
  { rule: 'RFC 4035 3.1.3.4 wildcard NODATA', name: 'host.wild', type: T.TXT },
  { rule: 'RFC 4035 3.1.3.3 wildcard answer, RD=0', name: 'other.wild', type: T.A, extra: { rd: false } },
  { rule: 'RFC 4035 3.1.4 referral to a signed delegation: DS and its RRSIG', name: 'x.sub', type: T.A },
  { rule: 'RFC 4035 3.1.4.1 DS at the cut', name: 'sub', type: T.DS },
  { rule: 'RFC 4035 3.1.4 referral to an unsigned delegation: NSEC/NSEC3 proof', name: 'x.unsigned', type: T.A },
  { rule: 'RFC 4035 3.1.4.1 DS NODATA at an unsigned cut', name: 'unsigned', type: T.DS },
  { rule: 'RFC 4035 3.1.4 referral asked at the cut', name: 'unsigned', type: T.A },
  { rule: 'RFC 8482 ANY at a node: RRSIGs and NSEC included', name: 'vcenter', type: T.ANY },
  { rule: 'RFC 8482 ANY at the apex', name: '', type: T.ANY },
  { rule: 'RFC 4035 3.1.1 RRSIG asked by type', name: 'vcenter', type: T.RRSIG },
  { rule: 'RFC 4035 3.1.1 NSEC asked by type', name: 'vcenter', type: T.NSEC },
  { rule: 'RFC 4035 3.2.3 AD in the query is not echoed by an authoritative server', name: 'vcenter', type: T.A, extra: { ad: true } },
  { rule: 'RFC 6840 5.9 CD copied', name: 'nope', type: T.A, extra: { cd: true } },
  { rule: 'RFC 4343 mixed-case question', name: 'VCenter', type: T.A },
  { rule: 'RFC 5155 7.2.8 an NSEC3 owner name does not exist', name: '#apex', type: T.NSEC3 },
  { rule: 'RFC 6891 EDNS 512: minimal positive answer, RRSIG kept', name: 'vcenter', type: T.A, udpSize: 512 },
  { rule: 'RFC 6891 EDNS 512: NXDOMAIN proofs truncated as BIND truncates', name: 'x.y.nope', type: T.A, udpSize: 512 },
  { rule: 'RFC 6891 EDNS 512: wildcard NODATA', name: 'host.wild', type: T.TXT, udpSize: 512 },
  { rule: 'RFC 3225 no EDNS: no DNSSEC records', name: 'nope', type: T.A, udpSize: 0 },
  { rule: 'RFC 3225 no EDNS: RRSIG asked by type', name: 'vcenter', type: T.RRSIG, udpSize: 0 },
  { rule: 'RFC 5155 7.2.8 an NSEC3 owner name asked for A', name: '#vcenter', type: T.A },
];

let tree: TmpTree;
let bind: BindInstance;
let labnet: LabnetInstance;

beforeAll(async () => {
  tree = tmpTree('labnet-dnssec-');
  const zones: { origin: string; file: string }[] = [];
  for (const z of ZONES) {
    const keys = ['-f KSK', ''].map((f) =>
      execFileSync('dnssec-keygen', ['-q', '-K', tree.dir, '-a', 'ECDSAP256SHA256', ...(f ? f.split(' ') : []), z.origin], { encoding: 'latin1' }).trim());
    const unsigned = tree.write(`${z.origin}.db`, ZONE + keys.map((k) => readFileSync(join(tree.dir, `${k}.key`), 'latin1')).join(''));
    const signed = join(tree.dir, `${z.origin}.signed`);
    execFileSync('dnssec-signzone', ['-q', '-K', tree.dir, ...z.args, '-o', z.origin, '-f', signed, unsigned], { cwd: tree.dir });
    zones.push({ origin: z.origin, file: signed });
  }
  const conf = tree.write('named.conf', zones.map((z) => `zone "${z.origin}" { type primary; file "${z.file}"; };\n`).join(''));
  bind = await startBind({ zones });
  labnet = await startLabnet([conf]);
});

afterAll(async () => {
  await labnet?.close();
  await bind?.close();
  tree?.remove();
});

/** The question name of a case in `origin` (`#x`: the NSEC3 owner name of x, `#apex` of the apex). */
function qname(c: Case, origin: string): string {
  if (c.name.startsWith('#')) {
    const of = c.name === '#apex' ? `${origin}.` : `${c.name.slice(1)}.${origin}.`;
    return `${hashedLabel(of)}.${origin}.`;
  }
  return c.name === '' ? `${origin}.` : `${c.name}.${origin}.`;
}

const TRANSPORTS: Transport[] = ['udp', 'tcp'];
const all = ZONES.flatMap((z) => [true, false].flatMap((dnssecOk) => CASES.map((c) => ({ ...c, zone: z.origin, dnssecOk }))));

describe.each(TRANSPORTS)('%s: labnet answers signed zones as BIND 9', (transport) => {
  it.each(all.map((c, i) => ({ ...c, id: 0x2000 + i, label: `${c.zone} DO=${c.dnssecOk ? 1 : 0} ${c.rule}` })))('$label', async (c) => {
    const edns = c.udpSize === 0 ? undefined : { udpSize: c.udpSize ?? 1232, dnssecOk: c.dnssecOk };
    const query = buildQuery({ id: c.id, name: qname(c, c.zone), type: c.type, rd: true, edns, ...c.extra });
    const [fromBind, fromLabnet] = await Promise.all([exchange(transport, bind.address, query), exchange(transport, labnet.address, query)]);
    const want = comparable(parseMessage(fromBind));
    expect(comparable(parseMessage(fromLabnet))).toEqual(want);
  });
});

describe('the signed answers carry what they should (BIND itself, so the comparison is not vacuous)', () => {
  it('DO gives RRSIGs and proofs, no DO none, and AD is never set', async () => {
    const ask = async (name: string, type: number, dnssecOk: boolean) =>
      parseMessage(await exchange('tcp', bind.address, buildQuery({ name, type, rd: true, ad: true, edns: { udpSize: 1232, dnssecOk } })));
    const yes = await ask('nope.nsec3.test.', T.A, true);
    expect(yes.rcode).toBe(3);
    expect(yes.authority.filter((rr) => rr.type === T.NSEC3)).toHaveLength(3);
    expect(yes.ad).toBe(false);
    const no = await ask('nope.nsec3.test.', T.A, false);
    expect(no.authority.map((rr) => rr.type)).toEqual([T.SOA]);
    const pos = await ask('vcenter.nsec.test.', T.A, true);
    expect(pos.answer.map((rr) => rr.type)).toEqual([T.A, T.RRSIG]);
    expect(pos.ad).toBe(false);
  });
});
