/**
 * Per-packet configuration for a dhcpd.conf with classes and statements, as ISC dhcpd 4.4 does it:
 * - classify_client (server/class.c): each `class`, in file order, takes the packet when its
 *   `match if` is true, or when its `match` (or `spawn with`) value names one of its subclasses
 *   (`spawn with` makes a subclass for any value); this happens before pools are chosen, so
 *   `allow|deny members of` can use it;
 * - ack_lease (server/dhcp.c): the statements of the lease's scope chain run outermost first
 *   (global ... subnet, pool), then the classes (the last matched first, so the first matched
 *   wins), then the host declaration and its groups.
 * Pure: the packet and lease are in the context, the caller gets the parameters back.
 */
import type { ClassDecl, ScopeProgram } from '../eval/ast.js';
import { type EvalContext, evalBoolean, evalData } from '../eval/evaluate.js';
import { type ExecContext, executeChain } from '../eval/execute.js';
import { emptyParams } from '../conf/params.js';
import type { HostDecl, ScopeParams } from '../types.js';

export interface Membership {
  /** Names of the classes the packet is in (a subclass counts as its class). */
  names: Set<string>;
  /** For each class matched, in match order: the class's program, then its subclass's. */
  chains: ScopeProgram[][];
  /** `spawn with` / `match` subclass keys by class, for lease limits (hex). */
  keys: Map<string, string>;
}

export function classify(classes: readonly ClassDecl[], ctx: EvalContext): Membership {
  const m: Membership = { names: new Set(), chains: [], keys: new Map() };
  ctx.classes = m.names;
  for (const c of classes) {
    const keyExpr = c.match ?? c.spawn;
    if (keyExpr) {
      const key = evalData(keyExpr, ctx);
      if (key !== null) {
        const hex = key.toString('hex');
        const sub = c.subclasses.get(hex);
        if (sub || c.spawn) {
          m.names.add(c.name);
          m.chains.push(sub ? [c.program, sub] : [c.program]);
          m.keys.set(c.name, hex);
          continue;
        }
      }
    }
    if (c.matchIf && evalBoolean(c.matchIf, ctx) === true) {
      m.names.add(c.name);
      m.chains.push([c.program]);
    }
  }
  return m;
}

/** The parameters for one reply: scope chain, then classes, then host (dhcpd's ack_lease order). */
export function packetParams(chain: ScopeProgram[], membership: Membership | undefined, host: HostDecl | undefined, ctx: ExecContext): ScopeParams {
  let params = executeChain(chain, emptyParams(), ctx);
  if (membership) for (const c of [...membership.chains].reverse()) params = executeChain(c, params, ctx);
  if (host?.programs) params = executeChain(host.programs, params, ctx);
  return params;
}
