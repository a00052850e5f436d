/**
 * A live named and labnet (startServices, what `labnet serve --named-conf` runs) on the same
 * named.conf and copies of the same files, each in a folder of its own, both on 127.0.0.1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBindConf, type BindInstance } from './bind.js';
import { freePort, type Endpoint } from './net.js';
import { startServices, type Services } from '../../../src/lab/services.js';

export interface BothServers {
  bind: BindInstance;
  labnet: Services;
  /** labnet's folder (its named.conf, zone files and journals). */
  labDir: string;
  lab: Endpoint;
  close(): Promise<void>;
}

/** `conf(dir, port)`: the named.conf for a server in `dir` listening on `port`. */
export async function startBothServers(files: Record<string, string>, conf: (dir: string, port: number) => string, readyOrigin: string): Promise<BothServers> {
  const bind = await startBindConf(files, conf, readyOrigin);
  const labDir = mkdtempSync(join(tmpdir(), 'labnet-both-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(labDir, n), t);
  const port = await freePort();
  writeFileSync(join(labDir, 'named.conf'), conf(labDir, port));
  const labnet = await startServices({ namedConf: join(labDir, 'named.conf'), dns: { address: '127.0.0.1', port } });
  return {
    bind,
    labnet,
    labDir,
    lab: { host: '127.0.0.1', port: labnet.dns!.address.port },
    async close() {
      await labnet.close();
      await bind.close();
      rmSync(labDir, { recursive: true, force: true });
    },
  };
}
