/**
 * ISC dhcpd 4.4 dhcpd.conf(5) -> DhcpConfig.
 *
 * Scopes: global, shared-network, subnet, pool, group, host. Parameters written in a scope
 * apply to the whole scope whatever their position (dhcpd evaluates them through the group
 * chain at lease time), so the parser first builds a scope tree and then merges effective
 * parameters: global -> [group] -> shared-network -> [group] -> subnet -> pool; hosts get
 * their own parameters and those of enclosing scopes below global (types.ts).
 *
 * Choices where labnet differs from dhcpd (said here and in errors):
 *  - Host names in `fixed-address` and option values go to ParseOptions.resolveHost at load
 *    time (labnet's own zones); dhcpd resolves them through DNS when it evaluates them.
 *  - An unknown statement is an error naming it (dhcpd reports "semicolon expected" or, for a
 *    lone `word;`, nothing).
 *  - `hardware ethernet` needs exactly 6 octets (dhcpd accepts 1..16 and never matches them).
 *  - Option spaces other than `dhcp` (`option space pxelinux; option pxelinux.magic code 208 = string;`):
 *    definitions (../option-spaces.ts) and values (ScopeParams.spaces, by space and code).
 *  - `key` and `zone` blocks are accepted and kept raw in DhcpConfig.rawBlocks; `failover peer`
 *    is checked (failover.ts) and kept in DhcpConfig.failoverPeers.
 *  - `class`/`subclass` (match if, match, spawn with, lease limit), `allow|deny members of`,
 *    and executable statements (`if`/`elsif`/`else`, `option NAME = EXPR`, `filename = EXPR`,
 *    `on EVENT`, `set`, `log`, `execute`; statements.ts, ../eval/) are parsed into scope
 *    programs the engine runs per packet (DhcpConfig.dynamic). `switch`, `define` and
 *    DHCPv6 statements are errors.
 */
import { parseKeyDecl, parseZoneDecl, type DdnsKeyDecl, type DdnsZoneDecl } from './ddns-decls.js';
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath, isAbsolute } from 'node:path';
import { LocatedError } from '../../util/located-error.js';
import { ipFromString, ipToString, inSubnet, prefixFromMask } from '../ip.js';
import type { DhcpConfig, HostDecl, IpRange, PoolDecl, ScopeParams, SharedNetworkDecl, SubnetDecl } from '../types.js';
import { type EncodeContext, encodeOptionValueIn, isHostName, parseOptionType, type OptionDef } from '../option-defs.js';
import { builtinSpaces, newSpace, type OptionSpace } from '../option-spaces.js';
import { SERVER_OPTIONS, SPECIAL_SETTINGS, leaseTime, serverOptionValue } from './server-options.js';
import { type FailoverPeerDecl, parseFailoverPeer } from './failover.js';
import { type Token, TokenStream, describe, tokenError, tokenize } from './lexer.js';
import { emptyParams, mergeParams } from './params.js';
import { parseExecutable, startsExecutable, type StatementHost } from './statements.js';
import { parseExpressionOf } from '../eval/parse-expr.js';
import type { ClassDecl, OptionRef, ScopeProgram, Stmt } from '../eval/ast.js';

export { emptyParams, mergeParams };

export interface ParseOptions {
  /** Reads an included file (default: fs.readFileSync as UTF-8). */
  readFile?: (path: string) => string;
  /** Directory relative `include` paths resolve against (default: the folder of `file`). */
  includeBase?: string;
  /**
   * The address of a host name written where dhcpd takes one (`fixed-address`, IP option
   * values, `next-server`), or undefined: the address is then left out with a warning. Without
   * it (a check, as `dhcpd -t`, which resolves nothing) names are accepted and left out silently.
   * labnet serves answer this from their own zones, never from the system resolver.
   */
  resolveHost?: (name: string) => number | undefined;
}

type ScopeKind = 'global' | 'shared-network' | 'subnet' | 'pool' | 'group' | 'host' | 'class' | 'conditional';

interface RangeStmt {
  range: IpRange;
  /** Tokens of the low and high address, for errors. */
  lowTok: Token;
  highTok: Token;
}

interface Scope {
  kind: ScopeKind;
  parent?: Scope;
  local: ScopeParams;
  /** Executable statements (conditionals, `option NAME = EXPR`, `on`, `log`...), in order. */
  statements: Stmt[];
  children: Scope[];
  tok: Token;
  // subnet
  network?: number;
  mask?: number;
  // shared-network / host
  name?: string;
  // shared-network / subnet: `interface NAME;`
  iface?: string;
  // subnet / pool
  ranges: RangeStmt[];
  // pool
  poolAllow: Set<string>;
  poolDeny: Set<string>;
  // pool: `allow|deny members of "CLASS"`
  poolAllowClasses: string[];
  poolDenyClasses: string[];
  // host
  hardware?: string;
  hardwareTok?: Token;
  fixed: Array<{ ip: number; tok: Token }>;
  clientId?: Buffer;
}

function stripUndefined(p: ScopeParams): ScopeParams {
  for (const k of Object.keys(p) as Array<keyof ScopeParams>) if (p[k] === undefined) delete p[k];
  return p;
}

function newScope(kind: ScopeKind, tok: Token, parent?: Scope): Scope {
  const s: Scope = { kind, parent, tok, local: emptyParams(), statements: [], children: [], ranges: [], poolAllow: new Set(), poolDeny: new Set(), poolAllowClasses: [], poolDenyClasses: [], fixed: [] };
  parent?.children.push(s);
  return s;
}

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, on: true, false: false, off: false };

function parseBool(tok: Token): boolean {
  const v = tok.kind === 'word' ? BOOLEAN_WORDS[tok.text.toLowerCase()] : undefined;
  if (v === undefined) throw tokenError(tok, `expecting true, false, on or off, found ${describe(tok)}`);
  return v;
}

function parseIpTok(tok: Token): number {
  if (tok.kind === 'word') {
    try {
      return ipFromString(tok.text);
    } catch {
      /* below */
    }
  }
  throw tokenError(tok, `expecting an IPv4 address, found ${describe(tok)} (labnet does not resolve host names)`);
}

function parseUint(tok: Token): number {
  if (tok.kind !== 'word' || !/^\d+$/.test(tok.text) || Number(tok.text) > 0xffffffff) {
    throw tokenError(tok, `expecting numeric value, found ${describe(tok)}`);
  }
  return Number(tok.text);
}

/** What `allow`/`deny` take in a pool besides `members of "CLASS"` and `after DATE` (dhcpd.conf(5) "PERMIT LISTS"). */
const POOL_PERMITS = new Set(['unknown-clients', 'unknown clients', 'known-clients', 'known clients', 'authenticated clients', 'unauthenticated clients', 'all clients', 'dynamic bootp clients']);

const MAC = /^[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}$/i;

function tokensText(toks: Token[]): string {
  return toks.map((t) => (t.kind === 'string' ? JSON.stringify(t.text) : t.text)).join(' ');
}

/** The name of a subnet's implicit shared-network (`10.0.0.0/24`). */
export function subnetLabel(network: number, mask: number): string {
  const p = prefixFromMask(mask);
  return ((0xffffffff << (32 - p)) >>> 0) === mask >>> 0 || p === 0 ? `${ipToString(network)}/${p}` : `${ipToString(network)} netmask ${ipToString(mask)}`;
}

class Parser {
  /** `dhcp`, `agent` and the config's `option space` declarations, with their definitions. */
  readonly spaces: Map<string, OptionSpace> = builtinSpaces();
  readonly rawBlocks: NonNullable<DhcpConfig['rawBlocks']> = [];
  readonly ddnsKeys: DdnsKeyDecl[] = [];
  readonly ddnsZones: DdnsZoneDecl[] = [];
  readonly warnings: LocatedError[] = [];
  readonly classes = new Map<string, ClassDecl>();
  readonly failoverPeers = new Map<string, FailoverPeerDecl>();
  /** Where each statement keyword first appears (for the report of what labnet does not apply). */
  readonly firstSeen = new Map<string, { file: string; line: number }>();
  /** Peers named by a pool's `failover peer "NAME";`. */
  readonly referredPeers = new Set<string>();
  /** Option spaces an `encapsulate` definition names, and the option that does. */
  readonly encapsulated = new Map<string, string>();
  /** Any executable statement or class seen: the engine then evaluates per packet. */
  dynamic = false;
  private includeDepth = 0;

  constructor(private readonly opts: Required<Omit<ParseOptions, 'resolveHost'>> & Pick<ParseOptions, 'resolveHost'>) {}

  /** Host names in values: resolved through opts.resolveHost, else left out (see ParseOptions). */
  readonly names: EncodeContext = {
    resolveHost: (name, tok) => {
      if (!this.opts.resolveHost) return undefined;
      const ip = this.opts.resolveHost(name);
      if (ip === undefined) this.warnings.push(tokenError(tok, `host name ${name}: no address in the zones served; left out`));
      return ip;
    },
  };

  /** An IPv4 address, or a host name (resolved, or null when left out). */
  ipOrName(tok: Token): number | null {
    if (tok.kind === 'word' && isHostName(tok.text)) return this.names.resolveHost(tok.text, tok) ?? null;
    return parseIpTok(tok);
  }

  parseFile(ts: TokenStream, scope: Scope): void {
    while (!ts.atEof()) this.statement(ts, scope);
  }

  /** `{ statements }`; `special` may take a statement first (a class's `match`, `spawn`, `lease limit`). */
  private block(ts: TokenStream, scope: Scope, special?: () => boolean): void {
    ts.expectPunct('{');
    for (;;) {
      if (ts.isPunct('}')) {
        ts.next();
        return;
      }
      if (ts.atEof()) throw tokenError(ts.peek(), 'unexpected end of file');
      if (!special?.()) this.statement(ts, scope);
    }
  }

  private semi(ts: TokenStream): Token {
    return ts.expectPunct(';');
  }

  private within(scope: Scope, kinds: ScopeKind[]): boolean {
    return kinds.includes(scope.kind);
  }

  /** The nearest enclosing scope that is not a group. */
  private realParent(scope: Scope): Scope {
    let s = scope;
    while (s.kind === 'group' && s.parent) s = s.parent;
    return s;
  }

  /** The option an expression or statement names: `NAME`, `dhcp.NAME`, `agent.NAME`, `SPACE.NAME`. */
  private optionDef(tok: Token): { ref: OptionRef; def: OptionDef } {
    const name = tok.text.toLowerCase();
    const dot = name.indexOf('.');
    const space = dot > 0 ? name.slice(0, dot) : 'dhcp';
    const short = dot > 0 ? name.slice(dot + 1) : name;
    const sp = this.spaces.get(space);
    if (!sp) throw tokenError(tok, `no option space named ${space}.`);
    const def = sp.table.byNameOf(short);
    if (!def) throw tokenError(tok, `no option named ${short} in space ${space}`);
    return { ref: { space, code: def.code, name: short }, def };
  }

  /** Callbacks the statement and expression parsers use, for statements written in `scope`. */
  private hostFor(scope: Scope): StatementHost {
    return {
      resolveOption: (tok) => this.optionDef(tok).ref,
      optionDef: (tok) => this.optionDef(tok),
      hasClass: (name) => this.classes.has(name),
      names: this.names,
      plain: (ts) => {
        const scratch = newScope('conditional', ts.peek(), undefined);
        scratch.parent = scope;
        this.statement(ts, scratch);
        return stripUndefined(scratch.local);
      },
    };
  }

  private statement(ts: TokenStream, scope: Scope): void {
    if (startsExecutable(ts)) {
      scope.statements.push(parseExecutable(ts, this.hostFor(scope)));
      this.dynamic = true;
      return;
    }
    const tok = ts.next();
    if (tok.kind === 'punct' && tok.text === ';') return; // empty statement
    if (tok.kind !== 'word') throw tokenError(tok, `expecting a parameter or declaration, found ${describe(tok)}`);
    const kw = tok.text.toLowerCase();
    if (!this.firstSeen.has(kw)) this.firstSeen.set(kw, { file: tok.file, line: tok.line });
    const L = scope.local;
    const settings = L.settings!;
    const real = this.realParent(scope);
    switch (kw) {
      case 'include': {
        const name = ts.next();
        if (name.kind !== 'string') throw tokenError(name, `expecting a quoted file name, found ${describe(name)}`);
        this.semi(ts);
        const path = isAbsolute(name.text) ? name.text : resolvePath(this.opts.includeBase, name.text);
        let text: string;
        try {
          text = this.opts.readFile(path);
        } catch (e) {
          throw tokenError(name, `can't open ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        if (++this.includeDepth > 32) throw tokenError(name, 'include nesting too deep');
        this.parseFile(new TokenStream(tokenize(text, path)), scope);
        this.includeDepth--;
        return;
      }
      case 'subnet': {
        if (!(real.kind === 'global' || real.kind === 'shared-network')) throw tokenError(tok, 'subnet declarations not allowed here');
        const netTok = ts.next();
        const network = parseIpTok(netTok);
        const nm = ts.next();
        if (!(nm.kind === 'word' && nm.text.toLowerCase() === 'netmask')) throw tokenError(nm, `'netmask' expected, found ${describe(nm)}`);
        const maskTok = ts.next();
        const mask = parseIpTok(maskTok);
        if (((network & mask) >>> 0) !== network) {
          throw tokenError(maskTok, `subnet ${ipToString(network)} netmask ${ipToString(mask)}: bad subnet number/mask combination`);
        }
        const s = newScope('subnet', netTok, scope);
        s.network = network;
        s.mask = mask;
        this.block(ts, s);
        return;
      }
      case 'shared-network': {
        if (real.kind !== 'global') throw tokenError(tok, 'shared-network declarations not allowed here');
        const name = ts.expectName('shared-network name');
        const s = newScope('shared-network', name, scope);
        s.name = name.text;
        this.block(ts, s);
        return;
      }
      case 'pool': {
        if (!(real.kind === 'subnet' || real.kind === 'shared-network')) throw tokenError(tok, 'pool declared outside of network');
        this.block(ts, newScope('pool', tok, scope));
        return;
      }
      case 'group': {
        if (real.kind === 'host') throw tokenError(tok, 'group declarations not allowed here');
        if (!ts.isPunct('{')) ts.expectName('group name');
        this.block(ts, newScope('group', tok, scope));
        return;
      }
      case 'host': {
        if (real.kind === 'host') throw tokenError(tok, 'host declarations not allowed here');
        // dhcpd's parse_host_name reads words only: a quoted name is refused.
        if (ts.peek().kind === 'string') throw tokenError(ts.peek(), `expecting a name for host declaration, found ${describe(ts.peek())}`);
        const name = ts.expectName('host name');
        const s = newScope('host', name, scope);
        s.name = name.text;
        this.block(ts, s);
        return;
      }
      case 'class': {
        this.classDecl(ts, tok, scope);
        return;
      }
      case 'key':
      case 'zone': {
        const name = ts.expectName(`${kw} name`);
        const body = ts.skipBlock();
        if (kw === 'key') this.ddnsKeys.push(parseKeyDecl(name, body));
        else this.ddnsZones.push(parseZoneDecl(name, body));
        this.rawBlocks.push({ kind: kw, name: name.text, text: tokensText(body), file: tok.file, line: tok.line });
        return;
      }
      case 'subclass': {
        this.subclassDecl(ts);
        return;
      }
      case 'failover': {
        const peer = ts.next();
        if (!(peer.kind === 'word' && peer.text.toLowerCase() === 'peer')) throw tokenError(peer, `'peer' expected, found ${describe(peer)}`);
        const name = ts.expectName('failover peer name');
        if (ts.isPunct(';')) {
          if (!this.failoverPeers.has(name.text)) throw tokenError(name, `failover peer ${name.text}: not found`);
          ts.next();
          this.referredPeers.add(name.text);
          settings.set('failover peer', name.text);
          return;
        }
        const start = ts.index;
        const decl = parseFailoverPeer(ts, name);
        this.failoverPeers.set(decl.name, decl);
        this.rawBlocks.push({ kind: 'failover peer', name: name.text, text: tokensText(ts.tokens.slice(start + 1, ts.index - 1)), file: tok.file, line: tok.line });
        return;
      }
      case 'range': {
        if (!(real.kind === 'subnet' || real.kind === 'pool')) throw tokenError(tok, 'range declaration not allowed here');
        if (ts.isWord('dynamic-bootp')) {
          ts.next();
          scope.local.permits.set('dynamic-bootp', 'allow');
        }
        const lowTok = ts.next();
        const low = parseIpTok(lowTok);
        let highTok = lowTok;
        if (!ts.isPunct(';')) highTok = ts.next();
        const high = parseIpTok(highTok);
        this.semi(ts);
        // dhcpd swaps reversed bounds (new_address_range).
        real.ranges.push(low <= high ? { range: { start: low, end: high }, lowTok, highTok } : { range: { start: high, end: low }, lowTok: highTok, highTok: lowTok });
        return;
      }
      case 'option':
        this.option(ts, scope);
        return;
      case 'hardware': {
        if (scope.kind !== 'host') throw tokenError(tok, 'hardware declaration not allowed here (only in a host)');
        const type = ts.next();
        if (!(type.kind === 'word' && type.text.toLowerCase() === 'ethernet')) {
          throw tokenError(type, `hardware type ${describe(type)} not supported (only ethernet)`);
        }
        const mac = ts.next();
        if (mac.kind !== 'word' || !MAC.test(mac.text)) throw tokenError(mac, `bad MAC address ${describe(mac)}: six colon-separated hex octets expected`);
        this.semi(ts);
        scope.hardware = mac.text.split(':').map((h) => h.toLowerCase().padStart(2, '0')).join(':');
        scope.hardwareTok = mac;
        return;
      }
      case 'fixed-address': {
        if (scope.kind !== 'host') throw tokenError(tok, 'fixed-address declaration not allowed here (only in a host)');
        for (;;) {
          const t = ts.next();
          const ip = this.ipOrName(t);
          if (ip !== null) scope.fixed.push({ ip, tok: t });
          if (!ts.isPunct(',')) break;
          ts.next();
        }
        this.semi(ts);
        return;
      }
      case 'not': {
        // In a conditional `not` starts no statement dhcpd knows (parse_executable_statement).
        if (scope.kind === 'conditional') throw tokenError(tok, "right brace expected, found 'not'");
        const a = ts.next();
        if (!(a.kind === 'word' && a.text.toLowerCase() === 'authoritative')) throw tokenError(a, `'authoritative' expected, found ${describe(a)}`);
        if (real.kind === 'host') throw tokenError(a, 'authority makes no sense here.');
        this.semi(ts);
        L.authoritative = false;
        return;
      }
      case 'authoritative':
        if (real.kind === 'host') throw tokenError(tok, 'authority makes no sense here.');
        // In a conditional it is the server option `authoritative` of dhcpd's server space: a boolean value follows.
        if (scope.kind === 'conditional') {
          const v = ts.next();
          // dhcpd takes the `;` as the value and then wants a `;` (the next token names the line).
          if (v.kind === 'punct' && v.text === ';') throw tokenError(ts.peek(), `semicolon expected, found ${describe(ts.peek())}`);
          L.authoritative = parseBool(v);
        } else L.authoritative = true;
        this.semi(ts);
        return;
      case 'allow':
      case 'deny':
      case 'ignore': {
        const words = ts.untilSemicolon();
        const end = this.semi(ts);
        if (words.length === 0) throw tokenError(end, `${kw} needs a parameter, found ';'`);
        const key = tokensText(words).toLowerCase();
        // Directly in a pool, allow and deny take a permit (confpars.c parse_permit_list).
        if (scope.kind === 'pool' && kw !== 'ignore' && !POOL_PERMITS.has(key) && !key.startsWith('members of') && words[0].text.toLowerCase() !== 'after') {
          throw tokenError(words[0], `expecting permit type, found ${describe(words[0])}`);
        }
        // `ignore` is no permit: in a pool it is the ordinary parameter (dhcpd's parse_statement).
        if (scope.kind === 'pool' && kw !== 'ignore' && (key === 'unknown-clients' || key === 'known-clients' || key === 'unknown clients' || key === 'known clients' || key === 'all clients')) {
          (kw === 'allow' ? scope.poolAllow : scope.poolDeny).add(key.replace(' ', '-'));
        }
        if (key.startsWith('members of')) {
          const cls = words[2];
          if (words.length !== 3 || words[1].text.toLowerCase() !== 'of' || cls.kind !== 'string') throw tokenError(words[words.length - 1], `expecting "members of \"CLASS\"", found ${describe(words[Math.min(2, words.length - 1)])}`);
          if (!this.classes.has(cls.text)) throw tokenError(cls, `no such class: ${cls.text}`);
          if (scope.kind !== 'pool') throw tokenError(words[0], `${kw} members of: only in a pool`);
          if (kw === 'ignore') throw tokenError(words[0], `ignore not allowed for members of in a pool`);
          (kw === 'allow' ? scope.poolAllowClasses : scope.poolDenyClasses).push(cls.text);
          return;
        }
        L.permits.set(key, kw);
        return;
      }
      case 'default-lease-time':
      case 'max-lease-time':
      case 'min-lease-time': {
        const v = leaseTime(ts.next());
        this.semi(ts);
        if (kw === 'default-lease-time') L.defaultLeaseTime = v;
        else if (kw === 'max-lease-time') L.maxLeaseTime = v;
        else L.minLeaseTime = v;
        return;
      }
      case 'next-server':
      case 'server-identifier': {
        // dhcpd's conditional blocks do not take server-identifier (parse_executable_statement stops at it).
        if (kw === 'server-identifier' && scope.kind === 'conditional') throw tokenError(tok, "right brace expected, found 'server-identifier'");
        const v = this.ipOrName(ts.next());
        this.semi(ts);
        if (v === null) return;
        if (kw === 'next-server') L.nextServer = v;
        else L.serverIdentifier = v;
        return;
      }
      case 'filename':
      case 'server-name': {
        const t = ts.next();
        if (t.kind !== 'string') throw tokenError(t, `expecting a quoted string, found ${describe(t)}`);
        this.semi(ts);
        if (kw === 'filename') L.filename = t.text;
        else L.serverName = t.text;
        return;
      }
      case 'ping-check': {
        L.pingCheck = parseBool(ts.next());
        this.semi(ts);
        return;
      }
      case 'elsif':
      case 'else':
        // dhcpd names the line of the token before (its parse_warn after a peek).
        throw tokenError(ts.before(tok), `'${tok.text}' without a preceding if`);
      case 'interface': {
        if (!(scope.kind === 'shared-network' || scope.kind === 'subnet')) throw tokenError(ts.before(tok), `expecting a parameter or declaration, found 'interface' (only in a shared-network or subnet)`);
        const name = ts.expectName('interface name');
        this.semi(ts);
        if (scope.iface !== undefined) throw tokenError(name, "A subnet or shared network can't be connected to two interfaces.");
        scope.iface = name.text;
        return;
      }
      case 'switch':
      case 'define':
        throw tokenError(tok, `statement '${tok.text}' not supported by labnet`);
      case 'subnet6':
      case 'range6':
      case 'prefix6':
      case 'fixed-address6':
      case 'fixed-prefix6':
        throw tokenError(tok, `DHCPv6 statement '${tok.text}' not supported by labnet`);
      default:
        break;
    }
    if (kw.startsWith('ddns-') || kw === 'ddns-update-style') {
      const vals = ts.untilSemicolon();
      this.semi(ts);
      if (vals.length === 0) throw tokenError(tok, `${kw} needs a value`);
      L.ddns.set(kw, vals.map((v) => v.text).join(' '));
      return;
    }
    const format = SERVER_OPTIONS.get(kw);
    if (format !== undefined || SPECIAL_SETTINGS.has(kw)) {
      const vals = ts.untilSemicolon();
      const end = ts.peek();
      if (vals.length === 0) throw tokenError(end, `${kw} needs a value, found ';'`);
      settings.set(kw, format !== undefined ? serverOptionValue(format, vals, end) : vals.map((v) => v.text).join(' '));
      this.semi(ts);
      return;
    }
    throw tokenError(tok, `unknown statement '${tok.text}'`);
  }

  /** `class "NAME" { match if BOOLEAN; | match DATA; | spawn with DATA; | lease limit N; | parameters }` */
  private classDecl(ts: TokenStream, tok: Token, scope: Scope): void {
    const nameTok = ts.next();
    if (nameTok.kind !== 'string') throw tokenError(nameTok, `Expecting class name, found ${describe(nameTok)}`);
    const cs = newScope('class', nameTok, undefined);
    cs.parent = scope;
    const decl: ClassDecl = { name: nameTok.text, program: { local: cs.local, statements: cs.statements }, subclasses: new Map(), source: { file: tok.file, line: tok.line } };
    const host = this.hostFor(cs);
    if (!ts.isPunct('{')) throw tokenError(ts.peek(), `left brace expected, found ${describe(ts.peek())}`);
    this.block(ts, cs, () => {
      if (ts.isWord('match')) {
        ts.next();
        if (ts.isWord('if')) {
          ts.next();
          decl.matchIf = parseExpressionOf(ts, host, 'boolean');
        } else decl.match = parseExpressionOf(ts, host, 'data');
      } else if (ts.isWord('spawn')) {
        ts.next();
        const w = ts.next();
        if (!(w.kind === 'word' && w.text.toLowerCase() === 'with')) throw tokenError(w, `expecting with after spawn, found ${describe(w)}`);
        decl.spawn = parseExpressionOf(ts, host, 'data');
      } else if (ts.isWord('lease')) {
        ts.next();
        const w = ts.next();
        if (!(w.kind === 'word' && w.text.toLowerCase() === 'limit')) throw tokenError(w, `expecting "limit" after lease, found ${describe(w)}`);
        decl.leaseLimit = parseUint(ts.next());
        if (!this.firstSeen.has('lease limit')) this.firstSeen.set('lease limit', { file: w.file, line: w.line });
      } else return false;
      this.semi(ts);
      return true;
    });
    decl.program.local = stripUndefined(cs.local);
    this.classes.set(decl.name, decl);
    this.dynamic = true;
  }

  /** `subclass "CLASS" DATA;` or `subclass "CLASS" DATA { parameters }` (DATA: a string or hex bytes). */
  private subclassDecl(ts: TokenStream): void {
    const nameTok = ts.next();
    if (nameTok.kind !== 'string') throw tokenError(nameTok, `Expecting class name, found ${describe(nameTok)}`);
    const cls = this.classes.get(nameTok.text);
    if (!cls) throw tokenError(nameTok, `no class named ${nameTok.text}`);
    const v = ts.next();
    let key: Buffer;
    if (v.kind === 'string') key = v.bytes ?? Buffer.from(v.text, 'latin1');
    else if (v.kind === 'word' && /^[0-9a-f]{1,2}(:[0-9a-f]{1,2})*$/i.test(v.text)) key = Buffer.from(v.text.split(':').map((h) => parseInt(h, 16)));
    else throw tokenError(v, `expecting string or hex list, found ${describe(v)}`);
    const cs = newScope('class', nameTok, undefined);
    if (ts.isPunct('{')) this.block(ts, cs);
    else this.semi(ts);
    cls.subclasses.set(key.toString('hex'), { local: stripUndefined(cs.local), statements: cs.statements });
  }

  /** `option space NAME [code width 1|2|4] [length width 1|2] [hash size N];` */
  private optionSpace(ts: TokenStream): void {
    const nameTok = ts.expectName('option space name');
    let codeWidth: 1 | 2 | 4 = 1;
    let lengthWidth: 1 | 2 = 1;
    while (!ts.isPunct(';')) {
      const w = ts.next();
      const key = w.kind === 'word' ? w.text.toLowerCase() : '';
      const next = ts.next();
      if (!((key === 'code' || key === 'length') && next.kind === 'word' && next.text.toLowerCase() === 'width') && !(key === 'hash' && next.kind === 'word' && next.text.toLowerCase() === 'size')) {
        throw tokenError(key === 'code' || key === 'length' || key === 'hash' ? next : w, `expecting width or size, found ${describe(key ? next : w)}`);
      }
      const nTok = ts.next();
      const n = parseUint(nTok);
      if (key === 'code') {
        if (n !== 1 && n !== 2 && n !== 4) throw tokenError(nTok, `invalid code width (${n}), expecting a 1, 2 or 4.`);
        codeWidth = n;
      } else if (key === 'length') {
        if (n !== 1 && n !== 2) throw tokenError(nTok, `invalid length width (${n}) expecting 1 or 2.`);
        lengthWidth = n;
      }
    }
    this.semi(ts);
    const name = nameTok.text;
    if (!this.spaces.has(name)) this.spaces.set(name, newSpace(name, codeWidth, lengthWidth));
  }

  private option(ts: TokenStream, scope: Scope): void {
    const nameTok = ts.expectWord('option name');
    const name = nameTok.text.toLowerCase();
    if (name === 'space') {
      this.optionSpace(ts);
      return;
    }
    const dot = nameTok.text.indexOf('.');
    const spaceName = dot > 0 ? nameTok.text.slice(0, dot) : 'dhcp';
    const short = dot > 0 ? name.slice(dot + 1) : name;
    const space = this.spaces.get(spaceName);
    if (ts.isWord('code')) {
      ts.next();
      if (!space) throw tokenError(nameTok, `no option space named ${spaceName}.`);
      const codeTok = ts.next();
      const code = parseUint(codeTok);
      ts.expectPunct('=', "'=' expected");
      const typeToks: Token[] = []; // may hold a `{ ... }` record
      while (!ts.isPunct(';') && !ts.atEof()) typeToks.push(ts.next());
      const end = this.semi(ts);
      if (typeToks.length === 0) throw tokenError(end, "option type expected, found ';'");
      const type = parseOptionType(typeToks, end, (sp) => this.spaces.has(sp));
      if (type.encapsulate !== undefined) {
        // dhcpd 4.4 takes one encapsulation of a space: a second definition (even the same one again)
        // fails its startup with "Internal inconsistency: storage value has not been initialized to zero".
        const first = this.encapsulated.get(type.encapsulate);
        if (first) throw tokenError(nameTok, `option space ${type.encapsulate} is already encapsulated by option ${first}; dhcpd takes one encapsulation of a space`);
        this.encapsulated.set(type.encapsulate, nameTok.text);
      }
      space.table.define({ code, name: short, ...type });
      return;
    }
    if (!space) throw tokenError(nameTok, `no option space named ${spaceName}.`);
    const def = space.table.byNameOf(short);
    if (!def) throw tokenError(nameTok, `unknown option ${spaceName}.${short}`);
    const vals = ts.untilSemicolon();
    const end = ts.peek();
    const payload = encodeOptionValueIn(def, vals, end, this.names);
    this.semi(ts);
    if (payload === null) return; // a host name left out (ParseOptions.resolveHost)
    if (spaceName !== 'dhcp') {
      const spaces = (scope.local.spaces ??= new Map());
      if (!spaces.has(spaceName)) spaces.set(spaceName, new Map());
      spaces.get(spaceName)!.set(def.code, payload);
      return;
    }
    if (def.code === 61 && scope.kind === 'host') {
      // RFC 2132 9.14: the host's identity, not an option to send (dhcpd.conf(5) "host").
      scope.clientId = payload;
      return;
    }
    scope.local.options.set(def.code, payload);
  }
}

/** Effective parameters of a scope: merged from global down. */
function effective(scope: Scope, stopAtGlobal = false): ScopeParams {
  const chain: Scope[] = [];
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (stopAtGlobal && s.kind === 'global') break;
    chain.unshift(s);
  }
  return stripUndefined(chain.reduce((acc, s) => mergeParams(acc, s.local), emptyParams()));
}

function enclosing(scope: Scope, kind: ScopeKind): Scope | undefined {
  for (let s = scope.parent; s; s = s.parent) if (s.kind === kind) return s;
  return undefined;
}

/** The scope chain of `scope` (outermost first), as the engine runs it per packet. */
function chainOf(scope: Scope, stopAtGlobal = false): ScopeProgram[] {
  const chain: ScopeProgram[] = [];
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (stopAtGlobal && s.kind === 'global') break;
    chain.unshift({ local: stripUndefined(s.local), statements: s.statements });
  }
  return chain;
}

/**
 * A pool's known/unknown-clients verdicts from the `allow`/`deny` words written in it
 * (`unknown-clients`, `known-clients`, `all-clients`, spaces made dashes). dhcpd permit lists:
 * with any `allow`, only what is allowed may use the pool; `deny` always excludes.
 */
export function poolPermitFlags(allows: ReadonlySet<string>, denies: ReadonlySet<string>): Pick<PoolDecl, 'unknownClients' | 'knownClients'> {
  const denied = (what: string) => denies.has(what) || denies.has('all-clients') || (allows.size > 0 && !allows.has(what) && !allows.has('all-clients'));
  return { unknownClients: denied('unknown-clients') ? 'deny' : 'allow', knownClients: denied('known-clients') ? 'deny' : 'allow' };
}

function poolDecl(scope: Scope, ranges: IpRange[], params: ScopeParams, dynamic = false): PoolDecl {
  const decl: PoolDecl = { ranges, ...poolPermitFlags(scope.poolAllow, scope.poolDeny), params };
  if (scope.poolAllowClasses.length) decl.allowClasses = scope.poolAllowClasses;
  if (scope.poolDenyClasses.length) decl.denyClasses = scope.poolDenyClasses;
  if (dynamic) decl.programs = chainOf(scope);
  return decl;
}

function build(root: Scope, file: string, parser: Parser): DhcpConfig {
  const subnets: Array<{ decl: SubnetDecl; scope: Scope }> = [];
  const sharedNetworks: SharedNetworkDecl[] = [];
  const hosts: HostDecl[] = [];
  const hostScopes: Scope[] = [];
  const sharedPools: Scope[] = [];
  const poolScopes: Array<{ scope: Scope; subnet: SubnetDecl }> = [];
  const walk = (s: Scope): void => {
    if (s.kind === 'shared-network') {
      sharedNetworks.push({ name: s.name!, subnets: [] });
    } else if (s.kind === 'subnet') {
      const sn = enclosing(s, 'shared-network');
      const params = effective(s);
      const decl: SubnetDecl = {
        network: s.network!,
        mask: s.mask!,
        params,
        pools: [],
        sharedNetwork: sn ? sn.name! : subnetLabel(s.network!, s.mask!),
        source: { file: s.tok.file, line: s.tok.line },
      };
      const iface = s.iface ?? sn?.iface;
      if (iface !== undefined) decl.interface = iface;
      subnets.push({ decl, scope: s });
      if (sn) sharedNetworks.find((n) => n.name === sn.name)!.subnets.push(decl);
      else sharedNetworks.push({ name: decl.sharedNetwork, subnets: [decl] });
      for (const r of s.ranges) checkRangeIn(r, decl);
      if (parser.dynamic) decl.programs = chainOf(s);
      if (s.ranges.length) decl.pools.push(poolDecl(s, s.ranges.map((r) => r.range), params, parser.dynamic));
    } else if (s.kind === 'pool') {
      const sub = enclosing(s, 'subnet');
      if (sub) poolScopes.push({ scope: s, subnet: subnets.find((x) => x.scope === sub)!.decl });
      else sharedPools.push(s);
    } else if (s.kind === 'host') {
      hostScopes.push(s);
    }
    for (const c of s.children) walk(c);
  };
  walk(root);

  for (const { scope, subnet } of poolScopes) {
    for (const r of scope.ranges) checkRangeIn(r, subnet);
    subnet.pools.push(poolDecl(scope, scope.ranges.map((r) => r.range), effective(scope), parser.dynamic));
  }
  // A pool in a shared-network: each range belongs to the subnet that holds it (dhcpd.conf(5) "pool").
  for (const scope of sharedPools) {
    const sn = enclosing(scope, 'shared-network')!;
    const members = subnets.filter((x) => x.decl.sharedNetwork === sn.name && enclosing(x.scope, 'shared-network') === sn);
    const bySubnet = new Map<SubnetDecl, IpRange[]>();
    for (const r of scope.ranges) {
      const holder = members.find((m) => inSubnet(r.range.start, m.decl.network, m.decl.mask));
      if (!holder) throw tokenError(r.lowTok, `range ${ipToString(r.range.start)} is in no subnet of shared-network ${sn.name}`);
      checkRangeIn(r, holder.decl);
      bySubnet.set(holder.decl, [...(bySubnet.get(holder.decl) ?? []), r.range]);
    }
    for (const [decl, ranges] of bySubnet) decl.pools.push(poolDecl(scope, ranges, effective(scope), parser.dynamic));
  }

  // dhcpd refuses an address in two ranges ("lease X is declared twice!").
  const all: RangeStmt[] = [];
  const collect = (s: Scope): void => {
    all.push(...s.ranges);
    s.children.forEach(collect);
  };
  collect(root);
  const sorted = [...all].sort((a, b) => a.range.start - b.range.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (cur.range.start <= prev.range.end) {
      const later = all.indexOf(cur) > all.indexOf(prev) ? cur : prev;
      const dup = Math.max(cur.range.start, prev.range.start);
      throw tokenError(later.lowTok, `lease ${ipToString(dup)} is declared twice`);
    }
  }

  // Overlapping subnets: a warning, as dhcpd -t prints it.
  for (let i = 0; i < subnets.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = subnets[i].decl;
      const b = subnets[j].decl;
      const m = (a.mask & b.mask) >>> 0;
      if (((a.network & m) >>> 0) === ((b.network & m) >>> 0)) {
        parser.warnings.push(tokenError(subnets[i].scope.tok, `subnet ${subnetLabel(a.network, a.mask)} overlaps subnet ${subnetLabel(b.network, b.mask)}`));
      }
    }
  }

  const names = new Map<string, Scope>();
  const macs = new Map<string, string>();
  for (const h of hostScopes) {
    const key = h.name!.toLowerCase();
    if (names.has(key)) throw tokenError(h.tok, `host ${h.name}: already exists`);
    names.set(key, h);
    if (h.hardware) {
      const prev = macs.get(h.hardware);
      if (prev !== undefined) parser.warnings.push(tokenError(h.hardwareTok!, `host ${h.name}: hardware ethernet ${h.hardware} already used by host ${prev}`));
      else macs.set(h.hardware, h.name!);
    }
    for (const f of h.fixed) {
      if (!subnets.some((s) => inSubnet(f.ip, s.decl.network, s.decl.mask))) {
        parser.warnings.push(tokenError(f.tok, `host ${h.name}: fixed-address ${ipToString(f.ip)} is in no declared subnet; the host is never served`));
      }
    }
    const decl: HostDecl = { name: h.name!, fixedAddresses: h.fixed.map((f) => f.ip), params: effective(h, true) };
    if (h.hardware) decl.hardwareEthernet = h.hardware;
    if (h.clientId) decl.clientId = h.clientId;
    if (parser.dynamic) decl.programs = chainOf(h, true);
    hosts.push(decl);
  }

  // dhcpd's failover sanity check: every peer is named by a pool (it names no line).
  for (const peer of parser.failoverPeers.values()) {
    if (!parser.referredPeers.has(peer.name)) {
      throw new LocatedError(`Failover peer, ${peer.name}, has no referring pools. You must refer to each peer in at least one pool declaration.`, peer.source.file, peer.source.line, 1);
    }
  }
  const spaces = new Map([...parser.spaces].filter(([name]) => name !== 'dhcp'));
  return {
    file,
    global: effective(root),
    optionDefs: parser.spaces.get('dhcp')!.table,
    statementSources: parser.firstSeen,
    optionSpaces: spaces,
    ...(parser.failoverPeers.size ? { failoverPeers: [...parser.failoverPeers.values()] } : {}),
    sharedNetworks,
    subnets: subnets.map((s) => s.decl),
    hosts,
    warnings: parser.warnings.map((w) => ({ file: w.file, line: w.line, col: w.col, message: w.message })),
    rawBlocks: parser.rawBlocks,
    ddnsKeys: parser.ddnsKeys,
    ddnsZones: parser.ddnsZones,
    ...(parser.dynamic ? { dynamic: true, classes: [...parser.classes.values()], programs: chainOf(root) } : {}),
  };
}

function checkRangeIn(r: RangeStmt, s: SubnetDecl): void {
  for (const [ip, tok] of [[r.range.start, r.lowTok], [r.range.end, r.highTok]] as const) {
    if (!inSubnet(ip, s.network, s.mask)) {
      throw tokenError(tok, `bad range, address ${ipToString(ip)} not in subnet ${ipToString(s.network)} netmask ${ipToString(s.mask)}`);
    }
  }
}

/** Parse dhcpd.conf text. Throws LocatedError (`FILE:LINE:COL: message`) on the first error. */
export function parseDhcpdConf(text: string, file: string, opts: ParseOptions = {}): DhcpConfig {
  const parser = new Parser({
    readFile: opts.readFile ?? ((p) => readFileSync(p, 'utf8')),
    includeBase: opts.includeBase ?? dirname(file),
    resolveHost: opts.resolveHost,
  });
  const root = newScope('global', { kind: 'eof', text: '', file, line: 1, col: 1 });
  const ts = new TokenStream(tokenize(text, file));
  parser.parseFile(ts, root);
  // dhcpd runs the global scope's statements once at startup (postconf_initialization): a
  // `log (fatal, ...)` there, not inside a conditional, stops it (dhcpd -t fails, naming no line).
  const fatal = root.statements.find((st) => st.kind === 'log' && st.priority === 'fatal');
  if (fatal?.kind === 'log') throw new LocatedError('log (fatal, ...) at global scope: dhcpd runs it at startup and stops', fatal.source.file, fatal.source.line, 1);
  return build(root, file, parser);
}

/** Read and parse a dhcpd.conf file; includes resolve against its folder. */
export function loadDhcpdConf(path: string, opts: Pick<ParseOptions, 'resolveHost'> = {}): DhcpConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LocatedError(`can't open ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, path, 0, 0);
  }
  return parseDhcpdConf(text, path, opts);
}
