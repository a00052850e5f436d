/**
 * RFC 2136 UPDATE against a live BIND 9.18: the same nsupdate scripts go to named and to
 * labnet (started as `labnet serve --named-conf` starts it, src/lab/services.ts), both on
 * 127.0.0.1, both loading the same named.conf statements (keys, acl, zones with
 * allow-update and update-policy) and copies of the same zone files.
 *
 * The scripts run in order, each against BIND and then labnet, so both zones go through the
 * same history. For each script, compared:
 * - nsupdate's outcome: exit code, and what it prints ("update failed: NOTAUTH(BADKEY)");
 * - then, section by section (helpers/compare.ts), the answers to queries for the names the
 *   script touched, and the whole zone by AXFR (a multiset of records: serial included).
 * Raw messages nsupdate cannot send (a request signed an hour off, a malformed zone
 * section, bad classes) are sent as bytes to both and the responses compared: header,
 * zone section, and the TSIG error.
 * nsupdate is spawned asynchronously: labnet answers it from this process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startBind, type BindInstance } from './helpers/bind.js';
import { exchange, tcpExchange, udpExchange, type Endpoint } from './helpers/net.js';
import { comparable } from './helpers/compare.js';
import { buildQuery, encodeName, parseMessage, rrMultiset } from './helpers/wire.js';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { startServices, type Services } from '../../src/lab/services.js';
import { findTsig, signMessage, type TsigKey } from '../../src/dns/tsig.js';

const SHA = 'bGFibmV0IGludGVyb3AgdHNpZyBrZXkgMDEyMzQ1Njc=';
const MD5 = 'b2xkIGRoY3BkIGtleSBmb3IgbGFibmV0';
const OTHER = 'b3RoZXIga2V5IGZvciBsYWJuZXQgdGVzdHMgMDEyMw==';

const ZONE = `$TTL 300
@ SOA ns root 1 3600 600 86400 60
@ NS ns
ns A 127.0.0.1
www A 192.0.2.1
www A 192.0.2.2
alias CNAME www
txt TXT "hello"
sub.deep A 192.0.2.9
mail MX 10 www
`;
const ZONES = ['lab.test', 'open.test', 'pol.test', 'closed.test', 'neg.test', 'lim.test'];

/** The statements both servers load (named.conf(5) 9.18): keys, an ACL, the zones. */
const STATEMENTS = `key "upd" { algorithm hmac-sha256; secret "${SHA}"; };
key "old" { algorithm hmac-md5; secret "${MD5}"; };
key "other" { algorithm hmac-sha256; secret "${OTHER}"; };
key "trunc" { algorithm hmac-sha256-128; secret "${OTHER}"; };
acl "loopback" { 127.0.0.1; };
zone "lab.test" { type primary; file "lab.zone"; allow-update { key upd; key old; key trunc; }; };
zone "open.test" { type primary; file "open.zone"; allow-update { loopback; }; };
zone "pol.test" { type primary; file "pol.zone"; update-policy { grant upd zonesub ANY; grant other name host.pol.test A TXT; grant old subdomain dyn.pol.test ANY; }; };
zone "closed.test" { type primary; file "closed.zone"; };
zone "lim.test" { type primary; file "lim.zone"; update-policy { grant other name one.lim.test A(1); grant upd zonesub A(2) TXT(1) CNAME(1) ANY; }; };
zone "neg.test" { type primary; file "neg.zone"; allow-update { !127.0.0.1; any; }; };
`;

interface Script {
  name: string;
  /** nsupdate arguments (keys, -v for TCP). */
  args?: string[];
  /** The script without `server` and `send` (added). */
  text: string;
  /** Queries to compare afterwards: 'NAME TYPE'. */
  check?: string[];
  /** The zone whose AXFR is compared afterwards. */
  zone?: string;
}

const Y = (alg: string, name: string, secret: string) => ['-y', `${alg}:${name}:${secret}`];
const UPD = Y('hmac-sha256', 'upd', SHA);
const OLD = Y('hmac-md5', 'old', MD5);
const OTH = Y('hmac-sha256', 'other', OTHER);

/** `-k FILE` is filled in beforeAll (a key file in named.conf form). */
const KEYFILE: string[] = ['-k', ''];

const SCRIPTS: Script[] = [
  { name: 'add an A record, signed hmac-sha256 (-y): serial 1 -> 2', args: UPD, text: 'zone lab.test\nupdate add host1.lab.test 600 A 192.0.2.10', check: ['host1.lab.test A', 'lab.test SOA'], zone: 'lab.test' },
  { name: 'add to the RRset with another TTL: the RRset takes it', args: UPD, text: 'zone lab.test\nupdate add host1.lab.test 900 A 192.0.2.11', check: ['host1.lab.test A'], zone: 'lab.test' },
  { name: 'add a record present: no change, serial kept', args: UPD, text: 'zone lab.test\nupdate add host1.lab.test 900 A 192.0.2.11', check: ['lab.test SOA'], zone: 'lab.test' },
  { name: 'signed with a key file (-k)', args: KEYFILE, text: 'zone lab.test\nupdate add host2.lab.test 300 AAAA 2001:db8::2', check: ['host2.lab.test AAAA'], zone: 'lab.test' },
  { name: 'signed hmac-md5 (old dhcpd keys)', args: OLD, text: 'zone lab.test\nupdate add host2.lab.test 300 TXT "dhcp client"', check: ['host2.lab.test TXT'], zone: 'lab.test' },
  { name: 'unsigned to allow-update { key ...; }: REFUSED', text: 'zone lab.test\nupdate add host3.lab.test 300 A 192.0.2.12', check: ['host3.lab.test A'], zone: 'lab.test' },
  { name: 'a known key allow-update does not name: REFUSED', args: OTH, text: 'zone lab.test\nupdate add host3.lab.test 300 A 192.0.2.12', zone: 'lab.test' },
  { name: 'wrong secret: NOTAUTH(BADSIG)', args: Y('hmac-sha256', 'upd', OTHER), text: 'zone lab.test\nupdate add host3.lab.test 300 A 192.0.2.12', zone: 'lab.test' },
  { name: 'unknown key: NOTAUTH(BADKEY)', args: Y('hmac-sha256', 'nokey', SHA), text: 'zone lab.test\nupdate add host3.lab.test 300 A 192.0.2.12', zone: 'lab.test' },
  { name: 'known key, other algorithm: NOTAUTH(BADKEY)', args: Y('hmac-sha512', 'upd', SHA), text: 'zone lab.test\nupdate add host3.lab.test 300 A 192.0.2.12', zone: 'lab.test' },
  { name: 'a zone not served: NOTAUTH', text: 'zone elsewhere.test\nupdate add a.elsewhere.test 300 A 192.0.2.1' },
  { name: 'bad key to a zone not served: NOTAUTH(BADKEY)', args: Y('hmac-sha256', 'nokey', SHA), text: 'zone elsewhere.test\nupdate add a.elsewhere.test 300 A 192.0.2.1' },
  { name: 'update RR outside the zone: NOTZONE', args: UPD, text: 'zone lab.test\nupdate add x.open.test 300 A 192.0.2.1', check: ['x.open.test A'], zone: 'lab.test' },
  { name: 'prerequisite outside the zone: NOTZONE', args: UPD, text: 'zone lab.test\nprereq nxdomain x.open.test\nupdate add x.lab.test 300 A 192.0.2.1', zone: 'lab.test' },
  { name: "prereq nxdomain on a name in use: YXDOMAIN", args: UPD, text: 'zone lab.test\nprereq nxdomain www.lab.test\nupdate add new.lab.test 300 A 192.0.2.20', check: ['new.lab.test A'], zone: 'lab.test' },
  { name: "prereq yxdomain on a name not in use: NXDOMAIN", args: UPD, text: 'zone lab.test\nprereq yxdomain nope.lab.test\nupdate add new.lab.test 300 A 192.0.2.20', zone: 'lab.test' },
  { name: "prereq nxrrset on an RRset present: YXRRSET", args: UPD, text: 'zone lab.test\nprereq nxrrset www.lab.test A\nupdate add new.lab.test 300 A 192.0.2.20', zone: 'lab.test' },
  { name: "prereq yxrrset on an RRset absent: NXRRSET", args: UPD, text: 'zone lab.test\nprereq yxrrset www.lab.test MX\nupdate add new.lab.test 300 A 192.0.2.20', zone: 'lab.test' },
  { name: 'prereq yxrrset value dependent, part of the RRset: NXRRSET', args: UPD, text: 'zone lab.test\nprereq yxrrset www.lab.test A 192.0.2.1\nupdate add new.lab.test 300 A 192.0.2.20', zone: 'lab.test' },
  { name: 'prereq yxrrset value dependent, the whole RRset: applied', args: UPD, text: 'zone lab.test\nprereq yxrrset www.lab.test A 192.0.2.2\nprereq yxrrset www.lab.test A 192.0.2.1\nupdate add new.lab.test 300 A 192.0.2.20', check: ['new.lab.test A'], zone: 'lab.test' },
  { name: 'the DHCP form: prereq nxdomain, add A and TXT (one serial step)', args: UPD, text: 'zone lab.test\nprereq nxdomain pc1.lab.test\nupdate add pc1.lab.test 3600 A 192.0.2.30\nupdate add pc1.lab.test 3600 TXT "31abcdef"', check: ['pc1.lab.test A', 'pc1.lab.test TXT', 'lab.test SOA'], zone: 'lab.test' },
  { name: 'prereq yxdomain and nxrrset hold, over TCP (-v)', args: [...UPD, '-v'], text: 'zone lab.test\nprereq yxdomain pc1.lab.test\nprereq nxrrset pc1.lab.test AAAA\nupdate add pc1.lab.test 3600 AAAA 2001:db8::30', check: ['pc1.lab.test AAAA'], zone: 'lab.test' },
  { name: 'delete one RR', args: UPD, text: 'zone lab.test\nupdate delete www.lab.test A 192.0.2.1', check: ['www.lab.test A'], zone: 'lab.test' },
  { name: 'delete an RRset', args: UPD, text: 'zone lab.test\nupdate delete pc1.lab.test TXT', check: ['pc1.lab.test TXT', 'pc1.lab.test A'], zone: 'lab.test' },
  { name: 'delete a name', args: UPD, text: 'zone lab.test\nupdate delete host2.lab.test', check: ['host2.lab.test AAAA', 'host2.lab.test TXT'], zone: 'lab.test' },
  { name: 'delete a record absent: no change', args: UPD, text: 'zone lab.test\nupdate delete nope.lab.test A 192.0.2.99', check: ['lab.test SOA'], zone: 'lab.test' },
  { name: 'delete the apex NS RRset and the SOA: kept', args: UPD, text: 'zone lab.test\nupdate delete lab.test NS\nupdate delete lab.test SOA', check: ['lab.test NS', 'lab.test SOA'], zone: 'lab.test' },
  { name: 'delete the apex name: SOA and NS kept', args: UPD, text: 'zone lab.test\nupdate add lab.test 300 TXT "apex"\nupdate delete lab.test', check: ['lab.test TXT', 'lab.test NS'], zone: 'lab.test' },
  { name: 'delete the address of the in-zone name server: REFUSED', args: UPD, text: 'zone lab.test\nupdate delete ns.lab.test A', check: ['ns.lab.test A'], zone: 'lab.test' },
  { name: 'add an apex NS without an address: REFUSED', args: UPD, text: 'zone lab.test\nupdate add lab.test 300 NS ns2.lab.test', check: ['lab.test NS'], zone: 'lab.test' },
  { name: 'add an apex NS with its address: applied', args: UPD, text: 'zone lab.test\nupdate add ns2.lab.test 300 A 192.0.2.53\nupdate add lab.test 300 NS ns2.lab.test', check: ['lab.test NS'], zone: 'lab.test' },
  { name: 'a CNAME where data is: ignored', args: UPD, text: 'zone lab.test\nupdate add www.lab.test 300 CNAME ns.lab.test', check: ['www.lab.test CNAME', 'www.lab.test A'], zone: 'lab.test' },
  { name: 'data where a CNAME is: ignored', args: UPD, text: 'zone lab.test\nupdate add alias.lab.test 300 TXT "x"', check: ['alias.lab.test TXT'], zone: 'lab.test' },
  { name: 'a CNAME replaces a CNAME', args: UPD, text: 'zone lab.test\nupdate add alias.lab.test 600 CNAME ns.lab.test', check: ['alias.lab.test CNAME', 'alias.lab.test A'], zone: 'lab.test' },
  { name: 'SOA with a greater serial replaces the SOA', args: UPD, text: 'zone lab.test\nupdate add lab.test 300 SOA ns.lab.test. root.lab.test. 100 1800 600 86400 60', check: ['lab.test SOA'], zone: 'lab.test' },
  { name: 'SOA with a smaller serial: ignored, no increment', args: UPD, text: 'zone lab.test\nupdate add lab.test 300 SOA ns.lab.test. root.lab.test. 50 1800 600 86400 60', check: ['lab.test SOA'], zone: 'lab.test' },
  { name: 'MX to an in-zone name without an address: REFUSED', args: UPD, text: 'zone lab.test\nupdate add lab.test 300 MX 20 mail.lab.test', check: ['lab.test MX'], zone: 'lab.test' },
  { name: 'MX to a CNAME: REFUSED', args: UPD, text: 'zone lab.test\nupdate add lab.test 300 MX 20 alias.lab.test', check: ['lab.test MX'], zone: 'lab.test' },
  { name: 'MX with its target address, names compressed by nsupdate, and SRV', args: UPD, text: 'zone lab.test\nupdate add lab.test 300 MX 20 mx.lab.test\nupdate add mx.lab.test 300 A 192.0.2.25\nupdate add srv.lab.test 300 SRV 0 0 80 www.lab.test', check: ['lab.test MX', 'srv.lab.test SRV'], zone: 'lab.test' },
  { name: 'MX to a name outside the zone', args: UPD, text: 'zone lab.test\nupdate add mx2.lab.test 300 MX 10 mail.example.com', check: ['mx2.lab.test MX'], zone: 'lab.test' },
  { name: 'no zone statement: nsupdate finds the zone by SOA query', args: UPD, text: 'update add auto.lab.test 300 A 192.0.2.40', check: ['auto.lab.test A'], zone: 'lab.test' },
  { name: 'check-names: an A owner that is no host name, REFUSED', args: UPD, text: 'check-names off\nzone lab.test\nupdate add a_b.lab.test 300 A 192.0.2.41', check: ['a_b.lab.test A'], zone: 'lab.test' },
  { name: 'check-names: an MX exchange that is no host name, REFUSED', args: UPD, text: 'check-names off\nzone lab.test\nupdate add mx3.lab.test 300 MX 10 a_b.example.com', check: ['mx3.lab.test MX'], zone: 'lab.test' },
  { name: 'check-names: a TXT owner with an underscore is fine; deleting a bad name is too', args: UPD, text: 'check-names off\nzone lab.test\nupdate add _dmarc.lab.test 300 TXT "v=DMARC1"\nupdate delete a_b.lab.test A', check: ['_dmarc.lab.test TXT'], zone: 'lab.test' },
  { name: 'allow-update by an ACL of addresses, unsigned', text: 'zone open.test\nupdate add a.open.test 300 A 192.0.2.1', check: ['a.open.test A'], zone: 'open.test' },
  { name: 'allow-update by address, signed by a key it does not name', args: OTH, text: 'zone open.test\nupdate add b.open.test 300 A 192.0.2.2', check: ['b.open.test A'], zone: 'open.test' },
  { name: 'no allow-update: REFUSED (BIND default)', text: 'zone closed.test\nupdate add a.closed.test 300 A 192.0.2.1', check: ['a.closed.test A'], zone: 'closed.test' },
  { name: 'no allow-update, failing prerequisite: REFUSED before prerequisites', text: 'zone closed.test\nprereq yxdomain nope.closed.test', zone: 'closed.test' },
  { name: 'allow-update { !127.0.0.1; any; }: REFUSED', text: 'zone neg.test\nupdate add a.neg.test 300 A 192.0.2.1', zone: 'neg.test' },
  { name: 'update-policy, unsigned over UDP: REFUSED', text: 'zone pol.test\nprereq yxdomain nope.pol.test', zone: 'pol.test' },
  { name: 'update-policy, unsigned over TCP: prerequisites first (NXDOMAIN)', args: ['-v'], text: 'zone pol.test\nprereq yxdomain nope.pol.test', zone: 'pol.test' },
  { name: 'update-policy, unsigned over TCP, an update: REFUSED', args: ['-v'], text: 'zone pol.test\nupdate add a.pol.test 300 A 192.0.2.1', zone: 'pol.test' },
  { name: 'grant KEY zonesub ANY: a delegation with its glue', args: UPD, text: 'zone pol.test\nupdate add child.pol.test 300 NS ns.child.pol.test\nupdate add ns.child.pol.test 300 A 192.0.2.54', check: ['child.pol.test NS', 'www.child.pol.test A'], zone: 'pol.test' },
  { name: 'grant KEY name N A TXT: A granted', args: OTH, text: 'zone pol.test\nupdate add host.pol.test 300 A 192.0.2.7\nupdate add host.pol.test 300 TXT "t"', check: ['host.pol.test A', 'host.pol.test TXT'], zone: 'pol.test' },
  { name: 'grant KEY name N A TXT: AAAA not granted, REFUSED', args: OTH, text: 'zone pol.test\nupdate add host.pol.test 300 AAAA 2001:db8::7', check: ['host.pol.test AAAA'], zone: 'pol.test' },
  { name: 'grant KEY name N: another name REFUSED, before a failing prerequisite', args: OTH, text: 'zone pol.test\nprereq yxdomain nope.pol.test\nupdate add host2.pol.test 300 A 192.0.2.8', zone: 'pol.test' },
  { name: 'grant KEY subdomain N ANY: at and below N', args: OLD, text: 'zone pol.test\nupdate add x.dyn.pol.test 300 A 192.0.2.9\nupdate add dyn.pol.test 300 TXT "d"', check: ['x.dyn.pol.test A', 'dyn.pol.test TXT'], zone: 'pol.test' },
  { name: 'grant KEY subdomain N: a name outside N REFUSED', args: OLD, text: 'zone pol.test\nupdate delete www.pol.test', check: ['www.pol.test A'], zone: 'pol.test' },
  { name: 'delete a name: every RRset there must be granted', args: OTH, text: 'zone pol.test\nupdate delete host.pol.test', check: ['host.pol.test A', 'host.pol.test TXT'], zone: 'pol.test' },
  { name: 'update-policy A(2): three A records in one update, two added', args: UPD, text: 'zone lim.test\nupdate add h.lim.test 300 A 192.0.2.1\nupdate add h.lim.test 300 A 192.0.2.2\nupdate add h.lim.test 300 A 192.0.2.3', check: ['h.lim.test A', 'lim.test SOA'], zone: 'lim.test' },
  { name: 'update-policy A(2): a third A later is skipped, no serial step', args: UPD, text: 'zone lim.test\nupdate add h.lim.test 300 A 192.0.2.4', check: ['h.lim.test A', 'lim.test SOA'], zone: 'lim.test' },
  { name: 'update-policy A(2): delete one, then one more fits', args: UPD, text: 'zone lim.test\nupdate delete h.lim.test A 192.0.2.1\nupdate add h.lim.test 300 A 192.0.2.5\nupdate add h.lim.test 300 A 192.0.2.6', check: ['h.lim.test A'], zone: 'lim.test' },
  { name: 'update-policy TXT(1) and CNAME(1): a second TXT skipped, a CNAME not replaced', args: UPD, text: 'zone lim.test\nupdate add t.lim.test 300 TXT "a"\nupdate add t.lim.test 300 TXT "b"\nupdate add c.lim.test 300 CNAME h.lim.test\nupdate add c.lim.test 300 CNAME t.lim.test', check: ['t.lim.test TXT', 'c.lim.test CNAME'], zone: 'lim.test' },
  { name: 'update-policy: the first matching rule limits (name one A(1), zonesub A(2) not reached)', args: OTH, text: 'zone lim.test\nupdate add one.lim.test 300 A 192.0.2.7\nupdate add one.lim.test 300 A 192.0.2.8', check: ['one.lim.test A'], zone: 'lim.test' },
  { name: 'update-policy ANY after the limited types: AAAA unlimited', args: UPD, text: 'zone lim.test\nupdate add h.lim.test 300 AAAA 2001:db8::1\nupdate add h.lim.test 300 AAAA 2001:db8::2\nupdate add h.lim.test 300 AAAA 2001:db8::3', check: ['h.lim.test AAAA'], zone: 'lim.test' },
  { name: 'zonesub ANY covers the SOA', args: UPD, text: 'zone pol.test\nupdate add pol.test 300 SOA ns.pol.test. root.pol.test. 7 3600 600 86400 60', check: ['pol.test SOA'], zone: 'pol.test' },
];

let tree: TmpTree;
let bind: BindInstance;
let labnet: Services;
let labnetAt: Endpoint;

beforeAll(async () => {
  tree = tmpTree('labnet-ddns-');
  for (const z of ZONES) {
    tree.write(`bind/${z.replace('.test', '')}.zone`, ZONE);
    tree.write(`labnet/${z.replace('.test', '')}.zone`, ZONE);
  }
  tree.write('bind/ready.zone', ZONE);
  KEYFILE[1] = tree.write('upd.key', `key "upd" { algorithm hmac-sha256; secret "${SHA}"; };\n`);
  // BIND's working directory gets the files of bind/ (startBind copies the ready zone's folder).
  bind = await startBind({ zones: [{ origin: 'ready.test', file: join(tree.dir, 'bind/ready.zone') }], topLevel: STATEMENTS });
  const conf = tree.write('labnet/named.conf', `options { directory "${join(tree.dir, 'labnet')}"; };\n${STATEMENTS}`);
  labnet = await startServices({ namedConf: conf, dns: { address: '127.0.0.1', port: 0 } });
  labnetAt = { host: '127.0.0.1', port: labnet.dns!.address.port };
}, 60000);

afterAll(async () => {
  await labnet?.close();
  await bind?.close();
  tree?.remove();
});

/** nsupdate with `script` to `to`: exit code and what it printed (asynchronous: labnet answers from this process). */
function nsupdate(to: Endpoint, s: Script): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('nsupdate', s.args ?? [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
    child.stdin.end(`server ${to.host} ${to.port}\n${s.text}\nsend\n`);
  });
}

const TYPES: Record<string, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, TXT: 16, AAAA: 28, SRV: 33 };

async function answers(to: Endpoint, s: Script) {
  const out: Record<string, unknown> = {};
  for (const c of s.check ?? []) {
    const [name, type] = c.split(' ');
    out[c] = comparable(parseMessage(await udpExchange(to, buildQuery({ id: 0x1234, name, type: TYPES[type] }))));
  }
  if (s.zone) out[`${s.zone} AXFR`] = rrMultiset(parseMessage(await tcpExchange(to, buildQuery({ id: 0x1235, name: s.zone, type: 252 }))).answer);
  return out;
}

describe('nsupdate scripts: labnet answers as BIND 9.18', () => {
  it.each(SCRIPTS.map((s, i) => [`${String(i + 1).padStart(2, '0')} ${s.name}`, s] as const))('%s', async (_n, s) => {
    const fromBind = await nsupdate(bind.address, s);
    const fromLabnet = await nsupdate(labnetAt, s);
    expect(fromLabnet).toEqual(fromBind);
    expect(await answers(labnetAt, s)).toEqual(await answers(bind.address, s));
  });
});

// ---------------------------------------------------------------------------------------------
// Raw messages.

const U16 = (n: number) => Buffer.from([n >> 8, n & 255]);

/** An UPDATE message (RFC 2136 2): the zone section entries and the records given as bytes. */
function updateMessage(o: { id?: number; zones?: { name: string; type?: number; class?: number }[]; prereq?: Buffer[]; update?: Buffer[]; additional?: Buffer[] }): Buffer {
  const zones = o.zones ?? [{ name: 'open.test' }];
  const head = Buffer.concat([U16(o.id ?? 0x5151), U16(5 << 11), U16(zones.length), U16(o.prereq?.length ?? 0), U16(o.update?.length ?? 0), U16(o.additional?.length ?? 0)]);
  const zs = zones.map((z) => Buffer.concat([encodeName(z.name), U16(z.type ?? 6), U16(z.class ?? 1)]));
  return Buffer.concat([head, ...zs, ...(o.prereq ?? []), ...(o.update ?? []), ...(o.additional ?? [])]);
}

function rr(name: string, type: number, cls: number, ttl: number, rdata: Buffer): Buffer {
  const t = Buffer.alloc(4);
  t.writeUInt32BE(ttl);
  return Buffer.concat([encodeName(name), U16(type), U16(cls), t, U16(rdata.length), rdata]);
}

const A = (a: string) => Buffer.from(a.split('.').map(Number));
const OPT = rr('.', 41, 1232, 0, Buffer.alloc(0));
const UPD_KEY: TsigKey = { name: 'upd.', algorithm: 'hmac-sha256.', secret: Buffer.from(SHA, 'base64') };
const TRUNC_KEY: TsigKey = { name: 'trunc.', algorithm: 'hmac-sha256.', secret: Buffer.from(OTHER, 'base64'), digestBits: 128 };

interface RawCase {
  name: string;
  msg: () => Buffer;
  tcp?: boolean;
  /** Sent this many times (a replay), the last answers compared; default 1. */
  times?: number;
  /** The zone whose AXFR is compared afterwards (nothing changed, or the same change); default open.test. */
  zone?: string;
}

const nowS = () => Math.floor(Date.now() / 1000);

/** `msg` with its TSIG MAC cut to its first `n` octets (RFC 8945 5.2.2.1 truncation), MAC size and RDLENGTH adjusted. */
function truncateMac(msg: Buffer, n: number): Buffer {
  const t = findTsig(msg)!;
  // The owner (the key name) is written uncompressed by signMessage: walk its labels.
  let o = t.start;
  while (msg[o] !== 0) o += msg[o]! + 1;
  const rdlengthAt = o + 1 + 8;
  const macAt = msg.indexOf(t.mac, rdlengthAt);
  const out = Buffer.concat([msg.subarray(0, macAt - 2), U16(n), t.mac.subarray(0, n), msg.subarray(macAt + t.mac.length)]);
  out.writeUInt16BE(out.readUInt16BE(rdlengthAt) - (t.mac.length - n), rdlengthAt);
  return out;
}

const signedAdd = (name: string, ip: string, o: { key?: TsigKey; at?: number } = {}) =>
  signMessage(updateMessage({ zones: [{ name: 'lab.test' }], update: [rr(name, 1, 1, 300, A(ip))] }), o.key ?? UPD_KEY, { now: o.at ?? nowS() }).message;


const RAW: RawCase[] = [
  { name: 'signed an hour ago: NOTAUTH, BADTIME, signed', msg: () => signMessage(updateMessage({ zones: [{ name: 'lab.test' }], update: [rr('t.lab.test', 1, 1, 300, A('192.0.2.1'))] }), UPD_KEY, { now: Math.floor(Date.now() / 1000) - 3600 }).message },
  { name: 'two zone entries: FORMERR', msg: () => updateMessage({ zones: [{ name: 'open.test' }, { name: 'lab.test' }] }) },
  { name: 'no zone entry: FORMERR', msg: () => updateMessage({ zones: [] }) },
  { name: 'zone entry of type A: FORMERR', msg: () => updateMessage({ zones: [{ name: 'open.test', type: 1 }] }) },
  { name: 'a name below a zone as the zone: NOTAUTH', msg: () => updateMessage({ zones: [{ name: 'www.open.test' }] }) },
  { name: 'an update of class CH: FORMERR', msg: () => updateMessage({ update: [rr('c.open.test', 1, 3, 300, A('192.0.2.1'))] }) },
  { name: 'class ANY delete with a TTL: FORMERR', msg: () => updateMessage({ update: [rr('www.open.test', 1, 255, 300, Buffer.alloc(0))] }) },
  { name: 'class NONE delete with a TTL: FORMERR', msg: () => updateMessage({ update: [rr('www.open.test', 1, 254, 300, A('192.0.2.1'))] }) },
  { name: 'add of meta type ANY: FORMERR', msg: () => updateMessage({ update: [rr('m.open.test', 255, 1, 300, Buffer.alloc(0))] }) },
  { name: 'add of an NSEC: REFUSED', msg: () => updateMessage({ update: [rr('n.open.test', 47, 1, 300, Buffer.concat([encodeName('o.open.test'), Buffer.from([0, 1, 0x40])]))] }) },
  { name: 'prerequisite with a TTL: FORMERR', msg: () => updateMessage({ prereq: [rr('www.open.test', 255, 255, 300, Buffer.alloc(0))] }) },
  { name: 'prerequisite of class ANY with RDATA: FORMERR', msg: () => updateMessage({ prereq: [rr('www.open.test', 1, 255, 0, A('192.0.2.1'))] }) },
  { name: 'prerequisite of class CH: FORMERR', msg: () => updateMessage({ prereq: [rr('www.open.test', 1, 3, 0, A('192.0.2.1'))] }) },
  { name: 'prerequisite value dependent, duplicated RR: NXRRSET', msg: () => updateMessage({ prereq: [rr('txt.open.test', 16, 1, 0, Buffer.from('\x05hello')), rr('txt.open.test', 16, 1, 0, Buffer.from('\x05hello'))] }) },
  { name: 'an update with EDNS: the response carries an OPT', msg: () => updateMessage({ update: [rr('e.open.test', 1, 1, 300, A('192.0.2.5'))], additional: [OPT] }) },
  { name: 'a signed query: a signed answer', msg: () => signMessage(buildQuery({ id: 0x6161, name: 'www.open.test', type: 1 }), UPD_KEY, { now: Math.floor(Date.now() / 1000) }).message },
  { name: 'a query signed with an unknown key: NOTAUTH, BADKEY', msg: () => signMessage(buildQuery({ id: 0x6162, name: 'www.open.test', type: 1, rd: true }), { ...UPD_KEY, name: 'nokey.' }, { now: Math.floor(Date.now() / 1000) }).message },
  { name: 'a query with a wrong MAC: NOTAUTH, BADSIG', msg: () => signMessage(buildQuery({ id: 0x6163, name: 'www.open.test', type: 1, edns: { udpSize: 1232 } }), { ...UPD_KEY, secret: Buffer.from('wrong') }, { now: Math.floor(Date.now() / 1000) }).message },
  { name: 'over TCP: the same', tcp: true, msg: () => updateMessage({ update: [rr('e2.open.test', 1, 1, 300, A('192.0.2.6'))] }) },
  // Hostile TSIG on UPDATE (RFC 8945 5.2): refused with named's rcode and TSIG error, nothing changed.
  { name: 'TSIG: an UPDATE with a wrong secret: NOTAUTH, BADSIG, nothing changed', zone: 'lab.test', msg: () => signedAdd('w1.lab.test', '192.0.2.71', { key: { ...UPD_KEY, secret: Buffer.from('not the secret') } }) },
  { name: 'TSIG: an UPDATE with an unknown key: NOTAUTH, BADKEY, nothing changed', zone: 'lab.test', msg: () => signedAdd('w2.lab.test', '192.0.2.72', { key: { ...UPD_KEY, name: 'stranger.' } }) },
  { name: 'TSIG: an UPDATE under the right key name with another algorithm: NOTAUTH, BADKEY', zone: 'lab.test', msg: () => signedAdd('w3.lab.test', '192.0.2.73', { key: { ...UPD_KEY, algorithm: 'hmac-sha512.' } }) },
  { name: 'TSIG: an UPDATE signed 301 s ahead (past the 300 s fudge): NOTAUTH, BADTIME, nothing changed', zone: 'lab.test', msg: () => signedAdd('w4.lab.test', '192.0.2.74', { at: nowS() + 301 }) },
  { name: 'TSIG: an UPDATE signed 290 s ago (within the fudge): applied', zone: 'lab.test', msg: () => signedAdd('w5.lab.test', '192.0.2.75', { at: nowS() - 290 }) },
  { name: 'TSIG: an UPDATE replayed (the same signed message three times): as named answers the last', zone: 'lab.test', times: 3, msg: () => signedAdd('w6.lab.test', '192.0.2.76') },
  { name: 'TSIG: MAC truncated to 16 of 32 octets (half, RFC 8945 5.2.2.1) without a truncating key', zone: 'lab.test', msg: () => truncateMac(signedAdd('w7.lab.test', '192.0.2.77'), 16) },
  { name: 'TSIG: MAC truncated to 8 octets (under 10): refused, nothing changed', zone: 'lab.test', msg: () => truncateMac(signedAdd('w8.lab.test', '192.0.2.78'), 8) },
  { name: 'TSIG: an empty MAC: refused, nothing changed', zone: 'lab.test', msg: () => truncateMac(signedAdd('w9.lab.test', '192.0.2.79'), 0) },
  { name: 'TSIG: the message cut inside its TSIG record: FORMERR, nothing changed', zone: 'lab.test', msg: () => { const m = signedAdd('wa.lab.test', '192.0.2.80'); return m.subarray(0, m.length - 9); } },
  { name: 'TSIG: a record added after the TSIG (it must be last): FORMERR', zone: 'lab.test', msg: () => { const m = signedAdd('wb.lab.test', '192.0.2.81'); const out = Buffer.concat([m, OPT]); out.writeUInt16BE(out.readUInt16BE(10) + 1, 10); return out; } },
  { name: 'TSIG: a truncating key (hmac-sha256-128): its 16-octet MAC is applied, signed back at 16', zone: 'lab.test', msg: () => signedAdd('wd.lab.test', '192.0.2.83', { key: TRUNC_KEY }) },
  { name: 'TSIG: a truncating key given the whole 32-octet MAC', zone: 'lab.test', msg: () => signedAdd('we.lab.test', '192.0.2.84', { key: { ...TRUNC_KEY, digestBits: undefined } }) },
  { name: 'TSIG: a truncating key, MAC cut to 12 octets (under half): FORMERR', zone: 'lab.test', msg: () => truncateMac(signedAdd('wf.lab.test', '192.0.2.85', { key: { ...TRUNC_KEY, digestBits: undefined } }), 12) },
  { name: 'TSIG: an UPDATE over TCP with a wrong secret: NOTAUTH, BADSIG', tcp: true, zone: 'lab.test', msg: () => signedAdd('wc.lab.test', '192.0.2.82', { key: { ...UPD_KEY, secret: Buffer.from('still not it') } }) },
];

/** The response without its TSIG record (times and MACs differ), with the TSIG error and whether one was there. */
function rawComparable(resp: Buffer) {
  const t = findTsig(resp);
  const body = t ? Buffer.from(resp.subarray(0, t.start)) : resp;
  if (t) body.writeUInt16BE(body.readUInt16BE(10) - 1, 10);
  const m = comparable(parseMessage(body));
  return { ...m, tsig: t ? { key: t.keyName, algorithm: t.algorithm, error: t.error, macLength: t.mac.length, otherLength: t.otherData.length } : undefined };
}

describe('after a restart', () => {
  it('labnet serves every updated zone as BIND does: the updates were journaled (BIND .jnl) and rolled forward', async () => {
    await labnet.close();
    labnet = await startServices({ namedConf: join(tree.dir, 'labnet/named.conf'), dns: { address: '127.0.0.1', port: 0 } });
    labnetAt = { host: '127.0.0.1', port: labnet.dns!.address.port };
    for (const z of ZONES) {
      const axfr = async (to: Endpoint) => rrMultiset(parseMessage(await tcpExchange(to, buildQuery({ name: z, type: 252 }))).answer);
      expect(await axfr(labnetAt)).toEqual(await axfr(bind.address));
    }
  });
});

describe('raw UPDATE messages: labnet answers as BIND 9.18', () => {
  it.each(RAW.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const msg = c.msg();
    const transport = c.tcp ? 'tcp' : 'udp';
    const last = async (to: Endpoint) => {
      let r = await exchange(transport, to, msg);
      for (let i = 1; i < (c.times ?? 1); i++) r = await exchange(transport, to, msg);
      return rawComparable(r);
    };
    const fromBind = await last(bind.address);
    const fromLabnet = await last(labnetAt);
    expect(fromLabnet).toEqual(fromBind);
    const axfr = async (to: Endpoint) => rrMultiset(parseMessage(await tcpExchange(to, buildQuery({ name: c.zone ?? 'open.test', type: 252 }))).answer);
    expect(await axfr(labnetAt)).toEqual(await axfr(bind.address));
  });
});
