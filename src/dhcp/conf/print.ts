/**
 * DhcpConfig -> dhcpd.conf(5) text: the canonical form of a configuration labnet has read,
 * which parser.ts reads back as the same DhcpConfig (source positions aside) and which
 * prints again identically.
 *
 * The model keeps what serving needs, not the file: parameters merged down the scopes,
 * option values as wire payloads, `include`s inlined, groups folded in. The printer rebuilds a
 * scope tree that yields the same model:
 *  - with statements or classes (`DhcpConfig.dynamic`), from the scope chains the subnets,
 *    pools and hosts carry (each scope's own parameters and statements, shared by identity),
 *    the shared-network of a subnet placed at the deepest scope above all of its subnets;
 *  - otherwise from the merged parameters: each scope written with what it adds to its parent.
 * Declarations come first (option spaces, option definitions, keys, zones, failover peers,
 * classes), then global parameters, then the scopes. Values are written as dhcpd writes them
 * (option-defs.ts decodeOptionValue), expressions by ../eval/print-expr.ts.
 */
import type { ClassDecl, Expr, ScopeProgram, Stmt } from '../eval/ast.js';
import { dataText, exprText, optionRefText } from '../eval/print-expr.js';
import { ipToString } from '../ip.js';
import { builtinOptions, decodeOptionValue, encodeOptionText, quoteBytes, type OptionDef, type OptionTable } from '../option-defs.js';
import { builtinSpaces, type OptionSpace } from '../option-spaces.js';
import type { DhcpConfig, HostDecl, IpRange, PoolDecl, ScopeParams, SubnetDecl } from '../types.js';
import { poolPermitFlags, subnetLabel } from './parser.js';
import { SERVER_OPTIONS } from './server-options.js';

type NodeKind = 'global' | 'group' | 'shared-network' | 'subnet' | 'pool' | 'host';

interface Node {
  kind: NodeKind;
  local: ScopeParams;
  statements: Stmt[];
  children: Node[];
  parent?: Node;
  subnet?: SubnetDecl;
  /** Ranges written directly (a subnet's implicit pool, a pool's). */
  ranges: IpRange[];
  pool?: PoolDecl;
  /** A pool printed from merged parameters: the permits its parent already has. */
  inherited?: Map<string, 'allow' | 'deny' | 'ignore'>;
  host?: HostDecl;
  name?: string;
  /** Order constraints: category -> positions of the declarations under this node. */
  order: Map<string, number[]>;
}

function node(kind: NodeKind, local: ScopeParams, statements: Stmt[] = [], parent?: Node): Node {
  const n: Node = { kind, local, statements, children: [], ranges: [], order: new Map(), parent };
  parent?.children.push(n);
  return n;
}

/** Record that the declaration at `pos` of `category` lies under `n` and its ancestors. */
function mark(n: Node, category: string, pos: number): void {
  for (let s: Node | undefined = n; s; s = s.parent) {
    const list = s.order.get(category) ?? [];
    if (!list.includes(pos)) list.push(pos);
    s.order.set(category, list);
  }
}

/** Children in an order that keeps every category's declarations in model order (a topological sort). */
function ordered(n: Node): Node[] {
  const kids = n.children;
  const after = new Map<Node, Set<Node>>(kids.map((k) => [k, new Set<Node>()]));
  const categories = new Set(kids.flatMap((k) => [...k.order.keys()]));
  for (const c of categories) {
    const seq = kids.flatMap((k) => (k.order.get(c) ?? []).map((pos) => ({ k, pos }))).sort((a, b) => a.pos - b.pos);
    for (let i = 1; i < seq.length; i++) if (seq[i].k !== seq[i - 1].k) after.get(seq[i].k)!.add(seq[i - 1].k);
  }
  const out: Node[] = [];
  const left = [...kids];
  while (left.length) {
    const i = left.findIndex((k) => [...after.get(k)!].every((d) => out.includes(d)));
    out.push(...left.splice(i < 0 ? 0 : i, 1));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// the scope tree

function isImplicitNetwork(sub: SubnetDecl): boolean {
  return sub.sharedNetwork === subnetLabel(sub.network, sub.mask);
}

/** The categories every declaration is ordered in. */
function markAll(cfg: DhcpConfig, subnetNode: Map<SubnetDecl, Node>, poolNodes: Map<PoolDecl, Node>, hostNode: Map<HostDecl, Node>, snNode: Map<string, Node>): void {
  cfg.subnets.forEach((s, i) => {
    const n = subnetNode.get(s)!;
    mark(n, 'subnet', i);
    s.pools.forEach((p, j) => {
      const pn = poolNodes.get(p);
      if (pn) mark(pn, `pool ${i}`, j);
    });
  });
  cfg.hosts.forEach((h, i) => mark(hostNode.get(h)!, 'host', i));
  cfg.sharedNetworks.forEach((sn, i) => {
    const n = sn.subnets.length === 1 && isImplicitNetwork(sn.subnets[0]) ? subnetNode.get(sn.subnets[0]) : snNode.get(sn.name);
    if (n) mark(n, 'shared-network', i);
  });
}

/** The tree of a config with statements: from the scope chains, by identity of each scope's parameters. */
function treeFromChains(cfg: DhcpConfig): Node {
  const first = cfg.subnets.find((s) => s.programs?.length)?.programs?.[0];
  const root = node('global', first?.local ?? cfg.global, first?.statements ?? []);
  const byLocal = new Map<ScopeParams, Node>([[root.local, root]]);
  const attach = (chain: ScopeProgram[], fromGlobal: boolean): Node => {
    let cur = root;
    for (const p of fromGlobal ? chain.slice(1) : chain) {
      let n = byLocal.get(p.local);
      if (!n) {
        n = node('group', p.local, p.statements, cur);
        byLocal.set(p.local, n);
      }
      cur = n;
    }
    return cur;
  };
  const subnetNode = new Map<SubnetDecl, Node>();
  const poolNodes = new Map<PoolDecl, Node>();
  for (const s of cfg.subnets) {
    const n = attach(s.programs ?? [], true);
    n.kind = 'subnet';
    n.subnet = s;
    subnetNode.set(s, n);
  }
  for (const s of cfg.subnets) {
    for (const p of s.pools) {
      const n = attach(p.programs ?? [], true);
      n.ranges.push(...p.ranges);
      if (n !== subnetNode.get(s)) {
        n.kind = 'pool';
        n.pool = p;
        poolNodes.set(p, n);
      }
    }
  }
  const hostNode = new Map<HostDecl, Node>();
  for (const h of cfg.hosts) {
    const n = attach(h.programs ?? [], false);
    n.kind = 'host';
    n.host = h;
    hostNode.set(h, n);
  }
  const snNode = new Map<string, Node>();
  for (const sn of cfg.sharedNetworks) {
    if (sn.subnets.length === 1 && isImplicitNetwork(sn.subnets[0])) continue;
    const members = [...sn.subnets.map((s) => subnetNode.get(s)!), ...sn.subnets.flatMap((s) => s.pools.map((p) => poolNodes.get(p)).filter((n): n is Node => !!n && !ancestors(n).includes(subnetNode.get(s)!)))];
    let n: Node;
    if (members.length === 0) n = node('shared-network', emptyLocal(), [], root);
    else {
      const paths = members.map(ancestors);
      let depth = 0;
      while (paths.every((p) => depth < p.length && p[depth] === paths[0][depth])) depth++;
      n = paths[0][depth - 1];
      if (n === root) throw new Error(`shared-network ${sn.name}: its subnets share no scope below global`);
    }
    n.kind = 'shared-network';
    n.name = sn.name;
    snNode.set(sn.name, n);
  }
  markAll(cfg, subnetNode, poolNodes, hostNode, snNode);
  return root;
}

/** root ... parent of `n`. */
function ancestors(n: Node): Node[] {
  const out: Node[] = [];
  for (let s = n.parent; s; s = s.parent) out.unshift(s);
  return out;
}

function emptyLocal(): ScopeParams {
  return { options: new Map(), ddns: new Map(), permits: new Map(), settings: new Map() };
}

const same = (a: unknown, b: unknown): boolean => (Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b);

/** What `child` (merged) adds to `parent` (merged): child = mergeParams(parent, diff). */
function diff(child: ScopeParams, parent: ScopeParams): ScopeParams {
  const maps = <V>(c: Map<string | number, V> | undefined, p: Map<string | number, V> | undefined) => new Map([...(c ?? [])].filter(([k, v]) => !p?.has(k) || !same(p.get(k), v)));
  const out: ScopeParams = {
    options: maps(child.options, parent.options) as Map<number, Buffer>,
    ddns: maps(child.ddns, parent.ddns) as Map<string, string>,
    permits: maps(child.permits, parent.permits) as ScopeParams['permits'],
    settings: maps(child.settings, parent.settings) as Map<string, string>,
  };
  for (const k of SCALARS) {
    if (child[k] !== undefined && child[k] !== parent[k]) (out as unknown as Record<string, unknown>)[k] = child[k];
  }
  for (const [space, opts] of child.spaces ?? []) {
    const d = maps(opts, parent.spaces?.get(space)) as Map<number, Buffer>;
    if (d.size) (out.spaces ??= new Map()).set(space, d);
  }
  return out;
}

/** The tree of a config without statements: each scope with what it adds to its parent. */
function treeFromParams(cfg: DhcpConfig): Node {
  const root = node('global', cfg.global);
  const subnetNode = new Map<SubnetDecl, Node>();
  const poolNodes = new Map<PoolDecl, Node>();
  const snNode = new Map<string, Node>();
  const hostNode = new Map<HostDecl, Node>();
  const poolNode = (p: PoolDecl, parent: Node, parentParams: ScopeParams) => {
    const n = node('pool', diff(p.params, parentParams), [], parent);
    n.pool = p;
    n.ranges = [...p.ranges];
    n.inherited = parentParams.permits;
    poolNodes.set(p, n);
  };
  for (const sn of cfg.sharedNetworks) {
    const implicit = sn.subnets.length === 1 && isImplicitNetwork(sn.subnets[0]);
    const snN = implicit ? root : node('shared-network', emptyLocal(), [], root);
    if (!implicit) {
      snN.name = sn.name;
      snNode.set(sn.name, snN);
    }
    const later: PoolDecl[] = [];
    for (const s of sn.subnets) {
      const n = node('subnet', diff(s.params, cfg.global), [], snN);
      n.subnet = s;
      subnetNode.set(s, n);
      let outside = false;
      s.pools.forEach((p, i) => {
        if (i === 0 && p.unknownClients === 'allow' && p.knownClients === 'allow' && paramsEqual(p.params, s.params)) n.ranges.push(...p.ranges);
        // A pool that does not inherit its subnet's parameters was written in the shared-network; those after it too.
        else if (!implicit && (outside || !inherits(p.params, s.params))) {
          outside = true;
          later.push(p);
        } else poolNode(p, n, s.params);
      });
    }
    for (const p of later) poolNode(p, snN, cfg.global);
  }
  for (const h of cfg.hosts) {
    // `authoritative` a host has from its group: dhcpd takes it in a group, not in the host.
    const { authoritative, ...own } = h.params;
    const holder = authoritative === undefined ? root : node('group', { ...emptyLocal(), authoritative }, [], root);
    const n = node('host', own, [], holder);
    n.host = h;
    hostNode.set(h, n);
  }
  markAll(cfg, subnetNode, poolNodes, hostNode, snNode);
  return root;
}

const SCALARS = ['defaultLeaseTime', 'maxLeaseTime', 'minLeaseTime', 'authoritative', 'nextServer', 'filename', 'serverName', 'serverIdentifier', 'pingCheck'] as const;

function mapsOf(p: ScopeParams): Array<Map<unknown, unknown>> {
  return [p.options, p.ddns, p.permits, p.settings ?? new Map(), ...[...(p.spaces ?? [])].map(([space, m]) => new Map([...m].map(([c, v]) => [`${space}.${c}`, v])))];
}

/** Can `child` (merged) be `mergeParams(parent, something)`: does it keep every parameter `parent` sets? */
function inherits(child: ScopeParams, parent: ScopeParams): boolean {
  if (SCALARS.some((k) => parent[k] !== undefined && child[k] === undefined)) return false;
  const c = new Set(mapsOf(child).flatMap((m, i) => [...m.keys()].map((k) => `${i} ${String(k)}`)));
  return mapsOf(parent).every((m, i) => [...m.keys()].every((k) => c.has(`${i} ${String(k)}`)));
}

/** The same parameters, whatever the order of their maps. */
function paramsEqual(a: ScopeParams, b: ScopeParams): boolean {
  if (SCALARS.some((k) => a[k] !== b[k])) return false;
  const flat = (p: ScopeParams) => new Map(mapsOf(p).flatMap((m, i) => [...m].map(([k, v]) => [`${i} ${String(k)}`, v] as const)));
  const fa = flat(a);
  const fb = flat(b);
  return fa.size === fb.size && [...fa].every(([k, v]) => fb.has(k) && same(fb.get(k), v));
}

// ---------------------------------------------------------------------------------------------
// text

interface Defs {
  dhcp: OptionTable;
  spaces: Map<string, OptionSpace>;
}

/** A name as a bare word when the lexer reads it back as one word, else quoted. */
function nameText(name: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/.test(name) ? name : quoteBytes(Buffer.from(name, 'latin1'));
}

const quoted = (s: string) => quoteBytes(Buffer.from(s, 'latin1'));

/** A value dhcpd reads as one word, or quoted. */
function wordOrQuoted(v: string): string {
  return /^[^\s"{};,=()#]+$/.test(v) ? v : quoted(v);
}

/**
 * `NAME VALUE` of an option: by the definition its code has now, or, when that one does not
 * read the value back (the code was redefined after the value was set), by an older name of it.
 */
function optionText(table: OptionTable | undefined, code: number, payload: Buffer, prefix = ''): string {
  const now = table?.byCodeOf(code);
  const older = (table?.named() ?? []).filter((d) => d.code === code && d !== now);
  for (const def of [now, ...older]) {
    if (!def) continue;
    const text = optionValue(def, payload);
    try {
      if (encodeOptionText(def, text).equals(payload)) return `${prefix}${def.name} ${text}`;
    } catch {
      /* next */
    }
  }
  return `${prefix}${now?.name ?? `unknown-${code}`} ${optionValue(now, payload)}`;
}

function optionValue(def: OptionDef | undefined, payload: Buffer): string {
  if (!def) return dataText(payload);
  if (payload.length === 0 && /^[tXE]/.test(def.format)) return '""';
  return decodeOptionValue(def, payload);
}

const TEXT_DDNS = new Set(['ddns-hostname', 'ddns-domainname', 'ddns-rev-domainname']);

/** The statements that set `p` (one scope's own parameters, or those written inside a conditional). */
function paramLines(p: ScopeParams, defs: Defs, permits = true, conditional = false): string[] {
  const out: string[] = [];
  // In a conditional, `authoritative` is the server option and takes a boolean.
  if (p.authoritative !== undefined) out.push(conditional ? `authoritative ${p.authoritative};` : p.authoritative ? 'authoritative;' : 'not authoritative;');
  const time = (kw: string, v: number | undefined) => v !== undefined && out.push(`${kw} ${v === 0xffffffff ? 'infinite' : v};`);
  time('default-lease-time', p.defaultLeaseTime);
  time('max-lease-time', p.maxLeaseTime);
  time('min-lease-time', p.minLeaseTime);
  if (p.nextServer !== undefined) out.push(`next-server ${ipToString(p.nextServer)};`);
  if (p.serverIdentifier !== undefined) out.push(`server-identifier ${ipToString(p.serverIdentifier)};`);
  if (p.filename !== undefined) out.push(`filename ${quoted(p.filename)};`);
  if (p.serverName !== undefined) out.push(`server-name ${quoted(p.serverName)};`);
  if (p.pingCheck !== undefined) out.push(`ping-check ${p.pingCheck};`);
  for (const [k, v] of p.ddns) out.push(`${k} ${TEXT_DDNS.has(k) ? quoted(v) : wordOrQuoted(v)};`);
  if (permits) for (const [k, kw] of p.permits) out.push(`${kw} ${k};`);
  for (const [k, v] of p.settings ?? []) {
    if (k === 'failover peer') out.push(`failover peer ${quoted(v)};`);
    else out.push(`${k} ${/^[tX]$/.test(SERVER_OPTIONS.get(k) ?? '') ? quoted(v) : k === 'server-duid' ? v : wordOrQuoted(v)};`);
  }
  for (const [code, payload] of p.options) out.push(`option ${optionText(defs.dhcp, code, payload)};`);
  for (const [space, opts] of p.spaces ?? []) {
    for (const [code, payload] of opts) out.push(`option ${optionText(defs.spaces.get(space)?.table, code, payload, `${space}.`)};`);
  }
  return out;
}

const POOL_KEYS = ['unknown-clients', 'known-clients', 'unknown clients', 'known clients', 'all clients'];

/**
 * A pool's `allow`/`deny`/`ignore` lines: its permits, and, where its known/unknown-clients
 * verdicts need it, a key written first with other words (the last one stays in the permits;
 * every allow and deny counts for the pool's lists, parser.ts poolPermitFlags).
 */
function poolPermitLines(n: Node): string[] {
  const pool = n.pool!;
  const eff = n.inherited ? pool.params.permits : n.local.permits;
  const keys = [...eff.keys()];
  const poolKeys = keys.filter((k) => POOL_KEYS.includes(k));
  // Per pool key: null (not written: inherited unchanged), or the words written before its last one.
  const choices = poolKeys.map((k) => {
    const last = eff.get(k)!;
    const before: Array<Array<'allow' | 'deny'> | null> = last === 'ignore' ? [[], ['allow'], ['deny'], ['allow', 'deny']] : [[], [last === 'allow' ? 'deny' : 'allow']];
    return n.inherited?.get(k) === last ? [null, ...before] : before;
  });
  const total = choices.reduce((a, c) => a * c.length, 1);
  for (let i = 0; i < total; i++) {
    let rest = i;
    const pick = new Map(poolKeys.map((k, j) => {
      const c = choices[j][rest % choices[j].length];
      rest = Math.floor(rest / choices[j].length);
      return [k, c];
    }));
    const lists = { allow: new Set<string>(), deny: new Set<string>() };
    for (const [k, before] of pick) {
      if (before === null) continue;
      for (const kw of [...before, eff.get(k)!]) if (kw !== 'ignore') lists[kw].add(k.replace(' ', '-'));
    }
    const flags = poolPermitFlags(lists.allow, lists.deny);
    if (flags.unknownClients !== pool.unknownClients || flags.knownClients !== pool.knownClients) continue;
    const out: string[] = [];
    for (const k of keys) {
      const kw = eff.get(k)!;
      const before = pick.get(k);
      if (before === null) continue;
      if (before === undefined && n.inherited?.get(k) === kw) continue;
      for (const b of before ?? []) out.push(`${b} ${k};`);
      out.push(`${kw} ${k};`);
    }
    return out;
  }
  throw new Error('no permit lines give the pool its known/unknown-clients verdicts');
}

class Writer {
  readonly lines: string[] = [];
  private depth = 0;
  line(s: string): void {
    this.lines.push('  '.repeat(this.depth) + s);
  }
  open(head: string): void {
    this.line(`${head} {`);
    this.depth++;
  }
  /** `} elsif C {`, `} else {` */
  reopen(head: string): void {
    this.depth--;
    this.line(`} ${head} {`);
    this.depth++;
  }
  close(): void {
    this.depth--;
    this.line('}');
  }
  block(head: string, body: () => void): void {
    this.open(head);
    body();
    this.close();
  }
}

function statements(w: Writer, stmts: Stmt[], defs: Defs): void {
  for (const s of stmts) statement(w, s, defs);
}

function statement(w: Writer, s: Stmt, defs: Defs): void {
  switch (s.kind) {
    case 'if': {
      // A condition written with a leading `(` would be read as `( BOOLEAN )` (parse_if_statement): wrap it whole.
      const cond = (e: Expr) => {
        const t = exprText(e);
        return t.startsWith('(') ? `(${t})` : t;
      };
      s.branches.forEach((b, i) => (i === 0 ? w.open(`if ${cond(b.cond)}`) : w.reopen(`elsif ${cond(b.cond)}`), statements(w, b.body, defs)));
      if (s.otherwise) {
        w.reopen('else');
        statements(w, s.otherwise, defs);
      }
      w.close();
      return;
    }
    case 'params':
      for (const l of paramLines(s.params, defs, true, true)) w.line(l);
      return;
    case 'option':
      w.line(`${s.mode === 'supersede' ? 'option' : s.mode} ${optionRefText(s.option)} = ${exprText(s.expr)};`);
      return;
    case 'param':
      w.line(`${s.name} = ${exprText(s.expr)};`);
      return;
    case 'set':
      w.line(`set ${s.name} = ${exprText(s.expr)};`);
      return;
    case 'unset':
      w.line(`unset ${s.name};`);
      return;
    case 'eval':
    case 'return':
      w.line(`${s.kind} ${exprText(s.expr)};`);
      return;
    case 'break':
      w.line('break;');
      return;
    case 'add-class':
      w.line(`add ${quoted(s.className)};`);
      return;
    case 'log':
      w.line(`log(${s.priority === 'info' ? '' : `${s.priority}, `}${exprText(s.expr)});`);
      return;
    case 'execute':
      w.line(`execute(${[quoted(s.command), ...s.args.map((a) => exprText(a))].join(', ')});`);
      return;
    case 'on':
      w.block(`on ${s.events.join(' or ')}`, () => statements(w, s.body, defs));
      return;
  }
}

function scopeBody(w: Writer, local: ScopeParams, stmts: Stmt[], defs: Defs, permits = true): void {
  for (const l of paramLines(local, defs, permits)) w.line(l);
  statements(w, stmts, defs);
}

/** `range` lines; `dynamicBootp`: the first says `dynamic-bootp` (in a pool, the only way to write that permit). */
function rangeLines(w: Writer, ranges: IpRange[], dynamicBootp = false): void {
  ranges.forEach((r, i) => {
    const low = `range ${i === 0 && dynamicBootp ? 'dynamic-bootp ' : ''}${ipToString(r.start)}`;
    w.line(r.start === r.end ? `${low};` : `${low} ${ipToString(r.end)};`);
  });
}

function printNode(w: Writer, n: Node, defs: Defs): void {
  const children = () => {
    for (const c of ordered(n)) printNode(w, c, defs);
  };
  switch (n.kind) {
    case 'global':
      scopeBody(w, n.local, n.statements, defs);
      children();
      return;
    case 'group':
      w.block('group', () => {
        scopeBody(w, n.local, n.statements, defs);
        children();
      });
      return;
    case 'shared-network':
      w.block(`shared-network ${nameText(n.name!)}`, () => {
        scopeBody(w, n.local, n.statements, defs);
        children();
      });
      return;
    case 'subnet': {
      const s = n.subnet!;
      w.block(`subnet ${ipToString(s.network)} netmask ${ipToString(s.mask)}`, () => {
        if (s.interface !== undefined) w.line(`interface ${nameText(s.interface)};`);
        scopeBody(w, n.local, n.statements, defs);
        rangeLines(w, n.ranges);
        children();
      });
      return;
    }
    case 'pool': {
      const p = n.pool!;
      w.block('pool', () => {
        const lines = poolPermitLines(n);
        const bootp = lines.includes('allow dynamic-bootp;');
        for (const l of lines) if (l !== 'allow dynamic-bootp;') w.line(l);
        for (const c of p.allowClasses ?? []) w.line(`allow members of ${quoted(c)};`);
        for (const c of p.denyClasses ?? []) w.line(`deny members of ${quoted(c)};`);
        scopeBody(w, n.local, n.statements, defs, false);
        if (bootp && n.ranges.length === 0) throw new Error('a pool allows dynamic-bootp but has no range to say it');
        rangeLines(w, n.ranges, bootp);
        children();
      });
      return;
    }
    case 'host': {
      const h = n.host!;
      w.block(`host ${nameText(h.name)}`, () => {
        if (h.hardwareEthernet) w.line(`hardware ethernet ${h.hardwareEthernet};`);
        if (h.fixedAddresses.length) w.line(`fixed-address ${h.fixedAddresses.map(ipToString).join(', ')};`);
        if (h.clientId) w.line(`option ${optionText(defs.dhcp, 61, h.clientId)};`);
        scopeBody(w, n.local, n.statements, defs);
        children();
      });
      return;
    }
  }
}

/** dhcpd.conf(5) "DEFINING NEW OPTIONS": the type of a format. */
function typeText(def: OptionDef): string {
  const array = def.format.endsWith('A');
  const atoms = [...(array ? def.format.slice(0, -1) : def.format)];
  const one = (a: string): string => {
    switch (a) {
      case 'I': return 'ip-address';
      case '6': return 'ip6-address';
      case 'l': return 'signed integer 32';
      case 'L': return 'unsigned integer 32';
      case 's': return 'signed integer 16';
      case 'S': return 'unsigned integer 16';
      case 'b': return 'signed integer 8';
      case 'B': return 'unsigned integer 8';
      case 'f': return 'boolean';
      case 't': return 'text';
      case 'X': return 'string';
      case 'D': return 'domain-list';
      case 'E': return `encapsulate ${def.encapsulate}`;
      default: throw new Error(`option ${def.name}: format ${def.format} has no dhcpd.conf type`);
    }
  };
  const t = atoms.length === 1 ? one(atoms[0]) : `{ ${atoms.map(one).join(', ')} }`;
  return array ? `array of ${t}` : t;
}

const sameDef = (a: OptionDef | undefined, b: OptionDef) => !!a && a.name === b.name && a.format === b.format && a.encapsulate === b.encapsulate;

function definitions(w: Writer, cfg: DhcpConfig, defs: Defs): void {
  const builtinAgent = builtinSpaces().get('agent')!.table;
  for (const sp of defs.spaces.values()) {
    if (sp.name === 'agent') continue;
    const widths = `${sp.codeWidth !== 1 ? ` code width ${sp.codeWidth}` : ''}${sp.lengthWidth !== 1 ? ` length width ${sp.lengthWidth}` : ''}`;
    w.line(`option space ${sp.name}${widths};`);
  }
  const table = (prefix: string, t: OptionTable, builtin?: OptionTable) => {
    for (const now of t.all()) {
      // Names an earlier definition of the code keeps (dhcpd's two hash tables) first, then the code's own.
      const older = t.named().filter((d) => d.code === now.code && d !== now && !sameDef(builtin?.byNameOf(d.name), d));
      for (const def of [...older, now]) {
        if (def === now && sameDef(builtin?.byCodeOf(def.code), def)) continue;
        w.line(`option ${prefix}${def.name} code ${def.code} = ${typeText(def)};`);
      }
    }
  };
  table('', defs.dhcp, builtinOptions);
  for (const sp of defs.spaces.values()) table(`${sp.name}.`, sp.table, sp.name === 'agent' ? builtinAgent : undefined);
  for (const b of cfg.rawBlocks ?? []) w.line(`${b.kind} ${b.kind === 'failover peer' ? quoted(b.name) : nameText(b.name)} { ${b.text} }`);
}

function classes(w: Writer, list: ClassDecl[], defs: Defs): void {
  for (const c of list) {
    w.block(`class ${quoted(c.name)}`, () => {
      if (c.matchIf) w.line(`match if ${exprText(c.matchIf)};`);
      if (c.match) w.line(`match ${exprText(c.match)};`);
      if (c.spawn) w.line(`spawn with ${exprText(c.spawn)};`);
      if (c.leaseLimit !== undefined) w.line(`lease limit ${c.leaseLimit};`);
      scopeBody(w, c.program.local, c.program.statements, defs);
    });
    for (const [key, prog] of c.subclasses) {
      const head = `subclass ${quoted(c.name)} ${dataText(Buffer.from(key, 'hex'))}`;
      if (paramLines(prog.local, defs).length === 0 && prog.statements.length === 0) w.line(`${head};`);
      else w.block(head, () => scopeBody(w, prog.local, prog.statements, defs));
    }
  }
}

/** The dhcpd.conf text of `cfg`, canonical: parseDhcpdConf reads it back as `cfg`. */
export function printDhcpdConf(cfg: DhcpConfig): string {
  const defs: Defs = { dhcp: cfg.optionDefs ?? builtinOptions, spaces: cfg.optionSpaces ?? new Map() };
  const w = new Writer();
  definitions(w, cfg, defs);
  const root = cfg.dynamic ? treeFromChains(cfg) : treeFromParams(cfg);
  // Global statements after the classes they may add.
  for (const l of paramLines(root.local, defs)) w.line(l);
  classes(w, cfg.classes ?? [], defs);
  statements(w, root.statements, defs);
  for (const c of ordered(root)) printNode(w, c, defs);
  return w.lines.join('\n') + '\n';
}
