/**
 * `labnet check-conf [--named|--dhcpd] [-z] [-p] FILE`: a named.conf checked as `named-checkconf
 * [-z] [-p]` (-p: printed in canonical form), or a dhcpd.conf as `dhcpd -t`. The kind is decided by the file's statements and
 * those of the files it includes (conf-kind.ts) unless `--named` or `--dhcpd` says it.
 */
import { existsSync } from 'node:fs';
import type { CommandResult } from './command-result.js';
import { checkNamedConfCommand } from './check-named-conf.js';
import { checkDhcpdConfCommand } from './check-dhcpd-conf.js';
import { confKind } from './conf-kind.js';

const USAGE = 'usage: labnet check-conf [--named|--dhcpd] [-z] [-p] FILE\n';

export async function checkConfCommand(args: string[]): Promise<CommandResult> {
  const flags = args.filter((a) => a.startsWith('-'));
  const files = args.filter((a) => !a.startsWith('-'));
  const known = ['--named', '--dhcpd', '-z', '-p'];
  if (files.length !== 1 || flags.some((f) => !known.includes(f)) || (flags.includes('--named') && flags.includes('--dhcpd'))) {
    return { code: 1, stdout: '', stderr: USAGE };
  }
  const [file] = files;
  if (!existsSync(file)) return { code: 1, stdout: '', stderr: `${file}: file not found\n` };
  const kind = flags.includes('--named') ? 'named' : flags.includes('--dhcpd') ? 'dhcpd' : confKind(file);
  return kind === 'named' ? checkNamedConfCommand(file, { loadZones: flags.includes('-z'), print: flags.includes('-p') }) : checkDhcpdConfCommand(file);
}
