/**
 * Tells a named.conf from a dhcpd.conf by its statements, never by its comments: the file
 * is read with the named.conf lexer (which drops `#`, `//` and C comments), and the first
 * word of each top-level statement is taken. A file whose statements are all top-level
 * named.conf statements (BIND 9.18 grammar, `include` included), with at least one that is
 * not `include`, here or in a file it includes, is a named.conf; a file made only of
 * includes is judged by the files it includes (Debian's stock /etc/bind/named.conf);
 * anything else is a dhcpd.conf (its `subnet`, `option`, `host` ... are not named.conf
 * statements).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { tokenize, type ConfToken } from '../zones/named-conf/lexer.js';
import { clausesOf } from '../zones/named-conf/grammar.js';

export type ConfKind = 'named' | 'dhcpd';

interface Heads {
  words: string[];
  includes: string[];
}

/** The first word of each top-level statement and the paths of top-level includes. */
function heads(tokens: ConfToken[]): Heads {
  const out: Heads = { words: [], includes: [] };
  let depth = 0;
  let start = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (depth === 0 && start && t.kind === 'word') {
      const w = t.text.toLowerCase();
      out.words.push(w);
      if (w === 'include' && tokens[i + 1]?.kind === 'string') out.includes.push(tokens[i + 1].text);
    }
    if (t.kind === 'special' && t.text === '{') depth++;
    else if (t.kind === 'special' && t.text === '}') depth = Math.max(0, depth - 1);
    // A statement ends with `;` at the top level, or with the `}` of its block (dhcpd writes no `;` after it).
    start = depth === 0 && t.kind === 'special' && (t.text === ';' || t.text === '}');
  }
  return out;
}

function tokensOf(path: string): ConfToken[] | undefined {
  try {
    return tokenize(readFileSync(path, 'latin1'), path);
  } catch {
    return undefined; // unreadable or not lexable as named.conf: says nothing either way
  }
}

/**
 * The kind of the configuration in `path`. Includes resolve against `base` (named-checkconf:
 * the working directory), else the including file's folder.
 */
export function confKind(path: string, base = process.cwd()): ConfKind {
  const top = clausesOf('top');
  const seen = new Set<string>();
  const judge = (file: string): 'named' | 'dhcpd' | 'only-includes' => {
    seen.add(file);
    const toks = tokensOf(file);
    if (!toks) return 'only-includes';
    const h = heads(toks);
    if (h.words.some((w) => w !== 'include' && !top.has(w))) return 'dhcpd';
    if (h.words.some((w) => w !== 'include')) return 'named';
    for (const inc of h.includes) {
      const p = isAbsolute(inc) ? inc : resolve(base, inc);
      if (seen.has(p)) continue;
      const k = judge(p);
      if (k !== 'only-includes') return k;
    }
    return 'only-includes';
  };
  return judge(path) === 'dhcpd' ? 'dhcpd' : 'named';
}
