/**
 * The words of one `update-policy` rule (ARM "Dynamic Update Policies"): `grant|deny
 * IDENTITY MATCHTYPE [NAME] [TYPE...]`, each type optionally with a record limit,
 * `A(5)`. Split as named-checkconf 9.18 splits them (measured): `zonesub` takes no name,
 * every word after it is a type; for the other match types a first word that is an RR type
 * (its limit aside) starts the types, any other first word is the name. Pure.
 */
import { typeFromText } from '../../wire/rrtypes.js';

/** A type as written, `A` or `A(5)`: the type number (undefined when not a type) and the limit (0: none). */
export function policyType(written: string): { type: number | undefined; max: number } {
  const open = written.indexOf('(');
  if (open < 0) return { type: typeFromText(written), max: 0 };
  const count = /^\(\+?(\d*)\)$/.exec(written.slice(open));
  return { type: typeFromText(written.slice(0, open)), max: count ? Number(count[1] || '0') : 0 };
}

/**
 * named-checkconf's verdict on one written type: undefined when good, else its message
 * (`'FOO' is not a valid type`, `'(70000)' is not a valid count`: a decimal count up to 65535).
 */
export function policyTypeProblem(written: string): string | undefined {
  const open = written.indexOf('(');
  const base = open < 0 ? written : written.slice(0, open);
  if (typeFromText(base) === undefined) return `'${base}' is not a valid type`;
  if (open < 0) return undefined;
  const count = /^\(\+?(\d*)\)$/.exec(written.slice(open));
  if (!count || Number(count[1] || '0') > 0xffff) return `'${written.slice(open)}' is not a valid count`;
  return undefined;
}

/** The name field and the types of a rule, from the words after the match type. */
export function splitPolicyRule(matchType: string, rest: readonly string[]): { name?: string; types: string[] } {
  if (matchType.toLowerCase() === 'zonesub' || rest.length === 0) return { types: [...rest] };
  if (policyType(rest[0]!).type !== undefined) return { types: [...rest] };
  return { name: rest[0], types: rest.slice(1) };
}
