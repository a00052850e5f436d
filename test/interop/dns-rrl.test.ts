/**
 * Response rate limiting (named.conf `rate-limit`) against a live BIND 9.18: the same
 * named.conf, the same replayed burst of UDP queries, the same outcome per query.
 *
 * One named.conf holds a view per scenario, each taking one loopback source address
 * (127.0.0.N; Linux routes all of 127/8 to lo) and with a rate-limit of its own (per-view
 * tables in both servers), and a last view without one (the readiness probes). Each
 * scenario's socket sends its queries (node:dgram, one query every PACE_MS) in three whole
 * seconds of the wall clock, every send between 100 and 800 ms past the second, then waits
 * for stragglers; every reply is matched to its query by ID and counted as answered
 * (TC clear), slipped (TC set; BADCOOKIE for a client that sent a client cookie) or dropped
 * (no reply in time).
 *
 * Tolerance: none. Both servers credit an account only when the wall-clock second changes
 * (BIND's isc_stdtime; labnet's monotonic clock anchored to the wall clock at start, within
 * a millisecond over the run), and the algorithm is otherwise deterministic: token counts
 * and the slip counter depend only on the order of the responses and the second each one
 * is made in. The schedule keeps every send at least 100 ms from a second boundary, so a
 * query would have to wait more than 100 ms on loopback to be counted in another second
 * than on the other server. The test asserts the same outcome for every query (hence the
 * same counts), and the same bytes for every slipped reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindOptions, haveBinary, startBindConf, type BindInstance } from './helpers/bind.js';
import { freePort, type Endpoint } from './helpers/net.js';
import { buildQuery } from './helpers/wire.js';
import { startServices, type Services } from '../../src/lab/services.js';

const ZONE = `$TTL 300
@ SOA ns root 1 3600 600 86400 60
@ NS ns
ns A 127.0.0.1
www A 10.0.0.1
www TXT "hello"
*.wild A 10.0.0.2
deleg NS ns.deleg
ns.deleg A 10.6.0.1
`;

interface Scenario {
  name: string;
  source: string;
  rateLimit: string;
  /** The queries in order, cycled: [name, type, edns]. */
  mix: [string, number, boolean][];
  /** Scenarios naming the same view share it (its match-clients lists their sources; the first one's rate-limit). */
  view?: string;
  /** Header bits, DO and a client COOKIE (RFC 7873 4.1, no server cookie) on every query. */
  bits?: { ad?: boolean; cd?: boolean; rd?: boolean; do?: boolean; cookie?: boolean };
}

const A = 1, AAAA = 28, TXT = 16, MX = 15;
const SCENARIOS: Scenario[] = [
  { name: 'one name, rps 5, slip 2', source: '127.0.0.2', rateLimit: 'responses-per-second 5; window 2; slip 2;', mix: [['www.a.test', A, true]] },
  { name: 'one name, rps 3, slip 0 (drop all), window 5', source: '127.0.0.3', rateLimit: 'responses-per-second 3; window 5; slip 0;', mix: [['www.a.test', A, true]] },
  { name: 'one name, rps 2, slip 1 (TC all), no EDNS', source: '127.0.0.4', rateLimit: 'responses-per-second 2; slip 1;', mix: [['www.a.test', A, false]] },
  {
    name: 'a mix of kinds: answers, NXDOMAIN names of one zone, referral, NODATA, wildcard, REFUSED',
    source: '127.0.0.5',
    rateLimit: 'responses-per-second 2; nxdomains-per-second 1; errors-per-second 1; referrals-per-second 1; nodata-per-second 2; window 3; slip 2;',
    mix: [
      ['www.a.test', A, true], ['nx1.a.test', A, true], ['x.deleg.a.test', A, true], ['www.a.test', AAAA, true],
      ['p.wild.a.test', A, true], ['www.other.test', A, true], ['nx2.a.test', MX, true], ['y.deleg.a.test', TXT, true],
      ['www.a.test', TXT, true], ['q.wild.a.test', A, true], ['www.a.test', MX, true], ['www.elsewhere', A, true],
    ],
  },
  { name: 'all-per-second 4 over distinct names, slip 3', source: '127.0.0.6', rateLimit: 'responses-per-second 10; all-per-second 4; slip 3;', mix: [['www.a.test', A, true], ['ns.a.test', A, true], ['www.a.test', TXT, true], ['nx.a.test', A, true]] },
  { name: 'exempt-clients', source: '127.0.0.7', rateLimit: 'responses-per-second 1; exempt-clients { 127.0.0.7; };', mix: [['www.a.test', A, true]] },
  { name: 'log-only', source: '127.0.0.8', rateLimit: 'responses-per-second 1; log-only yes;', mix: [['www.a.test', A, true]] },
  { name: 'slip 3, window 1, DO set', source: '127.0.0.9', rateLimit: 'responses-per-second 4; window 1; slip 3;', mix: [['www.a.test', A, true]], bits: { do: true } },
  { name: 'slip 1, RD, AD and CD set; NXDOMAIN and NODATA slips', source: '127.0.0.10', rateLimit: 'responses-per-second 1; slip 1;', mix: [['nx.a.test', A, true], ['www.a.test', AAAA, false], ['nx.a.test', A, false], ['www.a.test', AAAA, true]], bits: { rd: true, ad: true, cd: true } },
  { name: 'a client cookie without a server cookie: slips are BADCOOKIE, not TC', source: '127.0.0.16', rateLimit: 'responses-per-second 2; slip 2;', mix: [['www.a.test', A, true]], bits: { cookie: true } },
  { name: 'default /24: 127.0.0.12, sharing an account with .13', source: '127.0.0.12', view: 'shared', rateLimit: 'responses-per-second 3; slip 2;', mix: [['www.a.test', A, true]] },
  { name: 'default /24: 127.0.0.13, sharing an account with .12', source: '127.0.0.13', view: 'shared', rateLimit: '', mix: [['www.a.test', A, true]] },
  { name: 'ipv4-prefix-length 32: 127.0.0.14, its own account', source: '127.0.0.14', view: 'own', rateLimit: 'responses-per-second 3; slip 2; ipv4-prefix-length 32;', mix: [['www.a.test', A, true]] },
  { name: 'ipv4-prefix-length 32: 127.0.0.15, its own account', source: '127.0.0.15', view: 'own', rateLimit: '', mix: [['www.a.test', A, true]] },
];

/** The views: one per scenario, or per `view` group, in the order first met. */
function views(): { name: string; sources: string[]; rateLimit: string }[] {
  const out: { name: string; sources: string[]; rateLimit: string }[] = [];
  SCENARIOS.forEach((s, i) => {
    const name = s.view ?? `v${i}`;
    const v = out.find((x) => x.name === name);
    if (v) v.sources.push(s.source);
    else out.push({ name, sources: [s.source], rateLimit: s.rateLimit });
  });
  return out;
}

const conf = (dir: string, port: number) => `${bindOptions(dir, port)}
${views().map((v) => `view ${v.name} { match-clients { ${v.sources.join('; ')}; }; rate-limit { ${v.rateLimit} }; zone "a.test" { type primary; file "a.zone"; }; };`).join('\n')}
view rest { match-clients { any; }; zone "a.test" { type primary; file "a.zone"; }; };
`;

/** Queries each second of the burst, and their spacing (sends 100..800 ms past the second). */
const PER_SECOND = 8;
const PACE_MS = 100;
const SECONDS = 3;
const STRAGGLERS_MS = 600;

type Outcome = 'answer' | 'tc' | 'badcookie' | 'drop';
interface BurstResult {
  outcomes: Outcome[];
  /** Slipped replies by query index (hex). */
  slipped: Map<number, string>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Every scenario's burst at once, from its own source, against `to`. */
async function burst(to: Endpoint): Promise<BurstResult[]> {
  const sockets = await Promise.all(
    SCENARIOS.map(
      (s) =>
        new Promise<dgram.Socket>((res, rej) => {
          const sock = dgram.createSocket('udp4');
          sock.once('error', rej);
          sock.bind({ address: s.source, port: 0 }, () => res(sock));
        }),
    ),
  );
  const results: BurstResult[] = SCENARIOS.map(() => ({ outcomes: [], slipped: new Map() }));
  const total = PER_SECOND * SECONDS;
  const queries = SCENARIOS.map((s, si) =>
    Array.from({ length: total }, (_, i) => {
      const [name, type, edns] = s.mix[i % s.mix.length];
      const b = s.bits ?? {};
      const options = b.cookie ? [{ code: 10, data: Buffer.from('0123456789abcdef', 'hex') }] : [];
      return buildQuery({ id: si * 1000 + i, name, type, rd: b.rd, ad: b.ad, cd: b.cd, edns: edns ? { udpSize: 1232, dnssecOk: b.do, options } : undefined });
    }),
  );
  sockets.forEach((sock, si) => {
    results[si].outcomes = Array(total).fill('drop');
    sock.on('message', (m) => {
      const i = m.readUInt16BE(0) - si * 1000;
      if (i < 0 || i >= total) return;
      const tc = (m[2] & 0x02) !== 0;
      // BADCOOKIE (23): 7 in the header, the rest in the OPT's extended RCODE.
      const badCookie = (m[3] & 0x0f) === 7 && m.readUInt16BE(6) === 0;
      results[si].outcomes[i] = tc ? 'tc' : badCookie ? 'badcookie' : 'answer';
      if (tc) results[si].slipped.set(i, m.toString('hex'));
      // The server cookie's timestamp and hash (its last 16 bytes, RFC 9018 4) differ by the second: masked.
      if (badCookie) results[si].slipped.set(i, Buffer.concat([m.subarray(0, m.length - 16), Buffer.alloc(16)]).toString('hex'));
    });
  });
  // Start at the next whole second + 100 ms (at least 300 ms from now).
  const start = Math.ceil((Date.now() + 300) / 1000) * 1000;
  for (let sec = 0; sec < SECONDS; sec++) {
    for (let k = 0; k < PER_SECOND; k++) {
      await sleep(start + sec * 1000 + 100 + k * PACE_MS - Date.now());
      const at = Date.now() % 1000;
      if (at < 50 || at > 950) throw new Error(`a send ${at} ms past the second: the machine is too loaded for this schedule`);
      const i = sec * PER_SECOND + k;
      sockets.forEach((sock, si) => sock.send(queries[si][i], to.port, to.host));
    }
  }
  await sleep(STRAGGLERS_MS);
  await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return results;
}

const count = (o: Outcome[]) => {
  const c: Record<string, number> = { answer: 0, tc: 0, drop: 0 };
  for (const x of o) c[x] = (c[x] ?? 0) + 1;
  return c;
};

const haveNamed = haveBinary('named');
let bind: BindInstance;
let labnet: Services;
let labDir: string;
let bindResults: BurstResult[];
let labnetResults: BurstResult[];

beforeAll(async () => {
  bind = await startBindConf({ 'a.zone': ZONE }, conf, 'a.test');
  labDir = mkdtempSync(join(tmpdir(), 'labnet-rrl-'));
  writeFileSync(join(labDir, 'a.zone'), ZONE);
  const port = await freePort();
  writeFileSync(join(labDir, 'named.conf'), conf(labDir, port));
  labnet = await startServices({ namedConf: join(labDir, 'named.conf'), dns: { address: '127.0.0.1', port } });
  // One server at a time, so neither burst competes with the other for the CPU.
  bindResults = await burst(bind.address);
  labnetResults = await burst({ host: '127.0.0.1', port: labnet.dns!.address.port });
  const rows = SCENARIOS.map((s, i) => `${s.name.padEnd(92)} BIND ${JSON.stringify(count(bindResults[i].outcomes))}  labnet ${JSON.stringify(count(labnetResults[i].outcomes))}`);
  console.log(`RRL, ${PER_SECOND * SECONDS} UDP queries per scenario over ${SECONDS} s:\n${rows.join('\n')}`);
}, 90_000);

afterAll(async () => {
  await labnet?.close();
  await bind?.close();
  if (labDir) rmSync(labDir, { recursive: true, force: true });
});

describe.skipIf(!haveNamed)('rate-limit: labnet and BIND 9.18 on the same burst', () => {
  SCENARIOS.forEach((s, i) => {
    it(`${s.name}: the same outcome for every query`, () => {
      expect(labnetResults[i].outcomes).toEqual(bindResults[i].outcomes);
      expect(count(labnetResults[i].outcomes)).toEqual(count(bindResults[i].outcomes));
    });
  });

  it('the limits bite where they should (so agreement is not both answering everything)', () => {
    const c = bindResults.map((r) => count(r.outcomes));
    const at = (src: string) => c[SCENARIOS.findIndex((s) => s.source === src)];
    expect(at('127.0.0.2').tc).toBeGreaterThan(0);
    expect(at('127.0.0.2').drop).toBeGreaterThan(0);
    expect(at('127.0.0.3')).toMatchObject({ tc: 0 });
    expect(at('127.0.0.3').drop).toBeGreaterThan(0);
    expect(at('127.0.0.4')).toMatchObject({ drop: 0 });
    expect(at('127.0.0.4').tc).toBeGreaterThan(0);
    expect(at('127.0.0.7')).toEqual({ answer: PER_SECOND * SECONDS, tc: 0, drop: 0 });
    expect(at('127.0.0.8')).toEqual({ answer: PER_SECOND * SECONDS, tc: 0, drop: 0 });
    expect(at('127.0.0.16')).toMatchObject({ tc: 0 });
    expect(at('127.0.0.16').badcookie).toBeGreaterThan(0);
    // 16 queries a second against 3 credits: the first 3 answered, then the debt outlasts
    // the burst. Two clients of one /24 share those 3; with /32 each has 3 of its own.
    expect(at('127.0.0.12').answer + at('127.0.0.13').answer).toBe(3);
    expect([at('127.0.0.14').answer, at('127.0.0.15').answer]).toEqual([3, 3]);
  });

  it('every slipped reply is byte for byte the one BIND sends', () => {
    let n = 0;
    SCENARIOS.forEach((_, i) => {
      for (const [q, bytes] of bindResults[i].slipped) {
        expect(labnetResults[i].slipped.get(q), `${SCENARIOS[i].name}, query ${q}`).toBe(bytes);
        n++;
      }
    });
    expect(n).toBeGreaterThan(10);
  });
});
