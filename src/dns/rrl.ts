/**
 * Response Rate Limiting as BIND 9.18's `rate-limit { ... }` (ARM "Response Rate Limiting";
 * lib/dns/rrl.c), as pure state: a table of token-bucket accounts, each asked about one
 * UDP response at a time with the current time in whole seconds given by the caller (BIND
 * uses isc_stdtime, wall-clock seconds). Nothing here sends or reads a socket.
 *
 * - An account is kept per client prefix (ipv4-prefix-length, default /24; ipv6-prefix-length,
 *   default /56) and response kind: a positive answer per (name, QTYPE); a referral and a
 *   NODATA per name, whatever the QTYPE (there is no QTYPE in their empty answer); an
 *   NXDOMAIN per zone (the caller gives the zone's origin as the name); an error (REFUSED,
 *   SERVFAIL...) one per prefix. BIND hashes the name case-insensitively; a string key here
 *   (no hash collisions between names).
 * - Each account holds up to R credits (R the kind's per-second rate: responses-per-second,
 *   referrals-/nodata-/nxdomains-/errors-per-second, each defaulting to
 *   responses-per-second). A response spends one; every elapsed second gives R back, never
 *   above R; an account idle for more than `window` seconds starts again full. A response
 *   with no credit left is limited, and the debt is kept down to -window * R (so a client
 *   that keeps flooding stays limited for up to `window` seconds after it stops).
 * - A limited response is dropped, except that the first of every `slip` limited responses
 *   (the counter restarting whenever the account is full again) slips: it is sent truncated
 *   (TC=1, no answer) so a real client retries over TCP. slip 0 drops every one, slip 1
 *   slips every one (BIND's debit_rrl_entry). Errors are never slipped: a slip verdict on
 *   an error response is a drop (ns_client_error).
 * - all-per-second: a second account per prefix for every response; when it is out of
 *   credit the response is dropped (never slipped), whatever the first account said.
 * - qps-scale: when the server's total response rate exceeds it, every rate is scaled by
 *   qps-scale / qps (at least 1), and slip above 2 too (at least 2); a client that used TCP
 *   within the window keeps its unscaled rates (judged here by the age of its TCP mark;
 *   BIND's code reads the age of the response's own account at that point).
 * - exempt-clients are never limited; TCP is never limited (TCP responses only mark the
 *   client for qps-scale). log-only computes everything but sends what it would have sent.
 * - The table is bounded: it starts at min-table-size (500) accounts and grows by half (at
 *   most 1000 at a time) up to max-table-size (default 20,000) when no account can be
 *   reused; a new account takes the least recently used one that is older than one second
 *   and not being limited, else (at the bound) the least recently used one outright
 *   (BIND's get_entry). A flood of distinct clients cannot grow it past max-table-size.
 *
 * Logging as BIND's rate-limit category: the start of limiting for an account is reported
 * once through `onLimit` (the caller logs it), as "limit" or, with log-only, "would limit".
 */
import { ipBytes } from './acl.js';

/** The kinds of response BIND counts apart (dns_rrl_rtype_t). */
export type RrlKind = 'query' | 'referral' | 'nodata' | 'nxdomain' | 'error';

/** `rate-limit { ... }` with BIND 9.18's defaults filled in (rrlConfig). */
export interface RrlConfig {
  responsesPerSecond: number;
  referralsPerSecond: number;
  nodataPerSecond: number;
  nxdomainsPerSecond: number;
  errorsPerSecond: number;
  allPerSecond: number;
  window: number;
  slip: number;
  qpsScale: number;
  ipv4PrefixLength: number;
  ipv6PrefixLength: number;
  minTableSize: number;
  maxTableSize: number;
  logOnly: boolean;
}

/** The `rate-limit` options as written (absent: BIND's default). */
export type RrlOptions = Partial<RrlConfig>;

/** BIND 9.18's defaults (bin/named/server.c configure_rrl). */
export function rrlConfig(o: RrlOptions): RrlConfig {
  const rps = o.responsesPerSecond ?? 0;
  const minTableSize = Math.max(1, o.minTableSize ?? 500);
  return {
    responsesPerSecond: rps,
    referralsPerSecond: o.referralsPerSecond ?? rps,
    nodataPerSecond: o.nodataPerSecond ?? rps,
    nxdomainsPerSecond: o.nxdomainsPerSecond ?? rps,
    errorsPerSecond: o.errorsPerSecond ?? rps,
    allPerSecond: o.allPerSecond ?? 0,
    window: o.window ?? 15,
    slip: o.slip ?? 2,
    qpsScale: o.qpsScale ?? 0,
    ipv4PrefixLength: o.ipv4PrefixLength ?? 24,
    ipv6PrefixLength: o.ipv6PrefixLength ?? 56,
    minTableSize,
    maxTableSize: o.maxTableSize ?? Math.max(20_000, minTableSize),
    logOnly: o.logOnly ?? false,
  };
}

/** One response to decide on. */
export interface RrlRequest {
  /** The client's IP address. */
  client: string;
  tcp: boolean;
  kind: RrlKind;
  /** Lower-case absolute name: the QNAME (wildcard answers: the wildcard's parent), the zone for NXDOMAIN; '' for errors. */
  name: string;
  qtype: number;
}

/** send: answer normally; slip: send the truncated reply; drop: send nothing. */
export type RrlAction = 'send' | 'slip' | 'drop';

export interface RrlDecision {
  /** What to do (log-only: always 'send'). */
  action: RrlAction;
  /** What the limiter decided (what log-only would have done). */
  verdict: RrlAction;
}

/** The start of limiting for one account (BIND's "limit responses to 192.0.2.0/24 for NAME IN TYPE"). */
export interface RrlLimitEvent {
  prefix: string;
  kind: RrlKind | 'all';
  name: string;
  qtype: number;
  logOnly: boolean;
}

type Rtype = RrlKind | 'all' | 'tcp';

interface Account {
  rtype: Rtype;
  /** Credits: at most the rate, down to -window * rate. */
  responses: number;
  slipCount: number;
  /** The second of the last debit; undefined for a new account (BIND's !ts_valid). */
  ts: number | undefined;
  /** Being limited (BIND's `logged`): not reused until it has recovered. */
  limited: boolean;
}

/** An age beyond any window (DNS_RRL_FOREVER). */
const FOREVER = 0x7fffffff;
/** Clock steps back by up to this many seconds count as no time (DNS_RRL_MAX_TIME_TRAVEL). */
const MAX_TIME_TRAVEL = 5;
/** Seconds after which a recovered account stops counting as limited (DNS_RRL_STOP_LOG_SECS). */
const STOP_LOG_SECS = 60;

function delta(ts: number, now: number): number {
  const d = now - ts;
  if (d >= 0) return d;
  return d < -MAX_TIME_TRAVEL ? FOREVER : 0;
}

/** The client's address masked to the configured prefix, as text with the length (`192.0.2.0/24`). */
export function clientPrefix(address: string, v4: number, v6: number): string {
  const ip = ipBytes(address);
  if (!ip) return address;
  const len = ip.family === 4 ? v4 : v6;
  const b = Uint8Array.from(ip.bytes);
  for (let i = 0; i < b.length; i++) {
    const keep = Math.max(0, Math.min(8, len - i * 8));
    b[i] &= (0xff << (8 - keep)) & 0xff;
  }
  if (ip.family === 4) return `${b.join('.')}/${len}`;
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[i] << 8) | b[i + 1]).toString(16));
  return `${words.join(':')}/${len}`;
}

export interface RrlStats {
  /** Responses dropped (BIND's RateDropped). */
  dropped: number;
  /** Responses slipped (BIND's RateSlipped). */
  slipped: number;
  /** Accounts in the table. */
  accounts: number;
  /** Accounts the table may hold now (grows to max-table-size). */
  capacity: number;
}

export class RateLimiter {
  readonly config: RrlConfig;
  private readonly accounts = new Map<string, Account>();
  private capacity: number;
  private qpsResponses = 0;
  private qpsTime = 0;
  private qps = 1;
  /** The rates as last scaled by qps-scale (BIND's rate.scaled), for reuse decisions. */
  private readonly scaled: Record<Exclude<Rtype, 'tcp'>, number>;
  private dropped = 0;
  private slipped = 0;

  /**
   * `exempt`: the exempt-clients list (true: never limited); `onLimit`: the start of
   * limiting for an account, once until it recovers.
   */
  constructor(
    config: RrlConfig,
    private readonly exempt: (client: string) => boolean = () => false,
    private readonly onLimit?: (e: RrlLimitEvent) => void,
  ) {
    this.config = config;
    this.capacity = config.minTableSize;
    this.scaled = {
      query: config.responsesPerSecond,
      referral: config.referralsPerSecond,
      nodata: config.nodataPerSecond,
      nxdomain: config.nxdomainsPerSecond,
      error: config.errorsPerSecond,
      all: config.allPerSecond,
    };
  }

  stats(): RrlStats {
    return { dropped: this.dropped, slipped: this.slipped, accounts: this.accounts.size, capacity: this.capacity };
  }

  private rate(rtype: Rtype): number {
    const c = this.config;
    switch (rtype) {
      case 'query': return c.responsesPerSecond;
      case 'referral': return c.referralsPerSecond;
      case 'nodata': return c.nodataPerSecond;
      case 'nxdomain': return c.nxdomainsPerSecond;
      case 'error': return c.errorsPerSecond;
      case 'all': return c.allPerSecond;
      case 'tcp': return 1;
    }
  }

  /** Credits an account would hold after `age` seconds (BIND's response_balance). */
  private balance(a: Account, age: number): number {
    const rate = a.rtype === 'tcp' ? 1 : this.scaled[a.rtype];
    return Math.min(rate, a.responses + age * rate);
  }

  private age(a: Account, now: number): number {
    return a.ts === undefined ? FOREVER : delta(a.ts, now);
  }

  private key(prefix: string, rtype: Rtype, name: string, qtype: number): string {
    // The QTYPE only for positive answers; the name for the kinds that have one (make_key).
    switch (rtype) {
      case 'query': return `q|${prefix}|${qtype}|${name}`;
      case 'referral': return `r|${prefix}|${name}`;
      case 'nodata': return `n|${prefix}|${name}`;
      case 'nxdomain': return `x|${prefix}|${name}`;
      default: return `${rtype[0]}|${prefix}`;
    }
  }

  /** The account for `key`, made most recently used; created (reusing one if the table is full) when `create`. */
  private account(key: string, rtype: Rtype, now: number, create: boolean): Account | undefined {
    const found = this.accounts.get(key);
    if (found) {
      this.accounts.delete(key);
      this.accounts.set(key, found);
      return found;
    }
    if (!create) return undefined;
    if (this.accounts.size >= this.capacity) this.makeRoom(now);
    const a: Account = { rtype, responses: 0, slipCount: 0, ts: undefined, limited: false };
    this.accounts.set(key, a);
    return a;
  }

  /** Frees one place: an idle account, else more capacity, else the least recently used one. */
  private makeRoom(now: number): void {
    for (const [k, a] of this.accounts) {
      const age = this.age(a, now);
      if (age <= 1) break;
      if (a.limited && age >= STOP_LOG_SECS && this.balance(a, age) >= 0) a.limited = false;
      if (!a.limited && this.balance(a, age) > 0) {
        this.accounts.delete(k);
        return;
      }
    }
    if (this.capacity < this.config.maxTableSize) {
      this.capacity = Math.min(this.config.maxTableSize, this.capacity + Math.min(Math.floor((this.capacity + 1) / 2), 1000));
      if (this.accounts.size < this.capacity) return;
    }
    const oldest = this.accounts.keys().next();
    if (!oldest.done) this.accounts.delete(oldest.value);
  }

  /** BIND's debit_rrl_entry: 'send' when a credit was left, else 'slip' or 'drop'. */
  private debit(a: Account, scale: number, tcpKey: string, now: number): RrlAction {
    const rtype = a.rtype as Exclude<Rtype, 'tcp'>;
    let rate = this.rate(rtype);
    if (rate === 0) return 'send';
    if (scale < 1) {
      // A client that used TCP within the window keeps its unscaled rates.
      const tcp = this.account(tcpKey, 'tcp', now, false);
      if (tcp && this.age(tcp, now) < this.config.window) scale = 1;
    }
    if (scale < 1) {
      rate = Math.max(1, Math.trunc(rate * scale));
      this.scaled[rtype] = rate;
    }
    const min = -this.config.window * rate;
    const age = this.age(a, now);
    if (age > 0) {
      if (age > this.config.window) {
        a.responses = rate;
        a.slipCount = 0;
      } else {
        a.responses += rate * age;
        if (a.responses > rate) {
          a.responses = rate;
          a.slipCount = 0;
        }
      }
    }
    a.ts = now;
    if (--a.responses >= 0) return 'send';
    if (a.responses < min) a.responses = min;
    let slip = this.config.slip;
    if (slip > 2 && scale < 1) {
      slip = Math.max(2, Math.trunc(slip * scale));
    }
    if (slip !== 0 && rtype !== 'all') {
      if (a.slipCount++ === 0) {
        if (a.slipCount >= slip) a.slipCount = 0;
        return 'slip';
      }
      if (a.slipCount >= slip) a.slipCount = 0;
    }
    return 'drop';
  }

  /** The decision for one response at second `now` (BIND's dns_rrl). */
  check(req: RrlRequest, now: number): RrlDecision {
    if (this.exempt(req.client)) return { action: 'send', verdict: 'send' };
    const c = this.config;
    let scale = 1;
    if (c.qpsScale > 0) {
      this.qpsResponses++;
      const secs = delta(this.qpsTime, now);
      let qps = this.qps;
      if (secs > 0) {
        qps = this.qpsResponses / secs;
        if (secs >= c.window) {
          this.qps = qps;
          this.qpsResponses = 0;
          this.qpsTime = now;
        } else if (qps < this.qps) qps = this.qps;
      }
      scale = c.qpsScale / qps;
    }
    const prefix = clientPrefix(req.client, c.ipv4PrefixLength, c.ipv6PrefixLength);
    const tcpKey = this.key(prefix, 'tcp', '', 0);
    if (req.tcp) {
      // TCP is never limited; with qps-scale the client is remembered as one that uses TCP.
      if (scale < 1) {
        const t = this.account(tcpKey, 'tcp', now, true)!;
        t.responses = -(c.window + 1);
        t.ts = now;
      }
      return { action: 'send', verdict: 'send' };
    }
    const a = this.account(this.key(prefix, req.kind, req.name, req.qtype), req.kind, now, true)!;
    let verdict = this.debit(a, scale, tcpKey, now);
    let limitedAccount = a;
    let limitedKind: RrlKind | 'all' = req.kind;
    if (c.allPerSecond !== 0) {
      const all = this.account(this.key(prefix, 'all', '', 0), 'all', now, true)!;
      const v = this.debit(all, scale, tcpKey, now);
      if (v !== 'send') {
        verdict = v;
        limitedAccount = all;
        limitedKind = 'all';
      }
    }
    if (verdict === 'send') return { action: 'send', verdict };
    if (!limitedAccount.limited) {
      limitedAccount.limited = true;
      this.onLimit?.({ prefix, kind: limitedKind, name: req.name, qtype: req.qtype, logOnly: c.logOnly });
    }
    if (c.logOnly) return { action: 'send', verdict };
    // Errors are never slipped: some error responses cannot be truncated (ns_client_error).
    const action = req.kind === 'error' ? 'drop' : verdict;
    if (action === 'drop') this.dropped++;
    else this.slipped++;
    return { action, verdict };
  }
}
