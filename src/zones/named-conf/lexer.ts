/**
 * named.conf tokenizer, as BIND 9.18's configuration lexer (isccfg over isc_lex) reads the
 * file: `#`, `//` and C comments; `"..."` strings (a backslash escapes the next character;
 * it may run over line ends, an unterminated one is "unexpected end of input"); the specials `{ } ; / ! "` end a word and are
 * tokens of their own (so `10.0.0.0/8` is three tokens and an unquoted path is refused, as
 * named-checkconf refuses `directory /tmp;`). Words are everything else between them.
 * Errors are LocatedErrors named-checkconf words them.
 */
import { LocatedError } from '../../util/located-error.js';
import type { ConfLocation } from './model.js';

export interface ConfToken {
  kind: 'word' | 'string' | 'special' | 'eof';
  text: string;
  loc: ConfLocation;
}

const SPECIALS = new Set(['{', '}', ';', '/', '!']);
const SPACE = new Set([' ', '\t', '\r', '\n', '\f', '\v']);

/** Splits one file's text into tokens, ending with an `eof` token. */
export function tokenize(text: string, file: string): ConfToken[] {
  const out: ConfToken[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  const at = (pos: number): ConfLocation => ({ file, line, col: pos - lineStart + 1 });
  const newline = (pos: number) => {
    line++;
    lineStart = pos + 1;
  };
  while (i < n) {
    const c = text[i];
    if (SPACE.has(c)) {
      if (c === '\n') newline(i);
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      i += 2;
      while (!(text[i] === '*' && text[i + 1] === '/')) {
        if (i >= n) {
          const end = at(i); // named-checkconf names the end of the file
          throw new LocatedError('unexpected end of input', file, end.line, end.col, '/*');
        }
        if (text[i] === '\n') newline(i);
        i++;
      }
      i += 2;
    } else if (c === '"') {
      // A string may run over line ends (named reads configuration strings multi-line).
      const start = at(i);
      let s = '';
      i++;
      for (;;) {
        if (i >= n) {
          const end = at(i);
          throw new LocatedError('unexpected end of input', file, end.line, end.col, '"');
        }
        const d = text[i];
        if (d === '"') break;
        if (d === '\\' && i + 1 < n) i++;
        if (text[i] === '\n') newline(i);
        s += text[i];
        i++;
      }
      i++;
      out.push({ kind: 'string', text: s, loc: start });
    } else if (SPECIALS.has(c)) {
      out.push({ kind: 'special', text: c, loc: at(i) });
      i++;
    } else {
      const start = i;
      while (i < n && !SPACE.has(text[i]) && !SPECIALS.has(text[i]) && text[i] !== '"' && text[i] !== '#') i++;
      out.push({ kind: 'word', text: text.slice(start, i), loc: at(start) });
    }
  }
  out.push({ kind: 'eof', text: '', loc: at(i) });
  return out;
}

/** How named-checkconf names a token in `near 'X'`: a quoted string shows as its quote. */
export function near(t: ConfToken): string {
  if (t.kind === 'eof') return 'end of file';
  return t.kind === 'string' ? `'"'` : `'${t.text}'`;
}
