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

/**
 * Read a dhcpd.leases file (ISC dhcpd 4.4 or labnet). Throws LocatedError on a malformed
 * complete statement; a torn final record is dropped with a warning.
 */
export function parseLeasesFileDetailed(text: string, file: string): LeasesParseResult {
  const ts = new TokenStream(tokenize(text, file, { lenient: true }));
  const byIp = new Map<number, Lease>();
  const warnings: LocatedError[] = [];
  let records = 0;
  let validChars = 0;
  let torn = false;
  let stmtStart: Token | undefined;
  let stmtIndex = 0;
  try {
    while (!ts.atEof()) {
      stmtIndex = ts.index;
      const t = ts.next();
      stmtStart = t;
      if (t.kind === 'punct' && t.text === ';') {
        validChars = t.offset! + 1;
        continue;
      }
      if (t.kind !== 'word') throw tokenError(t, `expecting a lease or a declaration, found ${describe(t)}`);
      const kw = t.text.toLowerCase();
      let end: Token;
      if (kw === 'lease') {
        const ipTok = need(ts);
        const blockWarnings: LocatedError[] = []; // kept only if the block completes (not torn)
        const r = parseLeaseBlock(ts, ipTok, blockWarnings);
        warnings.push(...blockWarnings);
        records++;
        byIp.delete(r.lease.ip);
        byIp.set(r.lease.ip, r.lease);
        end = r.end;
      } else {
        // authoring-byte-order, server-duid, failover peer state, host, class, lease6/ia-na...: skipped.
        end = skipStatement(ts);
      }
      validChars = end.offset! + 1;
    }
  } catch (e) {
    // A syntax error in a statement that never closes is a torn write too ("binding sta<EOF>").
    const closes = statementCloses(ts.tokens, stmtIndex);
    if (!(e instanceof Torn) && !(e instanceof LocatedError && !closes)) throw e;
    torn = true;
    const at = stmtStart ?? ts.peek();
    warnings.push(tokenError(at, 'incomplete last record (torn write) ignored'));
  }
  const validBytes = Buffer.byteLength(text.slice(0, validChars), 'utf8');
  return { leases: [...byIp.values()], records, warnings, torn, validBytes };
}

/** The leases of a dhcpd.leases file: the last record for each address. */
export function parseLeasesFile(text: string, file: string, onWarning?: (w: LocatedError) => void): Lease[] {
  const r = parseLeasesFileDetailed(text, file);
  if (onWarning) r.warnings.forEach(onWarning);
  return r.leases;
}
