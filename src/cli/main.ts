/**
 * The `labnet` command line (../shared/GUIDE.md section 2). Each subcommand lives in its
 * own module; this file only dispatches and turns errors into one line and exit 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandResult } from './command-result.js';
import { UsageError } from '../util/endpoint.js';
import { isLocatedError } from '../util/located-error.js';

export const USAGE = `usage:
  labnet up [--dns HOST:PORT] [--dhcp HOST:PORT] [--state DIR] [--no-ddns] [--control HOST:PORT] [--control-token-file FILE]
            [--log-level LEVEL] [--querylog]
  labnet serve [--named-conf FILE] [--zone ORIGIN=FILE]... [--dns HOST:PORT]
               [--dhcpd-conf FILE] [--dhcp HOST:PORT] [--interface NAME]
               [--leases FILE|postgresql://USER:PASSWORD@HOST:PORT/DB] [--ha KEA-HA.json] [--allow-execute]
               [--control HOST:PORT [--control-token-file FILE]] [--log-level LEVEL] [--querylog]
  labnet status [--state DIR | --control HOST:PORT [--control-token-file FILE]] [--json]
  labnet leases [--leases FILE] [--state DIR | --control HOST:PORT] [--json]
  labnet reload [--state DIR | --control HOST:PORT] [--json]
  labnet boot MAC [--hostname NAME] [--dhcp HOST:PORT] [--dns HOST:PORT] [--release] [--state DIR] [--json]
  labnet check-zone [-j | -J JOURNAL] ZONE FILE [--dump]
  labnet check-conf [--named|--dhcpd] [-z] [-p] FILE
  labnet bench dns|dhcp|all [--quick]
`;

const PACKAGE_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

function emit(r: CommandResult): number {
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
  return r.code;
}

/** `labnet bench dns|dhcp|all [--quick]`: the same harness as `npm run bench` (bench/run.mjs). */
function runBench(rest: string[]): number {
  const which = rest.find((a) => !a.startsWith('-'));
  if (which !== 'dns' && which !== 'dhcp' && which !== 'all') {
    process.stderr.write('usage: labnet bench dns|dhcp|all [--quick]\n');
    return 1;
  }
  const script = resolve(PACKAGE_ROOT, 'bench', 'run.mjs');
  if (!existsSync(script)) {
    process.stderr.write(`labnet bench: ${script} not found (the benchmarks ship with the repository, not the package)\n`);
    return 1;
  }
  const r = spawnSync(process.execPath, [script, ...rest], { stdio: 'inherit', cwd: PACKAGE_ROOT });
  return r.status ?? 1;
}

async function dispatch(cmd: string, rest: string[]): Promise<number> {
  switch (cmd) {
    case 'up': {
      const { parseUpArgs, runUp } = await import('./up.js');
      return runUp(parseUpArgs(rest));
    }
    case 'serve': {
      const { parseServeArgs, runServe } = await import('./serve.js');
      return runServe(parseServeArgs(rest));
    }
    case 'status': {
      const { statusCommand } = await import('./status.js');
      return emit(await statusCommand(rest));
    }
    case 'reload': {
      const { reloadCommand } = await import('./reload.js');
      return emit(await reloadCommand(rest));
    }
    case 'check-zone': {
      const { checkZoneCommand } = await import('./check-zone.js');
      return emit(await checkZoneCommand(rest));
    }
    case 'check-conf': {
      const { checkConfCommand } = await import('./check-conf.js');
      return emit(await checkConfCommand(rest));
    }
    case 'leases': {
      const { leasesCommand } = await import('./leases.js');
      return emit(await leasesCommand(rest));
    }
    case 'boot': {
      const { bootCommand } = await import('./boot.js');
      return emit(await bootCommand(rest));
    }
    case 'bench':
      return runBench(rest);
    default:
      process.stderr.write(`labnet: unknown command '${cmd}'\n${USAGE}`);
      return 1;
  }
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(USAGE);
    return cmd ? 0 : 1;
  }
  try {
    return await dispatch(cmd, rest);
  } catch (e) {
    // Never a stack trace: located errors print FILE:LINE:COL: message, the rest one line.
    if (isLocatedError(e)) process.stderr.write(e.format() + '\n');
    else if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`labnet: ${(e as Error).message}\n${USAGE}`);
    } else if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE' || (e as NodeJS.ErrnoException).code === 'EACCES') {
      process.stderr.write(`labnet: ${(e as Error).message}\n`);
    } else process.stderr.write(`labnet: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
