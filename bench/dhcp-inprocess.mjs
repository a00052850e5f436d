#!/usr/bin/env node
// In-process DHCP hot-path benchmark (npm run bench:dhcp:inprocess, after npm run build): the
// built server (dist/, startDhcpServer) on fixtures/perf/dhcpd.conf with a transport of its
// own instead of a socket, so what is measured is labnet's packet path (decode, engine,
// encode, routing) and, with the journal, its group commits (write + fdatasync per group),
// without the kernel's UDP costs or perfdhcp sharing the cores. BENCH_DORAS (default 20000)
// relayed DORAs from distinct MACs, BENCH_CONCURRENCY (default 8) in flight, after 2000 for
// warm-up; the journal in a temporary folder (BENCH_JOURNAL=0: leases in memory only).
// Prints CPU (user, system: the whole process, thread pool included) per DORA, DORA/s and
// the journal's fdatasync count. Writes nothing else.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_DORAS ?? 20000);
const C = Number(process.env.BENCH_CONCURRENCY ?? 8);
const JOURNAL = process.env.BENCH_JOURNAL !== '0';
const { startDhcpServer, parseDhcpdConf } = await import(join(ROOT, 'dist/index.js'));

const RELAY = [127, 0, 0, 3];
const config = parseDhcpdConf(readFileSync(join(ROOT, 'fixtures/perf/dhcpd.conf'), 'utf8'), 'fixtures/perf/dhcpd.conf');
const dir = mkdtempSync(join(tmpdir(), 'labnet-bench-dhcp-inprocess-'));

// The transport: replies are matched to their request by xid.
let deliver = () => {};
const waiting = new Map();
const openTransport = async () => ({
  address: { address: '127.0.0.1', port: 67 },
  onPacket(h) { deliver = h; },
  async send(buf) {
    const xid = buf.readUInt32BE(4);
    const w = waiting.get(xid);
    if (w) { waiting.delete(xid); w(buf); }
  },
  async close() {},
});

/** A relayed request as perfdhcp sends it (RFC 2131 2): hops 1, giaddr, options 53, 55 and `extra`, End. */
function request(type, xid, mac, extra = []) {
  const b = Buffer.alloc(300);
  b[0] = 1; b[1] = 1; b[2] = 6; b[3] = 1;
  b.writeUInt32BE(xid, 4);
  Buffer.from(RELAY).copy(b, 24);
  mac.copy(b, 28);
  b.writeUInt32BE(0x63825363, 236);
  let o = 240;
  for (const x of [53, 1, type, 55, 4, 1, 3, 6, 15, ...extra, 255]) b[o++] = x;
  return b;
}

const server = await startDhcpServer({ config, host: '127.0.0.1', port: 67, leasesFile: JOURNAL ? join(dir, 'dhcpd.leases') : undefined, openTransport });
const source = { address: RELAY.join('.'), port: 67 };
const ask = (b) => new Promise((r) => { waiting.set(b.readUInt32BE(4), r); deliver(b, source); });
let xid = 1;
async function dora(i) {
  const mac = Buffer.from([2, 0x10, (i >>> 24) & 255, (i >>> 16) & 255, (i >>> 8) & 255, i & 255]);
  const offer = await ask(request(1, xid++, mac));
  // REQUEST (SELECTING): option 50 the offered yiaddr, option 54 the server id (the bind address).
  await ask(request(3, xid++, mac, [50, 4, ...offer.subarray(16, 20), 54, 4, 127, 0, 0, 1]));
}
async function run(n, base) {
  let k = 0;
  await Promise.all(Array.from({ length: C }, async () => { while (k < n) await dora(base + k++); }));
}

try {
  await run(2000, 1e6); // warm-up: JIT, the journal file
  const syncs0 = server.stats().journalSyncs;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await run(N, 0);
  const c = process.cpuUsage(c0);
  const ms = performance.now() - t0;
  const syncs = server.stats().journalSyncs - syncs0;
  console.log(`${N} DORAs, ${C} in flight, journal ${JOURNAL ? 'on' : 'off'}: ${(c.user / N).toFixed(1)} us user + ${(c.system / N).toFixed(1)} us system CPU per DORA, ${Math.round((N / ms) * 1000)} DORA/s${JOURNAL ? `, ${syncs} fdatasyncs (${(N / syncs).toFixed(1)} leases each)` : ''}`);
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
