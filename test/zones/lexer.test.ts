import { describe, expect, it } from 'vitest';
import { Lexer, LexError, T_EOF, T_EOL, T_QSTRING, T_STRING } from '../../src/zones/lexer.js';

const KIND = { [T_STRING]: 'S', [T_QSTRING]: 'Q', [T_EOL]: 'EOL', [T_EOF]: 'EOF' } as Record<number, string>;

function tokens(src: string): string[] {
  const lx = new Lexer(src);
  const out: string[] = [];
  for (;;) {
    const k = lx.next();
    const ws = lx.initialWs ? '^' : '';
    out.push(k === T_EOL || k === T_EOF ? `${KIND[k]}@${lx.line}` : `${ws}${KIND[k]}:${lx.text}@${lx.line}:${lx.col}`);
    if (k === T_EOF) return out;
  }
}

function lexError(src: string): string {
  const lx = new Lexer(src);
  try {
    while (lx.next() !== T_EOF);
  } catch (e) {
    if (e instanceof LexError) return `${e.line}:${e.col}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('master-file tokens (RFC 1035 5.1, BIND isc_lex)', () => {
  it.each<[string, string, string[]]>([
    ['blanks separate tokens', 'a  IN\tA 1.2.3.4\n', ['S:a@1:1', 'S:IN@1:4', 'S:A@1:7', 'S:1.2.3.4@1:9', 'EOL@1', 'EOF@2']],
    ['a leading blank marks the first token only', '  A 1\nb A\n', ['^S:A@1:3', 'S:1@1:5', 'EOL@1', 'S:b@2:1', 'S:A@2:3', 'EOL@2', 'EOF@3']],
    ['comments run to the line end', 'a ; x y "z\nb;c\n', ['S:a@1:1', 'EOL@1', 'S:b@2:1', 'EOL@2', 'EOF@3']],
    ['parentheses hide line ends', 'a ( b\n c ) d\ne\n', ['S:a@1:1', 'S:b@1:5', 'S:c@2:2', 'S:d@2:6', 'EOL@2', 'S:e@3:1', 'EOL@3', 'EOF@4']],
    ['nested parentheses', 'a ((b)\n(c))\n', ['S:a@1:1', 'S:b@1:5', 'S:c@2:2', 'EOL@2', 'EOF@3']],
    ['specials end an unquoted token', 'a"b c"d(e)f;g\n', ['S:a@1:1', 'Q:b c@1:2', 'S:d@1:7', 'S:e@1:9', 'S:f@1:11', 'EOL@1', 'EOF@2']],
    ['escapes keep specials inside a token', 'a\\ b\\(c\\;d\\"e\n', ['S:a\\ b\\(c\\;d\\"e@1:1', 'EOL@1', 'EOF@2']],
    ['quoted strings keep escapes raw', '"a\\"b" "" "x;y"\n', ['Q:a\\"b@1:1', 'Q:@1:8', 'Q:x;y@1:11', 'EOL@1', 'EOF@2']],
    ['CRLF and lone CR end lines', 'a\r\nb\rc\n', ['S:a@1:1', 'EOL@1', 'S:b@2:1', 'EOL@2', 'S:c@3:1', 'EOL@3', 'EOF@4']],
    ['a blank line that is only a comment', '   ; note\nx\n', ['EOL@1', 'S:x@2:1', 'EOL@2', 'EOF@3']],
    ['end of input without newline', 'a b', ['S:a@1:1', 'S:b@1:3', 'EOF@1']],
    ['a blank-started record whose first token is on a later line', ' (\n A )\n', ['^S:A@2:2', 'EOL@2', 'EOF@3']],
  ])('%s', (_n, src, want) => {
    expect(tokens(src)).toEqual(want);
  });

  it.each<[string, string]>([
    ['a )\n', '1:3: unbalanced parentheses'],
    ['a ( b\n\nc', '3:2: unbalanced parentheses'],
    ['a "bc\nd"\n', '1:3: unbalanced quotes'],
    ['a "bc', '1:3: unexpected end of input'],
  ])('%j fails with %s', (src, want) => {
    expect(lexError(src)).toBe(want);
  });
});

/** Every token with all it says of itself, or the error, reading `src` in the given pieces. */
function fullTokens(pieces: string[]): string[] {
  const rest = pieces.slice(1);
  const lx = new Lexer(pieces[0], () => rest.shift());
  const out: string[] = [];
  try {
    for (;;) {
      const k = lx.next();
      out.push(`${k}|${lx.text}|${lx.line}:${lx.col}-${lx.endLine}:${lx.endCol}|${lx.initialWs ? `ws${lx.wsLine}:${lx.wsCol}` : ''}|${lx.currentLine}/${lx.parenDepth}`);
      if (k === T_EOF) return out;
    }
  } catch (e) {
    if (e instanceof LexError) return [...out, `error ${e.line}:${e.col}: ${e.message} ${e.atEof}`];
    throw e;
  }
}

describe('text in pieces (a file read piece by piece, zone-text-reader.ts)', () => {
  const texts = [
    '$TTL 1h\n@ IN SOA ns root ( 1 2\n 3 4 5 ) ; c\n  A 1.2.3.4\r\nb TXT "x y" "a\\\nb" "q\\"r"\nc\\ d A\\0651.2.3.4;x\r\n\te MX 1 f\n',
    'a ( b\n ; ( c\n) d\r\ne "x\n',
    'a "open\\\n and on',
    'x ) y\n',
    'a\\',
    '\r',
    '',
  ];
  it('reads as the whole text does, cut at every offset, in two and in one-char pieces', () => {
    for (const t of texts) {
      const whole = fullTokens([t]);
      for (let cut = 0; cut <= t.length; cut++) expect(fullTokens([t.slice(0, cut), t.slice(cut)])).toEqual(whole);
      expect(fullTokens(t === '' ? [''] : [...t])).toEqual(whole);
    }
  });
});
