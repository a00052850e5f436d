/**
 * How the other commands find a running `labnet up`: up writes ./.labnet/up.json (its pid,
 * its endpoints, its control endpoint) once it serves and removes it when it stops; the
 * commands read it, check that the pid still lives, and talk HTTP to the control endpoint
 * (control-server.ts) on loopback.
 */
import http from 'node:http';
import { readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Endpoint } from '../util/endpoint.js';

export const UP_STATE_FILE = 'up.json';

export interface UpState {
  pid: number;
  /** ISO time. */
  startedAt: string;
  dns: Endpoint | null;
  dhcp: Endpoint | null;
  control: Endpoint;
  /** The token file of the control endpoint, when it has a token. */
  controlTokenFile?: string;
  leasesFile: string | null;
  /** The folder the lab's files are served from. */
  labDir: string;
}

export function writeUpState(stateDir: string, s: UpState): void {
  const file = join(stateDir, UP_STATE_FILE);
  // Written whole then renamed, so a reader never sees half a file.
  writeFileSync(file + '.tmp', JSON.stringify(s, null, 2) + '\n');
  renameSync(file + '.tmp', file);
}

export function removeUpState(stateDir: string, pid = process.pid): void {
  const s = readUpState(stateDir);
  if (s?.pid === pid) rmSync(join(stateDir, UP_STATE_FILE), { force: true });
}

export function readUpState(stateDir: string): UpState | undefined {
  try {
    return JSON.parse(readFileSync(join(stateDir, UP_STATE_FILE), 'utf8')) as UpState;
  } catch {
    return undefined;
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running `labnet up` of `stateDir`: its state, or why there is none. */
export function findRunningUp(stateDir: string): { up: UpState } | { none: string; stale?: UpState } {
  const s = readUpState(stateDir);
  if (!s) return { none: `no labnet up running here (no ${join(stateDir, UP_STATE_FILE)})` };
  if (!pidAlive(s.pid)) return { none: `labnet up (pid ${s.pid}, ${join(stateDir, UP_STATE_FILE)}) is not running`, stale: s };
  return { up: s };
}

/** A control endpoint and, when it requires one, its token. */
export interface ControlTarget extends Endpoint {
  token?: string;
}

export interface ControlReply {
  status: number;
  body: string;
}

/** One request to a control endpoint. */
export function controlRequest(at: ControlTarget, method: 'GET' | 'POST', path: string, timeoutMs = 10_000): Promise<ControlReply> {
  return new Promise((resolve, reject) => {
    const headers = at.token === undefined ? {} : { authorization: `Bearer ${at.token}` };
    const req = http.request({ host: at.address, port: at.port, method, path, timeout: timeoutMs, agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from the control endpoint ${at.address}:${at.port} in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** GET or POST `path` and parse the JSON answer; throws with the endpoint's error message. */
export async function controlJson<T>(at: ControlTarget, method: 'GET' | 'POST', path: string): Promise<T> {
  const r = await controlRequest(at, method, path);
  const body = JSON.parse(r.body) as T & { error?: string };
  if (r.status !== 200) throw new Error(`control endpoint ${path}: ${body.error ?? `HTTP ${r.status}`}`);
  return body;
}
