/**
 * Per-packet configuration for a dhcpd.conf with classes and statements, as ISC dhcpd 4.4 does it:
 * - classify_client (server/class.c check_collection): each `class`, in file order, whose
 *   `match if` (if any) is true takes the packet, unless it has a `match` (or `spawn with`)
 *   value: then only when that value is not empty and names one of its subclasses (`spawn
 *   with` makes a subclass for any value); this happens before pools are chosen, so
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
  /** `spawn with` / `match` subclass keys by class (hex). */
  keys: Map<string, string>;
  /**
   * The classes matched that have a `lease limit`, in match order: what a lease may be billed
   * to (class.c bill_class). A subclass, declared or spawned, is billed apart from its class
   * and from the other subclasses, with its class's limit.
   */
  billing: BillingUnit[];
}

export interface BillingUnit {
  /** The class name, with the subclass key for a subclass. */
  key: string;
  name: string;
  limit: number;
}

export function classify(classes: readonly ClassDecl[], ctx: EvalContext): Membership {
  const m: Membership = { names: new Set(), chains: [], keys: new Map(), billing: [] };
  ctx.classes = m.names;
  for (const c of classes) {
    // check_collection: a false `match if` is final; a true one with no `match`/`spawn with`
    // makes the packet a member; otherwise the submatch decides.
    if (c.matchIf && evalBoolean(c.matchIf, ctx) !== true) continue;
    const keyExpr = c.match ?? c.spawn;
    if (!keyExpr) {
      m.names.add(c.name);
      m.chains.push([c.program]);
      if (c.leaseLimit) m.billing.push({ key: c.name, name: c.name, limit: c.leaseLimit });
      continue;
    }
    // An empty value matches no subclass and spawns none.
    const key = evalData(keyExpr, ctx);
    if (key === null || key.length === 0) continue;
    const hex = key.toString('hex');
    const sub = c.subclasses.get(hex);
    if (!sub && !c.spawn) continue;
    m.names.add(c.name);
    m.chains.push(sub ? [c.program, sub] : [c.program]);
    m.keys.set(c.name, hex);
    if (c.leaseLimit) m.billing.push({ key: `${c.name}\0${hex}`, name: c.name, limit: c.leaseLimit });
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
