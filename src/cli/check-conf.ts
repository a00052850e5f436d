/**
 * `labnet check-conf FILE`: a named.conf or a dhcpd.conf, told apart by content, checked
 * as `named-checkconf` or `dhcpd -t` would.
 */
import { readFileSync } from 'node:fs';
import type { CommandResult } from './command-result.js';
import { checkNamedConfCommand } from './check-named-conf.js';
import { checkDhcpdConfCommand } from './check-dhcpd-conf.js';

/** named.conf has `zone "x" {` / `options {` blocks; dhcpd.conf has subnet/host/lease-time statements. */
export function looksLikeNamedConf(text: string): boolean {
  const stripped = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(\/\/|#).*$/gm, '');
  const named = /\b(zone\s+"[^"]*"|options\s*\{|controls\s*\{|acl\s+\S+\s*\{|view\s+"|logging\s*\{|key\s+"[^"]*"\s*\{\s*algorithm)/.test(stripped);
  const dhcp = /\b(subnet\s+\d|shared-network|host\s+[\w.-]+\s*\{|default-lease-time|max-lease-time|authoritative\s*;|option\s+[a-z-]+\s)/.test(stripped);
  return named && !dhcp ? true : named && dhcp ? /\bzone\s+"/.test(stripped) && !/\bsubnet\s+\d/.test(stripped) : false;
}

export async function checkConfCommand(args: string[]): Promise<CommandResult> {
  if (args.length !== 1) return { code: 1, stdout: '', stderr: 'usage: labnet check-conf FILE\n' };
  const [file] = args;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { code: 1, stdout: '', stderr: `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message}\n` };
  }
  return looksLikeNamedConf(text) ? checkNamedConfCommand(file) : checkDhcpdConfCommand(file);
}
