/**
 * The fast path of the dhcpd.leases reader (LeaseScanner).
 * Profiling 100,000 labnet records through the general parser (node --cpu-prof):
 * 44% of the time in tokenize() and 27% in the garbage collector, both from the ~25 Token
 * objects (with their strings) made per record. Records written by formatLease() (labnet's own
 * journal, and dhcpd's without `set`/`on`) have a fixed shape, so LeaseScanner reads them from the
 * file's bytes: one pass, no tokens, no per-field strings except the values kept, times computed
 * without Date objects. It accepts only exactly that shape (whole lines, two-space indent, the
 * statements formatLease writes plus dhcpd's tstp/tsfp/atsfp/rewind, the escapes quotifyBytes
 * writes); anything else (ISC `set`, `on`, `uid 01:02`, failover state, server-duid, comments
 * inside a block, CRLF, upper case, a torn tail...)
 * goes to the general lexer-based parser, so what is parsed, and every error and warning, are
 * the general parser's. The differential tests in test/dhcp/leases-fast.test.ts check this.
 */
import type { Lease, LeaseState } from '../types.js';
import { STATES } from './parse.js';

export const LF = 0x0a;
const SPACE = 0x20;
const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
export const K_LEASE = bytesOf('lease ');
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
export const TOP_LINES = ['authoring-byte-order little-endian;\n', 'authoring-byte-order big-endian;\n'].map(bytesOf);
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
export class LeaseScanner {
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
