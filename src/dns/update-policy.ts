/**
 * A zone's `update-policy` rules (BIND 9.18 ARM "Dynamic Update Policies", lib/dns/ssu.c)
 * as an UpdateGrant for update.ts's prescan. Pure.
 *
 * Rules are tried in order; the first whose identity, name and types all match decides
 * (grant or deny); none matching denies. The identity is the TSIG key the request was
 * signed with (`*` as the first label matches any name below the rest; `*` alone, any).
 * Match types applied: `name` (the name itself), `subdomain` (at or below), `zonesub`
 * (at or below the zone's apex; no name field), `wildcard` (a name the wildcard matches),
 * `self`, `selfsub`, `selfwild` (the key's own name, at or below it, one label below it).
 * The Kerberos, Microsoft, `tcp-self`, `6to4-self` and `external` forms never match here.
 * Types: those listed (`ANY` is every type); none listed, every type but NS, SOA and RRSIG.
 * A listed type may carry a limit, `A(5)`: the rule that grants an addition also caps the
 * records of that type at the name (BIND 9.18 ns/update.c: an addition finding that many
 * already is skipped, "attempt to add more records than permitted by policy").
 */
import { absoluteName, isSubdomain, labelCount, nameKey, parentName } from '../wire/name.js';
import { RRType } from '../wire/rrtypes.js';
import { policyType } from '../zones/named-conf/update-policy-rule.js';
import type { UpdatePolicyRule } from '../zones/named-conf/model.js';
import type { UpdateGrant, UpdateGrantLimit } from './update.js';

const absolute = (name: string): string => nameKey(absoluteName(name));

/** dns_name_matcheswildcard: `*.rest` matches a name strictly below `rest`; `*.` every name but the root. */
function matchesWildcard(name: string, wildcard: string): boolean {
  const w = absolute(wildcard);
  if (!w.startsWith('*.')) return nameKey(name) === w;
  const rest = w === '*.' ? '.' : w.slice(2);
  return labelCount(name) > labelCount(rest) && isSubdomain(name, rest);
}

function identityMatches(identity: string, signer: string): boolean {
  return absolute(identity).startsWith('*') ? matchesWildcard(signer, identity) : absolute(identity) === nameKey(signer);
}

function nameMatches(rule: UpdatePolicyRule, name: string, origin: string, signer: string): boolean {
  switch (rule.matchType) {
    case 'name':
      return rule.name !== undefined && nameKey(name) === absolute(rule.name);
    case 'subdomain':
      return rule.name !== undefined && isSubdomain(name, absolute(rule.name));
    case 'zonesub':
      return isSubdomain(name, origin);
    case 'wildcard':
      return rule.name !== undefined && matchesWildcard(name, rule.name);
    case 'self':
      return nameKey(name) === nameKey(signer);
    case 'selfsub':
      return isSubdomain(name, signer);
    case 'selfwild':
      return labelCount(name) === labelCount(signer) + 1 && nameKey(parentName(name)) === nameKey(signer);
    default:
      return false;
  }
}

/** BIND's isusertype: the types a rule without a type list covers. */
const userType = (type: number): boolean => type !== RRType.NS && type !== RRType.SOA && type !== RRType.RRSIG;

/** The limit the rule puts on `type` when it covers it (0: none), or undefined when it does not. */
function typeLimit(rule: UpdatePolicyRule, type: number): number | undefined {
  if (rule.types.length === 0) return userType(type) ? 0 : undefined;
  for (const t of rule.types) {
    const p = policyType(t);
    if (p.type === RRType.ANY || p.type === type) return p.max;
  }
  return undefined;
}

/** The first rule matching the signer, the name and the type, with its limit for the type. */
function firstMatch(rules: readonly UpdatePolicyRule[], origin: string, signer: string | undefined, name: string, type: number): { rule: UpdatePolicyRule; max: number } | undefined {
  if (signer === undefined) return undefined;
  for (const rule of rules) {
    if (!identityMatches(rule.identity, signer)) continue;
    if (!nameMatches(rule, name, origin, signer)) continue;
    const max = typeLimit(rule, type);
    if (max === undefined) continue;
    return { rule, max };
  }
  return undefined;
}

/** The grant check of `rules` for zone `origin` and a request signed by `signer` (none: nothing is granted). */
export function policyGrant(rules: readonly UpdatePolicyRule[], origin: string, signer: string | undefined): UpdateGrant {
  return (rr, type) => firstMatch(rules, origin, signer, rr.name, type)?.rule.grant === true;
}

/** The record limit of the granting rule for an addition of `type` at `rr.name` (0: none). */
export function policyLimit(rules: readonly UpdatePolicyRule[], origin: string, signer: string | undefined): UpdateGrantLimit {
  return (rr, type) => {
    const m = firstMatch(rules, origin, signer, rr.name, type);
    return m?.rule.grant ? m.max : 0;
  };
}
