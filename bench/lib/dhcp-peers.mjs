// What the DHCP benchmarks (bench/dhcp.mjs, bench/dhcp-scale.mjs) share beside perfdhcp
// (bench/lib/perfdhcp.mjs): a relayed DISCOVER to time a server's first OFFER, Kea's memfile config,
// and the same active leases written as labnet's journal (dhcpd.leases) and as Kea's CSV.
// Loopback only: every address given here must be in 127.0.0.0/8.
import dgram from 'node:dgram';
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';

/** A minimal relayed DISCOVER (RFC 2131 2): op 1, htype 1, hlen 6, hops 1, xid, giaddr, chaddr, cookie, option 53 = 1, End. */
export function relayedDiscover(xid, giaddr) {
  const b = Buffer.alloc(300);
  b[0] = 1; b[1] = 1; b[2] = 6; b[3] = 1;
  b.writeUInt32BE(xid, 4);
  Buffer.from(giaddr.split('.').map(Number)).copy(b, 24);
  Buffer.from([0x02, 0xbe, 0x4c, 0, 0, 1]).copy(b, 28);
  b.writeUInt32BE(0x63825363, 236);
  b[240] = 53; b[241] = 1; b[242] = 1; b[243] = 255;
  return b;
}

/**
 * Spawns a server (`launch()`) and sends it a relayed DISCOVER from `relay` every 50 ms until
 * it OFFERs; resolves { server, ms } (ms from spawn to that OFFER), the server left running.
 * `alive(server)` says whether it is still running; `output(server)` its last output.
 */
export async function untilFirstOffer(launch, { relay, server: to, timeoutMs, alive, output }) {
  // The relay's own port 67 on its own address: where servers answer relayed requests (RFC 2131 4.1).
  const sock = dgram.createSocket('udp4');
  await new Promise((r) => sock.bind(67, relay, r));
  const t0 = performance.now();
  const srv = launch();
  try {
    const ms = await new Promise((resolve, reject) => {
      sock.once('message', () => resolve(performance.now() - t0));
      const until = Date.now() + timeoutMs;
      const timer = setInterval(() => {
        if (!alive(srv)) reject(new Error(`server exited: ${output(srv).slice(-2000)}`));
        else if (Date.now() > until) reject(new Error('no OFFER in time'));
        else sock.send(relayedDiscover(0x4c4e0001, relay), 67, to);
      }, 50);
      const done = () => clearInterval(timer);
      sock.once('message', done);
      sock.once('close', done);
    });
    return { server: srv, ms: Math.round(ms) };
  } catch (e) {
    e.server = srv;
    throw e;
  } finally {
    sock.close();
  }
}

/** VmRSS of `pid` in MB, undefined when it is gone. */
export function rssMb(pid) {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);
  } catch {
    return undefined;
  }
}

/**
 * Kea 2.2's kea-dhcp4 config: memfile with persist (no LFC), one subnet whose pool is
 * `pool` ('first - last'), selected for relayed packets from `relays`, listening on
 * `lo/<listen>`, logging at WARN into `log`.
 */
export function keaConfig({ leases, listen, relays, subnet, pool, log }) {
  return JSON.stringify({
    Dhcp4: {
      'interfaces-config': { interfaces: [`lo/${listen}`], 'dhcp-socket-type': 'udp' },
      'lease-database': { type: 'memfile', persist: true, name: leases, 'lfc-interval': 0 },
      'valid-lifetime': 3600,
      'subnet4': [{
        id: 1, subnet, pools: [{ pool }],
        relay: { 'ip-addresses': relays },
        'option-data': [{ name: 'routers', data: '10.0.0.1' }, { name: 'domain-name-servers', data: '10.0.0.53' }],
      }],
      loggers: [{ name: 'kea-dhcp4', output_options: [{ output: log }], severity: 'WARN' }],
    },
  }, null, 2);
}

const hex = (x) => x.toString(16).padStart(2, '0');
/** The k-th lease of the generated set: address 10.0.0.1 + k, MAC 02:00:<k as four bytes>. */
const leaseIp = (k) => { const ip = 0x0a000001 + k; return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`; };
const leaseMac = (k) => `02:00:${hex((k >>> 24) & 255)}:${hex((k >>> 16) & 255)}:${hex((k >>> 8) & 255)}:${hex(k & 255)}`;

/** Writes `n` rows made by `row(k)` after `head`, 10,000 at a time. */
async function writeRows(path, head, n, row) {
  const out = createWriteStream(path);
  out.write(head);
  for (let i = 0; i < n; i += 10_000) {
    let chunk = '';
    for (let k = i; k < Math.min(n, i + 10_000); k++) chunk += row(k);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** `n` active leases in dhcpd.leases format (as lease-journal.ts writes them), started a minute ago, ending in a day. */
export async function writeLeasesJournal(path, n, now = Date.now()) {
  const pad = (x, w = 2) => String(x).padStart(w, '0');
  const fmt = (ms) => { const d = new Date(Math.floor(ms / 1000) * 1000); return `${d.getUTCDay()} ${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`; };
  const starts = fmt(now - 60_000);
  const ends = fmt(now + 86_400_000);
  const head = '# The format of this file is documented in the dhcpd.leases(5) manual page.\n# This lease file was written by labnet bench\n\nauthoring-byte-order little-endian;\n\n';
  await writeRows(path, head, n, (k) => `lease ${leaseIp(k)} {\n  starts ${starts};\n  ends ${ends};\n  cltt ${starts};\n  binding state active;\n  next binding state free;\n  hardware ethernet ${leaseMac(k)};\n}\n`);
}

/** The same leases as writeLeasesJournal, in Kea's memfile CSV under `header` (the one Kea itself wrote). */
export async function writeKeaCsv(path, n, header, now = Date.now()) {
  const expire = String(Math.floor(now / 1000) + 86_400);
  const cols = header.split(',');
  await writeRows(path, header + '\n', n, (k) => {
    const row = {
      address: leaseIp(k), hwaddr: leaseMac(k), client_id: '', valid_lifetime: '86460', expire, subnet_id: '1',
      fqdn_fwd: '0', fqdn_rev: '0', hostname: '', state: '0', user_context: '', pool_id: '0',
    };
    return cols.map((c) => row[c] ?? '').join(',') + '\n';
  });
}

/** The header of Kea 2.2's lease4 CSV, when no Kea is at hand to write one. */
export const KEA_CSV_HEADER = 'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context';
