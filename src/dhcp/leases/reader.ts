/**
 * Reading a dhcpd.leases file: chunk by chunk (LeasesReader), or whole.
 */
import { LocatedError } from '../../util/located-error.js';
import type { Lease } from '../types.js';
import { type Token, tokenize } from '../conf/lexer.js';
import { generalStatements, NeedMore, type GeneralRun } from './parse.js';
import { K_LEASE, LeaseScanner, LF, TOP_LINES } from './scanner.js';
import { LatestLeases } from './latest.js';

export interface LeasesParseResult {
  /** The latest record per address, in the order of those latest records. */
  leases: Lease[];
  /** Number of lease blocks read (the journal compacts when it grows). */
  records: number;
  /** Torn last record, unknown statements skipped... */
  warnings: LocatedError[];
  /** True when the file ended inside a record (a crash mid-write). */
  torn: boolean;
  /** Length in bytes (UTF-8) of the file up to the end of its last complete statement. */
  validBytes: number;
  /** How many of `records` the fast scanner read (the rest went through the general parser). */
  fastRecords: number;
}

/** Tokens of `text` (a slice of the file starting at a line start) with lines made absolute. */
function sliceTokens(text: string, file: string, firstLine: number, lenient: boolean): Token[] {
  const tokens = tokenize(text, file, { lenient });
  if (firstLine !== 1) for (const t of tokens) t.line += firstLine - 1;
  return tokens;
}

/** Number of `\n` bytes in b[from, to). */
function countLines(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = b.indexOf(LF, from); i >= 0 && i < to; i = b.indexOf(LF, i + 1)) n++;
  return n;
}

export interface LeasesParseOptions {
  /** Read labnet-shaped records with the fast scanner (default true); false: the general parser only. */
  fastPath?: boolean;
}

/**
 * Reads a dhcpd.leases file (ISC dhcpd 4.4 or labnet) from its bytes (UTF-8), chunk by chunk as
 * they are read from disk (push), so that a million-lease file (~250 MB) is never one buffer or
 * one string; end() gives the result. Throws LocatedError on a malformed complete statement; a
 * torn final record is dropped with a warning.
 *
 * The fast scanner (LeaseScanner) reads whole lines of labnet-shaped statements; at the first line
 * it does not recognise, the general parser reads from there to the start of the next `lease`
 * line, then the scanner resumes. If that slice does not end cleanly (a statement runs past it, a
 * string is left open), the general parser reads the rest of the file instead, so the result is
 * always the general parser's. Bytes that cannot be decided yet (a record cut by the chunk's end)
 * wait for the next chunk.
 */
export class LeasesReader {
  private readonly latest = new LatestLeases();
  private readonly warnings: LocatedError[] = [];
  private records = 0;
  private fastRecords = 0;
  private validBytes = 0;
  private torn = false;
  /** Bytes not read yet, from a line start; `base` is the file offset of their first byte, `line` its line. */
  private pending: Buffer = Buffer.alloc(0);
  private base = 0;
  private line = 1;
  /** Once the general parser must read to the end of the file: the bytes from there on. */
  private rest: Buffer[] | undefined;
  private done = false;

  constructor(
    private readonly file: string,
    private readonly opts: LeasesParseOptions = {},
  ) {
    if (opts.fastPath === false) this.rest = [];
  }

  /** The next bytes of the file. The reader keeps no reference to `chunk` (the caller may reuse it). */
  push(chunk: Buffer): void {
    if (this.done) throw new Error('LeasesReader: push after end');
    if (chunk.length === 0) return;
    if (this.rest) {
      this.rest.push(Buffer.from(chunk));
      return;
    }
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const pos = this.scan(buf, false);
    if (this.rest) {
      this.pending = Buffer.alloc(0);
      return;
    }
    this.base += pos;
    // A copy: `chunk` may be the caller's reused read buffer.
    this.pending = pos < buf.length ? Buffer.from(buf.subarray(pos)) : Buffer.alloc(0);
  }

  /** End of file: read what is left and return the result. */
  end(): LeasesParseResult {
    if (!this.done) {
      this.done = true;
      if (!this.rest) {
        this.scan(this.pending, true);
        this.pending = Buffer.alloc(0);
      }
      if (this.rest) {
        const text = Buffer.concat(this.rest).toString('utf8');
        this.rest = undefined;
        this.merge(generalStatements(sliceTokens(text, this.file, this.line, true), true), this.base, text);
      }
    }
    return { leases: this.latest.values(), records: this.records, warnings: this.warnings, torn: this.torn, validBytes: this.validBytes, fastRecords: this.fastRecords };
  }

  /** Merge a general run over the text whose first byte is at file offset `at`. */
  private merge(r: GeneralRun, at: number, text: string): void {
    for (const l of r.leases) this.latest.add(l);
    this.records += r.records;
    if (r.warnings.length > 0) this.warnings.push(...r.warnings);
    if (r.validChars >= 0) this.validBytes = at + Buffer.byteLength(text.slice(0, r.validChars), 'utf8');
    this.torn = r.torn;
  }

  /**
   * Read whole statements of `b` (whose first byte is at file offset this.base, a line start);
   * returns where it stopped (a line start): what follows needs more bytes (unless `eof`). When the
   * general parser must read to the end of the file, the bytes from there on go to this.rest, with
   * this.base their offset, and it returns -1.
   */
  private scan(b: Buffer, eof: boolean): number {
    const sc = new LeaseScanner(b);
    const n = b.length;
    const base = this.base;
    let pos = 0;
    while (pos < n) {
      const c = b[pos];
      if (c === LF) {
        pos++;
        this.line++;
        continue;
      }
      if (c === 0x23) {
        // `#` comment line
        const eol = b.indexOf(LF, pos);
        if (eol < 0) {
          if (eof) return n;
          break;
        }
        pos = eol + 1;
        this.line++;
        continue;
      }
      if (c === 0x6c && sc.has(K_LEASE, pos)) {
        const lease = sc.block(pos);
        if (lease) {
          this.latest.add(lease);
          this.records++;
          this.fastRecords++;
          this.validBytes = base + sc.close + 1;
          this.line += sc.lines;
          pos = sc.i;
          continue;
        }
      } else if (c === 0x61) {
        const top = TOP_LINES.find((l) => sc.has(l, pos));
        if (top) {
          this.validBytes = base + pos + top.length - 1;
          pos += top.length;
          this.line++;
          continue;
        }
      }
      // Not recognised (or cut by the chunk's end): the general parser, on the slice up to the next `lease` line.
      const next = b.indexOf('\nlease ', pos);
      if (next < 0 && !eof) break; // that line is not here yet
      if (next >= 0) {
        const end = next + 1;
        const text = b.toString('utf8', pos, end);
        let run: GeneralRun | undefined;
        let tokens: Token[] | undefined;
        try {
          tokens = sliceTokens(text, this.file, this.line, false);
        } catch {
          // A string still open at the slice's end (strict tokenize): read the rest of the file instead.
        }
        try {
          if (tokens) run = generalStatements(tokens, false);
        } catch (e) {
          // A statement running past the slice: read the rest of the file instead.
          if (!(e instanceof NeedMore)) throw e;
        }
        if (run) {
          this.merge(run, base + pos, text);
          this.line += countLines(b, pos, end);
          pos = end;
          continue;
        }
      }
      this.base = base + pos;
      this.rest = [Buffer.from(b.subarray(pos))];
      return -1;
    }
    return pos;
  }
}

/** Read a whole dhcpd.leases file from its bytes (see LeasesReader). */
export function parseLeasesBuffer(b: Buffer, file: string, opts: LeasesParseOptions = {}): LeasesParseResult {
  const r = new LeasesReader(file, opts);
  r.push(b);
  return r.end();
}

/**
 * Read a dhcpd.leases file (ISC dhcpd 4.4 or labnet). Throws LocatedError on a malformed
 * complete statement; a torn final record is dropped with a warning.
 */
export function parseLeasesFileDetailed(text: string, file: string, opts: LeasesParseOptions = {}): LeasesParseResult {
  // A string with lone surrogates does not survive UTF-8 encoding: the general parser reads it as is.
  if (opts.fastPath === false || !(text as string & { isWellFormed(): boolean }).isWellFormed()) {
    const r = generalStatements(tokenize(text, file, { lenient: true }), true);
    const latest = new LatestLeases();
    for (const l of r.leases) latest.add(l);
    const validBytes = r.validChars < 0 ? 0 : Buffer.byteLength(text.slice(0, r.validChars), 'utf8');
    return { leases: latest.values(), records: r.records, warnings: r.warnings, torn: r.torn, validBytes, fastRecords: 0 };
  }
  return parseLeasesBuffer(Buffer.from(text, 'utf8'), file, opts);
}

/** The leases of a dhcpd.leases file: the last record for each address. */
export function parseLeasesFile(text: string, file: string, onWarning?: (w: LocatedError) => void): Lease[] {
  const r = parseLeasesFileDetailed(text, file);
  if (onWarning) r.warnings.forEach(onWarning);
  return r.leases;
}
