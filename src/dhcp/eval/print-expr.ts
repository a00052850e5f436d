/**
 * dhcp-eval(5) expression trees back to dhcpd.conf text, in a canonical form that
 * parse-expr.ts (and ISC dhcpd 4.4's parse_expression) reads back as the same tree.
 *
 * Parentheses follow dhcpd's binary-operator rule (op_val, PRECEDENCE in parse-expr.ts): a
 * sequence `a OP1 b OP2 c ...` groups to the left while each next operator binds no tighter,
 * and at the first that binds tighter the whole rest of the sequence becomes the right operand.
 * So `=` binds tighter than `+`: `x + y = z` is `x + (y = z)`. The printer writes a binary left
 * operand bare when it binds at least as tight as its parent, a binary right operand bare only
 * at the end of the enclosing expression and when it binds strictly tighter; else in parentheses.
 */
import { hexBytes, quoteBytes } from '../option-defs.js';
import { type Expr, type OptionRef, kindOf } from './ast.js';
import { PRECEDENCE } from './parse-expr.js';

/** `NAME` for the dhcp space, `SPACE.NAME` otherwise. */
export function optionRefText(ref: OptionRef): string {
  return ref.space === 'dhcp' ? ref.name : `${ref.space}.${ref.name}`;
}

/** A data constant: a quoted string when printable, else colon-separated hex. */
export function dataText(value: Buffer): string {
  if (value.length === 0 || [...value].every((b) => b >= 0x20 && b < 0x7f)) return quoteBytes(value);
  return hexBytes(value);
}

const NULLARY_TEXT: Partial<Record<Expr['op'], string>> = {
  hardware: 'hardware', 'leased-address': 'leased-address', 'host-decl-name': 'host-decl-name', known: 'known', static: 'static',
  null: 'null', filename: 'filename', sname: 'server-name', 'client-state': 'client-state', 'lease-time': 'lease-time', gethostname: 'gethostname()',
};

const call = (name: string, args: Expr[]) => `${name}(${args.map((a) => exprText(a)).join(', ')})`;

/** The operands of a left-nested concat chain, as `concat(a, b, c)` reads them. */
function concatArgs(e: Expr): Expr[] {
  return e.op === 'concat' ? [...concatArgs(e.left), e.right] : [e];
}

/** Does `e` hold a constant written as digits (a number, or hex octets such as `04`)? */
function hasNumberText(e: Expr): boolean {
  if (e.op === 'const-int') return true;
  if (e.op === 'const-data') return /^\d+$/.test(dataText(e.value));
  return Object.values(e).some((v) => (Array.isArray(v) ? v.some((x) => isExpr(x) && hasNumberText(x)) : isExpr(v) && hasNumberText(v)));
}

function isExpr(v: unknown): v is Expr {
  return typeof v === 'object' && v !== null && !Buffer.isBuffer(v) && 'op' in v;
}

/**
 * The text of `e`. `tail`: nothing follows it in the enclosing expression (the whole
 * expression, a function argument, inside parentheses).
 */
export function exprText(e: Expr, tail = true): string {
  switch (e.op) {
    case 'const-data':
      return dataText(e.value);
    case 'const-int':
      return BigInt(e.value).toString();
    case 'substring':
      return call('substring', [e.expr, e.offset, e.len]);
    case 'suffix':
      return call('suffix', [e.expr, e.len]);
    case 'lcase':
    case 'ucase':
      return call(e.op, [e.expr]);
    case 'concat':
      return call('concat', [...concatArgs(e.left), e.right]);
    case 'option':
    case 'config-option':
    case 'exists':
      return `${e.op} ${optionRefText(e.option)}`;
    case 'packet':
      return call('packet', [e.offset, e.len]);
    case 'binary-to-ascii':
      return call('binary-to-ascii', [e.base, e.width, e.separator, e.buffer]);
    case 'encode-int':
    case 'extract-int':
      return `${e.op}(${exprText(e.expr)}, ${e.width})`;
    case 'reverse':
      return call('reverse', [e.width, e.buffer]);
    case 'pick-first-value':
      return call('pick-first-value', e.args);
    case 'not':
      return `not ${e.expr.op === 'binary' ? `(${exprText(e.expr)})` : exprText(e.expr, false)}`;
    case 'variable':
      return e.name;
    case 'defined':
      return `defined(${e.name})`;
    case 'check':
      return `check ${quoteBytes(Buffer.from(e.className, 'latin1'))}`;
    case 'funcall':
      return call(e.name, e.args);
    case 'binary': {
      const p = PRECEDENCE[e.kind];
      const l = e.left;
      const r = e.right;
      // A number is read as one only where the context is numeric, and the context of an operand
      // is the kind of the operand before it (or, after a recursion, the operator's): keep every
      // number where the grouping would change what comes before it.
      const leftBare = l.op !== 'binary' || (PRECEDENCE[l.kind] >= p && (kindOf(l.right) === kindOf(l) || !/^\d/.test(exprText(r))));
      const rightBare = r.op !== 'binary' || (tail && PRECEDENCE[r.kind] > p && !hasNumberText(r));
      const left = leftBare ? exprText(l, false) : `(${exprText(l)})`;
      const right = rightBare ? exprText(r, tail) : `(${exprText(r)})`;
      return `${left} ${e.kind} ${right}`;
    }
    default: {
      const text = NULLARY_TEXT[e.op];
      if (text === undefined) throw new Error(`no text for expression ${e.op}`);
      return text;
    }
  }
}
