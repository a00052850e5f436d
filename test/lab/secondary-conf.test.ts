/**
 * The secondary zones of a named.conf (src/lab/secondary-conf.ts): primaries and masters
 * with named lists, ports (server, list, 53) and keys; the file resolved against the
 * folder; allow-notify, request-ixfr and the timer bounds from the zone, else the view,
 * else options, else BIND 9.18's defaults; zones outside views in named's `_default`.
 */
import { describe, expect, it } from 'vitest';
import { parseNamedConf } from '../../src/zones/named-conf.js';
import { secondaryConfs } from '../../src/lab/secondary-conf.js';
import { BIND_TIMER_LIMITS } from '../../src/dns/secondary/refresh.js';

const LOCAL = { localhost: ['127.0.0.1/32'], localnets: ['127.0.0.0/8'] };
const SECRET = Buffer.alloc(16, 1).toString('base64');

describe('secondary zones from named.conf', () => {
  it('primaries, ports, keys, file, inherited options', () => {
    const conf = parseNamedConf(`key "k1" { algorithm hmac-sha256; secret "${SECRET}"; };
primaries two port 5301 { 127.0.0.5; 127.0.0.6 port 5302 key "k1"; };
options { min-refresh-time 10; request-ixfr no; allow-notify { 127.0.0.9; }; };
zone "a.test" { type slave; masters { two; 127.0.0.7; }; file "a.bk"; max-retry-time 99; };
zone "b.test" { type secondary; primaries port 5400 { 127.0.0.8; }; request-ixfr yes; allow-notify { none; }; };
zone "p.test" { type primary; file "p.db"; };
`, '/etc/n.conf');
    const out = secondaryConfs(conf.model, '/var/named', LOCAL);
    expect(out.map((e) => [e.view, e.conf.origin])).toEqual([['_default', 'a.test.'], ['_default', 'b.test.']]);
    const [a, b] = out.map((e) => e.conf);
    expect(a.primaries).toEqual([
      { address: '127.0.0.5', port: 5301 },
      { address: '127.0.0.6', port: 5302, key: { name: 'k1.', algorithm: 'hmac-sha256.', secret: Buffer.alloc(16, 1) } },
      { address: '127.0.0.7', port: 53 },
    ]);
    expect(a.file).toBe('/var/named/a.bk');
    expect(a.journal).toBe('/var/named/a.bk.jnl');
    expect(a.requestIxfr).toBe(false);
    expect(a.limits).toEqual({ ...BIND_TIMER_LIMITS, minRefresh: 10, maxRetry: 99 });
    expect(a.allowNotify?.('127.0.0.9', undefined)).toBe(true);
    expect(a.allowNotify?.('127.0.0.10', undefined)).toBe(false);
    expect(b.primaries).toEqual([{ address: '127.0.0.8', port: 5400 }]);
    expect(b.file).toBeUndefined();
    expect(b.requestIxfr).toBe(true);
    expect(b.allowNotify?.('127.0.0.9', undefined)).toBe(false);
  });

  it('in views: each view its own secondary, the view between zone and options', () => {
    const conf = parseNamedConf(`options { min-retry-time 700; };
view "in" { match-clients { 127.0.0.0/8; }; min-retry-time 600;
  zone "s.test" { type secondary; primaries { 127.0.0.1; }; file "in.bk"; }; };
view "out" { zone "s.test" { type secondary; primaries { 127.0.0.2; }; file "out.bk"; min-retry-time 60; }; };
`, '/etc/n.conf');
    const out = secondaryConfs(conf.model, '/d', LOCAL);
    expect(out.map((e) => [e.view, e.conf.file, e.conf.limits?.minRetry])).toEqual([['in', '/d/in.bk', 600], ['out', '/d/out.bk', 60]]);
  });
});
