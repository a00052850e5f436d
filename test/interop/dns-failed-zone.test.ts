/**
 * A zone that fails to load, against a live BIND 9.18: named logs it, serves every other
 * zone, and answers SERVFAIL at and under the failed one (a broken file, a missing file,
 * and a broken child zone below a good parent), over UDP and TCP, AXFR included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBind, type BindInstance } from './helpers/bind.js';
import { startLabnet, type LabnetInstance } from './helpers/labnet.js';
import { exchange, type Transport } from './helpers/net.js';
import { buildQuery, parseMessage } from './helpers/wire.js';
import { comparable } from './helpers/compare.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-failed-zone-'));
const SOA = '$TTL 300\n@ IN SOA ns hostmaster 1 3600 600 86400 300\n@ IN NS ns\nns IN A 127.0.0.1\n';
const ZONES = [
  { origin: 'good.test', file: join(dir, 'good.db'), text: `${SOA}www IN A 10.0.0.1\nsub IN NS ns.sub\nns.sub IN A 10.0.0.2\n` },
  { origin: 'broken.test', file: join(dir, 'broken.db'), text: `${SOA}www IN A 10.0.0.300\n` },
  { origin: 'sub.good.test', file: join(dir, 'sub.db'), text: `${SOA}www IN CNAME\n` },
  { origin: 'missing.test', file: join(dir, 'missing.db'), text: undefined },
];

let bind: BindInstance;
let labnet: LabnetInstance;
beforeAll(async () => {
  for (const z of ZONES) if (z.text !== undefined) writeFileSync(z.file, z.text);
  const conf = join(dir, 'named.conf');
  writeFileSync(conf, ZONES.map((z) => `zone "${z.origin}" { type primary; file "${z.file}"; };`).join('\n') + '\n');
  bind = await startBind({ zones: ZONES });
  labnet = await startLabnet([conf]);
});
afterAll(async () => {
  await labnet?.close();
  await bind?.close();
  rmSync(dir, { recursive: true, force: true });
});

const QUESTIONS: [string, number][] = [
  ['www.good.test.', 1], ['good.test.', 6], ['nope.good.test.', 1],
  ['www.broken.test.', 1], ['broken.test.', 6], ['a.b.broken.test.', 16],
  ['sub.good.test.', 6], ['www.sub.good.test.', 1], ['sub.good.test.', 43],
  ['missing.test.', 1], ['x.missing.test.', 28],
];

describe('named logs the failed zones and serves the others', () => {
  it('BIND reports each failed zone (the comparison is meaningful)', () => {
    for (const z of ['broken.test', 'sub.good.test', 'missing.test']) expect(bind.log()).toMatch(new RegExp(`zone ${z}/IN: not loaded due to errors`));
  });

  for (const t of ['udp', 'tcp'] as Transport[]) {
    for (const [name, type] of QUESTIONS) {
      it(`${t}: ${name} type ${type}`, async () => {
        const q = buildQuery({ id: 0x3100, name, type, rd: true, edns: { udpSize: 1232 } });
        const [a, b] = await Promise.all([exchange(t, bind.address, q), exchange(t, labnet.address, q)]);
        expect(comparable(parseMessage(b))).toEqual(comparable(parseMessage(a)));
      });
    }
  }

  for (const zone of ['broken.test.', 'missing.test.']) {
    it(`AXFR of ${zone} over TCP`, async () => {
      const q = buildQuery({ id: 0x3200, name: zone, type: 252 });
      const [a, b] = await Promise.all([exchange('tcp', bind.address, q), exchange('tcp', labnet.address, q)]);
      expect(parseMessage(a).rcode).toBe(2);
      expect(comparable(parseMessage(b))).toEqual(comparable(parseMessage(a)));
    });
  }
});
