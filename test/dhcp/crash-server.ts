/**
 * A labnet DHCP server in its own process, for tests that kill it (SIGKILL) or run it inside a
 * network namespace: `node_modules/.bin/vite-node test/dhcp/crash-server.ts -- --conf FILE
 * [--host H] [--port P] [--leases FILE] [--interface IF] [--relay-port N] [--server-id IP]`.
 * Prints `READY <address> <port>` on stdout once listening; logs (pino JSON) go to stderr at
 * LABNET_LOG_LEVEL. SIGTERM/SIGINT close it cleanly.
 */
import { readFileSync } from 'node:fs';
import { parseDhcpdConf } from '../../src/dhcp/conf/index.js';
import { startDhcpServer } from '../../src/dhcp/server.js';
import { createLogger } from '../../src/util/logger.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const confFile = arg('conf');
if (!confFile) {
  process.stderr.write('crash-server: --conf FILE is required\n');
  process.exit(2);
}
const config = parseDhcpdConf(readFileSync(confFile, 'utf8'), confFile);
const server = await startDhcpServer({
  config,
  host: arg('host') ?? '127.0.0.1',
  port: Number(arg('port') ?? 0),
  leasesFile: arg('leases'),
  interface: arg('interface'),
  serverId: arg('server-id'),
  relayPort: arg('relay-port') ? Number(arg('relay-port')) : undefined,
  logger: createLogger({ level: process.env.LABNET_LOG_LEVEL ?? 'warn' }),
});
process.stdout.write(`READY ${server.address.address} ${server.address.port}\n`);
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
