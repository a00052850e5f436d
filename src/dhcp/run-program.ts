/**
 * The `execute` statement of dhcpd.conf (dhcp-eval(5) "execute (command-path [, data-expr1,
 * ... data-exprN]);"), run only when the user allows it (`labnet serve --allow-execute`):
 * the program is started without a shell, its arguments the expressions' values, and waited
 * for as dhcpd waits for it (common/execute.c: fork, execvp, waitpid), with a time limit so
 * a hung program cannot hold the server forever. Its exit status is logged as dhcpd logs it.
 */
import { spawnSync } from 'node:child_process';
import type { Logger } from '../util/logger.js';

/** Runs `command` with `args`; what happened is logged. */
export type ProgramRunner = (command: string, args: readonly string[]) => void;

export function programRunner(logger: Logger, timeoutMs = 5000): ProgramRunner {
  return (command, args) => {
    const r = spawnSync(command, [...args], { stdio: 'ignore', timeout: timeoutMs, shell: false });
    if (r.error) logger.error({ command, err: r.error.message }, `execute: ${command}: ${r.error.message}`);
    else if (r.signal) logger.error({ command, signal: r.signal }, `execute: ${command} killed by ${r.signal}`);
    else if (r.status !== 0) logger.error({ command, status: r.status }, `execute: ${command} exit status ${r.status}`);
    else logger.debug({ command }, `execute: ${command} exit status 0`);
  };
}
