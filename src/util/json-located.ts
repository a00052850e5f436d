/**
 * JSON (RFC 8259) read with the place of every value, so a file's checks can say
 * `FILE:LINE:COL: message` (src/util/located-error.ts). A scanner checks the grammar
 * (section 2 to 7) and records where each value starts, by its path (`machines.3.mac`); a
 * syntax error is a LocatedError at the offending character. JSON.parse then gives the values.
 */
import { LocatedError } from './located-error.js';

export interface LocatedJson {
  value: unknown;
  /** Line and column (from 1) where the value at `path` starts; the file's start for an unknown path. */
  at(path: (string | number)[]): { line: number; col: number };
  /** A LocatedError at the value `path`. */
  error(path: (string | number)[], message: string): LocatedError;
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** Checks the text against RFC 8259's grammar and records where each value starts, by path. */
function valueOffsets(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (what: string): never => {
    throw new JsonSyntaxError(i >= text.length ? `${what}, found the end of the file` : `${what}, found '${text[i]}'`, i);
  };
  const token = (re: RegExp, what: string): string => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) fail(what);
    i += m![0].length;
    return m![0];
  };
  const expect = (c: string) => {
    ws();
    if (text[i] !== c) fail(`expected '${c}'`);
    i++;
  };
  const value = (path: string): void => {
    ws();
    out.set(path, i);
    const c = text[i];
    const child = (k: string | number) => (path === '' ? String(k) : `${path}.${k}`);
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        const key = JSON.parse(token(STRING, 'expected a member name in double quotes')) as string;
        expect(':');
        value(child(key));
        ws();
        if (text[i] === '}') return void i++;
        if (text[i] !== ',') fail("expected ',' or '}'");
        i++;
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(child(n));
        ws();
        if (text[i] === ']') return void i++;
        if (text[i] !== ',') fail("expected ',' or ']'");
        i++;
      }
    } else if (c === '"') token(STRING, 'bad string');
    else if (c === '-' || (c >= '0' && c <= '9')) token(NUMBER, 'bad number');
    else token(LITERAL, 'expected a value');
  };
  value('');
  ws();
  if (i < text.length) fail('expected the end of the file');
  return out;
}

export function parseLocatedJson(text: string, file: string): LocatedJson {
  let offsets: Map<string, number>;
  try {
    offsets = valueOffsets(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const { line, col } = lineCol(text, e.offset);
    throw new LocatedError(e.message, file, line, col);
  }
  const value: unknown = JSON.parse(text);
  const at = (path: (string | number)[]) => lineCol(text, offsets.get(path.join('.')) ?? 0);
  return {
    value,
    at,
    error(path, message) {
      const { line, col } = at(path);
      return new LocatedError(message, file, line, col);
    },
  };
}
