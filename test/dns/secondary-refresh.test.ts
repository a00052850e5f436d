/**
 * The secondary's refresh state machine (src/dns/secondary/refresh.ts), on explicit times:
 * BIND 9.18's clamps of the SOA timers, refresh after success, retry after failure with the
 * expiry left where it was, expiry after `expire` without success, the backoff before the
 * zone has timers, NOTIFY (immediate check; up to date by RFC 1982 serial comparison; one
 * during a check queues another), the jitter of up to a quarter.
 */
import { describe, expect, it } from 'vitest';
import {
  BIND_TIMER_LIMITS, clampTimers, failed, initialState, loadedFromFile, nextWake, notified, soaFields, succeeded, tick,
} from '../../src/dns/secondary/refresh.js';
import { rdataFromText } from '../../src/wire/rdata.js';
import { RRType } from '../../src/zones/record.js';

const S = 1000;
const noJitter = () => 0;
const SOA = { refresh: 3600, retry: 900, expire: 86400 };

describe('SOA timers as named clamps them', () => {
  it('refresh in [300, 4 weeks], retry in [500, 2 weeks], expire in [refresh + retry, 24 weeks]', () => {
    expect(clampTimers({ refresh: 60, retry: 30, expire: 100 })).toEqual({ refresh: 300, retry: 500, expire: 800 });
    expect(clampTimers({ refresh: 3600, retry: 900, expire: 86400 })).toEqual(SOA);
    expect(clampTimers({ refresh: 9e9, retry: 9e9, expire: 9e9 })).toEqual({ refresh: 2_419_200, retry: 1_209_600, expire: 14_515_200 });
    expect(clampTimers({ refresh: 60, retry: 30, expire: 100 }, { ...BIND_TIMER_LIMITS, minRefresh: 1, minRetry: 1 })).toEqual({ refresh: 60, retry: 30, expire: 100 });
  });

  it('reads serial, refresh, retry, expire from SOA RDATA', () => {
    const rd = rdataFromText(RRType.SOA, ['ns.', 'hm.', '2024060101', '3600', '900', '86400', '300'], '.');
    expect(soaFields(rd)).toEqual({ serial: 2024060101, ...SOA });
  });
});

describe('refresh, retry, expire', () => {
  it('a zone without data is checked at once; success: next check at refresh, expiry at expire', () => {
    let s = initialState(0);
    expect(nextWake(s)).toBe(0);
    const t = tick(s, 0);
    expect(t.actions).toEqual({ check: true, expire: false });
    expect(nextWake(t.state)).toBeUndefined(); // checking, no data yet
    s = succeeded(t.state, 10 * S, 7, SOA, noJitter);
    expect(s).toMatchObject({ serial: 7, checkAt: 3610 * S, expiresAt: 86410 * S, checking: false, expired: false });
    expect(nextWake(s)).toBe(3610 * S);
    expect(tick(s, 3609 * S).actions.check).toBe(false);
    expect(tick(s, 3610 * S).actions.check).toBe(true);
  });

  it('failures retry at retry; the expiry does not move; past it the zone expires and keeps retrying', () => {
    let s = succeeded(tick(initialState(0), 0).state, 0, 7, SOA, noJitter);
    let now = 3600 * S;
    const checks: number[] = [];
    let expiredAt: number | undefined;
    while (now <= 90000 * S) {
      const t = tick(s, now);
      s = t.state;
      if (t.actions.expire) expiredAt = now;
      if (t.actions.check) {
        checks.push(now / S);
        s = failed(s, now, noJitter);
      }
      now = nextWake(s)!;
    }
    expect(checks.slice(0, 3)).toEqual([3600, 4500, 5400]);
    expect(expiredAt).toBe(86400 * S);
    expect(s.expired).toBe(true);
    expect(s.serial).toBeUndefined();
    expect(checks).toContain(86400);
    // After expiry the checks go on at retry.
    expect(checks[checks.length - 1] - checks[checks.length - 2]).toBe(900);
    // A success after expiry serves again.
    s = succeeded(tick(s, now).state, now, 8, SOA, noJitter);
    expect(s).toMatchObject({ expired: false, serial: 8, expiresAt: now + 86400 * S });
  });

  it('before the zone has timers: retry 60 s, doubled per failure up to 6 h', () => {
    let s = initialState(0);
    const gaps: number[] = [];
    let now = 0;
    for (let i = 0; i < 12; i++) {
      s = tick(s, now).state;
      s = failed(s, now, noJitter);
      gaps.push((s.checkAt - now) / S);
      now = s.checkAt;
    }
    expect(gaps).toEqual([60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600, 21600]);
  });

  it('jitter: up to a quarter less, from the injected randomness', () => {
    const s = tick(initialState(0), 0).state;
    expect(succeeded(s, 0, 1, SOA, () => 0.999).checkAt).toBe((3600 - 899) * S);
    expect(succeeded(s, 0, 1, SOA, () => 0.5).checkAt).toBe((3600 - 450) * S);
    expect(failed(succeeded(s, 0, 1, SOA, noJitter), 0, () => 0.5).checkAt).toBe((900 - 112) * S);
  });

  it('loaded from its file: serves, checked at once, expires at the file time plus expire', () => {
    const s = loadedFromFile(100 * S, 5, SOA, 50 * S);
    expect(s).toMatchObject({ serial: 5, checkAt: 100 * S, expiresAt: 86450 * S });
    const old = loadedFromFile(100000 * S, 5, SOA, 0);
    expect(tick(old, 100000 * S).actions).toEqual({ check: true, expire: true });
  });
});

describe('NOTIFY (RFC 1996 4.7)', () => {
  const loaded = () => succeeded(tick(initialState(0), 0).state, 0, 2024060100, SOA, noJitter);

  it('a newer serial, or none: check at once', () => {
    const r = notified(loaded(), 5 * S, 2024060101);
    expect(r.actions.check).toBe(true);
    expect(r.upToDate).toBe(false);
    expect(r.state.checking).toBe(true);
    expect(notified(loaded(), 5 * S).actions.check).toBe(true);
  });

  it('the same or an older serial (RFC 1982): up to date, nothing done', () => {
    for (const serial of [2024060100, 2024060099, (2024060100 + 0x80000001) >>> 0]) {
      const r = notified(loaded(), 5 * S, serial);
      expect(r.upToDate, String(serial)).toBe(true);
      expect(r.actions.check).toBe(false);
    }
    // RFC 1982: 2024060100 + 2^31 - 1 (mod 2^32) is newer.
    expect(notified(loaded(), 5 * S, (2024060100 + 0x7fffffff) >>> 0).upToDate).toBe(false);
  });

  it('during a check: another check follows it at once', () => {
    const checking = notified(loaded(), 5 * S, 2024060101).state;
    const again = notified(checking, 6 * S, 2024060102);
    expect(again.actions.check).toBe(false);
    expect(again.state.again).toBe(true);
    const after = succeeded(again.state, 7 * S, 2024060101, SOA, noJitter);
    expect(after.checkAt).toBe(7 * S);
    expect(tick(after, 7 * S).actions.check).toBe(true);
  });

  it('a zone without data takes any NOTIFY', () => {
    const s = failed(tick(initialState(0), 0).state, 0, noJitter);
    expect(notified(s, 1 * S, 1).actions.check).toBe(true);
  });
});
