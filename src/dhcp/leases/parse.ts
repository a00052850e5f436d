/**
 * The general dhcpd.leases parser (dhcpd.leases(5); ISC dhcpd 4.4 common/parse.c and
 * server/db.c): every statement dhcpd writes, over the dhcpd.conf lexer's tokens. A torn
 * final record (a crash mid-write) is reported to the caller, who drops it with a warning.
 */
import { LocatedError } from '../../util/located-error.js';
import { ipFromString } from '../ip.js';
import type { Lease, LeaseState } from '../types.js';
import { type Token, TokenStream, describe, tokenError } from '../conf/lexer.js';
import { parseBytes } from '../option-defs.js';
import { applyDdnsBinding } from './ddns-bindings.js';

export const STATES: Record<string, LeaseState> = {
  active: 'active', free: 'free', released: 'released', expired: 'expired', abandoned: 'abandoned',
  backup: 'backup', reset: 'free', bootp: 'active', reserved: 'active',
};

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
      case 'set': {
        // dhcpd.leases(5) `set NAME = VALUE;`: the DDNS bindings are kept, other variables skipped.
        const name = need(ts);
        if (name.kind === 'word' && ts.isPunct('=')) {
          ts.next();
          const v = need(ts);
          if ((v.kind === 'string' || v.kind === 'word') && ts.isPunct(';') && applyDdnsBinding(lease, name.text, parseBytes(v))) {
            semi(ts);
            break;
          }
        }
        skipStatement(ts);
        break;
      }
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
export interface GeneralRun {
  /** Every complete lease record, in file order (later ones for the same address win). */
  leases: Lease[];
  records: number;
  warnings: LocatedError[];
  /** Offset (in the tokenised text's characters) just after the last complete statement; -1: none. */
  validChars: number;
  torn: boolean;
}

/** Thrown by a trial run ({@link generalStatements} with `final` false) that needs the rest of the file. */
export class NeedMore extends Error {}

/**
 * The general lexer-based parser: reads top-level statements from `tokens` to `eof`. When `final`
 * (the tokens run to the end of the file), a statement cut off by EOF is a torn write (dropped with a
 * warning); otherwise (a slice of the file, see parseLeasesBuffer) such a statement throws NeedMore.
 * A malformed statement that closes before EOF throws its LocatedError either way.
 */
export function generalStatements(tokens: Token[], final: boolean): GeneralRun {
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
