/**
 * Two labnet DHCP servers as a Kea HA load-balancing pair (src/dhcp/ha/), in one process on
 * loopback and one virtual clock: heartbeats every 1 s, max-response-delay 3 s,
 * max-unacked-clients 0. Each client is answered by the server its RFC 3074 hash gives
 * (Kea: hash % 2, even to the primary), the partner holds every ACKed lease before the
 * client does, and once the primary is gone and max-response-delay has passed the
 * secondary serves the primary's clients with the addresses they had.
 */
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { startDhcpServer, type DhcpServer } from '../../src/dhcp/server.js';
import { haConfigFromJson } from '../../src/dhcp/ha/config.js';
import { loadbHash, loadbKey } from '../../src/dhcp/ha/loadb.js';
import { virtualClock, type VirtualClock } from '../../src/util/clock.js';
import { ipToString } from '../../src/dhcp/ip.js';
import { labConfig, request } from './helpers/wire.js';
import type { HaState } from '../../src/dhcp/ha/state.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function haJson(self: string, p1: number, p2: number): string {
  return JSON.stringify({
    'high-availability': [{
      'this-server-name': self, mode: 'load-balancing', 'heartbeat-delay': 1000, 'max-response-delay': 3000, 'max-ack-delay': 1000, 'max-unacked-clients': 0,
      peers: [
        { name: 'server1', url: `http://127.0.0.1:${p1}/`, role: 'primary' },
        { name: 'server2', url: `http://127.0.0.1:${p2}/`, role: 'secondary' },
      ],
    }],
  });
}

async function pair(clock: VirtualClock): Promise<[DhcpServer, DhcpServer]> {
  const [p1, p2] = [await freePort(), await freePort()];
  const start = (name: string) => startDhcpServer({ config: labConfig(), clock, ha: { config: haConfigFromJson(haJson(name, p1, p2), `${name}.json`) } });
  const a = await start('server1');
  cleanups.push(() => a.close());
  const b = await start('server2');
  cleanups.push(() => b.close());
  return [a, b];
}

/** Advance the virtual clock a heartbeat at a time until every server is in `state` (real time lets the HTTP exchanges finish). */
async function until(clock: VirtualClock, servers: DhcpServer[], state: HaState, maxBeats = 12): Promise<void> {
  for (let i = 0; i < maxBeats; i++) {
    if (servers.every((s) => s.stats().ha?.state === state)) return;
    await new Promise((r) => setTimeout(r, 30));
    await clock.advanceAsync(1000);
  }
  throw new Error(`not ${state}: ${servers.map((s) => s.stats().ha?.state).join(', ')}`);
}

const mac = (i: number) => `02:00:00:00:a0:${i.toString(16).padStart(2, '0')}`;
const primaryOwns = (m: string) => loadbHash(loadbKey(request({ mac: m }))) % 2 === 0;

async function dora(s: DhcpServer, m: string): Promise<string | undefined> {
  const offer = await s.inject(request({ type: 1, mac: m, xid: 7 }));
  if (!offer) return undefined;
  const ack = await s.inject(request({ type: 3, mac: m, xid: 8, requested: ipToString(offer.reply.yiaddr), serverId: s.serverId }));
  return ack && ack.reply.options.get(53)?.[0] === 5 ? ipToString(ack.reply.yiaddr) : undefined;
}

describe('an HA load-balancing pair of labnet servers', () => {
  it('splits clients by the RFC 3074 hash, keeps every ACKed lease on both, and the survivor takes over with the same addresses', async () => {
    const clock = virtualClock();
    const [a, b] = await pair(clock);
    await until(clock, [a, b], 'load-balancing');

    const acked = new Map<string, string>();
    for (let i = 1; i <= 24; i++) {
      const m = mac(i);
      const [oa, ob] = [await a.inject(request({ type: 1, mac: m, xid: i })), await b.inject(request({ type: 1, mac: m, xid: i }))];
      // Exactly one offers, the one the hash names (Kea's QueryFilter::loadBalance).
      expect([oa !== null, ob !== null], m).toEqual(primaryOwns(m) ? [true, false] : [false, true]);
      const ip = await dora(primaryOwns(m) ? a : b, m);
      expect(ip, m).toBeDefined();
      acked.set(m, ip!);
    }
    const owners = [...acked.keys()].map(primaryOwns);
    expect(owners.some(Boolean) && owners.some((x) => !x)).toBe(true);
    // Each lease reached the partner before its ACK (lease4-update).
    for (const s of [a, b]) {
      const held = new Map(s.leases().filter((l) => l.state === 'active').map((l) => [l.hardwareEthernet!, ipToString(l.ip)]));
      for (const [m, ip] of acked) expect(held.get(m), m).toBe(ip);
    }
    expect(a.stats().ha!.updatesSent + b.stats().ha!.updatesSent).toBe(24);

    // The primary stops. Its clients are not the secondary's while max-response-delay runs.
    await a.close();
    const aClient = [...acked.keys()].find(primaryOwns)!;
    expect(await b.inject(request({ type: 1, mac: aClient, xid: 99 }))).toBeNull();
    await until(clock, [b], 'partner-down', 6);
    // The survivor serves the whole pool, each client with the address it had.
    for (const [m, ip] of acked) expect(await dora(b, m), m).toBe(ip);
    expect(b.stats().ha!.state).toBe('partner-down');
  });

  it('a server started after its partner took the pool alone takes its leases (lease4-get-page) and both return to load-balancing', async () => {
    const clock = virtualClock();
    const [p1, p2] = [await freePort(), await freePort()];
    const start = (name: string) => startDhcpServer({ config: labConfig(), clock, ha: { config: haConfigFromJson(haJson(name, p1, p2), `${name}.json`) } });
    const b = await start('server2');
    cleanups.push(() => b.close());
    await until(clock, [b], 'partner-down', 8);
    const leased = new Map<string, string>();
    for (let i = 30; i < 36; i++) leased.set(mac(i), (await dora(b, mac(i)))!);
    const a = await start('server1');
    cleanups.push(() => a.close());
    await until(clock, [a, b], 'load-balancing');
    const held = new Map(a.leases().map((l) => [l.hardwareEthernet!, ipToString(l.ip)]));
    for (const [m, ip] of leased) expect(held.get(m), m).toBe(ip);
    // The primary now answers its own clients with their addresses.
    for (const [m, ip] of leased) if (primaryOwns(m)) expect(await dora(a, m), m).toBe(ip);
  });
});
