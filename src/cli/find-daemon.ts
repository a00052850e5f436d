/**
 * Which running labnet a client command (`labnet status`, `leases`, `reload`) talks to:
 * `--control HOST:PORT` as given, else the `labnet up` of `--state DIR` (default ./.labnet)
 * through its up.json (control-client.ts).
 */
import { resolve } from 'node:path';
import { parseEndpoint, type Endpoint } from '../util/endpoint.js';
import { checkLoopback } from './control-server.js';
import { findRunningUp, type ControlTarget, type UpState } from './control-client.js';
import { readControlToken } from './control-token.js';

export interface ClientFlags {
  json: boolean;
  control?: Endpoint;
  /** `--control-token-file`: the token the endpoint requires. */
  token?: string;
  stateDir: string;
}

/** Reads `--json`, `--control HOST:PORT`, `--control-token-file FILE` and `--state DIR` (also as `--flag=value`); returns the rest. */
export function parseClientFlags(args: string[], extra: string[] = []): { flags: ClientFlags; rest: Map<string, string>; unexpected?: string } {
  const flags: ClientFlags = { json: false, stateDir: resolve('.labnet') };
  const rest = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const valued = name === '--control' || name === '--control-token-file' || name === '--state' || extra.includes(name);
    if (a === '--json') {
      flags.json = true;
      continue;
    }
    if (!valued) return { flags, rest, unexpected: a };
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) return { flags, rest, unexpected: a };
    if (name === '--control') flags.control = parseEndpoint(value, '--control');
    else if (name === '--control-token-file') flags.token = readControlToken(value);
    else if (name === '--state') flags.stateDir = resolve(value);
    else rest.set(name, value);
  }
  if (flags.control) checkLoopback(flags.control, '--control', flags.token);
  return { flags, rest };
}

/** The control endpoint to ask, or why there is none (with the stale up.json when there is one). */
export function daemonEndpoint(flags: ClientFlags): { control: ControlTarget; up?: UpState } | { none: string; stale?: UpState } {
  if (flags.control) return { control: { ...flags.control, ...(flags.token === undefined ? {} : { token: flags.token }) } };
  const found = findRunningUp(flags.stateDir);
  if (!('up' in found)) return found;
  // up.json names the token file, never the token.
  const token = flags.token ?? (found.up.controlTokenFile === undefined ? undefined : readControlToken(found.up.controlTokenFile));
  return { control: { ...found.up.control, ...(token === undefined ? {} : { token }) }, up: found.up };
}

/**
 * A client command's frame: its flags read, the daemon found, `run` given its control
 * endpoint; a usage error, no daemon or a failed request is one line on stderr and exit 1.
 */
export async function withDaemon(
  command: string,
  usage: string,
  args: string[],
  run: (control: ControlTarget, flags: ClientFlags) => Promise<{ code: number; stdout: string; stderr: string }>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { flags, unexpected } = parseClientFlags(args);
    if (unexpected) return { code: 1, stdout: '', stderr: `labnet ${command}: unexpected argument '${unexpected}'\n${usage}` };
    const target = daemonEndpoint(flags);
    if (!('control' in target)) return { code: 1, stdout: '', stderr: `labnet ${command}: ${target.none}\n` };
    return await run(target.control, flags);
  } catch (e) {
    return { code: 1, stdout: '', stderr: `labnet ${command}: ${(e as Error).message}\n` };
  }
}
