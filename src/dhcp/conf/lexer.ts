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

const NL = 10;
const HASH = 0x23;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const WORD = 0;
const BLANK = 1;
const PUNCT_C = 2;
const STOP = 3;
/** ASCII character classes: word characters, blanks, punctuation, and `"`/`#` which end a word. */
const CLASS = new Uint8Array(128);
for (const ch of ' \t\n\r\f\v') CLASS[ch.charCodeAt(0)] = BLANK;
for (const ch of '{};,=()') CLASS[ch.charCodeAt(0)] = PUNCT_C;
CLASS[QUOTE] = STOP;
CLASS[HASH] = STOP;

const isOctal = (c: number) => c >= 0x30 && c <= 0x37;
function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Append the UTF-8 bytes of the character at text[i]; returns the index after it. */
function pushChar(text: string, i: number, bytes: number[]): number {
  const c = text.charCodeAt(i);
  if (c < 128) {
    bytes.push(c);
    return i + 1;
  }
  const cp = text.codePointAt(i)!;
  for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) bytes.push(b);
  return i + (cp > 0xffff ? 2 : 1);
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
  // Character codes, not one-character strings: a leases file can hold millions of tokens.
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NL) {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c < 128 && CLASS[c] === BLANK) {
      i++;
      continue;
    }
    if (c === HASH) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      continue;
    }
    const col = i - lineStart + 1;
    if (c < 128 && CLASS[c] === PUNCT_C) {
      out.push({ kind: 'punct', text: text[i], file, line, col, offset: i });
      i++;
      continue;
    }
    if (c === QUOTE) {
      const startLine = line;
      const start0 = i;
      const bytes: number[] = [];
      i++;
      let closed = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === QUOTE) {
          closed = true;
          i++;
          break;
        }
        if (d === NL) {
          line++;
          lineStart = i + 1;
        }
        if (d === BACKSLASH && i + 1 < n) {
          const e = text.charCodeAt(i + 1);
          i += 2;
          if (e === 0x6e) bytes.push(10); // \n
          else if (e === 0x74) bytes.push(9); // \t
          else if (e === 0x72) bytes.push(13); // \r
          else if (e === 0x62) bytes.push(8); // \b
          else if (isOctal(e)) {
            // \ooo: up to three octal digits (conflex.c read_string).
            let v = e - 0x30;
            for (let k = 0; k < 2 && i < n && isOctal(text.charCodeAt(i)); k++) v = v * 8 + text.charCodeAt(i++) - 0x30;
            bytes.push(v & 255);
          } else if (e === 0x78 && hexVal(text.charCodeAt(i)) >= 0) {
            // \xhh
            let v = 0;
            for (let k = 0; k < 2 && i < n && hexVal(text.charCodeAt(i)) >= 0; k++) v = v * 16 + hexVal(text.charCodeAt(i++));
            bytes.push(v);
          } else {
            if (e === NL) {
              line++;
              lineStart = i;
            }
            i -= 1; // the escaped character itself, as written
            i = pushChar(text, i, bytes);
          }
          continue;
        }
        i = pushChar(text, i, bytes);
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
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d < 128 && CLASS[d] !== WORD) break;
    }
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

  /** Replace the token `ahead` of the cursor by `parts` (an expression parser splitting a word). */
  replace(ahead: number, parts: Token[]): void {
    const i = this.pos + ahead;
    if (i < this.tokens.length - 1) this.tokens.splice(i, 1, ...parts);
  }

  /** The token before `tok` in the stream (dhcpd names its line in some errors); `tok` itself when first. */
  before(tok: Token): Token {
    const i = this.tokens.lastIndexOf(tok, this.pos);
    const prev = i > 0 ? this.tokens[i - 1] : undefined;
    return prev ?? { ...tok, line: tok.line - 1 };
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
