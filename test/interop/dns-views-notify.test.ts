/**
 * NOTIFY from zones in views, against a live BIND 9.18 (RFC 1996; ARM "notify",
 * "also-notify"): one named.conf with two views, each serving v.test from its own file
 * with its own second name server (ns2: 127.0.0.61 in view a, 127.0.0.62 in view b), and
 * an also-notify in view b (the second view) only. The test owns UDP listeners on those
 * addresses' port 53 and on the also-notify address, all on loopback, and answers every
 * NOTIFY. named runs first, then labnet (startServices, what `labnet serve --named-conf`
 * runs) on the same files, so each listener's messages come from one server at a time.
 * Compared per server: which listener got a NOTIFY for which serial, and the message
 * (opcode, AA, question, the SOA in the answer section); at load, then after an UPDATE
 * that only view b takes.
 */
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dnsPacket from 'dns-packet';
import { bindOptions, haveBinary, startBindConf } from './helpers/bind.js';
import { freePort, type Endpoint } from './helpers/net.js';
import { nsupdate } from './helpers/nsupdate.js';
import { startServices } from '../../src/lab/services.js';

const ZONE = (ns2: string) => `$TTL 300\n@ SOA ns root 1 3600 600 86400 60\n@ NS ns\n@ NS ns2\nns A 127.0.0.1\nns2 A ${ns2}\nwww A 192.0.2.1\n`;

interface Heard {
  listener: string;
  opcode: string;
  aa: boolean;
  question: string;
  answer: string[];
}

interface Listener {
  name: string;
  port: number;
  heard: Heard[];
  close(): Promise<void>;
}

/** A UDP socket on loopback that records each NOTIFY and answers it (RFC 1996 4.7). */
async function listen(name: string, address: string, port: number): Promise<Listener> {
  const s = dgram.createSocket('udp4');
  const heard: Heard[] = [];
  s.on('message', (m, r) => {
    const d = dnsPacket.decode(m) as unknown as { type: string; opcode: string; flag_aa: boolean; questions: { name: string; type: string }[]; answers: { name: string; type: string; data: { serial: number } }[] };
    if (d.type !== 'query') return;
    heard.push({ listener: name, opcode: d.opcode, aa: d.flag_aa, question: d.questions.map((q) => `${q.name} ${q.type}`).join(), answer: d.answers.map((a) => `${a.name} ${a.type} ${a.data.serial}`) });
    const reply = Buffer.from(m);
    reply[2] = 0x80 | (m[2] & 0x78) | 0x04;
    reply[3] = 0;
    reply.writeUInt16BE(0, 6);
    const end = 12 + (m.subarray(12).indexOf(0) + 1) + 4;
    s.send(reply.subarray(0, end), r.port, r.address);
  });
  await new Promise<void>((res, rej) => {
    s.once('error', rej);
    s.bind(port, address, () => res());
  });
  return { name, port: s.address().port, heard, close: () => new Promise((res) => s.close(() => res())) };
}

const haveAll = haveBinary('named') && haveBinary('nsupdate');
let listeners: Listener[] = [];
let alsoPort = 0;

const conf = (dir: string, port: number) => `${bindOptions(dir, port)}
view a {
  match-clients { 127.0.0.1; 127.0.0.2; };
  zone "v.test" { type primary; file "a.zone"; notify yes; };
};
view b {
  match-clients { any; };
  zone "v.test" { type primary; file "b.zone"; notify yes; also-notify { 127.0.0.1 port ${alsoPort}; }; allow-update { 127.0.0.3; }; };
};
`;
const FILES = { 'a.zone': ZONE('127.0.0.61'), 'b.zone': ZONE('127.0.0.62') };

beforeAll(async () => {
  alsoPort = await freePort();
  listeners = [await listen('ns2 of view a', '127.0.0.61', 53), await listen('ns2 of view b', '127.0.0.62', 53), await listen('also-notify of view b', '127.0.0.1', alsoPort)];
});

afterAll(async () => {
  await Promise.all(listeners.map((l) => l.close()));
});

const heard = () => listeners.flatMap((l) => l.heard.splice(0));
const until = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
};
/** Each listener's NOTIFYs, one line per distinct message (a retry repeats one). */
const summary = (h: Heard[]) => [...new Set(h.map((x) => `${x.listener}: ${x.opcode} aa=${x.aa} ${x.question} [${x.answer.join('; ')}]`))].sort();

/** What one server sends: at load, then after an UPDATE from 127.0.0.3 (view b). */
async function run(start: (dir: string) => Promise<{ address: Endpoint; close(): Promise<void> }>): Promise<{ load: string[]; update: string[]; updateOut: string }> {
  heard();
  const dir = mkdtempSync(join(tmpdir(), 'labnet-views-notify-'));
  const server = await start(dir);
  try {
    await until(() => listeners.every((l) => l.heard.length > 0), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    const load = summary(heard());
    const r = await nsupdate(`server ${server.address.host} ${server.address.port}\nlocal 127.0.0.3\nzone v.test\nupdate add new.v.test 300 A 192.0.2.7\nsend\n`);
    await until(() => listeners.filter((l) => l.heard.length > 0).length >= 2, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    return { load, update: summary(heard()), updateOut: `${r.code} ${r.out.replaceAll(String(server.address.port), 'PORT')}` };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

let bindRun: Awaited<ReturnType<typeof run>>;
let labRun: Awaited<ReturnType<typeof run>>;

describe.runIf(haveAll)('NOTIFY from each view\'s zone: labnet as BIND 9.18', () => {
  beforeAll(async () => {
    bindRun = await run(async () => startBindConf(FILES, conf, 'v.test'));
    labRun = await run(async (dir) => {
      for (const [n, t] of Object.entries(FILES)) writeFileSync(join(dir, n), t);
      const port = await freePort();
      writeFileSync(join(dir, 'named.conf'), conf(dir, port));
      const s = await startServices({ namedConf: join(dir, 'named.conf'), dns: { address: '127.0.0.1', port } });
      return { address: { host: '127.0.0.1', port: s.dns!.address.port }, close: () => s.close() };
    });
  }, 60_000);

  it('at load: view a\'s ns2, view b\'s ns2 and view b\'s also-notify, each with serial 1', () => {
    expect(bindRun.load).toEqual([
      'also-notify of view b: NOTIFY aa=true v.test SOA [v.test SOA 1]',
      'ns2 of view a: NOTIFY aa=true v.test SOA [v.test SOA 1]',
      'ns2 of view b: NOTIFY aa=true v.test SOA [v.test SOA 1]',
    ]);
    expect(labRun.load).toEqual(bindRun.load);
  });

  it('after an UPDATE in view b (the second view): its targets only, with the new serial', () => {
    expect(bindRun.updateOut).toBe('0 ');
    expect(labRun.updateOut).toBe(bindRun.updateOut);
    expect(bindRun.update).toEqual([
      'also-notify of view b: NOTIFY aa=true v.test SOA [v.test SOA 2]',
      'ns2 of view b: NOTIFY aa=true v.test SOA [v.test SOA 2]',
    ]);
    expect(labRun.update).toEqual(bindRun.update);
  });
});
