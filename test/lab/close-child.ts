/**
 * Child process for close.test.ts: starts labs on port 0, uses every kind of handle they
 * own (UDP and TCP sockets, an open TCP connection, the lease journal, lease timers, a
 * delayed answer on real timers), closes them (unless `leak` is given) and returns: the
 * process must then exit by itself.
 */
import net from 'node:net';
import { startLab } from '../../src/lab/lab.js';
import { systemClock, virtualClock } from '../../src/util/clock.js';
import { buildQuery } from '../../src/dns/server.js';

const leak = process.argv.includes('leak');
const virtual = await startLab({ clock: virtualClock() });
const real = await startLab({ clock: systemClock });
await virtual.dns.query('vcenter.lab.local', 'A');
await virtual.dns.query('vcenter.lab.local', 'A', { tcp: true });
const client = virtual.client('02:00:00:00:aa:01', { follow: true });
await client.boot();
// A TCP connection the server must close, and an answer held for a minute on real timers.
const idle = net.connect(real.dns.address.port, '127.0.0.1');
await new Promise((r) => idle.once('connect', r));
idle.on('error', () => {});
real.dns.fault({ delay: '60s' });
void real.dns.inject(buildQuery(1, 'vcenter.lab.local', 1));
real.dns.query('vcenter.lab.local', 'A', { timeoutMs: 500 }).catch(() => {});
await new Promise((r) => setTimeout(r, 600));
if (!leak) {
  await virtual.close();
  await real.close();
}
process.stdout.write(`CLOSED ${JSON.stringify(process.getActiveResourcesInfo())}\n`);
