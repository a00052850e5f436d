/**
 * The ISC dhcpd.leases format (dhcpd.leases(5); dhcpd 4.4 server/db.c write_lease):
 *
 *   lease 192.168.244.150 {
 *     starts 5 2026/11/27 08:00:00;
 *     ends 5 2026/11/27 08:10:00;
 *     cltt 5 2026/11/27 08:00:00;
 *     binding state active;
 *     next binding state free;
 *     hardware ethernet 00:0c:29:aa:bb:10;
 *     uid "\001\000\014)\252\273\020";
 *     client-hostname "x";
 *   }
 *
 * Times are `W YYYY/MM/DD HH:MM:SS` in UTC (W: 0 = Sunday), or `epoch N;` (db-time-format local),
 * or `never`. The file is a log: a lease block repeated for the same address replaces the
 * earlier one. A crash mid-write leaves a torn last block; the reader drops it with a warning.
 * Whole seconds only: milliseconds of Lease times are dropped on write.
 */
import { LocatedError } from '../util/located-error.js';
import { ipFromString, ipToString } from './ip.js';
import type { Lease, LeaseState } from './types.js';
import { type Token, TokenStream, describe, tokenError, tokenize } from './conf/lexer.js';
import { parseBytes } from './option-defs.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `W YYYY/MM/DD HH:MM:SS` (UTC), or `never` for an infinite time. */
export function formatLeaseTime(ms: number): string {
  if (!Number.isFinite(ms)) return 'never';
  const d = new Date(Math.floor(ms / 1000) * 1000);
  return `${d.getUTCDay()} ${pad(d.getUTCFullYear(), 4)}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * dhcpd's quotify_buf: printable ASCII as is, `" ' $ \` and backquote escaped with a backslash,
 * everything else as a three-digit octal escape.
 */
export function quotifyBytes(buf: Buffer): string {
  let s = '"';
  for (const b of buf) {
    if (b === 0x22 || b === 0x27 || b === 0x24 || b === 0x60 || b === 0x5c) s += '\\' + String.fromCharCode(b);
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\' + b.toString(8).padStart(3, '0');
  }
  return s + '"';
}

/** One lease block, byte for byte as dhcpd 4.4 writes it (two-space indent, `}` then newline). */
export function formatLease(lease: Lease): string {
  const lines = [`lease ${ipToString(lease.ip)} {`];
  lines.push(`  starts ${formatLeaseTime(lease.starts)};`);
  lines.push(`  ends ${formatLeaseTime(lease.ends)};`);
  if (lease.cltt !== undefined) lines.push(`  cltt ${formatLeaseTime(lease.cltt)};`);
  lines.push(`  binding state ${lease.state};`);
  if (lease.state === 'active') lines.push('  next binding state free;');
  if (lease.hardwareEthernet) lines.push(`  hardware ethernet ${lease.hardwareEthernet};`);
  if (lease.clientId) lines.push(`  uid ${quotifyBytes(Buffer.from(lease.clientId, 'hex'))};`);
  if (lease.clientHostname !== undefined) lines.push(`  client-hostname ${quotifyBytes(Buffer.from(lease.clientHostname, 'utf8'))};`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** The header dhcpd writes at the top of a new leases file. */
export function formatLeasesHeader(writer = 'labnet'): string {
  return (
    '# The format of this file is documented in the dhcpd.leases(5) manual page.\n' +
    `# This lease file was written by ${writer}\n\n` +
    '# authoring-byte-order entry is generated, DO NOT DELETE\n' +
    'authoring-byte-order little-endian;\n\n'
  );
}

const STATES: Record<string, LeaseState> = {
  active: 'active', free: 'free', released: 'released', expired: 'expired', abandoned: 'abandoned',
  backup: 'backup', reset: 'free', bootp: 'active', reserved: 'active',
};

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

class Torn extends Error {}

function need(ts: TokenStream): Token {
  const t = ts.next();
  if (t.kind === 'eof') throw new Torn();
  return t;
}

function semi(ts: TokenStream): Token {
  const t = need(ts);
  if (!(t.kind === 'punct' && t.text === ';')) throw tokenError(t, `semicolon expected, found ${describe(t)}`);
  return t;
}

/** Skip to the end of the current statement: through `;`, or a balanced `{...}` block. */
function skipStatement(ts: TokenStream): Token {
  let depth = 0;
  for (;;) {
    const t = need(ts);
    if (t.kind !== 'punct') continue;
    if (t.text === '{') depth++;
    else if (t.text === '}') {
      if (--depth <= 0) return t;
    } else if (t.text === ';' && depth === 0) return t;
  }
}

function parseTime(ts: TokenStream): number {
  const a = need(ts);
  if (a.kind === 'word' && a.text.toLowerCase() === 'never') {
    semi(ts);
    return Infinity;
  }
  if (a.kind === 'word' && a.text.toLowerCase() === 'epoch') {
    const n = need(ts);
    if (n.kind !== 'word' || !/^\d+$/.test(n.text)) throw tokenError(n, `expecting seconds since the epoch, found ${describe(n)}`);
    semi(ts);
    return Number(n.text) * 1000;
  }
  if (a.kind !== 'word' || !/^[0-6]$/.test(a.text)) throw tokenError(a, `expecting a weekday (0-6), found ${describe(a)}`);
  const date = need(ts);
  const time = need(ts);
  const dm = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(date.text);
  if (date.kind !== 'word' || !dm) throw tokenError(date, `expecting YYYY/MM/DD, found ${describe(date)}`);
  const tm = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(time.text);
  if (time.kind !== 'word' || !tm) throw tokenError(time, `expecting HH:MM:SS, found ${describe(time)}`);
  semi(ts);
  return Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]), Number(tm[1]), Number(tm[2]), Number(tm[3]));
}

function parseState(ts: TokenStream): LeaseState {
  const t = need(ts);
  const s = t.kind === 'word' ? STATES[t.text.toLowerCase()] : undefined;
  if (!s) throw tokenError(t, `unknown binding state ${describe(t)}`);
  semi(ts);
  return s;
}

function expectWord(ts: TokenStream, w: string): void {
  const t = need(ts);
  if (!(t.kind === 'word' && t.text.toLowerCase() === w)) throw tokenError(t, `'${w}' expected, found ${describe(t)}`);
}

function parseLeaseBlock(ts: TokenStream, ipTok: Token, warnings: LocatedError[]): { lease: Lease; end: Token } {
  let ip: number;
  try {
    ip = ipFromString(ipTok.text);
  } catch {
    throw tokenError(ipTok, `expecting an IPv4 address, found ${describe(ipTok)}`);
  }
  const open = need(ts);
  if (!(open.kind === 'punct' && open.text === '{')) throw tokenError(open, `'{' expected, found ${describe(open)}`);
  const lease: Lease = { ip, state: 'free', starts: 0, ends: 0 };
  for (;;) {
    const t = need(ts);
    if (t.kind === 'punct' && t.text === '}') return { lease, end: t };
    if (t.kind === 'punct' && t.text === ';') continue;
    if (t.kind !== 'word') throw tokenError(t, `expecting a lease statement, found ${describe(t)}`);
    const kw = t.text.toLowerCase();
    switch (kw) {
      case 'starts':
        lease.starts = parseTime(ts);
        break;
      case 'ends':
        lease.ends = parseTime(ts);
        break;
      case 'cltt':
        lease.cltt = parseTime(ts);
        break;
      case 'tstp':
      case 'tsfp':
      case 'atsfp':
        parseTime(ts); // failover times: read and checked, not kept
        break;
      case 'binding':
        expectWord(ts, 'state');
        lease.state = parseState(ts);
        break;
      case 'next':
      case 'rewind':
        expectWord(ts, 'binding');
        expectWord(ts, 'state');
        parseState(ts);
        break;
      case 'hardware': {
        const type = need(ts);
        const mac = need(ts);
        if (type.text.toLowerCase() === 'ethernet') {
          if (!/^[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}$/i.test(mac.text)) throw tokenError(mac, `bad MAC address ${describe(mac)}`);
          lease.hardwareEthernet = mac.text.split(':').map((h) => h.toLowerCase().padStart(2, '0')).join(':');
        }
        semi(ts);
        break;
      }
      case 'uid': {
        lease.clientId = parseBytes(need(ts)).toString('hex');
        semi(ts);
        break;
      }
      case 'client-hostname': {
        const h = need(ts);
        if (h.kind !== 'string') throw tokenError(h, `expecting a quoted string, found ${describe(h)}`);
        lease.clientHostname = (h.bytes ?? Buffer.from(h.text, 'latin1')).toString('utf8');
        semi(ts);
        break;
      }
      case 'abandoned':
        lease.state = 'abandoned';
        semi(ts);
        break;
      case 'set':
      case 'on':
      case 'option':
      case 'bootp':
      case 'reserved':
      case 'ddns-text':
      case 'ddns-fwd-name':
      case 'ddns-rev-name':
      case 'ddns-client-fqdn':
      case 'vendor-class-identifier':
        skipStatement(ts); // scope variables, events, agent options: dhcpd.leases(5), not kept
        break;
      default:
        warnings.push(tokenError(t, `unknown lease statement '${t.text}' skipped`));
        skipStatement(ts);
    }
  }
}


/** Whether the statement starting at tokens[i] ends before EOF (`;` at depth 0 or its block closes). */
function statementCloses(tokens: Token[], i: number): boolean {
  let depth = 0;
  for (let k = i; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'punct') continue;
    if (t.text === '{') depth++;
    else if (t.text === '}' && --depth <= 0) return true;
    else if (t.text === ';' && depth === 0) return true;
  }
  return false;
}

/** What the general parser read from a run of statements. */
interface GeneralRun {
  /** Every complete lease record, in file order (later ones for the same address win). */
  leases: Lease[];
  records: number;
  warnings: LocatedError[];
  /** Offset (in the tokenised text's characters) just after the last complete statement; -1: none. */
  validChars: number;
  torn: boolean;
}

/** Thrown by a trial run ({@link generalStatements} with `final` false) that needs the rest of the file. */
class NeedMore extends Error {}

/**
 * The general lexer-based parser: reads top-level statements from `tokens` to `eof`. When `final`
 * (the tokens run to the end of the file), a statement cut off by EOF is a torn write (dropped with a
 * warning); otherwise (a slice of the file, see parseLeasesBuffer) such a statement throws NeedMore.
 * A malformed statement that closes before EOF throws its LocatedError either way.
 */
function generalStatements(tokens: Token[], final: boolean): GeneralRun {
  const ts = new TokenStream(tokens);
  const run: GeneralRun = { leases: [], records: 0, warnings: [], validChars: -1, torn: false };
  let stmtStart: Token | undefined;
  let stmtIndex = 0;
  try {
    while (!ts.atEof()) {
      stmtIndex = ts.index;
      const t = ts.next();
      stmtStart = t;
      if (t.kind === 'punct' && t.text === ';') {
        run.validChars = t.offset! + 1;
        continue;
      }
      if (t.kind !== 'word') throw tokenError(t, `expecting a lease or a declaration, found ${describe(t)}`);
      const kw = t.text.toLowerCase();
      let end: Token;
      if (kw === 'lease') {
        const ipTok = need(ts);
        const blockWarnings: LocatedError[] = []; // kept only if the block completes (not torn)
        const r = parseLeaseBlock(ts, ipTok, blockWarnings);
        run.warnings.push(...blockWarnings);
        run.records++;
        run.leases.push(r.lease);
        end = r.end;
      } else {
        // authoring-byte-order, server-duid, failover peer state, host, class, lease6/ia-na...: skipped.
        end = skipStatement(ts);
      }
      run.validChars = end.offset! + 1;
    }
  } catch (e) {
    // A syntax error in a statement that never closes is a torn write too ("binding sta<EOF>").
    const closes = statementCloses(ts.tokens, stmtIndex);
    if (!(e instanceof Torn) && !(e instanceof LocatedError && !closes)) throw e;
    if (!final) throw new NeedMore();
    run.torn = true;
    const at = stmtStart ?? ts.peek();
    run.warnings.push(tokenError(at, 'incomplete last record (torn write) ignored'));
  }
  return run;
}

// ---------------------------------------------------------------------------------------------
// The fast path. Profiling 100,000 labnet records through the general parser (node --cpu-prof):
// 44% of the time in tokenize() and 27% in the garbage collector, both from the ~25 Token
// objects (with their strings) made per record. Records written by formatLease() (labnet's own
// journal, and dhcpd's without `set`/`on`) have a fixed shape, so LeaseScanner reads them from the
// file's bytes: one pass, no tokens, no per-field strings except the values kept, times computed
// without Date objects. It accepts only exactly that shape (whole lines, two-space indent, the
// statements formatLease writes plus dhcpd's tstp/tsfp/atsfp/rewind, the escapes quotifyBytes
// writes); anything else (ISC `set`, `on`, `uid 01:02`, failover state, server-duid, comments
// inside a block, CRLF, upper case, a torn tail...)
// goes to the general lexer-based parser, so what is parsed, and every error and warning, are
// the general parser's. The differential tests in test/dhcp/leases-fast.test.ts check this.
// ---------------------------------------------------------------------------------------------

const LF = 0x0a;
const SPACE = 0x20;
const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const K_LEASE = bytesOf('lease ');
const K_STARTS = bytesOf('starts ');
const K_ENDS = bytesOf('ends ');
const K_CLTT = bytesOf('cltt ');
const K_BINDING = bytesOf('binding state ');
const K_NEXT = bytesOf('next binding state ');
const K_REWIND = bytesOf('rewind binding state ');
const K_TSTP = bytesOf('tstp ');
const K_TSFP = bytesOf('tsfp ');
const K_ATSFP = bytesOf('atsfp ');
const K_HARDWARE = bytesOf('hardware ethernet ');
const K_UID = bytesOf('uid "');
const K_HOSTNAME = bytesOf('client-hostname "');
const K_NEVER = bytesOf('never;\n');
const TOP_LINES = ['authoring-byte-order little-endian;\n', 'authoring-byte-order big-endian;\n'].map(bytesOf);
/** `WORD;\n` for each binding state word (dhcpd.leases(5)), with the state it means. */
const STATE_WORDS: Array<[Uint8Array, LeaseState]> = Object.entries(STATES).map(([w, st]) => [bytesOf(`${w};\n`), st]);

/** Days from 1970-01-01 to year-month-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number): number {
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5);
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** Reads formatLease() records from bytes; every method returns a failure value (no throw) on anything else. */
class LeaseScanner {
  /** Cursor (byte index). */
  i = 0;
  /** Index of the `}` of the block last read. */
  close = 0;
  /** Lines in the block last read. */
  lines = 0;
  /** Decoded string bytes (uid, client-hostname); grown on demand. */
  private scratch = Buffer.allocUnsafe(256);
  private scratchLen = 0;

  constructor(private readonly b: Buffer) {}

  /** Whether the bytes at `at` are `kw`. */
  has(kw: Uint8Array, at: number): boolean {
    const b = this.b;
    if (at + kw.length > b.length) return false;
    for (let k = 0; k < kw.length; k++) if (b[at + k] !== kw[k]) return false;
    return true;
  }

  private digits(at: number, count: number): number {
    let v = 0;
    for (let k = 0; k < count; k++) {
      const d = this.b[at + k] - 0x30;
      if (!(d >= 0 && d <= 9)) return -1;
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * `W YYYY/MM/DD HH:MM:SS;\n` or `never;\n` at the cursor, as parseTime reads it (the weekday is
   * not checked against the date there either); NaN if it is not exactly that.
   */
  private time(): number {
    const b = this.b;
    const i = this.i;
    if (b[i] === 0x6e) {
      if (!this.has(K_NEVER, i)) return NaN;
      this.i = i + K_NEVER.length;
      return Infinity;
    }
    if (i + 23 > b.length) return NaN;
    const w = b[i] - 0x30;
    if (!(w >= 0 && w <= 6) || b[i + 1] !== SPACE || b[i + 6] !== 0x2f || b[i + 9] !== 0x2f || b[i + 12] !== SPACE) return NaN;
    if (b[i + 15] !== 0x3a || b[i + 18] !== 0x3a || b[i + 21] !== 0x3b || b[i + 22] !== LF) return NaN;
    const y = this.digits(i + 2, 4);
    const mo = this.digits(i + 7, 2);
    const d = this.digits(i + 10, 2);
    const h = this.digits(i + 13, 2);
    const mi = this.digits(i + 16, 2);
    const s = this.digits(i + 19, 2);
    // Date.UTC maps years 0-99 to 1900-1999 and carries month overflow: leave those to parseTime.
    if (y < 100 || mo < 1 || mo > 12 || d < 0 || h < 0 || mi < 0 || s < 0) return NaN;
    this.i = i + 23;
    // Same value as Date.UTC(y, mo - 1, d, h, mi, s): days and times carry linearly.
    return (daysFromCivil(y, mo) + d - 1) * 86400000 + h * 3600000 + mi * 60000 + s * 1000;
  }

  /** `WORD;\n` where WORD is a binding state; undefined otherwise. */
  private state(): LeaseState | undefined {
    for (const [word, st] of STATE_WORDS) {
      if (this.has(word, this.i)) {
        this.i += word.length;
        return st;
      }
    }
    return undefined;
  }

  /**
   * The rest of a quoted string (after its `"`), then `;\n`, into scratch: printable ASCII, and
   * the escapes quotifyBytes writes (`\ooo`, or a backslash before a punctuation character), decoded
   * as the lexer decodes them. False on anything else.
   */
  private quoted(): boolean {
    const b = this.b;
    let i = this.i;
    let len = 0;
    for (;;) {
      if (i >= b.length) return false;
      let c = b[i];
      if (c === 0x22) break;
      if (c < 0x20 || c > 0x7e) return false;
      i++;
      if (c === 0x5c) {
        const e = b[i];
        if (e >= 0x30 && e <= 0x37) {
          const e2 = b[i + 1] - 0x30;
          const e3 = b[i + 2] - 0x30;
          if (!(e2 >= 0 && e2 <= 7 && e3 >= 0 && e3 <= 7)) return false;
          c = ((e - 0x30) * 64 + e2 * 8 + e3) & 255;
          i += 3;
        } else if (e === 0x22 || e === 0x27 || e === 0x24 || e === 0x60 || e === 0x5c) {
          c = e;
          i++;
        } else return false;
      }
      if (len === this.scratch.length) {
        const bigger = Buffer.allocUnsafe(len * 2);
        this.scratch.copy(bigger);
        this.scratch = bigger;
      }
      this.scratch[len++] = c;
    }
    if (b[i + 1] !== 0x3b || b[i + 2] !== LF) return false;
    this.i = i + 3;
    this.scratchLen = len;
    return true;
  }

  /** `xx:xx:xx:xx:xx:xx;\n` in lower-case hex (what formatLease writes after a parse); undefined otherwise. */
  private mac(): string | undefined {
    const b = this.b;
    const i = this.i;
    if (i + 19 > b.length || b[i + 17] !== 0x3b || b[i + 18] !== LF) return undefined;
    for (let k = 0; k < 17; k++) {
      const c = b[i + k];
      if (k % 3 === 2 ? c !== 0x3a : !((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return undefined;
    }
    this.i = i + 19;
    return b.toString('latin1', i, i + 17);
  }

  /**
   * A whole `lease A.B.C.D {\n ... }\n` block starting at `p`, exactly in formatLease's shape
   * (statements in any order). Undefined, with nothing consumed, for anything else.
   */
  block(p: number): Lease | undefined {
    const b = this.b;
    let i = p + K_LEASE.length;
    let ip = 0;
    for (let part = 0; part < 4; part++) {
      let v = 0;
      let n = 0;
      for (; n < 4; n++) {
        const d = b[i] - 0x30;
        if (!(d >= 0 && d <= 9)) break;
        v = v * 10 + d;
        i++;
      }
      if (n === 0 || n > 3 || v > 255) return undefined;
      ip = ip * 256 + v;
      if (part < 3 && b[i++] !== 0x2e) return undefined;
    }
    if (b[i] !== SPACE || b[i + 1] !== 0x7b || b[i + 2] !== LF) return undefined;
    this.i = i + 3;
    let state: LeaseState = 'free';
    let starts = 0;
    let ends = 0;
    let cltt: number | undefined;
    let hardwareEthernet: string | undefined;
    let clientId: string | undefined;
    let clientHostname: string | undefined;
    for (let lines = 1; ; lines++) {
      i = this.i;
      if (b[i] === 0x7d && b[i + 1] === LF) {
        this.close = i;
        this.i = i + 2;
        this.lines = lines + 1;
        break;
      }
      if (b[i] !== SPACE || b[i + 1] !== SPACE) return undefined;
      i += 2;
      switch (b[i]) {
        case 0x73: // starts
        case 0x65: // ends
        case 0x63: {
          // cltt, client-hostname
          if (this.has(K_HOSTNAME, i)) {
            this.i = i + K_HOSTNAME.length;
            if (!this.quoted()) return undefined;
            clientHostname = this.scratch.toString('utf8', 0, this.scratchLen);
            break;
          }
          const kw = b[i] === 0x73 ? K_STARTS : b[i] === 0x65 ? K_ENDS : K_CLTT;
          if (!this.has(kw, i)) return undefined;
          this.i = i + kw.length;
          const t = this.time();
          if (Number.isNaN(t)) return undefined;
          if (kw === K_STARTS) starts = t;
          else if (kw === K_ENDS) ends = t;
          else cltt = t;
          break;
        }
        case 0x62: {
          // binding state
          if (!this.has(K_BINDING, i)) return undefined;
          this.i = i + K_BINDING.length;
          const st = this.state();
          if (st === undefined) return undefined;
          state = st;
          break;
        }
        case 0x6e: // next binding state
        case 0x72: {
          // rewind binding state (dhcpd 4.4 with failover): read and checked, not kept
          const kw = b[i] === 0x6e ? K_NEXT : K_REWIND;
          if (!this.has(kw, i)) return undefined;
          this.i = i + kw.length;
          if (this.state() === undefined) return undefined;
          break;
        }
        case 0x74: // tstp, tsfp
        case 0x61: {
          // atsfp: failover times, read and checked, not kept
          const kw = b[i] === 0x61 ? K_ATSFP : b[i + 2] === 0x74 ? K_TSTP : K_TSFP;
          if (!this.has(kw, i)) return undefined;
          this.i = i + kw.length;
          if (Number.isNaN(this.time())) return undefined;
          break;
        }
        case 0x68: {
          if (!this.has(K_HARDWARE, i)) return undefined;
          this.i = i + K_HARDWARE.length;
          const mac = this.mac();
          if (mac === undefined) return undefined;
          hardwareEthernet = mac;
          break;
        }
        case 0x75:
          if (!this.has(K_UID, i)) return undefined;
          this.i = i + K_UID.length;
          if (!this.quoted()) return undefined;
          clientId = this.scratch.toString('hex', 0, this.scratchLen);
          break;
        default:
          return undefined;
      }
    }
    // One object literal with every field present (the usual labnet record) rather than fields
    // added one by one; absent fields stay absent, as the general parser leaves them.
    ip >>>= 0;
    if (cltt !== undefined && hardwareEthernet !== undefined && clientId !== undefined) {
      return clientHostname === undefined
        ? { ip, state, starts, ends, cltt, hardwareEthernet, clientId }
        : { ip, state, starts, ends, cltt, hardwareEthernet, clientId, clientHostname };
    }
    const lease: Lease = { ip, state, starts, ends };
    if (cltt !== undefined) lease.cltt = cltt;
    if (hardwareEthernet !== undefined) lease.hardwareEthernet = hardwareEthernet;
    if (clientId !== undefined) lease.clientId = clientId;
    if (clientHostname !== undefined) lease.clientHostname = clientHostname;
    return lease;
  }
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

/**
 * The latest record per address, in the order of those latest records: what a Map with
 * delete-then-set gives, on typed arrays (open addressing, linear probing), because a
 * Map of a million entries costs about half a second to fill on this machine.
 */
class LatestLeases {
  /** Records in file order; a record replaced by a later one for its address becomes undefined. */
  private readonly items: Array<Lease | undefined> = [];
  /** Hash slot -> index in items + 1 (0: empty). Holds only the latest record of each address. */
  private table = new Int32Array(1 << 12);
  private shift = 32 - 12;
  private live = 0;

  private slot(ip: number): number {
    const mask = this.table.length - 1;
    // Low bits, with the high ones folded in: a pool's consecutive addresses land in consecutive
    // slots (cache-friendly at a million leases), addresses differing only above them still spread.
    let h = (ip ^ (ip >>> (32 - this.shift)) ^ (ip >>> 16)) & mask;
    for (;;) {
      const at = this.table[h];
      if (at === 0 || this.items[at - 1]!.ip === ip) return h;
      h = (h + 1) & mask;
    }
  }

  add(lease: Lease): void {
    const h = this.slot(lease.ip);
    const at = this.table[h];
    if (at !== 0) this.items[at - 1] = undefined;
    else if (++this.live * 2 > this.table.length) {
      this.items.push(lease);
      this.grow();
      return;
    }
    this.items.push(lease);
    this.table[h] = this.items.length;
  }

  private grow(): void {
    this.table = new Int32Array(this.table.length * 2);
    this.shift--;
    this.items.forEach((l, k) => {
      if (l) this.table[this.slot(l.ip)] = k + 1;
    });
  }

  values(): Lease[] {
    const out: Lease[] = new Array<Lease>(this.live);
    let n = 0;
    for (const l of this.items) if (l) out[n++] = l;
    return out;
  }
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
