/**
 * named-checkconf's checks of what a statement holds (BIND 9.18, measured against
 * named-checkconf 9.18): TSIG keys (RFC 8945 algorithms, base64 secrets), trust anchors
 * (base64 keys, hex digests), logging channels and categories (ARM "logging Block
 * Grammar"), options that need or exclude others, rate-limit's ranges.
 */
import type { Reporter } from './check-refs.js';
import { blockOf, clause, listOf, text, type ConfClause } from './tree.js';
import { policyTypeProblem, splitPolicyRule } from './update-policy-rule.js';

/** TSIG algorithms named accepts (RFC 8945 6; hmac-md5 by its old long name too), with an optional `-BITS` truncation. */
const TSIG_ALGORITHM = /^(hmac-md5(\.sig-alg\.reg\.int)?|hmac-sha(1|224|256|384|512))(-\d+)?$/i;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 4 base64, whitespace allowed, with the bits the padding leaves unused zero (as isc_base64 decodes). */
export function isBase64(s: string): boolean {
  const t = s.replace(/\s+/g, '');
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) return false;
  const pad = t.endsWith('==') ? 2 : t.endsWith('=') ? 1 : 0;
  if (pad === 0) return true;
  const last = B64.indexOf(t[t.length - pad - 1]);
  return (last & (pad === 2 ? 0x0f : 0x03)) === 0;
}

function checkKey(k: ConfClause, r: Reporter) {
  const body = blockOf(k.values);
  const alg = clause(body, 'algorithm');
  const secret = clause(body, 'secret');
  if (!alg || !secret) {
    r.error(k.loc, `key '${text(k.values[0])}' must have both 'secret' and 'algorithm' defined`);
    return;
  }
  const a = text(alg.values[0]) ?? '';
  if (!TSIG_ALGORITHM.test(a)) r.error(alg.loc, `unknown algorithm '${a}'`);
  if (!isBase64(text(secret.values[0]) ?? '')) r.error(secret.loc, "bad secret 'bad base64 encoding'");
}

/** trust-anchors, managed-keys, trusted-keys: the key (base64) or digest (hex) of each entry. */
function checkAnchors(c: ConfClause, r: Reporter) {
  const list = c.values.find((v) => v.kind === 'list');
  if (list?.kind !== 'list') return;
  for (const item of list.items) {
    const last = item[item.length - 1];
    const kind = item.find((v) => v.kind === 'word' && v.type === 'keyword');
    const data = text(last) ?? '';
    const ds = kind?.kind === 'word' && kind.text.endsWith('-ds');
    const good = ds ? /^[0-9a-f\s]+$/i.test(data) && data.replace(/\s+/g, '').length % 2 === 0 : isBase64(data);
    if (!good && last) r.error(last.loc, ds ? 'bad hex encoding' : 'bad base64 encoding');
  }
}

/** The categories of BIND 9.18 (ARM "The category Phrase"). */
const CATEGORIES = new Set(
  'client cname config database default delegation-only dispatch dnssec dnstap edns-disabled general lame-servers network notify nsid queries query-errors rate-limit resolver rpz rpz-passthru security serve-stale spill sslkeylog trust-anchor-telemetry unmatched update update-security xfer-in xfer-out zoneload'.split(' '),
);
const BUILTIN_CHANNELS = ['default_syslog', 'default_debug', 'default_stderr', 'default_logfile', 'null'];
const DESTINATIONS = ['file', 'syslog', 'null', 'stderr'];

function checkLogging(l: ConfClause, r: Reporter) {
  const body = blockOf(l.values);
  const channels = new Set(BUILTIN_CHANNELS);
  for (const ch of body.filter((c) => c.name === 'channel')) {
    const name = text(ch.values[0]) ?? '';
    channels.add(name.toLowerCase());
    const dests = blockOf(ch.values).filter((c) => DESTINATIONS.includes(c.name));
    if (dests.length !== 1) r.error(ch.loc, `channel '${name}': exactly one of file, syslog, null, and stderr must be present`);
  }
  for (const cat of body.filter((c) => c.name === 'category')) {
    const name = text(cat.values[0]) ?? '';
    if (!CATEGORIES.has(name.toLowerCase())) r.error(cat.loc, `undefined category: '${name}'`);
    const list = cat.values.find((v) => v.kind === 'list');
    for (const item of list?.kind === 'list' ? list.items : []) {
      const ch = item[0];
      if (ch?.kind === 'word' && !channels.has(ch.text.toLowerCase())) r.error(ch.loc, `undefined channel: '${ch.text}'`);
    }
  }
}

/** Options of `options` or a `view` that exclude or need each other. */
function checkServerOptions(body: ConfClause[], r: Reporter) {
  // cookie-secret: hex, 128 bits for the default cookie-algorithm siphash24 (named-checkconf 9.18's messages).
  const algorithm = (text(clause(body, 'cookie-algorithm')?.values[0]) ?? 'siphash24').toLowerCase();
  for (const c of body.filter((x) => x.name === 'cookie-secret')) {
    const v = text(c.values[0]) ?? '';
    if (!/^([0-9a-f]{2})*$/i.test(v)) r.error(c.loc, 'cookie-secret: invalid hex string');
    else if (v.length !== 32) r.error(c.loc, `${algorithm === 'aes' ? 'AES' : 'SipHash-2-4'} cookie-secret must be 128 bits`);
  }
  const checkNames = body.filter((c) => c.name === 'check-names');
  const kinds = checkNames.map((c) => text(c.values[0]));
  for (const [a, b] of [['primary', 'master'], ['secondary', 'slave']]) {
    if (kinds.includes(a) && kinds.includes(b)) r.error(checkNames[0].loc, `'check-names' cannot take both '${a}' and '${b}'`);
  }
  const auto = clause(body, 'auto-dnssec');
  if (auto && text(auto.values[0]) !== 'off') r.error(auto.loc, 'auto-dnssec may only be activated at the zone level');
  const listener = text(clause(body, 'port')?.values[0]) ?? '53';
  for (const q of body.filter((c) => c.name === 'query-source' || c.name === 'query-source-v6')) {
    const i = q.values.findIndex((v) => v.kind === 'word' && v.type === 'keyword' && v.text === 'port');
    if (i >= 0 && text(q.values[i + 1]) === listener) r.error(q.loc, `'${q.name}' cannot specify the DNS listener port (${listener})`);
  }
  const dnstap = clause(body, 'dnstap');
  if (dnstap && !clause(body, 'dnstap-output')) r.error(dnstap.loc, "'dnstap-output' must be set if 'dnstap' is set");
}

function checkZoneOptions(zone: ConfClause, r: Reporter) {
  const body = blockOf(zone.values);
  const policy = clause(body, 'update-policy');
  if (policy && clause(body, 'allow-update')) {
    r.error(policy.loc, `zone '${text(zone.values[0])}': 'allow-update' is ignored when 'update-policy' is present`);
  }
  // Each rule's types: a known RR type, with an optional count up to 65535 (named-checkconf 9.18).
  for (const item of (policy && listOf(policy.values)?.items) || []) {
    const words = item.map((v) => text(v) ?? '');
    const { name, types } = splitPolicyRule(words[2] ?? '', words.slice(3));
    const first = name === undefined ? 3 : 4;
    types.forEach((t, i) => {
      const problem = policyTypeProblem(t);
      if (problem) r.error(item[first + i]!.loc, problem);
    });
  }
}

/**
 * rate-limit's ranges (named-checkconf 9.18 check_ratelimit; the same limits named applies
 * at load): each rate at most 1000, slip at most 10, window 1..3600, qps-scale at least 1,
 * ipv4-prefix-length 8..32, ipv6-prefix-length 16..64, max-table-size not below
 * min-table-size (default 500). Each problem at its value, in named's order.
 */
function checkRateLimit(rl: ConfClause, r: Reporter) {
  const body = blockOf(rl.values);
  const value = (name: string) => {
    const v = clause(body, name)?.values[0];
    const t = text(v);
    return v && t !== undefined && /^\d+$/.test(t) ? { n: Number(t), loc: v.loc } : undefined;
  };
  const check = (name: string, bad: (n: number) => boolean, message: (n: number) => string) => {
    const v = value(name);
    if (v && bad(v.n)) r.error(v.loc, message(v.n));
  };
  const min = Math.max(1, value('min-table-size')?.n ?? 500);
  check('max-table-size', (n) => n < min, (n) => `max-table-size ${n} < min-table-size ${min}`);
  for (const rate of ['responses-per-second', 'referrals-per-second', 'nodata-per-second', 'nxdomains-per-second', 'errors-per-second', 'all-per-second']) {
    check(rate, (n) => n > 1000, (n) => `${rate} ${n} > 1000`);
  }
  check('slip', (n) => n > 10, (n) => `slip ${n} > 10`);
  check('window', (n) => n < 1 || n > 3600, (n) => `window ${n} < 1 or > 3600`);
  check('qps-scale', (n) => n < 1, (n) => `invalid 'qps-scale ${n}'`);
  check('ipv4-prefix-length', (n) => n < 8 || n > 32, (n) => `invalid 'ipv4-prefix-length ${n}'`);
  // The account key holds 64 bits of an IPv6 address (DNS_RRL_MAX_PREFIX).
  check('ipv6-prefix-length', (n) => n < 16 || n > 64, (n) => `ipv6-prefix-length ${n} < 16 or > 64`);
}

/** Each view's rate-limit, else the options' (checked once per view that takes it, as named-checkconf); without views, the options'. */
function checkRateLimits(top: ConfClause[], r: Reporter) {
  const options = clause(blockOf(top.find((c) => c.name === 'options')?.values ?? []), 'rate-limit');
  const views = top.filter((c) => c.name === 'view');
  if (views.length === 0) {
    if (options) checkRateLimit(options, r);
    return;
  }
  for (const v of views) {
    const rl = clause(blockOf(v.values), 'rate-limit') ?? options;
    if (rl) checkRateLimit(rl, r);
  }
}

const BUILTIN_POLICIES = new Set(['default', 'insecure', 'none']);

/**
 * dnssec-policy: not a built-in name; a zone's policy defined; a zone under a policy (its
 * own, its view's or the options') other than `none` signs inline or by updates.
 */
function checkDnssecPolicies(top: ConfClause[], r: Reporter) {
  const defined = new Set(BUILTIN_POLICIES);
  for (const c of top.filter((x) => x.name === 'dnssec-policy')) {
    const name = text(c.values[0]) ?? '';
    if (BUILTIN_POLICIES.has(name.toLowerCase())) r.error(c.loc, "dnssec-policy name may not be 'insecure', 'none', or 'default' (which are built-in policies)");
    defined.add(name.toLowerCase());
  }
  const options = blockOf(top.find((c) => c.name === 'options')?.values ?? []);
  const zones = (cs: ConfClause[], inherited: ConfClause[][]) => {
    for (const z of cs.filter((c) => c.name === 'zone')) {
      const body = blockOf(z.values);
      const own = clause(body, 'dnssec-policy');
      const name = text(z.values[0]);
      if (own && !defined.has((text(own.values[0]) ?? '').toLowerCase())) {
        r.error(own.loc, `zone '${name}': option 'dnssec-policy ${text(own.values[0])}' has no matching dnssec-policy config`);
        continue;
      }
      const policy = own ?? inherited.map((b) => clause(b, 'dnssec-policy')).find(Boolean);
      const type = text(clause(body, 'type')?.values[0]);
      if (!policy || text(policy.values[0])?.toLowerCase() === 'none' || !type) continue;
      const inline = /^(yes|true|1)$/i.test(text(clause(body, 'inline-signing')?.values[0]) ?? '');
      const primary = type === 'primary' || type === 'master';
      const updates = [body, ...inherited].some((b) => clause(b, 'allow-update') || clause(b, 'update-policy'));
      if (inline || (primary && updates) || !(primary || type === 'secondary' || type === 'slave')) continue;
      r.error(
        policy.loc,
        primary
          ? "'inline-signing yes;' must also be configured explicitly for zones using dnssec-policy without a configured 'allow-update' or 'update-policy'"
          : "'inline-signing yes;' must also be configured explicitly for zones using dnssec-policy",
      );
    }
  };
  zones(top, [options]);
  for (const v of top.filter((c) => c.name === 'view')) zones(blockOf(v.values), [blockOf(v.values), options]);
}

/** tls: a certificate and its key come together. */
function checkTls(c: ConfClause, r: Reporter) {
  const body = blockOf(c.values);
  if (!clause(body, 'cert-file') !== !clause(body, 'key-file')) {
    r.error(c.loc, `tls '${text(c.values[0])}': 'cert-file' and 'key-file' must both be specified, or both omitted`);
  }
}

export function checkContent(clauses: ConfClause[], r: Reporter): void {
  checkDnssecPolicies(clauses, r);
  checkRateLimits(clauses, r);
  const visit = (cs: ConfClause[]) => {
    for (const c of cs) {
      if (c.name === 'key') checkKey(c, r);
      if (c.name === 'trust-anchors' || c.name === 'managed-keys' || c.name === 'trusted-keys') checkAnchors(c, r);
      if (c.name === 'logging') checkLogging(c, r);
      if (c.name === 'tls') checkTls(c, r);
      if (c.name === 'options') checkServerOptions(blockOf(c.values), r);
      if (c.name === 'zone') checkZoneOptions(c, r);
      if (c.name === 'view') {
        checkServerOptions(blockOf(c.values), r);
        visit(blockOf(c.values));
      }
    }
  };
  visit(clauses);
}
