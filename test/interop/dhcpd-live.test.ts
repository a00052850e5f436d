/**
 * Answers compared with a live ISC dhcpd 4.4 on the same file (test/interop/data/pxe-lab.conf),
 * in network namespaces (GUIDE.md section 6): the server namespace holds 192.168.244.139 on s0
 * and runs dhcpd (`dhcpd -4 -f -d -cf FILE -lf LEASES s0`), then labnet on the same file; the
 * client namespace holds a relay agent on 192.168.244.10 (helpers/dhcp-probe.mjs) that sends
 * hand-built requests (helpers/dhcp-wire.ts) and reads the replies. Every packet stays on the
 * veth between the two namespaces, which afterAll deletes.
 *
 * For each client (vendor class, user class, option 93, option 82, known and unknown MACs) the
 * OFFER and the ACK must agree: the pool the address comes from, siaddr, sname, file, and every
 * option's bytes in the order sent (option 43 and the encapsulated 175 included).
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
const CONF = join(ROOT, 'test/interop/data/pxe-lab.conf');
const VITE_NODE = join(ROOT, 'node_modules/.bin/vite-node');
const SERVER_CHILD = join(ROOT, 'test/dhcp/crash-server.ts');
const PROBE = join(ROOT, 'test/interop/helpers/dhcp-probe.mjs');
const SERVER = '192.168.244.139';
const RELAY = '192.168.244.10';

const PRL = (...codes: number[]) => Buffer.from(codes);
const PXE_BIOS = 'PXEClient:Arch:00000:UNDI:002001';
const PXE_EFI = 'PXEClient:Arch:00007:UNDI:003016';

interface Client {
  name: string;
  mac: string;
  options: Array<[number, Buffer]>;
}

const CLIENTS: Client[] = [
  { name: 'unknown MAC, plain request list', mac: '00:0c:29:aa:bb:01', options: [[55, PRL(1, 3, 6, 15, 28, 51, 54, 58, 59)]] },
  { name: 'PXE BIOS (option 93 = 0)', mac: '00:0c:29:aa:bb:02', options: [[93, hex('00:00')], [60, text(PXE_BIOS)], [55, PRL(1, 3, 6, 43, 54, 60, 66, 67)]] },
  { name: 'PXE UEFI x64 (option 93 = 7)', mac: '00:0c:29:aa:bb:03', options: [[93, hex('00:07')], [60, text(PXE_EFI)], [55, PRL(1, 3, 6, 43, 54, 60, 66, 67)]] },
  { name: 'iPXE (user class iPXE, option 175)', mac: '00:0c:29:aa:bb:04', options: [[77, text('iPXE')], [60, text(PXE_BIOS)], [175, hex('13:01:01')], [55, PRL(1, 3, 6, 43, 54, 60, 66, 67, 175)]] },
  { name: 'known MAC (host without an address)', mac: '00:0c:29:aa:bb:05', options: [[55, PRL(1, 3, 6, 15, 54)]] },
  { name: 'host with a fixed address', mac: '00:0c:29:aa:bb:06', options: [[55, PRL(1, 3, 6, 12, 15, 54)]] },
  { name: 'switch vendor class: option 43 with 2-octet codes', mac: '00:0c:29:aa:bb:07', options: [[60, text('AcmeSwitch')], [55, PRL(1, 3, 43, 54)]] },
  { name: 'relayed with option 82 circuit-id', mac: '00:0c:29:aa:bb:08', options: [[55, PRL(1, 3, 6, 15, 54)], [82, hex('01:05:70:6f:72:74:37')]] },
  { name: 'every option type requested', mac: '00:0c:29:aa:bb:09', options: [[55, PRL(1, 3, 54, ...Array.from({ length: 17 }, (_, i) => 200 + i))]] },
  { name: 'no parameter request list', mac: '00:0c:29:aa:bb:0a', options: [] },
];

let pair: NetnsPair;
let dir: string;

/** The range an address was offered from, or the address itself outside the ranges. */
function poolOf(addr: string): string {
  const n = Number(addr.split('.')[3]);
  if (n >= 150 && n <= 169) return 'pool 150-169';
  if (n >= 200 && n <= 209) return 'pool 200-209';
  return addr;
}

/** What is compared of a reply. */
function comparable(r: Reply | undefined) {
  if (!r) return 'no reply';
  return {
    address: poolOf(r.yiaddr),
    siaddr: r.siaddr,
    sname: r.sname,
    file: r.file,
    // In wire order: dhcpd's order is compared too.
    options: r.options.map(([c, v]) => `${c}=${v.toString('hex')}`),
  };
}

interface Probe {
  ask(pkt: Buffer): Promise<Reply | undefined>;
  close(): Promise<void>;
}

function startProbe(): Probe {
  const child = pair.spawn(pair.cli, process.execPath, [PROBE, RELAY, SERVER, '4000'], { stdin: true });
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
async function runClients(): Promise<Map<string, { offer?: Reply; ack?: Reply }>> {
  const probe = startProbe();
  const out = new Map<string, { offer?: Reply; ack?: Reply }>();
  let xid = 0x1000;
  for (const c of CLIENTS) {
    const offer = await probe.ask(buildRequest({ type: 1, xid: xid++, mac: c.mac, giaddr: RELAY, options: c.options }));
    let ack: Reply | undefined;
    if (offer) {
      const sid = offer.options.find(([code]) => code === 54)?.[1];
      const ipBytes = Buffer.from(offer.yiaddr.split('.').map(Number));
      // Option 82 stays last (RFC 3046 2.1).
      const own = c.options.filter(([code]) => code !== 82);
      const agent = c.options.filter(([code]) => code === 82);
      ack = await probe.ask(buildRequest({ type: 3, xid: xid++, mac: c.mac, giaddr: RELAY, options: [[50, ipBytes], ...(sid ? [[54, sid] as [number, Buffer]] : []), ...own, ...agent] }));
    }
    out.set(c.name, { offer, ack });
  }
  await probe.close();
  return out;
}

let real: Map<string, { offer?: Reply; ack?: Reply }>;
let ours: Map<string, { offer?: Reply; ack?: Reply }>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'labnet-dhcpd-live-'));
  pair = await createNetnsPair({ serverCidr: `${SERVER}/24` });
  await ip(['-n', pair.cli, 'addr', 'add', `${RELAY}/24`, 'dev', pair.cliIf]);

  const dhcpdLeases = join(dir, 'dhcpd.leases');
  writeFileSync(dhcpdLeases, '');
  const dhcpd = await startServer(DHCPD, ['-4', '-f', '-d', '-cf', CONF, '-lf', dhcpdLeases, '-pf', join(dir, 'dhcpd.pid'), pair.srvIf], /Server starting service/);
  try {
    real = await runClients();
  } finally {
    await stop(dhcpd.child);
  }

  const labnet = await startServer(VITE_NODE, [SERVER_CHILD, '--conf', CONF, '--host', '0.0.0.0', '--port', '67', '--leases', join(dir, 'labnet.leases'), '--interface', pair.srvIf, '--server-id', SERVER], /READY/);
  try {
    ours = await runClients();
  } finally {
    await stop(labnet.child);
  }
}, 120_000);

afterAll(async () => {
  const same = CLIENTS.flatMap((c) => (['offer', 'ack'] as const).map((k) => JSON.stringify(comparable(ours?.get(c.name)?.[k])) === JSON.stringify(comparable(real?.get(c.name)?.[k])))).filter(Boolean).length;
  console.log(`live dhcpd agreement: ${same}/${CLIENTS.length * 2} replies (OFFER and ACK of ${CLIENTS.length} clients)`);
  // LABNET_LIVE_DUMP=FILE keeps both servers' replies (and option order) for a closer look.
  if (process.env.LABNET_LIVE_DUMP) writeFileSync(process.env.LABNET_LIVE_DUMP, JSON.stringify(CLIENTS.map((c) => ({ name: c.name, real: { offer: comparable(real?.get(c.name)?.offer), ack: comparable(real?.get(c.name)?.ack) }, ours: { offer: comparable(ours?.get(c.name)?.offer), ack: comparable(ours?.get(c.name)?.ack) }, order: { real: real?.get(c.name)?.ack?.options.map(([k]) => k), ours: ours?.get(c.name)?.ack?.options.map(([k]) => k) } })), null, 1));
  await pair?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('labnet answers as a live ISC dhcpd on the same dhcpd.conf', () => {
  it('dhcpd answered every client (the comparison means something)', () => {
    for (const c of CLIENTS) expect(real.get(c.name)?.ack, c.name).toBeDefined();
  });

  it.each(CLIENTS.map((c) => [c.name]))('%s: OFFER', (name) => {
    expect(comparable(ours.get(name)?.offer)).toEqual(comparable(real.get(name)?.offer));
  });

  it.each(CLIENTS.map((c) => [c.name]))('%s: ACK', (name) => {
    expect(comparable(ours.get(name)?.ack)).toEqual(comparable(real.get(name)?.ack));
  });
});
