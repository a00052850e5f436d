/**
 * dhcpd's "server" option space: the parameters dhcpd.conf(5) lists under "REFERENCE:
 * PARAMETERS" that ISC dhcpd 4.4 parses as options of its own space (server/stables.c
 * server_options), each with a value format:
 *   T lease time (a number, `-1` or `infinite` for 0xffffffff; RFC 2131 3.3)   L uint32
 *   S uint16   B uint8   f boolean (true false on off)   t text   X bytes or text
 *   I IPv4 address or host name   6 IPv6 address   N a word of an enumeration   d a name
 * The parser checks the value and keeps it as text in ScopeParams.settings; what labnet
 * applies of them is in ./not-applied.ts.
 */
import { type Token, describe, tokenError } from './lexer.js';
import { isHostName, parseIp6 } from '../option-defs.js';
import { ipFromString } from '../ip.js';

export const SERVER_OPTIONS: ReadonlyMap<string, string> = new Map([
  ['dynamic-bootp-lease-cutoff', 'T'], ['dynamic-bootp-lease-length', 'L'], ['boot-unknown-clients', 'f'],
  ['one-lease-per-client', 'f'], ['get-lease-hostnames', 'f'], ['use-host-decl-names', 'f'],
  ['use-lease-addr-for-default-route', 'f'], ['min-secs', 'B'], ['vendor-option-space', 'N'],
  ['site-option-space', 'X'], ['always-broadcast', 'f'], ['lease-file-name', 't'], ['pid-file-name', 't'],
  ['duplicates', 'f'], ['declines', 'f'], ['omapi-port', 'S'], ['local-port', 'S'],
  ['limited-broadcast-address', 'I'], ['remote-port', 'S'], ['local-address', 'I'], ['omapi-key', 'd'],
  ['stash-agent-options', 'f'], ['client-updates', 'f'], ['update-optimization', 'f'],
  ['update-static-leases', 'f'], ['log-facility', 'N'], ['do-forward-updates', 'f'], ['ping-timeout', 'T'],
  ['infinite-is-reserved', 'f'], ['update-conflict-detection', 'f'], ['leasequery', 'f'],
  ['adaptive-lease-time-threshold', 'B'], ['do-reverse-updates', 'f'], ['fqdn-reply', 'f'],
  ['preferred-lifetime', 'T'], ['dhcpv6-lease-file-name', 't'], ['dhcpv6-pid-file-name', 't'],
  ['limit-addrs-per-ia', 'L'], ['limit-prefs-per-ia', 'L'], ['delayed-ack', 'S'], ['max-ack-delay', 'L'],
  ['dhcp-cache-threshold', 'B'], ['dont-use-fsync', 'f'], ['ddns-local-address4', 'I'],
  ['ddns-local-address6', '6'], ['ignore-client-uids', 'f'], ['log-threshold-low', 'B'],
  ['log-threshold-high', 'B'], ['echo-client-id', 'f'], ['server-id-check', 'f'], ['prefix-length-mode', 'N'],
  ['dhcpv6-set-tee-times', 'f'], ['abandon-lease-time', 'T'], ['use-eui-64', 'f'], ['check-secs-byte-order', 'f'],
  ['persist-eui-64-leases', 'f'], ['release-on-roam', 'f'], ['local-address6', '6'], ['bind-local-address6', 'f'],
  ['ping-cltt-secs', 'T'], ['ping-timeout-ms', 'T'], ['always-reply-rfc1048', 'f'], ['allow-booting', 'f'],
  ['allow-bootp', 'f'], ['dynamic-bootp', 'f'], ['ddns-ttl', 'T'],
]);

/** Statements dhcpd parses itself (not server options), kept as text in ScopeParams.settings. */
export const SPECIAL_SETTINGS: ReadonlySet<string> = new Set(['server-duid', 'db-time-format', 'lease-id-format', 'authoring-byte-order']);

const BOOLEAN_WORDS: Record<string, string> = { true: 'true', on: 'true', false: 'false', off: 'false' };

function number(tok: Token, max: number, signed: boolean): number {
  const m = tok.kind === 'word' ? /^(-?)(0x[0-9a-f]+|\d+)$/i.exec(tok.text) : null;
  if (!m || (m[1] && !signed)) throw tokenError(tok, `expecting numeric value, found ${describe(tok)}`);
  const v = Number(m[2]);
  if (v > max && !signed) throw tokenError(tok, `${tok.text} exceeds max (${max}) for precision`);
  // dhcpd's convert_num keeps the low 32 bits of a lease time: -1 is 0xffffffff (infinite).
  return m[1] ? (0x100000000 - (v % 0x100000000)) % 0x100000000 : v % 0x100000000;
}

/** A lease time value (format T): `infinite`, or an integer taken modulo 2^32. */
export function leaseTime(tok: Token): number {
  if (tok.kind === 'word' && tok.text.toLowerCase() === 'infinite') return 0xffffffff;
  return number(tok, 0xffffffff, true);
}

/** Checks the value tokens of a server option against its format; returns them as text. */
export function serverOptionValue(format: string, tokens: Token[], end: Token): string {
  const t = tokens[0] ?? end;
  const one = (v: string) => {
    if (tokens.length > 1) throw tokenError(tokens[1], `semicolon expected, found ${describe(tokens[1])}`);
    return v;
  };
  switch (format) {
    case 'T':
      return one(String(leaseTime(t)));
    case 'L':
      return one(String(number(t, 0xffffffff, false)));
    case 'S':
      return one(String(number(t, 0xffff, false)));
    case 'B':
      return one(String(number(t, 0xff, false)));
    case 'f': {
      const v = t.kind === 'word' ? BOOLEAN_WORDS[t.text.toLowerCase()] : undefined;
      if (v === undefined) throw tokenError(t, `expecting identifier (true, false, on or off), found ${describe(t)}`);
      return one(v);
    }
    case 't':
    case 'X':
      if (t.kind !== 'string' && t.kind !== 'word') throw tokenError(t, `expecting string, found ${describe(t)}`);
      return one(t.text);
    case 'I':
      if (t.kind === 'word' && isHostName(t.text)) return one(t.text);
      try {
        ipFromString(t.text);
      } catch {
        throw tokenError(t, `expecting an IPv4 address or host name, found ${describe(t)}`);
      }
      return one(t.text);
    case '6':
      if (t.kind !== 'word' || !parseIp6(t.text)) throw tokenError(t, `Invalid IPv6 address ${describe(t)}`);
      return one(t.text);
    default:
      if (t.kind !== 'word' && t.kind !== 'string') throw tokenError(t, `expecting identifier, found ${describe(t)}`);
      return one(t.text);
  }
}
