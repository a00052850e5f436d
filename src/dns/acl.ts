/**
 * Address match lists (BIND 9.18 ARM, "Address Match Lists"): does a request match
 * `allow-update { ... }` and its kind? Pure: the named ACLs and the host's own addresses
 * (`localhost`, `localnets`) are given.
 *
 * The elements are tried in order and the first that matches decides (ARM: "the first
 * element in the list that matches wins"): a plain element allows, a negated one (`!`)
 * denies. A nested list or a named ACL matches when some element inside it matches, and
 * then decides as that element did, inverted when the reference itself is negated. `key
 * NAME` matches a request signed with that TSIG key (verified). `any` matches every
 * request, `none` none; `geoip` never matches here (labnet has no GeoIP database).
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { nameKey } from '../wire/name.js';
import type { AddressMatchList } from '../zones/named-conf/model.js';

export interface AclRequest {
  /** The client's address. */
  address: string;
  /** The TSIG key the request was signed with and verified by, absolute. */
  key?: string;
}

export interface AclEnv {
  /** `acl NAME { ... }` statements by lower-case name. */
  acls: ReadonlyMap<string, AddressMatchList>;
  /** The host's addresses (built-in `localhost`) and networks (`localnets`), as prefixes. */
  localhost: readonly string[];
  localnets: readonly string[];
}

/** The IPv4 address of an IPv4-mapped IPv6 address (RFC 4291 2.5.5.2), else the address. */
function plainAddress(a: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return m ? m[1] : a.replace(/%.*$/, '');
}

function inPrefix(address: string, prefix: string, length: number): boolean {
  const family = isIPv4(prefix) ? 'ipv4' : 'ipv6';
  if ((family === 'ipv4' && !isIPv4(address)) || (family === 'ipv6' && !isIPv6(address))) return false;
  const list = new BlockList();
  list.addSubnet(prefix, length, family);
  return list.check(address, family);
}

function inPrefixes(address: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => {
    const [a, len] = p.split('/');
    return inPrefix(address, a, len === undefined ? (isIPv4(a) ? 32 : 128) : Number(len));
  });
}

/** 'allow', 'deny', or undefined when no element matches (which denies too). */
export function matchAddressList(list: AddressMatchList, req: AclRequest, env: AclEnv, seen: ReadonlySet<string> = new Set()): 'allow' | 'deny' | undefined {
  const address = plainAddress(req.address);
  for (const e of list) {
    let inner: 'allow' | 'deny' | undefined;
    switch (e.kind) {
      case 'prefix':
        inner = inPrefix(address, e.address, e.prefixLength) ? 'allow' : undefined;
        break;
      case 'key':
        inner = req.key !== undefined && nameKey(req.key) === nameKey(e.name.endsWith('.') ? e.name : e.name + '.') ? 'allow' : undefined;
        break;
      case 'nested':
        inner = matchAddressList(e.list, req, env, seen);
        break;
      case 'geoip':
        inner = undefined;
        break;
      case 'acl':
        inner = builtIn(e.name, address, env) ?? named(e.name, req, env, seen);
        break;
    }
    if (inner !== undefined) return e.negated ? (inner === 'allow' ? 'deny' : 'allow') : inner;
  }
  return undefined;
}

function builtIn(name: string, address: string, env: AclEnv): 'allow' | 'deny' | undefined {
  switch (name) {
    case 'any':
      return 'allow';
    case 'none':
      return 'deny';
    case 'localhost':
      return inPrefixes(address, env.localhost) ? 'allow' : undefined;
    case 'localnets':
      return inPrefixes(address, env.localnets) ? 'allow' : undefined;
    default:
      return undefined;
  }
}

function named(name: string, req: AclRequest, env: AclEnv, seen: ReadonlySet<string>): 'allow' | 'deny' | undefined {
  const list = env.acls.get(name);
  // named-checkconf rejects undefined and looping ACLs; a loop here matches nothing.
  if (!list || seen.has(name)) return undefined;
  return matchAddressList(list, req, env, new Set([...seen, name]));
}

/** Whether `list` allows the request (first match wins; no match denies). */
export function aclAllows(list: AddressMatchList, req: AclRequest, env: AclEnv): boolean {
  return matchAddressList(list, req, env) === 'allow';
}
