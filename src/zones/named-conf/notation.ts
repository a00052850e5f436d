/**
 * Compiles the grammar notation of named.conf(5) (as written in grammar-table.ts) into
 * patterns the parser walks:
 *   `[ p ]` optional, `( a | b )` the first alternative that matches, `{ p; ... }` a list
 *   of elements each ended by `;`, `{ <unspecified-text> }` raw text, `<name>` a value type
 *   or a named sub-grammar, `@name` a block of clauses, anything else a literal keyword.
 * An `<integer>` right after the keyword `port` is a port (named-checkconf's range check).
 */
export type Pattern =
  | { t: 'seq'; items: Pattern[] }
  | { t: 'opt'; p: Pattern }
  | { t: 'alt'; ps: Pattern[] }
  | { t: 'lit'; text: string }
  | { t: 'type'; name: string }
  | { t: 'list'; elem: Pattern }
  | { t: 'raw' }
  | { t: 'block'; name: string };

function lex(syntax: string): string[] {
  return syntax.match(/<[^>]+>|\.\.\.|[[\](){}|;]|[^\s[\](){}|;]+/g) ?? [];
}

/** The `<integer>` of a `port` (also as an alternative: `port ( <integer> | * )`) is a port. */
function asPort(p: Pattern): Pattern {
  if (p.t === 'type' && p.name === 'integer') return { t: 'type', name: 'port' };
  return p.t === 'alt' ? { t: 'alt', ps: p.ps.map(asPort) } : p;
}

/** Compiles one syntax string; throws on a malformed one (a bug in the table). */
export function compile(syntax: string): Pattern {
  const toks = lex(syntax);
  let i = 0;
  const expect = (s: string) => {
    if (toks[i] !== s) throw new Error(`grammar notation: expected ${s} at ${i} in ${syntax}`);
    i++;
  };
  const alt = (): Pattern => {
    const ps = [seq()];
    while (toks[i] === '|') {
      i++;
      ps.push(seq());
    }
    return ps.length === 1 ? ps[0] : { t: 'alt', ps };
  };
  const seq = (): Pattern => {
    const items: Pattern[] = [];
    while (i < toks.length && ![']', ')', '|', ';', '}'].includes(toks[i])) items.push(item(items[items.length - 1]));
    return items.length === 1 ? items[0] : { t: 'seq', items };
  };
  const item = (prev: Pattern | undefined): Pattern => {
    const p = bare();
    return prev?.t === 'lit' && prev.text === 'port' ? asPort(p) : p;
  };
  const bare = (): Pattern => {
    const tok = toks[i++];
    if (tok === '[') {
      const p = alt();
      expect(']');
      return { t: 'opt', p };
    }
    if (tok === '(') {
      const p = alt();
      expect(')');
      return p;
    }
    if (tok === '{') {
      if (toks[i] === '<unspecified-text>') {
        i++;
        expect('}');
        return { t: 'raw' };
      }
      const elem = alt();
      expect(';');
      expect('...');
      expect('}');
      return { t: 'list', elem };
    }
    if (tok.startsWith('<')) return { t: 'type', name: tok.slice(1, -1) };
    if (tok.startsWith('@')) return { t: 'block', name: tok.slice(1) };
    return { t: 'lit', text: tok };
  };
  const p = alt();
  if (i !== toks.length) throw new Error(`grammar notation: trailing ${toks[i]} in ${syntax}`);
  return p;
}
