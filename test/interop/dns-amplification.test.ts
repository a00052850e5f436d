/**
 * No amplifier: the amplification factor (response bytes / query bytes) over UDP for the
 * lab's names (fixtures/lab: lab.local and its reverse zone), and for the conformance
 * zones' names (fixtures/conformance: wildcards, delegations, DNAME, big RRsets), every QTYPE below including
 * ANY, with no EDNS, with EDNS 4096 (what a reflection attack asks for) and with EDNS 4096
 * and DO, RD set (as an attacker's queries are), for labnet and for a live BIND 9.18 on the
 * same files (recursion no, BIND's defaults: minimal-any no, minimal-responses
 * no-auth-recursive).
 *
 * Asserted: no labnet response is larger than BIND's to the same query bytes (so neither the
 * largest factor nor the total is), recursion is never offered (RA clear in every
 * response), names outside the served zones are REFUSED with nothing but the question
 * (and the OPT). The per-server figures are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { haveBinary, startBind, zonesOfNamedConf, type BindInstance } from './helpers/bind.js';
import { udpExchange, type Endpoint } from './helpers/net.js';
import { buildQuery, parseMessage, type EdnsSpec } from './helpers/wire.js';
import { startLabnet, type LabnetInstance } from './helpers/labnet.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** The fixture sets, each served by its own BIND and labnet. */
const SETS = [
  { label: 'lab', conf: resolve(ROOT, 'fixtures/lab/named.conf') },
  { label: 'conformance', conf: resolve(ROOT, 'fixtures/conformance/named.conf') },
];

/** Owner names of a master file (a test-side reader: lines starting with a name, `@` the origin). */
function ownerNames(file: string, origin: string): string[] {
  const out = new Set<string>([origin]);
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Za-z0-9_*-][A-Za-z0-9_.*-]*)\s/.exec(line);
    if (!m || m[1].startsWith('$')) continue;
    out.add(m[1].endsWith('.') ? m[1] : `${m[1]}.${origin}`);
  }
  return [...out];
}

const TYPES: Record<string, number> = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, NULL: 10, WKS: 11, PTR: 12, HINFO: 13, MX: 15, TXT: 16, RP: 17, AFSDB: 18, SIG: 24, KEY: 25,
  AAAA: 28, LOC: 29, NXT: 30, SRV: 33, NAPTR: 35, KX: 36, CERT: 37, DNAME: 39, APL: 42, DS: 43, SSHFP: 44, RRSIG: 46, NSEC: 47,
  DNSKEY: 48, DHCID: 49, NSEC3: 50, NSEC3PARAM: 51, TLSA: 52, SMIMEA: 53, HIP: 55, CDS: 59, CDNSKEY: 60, OPENPGPKEY: 61,
  CSYNC: 62, ZONEMD: 63, SVCB: 64, HTTPS: 65, SPF: 99, EUI48: 108, EUI64: 109, URI: 256, CAA: 257, TYPE65280: 65280, ANY: 255,
};
const EDNS: [string, EdnsSpec | undefined][] = [
  ['no EDNS', undefined],
  ['EDNS 4096', { udpSize: 4096 }],
  ['EDNS 4096 DO', { udpSize: 4096, dnssecOk: true }],
];
const OUTSIDE = ['example.com.', '.', 'com.', '1.1.1.1.in-addr.arpa.', 'lab.local.example.'];

interface Sample {
  set: string;
  what: string;
  query: number;
  bind: number;
  labnet: number;
  labnetRa: boolean;
  bindRa: boolean;
  labnetRcode: number;
  bindRcode: number;
  labnetCounts: number[];
  outside: boolean;
}

const haveNamed = haveBinary('named');
const running: (BindInstance | LabnetInstance)[] = [];
const samples: Sample[] = [];

async function ask(to: Endpoint, q: Buffer): Promise<Buffer> {
  return udpExchange(to, q, 3000);
}

/** Every query of one fixture set to both servers. */
async function measure(label: string, conf: string): Promise<string> {
  const zones = zonesOfNamedConf(conf);
  const bind = await startBind({ zones });
  running.push(bind);
  const labnet = await startLabnet([conf]);
  running.push(labnet);
  const names = zones.flatMap((z) => ownerNames(z.file, z.origin.endsWith('.') ? z.origin : `${z.origin}.`));
  // A name that does not exist in each zone (NXDOMAIN with the SOA).
  names.push(...zones.map((z) => `nonexistent.${z.origin.replace(/\.?$/, '.')}`));
  let id = 1;
  for (const outside of [false, true]) {
    for (const name of outside ? OUTSIDE : names) {
      for (const [type, code] of Object.entries(TYPES)) {
        for (const [ednsName, edns] of EDNS) {
          const q = buildQuery({ id: id++ & 0xffff, name, type: code, rd: true, edns });
          const [b, l] = [await ask(bind.address, q), await ask(labnet.address, q)];
          const pb = parseMessage(b);
          const pl = parseMessage(l);
          samples.push({
            set: label, what: `${name} ${type} ${ednsName}`, query: q.length, bind: b.length, labnet: l.length,
            labnetRa: pl.ra, bindRa: pb.ra, labnetRcode: pl.rcode, bindRcode: pb.rcode,
            labnetCounts: [pl.answer.length, pl.authority.length, pl.additional.length], outside,
          });
        }
      }
    }
  }
  const mine = samples.filter((s) => s.set === label);
  const figures = (key: 'bind' | 'labnet', filter: (s: Sample) => boolean = () => true) => {
    const s = mine.filter(filter);
    const max = s.reduce((m, x) => (x[key] / x.query > m.f ? { f: x[key] / x.query, what: x.what } : m), { f: 0, what: '' });
    const total = s.reduce((n, x) => n + x[key], 0) / s.reduce((n, x) => n + x.query, 0);
    return `max ${max.f.toFixed(2)} (${max.what}), overall ${total.toFixed(2)}`;
  };
  const any = (s: Sample) => s.what.includes(' ANY ');
  const same = mine.filter((s) => s.labnet === s.bind).length;
  return (
    `${label}: ${mine.length} queries (${names.length} names + ${OUTSIDE.length} outside, ${Object.keys(TYPES).length} QTYPEs, 3 EDNS forms):\n` +
    `  BIND 9.18  all: ${figures('bind')}; ANY: ${figures('bind', any)}\n` +
    `  labnet     all: ${figures('labnet')}; ANY: ${figures('labnet', any)}\n` +
    `  ${same} of ${mine.length} responses the same size on both`
  );
}

beforeAll(async () => {
  const lines: string[] = [];
  for (const set of SETS) lines.push(await measure(set.label, set.conf));
  console.log(`Amplification over UDP (response bytes / query bytes), RD=1:\n${lines.join('\n')}`);
}, 300_000);

afterAll(async () => {
  for (const r of running.reverse()) await r.close();
});

describe.skipIf(!haveNamed)('amplification: labnet is no larger an amplifier than BIND 9.18', () => {
  it('every response is at most as large as BIND\'s to the same query (ANY included)', () => {
    const larger = samples.filter((s) => s.labnet > s.bind).map((s) => `${s.set} ${s.what}: labnet ${s.labnet} > BIND ${s.bind}`);
    expect(larger).toEqual([]);
    expect(samples.filter((s) => s.what.includes(' ANY ')).length).toBeGreaterThan(40);
    // The lab has something to amplify (ANY at the apex is several times the query).
    expect(Math.max(...samples.map((s) => s.bind / s.query))).toBeGreaterThan(3);
  });

  it.each(SETS.map((s) => s.label))('%s: the largest factor and the overall factor are not above BIND\'s', (label) => {
    const mine = samples.filter((s) => s.set === label);
    const max = (k: 'bind' | 'labnet') => Math.max(...mine.map((s) => s[k] / s.query));
    const total = (k: 'bind' | 'labnet') => mine.reduce((n, s) => n + s[k], 0) / mine.reduce((n, s) => n + s.query, 0);
    expect(max('labnet')).toBeLessThanOrEqual(max('bind'));
    expect(total('labnet')).toBeLessThanOrEqual(total('bind'));
  });

  it('recursion is never offered: RA clear in every response (BIND the same)', () => {
    expect(samples.filter((s) => s.labnetRa).map((s) => s.what)).toEqual([]);
    expect(samples.filter((s) => s.bindRa).map((s) => s.what)).toEqual([]);
  });

  it('names outside the served zones: REFUSED, no records (the OPT aside), as BIND', () => {
    const out = samples.filter((s) => s.outside);
    expect(out.length).toBe(SETS.length * OUTSIDE.length * Object.keys(TYPES).length * EDNS.length);
    for (const s of out) {
      expect([s.what, s.labnetRcode]).toEqual([s.what, 5]);
      expect([s.what, s.bindRcode]).toEqual([s.what, 5]);
      expect(s.labnetCounts[0] + s.labnetCounts[1]).toBe(0);
      expect(s.labnet).toBe(s.bind);
    }
  });
});
