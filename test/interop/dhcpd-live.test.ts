/**
 * Answers compared with a live ISC dhcpd 4.4 on the same files (test/interop/data/dhcpd-live/),
 * in network namespaces (GUIDE.md section 6): the server namespace holds 192.168.244.139 on s0
 * and runs dhcpd (`dhcpd -4 -f -d -cf FILE -lf LEASES s0`), then labnet on the same file; the
 * client namespace holds a relay agent on 192.168.244.10 and 192.168.245.10 (a subnet the server
 * reaches through the first; helpers/dhcp-probe.mjs) that sends
 * hand-built requests (helpers/dhcp-wire.ts) and reads the replies. Every packet stays on the
 * veth between the two namespaces, which afterAll deletes.
 *
 * One scenario per file: PXE / zero-touch (vendor class, user class, option 93, option 43 and
 * vendor spaces), PXELINUX (subclasses of option 93, a site option space sent through a
 * rewritten parameter request list, ignore-client-uids, a group of hosts, a shared network), relay agent information (option 82 classes, subclasses, spawning classes with
 * a lease limit), known and unknown clients, a MAC allow list by subclass, lease times, and
 * statements run at startup, on commit and on release. For each client (DISCOVER, then REQUEST
 * for the address offered, then for some a DHCPRELEASE) the OFFER and the ACK must agree:
 * the address (each server starting from an empty lease file), siaddr, sname, file, and every
 * option's bytes in the order sent (lease time, option 43 and option 82 included). Where a file
 * logs (`log (...)` lines starting with LNLOG), both servers must write the same lines in the
 * same order, from startup to the last packet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChildProcess } from 'node:child_process';
import { createNetnsPair, ip, type NetnsPair } from './helpers/netns.js';
import { buildRequest, hex, readReply, text, type Reply } from './helpers/dhcp-wire.js';
import { DHCPD } from './helpers/dhcpd-check.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DATA = join(ROOT, 'test/interop/data/dhcpd-live');
const VITE_NODE = join(ROOT, 'node_modules/.bin/vite-node');
const SERVER_CHILD = join(ROOT, 'test/dhcp/crash-server.ts');
const PROBE = join(ROOT, 'test/interop/helpers/dhcp-probe.mjs');
const SERVER = '192.168.244.139';
const RELAY = '192.168.244.10';
/** A second relay address, on a subnet the server has no interface on (routed via RELAY). */
const FAR_RELAY = '192.168.245.10';
/** How long the relay waits for a reply (ms): a silent server costs this much per request. */
const REPLY_WAIT_MS = 2500;

const PRL = (...codes: number[]) => Buffer.from(codes);
/** The options expressions.conf puts each expression's value in. */
const EXPR_CODES = Array.from({ length: 21 }, (_, i) => 220 + i);
const PXE_BIOS = 'PXEClient:Arch:00000:UNDI:002001';
const PXE_EFI = 'PXEClient:Arch:00007:UNDI:003016';

/** Option 82 (RFC 3046 2.0): sub-option 1 circuit-id, 2 remote-id. */
function agent(circuit?: string, remote?: string): [number, Buffer] {
  const sub = (code: number, v: string) => Buffer.concat([Buffer.from([code, v.length]), text(v)]);
  return [82, Buffer.concat([...(circuit !== undefined ? [sub(1, circuit)] : []), ...(remote !== undefined ? [sub(2, remote)] : [])])];
}

interface Client {
  name: string;
  mac: string;
  options: Array<[number, Buffer]>;
  /** The relay address (giaddr) the requests come through; default RELAY. */
  giaddr?: string;
  /** After the ACK, a DHCPRELEASE of the lease (RFC 2131 4.4.6). */
  release?: boolean;
}

interface Scenario {
  /** The file under test/interop/data/dhcpd-live/. */
  file: string;
  clients: Client[];
  /** Compare the lines starting with LNLOG that both servers log. */
  logs?: boolean;
}

const SCENARIOS: Scenario[] = [
  {
    file: 'pxe-lab.conf',
    clients: [
      { name: 'unknown MAC, plain request list', mac: '00:0c:29:aa:bb:01', options: [[55, PRL(1, 3, 6, 15, 28, 51, 54, 58, 59)]] },
      { name: 'PXE BIOS (option 93 = 0)', mac: '00:0c:29:aa:bb:02', options: [[93, hex('00:00')], [60, text(PXE_BIOS)], [55, PRL(1, 3, 6, 43, 54, 60, 66, 67)]] },
      { name: 'PXE UEFI x64 (option 93 = 7)', mac: '00:0c:29:aa:bb:03', options: [[93, hex('00:07')], [60, text(PXE_EFI)], [55, PRL(1, 3, 6, 43, 54, 60, 66, 67)]] },
      { name: 'iPXE (user class iPXE, option 175)', mac: '00:0c:29:aa:bb:04', options: [[77, text('iPXE')], [60, text(PXE_BIOS)], [175, hex('13:01:01')], [55, PRL(1, 3, 6, 43, 54, 60, 66, 67, 175)]] },
      { name: 'known MAC (host without an address)', mac: '00:0c:29:aa:bb:05', options: [[55, PRL(1, 3, 6, 15, 54)]] },
      { name: 'host with a fixed address', mac: '00:0c:29:aa:bb:06', options: [[55, PRL(1, 3, 6, 12, 15, 54)]] },
      { name: 'switch vendor class: option 43 with 2-octet codes', mac: '00:0c:29:aa:bb:07', options: [[60, text('AcmeSwitch')], [55, PRL(1, 3, 43, 54)]] },
      { name: 'relayed with option 82 circuit-id', mac: '00:0c:29:aa:bb:08', options: [[55, PRL(1, 3, 6, 15, 54)], agent('port7')] },
      { name: 'every option type requested', mac: '00:0c:29:aa:bb:09', options: [[55, PRL(1, 3, 54, ...Array.from({ length: 17 }, (_, i) => 200 + i))]] },
      { name: 'no parameter request list', mac: '00:0c:29:aa:bb:0a', options: [] },
    ],
  },
  {
    file: 'pxelinux.conf',
    clients: [
      { name: 'BIOS (arch 0): PXELINUX options through the rewritten request list', mac: '00:0c:29:aa:dd:01', options: [[93, hex('00:00')], [60, text(PXE_BIOS)], [55, PRL(1, 3, 6, 15, 43, 54, 66, 67, 215)]] },
      { name: 'UEFI x64 (arch 7) with a client identifier', mac: '00:0c:29:aa:dd:02', options: [[61, hex('ff:00:00:00:01')], [93, hex('00:07')], [60, text(PXE_EFI)], [55, PRL(1, 3, 6, 15, 43, 54, 66, 67)]] },
      { name: 'the same MAC, another client identifier (ignore-client-uids)', mac: '00:0c:29:aa:dd:02', options: [[61, hex('ff:00:00:00:02')], [93, hex('00:07')], [55, PRL(1, 3, 54, 66, 67)]] },
      { name: 'UEFI ia32 (arch 6): the first subnet full, the shared network\'s second', mac: '00:0c:29:aa:dd:03', options: [[93, hex('00:06')], [55, PRL(1, 3, 6, 15, 54, 66, 67)]] },
      { name: 'raw option 43 by vendor class', mac: '00:0c:29:aa:dd:04', options: [[60, text('raw43')], [55, PRL(1, 3, 43, 54)]] },
      { name: 'host in a group', mac: '00:0c:29:aa:cc:01', options: [[55, PRL(1, 3, 15, 54, 66, 67)]] },
      { name: 'host in a group, fixed address in the second subnet', mac: '00:0c:29:aa:cc:02', options: [[55, PRL(1, 3, 15, 54, 66, 67)]] },
    ],
  },
  {
    file: 'agent.conf',
    clients: [
      { name: 'circuit port1: its subclass', mac: '00:0c:29:bb:00:01', options: [[55, PRL(1, 3, 12, 15, 17, 40, 54)], agent('port1')] },
      { name: 'circuit port2: its subclass, next-server', mac: '00:0c:29:bb:00:02', options: [[55, PRL(1, 3, 12, 15, 17, 40, 54)], agent('port2')] },
      { name: 'circuit port3: subclass written in hex, host-name from the MAC', mac: '00:0c:29:bb:00:03', options: [[55, PRL(1, 3, 12, 15, 17, 40, 54)], agent('port3')] },
      { name: 'circuit port9: no subclass, not a member', mac: '00:0c:29:bb:00:04', options: [[55, PRL(1, 3, 12, 15, 17, 40, 54)], agent('port9')] },
      { name: 'circuit port1 and remote-id sw-a: two classes', mac: '00:0c:29:bb:00:05', options: [[55, PRL(1, 3, 12, 15, 17, 40, 54)], agent('port1', 'sw-a')] },
      { name: 'remote-id sw-a alone', mac: '00:0c:29:bb:00:06', options: [[55, PRL(1, 3, 12, 15, 17, 40, 54)], agent(undefined, 'sw-a')] },
      { name: 'no relay agent information', mac: '00:0c:29:bb:00:07', options: [[55, PRL(1, 3, 12, 15, 17, 40, 54)]] },
      { name: 'spawned class lim1, first client', mac: '00:0c:29:bb:00:08', options: [[55, PRL(1, 3, 15, 54)], agent('lim1')] },
      { name: 'spawned class lim1, second client (lease limit 1)', mac: '00:0c:29:bb:00:09', options: [[55, PRL(1, 3, 15, 54)], agent('lim1')] },
      { name: 'spawned class lim2, first client', mac: '00:0c:29:bb:00:0a', options: [[55, PRL(1, 3, 15, 54)], agent('lim2')] },
    ],
  },
  {
    file: 'known.conf',
    clients: [
      { name: 'host without an address: the known pool', mac: '00:0c:29:cc:00:01', options: [[55, PRL(1, 3, 12, 15, 40, 54, 66, 67)]] },
      { name: 'host with filename, next-server, host-name', mac: '00:0c:29:cc:00:02', options: [[55, PRL(1, 3, 12, 15, 40, 54, 66, 67)]] },
      { name: 'host with a fixed address (static)', mac: '00:0c:29:cc:00:03', options: [[55, PRL(1, 3, 12, 15, 40, 54, 66, 67)]] },
      { name: 'host with deny booting', mac: '00:0c:29:cc:00:04', options: [[55, PRL(1, 3, 15, 54)]] },
      { name: 'unknown MAC: the unknown pool', mac: '00:0c:29:cc:00:99', options: [[55, PRL(1, 3, 12, 15, 40, 54, 66, 67)]] },
    ],
  },
  {
    file: 'only-known.conf',
    clients: [
      { name: 'known MAC', mac: '00:0c:29:dd:00:01', options: [[55, PRL(1, 3, 54)]] },
      { name: 'unknown MAC: deny unknown-clients', mac: '00:0c:29:dd:00:02', options: [[55, PRL(1, 3, 54)]] },
    ],
  },
  {
    file: 'allow-list.conf',
    logs: true,
    clients: [
      { name: 'allowed by subclass of hardware, released', mac: '00:0c:29:ff:00:01', options: [[55, PRL(1, 3, 15, 54, 66, 67)]], release: true },
      { name: 'allowed, subclass max-lease-time, lease time asked', mac: '00:0c:29:ff:00:02', options: [[51, hex('00:00:01:f4')], [55, PRL(1, 3, 15, 54)]] },
      { name: 'client identifier subclass', mac: '00:0c:29:ff:00:03', options: [[61, text('client-one')], [55, PRL(1, 3, 15, 54)]] },
      { name: 'not allowed, lease time below min-lease-time', mac: '00:0c:29:ff:00:04', options: [[51, hex('00:00:00:3c')], [55, PRL(1, 3, 15, 54)]] },
      { name: 'hardware key of the client identifier class', mac: '00:0c:29:ff:00:05', options: [[55, PRL(1, 3, 15, 54, 67)]] },
      { name: 'far subnet, known host', mac: '00:0c:29:ff:00:09', giaddr: FAR_RELAY, options: [[55, PRL(1, 3, 54)]] },
      { name: 'far subnet, unknown client: deny unknown-clients in the subnet', mac: '00:0c:29:ff:00:0a', giaddr: FAR_RELAY, options: [[55, PRL(1, 3, 54)]] },
    ],
  },
  {
    file: 'expressions.conf',
    clients: [
      { name: 'host-name node12, no user class', mac: '00:0c:29:ee:ee:01', options: [[12, text('node12')], [55, PRL(1, 3, 15, 54, ...EXPR_CODES)]] },
      { name: 'host-name Lab-pc, user class u1', mac: '00:0c:29:ee:ee:02', options: [[12, text('Lab-pc')], [77, text('u1')], [55, PRL(1, 3, 15, 54, ...EXPR_CODES)]] },
      { name: 'known host, client identifier, no host-name', mac: '00:0c:29:ee:ee:03', options: [[61, hex('01:00:0c:29:ee:ee:03')], [55, PRL(1, 3, 15, 54, ...EXPR_CODES)]] },
    ],
  },
  {
    file: 'events.conf',
    logs: true,
    clients: [
      { name: 'host-name "named": subnet statements', mac: '00:0c:29:ee:00:01', options: [[12, text('named')], [55, PRL(1, 3, 12, 15, 40, 54)]] },
      { name: 'vendor class logme: the class on commit', mac: '00:0c:29:ee:00:02', options: [[60, text('logme')], [55, PRL(1, 3, 15, 54)]] },
      { name: 'plain client', mac: '00:0c:29:ee:00:03', options: [[12, text('other')], [55, PRL(1, 3, 15, 40, 54)]] },
    ],
  },
];

interface Exchange {
  offer?: Reply;
  ack?: Reply;
}

interface Run {
  replies: Map<string, Exchange>;
  /** The LNLOG lines logged, in order. */
  logs: string[];
}

let pair: NetnsPair;
let dir: string;
const real = new Map<string, Run>();
const ours = new Map<string, Run>();

/** What is compared of a reply. */
function comparable(r: Reply | undefined) {
  if (!r) return 'no reply';
  return {
    yiaddr: r.yiaddr,
    siaddr: r.siaddr,
    sname: r.sname,
    file: r.file,
    // In wire order: dhcpd's order is compared too.
    options: r.options.map(([c, v]) => `${c}=${v.toString('hex')}`),
  };
}

interface Probe {
  ask(pkt: Buffer): Promise<Reply | undefined>;
  /** Sends with no reply awaited. */
  tell(pkt: Buffer): void;
  close(): Promise<void>;
}

function startProbe(): Probe {
  const child = pair.spawn(pair.cli, process.execPath, [PROBE, SERVER, String(REPLY_WAIT_MS)], { stdin: true });
  const lines = createInterface({ input: child.stdout! });
  const pending: Array<(l: string) => void> = [];
  lines.on('line', (l) => pending.shift()?.(l));
  return {
    ask(pkt) {
      return new Promise((res) => {
        pending.push((l) => {
          const h = l.split(' ')[1];
          res(h && h !== '-' ? readReply(Buffer.from(h, 'hex')) : undefined);
        });
        child.stdin!.write(pkt.toString('hex') + '\n');
      });
    },
    tell(pkt) {
      child.stdin!.write(`!${pkt.toString('hex')}\n`);
    },
    async close() {
      child.stdin!.end();
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Starts a server in the server namespace; resolves once `ready` appears in its output. */
function startServer(cmd: string, args: string[], ready: RegExp, env?: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string }> {
  const child = pair.spawn(pair.srv, cmd, args, { cwd: ROOT, env: env ?? process.env });
  let out = '';
  return new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(`${cmd} did not start: ${out}`)), 30000);
    const on = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(t);
        res({ child, output: () => out });
      }
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.once('exit', (code) => {
      clearTimeout(t);
      rej(new Error(`${cmd} exited ${code}: ${out}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** DISCOVER then REQUEST (selecting, RFC 2131 4.3.2) for every client. */
async function runClients(clients: Client[]): Promise<Map<string, Exchange>> {
  const probe = startProbe();
  const out = new Map<string, Exchange>();
  let xid = 0x1000;
  for (const c of clients) {
    const giaddr = c.giaddr ?? RELAY;
    const offer = await probe.ask(buildRequest({ type: 1, xid: xid++, mac: c.mac, giaddr, options: c.options }));
    let ack: Reply | undefined;
    if (offer) {
      const sid = offer.options.find(([code]) => code === 54)?.[1];
      const serverId: Array<[number, Buffer]> = sid ? [[54, sid]] : [];
      const ipBytes = Buffer.from(offer.yiaddr.split('.').map(Number));
      // Option 82 stays last (RFC 3046 2.1).
      const own = c.options.filter(([code]) => code !== 82);
      const relayInfo = c.options.filter(([code]) => code === 82);
      ack = await probe.ask(buildRequest({ type: 3, xid: xid++, mac: c.mac, giaddr, options: [[50, ipBytes], ...serverId, ...own, ...relayInfo] }));
      if (ack && c.release) {
        // RFC 2131 4.4.6: the client unicasts it, ciaddr set; sent through the relay here.
        const id = own.filter(([code]) => code === 61);
        probe.tell(buildRequest({ type: 7, xid: xid++, mac: c.mac, giaddr, ciaddr: ack.yiaddr, options: [...serverId, ...id] }));
      }
    }
    out.set(c.name, { offer, ack });
  }
  await probe.close();
  return out;
}

/**
 * The text of each LNLOG line: dhcpd's log lines as written (-d: on stderr), labnet's pino
 * JSON `msg` without the ` (FILE:LINE)` labnet adds.
 */
function lnlogLines(output: string): string[] {
  const lines: string[] = [];
  for (const l of output.split('\n')) {
    let msg = l;
    if (l.startsWith('{')) {
      try {
        msg = String((JSON.parse(l) as { msg?: unknown }).msg ?? '').replace(/ \([^()]*:\d+\)$/, '');
      } catch {
        continue;
      }
    }
    if (msg.startsWith('LNLOG')) lines.push(msg);
  }
  return lines;
}

async function runScenario(s: Scenario): Promise<void> {
  const conf = join(DATA, s.file);
  const base = join(dir, s.file);
  const dhcpdLeases = `${base}.dhcpd.leases`;
  writeFileSync(dhcpdLeases, '');
  const dhcpd = await startServer(DHCPD, ['-4', '-f', '-d', '-cf', conf, '-lf', dhcpdLeases, '-pf', `${base}.dhcpd.pid`, pair.srvIf], /Server starting service/);
  try {
    real.set(s.file, { replies: await runClients(s.clients), logs: [] });
  } finally {
    await stop(dhcpd.child);
  }
  real.get(s.file)!.logs = lnlogLines(dhcpd.output());

  const env = { ...process.env, LABNET_LOG_LEVEL: 'info', LABNET_LOG_FORMAT: 'json' };
  const labnet = await startServer(VITE_NODE, [SERVER_CHILD, '--conf', conf, '--host', '0.0.0.0', '--port', '67', '--leases', `${base}.labnet.leases`, '--interface', pair.srvIf, '--server-id', SERVER], /READY/, env);
  try {
    ours.set(s.file, { replies: await runClients(s.clients), logs: [] });
  } finally {
    await stop(labnet.child);
  }
  ours.get(s.file)!.logs = lnlogLines(labnet.output());
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'labnet-dhcpd-live-'));
  pair = await createNetnsPair({ serverCidr: `${SERVER}/24` });
  await ip(['-n', pair.cli, 'addr', 'add', `${RELAY}/24`, 'dev', pair.cliIf]);
  await ip(['-n', pair.cli, 'addr', 'add', `${FAR_RELAY}/24`, 'dev', pair.cliIf]);
  await ip(['-n', pair.srv, 'route', 'add', '192.168.245.0/24', 'via', RELAY, 'dev', pair.srvIf]);
  for (const s of SCENARIOS) await runScenario(s);
}, 600_000);

const same = (s: Scenario, c: Client, k: keyof Exchange) =>
  JSON.stringify(comparable(ours.get(s.file)?.replies.get(c.name)?.[k])) === JSON.stringify(comparable(real.get(s.file)?.replies.get(c.name)?.[k]));

afterAll(async () => {
  for (const s of SCENARIOS) {
    const agreed = s.clients.flatMap((c) => [same(s, c, 'offer'), same(s, c, 'ack')]).filter(Boolean).length;
    console.log(`live dhcpd agreement, ${s.file}: ${agreed}/${s.clients.length * 2} replies (OFFER and ACK of ${s.clients.length} clients)`);
  }
  // LABNET_LIVE_DUMP=FILE keeps both servers' replies and logs for a closer look.
  if (process.env.LABNET_LIVE_DUMP) {
    const dump = SCENARIOS.map((s) => ({
      file: s.file,
      logs: { real: real.get(s.file)?.logs, ours: ours.get(s.file)?.logs },
      clients: s.clients.map((c) => {
        const r = real.get(s.file)?.replies.get(c.name);
        const o = ours.get(s.file)?.replies.get(c.name);
        return { name: c.name, same: { offer: same(s, c, 'offer'), ack: same(s, c, 'ack') }, real: { offer: comparable(r?.offer), ack: comparable(r?.ack) }, ours: { offer: comparable(o?.offer), ack: comparable(o?.ack) } };
      }),
    }));
    writeFileSync(process.env.LABNET_LIVE_DUMP, JSON.stringify(dump, null, 1));
  }
  await pair?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(SCENARIOS.map((s) => [s.file, s] as const))('labnet answers as a live ISC dhcpd on %s', (file, s) => {
  it('dhcpd answered (the comparison means something)', () => {
    expect([...real.get(file)!.replies.values()].filter((x) => x.ack).length).toBeGreaterThan(0);
  });

  it.each(s.clients.map((c) => [c.name, c] as const))('%s: OFFER and ACK', (_name, c) => {
    const r = real.get(file)!.replies.get(c.name);
    const o = ours.get(file)!.replies.get(c.name);
    expect({ offer: comparable(o?.offer), ack: comparable(o?.ack) }).toEqual({ offer: comparable(r?.offer), ack: comparable(r?.ack) });
  });

  if (s.logs) {
    it('the same LNLOG lines, in order', () => {
      expect(real.get(file)!.logs.length).toBeGreaterThan(0);
      expect(ours.get(file)!.logs).toEqual(real.get(file)!.logs);
    });
  }
});
