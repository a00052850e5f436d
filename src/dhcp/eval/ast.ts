/**
 * The dhcp-eval(5) expression and executable-statement trees, as ISC dhcpd 4.4 builds them
 * (common/tree.c `struct expression`, common/execute.c `struct executable_statement`).
 *
 * An expression has one of three kinds (dhcp-eval(5) "BOOLEAN EXPRESSIONS", "DATA
 * EXPRESSIONS", "NUMERIC EXPRESSIONS"); `kindOf` gives it, as dhcpd's is_boolean_expression /
 * is_data_expression / is_numeric_expression do, `any` for variables and function calls.
 * Values are plain data: the parser builds them, evaluate.ts and execute.ts read them.
 */
import type { ScopeParams } from '../types.js';

export type BinaryOp = '=' | '!=' | '~=' | '~~' | 'and' | 'or' | '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^';

/** An option named in an expression: `option NAME`, `exists NAME`, `config-option NAME`. */
export interface OptionRef {
  /** `dhcp`, `agent` (relay agent sub-options, RFC 3046) or a config's own space. */
  space: string;
  code: number;
  name: string;
}

export type Expr =
  | { op: 'const-data'; value: Buffer }
  | { op: 'const-int'; value: number }
  | { op: 'substring'; expr: Expr; offset: Expr; len: Expr }
  | { op: 'suffix'; expr: Expr; len: Expr }
  | { op: 'lcase' | 'ucase'; expr: Expr }
  | { op: 'concat'; left: Expr; right: Expr }
  | { op: 'option' | 'config-option' | 'exists'; option: OptionRef }
  | { op: 'hardware' | 'leased-address' | 'host-decl-name' | 'known' | 'static' | 'null' | 'filename' | 'sname' | 'client-state' | 'lease-time' | 'gethostname' }
  | { op: 'packet'; offset: Expr; len: Expr }
  | { op: 'binary-to-ascii'; base: Expr; width: Expr; separator: Expr; buffer: Expr }
  | { op: 'encode-int' | 'extract-int'; width: 8 | 16 | 32; expr: Expr }
  | { op: 'reverse'; width: Expr; buffer: Expr }
  | { op: 'pick-first-value'; args: Expr[] }
  | { op: 'binary'; kind: BinaryOp; left: Expr; right: Expr }
  | { op: 'not'; expr: Expr }
  | { op: 'variable' | 'defined'; name: string }
  | { op: 'check'; className: string }
  | { op: 'funcall'; name: string; args: Expr[] };

export type ExprKind = 'boolean' | 'data' | 'numeric' | 'any';

const BOOLEAN_OPS = new Set(['exists', 'known', 'static', 'not', 'defined', 'check']);
const NUMERIC_OPS = new Set(['const-int', 'extract-int', 'client-state', 'lease-time']);

/** dhcpd's expression_context(): what an expression yields. */
export function kindOf(e: Expr): ExprKind {
  if (e.op === 'binary') {
    if (e.kind === '=' || e.kind === '!=' || e.kind === '~=' || e.kind === '~~' || e.kind === 'and' || e.kind === 'or') return 'boolean';
    return 'numeric';
  }
  if (BOOLEAN_OPS.has(e.op)) return 'boolean';
  if (NUMERIC_OPS.has(e.op)) return 'numeric';
  if (e.op === 'variable' || e.op === 'funcall') return 'any';
  return 'data';
}

/** Where a statement was written (for run-time log lines). */
export interface Source {
  file: string;
  line: number;
}

/** Server parameters that take an expression (`filename = EXPR;`, dhcpd.conf(5)). */
export type ParamName = 'filename' | 'server-name' | 'next-server' | 'ddns-hostname' | 'ddns-domainname' | 'ddns-rev-domainname';

export type Stmt =
  /** `if`/`elsif`/`else` (dhcp-eval(5) "CONDITIONAL BEHAVIOUR"). */
  | { kind: 'if'; branches: Array<{ cond: Expr; body: Stmt[] }>; otherwise?: Stmt[] }
  /** Ordinary parameters written inside a conditional block, in the order written. */
  | { kind: 'params'; params: ScopeParams }
  /** `option NAME = EXPR;` and `supersede|default|prepend|append NAME ...;` (values become constants). */
  | { kind: 'option'; mode: 'supersede' | 'default' | 'prepend' | 'append'; option: OptionRef; expr: Expr }
  | { kind: 'param'; name: ParamName; expr: Expr }
  | { kind: 'set'; name: string; expr: Expr }
  | { kind: 'unset'; name: string }
  | { kind: 'eval'; expr: Expr }
  | { kind: 'log'; priority: 'fatal' | 'error' | 'info' | 'debug'; expr: Expr; source: Source }
  | { kind: 'execute'; command: string; args: Expr[]; source: Source }
  | { kind: 'add-class'; className: string }
  | { kind: 'on'; events: Array<'commit' | 'release' | 'expiry'>; body: Stmt[] }
  | { kind: 'return'; expr: Expr }
  | { kind: 'break' };

/** A `class` declaration (dhcpd.conf(5) "CLIENT CLASSING"). */
export interface ClassDecl {
  name: string;
  /** `match if BOOLEAN;` */
  matchIf?: Expr;
  /** `match DATA;`: the key its subclasses are looked up by. */
  match?: Expr;
  /** `spawn with DATA;`: a subclass per distinct value. */
  spawn?: Expr;
  /** `lease limit N;` (per class, or per spawned subclass). */
  leaseLimit?: number;
  /** Parameters and statements of the class, applied to its members. */
  program: ScopeProgram;
  /** `subclass "NAME" DATA [{ ... }]`, keyed by the data as hex. */
  subclasses: Map<string, ScopeProgram>;
  source: Source;
}

/**
 * One scope's contribution at packet time: its own (unmerged) parameters, then its
 * statements in the order written. A scope chain is a list of these, outermost first.
 */
export interface ScopeProgram {
  local: ScopeParams;
  statements: Stmt[];
}
