/**
 * BIND 9.18, Knot 3.2 and NSD 4.6, each as a secondary of labnet (RFC 1996 NOTIFY, RFC 5936
 * AXFR, RFC 1995 IXFR): labnet serves `sec.test` as primary from a named.conf with
 * `notify explicit; also-notify` pointing at the secondary, both on 127.0.0.1 high ports;
 * the secondary is configured with labnet as its primary and accepts its NOTIFY. The
 * secondary takes the zone at start; then each runtime change on labnet (the test kit's
 * zone editor, journaled) reaches it by NOTIFY (answered NOERROR) and IXFR over TCP
 * (labnet's query log), and both servers answer the same questions alike (dig, records
 * sorted within a section), and so does an nsupdate on labnet (allow-update): every section for BIND; the status and the answer (and the
 * authority of a negative answer) for Knot and NSD, which fill authority and additional
 * by their own rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { haveBinary, startBind } from './helpers/bind.js';
import { freePort, type Endpoint } from './helpers/net.js';
import { nsupdateZone } from './helpers/nsupdate.js';
import { startKnotSecondary, startNsdSecondary, type SecondaryInstance } from './helpers/secondaries.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { virtualClock } from '../../src/util/clock.js';

const execFileAsync = promisify(execFile);
const ORIGIN = 'sec.test';
const ZONE = `$TTL 300
@ SOA ns1 hostmaster 2024060100 3600 600 86400 300
@ NS ns1
ns1 A 127.0.0.1
www A 10.0.0.1
www A 10.0.0.2
mail MX 10 www
txt TXT "labnet primary"
gone A 10.9.9.9
`;
const QUESTIONS: [string, string][] = [
  [ORIGIN, 'SOA'], [ORIGIN, 'NS'], [`www.${ORIGIN}`, 'A'], [`mail.${ORIGIN}`, 'MX'], [`txt.${ORIGIN}`, 'TXT'],
  [`gone.${ORIGIN}`, 'A'], [`new.${ORIGIN}`, 'A'], [`new.${ORIGIN}`, 'AAAA'], [`new.${ORIGIN}`, 'TXT'], [`alias.${ORIGIN}`, 'A'], [`nothere.${ORIGIN}`, 'A'],
];

interface Sections {
  status: string;
  answer: string[];
  authority: string[];
  additional: string[];
}

/** dig's status and sections, records sorted within each. */
async function dig(to: Endpoint, name: string, type: string): Promise<Sections> {
  const { stdout } = await execFileAsync('dig', ['+norec', '+nocookie', '+noall', '+comments', '+answer', '+authority', '+additional', '+tries=1', '+time=3', '-p', String(to.port), `@${to.host}`, name, type], { encoding: 'utf8' });
  const out: Sections = { status: '', answer: [], authority: [], additional: [] };
  let cur: string[] | undefined;
  for (const line of stdout.split('\n')) {
    const m = /status: (\w+)/.exec(line);
    if (m) out.status = m[1];
    const sec = /^;; (ANSWER|AUTHORITY|ADDITIONAL) SECTION/.exec(line);
    if (sec) cur = out[sec[1].toLowerCase() as 'answer' | 'authority' | 'additional'];
    else if (line && !line.startsWith(';') && cur) cur.push(line.split(/\s+/).join(' '));
  }
  for (const k of ['answer', 'authority', 'additional'] as const) out[k].sort();
  return out;
}

async function serialAt(to: Endpoint): Promise<number | undefined> {
  const { stdout } = await execFileAsync('dig', ['+norec', '+short', '+tries=1', '+time=1', '-p', String(to.port), `@${to.host}`, ORIGIN, 'SOA'], { encoding: 'utf8' }).catch(() => ({ stdout: '' }));
  const f = stdout.trim().split(/\s+/);
  return f.length >= 3 ? Number(f[2]) : undefined;
}

interface Kind {
  name: string;
  binary: string;
  start(port: number, primary: Endpoint, tmp: TmpTree): Promise<SecondaryInstance>;
  /** What is compared of each answer. */
  compared(s: Sections): Partial<Sections>;
}

const KINDS: Kind[] = [
  {
    name: 'BIND 9.18',
    binary: 'named',
    start: async (port, primary, tmp) => {
      const ready = tmp.write('bind/ready.test.db', '$TTL 60\n@ SOA ns hm 1 60 60 600 60\n@ NS ns\nns A 127.0.0.1\n');
      return startBind({
        port,
        zones: [{ origin: 'ready.test', file: ready }],
        topLevel: `zone "${ORIGIN}" { type secondary; primaries { ${primary.host} port ${primary.port}; }; file "sec.test.bk"; };`,
      });
    },
    compared: (s) => s,
  },
  {
    name: 'Knot 3.2',
    binary: 'knotd',
    start: async (port, primary) => startKnotSecondary(ORIGIN, port, primary),
    compared: (s) => ({ status: s.status, answer: s.answer, ...(s.answer.length ? {} : { authority: s.authority }) }),
  },
  {
    name: 'NSD 4.6',
    binary: 'nsd',
    start: async (port, primary) => startNsdSecondary(ORIGIN, port, primary),
    compared: (s) => ({ status: s.status, answer: s.answer, ...(s.answer.length ? {} : { authority: s.authority }) }),
  },
];

describe.each(KINDS)('$name as secondary of labnet', (kind) => {
  let tmp: TmpTree;
  let sec: SecondaryInstance;
  let lab: Lab;
  let labnetAt: Endpoint;
  const logLines: string[] = [];
  const clock = virtualClock(Date.now());

  /** Waits (real time: the secondary works on its own clock) until it serves `serial`. */
  async function untilSerial(serial: number, ms = 30_000): Promise<void> {
    const start = Date.now();
    while (Date.now() - start < ms) {
      if ((await serialAt(sec.address)) === serial) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${kind.name} did not reach serial ${serial}:\n${sec.log()}`);
  }

  async function compareAll(): Promise<number> {
    let n = 0;
    for (const [name, type] of QUESTIONS) {
      const [l, s] = [await dig(labnetAt, name, type), await dig(sec.address, name, type)];
      expect(kind.compared(l), `${name} ${type}`).toEqual(kind.compared(s));
      n++;
    }
    return n;
  }

  /** labnet's log of the zone's transfers since `seq`: `TYPE transport rcode`. */
  const transfersSince = (seq: number): string[] =>
    lab.dns.queries.filter((q) => q.seq > seq && q.name === `${ORIGIN}.` && (q.type === 'IXFR' || q.type === 'AXFR')).map((q) => `${q.type} ${q.transport} ${q.rcode}`);
  const lastSeq = (): number => lab.dns.queries.at(-1)?.seq ?? 0;

  beforeAll(async () => {
    expect(haveBinary(kind.binary), `${kind.binary} is installed (scripts/install-peers.sh)`).toBe(true);
    tmp = tmpTree('labnet-xfr-sec-');
    const [labPort, secPort] = [await freePort(), await freePort()];
    tmp.write('labnet/sec.test.db', ZONE);
    const conf = tmp.write('labnet/named.conf', `options { directory "."; recursion no; };
zone "${ORIGIN}" { type primary; file "sec.test.db"; notify explicit; also-notify { 127.0.0.1 port ${secPort}; }; allow-update { 127.0.0.1; }; };
`);
    lab = await startLab({
      namedConf: conf, dhcp: false, dns: { host: '127.0.0.1', port: labPort }, clock,
      logger: pino({ level: 'info' }, { write: (s: string) => void logLines.push(s) }),
    });
    labnetAt = { host: '127.0.0.1', port: labPort };
    sec = await kind.start(secPort, labnetAt, tmp);
    await untilSerial(2024060100);
  }, 60_000);

  afterAll(async () => {
    await sec?.close();
    await lab?.close();
    tmp?.remove();
  });

  it(`takes the zone at start and answers as labnet: ${QUESTIONS.length} questions agree`, async () => {
    expect(transfersSince(0).length).toBeGreaterThan(0);
    expect(await compareAll()).toBe(QUESTIONS.length);
  });

  it('a runtime change on labnet reaches it by NOTIFY and IXFR; the answers agree again', async () => {
    const seq = lastSeq();
    await lab.dns.zone(ORIGIN).add('new A 10.0.0.9\nnew AAAA 2001:db8::9\nalias CNAME www');
    await clock.advanceAsync('5s'); // notify-delay since the start-up NOTIFY
    await untilSerial(2024060101);
    expect(transfersSince(seq)).toContain('IXFR tcp NOERROR');
    expect(transfersSince(seq)).not.toContain('AXFR tcp NOERROR');
    expect(await compareAll()).toBe(QUESTIONS.length);
  });

  it('deletions and a replaced RRset (two transactions) by one NOTIFY after notify-delay; NOTIFY answered NOERROR', async () => {
    const seq = lastSeq();
    await lab.dns.zone(ORIGIN).remove('gone');
    await lab.dns.zone(ORIGIN).replace('www A 10.0.0.3');
    await clock.advanceAsync('5s');
    await untilSerial(2024060103);
    expect(transfersSince(seq)).toContain('IXFR tcp NOERROR');
    expect(transfersSince(seq)).not.toContain('AXFR tcp NOERROR');
    expect(await compareAll()).toBe(QUESTIONS.length);
    const answered = logLines.map((l) => JSON.parse(l) as { msg: string; rcode?: number }).filter((l) => l.msg === 'NOTIFY answered');
    expect(answered.length).toBeGreaterThanOrEqual(2);
    expect(answered.every((l) => l.rcode === 0)).toBe(true);
  });

  it('an nsupdate on labnet (RFC 2136 UPDATE over TCP) reaches it by NOTIFY and IXFR; the answers agree again', async () => {
    const seq = lastSeq();
    await nsupdateZone(labnetAt, ORIGIN, `update add new.${ORIGIN}. 300 IN TXT "by nsupdate"\nupdate delete alias.${ORIGIN}. CNAME\n`);
    await clock.advanceAsync('5s'); // notify-delay since the last NOTIFY
    await untilSerial(2024060104);
    expect(transfersSince(seq)).toContain('IXFR tcp NOERROR');
    expect(transfersSince(seq)).not.toContain('AXFR tcp NOERROR');
    expect(await compareAll()).toBe(QUESTIONS.length);
  });
});
