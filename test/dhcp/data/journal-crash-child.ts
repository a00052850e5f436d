/**
 * Child process for test/dhcp/journal-crash.test.ts (run with vite-node; not a test itself).
 * Records leases through the journal without end, in bursts of concurrent records, and prints
 * `ack IP SEQ` on stdout each time a record() has resolved (is durable). The parent kills it
 * with SIGKILL at a random moment. Args: PATH SEED.
 */
import { openLeaseJournal } from '../../../src/dhcp/lease-journal.js';
import { seededRandom } from '../../../src/util/clock.js';
import { ipToString } from '../../../src/dhcp/ip.js';

const [path, seedText] = process.argv.slice(2);
const rand = seededRandom(Number(seedText));
const journal = await openLeaseJournal(path, { compactEvery: 150 });
// Continue the sequence from what is on disk so every record is newer than the last run's.
let seq = journal.leases().reduce((m, l) => Math.max(m, l.ends / 1000), 0);
process.stdout.write(`ready ${journal.leases().length}\n`);
for (;;) {
  const burst = 1 + Math.floor(rand() * 20);
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < burst; i++) {
    const ip = (0xc0a8f400 + 150 + Math.floor(rand() * 100)) >>> 0;
    const s = ++seq;
    const lease = { ip, state: 'active' as const, starts: (s - 1) * 1000, ends: s * 1000, hardwareEthernet: '00:0c:29:00:00:01', clientHostname: `h${s}` };
    pending.push(journal.record(lease).then(() => void process.stdout.write(`ack ${ipToString(ip)} ${s}\n`)));
  }
  if (rand() < 0.5) await Promise.all(pending);
  else await new Promise((r) => setImmediate(r));
}
