/**
 * The dhcpd.conf / dhcpd.leases lexer (the token rules of ISC dhcpd 4.4 conflex.c, simplified):
 * `#` comments to end of line; double-quoted strings with C escapes (\n \t \r \b \\ \" \ooo \xhh);
 * punctuation `{ } ; , = ( )`; every other run of non-blank characters is a word (names,
 * numbers, dotted IPs, colon-separated hex such as MACs, `10.0.0.0/8`).
 * Lines and columns are 1-based; a column counts characters from the start of the line.
 */
import { LocatedError } from '../../util/located-error.js';

export type TokenKind = 'word' | 'string' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The word or punctuation as written; for strings, the decoded value (latin1). */
  text: string;
  /** Strings only: the decoded bytes. */
  bytes?: Buffer;
  file: string;
  line: number;
  col: number;
  /** Index of the token's first character in the text. */
  offset?: number;
}

const PUNCT = new Set(['{', '}', ';', ',', '=', '(', ')']);

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

/** An error located at a token, with the token named in the message's context. */
export function tokenError(tok: Token, message: string): LocatedError {
  return new LocatedError(message, tok.file, tok.line, tok.col, tok.kind === 'eof' ? undefined : tok.text);
}

/** How a token reads in an error message: `'word'`, `"string"`, or `end of file`. */
export function describe(tok: Token): string {
  if (tok.kind === 'eof') return 'end of file';
  if (tok.kind === 'string') return `"${tok.text}"`;
  return `'${tok.text}'`;
}

/**
 * Tokenise a whole file. The last token is always `eof`. Throws LocatedError on an unterminated
 * string, unless `opts.lenient` (a torn leases file): then the string is dropped and `eof` follows.
 */
export function tokenize(text: string, file: string, opts: { lenient?: boolean } = {}): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (isBlank(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const col = i - lineStart + 1;
    if (PUNCT.has(c)) {
      out.push({ kind: 'punct', text: c, file, line, col, offset: i });
      i++;
      continue;
    }
    if (c === '"') {
      const startLine = line;
      const start0 = i;
      const bytes: number[] = [];
      i++;
      let closed = false;
      while (i < n) {
        const d = text[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\n') {
          line++;
          lineStart = i + 1;
        }
        if (d === '\\' && i + 1 < n) {
          const e = text[i + 1];
          i += 2;
          if (e === 'n') bytes.push(10);
          else if (e === 't') bytes.push(9);
          else if (e === 'r') bytes.push(13);
          else if (e === 'b') bytes.push(8);
          else if (e >= '0' && e <= '7') {
            // \ooo: up to three octal digits (conflex.c read_string).
            let v = Number(e);
            for (let k = 0; k < 2 && i < n && text[i] >= '0' && text[i] <= '7'; k++) v = v * 8 + Number(text[i++]);
            bytes.push(v & 255);
          } else if (e === 'x' && /[0-9a-fA-F]/.test(text[i] ?? '')) {
            let v = 0;
            for (let k = 0; k < 2 && i < n && /[0-9a-fA-F]/.test(text[i]); k++) v = v * 16 + parseInt(text[i++], 16);
            bytes.push(v);
          } else {
            if (e === '\n') {
              line++;
              lineStart = i;
            }
            for (const b of Buffer.from(e, 'utf8')) bytes.push(b);
          }
          continue;
        }
        for (const b of Buffer.from(d, 'utf8')) bytes.push(b);
        i++;
      }
      if (!closed) {
        if (opts.lenient) break;
        throw new LocatedError('eof in string constant', file, startLine, col, '"');
      }
      const buf = Buffer.from(bytes);
      out.push({ kind: 'string', text: buf.toString('latin1'), bytes: buf, file, line: startLine, col, offset: start0 });
      continue;
    }
    const start = i;
    while (i < n && !isBlank(text[i]) && !PUNCT.has(text[i]) && text[i] !== '"' && text[i] !== '#') i++;
    out.push({ kind: 'word', text: text.slice(start, i), file, line, col, offset: start });
  }
  // End of file is located just after the last token, as dhcpd reports it (not on a trailing blank line).
  const last = out[out.length - 1];
  const eofAt = last ? endOf(last, text) : { line: 1, col: 1 };
  out.push({ kind: 'eof', text: '', file, line: eofAt.line, col: eofAt.col, offset: n });
  return out;
}

/** Line and column just after a token (strings may span lines). */
function endOf(tok: Token, text: string): { line: number; col: number } {
  if (tok.kind !== 'string') return { line: tok.line, col: tok.col + tok.text.length };
  let line = tok.line;
  let col = tok.col;
  let i = tok.offset! + 1;
  col++;
  for (; i < text.length; i++, col++) {
    if (text[i] === '\\') {
      i++;
      col++;
      if (text[i] === '\n') {
        line++;
        col = 0;
      }
      continue;
    }
    if (text[i] === '\n') {
      line++;
      col = 0;
      continue;
    }
    if (text[i] === '"') return { line, col: col + 1 };
  }
  return { line, col };
}

/** A cursor over a token list, with the helpers every parser here needs. */
export class TokenStream {
  private pos = 0;
  constructor(readonly tokens: Token[]) {}

  /** Index of the next token. */
  get index(): number {
    return this.pos;
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  next(): Token {
    const t = this.tokens[this.pos];
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  atEof(): boolean {
    return this.peek().kind === 'eof';
  }

  isPunct(p: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'punct' && t.text === p;
  }

  isWord(w: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'word' && t.text.toLowerCase() === w;
  }

  /** Consume `p` or throw `expected`. */
  expectPunct(p: string, what = p === ';' ? 'semicolon expected' : `'${p}' expected`): Token {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === p) return this.next();
    throw tokenError(t, `${what}, found ${describe(t)}`);
  }

  expectWord(what: string): Token {
    const t = this.peek();
    if (t.kind === 'word') return this.next();
    throw tokenError(t, `${what} expected, found ${describe(t)}`);
  }

  /** A word or a quoted string (names of hosts, shared networks, keys). */
  expectName(what: string): Token {
    const t = this.peek();
    if (t.kind === 'word' || t.kind === 'string') return this.next();
    throw tokenError(t, `${what} expected, found ${describe(t)}`);
  }

  /** Tokens up to (not including) the next `;` at this nesting level. */
  untilSemicolon(): Token[] {
    const out: Token[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') throw tokenError(t, 'semicolon expected, found end of file');
      if (t.kind === 'punct' && (t.text === ';')) return out;
      if (t.kind === 'punct' && (t.text === '{' || t.text === '}')) throw tokenError(t, `semicolon expected, found ${describe(t)}`);
      out.push(this.next());
    }
  }

  /** Tokens up to (not including) the next `{` (the head of `on commit {`). */
  untilSemicolonOrBlock(): Token[] {
    const out: Token[] = [];
    while (!this.isPunct('{')) {
      if (this.atEof() || this.isPunct(';') || this.isPunct('}')) throw tokenError(this.peek(), `'{' expected, found ${describe(this.peek())}`);
      out.push(this.next());
    }
    return out;
  }

  /** Skip a balanced `{ ... }` block (the `{` is next); returns the tokens inside. */
  skipBlock(): Token[] {
    const open = this.expectPunct('{');
    const out: Token[] = [];
    let depth = 1;
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') throw tokenError(t, `unexpected end of file: '{' at line ${open.line} not closed`);
      if (t.kind === 'punct' && t.text === '{') depth++;
      if (t.kind === 'punct' && t.text === '}' && --depth === 0) return out;
      out.push(t);
    }
  }
}
