/**
 * A throwaway PostgreSQL cluster for the interop tests (Debian's `postgresql` package, installed
 * by scripts/install-peers.sh): initdb into a fresh temporary folder, then postgres listening on
 * 127.0.0.1 at a free high port and on a Unix socket in that folder; nothing of the system's
 * own clusters or configuration is touched. PostgreSQL refuses to run as root: when the tests
 * run as root the cluster runs as the package's `postgres` user (setpriv), else as the caller.
 * Password authentication (scram-sha-256) for every connection, so the URL's password matters.
 * A cluster that cannot be started fails the test: nothing is skipped.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PgCluster {
  dir: string;
  port: number;
  user: string;
  password: string;
  /** The Unix socket folder. */
  socketDir: string;
  /** postgresql://USER:PASSWORD@127.0.0.1:PORT/DB */
  url(db: string): string;
  /** The same database through the Unix socket folder (percent-encoded host). */
  socketUrl(db: string): string;
  createDb(name: string): Promise<void>;
  /** psql -At (unaligned, tuples only) on `db`; resolves with stdout. */
  psql(db: string, sql: string): Promise<string>;
  /** Stops the server (fast shutdown), keeping the data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes the folder. */
  destroy(): Promise<void>;
  /** The server's log so far (for failure messages). */
  log(): string;
  /** The postmaster's process id while it runs (benchmarks add up its process tree's CPU). */
  pid(): number | undefined;
}

/** The newest installed PostgreSQL server's bin folder (/usr/lib/postgresql/N/bin). */
export function pgBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error(`no PostgreSQL server under ${base}: install Debian's postgresql package (bash scripts/install-peers.sh)`);
  return join(base, versions[0], 'bin');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function pgUid(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
    throw new Error("running as root, and there is no 'postgres' user to run PostgreSQL as (Debian's postgresql package creates it)");
  });
  const gid = (await run('id', ['-g', 'postgres'])).stdout;
  return { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
}

export async function startPostgres(prefix = 'labnet-pg-'): Promise<PgCluster> {
  const bin = pgBinDir();
  const owner = await pgUid();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const user = 'labnet';
  const password = 'lab-pw-' + Math.random().toString(36).slice(2, 10);
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (owner) chownSync(pwfile, owner.uid, owner.gid);
  // setpriv execs the command itself (no intermediate process): signals reach postgres directly.
  const asOwner = (cmd: string, args: string[]): [string, string[]] => (owner ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', cmd, ...args]] : [cmd, args]);
  const data = join(dir, 'data');
  const [c, a] = asOwner(join(bin, 'initdb'), ['-D', data, '-U', user, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  await run(c, a, { cwd: dir, timeout: 60_000 }).catch((e: { stderr?: string; message: string }) => {
    throw new Error(`initdb failed: ${e.stderr ?? e.message}`);
  });
  const port = await freePort();
  const logFile = join(dir, 'postgres.log');
  let child: ChildProcess | undefined;
  const env = { ...process.env, PGPASSWORD: password };

  const cluster: PgCluster = {
    dir,
    port,
    user,
    password,
    socketDir: dir,
    url: (db) => `postgresql://${user}:${password}@127.0.0.1:${port}/${db}`,
    socketUrl: (db) => `postgresql://${user}:${password}@${encodeURIComponent(dir)}:${port}/${db}`,
    async createDb(name) {
      await cluster.psql('postgres', `CREATE DATABASE "${name}"`);
    },
    async psql(db, sql) {
      const r = await run('psql', ['-X', '-v', 'ON_ERROR_STOP=1', '-At', '-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', db, '-c', sql], { env, timeout: 60_000 });
      return r.stdout;
    },
    async start() {
      const [cmd, args] = asOwner(join(bin, 'postgres'), [
        '-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`,
        '-c', 'max_connections=200', '-c', 'logging_collector=off',
      ]);
      let log = '';
      const p = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      child = p;
      p.stderr!.on('data', (d: Buffer) => {
        log += d.toString();
        writeFileSync(logFile, log);
      });
      const until = Date.now() + 30_000;
      for (;;) {
        if (p.exitCode !== null) throw new Error(`postgres exited (${p.exitCode}): ${log}`);
        const ok = await run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).then(() => true, () => false);
        if (ok) return;
        if (Date.now() > until) throw new Error(`postgres did not become ready in 30 s: ${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      const p = child;
      if (!p || p.exitCode !== null || p.signalCode !== null) return;
      const exited = new Promise<void>((r) => p.once('exit', () => r()));
      p.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
      const t = setTimeout(() => p.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
    async destroy() {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    pid: () => (child && child.exitCode === null ? child.pid : undefined),
  };
  try {
    await cluster.start();
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return cluster;
}
