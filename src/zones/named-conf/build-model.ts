/**
 * Fills the typed model (model.ts) from a parse tree (parser.ts): the statements and
 * options labnet applies (options' serving options, listen-on, directory, port,
 * blackhole; acl; key; primaries/masters; view with match-clients, match-destinations and
 * its zones and keys; zone type, file, journal, primaries, in-view, forwarders and serving
 * options).
 * `notApplied` lists, once each, what the file holds that labnet reads but does not apply
 * (other statements, options and zone types), for the warning given at load.
 * The tree is assumed checked (checks.ts); the builder does not re-validate it.
 */
import type {
  AclConf,
  AddressMatchElement,
  AddressMatchList,
  ConfLocation,
  GlobalOptions,
  KeyConf,
  ListenOn,
  MinimalResponses,
  NamedConfModel,
  NotifyMode,
  PrimariesConf,
  RateLimitConf,
  RemoteServer,
  RemoteServerList,
  RrsetOrderRule,
  ServingOptions,
  UpdatePolicy,
  UpdatePolicyRule,
  ViewConf,
  ZoneConf,
  ZoneType,
} from './model.js';
import { ZONE_ALIASES } from './grammar.js';
import { typeFromText } from '../../wire/rrtypes.js';
import { splitPolicyRule } from './update-policy-rule.js';
import { afterKeyword, blockOf, clause, listOf, text, type ConfClause, type ConfValue } from './tree.js';

/**
 * What labnet applies when it serves, by block (src/dns/conf-views.ts, views.ts): views and
 * their matching, ACLs, the access lists, rrset-order, minimal-responses and minimal-any,
 * answer-cookie, rate-limit (UDP response rate limiting, src/dns/rrl.ts), the zone's type, file and journal (primary zones are loaded, their journals
 * applied); `key`, allow-update and update-policy (RFC 2136 UPDATE, TSIG on queries:
 * src/lab/update-conf.ts). `recursion` only as `no` (labnet never recurses;
 * collectNotApplied names a `recursion yes`). Secondary zones (`type secondary`/`slave`)
 * with their primaries/masters (and the top-level lists of that name), allow-notify,
 * request-ixfr and min-/max-refresh-time, min-/max-retry-time are kept refreshed from
 * their primaries (src/dns/secondary/, src/lab/secondary-conf.ts).
 * Everything else is modelled where the model has a field for it (notify...) but does not
 * change what labnet serves, and is named in the not-applied warning.
 */
/** A secondary's timer bounds (ARM "min-refresh-time", "max-refresh-time", "min-retry-time", "max-retry-time"). */
const SECONDARY_TIMERS = [['min-refresh-time', 'minRefreshTime'], ['max-refresh-time', 'maxRefreshTime'], ['min-retry-time', 'minRetryTime'], ['max-retry-time', 'maxRetryTime']] as const;
const SECONDARY = ['allow-notify', 'request-ixfr', ...SECONDARY_TIMERS.map(([n]) => n)];
const SERVING = ['allow-query', 'allow-query-on', 'allow-transfer', 'rrset-order', 'minimal-responses', 'minimal-any', 'recursion', 'rate-limit'];
export const APPLIED: Record<string, ReadonlySet<string>> = {
  top: new Set(['options', 'zone', 'view', 'acl', 'key', 'primaries', 'masters']),
  options: new Set([...SERVING, ...SECONDARY, 'directory', 'blackhole', 'answer-cookie', 'cookie-secret', 'require-server-cookie', 'allow-update']),
  view: new Set([...SERVING, ...SECONDARY, 'match-clients', 'match-destinations', 'match-recursive-only', 'zone', 'key', 'allow-update']),
  zone: new Set([...SECONDARY, 'allow-query', 'allow-query-on', 'allow-transfer', 'allow-update', 'update-policy', 'type', 'file', 'journal', 'primaries', 'masters']),
};

export interface BuiltModel {
  model: NamedConfModel;
  /** `options { X }`, `view { X }`, `zone { X }`, `X` (top level), `zone type T`: each once, in order met. */
  notApplied: string[];
}

const yes = (v: ConfValue | undefined) => /^(yes|true|1)$/i.test(text(v) ?? '');
const loc = (c: { loc: ConfLocation }): ConfLocation => ({ ...c.loc });

/** An IPv4 prefix in BIND's short form (`10/8`) written out in full. */
function fullAddress(a: string): string {
  if (a.includes(':')) return a.replace(/%.*$/, '');
  const parts = a.split('.');
  while (parts.length < 4) parts.push('0');
  return parts.join('.');
}

function prefix(textValue: string, negated: boolean): AddressMatchElement {
  const [addr, len] = textValue.split('/');
  const family = addr.includes(':') ? 6 : 4;
  return { kind: 'prefix', negated, family, address: fullAddress(addr), prefixLength: len === undefined ? (family === 4 ? 32 : 128) : Number(len) };
}

function element(values: ConfValue[]): AddressMatchElement {
  const negated = text(values[0]) === '!' && values[0].kind === 'word' && values[0].type === 'keyword';
  const rest = negated ? values.slice(1) : values;
  const head = rest[0];
  if (head.kind === 'list') return { kind: 'nested', negated, list: aml(head.items) };
  if (head.kind === 'word' && head.type === 'keyword' && head.text === 'key') return { kind: 'key', negated, name: text(rest[1]) ?? '' };
  if (head.kind === 'word' && head.type === 'keyword' && head.text === 'geoip') {
    return { kind: 'geoip', negated, text: rest.slice(1).map((v) => text(v)).join(' ') };
  }
  if (head.kind === 'word' && head.type === 'netprefix') return prefix(head.text, negated);
  return { kind: 'acl', negated, name: (text(head) ?? '').toLowerCase() };
}

function aml(items: ConfValue[][]): AddressMatchList {
  return items.map(element);
}

function amlOf(values: ConfValue[] | undefined): AddressMatchList | undefined {
  const l = values && listOf(values);
  return l ? aml(l.items) : undefined;
}

function portOf(values: ConfValue[]): number | undefined {
  const p = text(afterKeyword(values, 'port'));
  return p === undefined ? undefined : Number(p);
}

function remoteServers(values: ConfValue[]): RemoteServerList {
  const l = listOf(values);
  const port = l ? portOf(values.slice(0, values.indexOf(l))) : undefined;
  const servers = (l?.items ?? []).map((item): RemoteServer => {
    const first = item[0];
    const s: RemoteServer = first.kind === 'word' && first.type === 'address' ? { address: first.text } : { list: text(first) };
    const p = portOf(item);
    if (p !== undefined) s.port = p;
    const key = text(afterKeyword(item, 'key'));
    if (key !== undefined) s.key = key;
    const tls = text(afterKeyword(item, 'tls'));
    if (tls !== undefined) s.tls = tls;
    return s;
  });
  return port === undefined ? { servers } : { port, servers };
}

function rrsetOrder(values: ConfValue[]): RrsetOrderRule[] {
  return (listOf(values)?.items ?? []).map((item) => {
    const rule: RrsetOrderRule = { order: (text(item[item.length - 1]) ?? 'random').toLowerCase() as RrsetOrderRule['order'] };
    const cls = text(afterKeyword(item, 'class'));
    const type = text(afterKeyword(item, 'type'));
    const name = text(afterKeyword(item, 'name'));
    if (cls !== undefined) rule.class = cls.toUpperCase();
    if (type !== undefined) rule.type = type.toUpperCase();
    if (name !== undefined) rule.name = name;
    return rule;
  });
}

/** The numeric options of `rate-limit`, by the model's field. */
const RATE_LIMIT_NUMBERS = {
  'responses-per-second': 'responsesPerSecond',
  'referrals-per-second': 'referralsPerSecond',
  'nodata-per-second': 'nodataPerSecond',
  'nxdomains-per-second': 'nxdomainsPerSecond',
  'errors-per-second': 'errorsPerSecond',
  'all-per-second': 'allPerSecond',
  window: 'window',
  slip: 'slip',
  'qps-scale': 'qpsScale',
  'ipv4-prefix-length': 'ipv4PrefixLength',
  'ipv6-prefix-length': 'ipv6PrefixLength',
  'min-table-size': 'minTableSize',
  'max-table-size': 'maxTableSize',
} as const;

function rateLimit(c: ConfClause): RateLimitConf {
  const body = blockOf(c.values);
  const r: RateLimitConf = { location: loc(c) };
  for (const [name, key] of Object.entries(RATE_LIMIT_NUMBERS)) {
    const v = text(clause(body, name)?.values[0]);
    if (v !== undefined) r[key] = Number(v);
  }
  const logOnly = clause(body, 'log-only');
  if (logOnly) r.logOnly = yes(logOnly.values[0]);
  const exempt = amlOf(clause(body, 'exempt-clients')?.values);
  if (exempt) r.exemptClients = exempt;
  return r;
}

function enumOrBool<T extends string>(v: ConfValue | undefined, map: Record<string, T>): T | boolean {
  const t = (text(v) ?? '').toLowerCase();
  return t in map ? map[t] : yes(v);
}

function serving(clauses: ConfClause[]): ServingOptions {
  const o: ServingOptions = {};
  const get = (n: string) => clause(clauses, n)?.values;
  const set = <K extends keyof ServingOptions>(k: K, v: ServingOptions[K] | undefined) => {
    if (v !== undefined) o[k] = v;
  };
  set('allowQuery', amlOf(get('allow-query')));
  set('allowQueryOn', amlOf(get('allow-query-on')));
  set('allowTransfer', amlOf(get('allow-transfer')));
  set('allowUpdate', amlOf(get('allow-update')));
  set('allowNotify', amlOf(get('allow-notify')));
  const notify = get('notify');
  if (notify) o.notify = enumOrBool<Exclude<NotifyMode, boolean>>(notify[0], { explicit: 'explicit', 'primary-only': 'primary-only', 'master-only': 'primary-only' });
  const alsoNotify = get('also-notify');
  if (alsoNotify) o.alsoNotify = remoteServers(alsoNotify);
  const order = get('rrset-order');
  if (order) o.rrsetOrder = rrsetOrder(order);
  const minimal = get('minimal-responses');
  if (minimal) o.minimalResponses = enumOrBool<Exclude<MinimalResponses, boolean>>(minimal[0], { 'no-auth': 'no-auth', 'no-auth-recursive': 'no-auth-recursive' });
  const rl = clause(clauses, 'rate-limit');
  if (rl) o.rateLimit = rateLimit(rl);
  for (const [name, key] of [['minimal-any', 'minimalAny'], ['answer-cookie', 'answerCookie'], ['recursion', 'recursion'], ['request-ixfr', 'requestIxfr']] as const) {
    const v = get(name);
    if (v) o[key] = yes(v[0]);
  }
  for (const [name, key] of SECONDARY_TIMERS) {
    const v = text(get(name)?.[0]);
    if (v !== undefined) o[key] = Number(v);
  }
  // DNS cookies (RFC 7873, RFC 9018): the secrets in the order written (the first makes cookies), and the UDP requirement.
  const secrets = clauses.filter((c) => c.name === 'cookie-secret').map((c) => text(c.values[0]) ?? '');
  if (secrets.length > 0) o.cookieSecrets = secrets;
  const requireCookie = get('require-server-cookie');
  if (requireCookie) o.requireServerCookie = yes(requireCookie[0]);
  return o;
}

function listenOn(c: ConfClause): ListenOn {
  const l: ListenOn = { list: amlOf(c.values) ?? [] };
  const port = portOf(c.values);
  if (port !== undefined) l.port = port;
  const tls = text(afterKeyword(c.values, 'tls'));
  if (tls !== undefined) l.tls = tls;
  const http = text(afterKeyword(c.values, 'http'));
  if (http !== undefined) l.http = http;
  return l;
}

function globalOptions(clauses: ConfClause[]): GlobalOptions {
  const o: GlobalOptions = serving(clauses);
  const dir = text(clause(clauses, 'directory')?.values[0]);
  if (dir !== undefined) o.directory = dir;
  const blackhole = amlOf(clause(clauses, 'blackhole')?.values);
  if (blackhole) o.blackhole = blackhole;
  const on = clauses.filter((c) => c.name === 'listen-on').map(listenOn);
  if (on.length) o.listenOn = on;
  const on6 = clauses.filter((c) => c.name === 'listen-on-v6').map(listenOn);
  if (on6.length) o.listenOnV6 = on6;
  const port = text(clause(clauses, 'port')?.values[0]);
  if (port !== undefined) o.port = Number(port);
  return o;
}

function key(c: ConfClause): KeyConf {
  const body = blockOf(c.values);
  return {
    name: text(c.values[0]) ?? '',
    algorithm: (text(clause(body, 'algorithm')?.values[0]) ?? '').toLowerCase(),
    secret: text(clause(body, 'secret')?.values[0]) ?? '',
    location: loc(c),
  };
}

/** The class of a `zone`/`view` statement: upper case, `defaultClass` when not written. */
function classOf(c: ConfClause, defaultClass: string): string {
  const cls = c.values.find((v) => v.kind === 'word' && v.type === 'class');
  const t = text(cls)?.toUpperCase();
  return t === undefined ? defaultClass : t === 'CHAOS' ? 'CH' : t === 'HESIOD' ? 'HS' : t;
}

/** `update-policy local | { rule; ... }`: the name field and the types split by update-policy-rule.ts. */
function updatePolicy(c: ConfClause): UpdatePolicy {
  const l = listOf(c.values);
  if (!l) return 'local';
  return l.items.map((item): UpdatePolicyRule => {
    const words = item.map((v) => text(v) ?? '');
    const { name, types } = splitPolicyRule(words[2], words.slice(3));
    const rule: UpdatePolicyRule = {
      grant: words[0].toLowerCase() === 'grant',
      identity: words[1],
      matchType: words[2].toLowerCase(),
      types,
      location: loc(item[0]),
    };
    if (name !== undefined) rule.name = name;
    return rule;
  });
}

function zone(c: ConfClause, defaultClass: string): ZoneConf {
  const body = blockOf(c.values);
  const inView = text(clause(body, 'in-view')?.values[0]);
  const typeWritten = text(clause(body, 'type')?.values[0]) ?? (inView !== undefined ? 'in-view' : '');
  const z: ZoneConf = {
    ...serving(body),
    name: text(c.values[0]) ?? '',
    class: classOf(c, defaultClass),
    type: (ZONE_ALIASES[typeWritten] ?? typeWritten) as ZoneType,
    typeWritten,
    location: loc(c),
  };
  const file = text(clause(body, 'file')?.values[0]);
  if (file !== undefined) z.file = file;
  const journal = text(clause(body, 'journal')?.values[0]);
  if (journal !== undefined) z.journal = journal;
  const primaries = clause(body, 'primaries') ?? clause(body, 'masters');
  if (primaries) z.primaries = remoteServers(primaries.values);
  if (inView !== undefined) z.inView = inView;
  const forwarders = clause(body, 'forwarders');
  if (forwarders) z.forwarders = remoteServers(forwarders.values);
  const policy = clause(body, 'update-policy');
  if (policy) z.updatePolicy = updatePolicy(policy);
  return z;
}

function view(c: ConfClause): ViewConf {
  const body = blockOf(c.values);
  const cls = classOf(c, 'IN');
  const v: ViewConf = {
    ...serving(body),
    name: text(c.values[0]) ?? '',
    class: cls,
    zones: body.filter((z) => z.name === 'zone').map((z) => zone(z, cls)),
    keys: body.filter((k) => k.name === 'key').map(key),
    location: loc(c),
  };
  const mc = amlOf(clause(body, 'match-clients')?.values);
  if (mc) v.matchClients = mc;
  const md = amlOf(clause(body, 'match-destinations')?.values);
  if (md) v.matchDestinations = md;
  const mro = clause(body, 'match-recursive-only');
  if (mro) v.matchRecursiveOnly = yes(mro.values[0]);
  return v;
}

function collectNotApplied(clauses: ConfClause[], out: Set<string>) {
  const walk = (cs: ConfClause[], block: string) => {
    for (const c of cs) {
      if (!APPLIED[block].has(c.name)) {
        out.add(block === 'top' ? c.name : `${block} { ${c.name} }`);
        continue;
      }
      if (c.name === 'recursion' && yes(c.values[0])) out.add(`${block} { recursion yes }`);
      if (c.name === 'options' || c.name === 'view') walk(blockOf(c.values), c.name);
      if (c.name === 'zone') {
        const t = text(clause(blockOf(c.values), 'type')?.values[0]);
        const type = t === undefined ? undefined : (ZONE_ALIASES[t.toLowerCase()] ?? t.toLowerCase());
        // A zone of a type labnet does not serve is named by its type, not option by option.
        if (type !== undefined && type !== 'primary' && type !== 'secondary') out.add(`zone type ${type}`);
        else walk(blockOf(c.values), 'zone');
      }
    }
  };
  walk(clauses, 'top');
}

/** The model of a parsed (and checked) named.conf. */
export function buildModel(clauses: ConfClause[]): BuiltModel {
  const acls: AclConf[] = [];
  const keys: KeyConf[] = [];
  const primaries: PrimariesConf[] = [];
  const views: ViewConf[] = [];
  const zones: ZoneConf[] = [];
  let options: GlobalOptions = {};
  for (const c of clauses) {
    switch (c.name) {
      case 'options':
        options = globalOptions(blockOf(c.values));
        break;
      case 'acl':
        acls.push({ name: (text(c.values[0]) ?? '').toLowerCase(), list: amlOf(c.values) ?? [], location: loc(c) });
        break;
      case 'key':
        keys.push(key(c));
        break;
      case 'primaries':
      case 'masters':
        primaries.push({ name: text(c.values[0]) ?? '', ...remoteServers(c.values.slice(1)), location: loc(c) });
        break;
      case 'view':
        views.push(view(c));
        break;
      case 'zone':
        zones.push(zone(c, 'IN'));
        break;
    }
  }
  const notApplied = new Set<string>();
  collectNotApplied(clauses, notApplied);
  return { model: { options, acls, keys, primaries, views, zones }, notApplied: [...notApplied] };
}
