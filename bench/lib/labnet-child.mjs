// Fallback server process for the benchmark while `labnet serve` is not in dist/ yet:
// node labnet-child.mjs PORT ORIGIN=FILE... — loads the zones with the compiled modules and
// serves them on 127.0.0.1:PORT until killed.
import { dirname } from 'node:path';
import { loadZoneFile } from '../../dist/zones/load.js';
import { createZoneSet } from '../../dist/zones/zoneset.js';
import { startDnsServer } from '../../dist/dns/server.js';

const [port, ...specs] = process.argv.slice(2);
const zones = specs.map((s) => {
  const i = s.indexOf('=');
  const file = s.slice(i + 1);
  return loadZoneFile(s.slice(0, i), file, { includeBase: dirname(file) });
});
const srv = await startDnsServer({ zones: createZoneSet(zones), host: '127.0.0.1', port: Number(port) });
process.stdout.write(`labnet-child: serving on ${srv.address.address}:${srv.address.port}\n`);
