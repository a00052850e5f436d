/**
 * UPDATE with views against a live BIND 9.18: one named.conf with two views serving v.test
 * from their own files (inside: 127.0.0.2 or the key `upd`; outside: everyone else), loaded
 * by named and by labnet (startServices, what `labnet serve --named-conf` runs); 127.0.0.9
 * matches neither view (REFUSED, as for a query). The same
 * nsupdate scripts go to both, from different source addresses (nsupdate `local`, any of
 * 127.0.0.0/8 on Linux) and with the key; after each, compared:
 * - nsupdate's outcome (exit code and what it prints);
 * - dig's answers, section by section, for the names the scripts touch and the SOA, asked
 *   from 127.0.0.2 (inside) and 127.0.0.3 (outside): each view shows only its own updates;
 * - each view's whole zone by AXFR (a multiset of records, serial included).
 * At the end, both wrote a journal for each view's zone file (one.zone.jnl, two.zone.jnl).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bindOptions, haveBinary, type BindInstance } from './helpers/bind.js';
import type { Endpoint } from './helpers/net.js';
import { dig, type DigAnswer } from './helpers/dig.js';
import { nsupdate } from './helpers/nsupdate.js';
import { startBothServers, type BothServers } from './helpers/both-servers.js';

const SECRET = 'dmlld3MgdXBkYXRlIGtleSBmb3IgbGFibmV0IHRlc3Q=';
const ZONE = '$TTL 300\n@ SOA ns root 1 3600 600 86400 60\n@ NS ns\nns A 127.0.0.1\nwww A 192.0.2.80\n' +
  Array.from({ length: 10 }, (_, i) => `h${i} A 198.51.100.${i}\n`).join('');

const conf = (dir: string, port: number) => `${bindOptions(dir, port)}
key "upd" { algorithm hmac-sha256; secret "${SECRET}"; };
view "inside" {
  match-clients { 127.0.0.2; key upd; };
  zone "v.test" { type primary; file "one.zone"; allow-update { any; }; };
};
view "outside" {
  match-clients { !127.0.0.9; any; };
  zone "v.test" { type primary; file "two.zone"; allow-update { 127.0.0.0/8; }; };
};
`;

const haveAll = haveBinary('named') && haveBinary('dig') && haveBinary('nsupdate');
let both: BothServers;
let bind: BindInstance;
let labDir: string;
let lab: Endpoint;

beforeAll(async () => {
  both = await startBothServers({ 'one.zone': ZONE, 'two.zone': ZONE }, conf, 'v.test');
  ({ bind, labDir, lab } = both);
}, 60_000);

afterAll(async () => {
  await both?.close();
});

interface Script {
  what: string;
  /** The source address nsupdate sends from. */
  from: string;
  key?: boolean;
  body: string;
  /** What nsupdate must report (so a step cannot pass by failing alike on both). */
  ok: boolean;
}

const SCRIPTS: Script[] = [
  { what: 'inside client adds a', from: '127.0.0.2', body: 'update add a.v.test 300 A 192.0.2.1', ok: true },
  { what: 'outside client adds b', from: '127.0.0.3', body: 'update add b.v.test 300 A 192.0.2.2', ok: true },
  { what: 'outside address with the key upd: the inside view', from: '127.0.0.3', key: true, body: 'update add c.v.test 300 TXT "signed"', ok: true },
  { what: 'outside: a is absent there, so the prerequisite holds', from: '127.0.0.4', body: 'prereq nxdomain a.v.test\nupdate add a.v.test 300 A 192.0.2.99', ok: true },
  { what: 'inside: a exists, YXDOMAIN', from: '127.0.0.2', body: 'prereq nxdomain a.v.test\nupdate add z.v.test 300 A 192.0.2.9', ok: false },
  { what: 'inside deletes www, outside keeps it', from: '127.0.0.2', body: 'update delete www.v.test A', ok: true },
  { what: 'outside replaces www', from: '127.0.0.5', body: 'update delete www.v.test A\nupdate add www.v.test 60 A 192.0.2.81', ok: true },
  { what: 'no view takes 127.0.0.9: REFUSED', from: '127.0.0.9', body: 'update add n.v.test 300 A 192.0.2.7', ok: false },
];

/** nsupdate's outcome against `server`, its output without the server's address. */
async function run(server: Endpoint, s: Script): Promise<{ code: number | null; out: string }> {
  const script = `server ${server.host} ${server.port}\nlocal ${s.from}\n${s.key ? `key hmac-sha256:upd ${SECRET}\n` : ''}zone v.test\n${s.body}\nsend\n`;
  const r = await nsupdate(script);
  return { code: r.code, out: r.out.replaceAll(String(server.port), 'PORT') };
}

const comparable = (a: DigAnswer) => ({ status: a.status, flags: a.flags, counts: a.counts, question: a.question, answer: [...a.answer].sort(), authority: [...a.authority].sort(), additional: [...a.additional].sort() });
const records = (a: DigAnswer) => a.raw.split('\n').filter((l) => l && !l.startsWith(';')).map((l) => l.replace(/\s+/g, ' ').trim()).sort();

const QUERIES: string[][] = [['v.test', 'SOA'], ['a.v.test', 'A'], ['b.v.test', 'A'], ['c.v.test', 'TXT'], ['www.v.test', 'A'], ['z.v.test', 'A'], ['n.v.test', 'A']];
const CLIENTS = ['127.0.0.2', '127.0.0.3'];

describe.runIf(haveAll)('UPDATE with views: nsupdate from two sources and with a key, labnet as BIND 9.18', () => {
  for (const [i, s] of SCRIPTS.entries()) {
    it(`${i + 1}. ${s.what} (from ${s.from}${s.key ? ', key upd' : ''})`, async () => {
      const b = await run(bind.address, s);
      const l = await run(lab, s);
      expect(l, `BIND: ${b.out}`).toEqual(b);
      expect(b.code === 0, b.out).toBe(s.ok);
      for (const from of CLIENTS) {
        for (const q of QUERIES) {
          const [bd, ld] = await Promise.all([dig(bind.address, from, ['+norec', ...q]), dig(lab, from, ['+norec', ...q])]);
          expect(comparable(ld), `${q.join(' ')} from ${from}`).toEqual(comparable(bd));
        }
        const [ba, la] = await Promise.all([dig(bind.address, from, ['v.test', 'AXFR']), dig(lab, from, ['v.test', 'AXFR'])]);
        expect(records(ba).length).toBeGreaterThan(10);
        expect(records(la), `AXFR from ${from}`).toEqual(records(ba));
      }
    });
  }

  it('the views ended apart, and each wrote its own journal, on both', async () => {
    const soa = async (server: Endpoint, from: string) => (await dig(server, from, ['+short', 'v.test', 'SOA'])).raw.trim();
    expect(await soa(bind.address, '127.0.0.2')).toBe('ns.v.test. root.v.test. 4 3600 600 86400 60');
    expect(await soa(bind.address, '127.0.0.3')).toBe('ns.v.test. root.v.test. 4 3600 600 86400 60');
    expect((await dig(bind.address, '127.0.0.2', ['+short', 'www.v.test', 'A'])).raw.trim()).toBe('');
    expect((await dig(lab, '127.0.0.3', ['+short', 'www.v.test', 'A'])).raw.trim()).toBe('192.0.2.81');
    for (const f of ['one.zone.jnl', 'two.zone.jnl']) {
      expect(existsSync(join(bind.dir, f)), `BIND ${f}`).toBe(true);
      expect(existsSync(join(labDir, f)), `labnet ${f}`).toBe(true);
    }
  });
});
