/**
 * Additional data of SVCB and HTTPS answers (src/dns/svcb-additional.ts through resolve.ts),
 * each expectation as BIND 9.18.49 answered the same zone (test/interop/dns-svcb.test.ts
 * compares the two live, over UDP and TCP).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { resolve } from '../../src/dns/resolve.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { parseZone } from '../../src/zones/parser.js';
import { typeFromText } from '../../src/wire/rrtypes.js';
import { memZone, rrLines } from './helpers/zones.js';

const ZONE = readFileSync(resolvePath(import.meta.dirname, 'data/svcb.zone'), 'latin1');

const zones = createZoneSet([memZone('example.', [...parseZone(ZONE, { origin: 'example.', file: 'z' })].map((r) => [r.name, r.type, r.ttl, r.rdata]))]);

const additional = (name: string, type: string) =>
  rrLines(resolve(zones, { name, type: typeFromText(type)!, class: 1 }, { rd: true }).additional);

describe('SVCB/HTTPS additional data as BIND 9.18 adds it', () => {
  it.each<[string, string, string[]]>([
    ['svc.example.', 'HTTPS', ['tgt.example. 3600 A 10.0.0.2', 'tgt.example. 3600 AAAA 2001:db8::2', 'tgt2.example. 3600 A 10.0.0.3']],
    ['svc2.example.', 'SVCB', ['svc2.example. 3600 A 10.0.0.9', 'svc2.example. 3600 AAAA ::9']],
    ['alias.example.', 'HTTPS', ['svc.example. 3600 HTTPS 1 tgt.example. port=1', 'svc.example. 3600 HTTPS 2 tgt2.example. alpn="h2"',
      'tgt.example. 3600 A 10.0.0.2', 'tgt.example. 3600 AAAA 2001:db8::2', 'tgt2.example. 3600 A 10.0.0.3']],
    ['aliasdot.example.', 'HTTPS', []],
    ['cn.example.', 'HTTPS', ['c1.example. 3600 CNAME c2.example.', 'c2.example. 3600 CNAME tgt.example.', 'tgt.example. 3600 A 10.0.0.2', 'tgt.example. 3600 AAAA 2001:db8::2']],
    ['_443._tcp.svc2.example.', 'SVCB', []],
    ['out.example.', 'HTTPS', []],
    ['cut.example.', 'HTTPS', []],
  ])('%s %s', (name, type, want) => {
    expect(additional(name, type).sort()).toEqual(want.sort());
  });
});
