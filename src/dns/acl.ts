/**
 * Address match lists (named.conf(5) "address_match_list"; BIND 9.18 ARM "Address Match
 * Lists"), as a pure decision: compile a list once (named ACLs and the built-ins resolved),
 * then ask it about one request (an address and, for `key NAME` elements, the name of the
 * TSIG key the request was signed with).
 *
 * Semantics, as BIND's dns_acl_match (lib/dns/acl.c) decides them:
 * - Elements are tried in order; the first that matches decides: a positive match, or a
 *   negative one when the element is negated with `!`. No element matching is no match,
 *   which denies.
 * - `any` matches every address (both families); `none` is `!any` (so `! none` matches
 *   every address positively).
 * - A prefix matches addresses of its family within it; a plain address is a /32 or /128.
 * - `key NAME` matches a request signed with that key (names compared case-insensitively).
 * - Nested lists, named ACLs, `localhost` and `localnets` match when the inner list gives a
 *   POSITIVE match; an inner negative match counts as no match here, so a negated nested
 *   list never turns a negative into a positive ("double negation", acl.c's comment).
 * - `localhost`: the addresses of the host's interfaces; `localnets`: the networks they
 *   are on (both given, from os.networkInterfaces() at the server: update-conf.ts
 *   localAddresses).
 * - An IPv4-mapped IPv6 address (::ffff:a.b.c.d, as a dual-stack socket reports an IPv4
 *   peer) is matched as the IPv4 address: BIND listens on separate IPv4 sockets and sees it so.
 * - `geoip` elements never match (labnet has no GeoIP database).
 */
import { ipBytes, unmapped, type IpBytes } from '../util/ip-address.js';
import type { AddressMatchElement, AddressMatchList } from '../zones/named-conf/model.js';

/** What the built-ins and named ACLs resolve against. */
export interface AclEnv {
  /** `acl NAME { ... }` statements by lower-case name. */
  acls: ReadonlyMap<string, AddressMatchList>;
  /** The host's addresses (built-in `localhost`) and networks (`localnets`), as prefixes (`ADDR/LEN`). */
  localhost: readonly string[];
  localnets: readonly string[];
}

export { ipBytes };

const NO_ENV: AclEnv = { acls: new Map(), localhost: [], localnets: [] };

/** The request an ACL is asked about. */
export interface AclRequest {
  /** An IPv4 or IPv6 address (the client's, or the local address for match-destinations). */
  address: string | undefined;
  /** The TSIG key name the request was verified with, if any. */
  key?: string;
}

type Node =
  | { t: 'prefix'; neg: boolean; family: 4 | 6; bytes: Uint8Array; len: number }
  | { t: 'any'; positive: boolean }
  | { t: 'key'; neg: boolean; name: string }
  | { t: 'nested'; neg: boolean; inner: Node[] }
  | { t: 'never' };

/** A compiled address match list. */
export interface Acl {
  readonly nodes: readonly Node[];
  /** True when the list is `{ any; }` (or starts so): every request matches positively. */
  readonly matchesAll: boolean;
}

/** 1: positive match, -1: negative match, 0: no element matched. */
export type AclMatch = 1 | -1 | 0;

/** The address as matched: an IPv4-mapped IPv6 address as its IPv4 address. */
function requestAddress(text: string | undefined): IpBytes | undefined {
  const ip = text === undefined ? undefined : ipBytes(text);
  return ip && unmapped(ip);
}

function inPrefix(addr: Uint8Array, prefix: Uint8Array, len: number): boolean {
  const full = len >> 3;
  for (let i = 0; i < full; i++) if (addr[i] !== prefix[i]) return false;
  const rest = len & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (addr[full] & mask) === (prefix[full] & mask);
}

const keyName = (n: string) => n.toLowerCase().replace(/\.$/, '');

function prefixNode(address: string, len: number, neg: boolean): Node {
  const ip = ipBytes(address);
  return ip ? { t: 'prefix', neg, family: ip.family, bytes: ip.bytes, len } : { t: 'never' };
}

/** `ADDR/LEN` or `ADDR` as a positive prefix element. */
function prefixText(p: string): Node {
  const [address, len] = p.split('/');
  return prefixNode(address, len === undefined ? (address.includes(':') ? 128 : 32) : Number(len), false);
}

function compileList(list: AddressMatchList, env: AclEnv, seen: ReadonlySet<string>): Node[] {
  return list.map((e) => compileElement(e, env, seen));
}

function compileElement(e: AddressMatchElement, env: AclEnv, seen: ReadonlySet<string>): Node {
  switch (e.kind) {
    case 'prefix':
      return prefixNode(e.address, e.prefixLength, e.negated);
    case 'key':
      return { t: 'key', neg: e.negated, name: keyName(e.name) };
    case 'nested':
      return { t: 'nested', neg: e.negated, inner: compileList(e.list, env, seen) };
    case 'geoip':
      return { t: 'never' };
    case 'acl': {
      const name = e.name.toLowerCase();
      if (name === 'any') return { t: 'any', positive: !e.negated };
      if (name === 'none') return { t: 'any', positive: e.negated };
      if (name === 'localhost' || name === 'localnets') {
        return { t: 'nested', neg: e.negated, inner: (name === 'localhost' ? env.localhost : env.localnets).map(prefixText) };
      }
      const target = env.acls.get(name);
      // An undefined or looping ACL is a named-checkconf error; a list that gets here anyway matches nothing.
      if (!target || seen.has(name)) return { t: 'never' };
      return { t: 'nested', neg: e.negated, inner: compileList(target, env, new Set([...seen, name])) };
    }
  }
}

/** Compiles `list` against `env` (named ACLs, interface addresses). */
export function compileAcl(list: AddressMatchList, env: AclEnv = NO_ENV): Acl {
  const nodes = compileList(list, env, new Set());
  const first = nodes[0];
  return { nodes, matchesAll: first !== undefined && first.t === 'any' && first.positive };
}

function matchNodes(nodes: readonly Node[], addr: { family: 4 | 6; bytes: Uint8Array } | undefined, key: string | undefined): AclMatch {
  for (const n of nodes) {
    switch (n.t) {
      case 'any':
        return n.positive ? 1 : -1;
      case 'prefix':
        if (addr && addr.family === n.family && inPrefix(addr.bytes, n.bytes, n.len)) return n.neg ? -1 : 1;
        break;
      case 'key':
        if (key !== undefined && key === n.name) return n.neg ? -1 : 1;
        break;
      case 'nested':
        if (matchNodes(n.inner, addr, key) === 1) return n.neg ? -1 : 1;
        break;
      case 'never':
        break;
    }
  }
  return 0;
}

/** How `acl` matches `req`: the first matching element decides (see the file comment). */
export function aclMatch(acl: Acl, req: AclRequest): AclMatch {
  if (acl.matchesAll) return 1;
  return matchNodes(acl.nodes, requestAddress(req.address), req.key === undefined ? undefined : keyName(req.key));
}

/** True when the compiled `acl` matches `req` positively (BIND's "allowed"). */
export function aclPermits(acl: Acl, req: AclRequest): boolean {
  return aclMatch(acl, req) === 1;
}

/** Whether `list` allows the request (first match wins; no match denies), compiled on the spot. */
export function aclAllows(list: AddressMatchList, req: AclRequest, env: AclEnv): boolean {
  return aclPermits(compileAcl(list, env), req);
}

/** `{ any; }`, compiled. */
export const ANY_ACL: Acl = compileAcl([{ kind: 'acl', negated: false, name: 'any' }]);
/** `{ none; }`, compiled. */
export const NONE_ACL: Acl = compileAcl([{ kind: 'acl', negated: false, name: 'none' }]);
