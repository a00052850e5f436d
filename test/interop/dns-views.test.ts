/**
 * Views, ACLs and the response options of one named.conf, served by a live BIND 9.18 and by
 * labnet (startServices, the code behind `labnet serve --named-conf`), compared through dig
 * section by section. Clients are told apart by their source address (dig -b 127.0.0.N:
 * Linux routes all of 127.0.0.0/8 to lo, so any of them is a local source).
 *
 * Compared per case: status, header flags, section counts, EDE lines, the question, and the
 * answer, authority and additional sections: in order where the order is defined (rrset-order
 * none, one-record RRsets), as multisets where it is random or cyclic. Then the orders
 * themselves: `random` takes the same set of orders on both (12 of the 24 for four records),
 * `cyclic` and `fixed` (cyclic in Debian's build) step through the rotations one per
 * response, `none` is the canonical order on both, whatever the zone file's order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindOptions, haveBinary, type BindInstance } from './helpers/bind.js';
import type { Endpoint } from './helpers/net.js';
import { dig, type DigAnswer } from './helpers/dig.js';
import { startBothServers, type BothServers } from './helpers/both-servers.js';

const zone = (net: string) => `$TTL 300
@ SOA ns root 1 3600 600 86400 60
@ NS ns
@ NS ns3
@ NS ns2
ns A 127.0.0.1
ns2 A 127.0.0.3
ns3 A 127.0.0.4
www A ${net}.3
www A ${net}.1
www A ${net}.4
www A ${net}.2
www TXT "hello"
www MX 10 mail
mail A 10.1.1.1
cyc A 10.8.0.4
cyc A 10.8.0.3
cyc A 10.8.0.2
cyc A 10.8.0.1
fix A 10.9.0.2
fix A 10.9.0.1
fix A 10.9.0.4
fix A 10.9.0.3
non A 10.7.0.3
non A 10.7.0.1
non A 10.7.0.2
deleg NS ns.deleg
ns.deleg A 10.6.0.1
`;

const serving = (dir: string, port: number) => `${bindOptions(dir, port, 'blackhole { 127.0.0.9; }; allow-transfer { 127.0.0.1; 127.0.0.2; 127.0.0.3; };')}
acl inner { 127.0.0.1; };
view one {
  match-clients { inner; };
  rrset-order { name "cyc.a.test" order cyclic; name "fix.a.test" order fixed; name "non.a.test" order none; type A name "*.a.test" order random; };
  zone "a.test" { type primary; file "a.zone"; };
  zone "closed.test" { type primary; file "a.zone"; allow-query { none; }; allow-transfer { none; }; };
};
view two {
  match-clients { 127.0.0.2; 127.0.0.3; };
  allow-query { !127.0.0.3; any; };
  minimal-responses no;
  zone "a.test" { type primary; file "b.zone"; };
};
view yes { match-clients { 127.0.0.11; }; minimal-responses yes; zone "a.test" { type primary; file "a.zone"; }; };
view noauth { match-clients { 127.0.0.13; }; minimal-responses no-auth; zone "a.test" { type primary; file "a.zone"; }; };
view many { match-clients { 127.0.0.15; }; minimal-any yes; zone "a.test" { type primary; file "a.zone"; }; };
view rec { match-clients { 127.0.0.16; }; match-recursive-only yes; zone "a.test" { type primary; file "b.zone"; }; };
view dst { match-clients { 127.0.0.16; 127.0.0.20; }; match-destinations { 127.0.0.1; }; zone "a.test" { type primary; file "a.zone"; }; };
view notdst { match-clients { 127.0.0.21; }; match-destinations { !127.0.0.1; any; }; zone "a.test" { type primary; file "a.zone"; }; };
`;

const haveAll = haveBinary('named') && haveBinary('dig');
let both: BothServers;
let bind: BindInstance;
let lab: Endpoint;

beforeAll(async () => {
  both = await startBothServers({ 'a.zone': zone('10.0.0'), 'b.zone': zone('10.5.5') }, serving, 'a.test');
  ({ bind, lab } = both);
}, 60_000);

afterAll(async () => {
  await both?.close();
});

type Mode = 'exact' | 'set';
/** The comparable form: sections in order ('exact') or sorted ('set'). */
function view(a: DigAnswer, mode: Mode) {
  const s = (l: string[]) => (mode === 'set' ? [...l].sort() : l);
  return { status: a.status, flags: a.flags, counts: a.counts, ede: a.ede, question: a.question, answer: s(a.answer), authority: s(a.authority), additional: s(a.additional) };
}

interface Case {
  what: string;
  from: string;
  args: string[];
  mode: Mode;
  /** Something the answer must show (so a case cannot pass by both failing alike). */
  expect: (a: DigAnswer) => void;
}

const noerror = (n: number) => (a: DigAnswer) => {
  expect(a.status).toBe('NOERROR');
  expect(a.answer.length).toBe(n);
};
const refusedEde = (a: DigAnswer) => {
  expect(a.status).toBe('REFUSED');
  expect(a.ede).toEqual(['; EDE: 18 (Prohibited)']);
};

const CASES: Case[] = [
  { what: 'view one (match-clients by a named acl)', from: '127.0.0.1', args: ['www.a.test', 'A'], mode: 'set', expect: (a) => expect(a.answer.join()).toContain('10.0.0.1') },
  { what: 'view two: the same name from its own zone file', from: '127.0.0.2', args: ['www.a.test', 'A'], mode: 'set', expect: (a) => expect(a.answer.join()).toContain('10.5.5.1') },
  { what: 'no view takes 127.0.0.5: REFUSED, EDE 18', from: '127.0.0.5', args: ['www.a.test', 'A'], mode: 'exact', expect: refusedEde },
  { what: 'no view, over TCP', from: '127.0.0.5', args: ['+tcp', 'www.a.test', 'A'], mode: 'exact', expect: refusedEde },
  { what: 'allow-query in view two denies 127.0.0.3', from: '127.0.0.3', args: ['www.a.test', 'A'], mode: 'exact', expect: refusedEde },
  { what: 'allow-query denies, a name in no zone (REFUSED without EDE)', from: '127.0.0.3', args: ['www.other.test', 'A'], mode: 'exact', expect: (a) => expect([a.status, a.ede]).toEqual(['REFUSED', []]) },
  { what: 'zone allow-query none', from: '127.0.0.1', args: ['www.closed.test', 'A'], mode: 'exact', expect: refusedEde },
  { what: 'a name in no zone, view one', from: '127.0.0.1', args: ['x.example', 'A'], mode: 'exact', expect: (a) => expect(a.status).toBe('REFUSED') },
  { what: 'NXDOMAIN in view two', from: '127.0.0.2', args: ['nx.a.test', 'A'], mode: 'exact', expect: (a) => expect(a.status).toBe('NXDOMAIN') },
  { what: 'NODATA in view one', from: '127.0.0.1', args: ['+norec', 'www.a.test', 'AAAA'], mode: 'exact', expect: noerror(0) },
  { what: 'a referral (glue) in view two', from: '127.0.0.2', args: ['+norec', 'x.deleg.a.test', 'A'], mode: 'set', expect: (a) => expect(a.authority.length).toBe(1) },
  { what: 'minimal-responses no, RD=1: apex NS and addresses', from: '127.0.0.2', args: ['www.a.test', 'MX'], mode: 'set', expect: (a) => expect(a.authority.length).toBe(3) },
  { what: 'minimal-responses no, RD=0', from: '127.0.0.2', args: ['+norec', 'www.a.test', 'MX'], mode: 'set', expect: (a) => expect(a.authority.length).toBe(3) },
  { what: 'default no-auth-recursive, RD=1', from: '127.0.0.1', args: ['www.a.test', 'MX'], mode: 'set', expect: (a) => expect(a.authority.length).toBe(0) },
  { what: 'default no-auth-recursive, RD=0', from: '127.0.0.1', args: ['+norec', 'www.a.test', 'MX'], mode: 'set', expect: (a) => expect(a.authority.length).toBe(3) },
  { what: 'minimal-responses yes: MX without additional', from: '127.0.0.11', args: ['+norec', 'www.a.test', 'MX'], mode: 'exact', expect: (a) => expect(a.additional.length).toBe(0) },
  { what: 'minimal-responses yes: NS with its addresses', from: '127.0.0.11', args: ['+norec', 'a.test', 'NS'], mode: 'set', expect: (a) => expect(a.additional.length).toBe(3) },
  { what: 'minimal-responses yes: NXDOMAIN keeps the SOA', from: '127.0.0.11', args: ['nx.a.test', 'A'], mode: 'exact', expect: (a) => expect(a.authority.length).toBe(1) },
  { what: 'minimal-responses no-auth, RD=0: additional, no NS', from: '127.0.0.13', args: ['+norec', 'www.a.test', 'MX'], mode: 'exact', expect: (a) => expect([a.authority.length, a.additional.length]).toEqual([0, 1]) },
  { what: 'minimal-any yes: ANY over UDP', from: '127.0.0.15', args: ['+norec', 'www.a.test', 'ANY'], mode: 'set', expect: (a) => expect(a.answer.length).toBe(6) },
  { what: 'minimal-any yes: ANY over TCP', from: '127.0.0.15', args: ['+tcp', 'www.a.test', 'ANY'], mode: 'set', expect: (a) => expect(a.answer.length).toBe(6) },
  { what: 'match-recursive-only: RD=1 goes to view rec', from: '127.0.0.16', args: ['www.a.test', 'A'], mode: 'set', expect: (a) => expect(a.answer.join()).toContain('10.5.5.1') },
  { what: 'match-recursive-only: RD=0 falls to view dst', from: '127.0.0.16', args: ['+norec', 'www.a.test', 'A'], mode: 'set', expect: (a) => expect(a.answer.join()).toContain('10.0.0.1') },
  { what: 'match-destinations 127.0.0.1 takes the client', from: '127.0.0.20', args: ['www.a.test', 'TXT'], mode: 'exact', expect: noerror(1) },
  { what: 'match-destinations !127.0.0.1: no view', from: '127.0.0.21', args: ['www.a.test', 'TXT'], mode: 'exact', expect: refusedEde },
  { what: 'rrset-order none: canonical order, not the file\'s', from: '127.0.0.1', args: ['non.a.test', 'A'], mode: 'exact', expect: (a) => expect(a.answer.map((l) => l.split(' ')[4])).toEqual(['10.7.0.1', '10.7.0.2', '10.7.0.3']) },
  { what: 'a type no rule matches (NS in view one): stored order', from: '127.0.0.1', args: ['a.test', 'NS'], mode: 'exact', expect: noerror(3) },
  { what: 'blackhole over UDP: no reply', from: '127.0.0.9', args: ['www.a.test', 'A'], mode: 'exact', expect: (a) => expect(a.status).toBe('timeout') },
  { what: 'blackhole over TCP: closed without reply', from: '127.0.0.9', args: ['+tcp', 'www.a.test', 'A'], mode: 'exact', expect: (a) => expect(a.status).not.toMatch(/^[A-Z]+$/) },
];

/** A transfer as dig prints it: its record lines (multiset), or its failure. */
const transfer = (a: DigAnswer) => (a.raw.includes('Transfer failed') ? 'Transfer failed' : a.raw.split('\n').filter((l) => l && !l.startsWith(';')).map((l) => l.replace(/\s+/g, ' ')).sort());
const TRANSFERS: [string, string, string, (t: string | string[]) => void][] = [
  ['AXFR allowed (options allow-transfer)', '127.0.0.1', 'a.test', (t) => expect(t.length).toBe(28)],
  ['AXFR allowed, view two', '127.0.0.2', 'a.test', (t) => expect(t.length).toBe(28)],
  ['AXFR refused (inherited by view yes)', '127.0.0.11', 'a.test', (t) => expect(t).toBe('Transfer failed')],
  ['AXFR refused (zone allow-transfer none)', '127.0.0.1', 'closed.test', (t) => expect(t).toBe('Transfer failed')],
  ['AXFR despite allow-query (view two denies 127.0.0.3 queries, not transfers)', '127.0.0.3', 'a.test', (t) => expect(t.length).toBe(28)],
];

const agreed: string[] = [];

describe.runIf(haveAll)('views and ACLs: labnet and BIND 9.18 on one named.conf, compared with dig', () => {
  it.each(CASES.map((c) => [c.what, c] as const))('%s', async (_w, c) => {
    const [b, l] = await Promise.all([dig(bind.address, c.from, c.args), dig(lab, c.from, c.args)]);
    c.expect(b);
    expect(view(l, c.mode)).toEqual(view(b, c.mode));
    agreed.push(c.what);
  });

  it.each(TRANSFERS)('%s', async (what, from, name, check) => {
    const [b, l] = await Promise.all([dig(bind.address, from, [name, 'AXFR']), dig(lab, from, [name, 'AXFR'])]);
    check(transfer(b));
    expect(transfer(l)).toEqual(transfer(b));
    agreed.push(what);
  });

  /** The answer's addresses in order, n times. */
  const orders = async (to: Endpoint, from: string, name: string, n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await dig(to, from, ['+short', name, 'A'])).raw.trim().split('\n').join(' '));
    return out;
  };

  it.each([
    ['random by rule (view one)', '127.0.0.1', 'www.a.test'],
    ['random by default (view two: no rrset-order)', '127.0.0.2', 'www.a.test'],
  ])('%s: the same 12 orders of four records on both', async (what, from, name) => {
    const [b, l] = await Promise.all([orders(bind.address, from, name, 150), orders(lab, from, name, 150)]);
    const distinct = (o: string[]) => [...new Set(o)].sort();
    expect(distinct(b).length).toBe(12);
    expect(distinct(l)).toEqual(distinct(b));
    agreed.push(what);
  });

  it.each([
    ['cyclic', 'cyc.a.test'],
    ['fixed (cyclic in this build)', 'fix.a.test'],
  ])('%s: one rotation of the canonical order per response, on both', async (what, name) => {
    const sorted = name.startsWith('cyc') ? ['10.8.0.1', '10.8.0.2', '10.8.0.3', '10.8.0.4'] : ['10.9.0.1', '10.9.0.2', '10.9.0.3', '10.9.0.4'];
    for (const to of [bind.address, lab]) {
      const got = await orders(to, '127.0.0.1', name, 6);
      const start = sorted.indexOf(got[0].split(' ')[0]);
      expect(start).toBeGreaterThanOrEqual(0);
      got.forEach((o, i) => expect(o).toBe([...sorted.slice((start + i) % 4), ...sorted.slice(0, (start + i) % 4)].join(' ')));
    }
    agreed.push(what);
  });

  it('reports the agreement', () => {
    const total = CASES.length + TRANSFERS.length + 4;
    console.log(`views/ACL interop: ${agreed.length}/${total} cases agree with BIND 9.18`);
    expect(agreed.length).toBe(total);
  });
});
