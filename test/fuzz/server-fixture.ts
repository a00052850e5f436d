/** One server process for a test file: the CLI built from the sources, a temporary folder, the process stopped and both removed afterwards. */
import { afterAll, beforeAll } from 'vitest';
import { buildCli, type BuiltCli } from '../cli/built-cli.js';
import { tmpTree } from '../util/tmp-tree.js';
import type { ServeProcess } from '../../bench/fuzz/server-process.js';

export function serverForFile(start: (cli: BuiltCli, dir: string) => Promise<ServeProcess>): () => ServeProcess {
  let srv: ServeProcess | undefined;
  let cli: BuiltCli | undefined;
  const dir = tmpTree('labnet-fuzz-');
  beforeAll(async () => {
    cli = buildCli();
    srv = await start(cli, dir.dir);
  }, 60_000);
  afterAll(async () => {
    await srv?.stop();
    dir.remove();
    cli?.tree.remove();
  });
  return () => srv!;
}
