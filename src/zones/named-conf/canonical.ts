/**
 * The canonical text of a parsed named.conf, as `named-checkconf -p` prints one: includes
 * expanded, comments gone, one clause per line, a tab per level, lists and blocks opened
 * on their line and closed on their own; names and other strings quoted, keywords,
 * numbers, booleans and addresses bare. The text parses back (parser.ts) to the same tree.
 */
import type { ConfClause, ConfValue } from './tree.js';

/** Value types printed quoted (parser.ts reads them back from a quoted string alike). */
const QUOTED = new Set(['string', 'acl']);

/** A named.conf string: backslash and quote escaped (line ends may stand inside, as named reads them). */
export function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function value(v: ConfValue, depth: number): string {
  switch (v.kind) {
    case 'word':
      return QUOTED.has(v.type) ? quote(v.text) : v.text;
    case 'raw':
      return v.text === '' ? '{ }' : `{ ${v.text} }`;
    case 'list': {
      if (!v.items.length) return '{ }';
      const pad = '\t'.repeat(depth + 1);
      return `{\n${v.items.map((item) => `${pad}${values(item, depth + 1)};\n`).join('')}${'\t'.repeat(depth)}}`;
    }
    case 'block':
      return v.clauses.length ? `{\n${clauses(v.clauses, depth + 1)}${'\t'.repeat(depth)}}` : '{ }';
  }
}

function values(vs: ConfValue[], depth: number): string {
  // A negation sticks to what it negates (`!key "k"`), as named-checkconf -p prints it.
  return vs.map((v, i) => value(v, depth) + (i === vs.length - 1 || (v.kind === 'word' && v.type === 'keyword' && v.text === '!') ? '' : ' ')).join('');
}

function clauses(cs: ConfClause[], depth: number): string {
  const pad = '\t'.repeat(depth);
  return cs.map((c) => `${pad}${c.values.length ? `${c.name} ${values(c.values, depth)}` : c.name};\n`).join('');
}

/** The canonical text of the top-level clauses. */
export function printConf(top: ConfClause[]): string {
  return clauses(top, 0);
}
