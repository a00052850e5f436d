/**
 * Master-file tokenizer (RFC 1035 5.1), reproducing BIND 9.18's isc_lex in the modes
 * lib/dns/master.c uses (DNSMULTILINE, QSTRING, ESCAPE, INITIALWS, `;` comments):
 *
 * - tokens are separated by spaces and tabs; an unescaped `(`, `)`, `"` or `;` also ends an
 *   unquoted token (they are "specials"), a backslash escapes the next character;
 * - `(` ... `)` continue a record over line ends (the line ends inside are whitespace);
 *   a `)` without `(`, or the end of input inside `(`, is "unbalanced parentheses";
 * - `"..."` is one token that may hold spaces; an unescaped line end inside it is
 *   "unbalanced quotes";
 * - `;` starts a comment to the end of the line, outside quotes;
 * - a line that begins with a space or tab marks its first token `initialWs` (the owner is
 *   omitted: RFC 1035 5.1 "blank" owner).
 *
 * The input is a "binary" string, one char per byte (files are read as latin1), so that
 * `\DDD` escapes and raw bytes mean what they mean to BIND. It may come in pieces (`refill`,
 * see ZoneTextReader in parser.ts): a file is then never held whole, only the piece being
 * read; a token, comment or line end cut between two pieces reads as if it were not. The lexer is a cursor with
 * mutable fields rather than a stream of token objects: a 1,000,000-record zone makes no
 * per-token allocation beyond the token's text slice.
 */

export const T_STRING = 0;
export const T_QSTRING = 1;
export const T_EOL = 2;
export const T_EOF = 3;
export type TokenKind = typeof T_STRING | typeof T_QSTRING | typeof T_EOL | typeof T_EOF;

/** A lexical error: the message is BIND's (`unbalanced parentheses`, `unbalanced quotes`). */
export class LexError extends Error {
  constructor(message: string, readonly line: number, readonly col: number, readonly atEof = false) {
    super(message);
    this.name = 'LexError';
  }
}

const SP = 0x20, TAB = 0x09, LF = 0x0a, CR = 0x0d, QUOTE = 0x22, SEMI = 0x3b;
const LPAREN = 0x28, RPAREN = 0x29, BSLASH = 0x5c;

export class Lexer {
  /** Kind of the current token (after `next()`). */
  kind: TokenKind = T_EOF;
  /** Text of a string token as written (escapes kept); for a quoted string, between the quotes. */
  text = '';
  /** 1-based line and column where the token starts (for a quoted string: its opening quote). */
  line = 1;
  col = 1;
  /** Line and column just past the token's end (the lexer's place when it returned it). */
  endLine = 1;
  endCol = 1;
  /** The token is the first of a logical line that began with a space or tab. */
  initialWs = false;
  /** Where that initial whitespace was (BIND names this line for a record without owner). */
  wsLine = 1;
  wsCol = 1;

  private pos = 0;
  private curLine = 1;
  private lineStart = 0;
  private depth = 0;
  /** No token yet since the last end of line (at paren depth 0). */
  private atStart = true;
  private sawWs = false;
  private wsL = 1;
  private wsC = 1;

  /**
   * `src`: the text, or its first piece; `refill` gives the next piece, undefined at the end.
   */
  constructor(private src: string, private refill?: () => string | undefined) {}

  /**
   * The next piece appended to the text from offset `keep` on (what is before it is read):
   * returns the number of chars dropped from the front (positions move down by it), or -1
   * at the end of the input.
   */
  private more(keep: number): number {
    const next = this.refill?.();
    if (next === undefined) {
      this.refill = undefined;
      return -1;
    }
    // At a token boundary nothing is kept: the piece is taken as it is, not copied.
    this.src = keep >= this.src.length ? next : this.src.slice(keep) + next;
    this.lineStart -= keep;
    return keep;
  }

  /**
   * Inside a token at `pos`: when it reaches the end of the piece (or an escape is cut by it),
   * the next piece appended from `keep` (more()): the shift, else -1.
   */
  private refillAt(pos: number, keep: number): number {
    const src = this.src;
    if (this.refill === undefined || (pos < src.length - 1 || (pos === src.length - 1 && src.charCodeAt(pos) !== BSLASH))) return -1;
    return this.more(keep);
  }

  /** Current line of the cursor (BIND's isc_lex_getsourceline). */
  get currentLine(): number {
    return this.curLine;
  }

  get parenDepth(): number {
    return this.depth;
  }

  /** Advances to the next token and returns its kind; throws LexError. */
  next(): TokenKind {
    let src = this.src;
    let len = src.length;
    let pos = this.pos;
    for (;;) {
      // Between tokens at the end of a piece, or at a CR ending it (the LF of a CRLF may
      // start the next): read on in the next piece.
      if (this.refill && (pos >= len || (pos === len - 1 && src.charCodeAt(pos) === CR))) {
        const d = this.more(pos);
        if (d >= 0) {
          pos -= d;
          src = this.src;
          len = src.length;
          continue;
        }
      }
      if (pos >= len) {
        this.pos = pos;
        if (this.depth > 0) {
          this.depth = 0;
          throw new LexError('unbalanced parentheses', this.curLine, pos - this.lineStart + 1, true);
        }
        return this.emit(T_EOF, '', pos, pos);
      }
      const c = src.charCodeAt(pos);
      if (c === SP || c === TAB) {
        if (this.atStart && this.depth === 0 && !this.sawWs && pos === this.lineStart) {
          this.sawWs = true;
          this.wsL = this.curLine;
          this.wsC = 1;
        }
        pos++;
        continue;
      }
      if (c === LF || c === CR) {
        const start = pos;
        pos += c === CR && src.charCodeAt(pos + 1) === LF ? 2 : 1;
        if (this.depth > 0) {
          this.curLine++;
          this.lineStart = pos;
          continue;
        }
        this.pos = pos;
        const k = this.emit(T_EOL, '', start, start);
        this.curLine++;
        this.lineStart = pos;
        this.atStart = true;
        this.sawWs = false;
        return k;
      }
      if (c === SEMI) {
        for (;;) {
          while (pos < len) {
            const d = src.charCodeAt(pos);
            if (d === LF || d === CR) break;
            pos++;
          }
          if (pos < len || !this.refill) break;
          const d = this.more(pos);
          if (d < 0) break;
          pos -= d;
          src = this.src;
          len = src.length;
        }
        continue;
      }
      if (c === LPAREN) {
        this.depth++;
        pos++;
        continue;
      }
      if (c === RPAREN) {
        if (this.depth === 0) {
          this.pos = pos + 1;
          throw new LexError('unbalanced parentheses', this.curLine, pos - this.lineStart + 1);
        }
        this.depth--;
        pos++;
        continue;
      }
      if (c === QUOTE) return this.quoted(pos);
      // Unquoted string: up to a separator or special not escaped.
      let start = pos;
      for (;;) {
        // The token (or its escape) reaches the end of the piece: read on in the next.
        const shift = this.refillAt(pos, start);
        if (shift >= 0) {
          [pos, start, src, len] = [pos - shift, start - shift, this.src, this.src.length];
          continue;
        }
        if (pos >= len) break;
        const d = src.charCodeAt(pos);
        if (d === BSLASH) {
          const e = src.charCodeAt(pos + 1);
          if (pos + 1 >= len || e === LF || e === CR) {
            pos++;
            break;
          }
          pos += 2;
          continue;
        }
        if (d === SP || d === TAB || d === LF || d === CR || d === LPAREN || d === RPAREN || d === QUOTE || d === SEMI) break;
        pos++;
      }
      this.pos = pos;
      return this.emit(T_STRING, src.slice(start, pos), start, pos);
    }
  }

  private quoted(open: number): TokenKind {
    let src = this.src;
    let len = src.length;
    const line = this.curLine;
    const col = open - this.lineStart + 1;
    let pos = open + 1;
    let hasEscapedNewline = false;
    for (;;) {
      if (pos + 1 >= len) {
        // The end of the piece, or an escape it cuts: the string goes on in the next piece.
        const shift = this.refillAt(pos, open);
        if (shift >= 0) [pos, open, src, len] = [pos - shift, open - shift, this.src, this.src.length];
        else if (pos >= len) {
          this.pos = pos;
          throw new LexError('unexpected end of input', this.curLine, col, true);
        }
        if (shift >= 0) continue;
      }
      const d = src.charCodeAt(pos);
      if (d === QUOTE) break;
      if (d === BSLASH) {
        const e = src.charCodeAt(pos + 1);
        if (e === LF) {
          hasEscapedNewline = true;
          this.curLine++;
          this.lineStart = pos + 2;
        }
        pos += 2;
        continue;
      }
      if (d === LF || d === CR) {
        this.pos = pos;
        throw new LexError('unbalanced quotes', this.curLine, col);
      }
      pos++;
    }
    this.pos = pos + 1;
    const text = src.slice(open + 1, pos);
    const k = this.emit(T_QSTRING, text, open, pos + 1);
    if (hasEscapedNewline) {
      this.line = line;
      this.col = col;
    }
    return k;
  }

  private emit(kind: TokenKind, text: string, start: number, end: number): TokenKind {
    this.kind = kind;
    this.text = text;
    this.line = this.curLine;
    this.col = start - this.lineStart + 1;
    this.endLine = this.curLine;
    this.endCol = end - this.lineStart + 1;
    if (kind === T_EOL || kind === T_EOF) {
      this.initialWs = false;
    } else {
      this.initialWs = this.atStart && this.sawWs;
      if (this.initialWs) {
        this.wsLine = this.wsL;
        this.wsCol = this.wsC;
      }
      this.atStart = false;
    }
    return kind;
  }
}
