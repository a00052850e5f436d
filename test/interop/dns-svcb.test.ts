/**
 * SVCB and HTTPS answers against a live BIND 9.18 (recursion no), section by section as
 * dns-bind.test.ts compares them (helpers/compare.ts): the additional data of RFC 9460 4.1
 * and 5 as named adds it (src/dns/svcb-additional.ts): the target's A and AAAA, the owner's
 * for ServiceMode ".", the CNAME chain to the target, an AliasMode target's own SVCB/HTTPS
 * RRset with its additional data; nothing for targets out of the zone, below a cut, or an
 * owner that is no host name. Each query over UDP and TCP, with RD=1 and RD=0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startBind, type BindInstance } from './helpers/bind.js';
import { startLabnet, type LabnetInstance } from './helpers/labnet.js';
import { exchange, type Transport } from './helpers/net.js';
import { comparable } from './helpers/compare.js';
import { buildQuery, parseMessage } from './helpers/wire.js';

const ZONE_FILE = resolve(import.meta.dirname, '../dns/data/svcb.zone');

const QUERIES: Array<[string, number]> = [
  ['svc.example.', 65], ['svc2.example.', 64], ['alias.example.', 65], ['alias2.example.', 65],
  ['aliasloop.example.', 65], ['aliasdot.example.', 65], ['aliascn.example.', 65], ['cn.example.', 65],
  ['cloop.example.', 65], ['_443._tcp.svc2.example.', 64], ['out.example.', 65], ['wild.example.', 65],
  ['a.wsvc.example.', 65], ['cut.example.', 65], ['cnsvc.example.', 65], ['noaddr.example.', 64],
  ['svc.example.', 255],
];

const dir = mkdtempSync(join(tmpdir(), 'labnet-dns-svcb-'));
let bind: BindInstance;
let labnet: LabnetInstance;

beforeAll(async () => {
  const file = ZONE_FILE;
  writeFileSync(join(dir, 'named.conf'), `zone "example" { type primary; file "${file}"; };\n`);
  bind = await startBind({ zones: [{ origin: 'example', file }] });
  labnet = await startLabnet([join(dir, 'named.conf')]);
});

afterAll(async () => {
  await labnet?.close();
  await bind?.close();
  rmSync(dir, { recursive: true, force: true });
});

const TRANSPORTS: Transport[] = ['udp', 'tcp'];
const CASES = QUERIES.flatMap(([name, type], i) => [true, false].map((rd) => ({ name, type, rd, id: 0x2000 + i * 2 + (rd ? 1 : 0) })));

describe.each(TRANSPORTS)('%s: SVCB/HTTPS answers as BIND 9', (transport) => {
  it.each(CASES)('$name type $type rd=$rd', async ({ name, type, rd, id }) => {
    const query = buildQuery({ name, type, rd, id });
    const [fromBind, fromLabnet] = await Promise.all([exchange(transport, bind.address, query), exchange(transport, labnet.address, query)]);
    const want = comparable(parseMessage(fromBind));
    expect(comparable(parseMessage(fromLabnet))).toEqual(want);
  });

  it('adds additional data at all (the comparison is not vacuous)', async () => {
    const m = parseMessage(await exchange(transport, bind.address, buildQuery({ name: 'alias.example.', type: 65, rd: true, id: 1 })));
    // svc HTTPS (two records) and the A of tgt and tgt2, the AAAA of tgt.
    expect(m.additional.map((rr) => rr.type).sort()).toEqual([1, 1, 28, 65, 65]);
  });
});
