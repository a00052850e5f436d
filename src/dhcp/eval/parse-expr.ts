/**
 * dhcp-eval(5) expressions from dhcpd.conf tokens, as ISC dhcpd 4.4's common/parse.c
 * parse_expression / parse_non_binary / parse_boolean_expression / parse_data_expression /
 * parse_numeric_expression read them:
 *
 * - binary operators and their precedence are dhcpd's op_val(): `= != ~= ~~` 4, `and or` 3,
 *   `+ -` 2, `* / %` 1, `& | ^` 100 (a higher value binds tighter; equal values group to the
 *   left, and dhcpd's recursion makes `a = b and c = d or e = f` read as
 *   `(a = b) and ((c = d) or (e = f))`);
 * - both sides of a binary operator must be of one kind ("illegal expression relating
 *   different types"); `=`/`!=` relate data or numbers, `and`/`or` booleans, arithmetic numbers;
 * - a number is an integer where a number is expected, else colon-separated hex bytes
 *   (`00:07`, `1:0:c:29:aa:bb:1`), as parse_cshl reads it; a quoted string is its bytes;
 * - a name not followed by `(` is a variable reference (`set`), one followed by `(` a call.
 * The labnet lexer keeps `!`, `~` and arithmetic signs inside words; they are split off here.
 */
import { isDhcpdKeyword } from '../conf/keywords.js';
import { type Token, TokenStream, describe, tokenError } from '../conf/lexer.js';
import { type BinaryOp, type Expr, type ExprKind, type OptionRef, kindOf } from './ast.js';

export interface ExprEnv {
  /** The option named by `tok` (`vendor-class-identifier`, `agent.circuit-id`); throws a located error. */
  resolveOption(tok: Token): OptionRef;
}

type Context = ExprKind | 'data-or-numeric';

const OP_CHARS = /[!~+*/%&|^]/;
/** dhcpd's op_val(): a higher value binds tighter. */
export const PRECEDENCE: Record<BinaryOp, number> = {
  '=': 4, '!=': 4, '~=': 4, '~~': 4, and: 3, or: 3, '+': 2, '-': 2, '*': 1, '/': 1, '%': 1, '&': 100, '|': 100, '^': 100,
};
const HEX_LIST = /^[0-9a-f]{1,2}(:[0-9a-f]{1,2})*$/i;
const INTEGER = /^(\d+|0x[0-9a-f]+)$/i;
/** dhclient's client-state constants (dhcp-eval(5) "client-state"). */
const CLIENT_STATES: Record<string, number> = { reboot: 1, booting: 2, select: 3, request: 4, bound: 5, renew: 6, rebind: 7 };
const NULLARY: Record<string, Expr['op']> = {
  known: 'known', static: 'static', hardware: 'hardware', 'leased-address': 'leased-address', 'host-decl-name': 'host-decl-name',
  filename: 'filename', 'server-name': 'sname', 'lease-time': 'lease-time', null: 'null', 'client-state': 'client-state',
};

/** Functions of fixed arguments (dhcp-eval(5)): argument kinds, and the node they make. */
const FUNCTIONS: Record<string, { args: Array<'data' | 'numeric'>; build(a: Expr[]): Expr }> = {
  substring: { args: ['data', 'numeric', 'numeric'], build: ([expr, offset, len]) => ({ op: 'substring', expr, offset, len }) },
  suffix: { args: ['data', 'numeric'], build: ([expr, len]) => ({ op: 'suffix', expr, len }) },
  lcase: { args: ['data'], build: ([expr]) => ({ op: 'lcase', expr }) },
  ucase: { args: ['data'], build: ([expr]) => ({ op: 'ucase', expr }) },
  'binary-to-ascii': { args: ['numeric', 'numeric', 'data', 'data'], build: ([base, width, separator, buffer]) => ({ op: 'binary-to-ascii', base, width, separator, buffer }) },
  reverse: { args: ['numeric', 'data'], build: ([width, buffer]) => ({ op: 'reverse', width, buffer }) },
  packet: { args: ['numeric', 'numeric'], build: ([offset, len]) => ({ op: 'packet', offset, len }) },
};

/** Split a word holding operator characters (`a!`, `~~`, `1+2`) into one token per operator. */
function splitAt(ts: TokenStream, ahead: number): void {
  const t = ts.peek(ahead);
  if (t.kind !== 'word' || t.text.length < 2 || !OP_CHARS.test(t.text)) return;
  const parts: Token[] = [];
  let start = 0;
  const push = (a: number, b: number) => {
    if (b > a) parts.push({ ...t, text: t.text.slice(a, b), col: t.col + a, offset: t.offset !== undefined ? t.offset + a : undefined });
  };
  for (let i = 0; i < t.text.length; i++) {
    if (OP_CHARS.test(t.text[i])) {
      push(start, i);
      push(i, i + 1);
      start = i + 1;
    }
  }
  push(start, t.text.length);
  ts.replace(ahead, parts);
}

function peek(ts: TokenStream, ahead = 0): Token {
  for (let k = 0; k <= ahead; k++) splitAt(ts, k);
  return ts.peek(ahead);
}

const isWordTok = (t: Token, w: string) => t.kind === 'word' && t.text.toLowerCase() === w;
const isPunctTok = (t: Token, p: string) => t.kind === 'punct' && t.text === p;

/** The binary operator at the cursor, if any, and how many tokens it takes. */
function peekOperator(ts: TokenStream): { op: BinaryOp; tokens: number } | undefined {
  const t = peek(ts);
  if (isPunctTok(t, '=')) return { op: '=', tokens: 1 };
  if (t.kind !== 'word') return undefined;
  const w = t.text.toLowerCase();
  if (w === 'and' || w === 'or') return { op: w, tokens: 1 };
  if (w === '!') {
    if (!isPunctTok(peek(ts, 1), '=')) throw tokenError(peek(ts, 1), `! in boolean context without =, found ${describe(peek(ts, 1))}`);
    return { op: '!=', tokens: 2 };
  }
  if (w === '~') {
    const n = peek(ts, 1);
    if (isPunctTok(n, '=')) return { op: '~=', tokens: 2 };
    if (isWordTok(n, '~')) return { op: '~~', tokens: 2 };
    throw tokenError(n, `expecting ~= or ~~ operator, found ${describe(n)}`);
  }
  // `-` is no operator: dhcpd's read_number returns a lone `-` as a NUMBER token (its MINUS check
  // looks one character past it, conflex.c), so the expression ends there.
  if (w === '+' || w === '*' || w === '/' || w === '%' || w === '&' || w === '|' || w === '^') return { op: w, tokens: 1 };
  return undefined;
}

function opContext(op: BinaryOp): Context {
  if (op === '=' || op === '!=' || op === '~=' || op === '~~') return 'data';
  if (op === 'and' || op === 'or') return 'boolean';
  return 'numeric';
}

function checkOperands(op: BinaryOp, lhs: Expr, rhs: Expr, at: Token): void {
  const l = kindOf(lhs);
  const r = kindOf(rhs);
  if (l !== 'any' && r !== 'any' && l !== r) throw tokenError(at, 'illegal expression relating different types');
  if ((op === '=' || op === '!=') && r === 'boolean') throw tokenError(at, 'expecting data/numeric expression');
  if ((op === '~=' || op === '~~') && r !== 'data' && r !== 'any') throw tokenError(at, 'expecting data expression');
  if ((op === 'and' || op === 'or') && r !== 'boolean' && r !== 'any') throw tokenError(at, 'expecting boolean expressions');
  if (opContext(op) === 'numeric' && r !== 'numeric' && r !== 'any') throw tokenError(at, 'expecting numeric expressions');
}

class ExprParser {
  constructor(private readonly ts: TokenStream, private readonly env: ExprEnv) {}

  private expectPunct(p: string, what: string): Token {
    const t = peek(this.ts);
    if (isPunctTok(t, p)) return this.ts.next();
    throw tokenError(t, `${what}, found ${describe(t)}`);
  }

  private open(): void {
    this.expectPunct('(', 'left parenthesis expected');
  }

  private close(): void {
    this.expectPunct(')', 'right parenthesis expected');
  }

  private comma(): void {
    this.expectPunct(',', 'comma expected');
  }

  /** A sub-expression of one kind, as parse_data_expression and friends demand it. */
  of(kind: 'boolean' | 'data' | 'numeric'): Expr {
    const start = peek(this.ts);
    const e = this.expression(kind);
    if (!e) throw tokenError(start, `expecting ${kind} expression, found ${describe(start)}`);
    const k = kindOf(e);
    if (k !== kind && k !== 'any') throw tokenError(start, `Expecting a ${kind} expression.`);
    return e;
  }

  /** parse_expression: undefined when no expression starts here. */
  expression(context: Context, lhs?: Expr, binop?: BinaryOp): Expr | undefined {
    for (;;) {
      const at = peek(this.ts);
      let rhs = this.nonBinary(context);
      if (!rhs) {
        if (lhs) throw tokenError(at, `expecting right-hand side, found ${describe(at)}`);
        return undefined;
      }
      let next = peekOperator(this.ts);
      if (next) context = kindOf(rhs);
      if (!lhs || !binop) {
        if (!next) return rhs;
        lhs = rhs;
        binop = next.op;
        for (let i = 0; i < next.tokens; i++) this.ts.next();
        continue;
      }
      if (next && PRECEDENCE[binop] - PRECEDENCE[next.op] < 0) {
        for (let i = 0; i < next.tokens; i++) this.ts.next();
        rhs = this.expression(opContext(next.op), rhs, next.op)!;
        next = undefined;
      }
      checkOperands(binop, lhs, rhs, at);
      const combined: Expr = { op: 'binary', kind: binop, left: lhs, right: rhs };
      if (!next) return combined;
      for (let i = 0; i < next.tokens; i++) this.ts.next();
      lhs = combined;
      binop = next.op;
    }
  }

  private args(kinds: Array<'data' | 'numeric'>): Expr[] {
    this.open();
    const out = kinds.map((k, i) => {
      if (i > 0) this.comma();
      return this.of(k);
    });
    this.close();
    return out;
  }

  private width(): 8 | 16 | 32 {
    const t = this.ts.next();
    const w = t.kind === 'word' ? Number(t.text) : NaN;
    if (w !== 8 && w !== 16 && w !== 32) throw tokenError(t, `unsupported integer size ${describe(t)}: 8, 16 or 32 expected`);
    return w;
  }

  private optionName(): OptionRef {
    const t = this.ts.next();
    if (t.kind !== 'word') throw tokenError(t, `expecting identifier after option keyword, found ${describe(t)}`);
    return this.env.resolveOption(t);
  }

  /** parse_non_binary: one operand (a function, a constant, a parenthesised expression). */
  private nonBinary(context: Context): Expr | undefined {
    const ts = this.ts;
    const t = peek(ts);
    if (isPunctTok(t, '(')) {
      ts.next();
      const e = this.expression(context);
      if (!e) throw tokenError(peek(ts), `expecting expression, found ${describe(peek(ts))}`);
      this.close();
      return e;
    }
    if (t.kind === 'string') {
      ts.next();
      return { op: 'const-data', value: Buffer.from(t.bytes ?? Buffer.from(t.text, 'latin1')) };
    }
    if (t.kind !== 'word') return undefined;
    const w = t.text.toLowerCase();
    const fn = FUNCTIONS[w];
    if (fn) {
      ts.next();
      return fn.build(this.args(fn.args));
    }
    switch (w) {
      case 'not': {
        ts.next();
        const at = peek(ts);
        const e = this.nonBinary('boolean');
        if (!e) throw tokenError(at, `expression expected, found ${describe(at)}`);
        if (kindOf(e) !== 'boolean' && kindOf(e) !== 'any') throw tokenError(at, 'boolean expression expected');
        return { op: 'not', expr: e };
      }
      case 'check': {
        // dhcpd looks the name up among collections, which only dhclient has: always refused.
        ts.next();
        const n = ts.next();
        if (n.kind !== 'string') throw tokenError(n, `string expected, found ${describe(n)}`);
        throw tokenError(n, 'unknown collection.');
      }
      case 'exists':
        ts.next();
        return { op: 'exists', option: this.optionName() };
      case 'option':
      case 'config-option':
        ts.next();
        return { op: w, option: this.optionName() };
      case 'concat':
      case 'pick-first-value': {
        ts.next();
        this.open();
        const args = [this.of('data')];
        while (isPunctTok(peek(ts), ',')) {
          ts.next();
          args.push(this.of('data'));
        }
        this.close();
        if (w === 'pick-first-value') return { op: 'pick-first-value', args };
        if (args.length < 2) throw tokenError(peek(ts), 'concat needs two or more arguments');
        return args.slice(1).reduce<Expr>((left, right) => ({ op: 'concat', left, right }), args[0]);
      }
      case 'extract-int':
      case 'encode-int': {
        ts.next();
        this.open();
        const expr = this.of(w === 'extract-int' ? 'data' : 'numeric');
        this.comma();
        const width = this.width();
        this.close();
        return { op: w, width, expr };
      }
      case 'defined': {
        ts.next();
        this.open();
        const n = ts.next();
        if (n.kind !== 'word' || isDhcpdKeyword(n.text)) throw tokenError(n, `${describe(n)} can't be a variable name`);
        this.close();
        return { op: 'defined', name: n.text };
      }
      case 'gethostname': {
        ts.next();
        this.open();
        this.close();
        return { op: 'gethostname' };
      }
      default:
        break;
    }
    const nullary = NULLARY[w];
    if (nullary) {
      ts.next();
      return { op: nullary } as Expr;
    }
    if (CLIENT_STATES[w] !== undefined) {
      ts.next();
      return { op: 'const-int', value: CLIENT_STATES[w] };
    }
    if (w === 'gethostbyname' || w.startsWith('ns-') || w === 'v6relay' || w === 'dns-update' || w === 'encapsulate') {
      throw tokenError(t, `expression '${t.text}' not supported by labnet`);
    }
    if ((context === 'numeric' || context === 'data-or-numeric') && INTEGER.test(t.text)) {
      ts.next();
      return { op: 'const-int', value: Number(t.text) };
    }
    if (HEX_LIST.test(t.text)) {
      ts.next();
      return { op: 'const-data', value: Buffer.from(t.text.split(':').map((h) => parseInt(h, 16))) };
    }
    // read_number makes a word that starts with a digit and holds a letter past f, `-` or `_` a NAME (`1x`, `1-0`).
    const digitName = /^\d[0-9a-z_-]*$/i.test(t.text) && /[g-z_-]/i.test(t.text.replace(/^0x/i, ''));
    if (/^\d/.test(t.text) && !digitName) throw tokenError(t, `expecting numeric value, found ${describe(t)}`);
    // dhcpd's lexer makes a word whose characters after the first are hex digits a NUMBER_OR_NAME
    // (conflex.c read_num_or_name), which an expression reads as hex octets (parse_cshl): never a variable.
    const group = t.text.split(':')[0];
    if (/^[a-z][0-9a-f]*$/i.test(group)) {
      throw tokenError(t, /^[0-9a-f]+$/i.test(group) ? `${group} exceeds max (255) for precision.` : `Bogus number ${group}: not in base 16`);
    }
    // A keyword is no variable or function name: no expression starts here (parse_non_binary).
    if (OP_CHARS.test(t.text) || t.text === '-' || isDhcpdKeyword(w)) return undefined;
    ts.next();
    if (!isPunctTok(peek(ts), '(')) return { op: 'variable', name: t.text };
    ts.next();
    const args: Expr[] = [];
    for (;;) {
      const at = peek(ts);
      const a = this.expression('any');
      if (!a) throw tokenError(at, `expecting expression, found ${describe(at)}`);
      args.push(a);
      const sep = ts.next();
      if (isPunctTok(sep, ',')) continue;
      if (!isPunctTok(sep, ')')) throw tokenError(sep, `Right parenthesis expected, found ${describe(sep)}`);
      return { op: 'funcall', name: t.text, args };
    }
  }
}

/** An expression of the given kind at the cursor (throws a located error, naming the token). */
export function parseExpressionOf(ts: TokenStream, env: ExprEnv, kind: 'boolean' | 'data' | 'numeric'): Expr {
  return new ExprParser(ts, env).of(kind);
}

/** Any expression (`set NAME = EXPR;`, function arguments). */
export function parseAnyExpression(ts: TokenStream, env: ExprEnv): Expr {
  const start = ts.peek();
  const e = new ExprParser(ts, env).expression('any');
  if (!e) throw tokenError(start, `expecting expression, found ${describe(start)}`);
  return e;
}
