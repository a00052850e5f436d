/**
 * Starts a real BIND 9 (`named -g -c FILE -u root -n 1`) on 127.0.0.1 and a free port, with
 * a temp directory as its working directory; stops it on close(). Readiness is awaited by
 * polling an SOA query over UDP and TCP until named answers, never by sleeping a fixed time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { buildQuery, parseMessage } from './wire.js';
import { INTEROP_COOKIE_SECRET } from './cookies.js';
import { freePort, LOOPBACK, tcpExchange, udpExchange, type Endpoint } from './net.js';

export interface ZoneSpec {
  /** Zone name without or with a trailing dot. */
  origin: string;
  /** Absolute path of the master file. */
  file: string;
}

export interface BindInstance {
  address: Endpoint;
  pid: number;
  dir: string;
  /** named's stderr so far (it runs with -g, logging there). */
  log(): string;
  close(): Promise<void>;
}

export interface BindOptions {
  zones: ZoneSpec[];
  /** Extra statements for the options block. */
  extraOptions?: string;
  /** Extra top-level statements (`key`, `acl`...), written before the zones. */
  topLevel?: string;
  /** The port to listen on (default a free one). */
  port?: number;
  /** Readiness deadline; named loads a million records in ~8 s. */
  readyTimeoutMs?: number;
}

/**
 * Reads the zone statements (`zone "NAME" { ... file "F"; }`) of a named.conf, resolving
 * files against its folder (the fixtures have no `directory` other than "."). A test-side
 * regex reader on purpose, so BIND's side of a comparison does not depend on labnet's parser.
 */
export function zonesOfNamedConf(path: string): ZoneSpec[] {
  const text = readFileSync(path, 'utf8').replace(/\/\/[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\//g, '');
  const out: ZoneSpec[] = [];
  const re = /zone\s+"([^"]+)"\s*(?:IN\s*)?\{([^}]*)\}/g;
  for (let m; (m = re.exec(text)); ) {
    const file = /file\s+"([^"]+)"/.exec(m[2]);
    if (file) out.push({ origin: m[1], file: resolve(dirname(path), file[1]) });
  }
  return out;
}

/**
 * The options block labnet's comparisons run BIND with: its files in `dir`, 127.0.0.1:`port`,
 * defaults, `recursion no`, and the cookie secret labnet is given too (helpers/cookies.ts);
 * `extra` statements added.
 */
export function bindOptions(dir: string, port: number, extra = ''): string {
  return `options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  managed-keys-directory "${dir}";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
  cookie-secret "${INTEROP_COOKIE_SECRET}";
  ${extra}
};
`;
}

/** The named.conf of startBind: bindOptions, then `topLevel`, then the zones. */
export function bindConfig(dir: string, port: number, zones: { origin: string; file: string }[], extra = '', topLevel = ''): string {
  const zoneText = zones
    .map((z) => `zone "${z.origin.replace(/\.$/, '')}" { type primary; file "${z.file}"; };`)
    .join('\n');
  return `${bindOptions(dir, port, extra)}${topLevel}
${zoneText}
`;
}

export async function startBind(opts: BindOptions): Promise<BindInstance> {
  const dir = mkdtempSync(join(tmpdir(), 'labnet-bind-'));
  // Copy each zone's folder (its $INCLUDE files too) flat into the working directory, so
  // relative $INCLUDE paths resolve as they do for named-checkzone run in that folder.
  const copied = new Map<string, string>();
  const zones = opts.zones.map((z) => {
    const src = dirname(z.file);
    for (const f of readdirSync(src)) {
      const p = join(src, f);
      if (f === 'named.conf' || !statSync(p).isFile()) continue;
      const prev = copied.get(f);
      if (prev && prev !== p && readFileSync(prev).compare(readFileSync(p)) !== 0) {
        throw new Error(`zone files ${prev} and ${p} share a name`);
      }
      if (!prev) {
        copyFileSync(p, join(dir, f));
        copied.set(f, p);
      }
    }
    return { origin: z.origin, file: join(dir, basename(z.file)) };
  });
  const port = opts.port ?? (await freePort());
  const conf = join(dir, 'named.conf');
  writeFileSync(conf, bindConfig(dir, port, zones, opts.extraOptions, opts.topLevel));
  return runNamed(dir, conf, port, zones[0]?.origin ?? '.', opts.readyTimeoutMs ?? 30000);
}

/**
 * Starts named on a named.conf of the caller's: `files` (name -> text) are written into a
 * new temporary directory, then `conf(dir, port)` as named.conf. Ready when `readyOrigin`
 * SOA is answered from 127.0.0.1 (a view must take that client).
 */
export async function startBindConf(
  files: Record<string, string>,
  conf: (dir: string, port: number) => string,
  readyOrigin: string,
  readyTimeoutMs = 30000,
  /** The port (default a free one): when the caller must name it before named starts. */
  port?: number,
): Promise<BindInstance> {
  const dir = mkdtempSync(join(tmpdir(), 'labnet-bind-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  port ??= await freePort();
  const path = join(dir, 'named.conf');
  writeFileSync(path, conf(dir, port));
  return runNamed(dir, path, port, readyOrigin, readyTimeoutMs);
}

/** named -g on `conf` in `dir` (removed on close), listening on 127.0.0.1:`port`. */
async function runNamed(dir: string, conf: string, port: number, readyOrigin: string, readyTimeoutMs: number): Promise<BindInstance> {
  const child: ChildProcess = spawn('named', ['-g', '-c', conf, '-u', 'root', '-n', '1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d.toString()));
  let exited = false;
  const exitedP = new Promise<void>((res) => child.once('exit', () => ((exited = true), res())));
  const address = { host: LOOPBACK, port };
  const close = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitedP;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(address, readyOrigin, readyTimeoutMs, () => exited, () => stderr);
  } catch (e) {
    await close();
    throw e;
  }
  return { address, pid: child.pid!, dir, log: () => stderr, close };
}

/** Polls `origin SOA` over UDP then TCP until both answer NOERROR (named is loaded and listening). */
export async function waitReady(
  to: Endpoint,
  origin: string,
  timeoutMs: number,
  dead: () => boolean = () => false,
  log: () => string = () => '',
): Promise<number> {
  const start = Date.now();
  const q = buildQuery({ name: origin, type: 6 });
  let last = '';
  while (Date.now() - start < timeoutMs) {
    if (dead()) throw new Error(`server exited before it was ready:\n${log()}`);
    try {
      const r = parseMessage(await udpExchange(to, q, 200));
      if (r.rcode === 0 && r.answer.length > 0) {
        await tcpExchange(to, q, 1000);
        return Date.now() - start;
      }
      last = `rcode ${r.rcode}`;
    } catch (e) {
      last = (e as Error).message;
      // No listener yet: ICMP port unreachable makes UDP fail at once; pace the polling.
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new Error(`server not ready in ${timeoutMs} ms (${last}):\n${log()}`);
}

export function haveBinary(name: string): boolean {
  return ['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((d) => existsSync(join(d, name)));
}
