/**
 * The typed model of a named.conf (BIND 9.18): what labnet applies, read out of the parsed
 * configuration. Views, ACLs, keys, zones and the serving options the DNS side uses
 * (BIND 9.18 ARM, "Configuration Reference": options, view, zone, acl, key, primaries).
 * Everything is plain data (no Maps, no class instances) so a model compares with
 * `toEqual` and serialises as JSON. Locations are where the statement is in the files.
 */

/** Where a statement or value is written. */
export interface ConfLocation {
  file: string;
  line: number;
  col: number;
}

/**
 * One element of an address match list (ARM "Address Match Lists"): an address or prefix,
 * `key NAME`, the name of an `acl` (including the built-ins any, none, localhost,
 * localnets), a nested list, each possibly negated with `!`.
 */
export type AddressMatchElement =
  | { kind: 'prefix'; negated: boolean; family: 4 | 6; address: string; prefixLength: number }
  | { kind: 'key'; negated: boolean; name: string }
  | { kind: 'acl'; negated: boolean; name: string }
  | { kind: 'nested'; negated: boolean; list: AddressMatchList }
  | { kind: 'geoip'; negated: boolean; text: string };

export type AddressMatchList = AddressMatchElement[];

/** A `primaries`/`also-notify` element: an address (with port, key, tls) or a named list. */
export interface RemoteServer {
  /** An IPv4 or IPv6 address; absent when `list` is set. */
  address?: string;
  /** The name of a `primaries` statement. */
  list?: string;
  port?: number;
  key?: string;
  tls?: string;
}

/** `[ port N ] { server; ... }` as used by primaries, also-notify, parental-agents. */
export interface RemoteServerList {
  port?: number;
  servers: RemoteServer[];
}

/** `key NAME { algorithm A; secret S; }` (ARM "key Block Grammar"), for TSIG. */
export interface KeyConf {
  name: string;
  algorithm: string;
  /** Base64 as written. */
  secret: string;
  location: ConfLocation;
}

export interface AclConf {
  name: string;
  list: AddressMatchList;
  location: ConfLocation;
}

/** A top-level `primaries NAME` (or its old name `masters`) list. */
export interface PrimariesConf extends RemoteServerList {
  name: string;
  location: ConfLocation;
}

/** `rrset-order { [class C] [type T] [name "N"] order ORDER; ... }` (ARM "RRset Ordering"). */
export interface RrsetOrderRule {
  class?: string;
  type?: string;
  /** The name as written (`*` wildcards allowed as in BIND); absent matches every name. */
  name?: string;
  order: 'fixed' | 'random' | 'cyclic' | 'none';
}

/**
 * `rate-limit { ... }` (ARM "Response Rate Limiting"): the numbers and switches as written
 * (absent: BIND's default, src/dns/rrl.ts rrlConfig), exempt-clients as a list.
 */
export interface RateLimitConf {
  responsesPerSecond?: number;
  referralsPerSecond?: number;
  nodataPerSecond?: number;
  nxdomainsPerSecond?: number;
  errorsPerSecond?: number;
  allPerSecond?: number;
  window?: number;
  slip?: number;
  qpsScale?: number;
  ipv4PrefixLength?: number;
  ipv6PrefixLength?: number;
  minTableSize?: number;
  maxTableSize?: number;
  logOnly?: boolean;
  exemptClients?: AddressMatchList;
  location: ConfLocation;
}

export type NotifyMode = boolean | 'explicit' | 'primary-only';
export type MinimalResponses = boolean | 'no-auth' | 'no-auth-recursive';

/**
 * Options that may be set in `options`, a `view` or (some of them) a `zone`; each is
 * absent when not written, so the caller resolves zone -> view -> options -> BIND default.
 */
export interface ServingOptions {
  allowQuery?: AddressMatchList;
  allowQueryOn?: AddressMatchList;
  allowTransfer?: AddressMatchList;
  allowUpdate?: AddressMatchList;
  allowNotify?: AddressMatchList;
  notify?: NotifyMode;
  alsoNotify?: RemoteServerList;
  rrsetOrder?: RrsetOrderRule[];
  minimalResponses?: MinimalResponses;
  minimalAny?: boolean;
  answerCookie?: boolean;
  /** `cookie-secret` values as written (hex, 128 bits for SipHash-2-4), in order; options only. */
  cookieSecrets?: string[];
  /** `require-server-cookie`; applied from options. */
  requireServerCookie?: boolean;
  recursion?: boolean;
  /** A secondary's bounds on the SOA refresh and retry, seconds (ARM "min-refresh-time" ...). */
  minRefreshTime?: number;
  maxRefreshTime?: number;
  minRetryTime?: number;
  maxRetryTime?: number;
  /** A secondary asks IXFR of its primaries (ARM "request-ixfr", default yes). */
  requestIxfr?: boolean;
  /** options and view only: a view's replaces the options' one whole (named_config_get). */
  rateLimit?: RateLimitConf;
}

export interface ListenOn {
  port?: number;
  tls?: string;
  http?: string;
  list: AddressMatchList;
}

export interface GlobalOptions extends ServingOptions {
  directory?: string;
  blackhole?: AddressMatchList;
  listenOn?: ListenOn[];
  listenOnV6?: ListenOn[];
  port?: number;
}

/** Zone types (ARM "zone Block Grammar"); `master`/`slave` are read as primary/secondary. */
export type ZoneType =
  | 'primary'
  | 'secondary'
  | 'mirror'
  | 'hint'
  | 'stub'
  | 'static-stub'
  | 'forward'
  | 'redirect'
  | 'delegation-only'
  | 'in-view';

/**
 * One `grant`/`deny` rule of a zone's `update-policy` (ARM "Dynamic Update Policies"):
 * `( grant | deny ) IDENTITY RULETYPE [ NAME ] [ TYPES ]`.
 */
export interface UpdatePolicyRule {
  grant: boolean;
  /** A key name, possibly with a `*` wildcard label, as written. */
  identity: string;
  /** `name`, `subdomain`, `zonesub`, `wildcard`, `self`, ... lower case. */
  matchType: string;
  /** The name field, when written (named reads a word that is an RR type as a type). */
  name?: string;
  /** RR type mnemonics as written; empty: BIND's default, every type but NS, SOA, RRSIG. */
  types: string[];
  location: ConfLocation;
}

/** `update-policy local;` or the rules in order. */
export type UpdatePolicy = 'local' | UpdatePolicyRule[];

export interface ZoneConf extends ServingOptions {
  /** The name as written (no trailing dot added). */
  name: string;
  /** Upper case; IN when not written. */
  class: string;
  type: ZoneType;
  /** The `type` as written (`master`, `slave` kept for messages). */
  typeWritten: string;
  /** `file` as written; resolve against `options { directory }`. */
  file?: string;
  /** `journal` as written (ARM: the default is the `file` with `.jnl` appended). */
  journal?: string;
  primaries?: RemoteServerList;
  /** `in-view` target view. */
  inView?: string;
  forwarders?: RemoteServerList;
  updatePolicy?: UpdatePolicy;
  location: ConfLocation;
}

export interface ViewConf extends ServingOptions {
  name: string;
  class: string;
  /** Absent means `any` (ARM "view Block Grammar"). */
  matchClients?: AddressMatchList;
  matchDestinations?: AddressMatchList;
  matchRecursiveOnly?: boolean;
  zones: ZoneConf[];
  keys: KeyConf[];
  location: ConfLocation;
}

export interface NamedConfModel {
  options: GlobalOptions;
  acls: AclConf[];
  keys: KeyConf[];
  primaries: PrimariesConf[];
  /** In the order written: BIND matches clients against views in that order. */
  views: ViewConf[];
  /** Zones outside any view (a named.conf has either these or views, not both). */
  zones: ZoneConf[];
}

/** BIND 9.18 defaults for what labnet applies (named -C, ARM option descriptions). */
export const SERVING_DEFAULTS = {
  allowQuery: [{ kind: 'acl', negated: false, name: 'any' }] as AddressMatchList,
  allowTransfer: [{ kind: 'acl', negated: false, name: 'any' }] as AddressMatchList,
  allowUpdate: [{ kind: 'acl', negated: false, name: 'none' }] as AddressMatchList,
  notify: true as NotifyMode,
  rrsetOrder: [{ order: 'random' }] as RrsetOrderRule[],
  minimalResponses: 'no-auth-recursive' as MinimalResponses,
  minimalAny: false,
  answerCookie: true,
};
