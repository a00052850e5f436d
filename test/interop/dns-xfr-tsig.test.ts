/**
 * TSIG-protected zone transfers (RFC 8945, RFC 5936, RFC 1995) against BIND 9.18: labnet
 * and a live named serve the same zone (6,000 records: an AXFR of several messages) under
 * `allow-transfer { key xfr-key; }`. Unsigned AXFR and IXFR are REFUSED by both; with an
 * unknown key both answer NOTAUTH; with the key dig verifies every message labnet signs
 * and gets the records named sends. A named secondary with `primaries { ... key xfr-key; }`
 * takes the zone from labnet and follows a runtime change by NOTIFY and signed IXFR.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { startBind, type BindInstance } from './helpers/bind.js';
import { freePort, type Endpoint } from './helpers/net.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { virtualClock } from '../../src/util/clock.js';

const execFileAsync = promisify(execFile);
const ORIGIN = 'tsig.test';
const SECRET = Buffer.alloc(32, 7).toString('base64');
const KEY = `key "xfr-key" { algorithm hmac-sha256; secret "${SECRET}"; };`;
const ZONE = `$TTL 300
@ SOA ns1 hostmaster 2024070100 3600 600 86400 300
@ NS ns1
ns1 A 127.0.0.1
${Array.from({ length: 6000 }, (_, i) => `h${i} A 10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`).join('\n')}
`;

let tmp: TmpTree;
let bind: BindInstance;
let secondary: BindInstance;
let lab: Lab;
let labnetAt: Endpoint;
const clock = virtualClock(Date.now());

async function dig(to: Endpoint, args: string[]): Promise<string> {
  const r = await execFileAsync('dig', ['+norec', '+nocookie', '+tries=1', '+time=5', '-p', String(to.port), `@${to.host}`, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
  return r.stdout + r.stderr;
}
/** The records dig printed, sorted, the TSIG records (one a message) left out. */
const records = (out: string): string[] => out.split('\n').filter((l) => l && !l.startsWith(';')).map((l) => l.split(/\s+/).join(' ')).filter((l) => l.split(' ')[3] !== 'TSIG').sort();
const status = (out: string): string => /status: (\w+)/.exec(out)?.[1] ?? (/Transfer failed/.test(out) ? 'Transfer failed' : out.trim().split('\n').at(-1) ?? '');

async function serialAt(to: Endpoint): Promise<number | undefined> {
  const f = (await dig(to, ['+short', ORIGIN, 'SOA'])).trim().split(/\s+/);
  return f.length >= 3 ? Number(f[2]) : undefined;
}

beforeAll(async () => {
  tmp = tmpTree('labnet-xfr-tsig-');
  const [labPort, secPort] = [await freePort(), await freePort()];
  tmp.write('labnet/tsig.test.db', ZONE);
  const conf = tmp.write('labnet/named.conf', `${KEY}
options { directory "."; recursion no; };
zone "${ORIGIN}" { type primary; file "tsig.test.db"; allow-transfer { key xfr-key; }; notify explicit; also-notify { 127.0.0.1 port ${secPort}; }; };
`);
  lab = await startLab({ namedConf: conf, dhcp: false, dns: { host: '127.0.0.1', port: labPort }, clock });
  labnetAt = { host: '127.0.0.1', port: labPort };
  const file = tmp.write('bind/tsig.test.db', ZONE);
  bind = await startBind({ zones: [{ origin: ORIGIN, file }], topLevel: KEY, extraOptions: 'allow-transfer { key xfr-key; };' });
  const ready = tmp.write('sec/ready.test.db', '$TTL 60\n@ SOA ns hm 1 60 60 600 60\n@ NS ns\nns A 127.0.0.1\n');
  secondary = await startBind({
    port: secPort, zones: [{ origin: 'ready.test', file: ready }],
    topLevel: `${KEY}\nzone "${ORIGIN}" { type secondary; primaries { 127.0.0.1 port ${labPort} key xfr-key; }; file "tsig.test.bk"; };`,
  });
}, 90_000);

afterAll(async () => {
  await secondary?.close();
  await bind?.close();
  await lab?.close();
  tmp?.remove();
});

describe('TSIG-protected transfers, as named answers them', () => {
  it('without the key: AXFR and IXFR REFUSED by both; an unknown key: NOTAUTH from both', async () => {
    for (const q of [['AXFR'], ['IXFR=2024070099']]) {
      const [b, l] = [await dig(bind.address, [ORIGIN, ...q]), await dig(labnetAt, [ORIGIN, ...q])];
      expect(records(l)).toEqual([]);
      expect(l, q[0]).toMatch(/Transfer failed/);
      expect(b, q[0]).toMatch(/Transfer failed/);
    }
    const [b, l] = [await dig(bind.address, ['+noall', '+comments', ORIGIN, 'SOA', '-y', `hmac-sha256:other-key:${SECRET}`]), await dig(labnetAt, ['+noall', '+comments', ORIGIN, 'SOA', '-y', `hmac-sha256:other-key:${SECRET}`])];
    expect(status(l)).toBe(status(b));
    expect(status(b)).toBe('NOTAUTH');
  });

  it('with the key: dig verifies every message labnet signs (an AXFR of several) and gets named\'s records', async () => {
    const y = ['-y', `hmac-sha256:xfr-key:${SECRET}`];
    const [b, l] = [await dig(bind.address, [ORIGIN, 'AXFR', ...y]), await dig(labnetAt, [ORIGIN, 'AXFR', ...y])];
    expect(l).not.toMatch(/Transfer failed|Couldn't verify|tsig indicates error|expected a TSIG|BADSIG|BADKEY|BADTIME/);
    expect(records(l)).toEqual(records(b));
    expect(records(l).length).toBe(6000 + 4);
    // dig verifies each message's TSIG (RFC 8945 5.3.1) and stops at the first that fails.
    const messages = Number(/XFR size: 6004 records \(messages (\d+)/.exec(l)?.[1]);
    expect(messages).toBeGreaterThan(1);
  });

  it('a named secondary with the key takes the zone from labnet, then a runtime change by NOTIFY and signed IXFR', async () => {
    for (let i = 0; i < 200 && (await serialAt(secondary.address)) !== 2024070100; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await serialAt(secondary.address)).toBe(2024070100);
    await lab.dns.zone(ORIGIN).add('signed A 10.9.0.1');
    await clock.advanceAsync('5s');
    for (let i = 0; i < 200 && (await serialAt(secondary.address)) !== 2024070101; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await serialAt(secondary.address)).toBe(2024070101);
    expect(lab.dns.queries.filter((q) => q.name === `${ORIGIN}.` && q.type === 'IXFR').at(-1)).toMatchObject({ transport: 'tcp', rcode: 'NOERROR' });
    expect(records(await dig(secondary.address, ['+noall', '+answer', `signed.${ORIGIN}`, 'A']))).toEqual([`signed.${ORIGIN}. 300 IN A 10.9.0.1`]);
    expect(secondary.log()).not.toMatch(/REFUSED|failed|BADSIG|BADKEY|BADTIME|tsig verify/i);
    expect(secondary.log().match(/Transfer status: success/g)).toHaveLength(2);
    expect(secondary.log()).toMatch(/transferred serial 2024070101: TSIG 'xfr-key'/);
  });
});
