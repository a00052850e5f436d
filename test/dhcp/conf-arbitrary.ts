/**
 * A fast-check generator of dhcpd.conf files written from dhcpd.conf(5), dhcp-eval(5) and
 * dhcp-options(5): option spaces and definitions of every type with values of that type,
 * keys and zones, a failover peer, classes (match if, match with subclasses, spawn with, lease
 * limit), global parameters, shared-networks, subnets, groups, pools (permits, members of,
 * hosts in groups), hosts (hardware, fixed-address, client identifier), conditionals and the
 * executable statements (set, unset, log, execute, option = EXPR, filename = EXPR, on EVENT,
 * add, supersede/default/prepend/append) with typed boolean, data and numeric expressions,
 * operators written with and without parentheses.
 *
 * Addresses are laid out so that ranges never overlap: subnet i is 10.(i+1).0.0, its direct
 * range .10-.19, pool j .(40+20j)-.(49+20j), fixed addresses .200 and up.
 *
 * With `risky`, a quarter of the files may hold one of the statements ISC dhcpd 4.4 refuses where it
 * stands (`not authoritative` in a host, `server-identifier` in a conditional, `deny bootp` in a
 * pool, `a - b` in function arguments, `option vendor-encapsulated-options = ucase (...)`...), so
 * that the interop test sees both verdicts.
 */
import fc from 'fast-check';

type G = fc.GeneratorValue;

/** Draws from the generator: integers, picks, coin flips. */
class Draw {
  constructor(private readonly g: G) {}
  int(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(0, list.length - 1)];
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.int(0, 999) < p * 1000;
  }
  some<T>(list: readonly T[], max = list.length): T[] {
    return list.filter(() => this.chance(0.5)).slice(0, max);
  }
}

// ---------------------------------------------------------------------------------------------
// option types and values

interface TypeSpec {
  /** As written after `=` in `option NAME code N = TYPE;`. */
  text: string;
  value(d: Draw): string;
}

const words = ['lab', 'pxe', 'ipxe', 'boot', 'Acme Switch', 'a "quoted" one', 'tab\there', 'x'];
const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t')}"`;
const ip = (d: Draw) => `${d.pick([10, 192, 172])}.${d.int(0, 255)}.${d.int(0, 255)}.${d.int(1, 254)}`;
const hex = (d: Draw, n: number) => Array.from({ length: n }, () => d.int(0, 255).toString(16).padStart(d.chance(0.5) ? 2 : 1, '0')).join(':');
const domain = (d: Draw) => quote(d.pick(['lab.local', 'example.org', 'pxe.lab.local', 'b.example.org.']));

const SIMPLE: Record<string, TypeSpec> = {
  ip: { text: 'ip-address', value: ip },
  ip6: { text: 'ip6-address', value: (d) => d.pick(['2001:db8::1', 'fe80::20c:29ff:fe49:1bc1', '::1', '2001:db8:0:1::']) },
  u8: { text: 'unsigned integer 8', value: (d) => String(d.int(0, 255)) },
  u16: { text: 'unsigned integer 16', value: (d) => String(d.int(0, 65535)) },
  u32: { text: 'unsigned integer 32', value: (d) => String(d.int(0, 0xffffffff)) },
  s8: { text: 'signed integer 8', value: (d) => String(d.int(-128, 127)) },
  s16: { text: 'signed integer 16', value: (d) => String(d.int(-32768, 32767)) },
  s32: { text: 'signed integer 32', value: (d) => String(d.int(-0x80000000, 0x7fffffff)) },
  bool: { text: 'boolean', value: (d) => d.pick(['true', 'false', 'on', 'off']) },
  text: { text: 'text', value: (d) => quote(d.pick(words)) },
  string: { text: 'string', value: (d) => (d.chance(0.5) ? quote(d.pick(words)) : hex(d, d.int(1, 6))) },
  dlist: { text: 'domain-list', value: (d) => Array.from({ length: d.int(1, 3) }, () => domain(d)).join(', ') },
};
const FIXED = ['ip', 'ip6', 'u8', 'u16', 'u32', 's8', 's16', 's32', 'bool'];

function typeSpec(d: Draw, spaces: string[]): TypeSpec {
  const kind = d.int(0, 9);
  if (kind <= 4) return SIMPLE[d.pick(Object.keys(SIMPLE))];
  if (kind <= 6) {
    const t = SIMPLE[d.pick(FIXED)];
    return { text: `array of ${t.text}`, value: (dd) => Array.from({ length: dd.int(1, 3) }, () => t.value(dd)).join(', ') };
  }
  if (kind <= 8) {
    // A record: fixed-size fields, then maybe one of text, string (dhcpd: only last).
    const fields = Array.from({ length: d.int(1, 3) }, () => SIMPLE[d.pick(FIXED)]);
    if (d.chance(0.5)) fields.push(SIMPLE[d.pick(['text', 'string'])]);
    const rec: TypeSpec = { text: `{ ${fields.map((f) => f.text).join(', ')} }`, value: (dd) => fields.map((f) => f.value(dd)).join(' ') };
    if (fields.some((f) => f.text === 'text' || f.text === 'string') || !d.chance(0.4)) return rec;
    return { text: `array of ${rec.text}`, value: (dd) => Array.from({ length: dd.int(1, 2) }, () => rec.value(dd)).join(', ') };
  }
  if (spaces.length) {
    // dhcpd takes one encapsulation of a space: each is used once.
    const sp = spaces.shift()!;
    return { text: `encapsulate ${sp}`, value: (dd) => hex(dd, dd.int(2, 6)) };
  }
  return SIMPLE.u16;
}

/** Built-in options with a value of their type. */
const BUILTIN: Array<[string, (d: Draw) => string]> = [
  ['routers', (d) => Array.from({ length: d.int(1, 2) }, () => ip(d)).join(', ')],
  ['domain-name-servers', (d) => Array.from({ length: d.int(1, 3) }, () => ip(d)).join(', ')],
  ['domain-name', (d) => domain(d)],
  ['domain-search', SIMPLE.dlist.value],
  ['ntp-servers', ip],
  ['time-offset', SIMPLE.s32.value],
  ['interface-mtu', (d) => String(d.int(68, 9000))],
  ['host-name', SIMPLE.text.value],
  ['netbios-node-type', (d) => String(d.pick([1, 2, 4, 8]))],
  ['ip-forwarding', SIMPLE.bool.value],
  ['static-routes', (d) => `${ip(d)} ${ip(d)}`],
  ['vendor-class-identifier', SIMPLE.string.value],
  ['bootfile-name', (d) => quote(d.pick(['pxelinux.0', 'ipxe.efi', 'boot/grub']))],
  ['tftp-server-name', (d) => quote(d.pick(['tftp.lab.local', '10.0.0.1']))],
  ['vendor-encapsulated-options', (d) => hex(d, d.int(2, 8))],
  ['subnet-mask', () => '255.255.255.0'],
  ['broadcast-address', ip],
  ['default-ip-ttl', SIMPLE.u8.value],
];

interface OptionChoice {
  name: string;
  value(d: Draw): string;
}

// ---------------------------------------------------------------------------------------------
// expressions (dhcp-eval(5))

interface Env {
  d: Draw;
  /** Data-valued options by name, for `option NAME` and `exists NAME`. */
  dataOptions: string[];
  variables: string[];
  classes: string[];
  risky: boolean;
}

function paren(e: Env, s: string, binary: boolean): string {
  return binary && e.d.chance(0.9) ? `(${s})` : s;
}

function dataExpr(e: Env, depth: number): string {
  const d = e.d;
  const leafs = [
    () => `option ${d.pick(e.dataOptions)}`,
    () => quote(d.pick(['PXEClient', 'iPXE', 'HTTPClient', 'MSFT 5.0', 'x'])),
    () => hex(d, d.int(1, 4)),
    () => 'hardware',
    () => d.pick(['host-decl-name', 'leased-address', 'filename', 'server-name', 'config-option domain-name', 'null', 'gethostname()']),
    () => (e.variables.length ? d.pick(e.variables) : 'hardware'),
  ];
  if (depth <= 0 || d.chance(0.35)) return d.pick(leafs)();
  const n = () => numExpr(e, depth - 1);
  const x = () => dataExpr(e, depth - 1);
  return d.pick([
    () => `substring (${x()}, ${n()}, ${n()})`,
    () => `suffix (${x()}, ${n()})`,
    () => `${d.pick(['lcase', 'ucase'])} (${x()})`,
    () => `concat (${Array.from({ length: d.int(2, 3) }, x).join(', ')})`,
    () => `pick-first-value (${Array.from({ length: d.int(1, 3) }, x).join(', ')})`,
    () => `binary-to-ascii (${d.pick(['10', '16'])}, ${d.pick(['8', '16'])}, ${quote(d.pick(['.', ':', '']))}, ${x()})`,
    () => `encode-int (${n()}, ${d.pick([8, 16, 32])})`,
    () => `reverse (${d.pick(['1', '2'])}, ${x()})`,
    () => `packet (${n()}, ${n()})`,
  ])();
}

/**
 * A numeric expression. `literalFirst` false: it does not start with a number (a number where
 * the context is not yet numeric, as on the left of `=` in a condition, is read as hex data).
 */
function numExpr(e: Env, depth: number, literalFirst = true): string {
  const d = e.d;
  if (depth <= 0 || d.chance(0.4)) {
    const leafs = [() => 'lease-time', () => `extract-int (${dataExpr(e, 0)}, ${d.pick([8, 16, 32])})`];
    return d.pick(literalFirst ? [() => String(d.int(0, 300)), ...leafs] : leafs)();
  }
  const op = d.pick(['+', '*', '/', '%', '&', '|', '^', ...(e.risky ? ['-'] : [])]);
  return `${paren(e, numExpr(e, depth - 1, literalFirst), true)} ${op} ${paren(e, numExpr(e, depth - 1), true)}`;
}

function boolExpr(e: Env, depth: number): string {
  const d = e.d;
  const leafs = [
    () => `exists ${d.pick(e.dataOptions)}`,
    () => d.pick(['known', 'static']),
    () => (e.variables.length ? `defined (${d.pick(e.variables)})` : 'known'),
    () => `${dataExpr(e, 1)} ${d.pick(['=', '!='])} ${dataExpr(e, 1)}`,
    () => `option ${d.pick(e.dataOptions)} ${d.pick(['~=', '~~'])} ${quote(d.pick(['^PXE', 'ipxe$', '.*']))}`,
    () => `${paren(e, numExpr(e, 1, false), true)} = ${paren(e, numExpr(e, 1), true)}`,
  ];
  if (depth <= 0 || d.chance(0.3)) return d.pick(leafs)();
  return d.pick([
    () => (d.chance(0.6) ? `not (${boolExpr(e, depth - 1)})` : `not ${d.pick(['known', 'static', `exists ${d.pick(e.dataOptions)}`])}`),
    () => `${paren(e, boolExpr(e, depth - 1), true)} ${d.pick(['and', 'or'])} ${paren(e, boolExpr(e, depth - 1), true)}`,
    () => d.pick(leafs)(),
  ])();
}

// ---------------------------------------------------------------------------------------------
// statements

interface Ctx extends Env {
  options: OptionChoice[];
  /** Directly in a pool, where allow and deny take permits only. */
  inPool: boolean;
  /** In the global scope's statements, which dhcpd runs once at startup. */
  global: boolean;
  lines: string[];
  depth: number;
}

function line(c: Ctx, s: string): void {
  c.lines.push('  '.repeat(c.depth) + s);
}

function block(c: Ctx, head: string, body: () => void): void {
  line(c, `${head} {`);
  c.depth++;
  body();
  c.depth--;
  line(c, '}');
}

function optionLine(c: Ctx): string {
  const o = c.d.pick(c.options);
  return `option ${o.name} ${o.value(c.d)};`;
}

/** Parameters dhcpd takes in any scope, conditionals included. */
function commonParam(c: Ctx): string {
  const d = c.d;
  return d.pick([
    () => optionLine(c),
    () => optionLine(c),
    () => `default-lease-time ${d.pick(['600', '3600', 'infinite', '-1'])};`,
    () => `max-lease-time ${d.int(60, 86400)};`,
    () => `min-lease-time ${d.int(0, 60)};`,
    () => `filename ${quote(d.pick(['pxelinux.0', 'ipxe.efi', 'undionly.kpxe']))};`,
    () => `server-name ${quote(d.pick(['boot', 'tftp.lab.local']))};`,
    () => `next-server ${ip(d)};`,
    () => `ping-check ${d.pick(['true', 'false'])};`,
    () => `${c.inPool ? 'ignore' : d.pick(['allow', 'deny', 'ignore'])} ${d.pick(['booting', 'bootp', 'client-updates', 'unknown-clients', 'duplicates', 'declines'])};`,
    () => `ddns-updates ${d.pick(['on', 'off'])};`,
    () => `ddns-domainname ${quote('lab.local')};`,
    () => `one-lease-per-client ${d.pick(['true', 'false'])};`,
    () => `ignore-client-uids ${d.pick(['true', 'false'])};`,
    () => `min-secs ${d.int(0, 20)};`,
    () => `use-host-decl-names ${d.pick(['on', 'off'])};`,
  ])();
}

/** A parameter of a declaration scope (not a conditional). */
function scopeParam(c: Ctx, host: boolean): string {
  const d = c.d;
  if (d.chance(0.1)) {
    if (!host) return d.pick(['authoritative;', 'not authoritative;']);
    if (c.risky && d.chance(0.3)) return 'not authoritative;';
  }
  if (d.chance(0.08)) return `server-identifier ${ip(d)};`;
  return commonParam(c);
}

function executable(c: Ctx, budget: number): void {
  const d = c.d;
  const data = () => dataExpr(c, 2);
  const pick = d.int(0, 13);
  switch (pick) {
    case 0:
    case 1:
      conditional(c, budget - 1);
      return;
    case 2: {
      const v = d.pick(['vendor-tag', 'arch-tag', 'client_kind', 'hostname-seen', ...(c.risky && d.chance(0.05) ? ['vendor'] : [])]);
      line(c, `set ${v} = ${d.chance(0.8) ? data() : `extract-int (${dataExpr(c, 1)}, 8)`};`);
      if (!c.variables.includes(v)) c.variables.push(v);
      return;
    }
    case 3:
      line(c, `unset ${d.pick(['vendor-tag', 'other-var'])};`);
      return;
    case 4:
      // dhcpd runs the global scope's statements at startup, where a fatal log stops it: not there.
      line(c, `log (${d.chance(0.5) ? `${d.pick(['info', 'error', 'debug', ...(c.global ? [] : ['fatal'])])}, ` : ''}${data()});`);
      return;
    case 5:
      line(c, `option ${d.pick(['host-name', 'domain-name', 'vendor-class-identifier', 'bootfile-name'])} = ${data()};`);
      return;
    case 6:
      line(c, `${d.pick(['filename', 'server-name', 'ddns-hostname'])} = ${data()};`);
      return;
    case 7: {
      const events = d.some(['commit', 'release', 'expiry']);
      block(c, `on ${(events.length ? events : ['commit']).join(' or ')}`, () => {
        for (let i = d.int(1, 2); i > 0; i--) {
          if (d.chance(0.3)) line(c, `execute (${quote('/usr/local/bin/notify')}, ${data()});`);
          else if (budget > 0 && d.chance(0.3)) executable(c, budget - 1);
          else line(c, `log (${data()});`);
        }
      });
      return;
    }
    case 8:
      if (c.classes.length) line(c, `add ${quote(d.pick(c.classes))};`);
      else line(c, `eval ${data()};`);
      return;
    case 9: {
      const o = d.pick(c.options);
      const mode = d.pick(['supersede', 'default', 'prepend', 'append']);
      line(c, d.chance(0.5) ? `${mode} ${o.name} ${o.value(d)};` : `${mode} ${o.name} = ${data()};`);
      return;
    }
    case 10:
      if (c.risky && d.chance(0.3)) line(c, `option vendor-encapsulated-options = ucase (${data()});`);
      else line(c, `option vendor-encapsulated-options = ${hex(d, 4)};`);
      return;
    case 11:
      if (c.risky && d.chance(0.3)) line(c, `set vendor-tag = substring (hardware, ${d.int(1, 3)} - 1, 2);`);
      else line(c, `set vendor-tag = substring (hardware, ${paren(c, numExpr(c, 1), true)}, 2);`);
      return;
    default:
      line(c, commonParam(c));
  }
}

/**
 * An if/elsif condition: dhcpd reads a leading `(` as `( BOOLEAN )` (parse_if_statement), so a
 * condition starting with one is wrapped whole, but for a few risky files.
 */
function condition(c: Ctx): string {
  const t = boolExpr(c, 2);
  return t.startsWith('(') && !(c.risky && c.d.chance(0.2)) ? `(${t})` : t;
}

function conditional(c: Ctx, budget: number): void {
  const d = c.d;
  const body = () => {
    for (let i = d.int(0, 3); i > 0; i--) {
      if (budget > 0 && d.chance(0.3)) executable(c, budget - 1);
      else if (c.risky && d.chance(0.04)) line(c, `server-identifier ${ip(d)};`);
      else if (d.chance(0.05)) line(c, `authoritative ${d.pick(['true', 'false'])};`);
      else line(c, commonParam(c));
    }
  };
  line(c, `if ${condition(c)} {`);
  c.depth++;
  body();
  c.depth--;
  for (let i = d.chance(0.4) ? d.int(1, 2) : 0; i > 0; i--) {
    line(c, `} elsif ${condition(c)} {`);
    c.depth++;
    body();
    c.depth--;
  }
  if (d.chance(0.4)) {
    line(c, '} else {');
    c.depth++;
    body();
    c.depth--;
  }
  line(c, '}');
}

function scopeBody(c: Ctx, host = false): void {
  const d = c.d;
  for (let i = d.int(0, 3); i > 0; i--) line(c, scopeParam(c, host));
  for (let i = d.chance(0.5) ? d.int(1, 2) : 0; i > 0; i--) executable(c, 2);
}

// ---------------------------------------------------------------------------------------------
// declarations

let macSeq = 0;

function hostDecl(c: Ctx, name: string, fixed: string | undefined): void {
  const d = c.d;
  // A quoted host name is refused by dhcpd (parse_host_name): only in risky files.
  block(c, `host ${c.risky && d.chance(0.03) ? quote(name) : name}`, () => {
    if (d.chance(0.9)) line(c, `hardware ethernet 00:0c:29:${hex(d, 2)}:${(macSeq++ % 256).toString(16).padStart(2, '0')};`);
    if (fixed) line(c, `fixed-address ${fixed};`);
    if (d.chance(0.2)) line(c, `option dhcp-client-identifier ${d.chance(0.5) ? quote(name) : `1:${hex(d, 6)}`};`);
    scopeBody(c, true);
  });
}

function poolDecl(c: Ctx, net: string, j: number, hostName: () => string, failover: string | undefined): void {
  const d = c.d;
  block(c, 'pool', () => {
    if (failover) {
      line(c, `failover peer ${quote(failover)};`);
      line(c, 'deny dynamic bootp clients;');
    }
    for (const p of d.some(['unknown-clients', 'known-clients', 'unknown clients', 'known clients', 'all clients'], 2)) line(c, `${d.pick(['allow', 'deny'])} ${p};`);
    if (c.classes.length && d.chance(0.3)) line(c, `${d.pick(['allow', 'deny'])} members of ${quote(d.pick(c.classes))};`);
    if (c.risky && d.chance(0.05)) line(c, 'deny bootp;');
    c.inPool = true;
    scopeBody(c);
    c.inPool = false;
    const lo = 40 + 20 * j;
    const rng = `range ${!failover && d.chance(0.2) ? 'dynamic-bootp ' : ''}${net}.${lo}`;
    line(c, d.chance(0.2) ? `${rng};` : `${rng} ${net}.${lo + d.int(1, 9)};`);
    if (d.chance(0.15)) block(c, 'group', () => {
      scopeBody(c);
      hostDecl(c, hostName(), undefined);
    });
  });
}

function subnetDecl(c: Ctx, i: number, hostName: () => string, fixedSeq: { n: number }, failover: string | undefined): void {
  const d = c.d;
  const net = `10.${i + 1}.0`;
  const wide = d.chance(0.3);
  block(c, `subnet 10.${i + 1}.0.0 netmask ${wide ? '255.255.0.0' : '255.255.255.0'}`, () => {
    scopeBody(c);
    if (d.chance(0.6)) line(c, `range ${d.chance(0.1) ? 'dynamic-bootp ' : ''}${net}.10 ${net}.${10 + d.int(0, 9)};`);
    const pools = failover ? d.int(1, 2) : d.int(0, 2);
    for (let j = 0; j < pools; j++) poolDecl(c, net, j, hostName, j === 0 ? failover : undefined);
    for (let k = d.int(0, 2); k > 0; k--) hostDecl(c, hostName(), `${net}.${200 + fixedSeq.n++}`);
  });
}

function classDecls(c: Ctx): void {
  const d = c.d;
  for (let k = d.int(0, 3); k > 0; k--) {
    const name = d.pick(['pxe', 'ipxe', 'uefi-x64', 'vendor-acme', 'VMware']) + (c.classes.length ? `-${c.classes.length}` : '');
    const kind = d.int(0, 3);
    block(c, `class ${quote(name)}`, () => {
      if (kind === 0) line(c, `match if ${boolExpr(c, 2)};`);
      else if (kind === 1) line(c, `match ${d.pick(['hardware', 'option vendor-class-identifier', 'substring (option vendor-class-identifier, 0, 9)', 'option user-class'])};`);
      else if (kind === 2) {
        if (d.chance(0.5)) line(c, `match if ${boolExpr(c, 1)};`);
        line(c, `spawn with ${d.pick(['hardware', 'option dhcp-client-identifier', 'option agent.circuit-id'])};`);
        if (d.chance(0.5)) line(c, `lease limit ${d.int(1, 50)};`);
      }
      scopeBody(c);
    });
    if (kind === 1) {
      for (let s = d.int(0, 2); s > 0; s--) {
        const key = d.chance(0.5) ? quote(d.pick(['PXEClient', 'iPXE', 'x', 'MSFT 5.0'])) : `1:00:0c:29:${hex(d, 3)}`;
        if (d.chance(0.5)) line(c, `subclass ${quote(name)} ${key};`);
        else block(c, `subclass ${quote(name)} ${key}`, () => scopeBody(c));
      }
    }
    c.classes.push(name);
  }
}

function generate(g: G, riskyAllowed: boolean): string {
  const d = new Draw(g);
  // A quarter of the files may hold refused statements; the others are valid throughout.
  const risky = riskyAllowed && d.chance(0.25);
  macSeq = 0;
  const c: Ctx = { d, dataOptions: ['host-name', 'vendor-class-identifier', 'user-class', 'dhcp-client-identifier', 'agent.circuit-id', 'agent.remote-id'], variables: [], classes: [], risky, options: [], inPool: false, global: false, lines: [], depth: 0 };
  // Option spaces and definitions.
  const spaces = d.some(['acme', 'pxelinux', 'vnd']);
  for (const sp of spaces) {
    const widths = d.pick(['', ' code width 2', ' code width 1 length width 2', ' code width 2 length width 2']);
    line(c, `option space ${sp}${widths};`);
  }
  c.options.push(...BUILTIN.map(([name, value]) => ({ name, value })));
  const codes = new Set<number>();
  for (const sp of spaces) {
    for (let k = d.int(1, 3); k > 0; k--) {
      let code = d.int(1, 254);
      while (codes.has(code)) code = (code % 254) + 1;
      codes.add(code);
      const t = typeSpec(d, []);
      const name = `${sp}.opt-${code}`;
      line(c, `option ${name} code ${code} = ${t.text};`);
      c.options.push({ name, value: t.value });
    }
  }
  const encapsulable = [...spaces];
  for (const name of d.some(['arch', 'site-menu', 'boot-flags', 'vendor-blob'])) {
    let code = d.pick([93, 150, 208, 209, 210, 224, 240, 250, 254]);
    while (codes.has(code)) code = code === 254 ? 128 : code + 1;
    codes.add(code);
    const t = name === 'arch' ? SIMPLE.u16 : typeSpec(d, encapsulable);
    line(c, `option ${name} code ${code} = ${t.text};`);
    c.options.push({ name, value: t.value });
    if (t.text === 'unsigned integer 16' || t.text.startsWith('text')) c.dataOptions.push(name);
  }
  if (spaces.length && d.chance(0.5)) line(c, `vendor-option-space ${d.pick(spaces)};`);
  // Keys, zones, failover.
  if (d.chance(0.2)) {
    line(c, `key ddns-key { algorithm hmac-md5; secret ${quote('c2VjcmV0c2VjcmV0')}; }`);
    line(c, 'zone lab.local. { primary 127.0.0.1; key ddns-key; }');
  }
  const failover = d.chance(0.15) ? 'dhcp-peer' : undefined;
  if (failover) {
    block(c, `failover peer ${quote(failover)}`, () => {
      line(c, 'primary;');
      line(c, 'address 10.1.0.1;');
      line(c, 'port 647;');
      line(c, 'peer address 10.1.0.2;');
      line(c, 'peer port 647;');
      line(c, `max-response-delay ${d.int(10, 60)};`);
      line(c, 'max-unacked-updates 10;');
      line(c, 'mclt 3600;');
      line(c, `split ${d.int(0, 256)};`);
      line(c, 'load balance max seconds 3;');
    });
  }
  // Global parameters, classes, statements.
  if (d.chance(0.5)) line(c, d.pick(['authoritative;', 'not authoritative;']));
  line(c, `ddns-update-style ${d.pick(['none', 'interim', 'standard'])};`);
  for (let i = d.int(0, 4); i > 0; i--) line(c, commonParam(c));
  classDecls(c);
  c.global = true;
  for (let i = d.chance(0.5) ? d.int(1, 2) : 0; i > 0; i--) executable(c, 2);
  c.global = false;
  // Subnets, shared-networks, groups, hosts.
  let hostSeq = 0;
  const hostName = () => `${d.pick(['ws', 'esxi', 'pxe-host', 'node'])}${hostSeq++}`;
  const fixedSeq = { n: 0 };
  const n = d.int(1, 3);
  let i = 0;
  let failoverLeft = failover;
  const subnet = () => {
    subnetDecl(c, i++, hostName, fixedSeq, failoverLeft);
    failoverLeft = undefined;
  };
  while (i < n) {
    const form = d.int(0, 5);
    if (form <= 2) subnet();
    else if (form <= 4) {
      block(c, `shared-network ${d.chance(0.5) ? quote(`net-${i}`) : `net-${i}`}`, () => {
        scopeBody(c);
        const first = i;
        for (let k = d.int(1, 2); k > 0 && i < n; k--) subnet();
        // A pool of the shared-network, its range in the first subnet.
        if (d.chance(0.3)) block(c, 'pool', () => {
          scopeBody(c);
          line(c, `range 10.${first + 1}.0.150 10.${first + 1}.0.${150 + d.int(0, 9)};`);
        });
      });
    } else {
      block(c, 'group', () => {
        scopeBody(c);
        subnet();
        if (d.chance(0.5)) hostDecl(c, hostName(), undefined);
      });
    }
  }
  for (let k = d.int(0, 2); k > 0; k--) {
    if (d.chance(0.3)) block(c, 'group', () => {
      scopeBody(c);
      hostDecl(c, hostName(), `10.${d.int(1, n)}.0.${200 + fixedSeq.n++}`);
    });
    else hostDecl(c, hostName(), d.chance(0.7) ? `10.${d.int(1, n)}.0.${200 + fixedSeq.n++}` : undefined);
  }
  return c.lines.join('\n') + '\n';
}

/** dhcpd.conf files as users write them; with `risky`, some hold a statement dhcpd refuses where it stands. */
export function confArbitrary(opts: { risky?: boolean } = {}): fc.Arbitrary<string> {
  return fc.gen().map((g) => generate(g, opts.risky ?? false));
}
