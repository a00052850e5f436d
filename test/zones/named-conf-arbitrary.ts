/**
 * A fast-check arbitrary of named.conf texts drawn from the grammar table itself: a block
 * takes a few of its clauses, each clause's pattern (notation.ts) is walked choosing
 * optional parts, alternatives and list lengths at random, and each value type gets a
 * value of its form (quoted strings with escapes and line ends, short IPv4 prefixes, ISO
 * 8601 durations, ...). Not every text parses (the grammar's alternatives are tried in
 * order, as named tries them); a test keeps those that do.
 */
import fc from 'fast-check';
import { clausesOf, subgrammar } from '../../src/zones/named-conf/grammar.js';
import type { Pattern } from '../../src/zones/named-conf/notation.js';

/** The choices: a stream of integers from fast-check. */
type Pick = (n: number) => number;

const NAMES = ['a', 'example.com', 'Mixed.Case', '"with space"', '"q\\"uote"', '"back\\\\slash"', '"line\nend"', '"*"'];
const QUOTED = ['"a"', '"example.com."', '"with space"', '"q\\"uote"', '"/etc/bind/db.x"', '""'];
const VALUES: Record<string, string[]> = {
  string: NAMES,
  'remote-servers': ['prims', '"other-list"'],
  quoted_string: QUOTED,
  ustring: ['order', 'fixed', 'cyclic', 'A', 'IN', 'ecdsa256', 'MX'],
  integer: ['0', '1', '53', '4294967295', '1232'],
  port: ['0', '53', '65535'],
  boolean: ['yes', 'no', 'true', 'false', '1', '0', 'YES'],
  duration: ['1h', 'P1D', '3600', '1w2d', 'PT5M', 'p1y2m'],
  duration_or_unlimited: ['unlimited', '30d', 'P90D'],
  ipv4_address: ['192.0.2.1', '10.0.0.0', '255.255.255.255'],
  ipv6_address: ['2001:db8::1', '::1', 'fe80::1%eth0', '::ffff:192.0.2.1'],
  netprefix: ['10/8', '192.0.2.0/24', '2001:db8::/32', '127.0.0.1', '::/0', '172.16/12'],
  address_or_acl: ['10/8', '192.0.2.7', '::1', 'any', 'none', 'localnets', '"my-acl"'],
  sizeval: ['10m', '1024', '2G', '512k'],
  size: ['10m', 'unlimited', 'default'],
  percentage: ['50%', '0%', '100%'],
  fixedpoint: ['0.5', '1', '0.25', '12345.99'],
  class: ['IN', 'CH', 'hs', 'CHAOS'],
};
const RAW = ['a b;', 'x { y; } "z";', '', 'filter-aaaa-on-v4 yes;'];

function walk(p: Pattern, pick: Pick, depth: number, out: string[]): void {
  switch (p.t) {
    case 'lit':
      out.push(pick(4) === 0 ? p.text.toUpperCase() : p.text);
      return;
    case 'seq':
      for (const item of p.items) walk(item, pick, depth, out);
      return;
    case 'opt':
      if (pick(2) === 0) walk(p.p, pick, depth, out);
      return;
    case 'alt':
      walk(p.ps[pick(p.ps.length)], pick, depth, out);
      return;
    case 'list': {
      out.push('{');
      const n = depth > 3 ? 0 : pick(3);
      for (let i = 0; i < n; i++) {
        walk(p.elem, pick, depth + 1, out);
        out.push(';');
      }
      out.push('}');
      return;
    }
    case 'raw':
      out.push('{', RAW[pick(RAW.length)], '}');
      return;
    case 'block':
      out.push('{');
      block(p.name, pick, depth + 1, out);
      out.push('}');
      return;
    case 'type': {
      const sub = subgrammar(p.name);
      if (sub) return walk(sub, pick, depth, out);
      if (p.name === 'rrtypelist') {
        for (let i = pick(3); i > 0; i--) out.push(['A', 'AAAA', 'ANY', '"TXT"'][pick(4)]);
        return;
      }
      const values = VALUES[p.name];
      if (!values) throw new Error(`no values for <${p.name}>`);
      out.push(values[pick(values.length)]);
    }
  }
}

function block(name: string, pick: Pick, depth: number, out: string[]): void {
  const defs = [...clausesOf(name).values()].filter((d) => d.status !== 'not-configured');
  const n = depth > 3 ? 0 : pick(4);
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    const d = defs[pick(defs.length)];
    if (!d.multi && used.has(d.name)) continue;
    used.add(d.name);
    out.push(pick(5) === 0 ? d.name.toUpperCase() : d.name);
    walk(d.pattern, pick, depth, out);
    out.push(';');
  }
}

/** Separators between tokens: spaces, line ends, each comment style. */
const SEPARATORS = [' ', ' ', '\n', '\t', ' /* c */ ', ' # c\n', ' // c\n'];

/** A named.conf text of top-level statements drawn from the grammar. */
export const namedConfText = fc.array(fc.nat(), { minLength: 64, maxLength: 400 }).map((choices) => {
  let i = 0;
  const pick: Pick = (n) => (n <= 1 ? 0 : choices[i++ % choices.length] % n);
  const out: string[] = [];
  block('top', pick, 0, out);
  return out.map((t, k) => (k === 0 ? t : SEPARATORS[pick(SEPARATORS.length)] + t)).join('');
});
