/**
 * Running dhcpd.conf executable statements for one packet, as ISC dhcpd 4.4's
 * common/execute.c execute_statements and server/dhcp.c ack_lease do:
 * - a scope chain runs outermost first, so an inner scope's value wins
 *   (global, shared-network, subnet, pool, then the client's classes, then its host);
 * - within a scope labnet applies the scope's plain parameters first, then its statements
 *   in the order written (dhcpd runs both in the order written; they differ only when a
 *   plain parameter follows a conditional that sets the same thing);
 * - `option NAME = EXPR` whose expression fails sends no such option (its variables are those of
 *   `replyVariables`, the global scope, as dhcpd evaluates it when building the reply); `default` sets an option
 *   only when none is set; `prepend`/`append` join bytes to the value already set;
 * - `on commit|release|expiry` records its statements for that lease event (a later one replaces
 *   an earlier one for the same event); `log` writes a line; `execute` runs its program
 *   through `run` when the user allowed programs (`--allow-execute`), else is refused with a line.
 * Pure apart from the `log` and `run` callbacks.
 */
import type { ScopeParams } from '../types.js';
import { mergeParams } from '../conf/params.js';
import type { ScopeProgram, Source, Stmt } from './ast.js';
import { type EvalContext, type Value, evalBoolean, evalData, evalValue } from './evaluate.js';

export type LogPriority = 'fatal' | 'error' | 'info' | 'debug';

export interface ExecContext extends EvalContext {
  log(priority: LogPriority, message: string, source: Source): void;
  /** Statements recorded by `on EVENT { ... }` while running. */
  events: Map<'commit' | 'release' | 'expiry', Stmt[]>;
  /**
   * The variables the reply's option expressions see (`option NAME = EXPR`): dhcpd evaluates
   * them as it builds the reply, in the global scope (what `set` left there at startup), not
   * in the lease's; absent, `variables`.
   */
  replyVariables?: Map<string, Value>;
  /** Runs an `execute` statement's program; absent, programs are never run. */
  run?(command: string, args: string[], source: Source): void;
}

/** Mutable while a chain runs; callers get the final parameters. */
interface Acc {
  params: ScopeParams;
}

const text = (b: Buffer) => b.toString('latin1').replace(/\0+$/, '');

/** `supersede` (`option NAME = ...`), `default`, `prepend` or `append` one option in `options`. */
function setOption(options: Map<number, Buffer>, mode: 'supersede' | 'default' | 'prepend' | 'append', code: number, v: Buffer | null): void {
  const old = options.get(code);
  if (mode === 'default' && old !== undefined) return;
  if (v === null) options.delete(code);
  else if (mode === 'prepend') options.set(code, old ? Buffer.concat([v, old]) : v);
  else if (mode === 'append') options.set(code, old ? Buffer.concat([old, v]) : v);
  else options.set(code, v);
}

function run(stmts: Stmt[], acc: Acc, ctx: ExecContext): boolean {
  for (const s of stmts) {
    switch (s.kind) {
      case 'if': {
        const taken = s.branches.find((b) => evalBoolean(b.cond, ctx) === true);
        const body = taken ? taken.body : s.otherwise;
        if (body && !run(body, acc, ctx)) return false;
        break;
      }
      case 'params':
        acc.params = mergeParams(acc.params, s.params);
        break;
      case 'option': {
        const v = evalData(s.expr, ctx.replyVariables ? { ...ctx, variables: ctx.replyVariables } : ctx);
        if (s.option.space !== 'dhcp') {
          const spaces = new Map(acc.params.spaces ?? []);
          const opts = new Map(spaces.get(s.option.space) ?? []);
          setOption(opts, s.mode, s.option.code, v);
          spaces.set(s.option.space, opts);
          acc.params = { ...acc.params, spaces };
          break;
        }
        const options = new Map(acc.params.options);
        setOption(options, s.mode, s.option.code, v);
        acc.params = { ...acc.params, options };
        // What later expressions see as `config-option`.
        ctx.cfgOptions = options;
        break;
      }
      case 'param': {
        const v = evalData(s.expr, ctx);
        const p = { ...acc.params };
        if (s.name.startsWith('ddns-')) {
          const ddns = new Map(p.ddns);
          if (v === null) ddns.delete(s.name);
          else ddns.set(s.name, text(v));
          p.ddns = ddns;
        } else if (s.name === 'filename') p.filename = v === null ? undefined : text(v);
        else if (s.name === 'server-name') p.serverName = v === null ? undefined : text(v);
        else p.nextServer = v !== null && v.length === 4 ? v.readUInt32BE(0) : undefined;
        acc.params = p;
        break;
      }
      case 'set': {
        const v = evalValue(s.expr, ctx);
        if (v === null) ctx.variables.delete(s.name);
        else ctx.variables.set(s.name, v);
        break;
      }
      case 'unset':
        ctx.variables.delete(s.name);
        break;
      case 'eval':
        evalValue(s.expr, ctx);
        break;
      case 'log': {
        const v = evalData(s.expr, ctx);
        if (v !== null) ctx.log(s.priority, text(v), s.source);
        break;
      }
      case 'execute': {
        if (!ctx.run) {
          ctx.log('error', `execute ("${s.command}"): not run (labnet runs programs only with --allow-execute)`, s.source);
          break;
        }
        // dhcpd passes each data expression's value as one argument; one that fails is passed empty.
        ctx.run(s.command, s.args.map((a) => text(evalData(a, ctx) ?? Buffer.alloc(0))), s.source);
        break;
      }
      case 'add-class':
        (ctx.classes ??= new Set()).add(s.className);
        break;
      case 'on':
        for (const ev of s.events) ctx.events.set(ev, s.body);
        break;
      case 'return':
      case 'break':
        return false;
    }
  }
  return true;
}

/** Run statements on top of `params`; returns the parameters they leave. */
export function executeStatements(stmts: Stmt[], params: ScopeParams, ctx: ExecContext): ScopeParams {
  const acc = { params };
  run(stmts, acc, ctx);
  return acc.params;
}

/** Run a scope chain (outermost first) from `base`: each scope's parameters, then its statements. */
export function executeChain(chain: ScopeProgram[], base: ScopeParams, ctx: ExecContext): ScopeParams {
  let params = base;
  for (const scope of chain) {
    params = mergeParams(params, scope.local);
    ctx.cfgOptions = params.options;
    if (scope.statements.length > 0) params = executeStatements(scope.statements, params, ctx);
  }
  return params;
}
