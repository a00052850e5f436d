/**
 * The grammar table (grammar-table.ts) compiled for the parser: for each block (top,
 * options, view, zone and the nested blocks) the clauses it holds, each with its pattern
 * and notes. Compiled once, on first use.
 */
import { BLOCKS, CLAUSES, SUBGRAMMARS, ZONE_TYPES } from './grammar-table.js';
import { compile, type Pattern } from './notation.js';

export interface ClauseDef {
  name: string;
  pattern: Pattern;
  multi: boolean;
  status?: 'deprecated' | 'obsolete' | 'not-configured' | 'test-only';
}

/** The contexts of CLAUSES by the block they are written in. */
const CONTEXT_LETTER: Record<string, string> = { top: 'T', options: 'O', view: 'V', zone: 'Z' };

/** Options whose `<integer>` is a port (named-checkconf: "port 'N' out of range"). */
const PORT_OPTIONS = new Set(['port', 'tls-port', 'http-port', 'https-port']);

function def(name: string, syntax: string, notes = ''): ClauseDef {
  const words = notes.split(' ');
  if (PORT_OPTIONS.has(name) && syntax === '<integer>') syntax = '<port>';
  const status = (['deprecated', 'obsolete', 'not-configured', 'test-only'] as const).find((s) => words.includes(s));
  return { name, pattern: compile(syntax), multi: words.includes('multi'), ...(status ? { status } : {}) };
}

let tables: Map<string, Map<string, ClauseDef>> | undefined;
let subgrammars: Map<string, Pattern> | undefined;

function build(): Map<string, Map<string, ClauseDef>> {
  const out = new Map<string, Map<string, ClauseDef>>();
  for (const [block, letter] of Object.entries(CONTEXT_LETTER)) {
    const m = new Map<string, ClauseDef>();
    for (const [key, [contexts, syntax, notes]] of Object.entries(CLAUSES)) {
      const name = key.split('/')[0];
      if (contexts.includes(letter)) m.set(name, def(name, syntax, notes));
    }
    out.set(block, m);
  }
  for (const [block, clauses] of Object.entries(BLOCKS)) {
    out.set(block, new Map(Object.entries(clauses).map(([name, [syntax, notes]]) => [name, def(name, syntax, notes)])));
  }
  return out;
}

/** The clauses a block may hold, by lower-case name. */
export function clausesOf(block: string): Map<string, ClauseDef> {
  tables ??= build();
  const t = tables.get(block);
  if (!t) throw new Error(`named.conf grammar: no block '${block}'`);
  return t;
}

/** A named sub-grammar (`<aml>`, `<remote_servers>`, ...), or undefined for a value type. */
export function subgrammar(name: string): Pattern | undefined {
  subgrammars ??= new Map(Object.entries(SUBGRAMMARS).map(([k, v]) => [k, compile(v)]));
  return subgrammars.get(name);
}

const zoneOptions = new Map<string, Set<string>>();

/** The options a zone of `type` (primary, secondary, ...; old names mapped) may hold. */
export function zoneTypeOptions(type: string): ReadonlySet<string> | undefined {
  const t = ZONE_ALIASES[type] ?? type;
  const list = ZONE_TYPES[t];
  if (list === undefined) return undefined;
  let names = zoneOptions.get(t);
  if (!names) {
    names = new Set(['type', ...list.split(' ').filter(Boolean)]);
    if (names.has('primaries')) names.add('masters');
    zoneOptions.set(t, names);
  }
  return names;
}

/** The old names of zone types and of `primaries` (ARM "zone Block Grammar"). */
export const ZONE_ALIASES: Record<string, string> = { master: 'primary', slave: 'secondary' };
