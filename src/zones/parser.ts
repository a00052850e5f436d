/**
 * Streaming master-file parser (RFC 1035 5.1; RFC 2308 4 `$TTL`; BIND 9.18 lib/dns/master.c
 * for everything the RFCs leave open):
 *
 * - `$ORIGIN name`, `$TTL ttl`, `$INCLUDE file [origin]` (paths relative to `includeBase`;
 *   the include's origin applies inside it only; afterwards the origin and the last owner
 *   are the includer's again, while `$TTL` and the last TTL carry over, as in BIND),
 *   `$GENERATE` (generate.ts), `$DATE YYYYMMDDHHMMSS` (BIND's dump time: checked, warned
 *   about when in the future, and without effect on a zone: named ages TTLs by it only when
 *   it loads a cache dump); any other `$WORD` is "unknown $ directive";
 * - owner `@`, relative or absolute, or omitted (line starts with blank: previous owner);
 * - `[ttl] [class] type` or `[class] [ttl] type`; TTL units (`1h30m`, `1w`);
 * - default TTL as BIND: `$TTL`; else the SOA MINIMUM when the SOA has no TTL ("no TTL
 *   specified; using SOA MINTTL instead"); else the last explicit TTL ("using RFC1035 TTL
 *   semantics"); a record with no TTL at all is "no TTL specified; zone rejected";
 *   a TTL above 2^31-1 is set to 0 with BIND's warning (RFC 2181 8);
 * - a class other than IN is "class 'CH' != zone class 'IN'" (labnet serves IN only).
 *
 * Out-of-zone owners, SOA placement, duplicate and CNAME checks are the zone model's
 * (zone.ts): the parser yields every record it reads.
 *
 * Errors: the first fatal one is thrown as a LocatedError `FILE:LINE:COL: message 'token'`,
 * where LINE is the line BIND's named-checkzone names for the same error:
 * - record-level errors (unknown type, class, no owner, no TTL): the record's first line;
 * - RDATA errors: the line where the token before the offending one ends (BIND ungets the
 *   bad token and reports the lexer's line); COL is the offending token's column when it is
 *   on that line, else the column just past the previous token;
 * - lexical errors (unbalanced parentheses or quotes): where the lexer stands.
 *
 * The input text is a "binary" string (one char per byte; parseZoneFile reads latin1).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LocatedError } from '../util/located-error.js';
import { NameError, parseName, ROOT } from '../wire/name.js';
import { CLASS_IN, RRType, type ParsedRecord } from './record.js';
import { classFromText, classToText, isMetaType, typeFromText, typeToText } from '../wire/rrtypes.js';
import { fixedFieldCount, opensQuotedValue, rdataFromText, RdataError, readsValuePairs } from '../wire/rdata.js';
import { parseIPv4, parseIPv6, parseTtl } from '../wire/rdata/text.js';
import { parseTime64 } from '../wire/rdata/types/keydata.js';
import { Lexer, LexError, T_EOF, T_EOL, T_QSTRING, T_STRING } from './lexer.js';
import { genname, GenerateError, parseGenerateRange } from './generate.js';

export interface ParseOptions {
  /** Canonical absolute origin, e.g. 'lab.local.'. */
  origin: string;
  /** Name used in error locations. */
  file: string;
  /** A default TTL in force before any `$TTL` (as if the file began with `$TTL n`). */
  defaultTtl?: number;
  /** Directory $INCLUDE paths resolve against (default: dirname(file)). */
  includeBase?: string;
  /** Default fs.readFileSync(path, 'latin1'): one char per byte, as BIND reads bytes. */
  readFile?: (path: string) => string;
  warn?: (w: { file: string; line: number; col: number; message: string }) => void;
  /** The clock `$DATE` is compared with (ms since 1970; default Date.now). */
  now?: () => number;
  /** The rest of the text after the one given, in pieces (zone-text-reader.ts), undefined at its end. */
  more?: () => string | undefined;
}

const MAX_TTL = 0x7fffffff;
const MAX_INCLUDE_DEPTH = 64;

interface Frame {
  lexer: Lexer;
  file: string;
  origin: string;
  owner: string | undefined;
  /** $ORIGIN was just read (BIND warns about a blank owner right after it). */
  originChanged: boolean;
}

/** Token text as written: a quoted string gets its quotes back (see rdata.ts). */
function raw(lx: Lexer): string {
  return lx.kind === T_QSTRING ? '"' + lx.text + '"' : lx.text;
}

function nameMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (m.startsWith('bad escape') || m === 'non-ASCII character in name') return 'bad escape';
  return m;
}

/** A name as BIND prints it in messages: no trailing dot except for the root. */
function displayName(name: string): string {
  return name === ROOT ? ROOT : name.slice(0, -1);
}

const SIMPLE_LABEL = /^[A-Za-z0-9_*-]{1,63}$/;

class ZoneParser {
  private readonly frames: Frame[] = [];
  private readonly fields: string[] = [];
  private fLine: Int32Array = new Int32Array(64);
  private fCol: Int32Array = new Int32Array(64);
  private fEndLine: Int32Array = new Int32Array(64);
  private fEndCol: Int32Array = new Int32Array(64);
  /** A $GENERATE being expanded lazily, and where to check for the end of its line after. */
  private gen: { records: Iterator<ParsedRecord>; frame: Frame; line: number } | undefined;
  private readonly readFile: (path: string) => string;
  private readonly includeBase: string;
  // TTL state (BIND's lctx: global across includes).
  private ttl = 0;
  private ttlKnown = false;
  private defaultTtl = 0;
  private defaultTtlKnown = false;
  private warn1035 = true;
  // Owner name fast path: origin -> its wire length.
  private originLenCache = new Map<string, number>();

  constructor(private readonly opts: ParseOptions) {
    this.readFile = opts.readFile ?? ((p) => readFileSync(p, 'latin1'));
    this.includeBase = opts.includeBase ?? dirname(opts.file);
    if (opts.defaultTtl !== undefined) {
      this.defaultTtl = this.ttl = opts.defaultTtl;
      this.defaultTtlKnown = true;
    }
  }

  start(text: string): void {
    this.frames.push({ lexer: new Lexer(text, this.opts.more), file: this.opts.file, origin: this.opts.origin, owner: undefined, originChanged: false });
  }

  private warn(file: string, line: number, col: number, message: string): void {
    this.opts.warn?.({ file, line, col, message });
  }

  private next(f: Frame): number {
    try {
      return f.lexer.next();
    } catch (e) {
      if (e instanceof LexError) throw new LocatedError(e.message, f.file, e.line, e.col);
      throw e;
    }
  }

  /** The next token must be a string (BIND GETTOKEN without eol): else "unexpected end of line". */
  private needString(f: Frame, line: number, col: number): void {
    const k = this.next(f);
    if (k === T_EOL || k === T_EOF) throw new LocatedError('unexpected end of line', f.file, line, col);
  }

  /** BIND's EXPECTEOL: anything else is "extra input text". */
  /**
   * The end of a directive's line. The end of the file is not one: master.c's EXPECTEOL takes
   * only an end-of-line token, so a file cut after `$TTL 6` (a half-written file) is "extra
   * input text" at the directive's line, not a directive taken in full.
   */
  private expectEol(f: Frame, line: number): void {
    const k = this.next(f);
    const lx = f.lexer;
    if (k === T_EOF) throw new LocatedError('extra input text', f.file, line, lx.line === line ? lx.col : 1);
    if (k !== T_EOL) throw new LocatedError(`extra input text '${raw(lx)}'`, f.file, line, lx.line === line ? lx.col : 1, raw(lx));
  }

  private originLen(origin: string): number {
    let n = this.originLenCache.get(origin);
    if (n === undefined) {
      n = origin === ROOT ? 1 : Buffer.byteLength(origin, 'latin1') + 1;
      // Escapes make the text longer than the wire; fall back to the slow path then.
      if (origin.includes('\\')) n = 1e9;
      this.originLenCache.set(origin, n);
    }
    return n;
  }

  /** A name as written (owner, $ORIGIN, $INCLUDE origin) to its canonical absolute form. */
  private name(text: string, origin: string, file: string, line: number, col: number): string {
    if (SIMPLE_LABEL.test(text) && this.originLen(origin) + text.length + 1 <= 255) {
      return origin === ROOT ? text + '.' : text + '.' + origin;
    }
    for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 2)) {
      const d = text.charCodeAt(i + 1);
      if (d >= 48 && d <= 57 && !/^\d\d\d$/.test(text.slice(i + 1, i + 4))) {
        throw new LocatedError(`bad escape '${text}'`, file, line, col, text);
      }
    }
    try {
      return parseName(text, origin);
    } catch (e) {
      if (e instanceof NameError) throw new LocatedError(`${nameMessage(e)} '${text}'`, file, line, col, text);
      throw e;
    }
  }

  private limitTtl(v: number, file: string, line: number, col: number): number {
    if (v > MAX_TTL) {
      this.warn(file, line, col, `$TTL ${v} > MAXTTL, setting $TTL to 0`);
      return 0;
    }
    return v;
  }

  /** Returns the next record, or undefined at the end of the zone. */
  nextRecord(): ParsedRecord | undefined {
    for (;;) {
      if (this.gen) {
        const g = this.gen;
        const n = g.records.next();
        if (!n.done) return n.value;
        this.gen = undefined;
        // master.c: EXPECTEOL after generate(), so generation errors come first.
        this.expectEol(g.frame, g.line);
        continue;
      }
      const f = this.frames[this.frames.length - 1];
      if (!f) return undefined;
      const lx = f.lexer;
      const k = this.next(f);
      if (k === T_EOF) {
        this.frames.pop();
        continue;
      }
      if (k === T_EOL) continue;
      let recLine: number;
      let recCol: number;
      let owner: string;
      if (lx.initialWs) {
        recLine = lx.wsLine;
        recCol = lx.wsCol;
        if (f.owner === undefined) throw new LocatedError('no current owner name', f.file, recLine, recCol);
        owner = f.owner;
        if (f.originChanged) {
          this.warn(f.file, recLine, recCol,
            `record with inherited owner (${displayName(owner)}) immediately after $ORIGIN (${displayName(f.origin)})`);
        }
      } else {
        recLine = lx.line;
        recCol = lx.col;
        const t = lx.text;
        if (k === T_STRING && t.charCodeAt(0) === 0x24 /* $ */) {
          this.directive(f, t, recLine, recCol);
          continue;
        }
        owner = this.name(t, f.origin, f.file, recLine, recCol);
        f.owner = owner;
        this.needString(f, recLine, lx.endCol);
      }
      f.originChanged = false;
      return this.record(f, owner, recLine, recCol);
    }
  }

  /** The rest of a record, the current token being the first after the owner. */
  private record(f: Frame, owner: string, recLine: number, recCol: number): ParsedRecord {
    const lx = f.lexer;
    // [class] [ttl] [class] type  (master.c: class, then TTL, then class again)
    let rdclass = 0;
    let explicit = false;
    let c = classFromText(lx.text);
    if (c !== undefined && lx.kind === T_STRING) {
      rdclass = c;
      this.needString(f, recLine, lx.endCol);
    }
    const t = lx.kind === T_STRING ? parseTtl(lx.text) : undefined;
    if (t !== undefined) {
      this.ttl = this.limitTtl(t, f.file, recLine, recCol);
      explicit = true;
      this.ttlKnown = true;
      this.needString(f, recLine, lx.endCol);
    }
    if (rdclass === 0 && lx.kind === T_STRING && (c = classFromText(lx.text)) !== undefined) {
      rdclass = c;
      this.needString(f, recLine, lx.endCol);
    }
    const typeText = raw(lx);
    const type = lx.kind === T_STRING ? typeFromText(lx.text) : undefined;
    if (type === undefined) {
      throw new LocatedError(`unknown RR type '${typeText}'`, f.file, recLine, lx.line === recLine ? lx.col : recCol, typeText);
    }
    if (rdclass !== 0 && rdclass !== CLASS_IN) {
      const ct = classToText(rdclass);
      throw new LocatedError(`class '${ct}' != zone class 'IN'`, f.file, recLine, recCol, ct);
    }
    // RFC 1123 5.2.3 (MD, MF) and RFC 6895 3.1 (meta-types): not in master files.
    if (type === 3 || type === 4) {
      throw new LocatedError(`type '${typeToText(type)}': obsolete`, f.file, recLine, recCol, typeText);
    }
    if (isMetaType(type)) {
      throw new LocatedError(`type '${typeToText(type)}': invalid use of a meta type`, f.file, recLine, recCol, typeText);
    }
    // RDATA tokens to the end of the record.
    const typeEndLine = lx.endLine;
    const typeEndCol = lx.endCol;
    const fields = this.fields;
    fields.length = 0;
    const pairs = readsValuePairs(type);
    for (;;) {
      let k: number;
      try {
        k = lx.next();
      } catch (e) {
        if (!(e instanceof LexError)) throw e;
        // BIND reads and checks RDATA token by token: an error in a token already read (a bad
        // value, or one token too many) comes before the lexical error further on.
        try {
          rdataFromText(type, fields, f.origin);
        } catch (re) {
          if (re instanceof RdataError && re.field < fields.length) throw this.rdataError(f.file, re, typeEndLine, typeEndCol);
        }
        // End of file inside ( ): BIND meets it in its "extra input" loop when the RDATA was
        // complete (and names the line of the last token), else inside the RDATA reader.
        const need = fixedFieldCount(type, fields);
        if (e.atEof && need !== undefined && fields.length >= need) {
          const n = fields.length;
          const line = n === 0 ? typeEndLine : this.fEndLine[n - 1];
          const col = n === 0 ? typeEndCol : this.fEndCol[n - 1];
          throw new LocatedError(e.message, f.file, line, col);
        }
        throw new LocatedError(e.message, f.file, e.line, e.col);
      }
      if (k === T_EOL || k === T_EOF) break;
      const i = fields.length;
      if (pairs && k === T_QSTRING && i > 0 && lx.line === this.fEndLine[i - 1] && lx.col === this.fEndCol[i - 1] && opensQuotedValue(fields[i - 1])) {
        // `key="value"` is one token to BIND (rdata/value-pair.ts).
        fields[i - 1] += '"' + lx.text + '"';
        this.fEndLine[i - 1] = lx.endLine;
        this.fEndCol[i - 1] = lx.endCol;
        continue;
      }
      if (i === this.fLine.length) this.growFields();
      fields.push(k === T_QSTRING ? '"' + lx.text + '"' : lx.text);
      this.fLine[i] = lx.line;
      this.fCol[i] = lx.col;
      this.fEndLine[i] = lx.endLine;
      this.fEndCol[i] = lx.endCol;
    }
    let rdata: Buffer;
    try {
      rdata = rdataFromText(type, fields, f.origin);
    } catch (e) {
      if (e instanceof RdataError) throw this.rdataError(f.file, e, typeEndLine, typeEndCol);
      throw e;
    }
    if (type === RRType.NS && fields.length > 0) {
      const a = fields[0].endsWith('.') ? fields[0].slice(0, -1) : fields[0];
      if (parseIPv4(a) || parseIPv6(a)) {
        this.warn(f.file, recLine, recCol, `NS record '${fields[0]}' appears to be an address`);
      }
    }
    // TTL (master.c, after the RDATA is read).
    if (!this.ttlKnown && !this.defaultTtlKnown) {
      if (type === RRType.SOA) {
        this.warn(f.file, recLine, recCol, 'no TTL specified; using SOA MINTTL instead');
        this.ttl = this.limitTtl(rdata.readUInt32BE(rdata.length - 4), f.file, recLine, recCol);
        this.defaultTtl = this.ttl;
        this.defaultTtlKnown = true;
      } else {
        throw new LocatedError('no TTL specified; zone rejected', f.file, recLine, recCol);
      }
    } else if (!explicit && this.defaultTtlKnown) {
      this.ttl = this.defaultTtl;
    } else if (!explicit && this.warn1035) {
      this.warn(f.file, recLine, recCol, 'using RFC1035 TTL semantics');
      this.warn1035 = false;
    }
    return {
      name: owner,
      ttl: this.ttl,
      class: CLASS_IN,
      type,
      rdata,
      source: { file: f.file, line: recLine, col: recCol },
      explicitTtl: explicit,
    };
  }

  private growFields(): void {
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.fLine = grow(this.fLine);
    this.fCol = grow(this.fCol);
    this.fEndLine = grow(this.fEndLine);
    this.fEndCol = grow(this.fEndCol);
  }

  /** Locates an RdataError as BIND does (see the module comment). */
  private rdataError(file: string, e: RdataError, typeEndLine: number, typeEndCol: number): LocatedError {
    const fields = this.fields;
    const i = e.field;
    const prevLine = i === 0 ? typeEndLine : this.fEndLine[Math.min(i, fields.length) - 1];
    const prevCol = i === 0 ? typeEndCol : this.fEndCol[Math.min(i, fields.length) - 1];
    if (i < fields.length) {
      const tok = fields[i];
      const col = this.fLine[i] === prevLine ? this.fCol[i] : prevCol;
      return new LocatedError(`${e.message} '${tok}'`, file, prevLine, col, tok);
    }
    return new LocatedError(e.message, file, prevLine, prevCol);
  }

  private directive(f: Frame, word: string, line: number, col: number): void {
    const lx = f.lexer;
    const d = word.toUpperCase();
    if (d === '$ORIGIN') {
      this.needString(f, line, lx.endCol);
      f.origin = this.name(lx.text, f.origin, f.file, lx.line, lx.col);
      f.originChanged = true;
      this.expectEol(f, line);
    } else if (d === '$TTL') {
      this.needString(f, line, lx.endCol);
      const v = parseTtl(lx.text);
      if (v === undefined) throw new LocatedError(`bad ttl '${lx.text}'`, f.file, lx.line, lx.col, lx.text);
      this.ttl = this.defaultTtl = this.limitTtl(v, f.file, line, col);
      this.defaultTtlKnown = true;
      this.expectEol(f, line);
    } else if (d === '$INCLUDE') {
      this.include(f, line, col);
    } else if (d === '$GENERATE') {
      this.generate(f, line, col);
    } else if (d === '$DATE') {
      this.date(f, line, col);
    } else {
      throw new LocatedError(`unknown $ directive '${word}'`, f.file, line, col, word);
    }
  }

  /**
   * `$DATE YYYYMMDDHHMMSS` as BIND 9.18's master.c reads it: dns_time64_fromtext ('syntax
   * error', 'out of range'), a time that does not fit 32-bit seconds since 1970 is '$DATE
   * outside epoch', a time after now is only warned about, then the end of the line.
   */
  private date(f: Frame, line: number, col: number): void {
    const lx = f.lexer;
    this.needString(f, line, lx.endCol);
    const text = lx.text;
    const at = [f.file, lx.line, lx.col] as const;
    let t: number;
    try {
      if (lx.kind === T_QSTRING) throw new RdataError('syntax error', 0);
      t = parseTime64(text, 0);
    } catch (e) {
      if (e instanceof RdataError) throw new LocatedError(`${e.message} '${raw(lx)}'`, ...at, raw(lx));
      throw e;
    }
    if (t < 0 || t > 0xffffffff) throw new LocatedError(`$DATE outside epoch '${text}'`, ...at, text);
    const now = Math.floor((this.opts.now ?? Date.now)() / 1000);
    if (t > now) this.warn(f.file, line, col, '$DATE in future, using current date');
    this.expectEol(f, line);
  }

  private include(f: Frame, line: number, col: number): void {
    const lx = f.lexer;
    this.needString(f, line, lx.endCol);
    const path = lx.text;
    const pathLine = lx.line;
    const pathCol = lx.col;
    let origin = f.origin;
    const k = this.next(f);
    if (k !== T_EOL && k !== T_EOF) {
      origin = this.name(lx.text, f.origin, f.file, lx.line, lx.col);
      this.expectEol(f, line);
    }
    if (this.frames.length >= MAX_INCLUDE_DEPTH) {
      throw new LocatedError(`too many nested $INCLUDEs '${path}'`, f.file, pathLine, pathCol, path);
    }
    const full = isAbsolute(path) ? path : resolve(this.includeBase, path);
    let text: string;
    try {
      text = this.readFile(full);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
      throw new LocatedError(`${why} '${path}'`, f.file, pathLine, pathCol, path);
    }
    this.frames.push({ lexer: new Lexer(text), file: path, origin, owner: f.owner, originChanged: false });
  }

  /** `$GENERATE range lhs [class] [ttl] [class] type rhs` (master.c order). */
  private generate(f: Frame, line: number, col: number): void {
    const lx = f.lexer;
    const file = f.file;
    this.needString(f, line, lx.endCol);
    const range = lx.text;
    this.needString(f, line, lx.endCol);
    const lhs = lx.text;
    this.needString(f, line, lx.endCol);
    let rdclass = 0;
    let explicit = false;
    let c = classFromText(lx.text);
    if (c !== undefined) {
      rdclass = c;
      this.needString(f, line, lx.endCol);
    }
    const t = parseTtl(lx.text);
    if (t !== undefined) {
      this.ttl = this.limitTtl(t, file, line, col);
      this.ttlKnown = true;
      explicit = true;
      this.needString(f, line, lx.endCol);
    }
    if (rdclass === 0 && (c = classFromText(lx.text)) !== undefined) {
      rdclass = c;
      this.needString(f, line, lx.endCol);
    }
    const gtype = lx.text;
    this.needString(f, line, lx.endCol);
    const rhs = lx.text;
    if (!this.ttlKnown && !this.defaultTtlKnown) {
      throw new LocatedError('no TTL specified', file, line, col);
    } else if (!explicit && this.defaultTtlKnown) {
      this.ttl = this.defaultTtl;
    }
    if (rdclass !== 0 && rdclass !== CLASS_IN) {
      const ct = classToText(rdclass);
      throw new LocatedError(`class '${ct}' != zone class 'IN'`, file, line, col, ct);
    }
    const r = parseGenerateRange(range);
    if (!r) throw new LocatedError(`invalid range '${range}'`, file, line, col, range);
    const type = typeFromText(gtype);
    if (type === undefined) throw new LocatedError(`unknown RR type '${gtype}'`, file, line, col, gtype);
    if (isMetaType(type)) throw new LocatedError(`meta RR type '${gtype}'`, file, line, col, gtype);
    this.gen = {
      records: generateRecords(r, lhs, rhs, type, f.origin, this.ttl, explicit, file, line, col),
      frame: f,
      line,
    };
  }
}

/** The records of one $GENERATE, made as they are pulled (a range may be huge). */
function* generateRecords(
  r: { start: number; stop: number; step: number }, lhs: string, rhs: string, type: number, origin: string,
  ttl: number, explicit: boolean, file: string, line: number, col: number,
): Generator<ParsedRecord> {
  const fields: string[] = [];
  for (let i = r.start; i <= r.stop; i += r.step) {
    let owner: string;
    let rtext: string;
    try {
      const ltext = genname(lhs, i);
      rtext = genname(rhs, i);
      owner = parseName(ltext, origin);
    } catch (e) {
      if (e instanceof GenerateError) throw new LocatedError(`${e.message} '${lhs} ${rhs}'`, file, line, col);
      if (e instanceof NameError) throw new LocatedError(`${nameMessage(e)} '${lhs}'`, file, line, col, lhs);
      throw e;
    }
    const glx = new Lexer(rtext);
    fields.length = 0;
    try {
      for (let k = glx.next(); k !== T_EOF && k !== T_EOL; k = glx.next()) {
        fields.push(k === T_QSTRING ? '"' + glx.text + '"' : glx.text);
      }
    } catch (e) {
      if (e instanceof LexError) throw new LocatedError(`${e.message} '${rtext}'`, file, line, col, rtext);
      throw e;
    }
    let rdata: Buffer;
    try {
      rdata = rdataFromText(type, fields, origin);
    } catch (e) {
      if (e instanceof RdataError) {
        const tok = e.field < fields.length ? fields[e.field] : rtext;
        throw new LocatedError(`${e.message} '${tok}'`, file, line, col, tok);
      }
      throw e;
    }
    yield { name: owner, ttl, class: CLASS_IN, type, rdata, source: { file, line, col }, explicitTtl: explicit };
  }
}

/**
 * Parses master-file text lazily: records are read as the iterator is pulled. A plain
 * iterator, not a generator: one result object for all records (each read before the next
 * is pulled, as for...of and spread do), no generator frame resumed per record.
 */
export function parseZone(text: string, opts: ParseOptions): IterableIterator<ParsedRecord> {
  const p = new ZoneParser(opts);
  p.start(text);
  const result: IteratorResult<ParsedRecord, undefined> = { done: false, value: undefined as unknown as ParsedRecord };
  const it: IterableIterator<ParsedRecord> = {
    next(): IteratorResult<ParsedRecord, undefined> {
      const r = p.nextRecord();
      if (r === undefined) return { done: true, value: undefined };
      result.value = r;
      return result;
    },
    [Symbol.iterator]: () => it,
  };
  return it;
}

/** Reads `path` (latin1, one char per byte) and parses it; `file` defaults to `path`. */
export function* parseZoneFile(
  path: string,
  opts: Omit<ParseOptions, 'file'> & { file?: string },
): Generator<ParsedRecord> {
  const readFile = opts.readFile ?? ((p: string) => readFileSync(p, 'latin1'));
  const file = opts.file ?? path;
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LocatedError(code === 'ENOENT' ? 'file not found' : (e as Error).message, file, 0, 0);
  }
  yield* parseZone(text, { ...opts, file, includeBase: opts.includeBase ?? dirname(path), readFile });
}
