/**
 * The global statements at startup, as ISC dhcpd 4.4 runs them (server/dhcpd.c): with no packet
 * and no lease, in the global variable scope, once to read the server's own parameters
 * (postconf_initialization) and once more after the interfaces are set up, looking for a DHCPv6
 * server DUID (set_server_duid_from_option, in every dhcpd built with DHCPv6, as 4.4 is by
 * default), so a global `log (...)` is written twice before the first packet. What `set`
 * leaves there stays for the life of the server: it is the scope dhcpd evaluates classes'
 * `match` expressions in (server/class.c check_collection, before there is a lease) and the
 * reply's option expressions in (server/dhcp.c dhcp_reply: cons_options with global_scope).
 */
import type { DhcpConfig } from '../types.js';
import type { Value } from '../eval/evaluate.js';
import { executeChain, type ExecContext } from '../eval/execute.js';
import { emptyParams } from '../conf/params.js';

/** Runs the global program as dhcpd does at startup; returns the global variables it set. */
export function startupScope(config: DhcpConfig, log: ExecContext['log'], encapsulations?: ExecContext['encapsulations']): Map<string, Value> {
  const variables = new Map<string, Value>();
  const program = config.programs;
  if (!program || program.every((p) => p.statements.length === 0)) return variables;
  for (let pass = 0; pass < 2; pass++) {
    executeChain(program, emptyParams(), { known: false, variables, replyVariables: variables, events: new Map(), log, encapsulations });
  }
  return variables;
}
