import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startServices, type Services } from '../../src/lab/services.js';

// Reloads build new models from the files and swap them in; a bad file keeps the old data
// serving (GUIDE section 4, "swap, never edit in place").
const dir = mkdtempSync(join(tmpdir(), 'labnet-services-'));
const zoneFile = join(dir, 'direct');
const dhcpdConf = join(dir, 'dhcpd.conf');
const zone = (extra: string) =>
  `$TTL 3600\n@ IN SOA ns.lab.local. root.lab.local. 1 3600 600 86400 60\n@ IN NS ns\nns IN A 192.168.244.139\n${extra}`;

let services: Services;
beforeAll(async () => {
  writeFileSync(zoneFile, zone('vcenter IN A 192.168.244.135\n'));
  writeFileSync(join(dir, 'named.conf'), `options { directory "${dir}"; };\nzone "lab.local" { type master; file "direct"; };\n`);
  copyFileSync('fixtures/lab/dhcpd.conf', dhcpdConf);
  services = await startServices({
    namedConf: join(dir, 'named.conf'),
    dhcpdConf,
    dns: { address: '127.0.0.1', port: 0 },
    dhcp: { address: '127.0.0.1', port: 0 },
    leasesFile: join(dir, 'dhcpd.leases'),
  });
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

const addresses = async (name: string) =>
  ((await services.dns!.query(name, 'A')) as unknown as { answers?: { data: string }[] }).answers?.map((a) => a.data) ?? [];

describe('reload', () => {
  it('a bad zone file is reported with its location and the old data keeps serving', async () => {
    writeFileSync(zoneFile, zone('vcenter IN A 192.168.244.300\n'));
    const err = await services.reload();
    expect(err).toMatch(new RegExp(`${zoneFile}:5:\\d+: .*192\\.168\\.244\\.300`));
    expect(await addresses('vcenter.lab.local')).toEqual(['192.168.244.135']);
  });

  it('a bad dhcpd.conf is reported and neither server changes', async () => {
    writeFileSync(zoneFile, zone('vcenter IN A 192.168.244.136\n'));
    writeFileSync(dhcpdConf, 'subnet 192.168.244.0 netmask 255.255.255.0 {\n  frobnicate;\n}\n');
    const err = await services.reload();
    expect(err).toMatch(new RegExp(`${dhcpdConf}:2:3: `));
    expect(await addresses('vcenter.lab.local')).toEqual(['192.168.244.135']);
  });

  it('good files are swapped in', async () => {
    copyFileSync('fixtures/lab/dhcpd.conf', dhcpdConf);
    writeFileSync(zoneFile, zone('vcenter IN A 192.168.244.136\nnew IN A 192.168.244.99\n'));
    expect(await services.reload()).toBeUndefined();
    expect(await addresses('vcenter.lab.local')).toEqual(['192.168.244.136']);
    expect(await addresses('new.lab.local')).toEqual(['192.168.244.99']);
  });
});

describe('a zone that fails to load (named: "not loaded due to errors")', () => {
  const dir2 = mkdtempSync(join(tmpdir(), 'labnet-services-failed-'));
  const good = join(dir2, 'good');
  const broken = join(dir2, 'broken');
  let s: Services;
  const errors: string[] = [];
  beforeAll(async () => {
    writeFileSync(good, zone('vcenter IN A 192.168.244.135\n'));
    writeFileSync(broken, zone('bad IN A 1.2.3\n'));
    writeFileSync(
      join(dir2, 'named.conf'),
      `options { directory "${dir2}"; };\nzone "lab.local" { type master; file "good"; };\nzone "other.test" { type master; file "broken"; };\n`,
    );
    const logger = pino({ level: 'error' }, { write: (line: string) => void errors.push(line) });
    s = await startServices({ namedConf: join(dir2, 'named.conf'), dns: { address: '127.0.0.1', port: 0 }, logger });
  });
  afterAll(async () => {
    await s.close();
    rmSync(dir2, { recursive: true, force: true });
  });
  const rcode = async (name: string) => ((await s.dns!.query(name, 'A')) as unknown as { rcode: string }).rcode;

  it('is logged with FILE:LINE:COL; the server starts and serves the other zones', async () => {
    expect(errors.join('\n')).toMatch(new RegExp(`${broken}:5:\\d+: .*1\\.2\\.3`));
    expect(await rcode('vcenter.lab.local')).toBe('NOERROR');
  });

  it('names at and under it get SERVFAIL; names outside every zone REFUSED', async () => {
    expect(await rcode('other.test')).toBe('SERVFAIL');
    expect(await rcode('a.b.other.test')).toBe('SERVFAIL');
    expect(await rcode('example.org')).toBe('REFUSED');
  });

  it('a reload with the file fixed serves it', async () => {
    writeFileSync(broken, zone('bad IN A 1.2.3.4\n').replace('lab.local.', 'other.test.'));
    expect(await s.reload()).toBeUndefined();
    expect(await rcode('bad.other.test')).toBe('NOERROR');
  });
});
