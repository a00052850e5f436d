/**
 * `labnet reload [--state DIR | --control HOST:PORT] [--json]`: as SIGHUP, through the
 * control endpoint's POST /reload: the zones and dhcpd.conf re-read and swapped in at once;
 * a broken file is printed as FILE:LINE:COL and exits 1, the previous data still serving.
 */
import type { CommandResult } from './command-result.js';
import { withDaemon } from './find-daemon.js';
import { controlJson } from './control-client.js';
import type { ReloadOutcome } from './daemon-report.js';

const USAGE = 'usage: labnet reload [--state DIR | --control HOST:PORT] [--json]\n';

export function reloadCommand(args: string[]): Promise<CommandResult> {
  return withDaemon('reload', USAGE, args, async (control, flags) => {
    const r = await controlJson<ReloadOutcome>(control, 'POST', '/reload');
    if (flags.json) return { code: r.ok ? 0 : 1, stdout: JSON.stringify(r, null, 2) + '\n', stderr: '' };
    if (r.ok) return { code: 0, stdout: 'labnet: reloaded\n', stderr: '' };
    return { code: 1, stdout: '', stderr: `labnet reload: failed, the previous data keeps serving:\n${r.errors.map((e) => `${e}\n`).join('')}` };
  });
}
