/**
 * TSIG keys inside views against a live BIND 9.18: one named.conf with a top-level key and
 * keys inside two views (the same name `same` in both with two secrets; `ckey` in view b
 * but in no match-clients), loaded by named and by labnet (startServices, what `labnet
 * serve --named-conf` runs). dig -y and nsupdate sign requests from chosen source
 * addresses; compared section by section with the TSIG record's key, algorithm, MAC
 * length and error (its time and MAC differ between servers), and whether dig could
 * verify the answer's signature:
 * - queries: a view taken by its key (answered signed from that view), a top-level key in
 *   every view, a view taken by the address with another view's key (NOTAUTH, BADKEY),
 *   no view at all (REFUSED, BADKEY);
 * - AXFR: allow-transfer { key akey; } in view a;
 * - UPDATE: allow-update { key ... } in each view, then each view's content by dig.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindOptions, haveBinary, type BindInstance } from './helpers/bind.js';
import type { Endpoint } from './helpers/net.js';
import { dig, type DigAnswer } from './helpers/dig.js';
import { nsupdate } from './helpers/nsupdate.js';
import { startBothServers, type BothServers } from './helpers/both-servers.js';
import { VIEW_KEY_SECRETS, viewKeysConf, viewKeysZone } from '../dns/helpers/views-keys-conf.js';

const KEYS = VIEW_KEY_SECRETS;
/** dig -y / nsupdate key specs: `same` with each view's secret, and with the top-level one's (no view's). */
const SIGNERS: Record<string, string> = {
  akey: `akey:${KEYS.akey}`, bkey: `bkey:${KEYS.bkey}`, ckey: `ckey:${KEYS.ckey}`, glob: `glob:${KEYS.glob}`,
  sameA: `same:${KEYS.akey}`, sameB: `same:${KEYS.bkey}`, sameG: `same:${KEYS.glob}`, zzz: `zzz:${KEYS.glob}`,
};

const conf = (dir: string, port: number) => viewKeysConf(bindOptions(dir, port));

const haveAll = haveBinary('named') && haveBinary('dig') && haveBinary('nsupdate');
let both: BothServers;
let bind: BindInstance;
let lab: Endpoint;

beforeAll(async () => {
  both = await startBothServers({ 'a.zone': viewKeysZone('192.0.2.1'), 'b.zone': viewKeysZone('192.0.2.2') }, conf, 'v.test');
  ({ bind, lab } = both);
}, 60_000);

afterAll(async () => {
  await both?.close();
});

/** The answer's TSIG record without its time and MAC: key, algorithm, MAC length, error. */
function tsigOf(raw: string): string[] {
  return raw.split('\n').filter((l) => /\sANY\s+TSIG\s/.test(l)).map((l) => {
    const t = l.trim().split(/\s+/);
    const macLen = Number(t[7]);
    const rest = t.slice(macLen > 0 ? 9 : 8);
    return `${t[0]} ${t[4]} mac ${macLen} ${rest[1]}`;
  });
}

const comparable = (a: DigAnswer) => ({
  status: a.status, flags: a.flags, counts: a.counts, ede: a.ede, question: a.question, answer: a.answer, authority: a.authority, additional: a.additional,
  tsig: tsigOf(a.raw),
  unverified: /Couldn't verify signature|Some TSIG could not be validated/.test(a.raw),
});
const records = (a: DigAnswer) => a.raw.split('\n').filter((l) => l && !l.startsWith(';') && !/\sTSIG\s/.test(l)).map((l) => l.replace(/\s+/g, ' ').trim()).sort();

interface Case {
  what: string;
  from: string;
  signer?: keyof typeof SIGNERS;
  args: string[];
  /** What BIND's answer must show (a case cannot pass by failing alike). */
  expect: (a: ReturnType<typeof comparable>) => void;
}

const answered = (ip: string, key: string) => (a: ReturnType<typeof comparable>) => {
  expect(a.status).toBe('NOERROR');
  expect(a.answer.join()).toContain(ip);
  expect(a.tsig).toEqual([`${key}. hmac-sha256. mac 32 NOERROR`]);
  expect(a.unverified).toBe(false);
};
const failed = (status: string, key: string, error: string) => (a: ReturnType<typeof comparable>) => {
  expect(a.status).toBe(status);
  expect(a.tsig).toEqual([`${key}. hmac-sha256. mac 0 ${error}`]);
};

const CASES: Case[] = [
  { what: 'view a by its key akey', from: '127.0.0.1', signer: 'akey', args: ['www.v.test', 'A'], expect: answered('192.0.2.1', 'akey') },
  { what: 'view a by akey from an address view b takes', from: '127.0.0.3', signer: 'akey', args: ['www.v.test', 'A'], expect: answered('192.0.2.1', 'akey') },
  { what: 'bkey from view a\'s address: NOTAUTH, BADKEY', from: '127.0.0.2', signer: 'bkey', args: ['www.v.test', 'A'], expect: failed('NOTAUTH', 'bkey', 'BADKEY') },
  { what: 'view b by bkey, over TCP', from: '127.0.0.4', signer: 'bkey', args: ['+tcp', 'www.v.test', 'A'], expect: answered('192.0.2.2', 'bkey') },
  { what: 'the top-level key glob: view b by match-clients', from: '127.0.0.4', signer: 'glob', args: ['www.v.test', 'A'], expect: answered('192.0.2.2', 'glob') },
  { what: 'the top-level key glob from view a\'s address: known there too', from: '127.0.0.2', signer: 'glob', args: ['www.v.test', 'A'], expect: answered('192.0.2.1', 'glob') },
  { what: '`same` with view a\'s secret: view a', from: '127.0.0.4', signer: 'sameA', args: ['www.v.test', 'A'], expect: answered('192.0.2.1', 'same') },
  { what: '`same` with view b\'s secret: view b', from: '127.0.0.4', signer: 'sameB', args: ['www.v.test', 'A'], expect: answered('192.0.2.2', 'same') },
  { what: '`same` with neither secret from view b\'s address: BADSIG there', from: '127.0.0.3', signer: 'sameG', args: ['www.v.test', 'A'], expect: failed('NOTAUTH', 'same', 'BADSIG') },
  { what: '`same` with neither secret, no view: REFUSED, BADKEY', from: '127.0.0.4', signer: 'sameG', args: ['www.v.test', 'A'], expect: failed('REFUSED', 'same', 'BADKEY') },
  { what: 'ckey verifies in view b, which it does not select: REFUSED, BADKEY', from: '127.0.0.4', signer: 'ckey', args: ['www.v.test', 'A'], expect: failed('REFUSED', 'ckey', 'BADKEY') },
  { what: 'ckey from view b\'s address: answered signed', from: '127.0.0.3', signer: 'ckey', args: ['www.v.test', 'A'], expect: answered('192.0.2.2', 'ckey') },
  { what: 'a key no view knows, no view: REFUSED, BADKEY', from: '127.0.0.4', signer: 'zzz', args: ['www.v.test', 'A'], expect: failed('REFUSED', 'zzz', 'BADKEY') },
  { what: 'a key no view knows, from view a\'s address: NOTAUTH, BADKEY', from: '127.0.0.2', signer: 'zzz', args: ['+tcp', 'www.v.test', 'A'], expect: failed('NOTAUTH', 'zzz', 'BADKEY') },
  { what: 'unsigned from view a\'s address', from: '127.0.0.2', args: ['www.v.test', 'A'], expect: (a) => expect([a.status, a.tsig]).toEqual(['NOERROR', []]) },
];

async function digBoth(from: string, args: string[], signer?: string) {
  const a = signer ? ['-y', `hmac-sha256:${SIGNERS[signer]}`, ...args] : args;
  const [b, l] = await Promise.all([dig(bind.address, from, ['+norec', ...a]), dig(lab, from, ['+norec', ...a])]);
  return { b, l };
}

describe.runIf(haveAll)('TSIG keys inside views: labnet as BIND 9.18', () => {
  for (const c of CASES) {
    it(`${c.what} (from ${c.from}${c.signer ? `, ${c.signer}` : ''})`, async () => {
      const { b, l } = await digBoth(c.from, c.args, c.signer);
      c.expect(comparable(b));
      expect(comparable(l)).toEqual(comparable(b));
    });
  }

  const AXFR: { from: string; signer?: string; ok: boolean }[] = [
    { from: '127.0.0.3', signer: 'akey', ok: true },
    { from: '127.0.0.2', ok: false },
    { from: '127.0.0.4', signer: 'bkey', ok: true },
    { from: '127.0.0.2', signer: 'bkey', ok: false },
    { from: '127.0.0.4', signer: 'ckey', ok: false },
  ];
  for (const x of AXFR) {
    it(`AXFR from ${x.from}${x.signer ? ` signed ${x.signer}` : ''}: ${x.ok ? 'transferred' : 'refused'} alike`, async () => {
      const { b, l } = await digBoth(x.from, ['v.test', 'AXFR'], x.signer);
      expect(records(b).length > 0, b.raw).toBe(x.ok);
      expect(records(l), l.raw).toEqual(records(b));
      expect(tsigOf(l.raw)).toEqual(tsigOf(b.raw));
      expect(/Transfer failed/.test(l.raw)).toBe(/Transfer failed/.test(b.raw));
    });
  }

  const UPDATES: { what: string; from: string; signer: string; name: string; ok: boolean }[] = [
    { what: 'akey from view b\'s address updates view a', from: '127.0.0.3', signer: 'akey', name: 'u1', ok: true },
    { what: 'bkey updates view b', from: '127.0.0.4', signer: 'bkey', name: 'u2', ok: true },
    { what: 'glob updates view b (its allow-update)', from: '127.0.0.4', signer: 'glob', name: 'u3', ok: true },
    { what: 'glob from view a\'s address: REFUSED by view a\'s allow-update', from: '127.0.0.2', signer: 'glob', name: 'u4', ok: false },
    { what: 'bkey from view a\'s address: BADKEY there', from: '127.0.0.2', signer: 'bkey', name: 'u5', ok: false },
    { what: 'ckey, no view', from: '127.0.0.4', signer: 'ckey', name: 'u6', ok: false },
  ];
  const run = async (server: Endpoint, u: (typeof UPDATES)[number]) => {
    const [name, sec] = SIGNERS[u.signer].split(':');
    const r = await nsupdate(`server ${server.host} ${server.port}\nlocal ${u.from}\nkey hmac-sha256:${name} ${sec}\nzone v.test\nupdate add ${u.name}.v.test 300 A 192.0.2.9\nsend\n`);
    return { code: r.code, out: r.out.replaceAll(String(server.port), 'PORT') };
  };
  for (const u of UPDATES) {
    it(`UPDATE: ${u.what}`, async () => {
      const b = await run(bind.address, u);
      const l = await run(lab, u);
      expect(b.code === 0, b.out).toBe(u.ok);
      expect(l).toEqual(b);
    });
  }

  it('after the updates, each view holds its own names, on both', async () => {
    for (const [from, signer] of [['127.0.0.2', undefined], ['127.0.0.4', 'bkey']] as const) {
      for (const n of UPDATES.map((u) => u.name)) {
        const { b, l } = await digBoth(from, [`${n}.v.test`, 'A'], signer);
        expect(comparable(l), `${n} from ${from}`).toEqual(comparable(b));
      }
    }
    const soa = async (server: Endpoint, from: string, signer?: string) =>
      (await dig(server, from, ['+short', ...(signer ? ['-y', `hmac-sha256:${SIGNERS[signer]}`] : []), 'v.test', 'SOA'])).raw.split('\n')[0];
    expect(await soa(bind.address, '127.0.0.2')).toBe('ns.v.test. root.v.test. 2 3600 600 86400 60');
    expect(await soa(bind.address, '127.0.0.4', 'bkey')).toBe('ns.v.test. root.v.test. 3 3600 600 86400 60');
    expect(await soa(lab, '127.0.0.2')).toBe('ns.v.test. root.v.test. 2 3600 600 86400 60');
    expect(await soa(lab, '127.0.0.4', 'bkey')).toBe('ns.v.test. root.v.test. 3 3600 600 86400 60');
  });
});
