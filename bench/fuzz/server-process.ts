/**
 * `labnet serve` in a process of its own, for the fuzz and flood campaigns: a crash is seen
 * as an exit, memory as the process's resident set (VmRSS of /proc/PID/status).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  dnsPort: number;
  dhcpPort: number;
  alive(): boolean;
  /** How it exited, once it has (code or signal). */
  exitStatus(): string | undefined;
  stderr(): string;
  stop(): Promise<void>;
  /** The server's V8 heap in use right after a full collection, bytes (only with `ipc`: small-server.mjs). */
  heapAfterGc?: () => Promise<number>;
}

/** VmRSS in KiB. */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

/** `node BIN serve ARGS --dns 127.0.0.1:0 --dhcp 127.0.0.1:0` in `cwd`; resolves when it prints its endpoints. */
export function startServe(bin: string, cwd: string, args: string[]): Promise<ServeProcess> {
  return startServerProcess([bin, 'serve', ...args, '--dns', '127.0.0.1:0', '--dhcp', '127.0.0.1:0', '--log-level', 'warn'], cwd);
}

/** `node ARGV` in `cwd`, a program printing its endpoints as labnet serve does (`DNS  127.0.0.1:PORT`, `DHCP ...`, then `Ctrl-C`). */
export async function startServerProcess(argv: string[], cwd: string, opts: { ipc?: boolean } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, argv, { cwd, stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let status: string | undefined;
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (err = (err + d).slice(-20000)));
  const exited = once(child, 'exit').then(([code, signal]) => (status = signal ? `signal ${signal}` : `exit ${code}`));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: string) => {
      out += d;
      if (out.includes('Ctrl-C')) resolve();
    });
    void exited.then(() => reject(new Error(`${argv.join(' ')} exited (${status}): ${out}\n${err}`)));
  });
  const port = (re: RegExp) => Number(re.exec(out)![1]);
  return {
    child,
    pid: child.pid!,
    dnsPort: port(/^DNS\s+127\.0\.0\.1:(\d+)/m),
    dhcpPort: port(/^DHCP\s+127\.0\.0\.1:(\d+)/m),
    ...(opts.ipc
      ? {
          heapAfterGc: () =>
            new Promise<number>((resolve) => {
              child.once('message', (m) => resolve(Number(m)));
              child.send('heap');
            }),
        }
      : {}),
    alive: () => status === undefined,
    exitStatus: () => status,
    stderr: () => err,
    async stop() {
      if (status !== undefined) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

/**
 * Least-squares slope of `ys` against `xs`.
 * Used on RSS samples against packets sent: KiB per packet.
 */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
