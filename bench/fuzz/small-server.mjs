// The lab's DNS and DHCP servers with small bounds, for the short flood tests:
//   node small-server.mjs PACKAGE_ROOT LEASES_FILE CACHE_ENTRIES CLOCK_RATE
// PACKAGE_ROOT holds the compiled modules in dist/ and the lab in fixtures/lab (as built by
// test/cli/built-cli.ts). The answer cache holds CACHE_ENTRIES entries (labnet serve: 100,000),
// so it fills within a short flood; the DHCP server's clock runs CLOCK_RATE times faster than
// real time (monotonic), so its 60 s offer hold passes in 60/CLOCK_RATE s and the addresses
// of unrequested offers are offered again to new clients within the run. Prints its
// endpoints as `labnet serve` does, then serves until killed. Run with --expose-gc and an IPC
// channel, it answers each message with its V8 heap in use right after a full collection.
import { join } from 'node:path';

const [root, leases, entries, rate] = process.argv.slice(2);
const dist = (p) => import(join(root, 'dist', p));
const { loadNamedConf } = await dist('zones/named-conf.js');
const { startDnsServer } = await dist('dns/server.js');
const { loadDhcpdConf } = await dist('dhcp/conf/parser.js');
const { startDhcpServer } = await dist('dhcp/server.js');
const { monotonicClock } = await dist('util/clock.js');

const lab = join(root, 'fixtures', 'lab');
const dns = await startDnsServer({ zones: loadNamedConf(join(lab, 'named.conf')).zoneSet, host: '127.0.0.1', port: 0, cacheSize: Number(entries) });
const t0 = performance.now();
const clock = monotonicClock({ wall: Date.now, mono: () => (performance.now() - t0) * Number(rate) });
const dhcp = await startDhcpServer({ config: loadDhcpdConf(join(lab, 'dhcpd.conf')), host: '127.0.0.1', port: 0, leasesFile: leases, clock });
process.stdout.write(`DNS      127.0.0.1:${dns.address.port}\nDHCP     127.0.0.1:${dhcp.address.port}\nCtrl-C stops.\n`);
process.on('message', () => {
  globalThis.gc?.();
  process.send?.(process.memoryUsage().heapUsed);
});
process.channel?.unref();
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => void Promise.all([dns.close(), dhcp.close()]).then(() => process.exit(0)));
