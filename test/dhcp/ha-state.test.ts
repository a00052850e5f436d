/**
 * The HA state machine (src/dhcp/ha/state.ts) as Kea 2.2's HA hook runs it (Kea ARM "ha: High
 * Availability", server states and failure detection), driven by heartbeat outcomes and the
 * clients seen, on explicit times: heartbeat-delay 1 s, max-response-delay 5 s, max-ack-delay
 * 2 s, max-unacked-clients 2.
 */
import { describe, expect, it } from 'vitest';
import { createHaMachine, type HaMode, type HaRole, type HaState } from '../../src/dhcp/ha/state.js';

const T0 = Date.UTC(2026, 0, 1);
const timers = { heartbeatDelay: 1000, maxResponseDelay: 5000, maxAckDelay: 2000, maxUnackedClients: 2 };
const up = (state: HaState) => ({ reachable: true as const, state });
const down = { reachable: false as const };

function machine(role: HaRole, mode: HaMode = 'load-balancing', t = timers) {
  const m = createHaMachine({ role, mode, timers: t, now: T0 });
  const path: string[] = [];
  m.onTransition((_f, to) => path.push(to));
  return { m, path };
}

/** waiting -> syncing -> ready -> normal with a partner that follows the same path. */
function toNormal(role: HaRole, mode: HaMode = 'load-balancing', t = timers) {
  const x = machine(role, mode, t);
  x.m.heard(T0 + 100, up('waiting'));
  x.m.synced(true, T0 + 200);
  x.m.heard(T0 + 1000, up(role === 'primary' ? 'ready' : mode));
  return x;
}

describe('start-up (waiting, syncing, ready)', () => {
  it('the primary: partner heard -> syncing, synced -> ready, both ready -> the primary goes first', () => {
    const { m, path } = toNormal('primary');
    expect(path).toEqual(['syncing', 'ready', 'load-balancing']);
    expect(m.state).toBe('load-balancing');
  });

  it('the secondary stays ready while the primary is ready, and follows it into load-balancing', () => {
    const { m } = machine('secondary');
    m.heard(T0 + 100, up('waiting'));
    m.synced(true, T0 + 200);
    m.heard(T0 + 1000, up('ready'));
    expect(m.state).toBe('ready');
    m.heard(T0 + 2000, up('load-balancing'));
    expect(m.state).toBe('load-balancing');
  });

  it('a failed sync goes back to waiting; the service is off until normal', () => {
    const { m } = machine('primary');
    m.heard(T0 + 100, up('waiting'));
    m.synced(false, T0 + 200);
    expect(m.state).toBe('waiting');
    expect(m.serves('primary', 'c', 0, T0 + 300)).toBe(false);
    expect(m.sendsUpdates()).toBe(false);
  });

  it('no partner at start: partner-down once max-response-delay has passed (the service is off, no client count)', () => {
    const { m } = machine('secondary');
    m.heard(T0 + 1000, down);
    m.heard(T0 + 5000, down);
    expect(m.state).toBe('waiting');
    m.heard(T0 + 5001, down);
    expect(m.state).toBe('partner-down');
    expect(m.serves('primary', 'c', 0, T0 + 5002)).toBe(true);
    expect(m.sendsUpdates()).toBe(false);
  });
});

describe('normal state', () => {
  it('each serves its own scope and sends updates; the standby of hot-standby serves none', () => {
    const p = toNormal('primary').m;
    expect([p.serves('primary', 'a', 0, T0 + 1100), p.serves('secondary', 'b', 0, T0 + 1100)]).toEqual([true, false]);
    expect(p.sendsUpdates()).toBe(true);
    const s = machine('secondary').m;
    s.heard(T0, up('waiting'));
    s.synced(true, T0);
    s.heard(T0 + 1, up('load-balancing'));
    expect([s.serves('primary', 'a', 0, T0 + 2), s.serves('secondary', 'b', 0, T0 + 2), s.serves('either', 'c', 9, T0 + 2)]).toEqual([false, true, true]);
    const standby = machine('standby', 'hot-standby').m;
    standby.heard(T0, up('waiting'));
    standby.synced(true, T0);
    standby.heard(T0 + 1, up('hot-standby'));
    expect(standby.state).toBe('hot-standby');
    expect(standby.serves('primary', 'a', 0, T0 + 2)).toBe(false);
  });

  it('failure detection: after max-response-delay, more than max-unacked-clients distinct partner clients past max-ack-delay', () => {
    const { m } = toNormal('primary');
    const last = T0 + 1000; // last heard
    m.heard(last + 3000, down);
    // Within max-response-delay nothing is counted, whatever secs says.
    expect(m.serves('secondary', 'c1', 10, last + 4000)).toBe(false);
    expect(m.unackedClients()).toBe(0);
    const t = last + 5001;
    expect(m.serves('secondary', 'c1', 2, t)).toBe(false); // secs 2 = max-ack-delay: not past it
    expect(m.unackedClients()).toBe(0);
    expect(m.serves('secondary', 'c1', 3, t)).toBe(false);
    expect(m.serves('secondary', 'c1', 3, t)).toBe(false); // the same client once
    expect(m.serves('secondary', 'c2', 3, t)).toBe(false);
    expect(m.unackedClients()).toBe(2);
    expect(m.state).toBe('load-balancing');
    // The third exceeds max-unacked-clients 2: partner-down, and that client is served at once.
    expect(m.serves('secondary', 'c3', 3, t)).toBe(true);
    expect(m.state).toBe('partner-down');
    expect(m.serves('secondary', 'c4', 0, t)).toBe(true);
    expect(m.sendsUpdates()).toBe(false);
  });

  it('an answer from the partner clears the count', () => {
    const { m } = toNormal('secondary');
    m.heard(T0 + 6500, down);
    m.serves('primary', 'c1', 3, T0 + 6500);
    expect(m.unackedClients()).toBe(1);
    m.heard(T0 + 7000, up('load-balancing'));
    expect(m.unackedClients()).toBe(0);
    expect(m.serves('primary', 'c2', 3, T0 + 7001)).toBe(false);
  });

  it('max-unacked-clients 0: partner-down at max-response-delay with no client seen', () => {
    const { m } = toNormal('secondary', 'load-balancing', { ...timers, maxUnackedClients: 0 });
    m.heard(T0 + 6000, down);
    expect(m.state).toBe('load-balancing');
    m.heard(T0 + 6001, down);
    expect(m.state).toBe('partner-down');
  });

  it('hot-standby: the primary (serving everyone) needs no client count; the standby does', () => {
    const p = toNormal('primary', 'hot-standby').m;
    p.heard(T0 + 6001, down);
    expect(p.state).toBe('partner-down');
    const s = machine('standby', 'hot-standby').m;
    s.heard(T0, up('waiting'));
    s.synced(true, T0);
    s.heard(T0 + 1000, up('hot-standby'));
    s.heard(T0 + 6001, down);
    expect(s.state).toBe('hot-standby');
    for (const c of ['a', 'b', 'c']) s.serves('primary', c, 5, T0 + 6002);
    expect(s.state).toBe('partner-down');
  });

  it('the partner in partner-down (it served alone): back to waiting to take its leases', () => {
    const { m, path } = toNormal('secondary');
    m.heard(T0 + 2000, up('partner-down'));
    expect(path.at(-1)).toBe('waiting');
  });
});

describe('partner-down and the return of the partner', () => {
  function alone() {
    const x = machine('primary', 'load-balancing', { ...timers, maxUnackedClients: 0 });
    x.m.heard(T0 + 5001, down);
    expect(x.m.state).toBe('partner-down');
    return x;
  }

  it('the partner restarting (waiting, syncing) leaves it partner-down; its ready returns both to normal', () => {
    const { m } = alone();
    m.heard(T0 + 6000, up('waiting'));
    m.heard(T0 + 7000, up('syncing'));
    expect(m.state).toBe('partner-down');
    expect(m.serves('secondary', 'x', 0, T0 + 7001)).toBe(true);
    m.heard(T0 + 8000, up('ready'));
    expect(m.state).toBe('load-balancing');
    expect(m.serves('secondary', 'x', 0, T0 + 8001)).toBe(false);
  });

  it('the partner already in normal state, or both partner-down: the secondary goes to waiting, the primary stays', () => {
    const a = alone();
    a.m.heard(T0 + 6000, up('load-balancing'));
    expect(a.m.state).toBe('waiting');
    const b = alone();
    b.m.heard(T0 + 6000, up('partner-down'));
    expect(b.m.state).toBe('partner-down');
    const s = machine('secondary', 'load-balancing', { ...timers, maxUnackedClients: 0 });
    s.m.heard(T0 + 5001, down);
    s.m.heard(T0 + 6000, up('partner-down'));
    expect(s.m.state).toBe('waiting');
  });
});
