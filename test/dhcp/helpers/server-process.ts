/**
 * A labnet DHCP server in its own process (test/dhcp/crash-server.ts under vite-node), for
 * tests and benchmarks that kill it or measure its CPU: resolves once it prints READY.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const VITE_NODE = join(ROOT, 'node_modules/.bin/vite-node');
const CHILD = join(ROOT, 'test/dhcp/crash-server.ts');

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** Resolves when the process has exited (however). */
  exited: Promise<void>;
  /** SIGTERM (a clean close) and wait, unless it has exited already. */
  stop(): Promise<void>;
}

/** `args`: crash-server.ts's (--conf FILE --host H --port P --leases FILE|URL ...). */
export async function spawnServerProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(VITE_NODE, [CHILD, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const port = await new Promise<number>((res, rej) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY \S+ (\d+)/.exec(out);
      if (m) res(Number(m[1]));
    });
    child.once('exit', (code, sig) => rej(new Error(`server exited (${code ?? sig}): ${err}`)));
  });
  return {
    child,
    port,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
