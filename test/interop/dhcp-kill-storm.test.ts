/**
 * A kill -9 storm under perfdhcp load (issue 11, faults): `labnet serve` (the command as built,
 * test/cli/built-cli.ts) on 127.0.0.5:67 with the relay-mode config of fixtures/perf, and Kea's
 * perfdhcp relaying from 127.0.0.6 (GUIDE.md section 6), driving DORAs. At a random moment of
 * each round (seeded: LABNET_STORM_SEED, printed) the server is killed with SIGKILL and
 * restarted on the same leases file, 20 times.
 *
 * What was ACKed: perfdhcp's `-x l` report lists the address of every DHCPACK it received
 * ("Leases for REQUEST-ACK"); perfdhcp is stopped (SIGINT, which prints the report) only after
 * the server is dead, so every one of them was received before the kill. RFC 2131 4.3.2 and
 * dhcpd's rule: a lease is committed to stable storage before its ACK is sent. So after each
 * kill every ACKed address must be an active lease in the journal, and after the restart the
 * restarted server (its control endpoint's /leases) must hold all leases ACKed in all rounds
 * so far, each with the client the journal first gave it. No address is held by two clients:
 * perfdhcp's own `-u` check within each round (non unique addresses 0), and across rounds an
 * address ACKed once never changes client (a restart that lost a lease would hand its address
 * to another client); in the loaded journal no client holds two addresses (each round's
 * clients are distinct from the other rounds', `-b mac=` per round).
 * Everything stays on loopback; 127.0.0.5/32 and 127.0.0.6/32 are added to lo and removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildCli, type BuiltCli } from '../cli/built-cli.js';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { parseLeasesFileDetailed } from '../../src/dhcp/leases/index.js';
import { ipToString } from '../../src/dhcp/ip.js';
import { seededRandom } from '../../src/util/clock.js';
import { addLoopback, perfdhcpUntil, removeLoopback } from './helpers/perfdhcp-run.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PERF_CONF = join(ROOT, 'fixtures/perf/dhcpd.conf');
const SERVER = '127.0.0.5';
const RELAY = '127.0.0.6';
const KILLS = 20;
const RATE = 300; // DORAs a second: a round of at most ~1.2 s of load keeps the test near 60 s

const added: string[] = [];
let cli: BuiltCli;
let tmp: TmpTree;

beforeAll(async () => {
  added.push(...(await addLoopback([SERVER, RELAY])));
  cli = buildCli();
  tmp = tmpTree('labnet-kill-storm-');
});

afterAll(async () => {
  await removeLoopback(added);
  tmp?.remove();
  cli?.tree.remove();
});

interface Serving {
  child: ChildProcess;
  exited: Promise<void>;
  control: string;
}

/** `labnet serve` on the leases file; resolves once it prints its endpoints. */
function serve(leasesFile: string): Promise<Serving> {
  const child = spawn(process.execPath, [cli.bin, 'serve', '--dhcpd-conf', PERF_CONF, '--dhcp', `${SERVER}:67`, '--leases', leasesFile, '--control', '127.0.0.1:0'], {
    cwd: tmp.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((res, rej) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /control {2}(http:\/\/[^/\s]+\/)/.exec(out);
      if (m) res({ child, exited, control: m[1] });
    });
    child.once('exit', (code, sig) => rej(new Error(`labnet serve exited (${code ?? sig}): ${err}`)));
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('kill -9 storm under perfdhcp load', () => {
  it(`${KILLS} SIGKILLs at random moments: every ACKed lease survives, no address held by two clients`, { timeout: 180_000 }, async () => {
    const seed = Number(process.env.LABNET_STORM_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`kill storm seed ${seed} (LABNET_STORM_SEED=${seed} repeats the kill moments)`);
    const rand = seededRandom(seed);
    const leasesFile = join(tmp.dir, 'dhcpd.leases');
    /** Every address ACKed in any round -> the client the journal gave it after that round's kill. */
    const owner = new Map<string, string>();
    let acksChecked = 0;
    let lost = 0;
    let server = await serve(leasesFile);
    for (let round = 0; round < KILLS; round++) {
      const killAt = 200 + Math.floor(rand() * 1000);
      const dead = sleep(killAt).then(async () => {
        server.child.kill('SIGKILL');
        await server.exited;
        await sleep(100); // replies already on the wire reach perfdhcp before it reports
      });
      const perf = await perfdhcpUntil({ relay: RELAY, server: SERVER, rate: RATE, mac: `02:00:${round.toString(16).padStart(2, '0')}:00:00:00`, seed: seed + round }, dead);
      expect(server.child.signalCode).toBe('SIGKILL');
      expect(perf.nonUnique, perf.report).toBe(0);

      // The journal as the server will load it: every ACKed address active, its client unchanged.
      const journal = parseLeasesFileDetailed(readFileSync(leasesFile, 'utf8'), leasesFile);
      const inJournal = new Map(journal.leases.map((l) => [ipToString(l.ip), l]));
      for (const ip of perf.acked) {
        const l = inJournal.get(ip);
        if (l?.state !== 'active' || !l.hardwareEthernet) {
          lost++;
          continue;
        }
        const before = owner.get(ip);
        expect(before === undefined || before === l.hardwareEthernet, `${ip}: ${before} then ${l.hardwareEthernet}`).toBe(true);
        owner.set(ip, l.hardwareEthernet);
      }
      acksChecked += perf.acked.length;
      expect(lost, `round ${round} (kill at ${killAt} ms): ACKed but not in the journal`).toBe(0);
      const activeMacs = journal.leases.filter((l) => l.state === 'active').map((l) => l.hardwareEthernet);
      expect(new Set(activeMacs).size, 'a client holding two addresses').toBe(activeMacs.length);

      // Restarted on the same file: it holds every lease ever ACKed, each with its first client.
      server = await serve(leasesFile);
      const rows = (await (await fetch(`${server.control}leases`)).json()) as Array<{ ip: string; state: string; mac: string | null }>;
      const held = new Map(rows.filter((r) => r.state === 'active').map((r) => [r.ip, r.mac]));
      for (const [ip, mac] of owner) expect(held.get(ip), `${ip} after restart ${round + 1}`).toBe(mac);
    }
    server.child.kill('SIGTERM');
    await server.exited;
    console.log(`kill storm: ${KILLS} kills survived, ${acksChecked} ACKs checked (${owner.size} addresses), leases lost = ${lost}`);
    expect(acksChecked).toBeGreaterThan(KILLS * 20);
  });
});
