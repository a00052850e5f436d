/**
 * dhcpd.conf executable statements (dhcp-eval(5), dhcpd.conf(5)), as ISC dhcpd 4.4's
 * common/parse.c parse_executable_statement reads them:
 *   if BOOLEAN { ... } [elsif BOOLEAN { ... }]... [else { ... } | else if ...]
 *   option NAME = DATA;   supersede|default|prepend|append NAME (VALUE | = DATA);
 *   filename = DATA;  server-name = DATA;  next-server = DATA;
 *   ddns-hostname = DATA;  ddns-domainname = DATA;  ddns-rev-domainname = DATA;
 *   set NAME = EXPR;  unset NAME;  eval EXPR;  add "CLASS";  return EXPR;  break;
 *   log ([fatal|error|info|debug,] DATA);  execute ("COMMAND" [, DATA]...);
 *   on commit|release|expiry [or ...] { ... }
 * Inside a conditional block the ordinary parameters (`filename "x";`, `option routers ...;`,
 * `default-lease-time 60;`) are statements too; declarations (`subnet`, `host`, `range`,
 * `pool`, ...) are not ("right brace expected", as dhcpd says).
 */
import type { ScopeParams } from '../types.js';
import type { OptionDef } from '../option-defs.js';
import { type EncodeContext, encodeOptionValueIn } from '../option-defs.js';
import type { OptionRef, Source, Stmt } from '../eval/ast.js';
import { type ExprEnv, parseAnyExpression, parseExpressionOf } from '../eval/parse-expr.js';
import { isDhcpdKeyword } from './keywords.js';
import { type Token, TokenStream, describe, tokenError } from './lexer.js';

export interface StatementHost extends ExprEnv {
  /** The option `tok` names, with its definition (for constant values). */
  optionDef(tok: Token): { ref: OptionRef; def: OptionDef };
  /** Host names in constant option values (see ParseOptions.resolveHost). */
  names: EncodeContext;
  /** Is a class of this name declared (so far)? */
  hasClass(name: string): boolean;
  /** Parse one ordinary parameter statement; returns the parameters it sets. */
  plain(ts: TokenStream): ScopeParams;
}

/** Statements that declare something: not allowed inside a conditional. */
const DECLARATIONS = new Set([
  'subnet', 'subnet6', 'shared-network', 'pool', 'pool6', 'group', 'host', 'class', 'subclass', 'range', 'range6',
  'hardware', 'fixed-address', 'key', 'zone', 'failover', 'include', 'vendor-class', 'user-class',
]);
const EXECUTABLE = new Set(['if', 'set', 'unset', 'eval', 'log', 'execute', 'on', 'add', 'supersede', 'prepend', 'append', 'default', 'return', 'break']);
const EXPR_PARAMS = new Set(['filename', 'server-name', 'next-server', 'ddns-hostname', 'ddns-domainname', 'ddns-rev-domainname']);
const EVENTS = new Set(['commit', 'release', 'expiry']);
const PRIORITIES = new Set(['fatal', 'error', 'info', 'debug']);

const isPunct = (t: Token, p: string) => t.kind === 'punct' && t.text === p;

/** Does an executable statement start at the cursor (rather than a parameter or declaration)? */
export function startsExecutable(ts: TokenStream): boolean {
  const t = ts.peek();
  if (t.kind !== 'word') return false;
  const w = t.text.toLowerCase();
  if (EXECUTABLE.has(w)) return true;
  if (w === 'option') return ts.peek(1).kind === 'word' && isPunct(ts.peek(2), '=');
  return EXPR_PARAMS.has(w) && isPunct(ts.peek(1), '=');
}

function semi(ts: TokenStream): void {
  ts.expectPunct(';');
}

function source(t: Token): Source {
  return { file: t.file, line: t.line };
}

/** `{ statement... }` of a conditional or an `on` block. */
export function parseBlock(ts: TokenStream, host: StatementHost): Stmt[] {
  ts.expectPunct('{', 'left brace expected');
  const out: Stmt[] = [];
  for (;;) {
    const t = ts.peek();
    if (isPunct(t, '}')) {
      ts.next();
      return out;
    }
    if (t.kind === 'eof') throw tokenError(t, 'right brace expected, found end of file');
    if (isPunct(t, ';')) {
      ts.next();
      continue;
    }
    if (t.kind === 'word' && DECLARATIONS.has(t.text.toLowerCase())) {
      throw tokenError(t, `right brace expected, found '${t.text}' (declarations are not allowed inside a conditional)`);
    }
    if (startsExecutable(ts)) out.push(parseExecutable(ts, host));
    else out.push({ kind: 'params', params: host.plain(ts) });
  }
}

/**
 * The condition of `if`/`elsif`: parse_if_statement takes a `(` right after the keyword as the
 * start of `( BOOLEAN )`, so `if (a) and b {` is refused as dhcpd refuses it.
 */
function condition(ts: TokenStream, host: StatementHost): ReturnType<typeof parseExpressionOf> {
  if (!isPunct(ts.peek(), '(')) return parseExpressionOf(ts, host, 'boolean');
  ts.next();
  const cond = parseExpressionOf(ts, host, 'boolean');
  ts.expectPunct(')', 'expecting right paren');
  return cond;
}

function parseIf(ts: TokenStream, host: StatementHost): Stmt {
  const branches: Array<{ cond: ReturnType<typeof parseExpressionOf>; body: Stmt[] }> = [];
  let otherwise: Stmt[] | undefined;
  branches.push({ cond: condition(ts, host), body: parseBlock(ts, host) });
  for (;;) {
    if (ts.isWord('elsif')) {
      ts.next();
      branches.push({ cond: condition(ts, host), body: parseBlock(ts, host) });
      continue;
    }
    if (ts.isWord('else')) {
      ts.next();
      if (ts.isWord('if')) {
        ts.next();
        otherwise = [parseIf(ts, host)];
      } else otherwise = parseBlock(ts, host);
    }
    return { kind: 'if', branches, otherwise };
  }
}

function optionStatement(ts: TokenStream, host: StatementHost, mode: 'supersede' | 'default' | 'prepend' | 'append'): Stmt {
  const nameTok = ts.expectWord('option name');
  const { ref, def } = host.optionDef(nameTok);
  if (isPunct(ts.peek(), '=')) {
    ts.next();
    const expr = parseExpressionOf(ts, host, 'data');
    semi(ts);
    return { kind: 'option', mode, option: ref, expr };
  }
  const vals = ts.untilSemicolon();
  const value = encodeOptionValueIn(def, vals, ts.peek(), host.names);
  semi(ts);
  // A value whose host names were all left out sets nothing (as a failed expression does).
  return { kind: 'option', mode, option: ref, expr: value === null ? { op: 'null' } : { op: 'const-data', value } };
}

function variableName(ts: TokenStream): string {
  const t = ts.next();
  if (t.kind !== 'word' || isDhcpdKeyword(t.text)) throw tokenError(t, `${describe(t)} can't be a variable name`);
  return t.text;
}

/** One executable statement (the cursor is on its keyword; startsExecutable was true). */
export function parseExecutable(ts: TokenStream, host: StatementHost): Stmt {
  const kwTok = ts.next();
  const kw = kwTok.text.toLowerCase();
  switch (kw) {
    case 'if':
      return parseIf(ts, host);
    case 'option':
      return optionStatement(ts, host, 'supersede');
    case 'supersede':
    case 'default':
    case 'prepend':
    case 'append':
      if (ts.isWord('option')) ts.next();
      return optionStatement(ts, host, kw);
    case 'filename':
    case 'server-name':
    case 'next-server':
    case 'ddns-hostname':
    case 'ddns-domainname':
    case 'ddns-rev-domainname': {
      ts.expectPunct('=');
      const expr = parseExpressionOf(ts, host, 'data');
      semi(ts);
      return { kind: 'param', name: kw, expr };
    }
    case 'set': {
      const name = variableName(ts);
      ts.expectPunct('=', "'=' expected");
      const expr = parseAnyExpression(ts, host);
      semi(ts);
      return { kind: 'set', name, expr };
    }
    case 'unset': {
      const name = variableName(ts);
      semi(ts);
      return { kind: 'unset', name };
    }
    case 'eval':
    case 'return': {
      const expr = parseAnyExpression(ts, host);
      semi(ts);
      return kw === 'eval' ? { kind: 'eval', expr } : { kind: 'return', expr };
    }
    case 'break':
      semi(ts);
      return { kind: 'break' };
    case 'add': {
      const c = ts.next();
      if (c.kind !== 'string') throw tokenError(c, `class name expected, found ${describe(c)}`);
      if (!host.hasClass(c.text)) throw tokenError(c, `class ${c.text}: not found`);
      semi(ts);
      return { kind: 'add-class', className: c.text };
    }
    case 'log': {
      ts.expectPunct('(', 'left parenthesis expected');
      let priority: 'fatal' | 'error' | 'info' | 'debug' = 'info';
      const p = ts.peek();
      if (p.kind === 'word' && PRIORITIES.has(p.text.toLowerCase()) && isPunct(ts.peek(1), ',')) {
        priority = p.text.toLowerCase() as typeof priority;
        ts.next();
        ts.next();
      }
      const expr = parseExpressionOf(ts, host, 'data');
      ts.expectPunct(')', 'right parenthesis expected');
      semi(ts);
      return { kind: 'log', priority, expr, source: source(kwTok) };
    }
    case 'execute': {
      ts.expectPunct('(', 'left parenthesis expected');
      const cmd = ts.next();
      if (cmd.kind !== 'string') throw tokenError(cmd, `Expecting a quoted string, found ${describe(cmd)}`);
      const args = [];
      while (isPunct(ts.peek(), ',')) {
        ts.next();
        args.push(parseExpressionOf(ts, host, 'data'));
      }
      ts.expectPunct(')', 'right parenthesis expected');
      semi(ts);
      return { kind: 'execute', command: cmd.text, args, source: source(kwTok) };
    }
    case 'on': {
      const events: Array<'commit' | 'release' | 'expiry'> = [];
      for (;;) {
        const e = ts.next();
        const w = e.kind === 'word' ? e.text.toLowerCase() : '';
        if (!EVENTS.has(w)) throw tokenError(e, `expecting a lease event identifier, found ${describe(e)}`);
        events.push(w as 'commit' | 'release' | 'expiry');
        if (!ts.isWord('or')) break;
        ts.next();
      }
      return { kind: 'on', events, body: parseBlock(ts, host) };
    }
    default:
      throw tokenError(kwTok, `unknown statement '${kwTok.text}'`);
  }
}
