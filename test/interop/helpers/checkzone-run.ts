/**
 * named-checkzone (BIND 9.18) and labnet's check-zone run side by side on one file, and the
 * first located line each prints; no test framework (scripts/verdict-agreement.ts uses it too).
 */
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { checkZoneCommand } from '../../../src/cli/check-zone.js';

export interface CheckzoneResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `named-checkzone -i local ARGS` in `cwd` (relative $INCLUDE resolve there). */
export function namedCheckzone(args: string[], cwd: string): CheckzoneResult {
  const r = spawnSync('named-checkzone', ['-i', 'local', ...args], { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs labnet's check-zone in `cwd`, as named-checkzone is run (relative $INCLUDE). */
export function labnetCheckzone(args: string[], cwd: string): CheckzoneResult {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return checkZoneCommand(args);
  } finally {
    process.chdir(before);
  }
}

/**
 * The first `FILE:LINE:` BIND names (after an optional `function: ` prefix, and the
 * `master.c:NNN:load_text(): ` source location of its UNEXPECTED_ERROR messages).
 */
export function bindLocation(output: string): { file: string; line: number } | undefined {
  for (const l of output.split('\n')) {
    const m = /^(?:[\w.]+:\d+:\w+\(\): )?(?:[\w$]+: )?([^\s:]+):(\d+): /.exec(l);
    if (m) return { file: basename(m[1]), line: Number(m[2]) };
  }
  return undefined;
}

/** Every `FILE:LINE:COL: message` labnet prints. */
export function labnetLocations(output: string): { file: string; line: number; col: number; text: string }[] {
  const out = [];
  for (const l of output.split('\n')) {
    const m = /^(\S+?):(\d+):(\d+): /.exec(l);
    if (m) out.push({ file: basename(m[1]), line: Number(m[2]), col: Number(m[3]), text: l });
  }
  return out;
}
