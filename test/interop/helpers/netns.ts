/**
 * Network namespaces for real DHCP clients (GUIDE.md section 6): a server namespace and a
 * client namespace joined by a veth pair (s0 <-> c0), both created with a random suffix and
 * deleted by destroy(), which callers run in afterAll even when a test failed. Every packet the
 * real clients broadcast stays on that veth, inside the two namespaces.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface NetnsPair {
  srv: string;
  cli: string;
  /** Interface names inside each namespace. */
  srvIf: string;
  cliIf: string;
  /** Runs a command inside a namespace; resolves with its output, rejects on a non-zero exit. */
  exec(ns: string, cmd: string, args: string[], opts?: { timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<{ stdout: string; stderr: string }>;
  /** Spawns a long-running process inside a namespace. */
  spawn(ns: string, cmd: string, args: string[], opts?: { env?: NodeJS.ProcessEnv; cwd?: string; stdin?: boolean }): ChildProcess;
  destroy(): Promise<void>;
}

export async function ip(args: string[]): Promise<string> {
  const { stdout } = await run('ip', args, { timeout: 10000 });
  return stdout;
}

/** True when this process may create network namespaces (root with CAP_SYS_ADMIN). */
export async function canCreateNetns(): Promise<boolean> {
  const probe = `lnprobe-${randomBytes(3).toString('hex')}`;
  try {
    await ip(['netns', 'add', probe]);
    await ip(['netns', 'del', probe]);
    return true;
  } catch {
    return false;
  }
}

export async function createNetnsPair(opts: { serverCidr: string; prefix?: string }): Promise<NetnsPair> {
  const suffix = randomBytes(3).toString('hex');
  const srv = `lnsrv-${suffix}`;
  const cli = `lncli-${suffix}`;
  const srvIf = 's0';
  const cliIf = 'c0';
  const children = new Set<ChildProcess>();
  const pair: NetnsPair = {
    srv,
    cli,
    srvIf,
    cliIf,
    async exec(ns, cmd, args, o = {}) {
            const { stdout, stderr } = await run('ip', ['netns', 'exec', ns, cmd, ...args], {
        timeout: o.timeoutMs ?? 60000,
        env: o.env ?? process.env,
      });
      return { stdout, stderr };
    },
    spawn(ns, cmd, args, o = {}) {
      const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], {
        env: o.env ?? process.env,
        cwd: o.cwd,
        stdio: [o.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    },
    async destroy() {
      for (const c of children) {
        try {
          c.kill('SIGKILL');
        } catch {
          /* already gone */
        }
      }
      // Deleting a namespace kills nothing by itself; processes still inside keep it alive
      // until they exit, so kill any pid left in them (only ours live there).
      for (const ns of [srv, cli]) {
        try {
          const pids = (await ip(['netns', 'pids', ns])).split(/\s+/).filter(Boolean);
          for (const pid of pids) {
            try {
              process.kill(Number(pid), 'SIGKILL');
            } catch {
              /* gone */
            }
          }
        } catch {
          /* namespace not there */
        }
        await ip(['netns', 'del', ns]).catch(() => {});
      }
    },
  };
  try {
    await ip(['netns', 'add', srv]);
    await ip(['netns', 'add', cli]);
    // Both ends are created directly inside their namespaces: no name ever appears in the root one.
    await ip(['link', 'add', srvIf, 'netns', srv, 'type', 'veth', 'peer', 'name', cliIf, 'netns', cli]);
    await ip(['-n', srv, 'addr', 'add', opts.serverCidr, 'dev', srvIf]);
    await ip(['-n', srv, 'link', 'set', 'lo', 'up']);
    await ip(['-n', srv, 'link', 'set', srvIf, 'up']);
    await ip(['-n', cli, 'link', 'set', 'lo', 'up']);
    await ip(['-n', cli, 'link', 'set', cliIf, 'up']);
  } catch (err) {
    await pair.destroy();
    throw err;
  }
  return pair;
}
