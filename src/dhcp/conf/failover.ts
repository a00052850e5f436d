/**
 * `failover peer "NAME" { ... }` (dhcpd.conf(5) "DHCP FAILOVER"), checked as ISC dhcpd 4.4's
 * parse_failover_peer does: the statements it knows, `split` within 0..256, and at the closing
 * brace a peer address and, for a primary, a split or hba. labnet does not run the failover
 * protocol; the declaration is kept so `serve` can report it as not applied.
 */
import { type Token, TokenStream, describe, tokenError } from './lexer.js';

export interface FailoverPeerDecl {
  name: string;
  role: 'primary' | 'secondary';
  address?: string;
  peerAddress?: string;
  /** The other numeric settings by statement (`port`, `mclt`, `split`, `load balance max seconds`...). */
  numbers: Map<string, number>;
  hba?: string;
  source: { file: string; line: number };
}

/** Statements taking one number; `load balance max seconds N` is read as its words. */
const NUMERIC = new Set([
  'port', 'peer port', 'max-response-delay', 'max-unacked-updates', 'mclt', 'split', 'load balance max seconds',
  'max-lease-misbalance', 'max-lease-ownership', 'min-balance', 'max-balance', 'auto-partner-down',
]);

function num(t: Token): number {
  if (t.kind !== 'word' || !/^\d+$/.test(t.text)) throw tokenError(t, `expecting number, found ${describe(t)}`);
  return Number(t.text);
}

/** The block after `failover peer NAME` (the cursor is on `{`). */
export function parseFailoverPeer(ts: TokenStream, nameTok: Token): FailoverPeerDecl {
  const decl: FailoverPeerDecl = { name: nameTok.text, role: 'primary', numbers: new Map(), source: { file: nameTok.file, line: nameTok.line } };
  ts.expectPunct('{', 'left brace expected');
  let hasRole = false;
  for (;;) {
    const t = ts.next();
    if (t.kind === 'eof') throw tokenError(t, 'unexpected end of file in a failover peer');
    if (t.kind === 'punct' && t.text === '}') break;
    const words: string[] = [t.text.toLowerCase()];
    // Multi-word statements: `peer address`, `peer port`, `load balance max seconds`.
    if (words[0] === 'peer' && (ts.isWord('address') || ts.isWord('port'))) words.push(ts.next().text.toLowerCase());
    if (words[0] === 'load') for (const w of ['balance', 'max', 'seconds']) if (ts.isWord(w)) words.push(ts.next().text.toLowerCase());
    const stmt = words.join(' ');
    if (t.kind !== 'word') throw tokenError(t, `invalid statement in peer declaration, found ${describe(t)}`);
    if (stmt === 'primary' || stmt === 'secondary') {
      decl.role = stmt;
      hasRole = true;
    } else if (stmt === 'address' || stmt === 'peer address') {
      const a = ts.next();
      if (a.kind !== 'word') throw tokenError(a, `expecting IP address or hostname, found ${describe(a)}`);
      if (stmt === 'address') decl.address = a.text;
      else decl.peerAddress = a.text;
    } else if (stmt === 'hba') {
      const h = ts.next();
      if (h.kind !== 'word' || !/^[0-9a-f]{1,2}(:[0-9a-f]{1,2}){31}$/i.test(h.text)) throw tokenError(h, `expecting 32 colon-separated hex octets, found ${describe(h)}`);
      decl.hba = h.text;
    } else if (NUMERIC.has(stmt)) {
      const n = num(ts.next());
      if (stmt === 'split' && n > 256) throw tokenError(t, 'split must be between 0 and 256, inclusive');
      decl.numbers.set(stmt, n);
    } else {
      throw tokenError(t, `invalid statement in peer declaration: '${stmt}'`);
    }
    ts.expectPunct(';');
  }
  const close = ts.before(ts.peek());
  if (decl.peerAddress === undefined) throw tokenError(close, 'peer address may not be omitted');
  if (decl.role === 'primary' && !decl.numbers.has('split') && decl.hba === undefined) {
    throw tokenError(close, `primary failover server must have hba or split${hasRole ? '' : ' (no primary or secondary given: primary)'}`);
  }
  return decl;
}
