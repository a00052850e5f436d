/**
 * The parse tree of a named.conf: what the generic parser (parser.ts) matched against
 * the grammar table, with every value's location. Includes are already spliced in
 * (each value keeps the file it came from). Plain data, as the model is.
 */
import type { ConfLocation } from './model.js';

/**
 * One matched value:
 * - `word`: a keyword of the grammar (`type` 'keyword', lower case) or a value of a
 *   primitive type (`type` the type's name: string, integer, netprefix, ...), text as written;
 * - `list`: `{ element; ... }`, each element the values it matched; `of` names the
 *   sub-grammar it is the list of (`aml` for address match lists, `remote_servers`, ...);
 * - `block`: `{ clause; ... }` of a clause table (options, view, zone, ...);
 * - `raw`: `{ <unspecified-text> }`, the tokens inside joined by single spaces.
 */
export type ConfValue =
  | { kind: 'word'; type: string; text: string; loc: ConfLocation }
  | { kind: 'list'; items: ConfValue[][]; loc: ConfLocation; of?: string }
  | { kind: 'block'; block: string; clauses: ConfClause[]; loc: ConfLocation }
  | { kind: 'raw'; text: string; loc: ConfLocation };

/** A statement or option: its name (lower case) and the values after it. */
export interface ConfClause {
  name: string;
  values: ConfValue[];
  loc: ConfLocation;
}

export type ConfWord = Extract<ConfValue, { kind: 'word' }>;
export type ConfList = Extract<ConfValue, { kind: 'list' }>;
export type ConfBlock = Extract<ConfValue, { kind: 'block' }>;

/** The clauses of a block value among `values`, or [] when there is none. */
export function blockOf(values: ConfValue[]): ConfClause[] {
  const b = values.find((v): v is ConfBlock => v.kind === 'block');
  return b ? b.clauses : [];
}

/** The first clause named `name`. */
export function clause(clauses: ConfClause[], name: string): ConfClause | undefined {
  return clauses.find((c) => c.name === name);
}

/** The value after the keyword `kw` among `values` (`port 53` -> the 53). */
export function afterKeyword(values: ConfValue[], kw: string): ConfValue | undefined {
  const i = values.findIndex((v) => v.kind === 'word' && v.type === 'keyword' && v.text === kw);
  return i < 0 ? undefined : values[i + 1];
}

/** The first list among `values`. */
export function listOf(values: ConfValue[]): ConfList | undefined {
  return values.find((v): v is ConfList => v.kind === 'list');
}

/** The text of a word value, else undefined. */
export function text(v: ConfValue | undefined): string | undefined {
  return v?.kind === 'word' ? v.text : undefined;
}

/** Calls `fn` on every value, depth first, with the clause path (`['options', 'allow-query']`). */
export function walkValues(clauses: ConfClause[], fn: (v: ConfValue, path: string[]) => void, path: string[] = []): void {
  const visit = (v: ConfValue, p: string[]) => {
    fn(v, p);
    if (v.kind === 'list') for (const item of v.items) for (const x of item) visit(x, p);
    if (v.kind === 'block') walkValues(v.clauses, fn, p);
  };
  for (const c of clauses) for (const v of c.values) visit(v, [...path, c.name]);
}
