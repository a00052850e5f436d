/**
 * The soak's configuration, written into a temporary folder: the lab's named.conf with its two
 * zones (the forward zone with bench/lib/lab-queries.mjs's MIX_ZONE_EXTRA, so the dnsperf mix
 * finds its wildcard and delegation) and `allow-update { key soak-key; }` on lab.local (the
 * journal, lab.local.db.jnl, is written beside the zone file, named's name for it), a TSIG key
 * (RFC 8945, hmac-sha256) in named.conf and in a file nsupdate -k reads, and fixtures/perf's
 * relay dhcpd.conf with short leases, so perfdhcp's clients keep coming back: the lease table
 * holds at most one lease per client and expiry and renewal run all the time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpTree, type TmpTree } from '../../test/util/tmp-tree.js';
// @ts-expect-error plain ES module of the benchmarks, no declarations
import { MIX_ZONE_EXTRA } from '../lib/lab-queries.mjs';

export const KEY_NAME = 'soak-key';
/** 32 bytes, base64: a key for this benchmark only (RFC 8945 6: the secret is the HMAC key). */
export const KEY_SECRET = 'c29hay10ZXN0LWtleS1ub3Qtc2VjcmV0LTMyYnl0ZXM=';

export interface SoakFiles {
  tree: TmpTree;
  namedConf: string;
  dhcpdConf: string;
  leases: string;
  /** nsupdate -k FILE. */
  keyFile: string;
  /** The zone journals (named's ZONEFILE.jnl) whose size is sampled. */
  zoneJournals: string[];
}

/** `leaseSeconds`: default- and max-lease-time of the DHCP scope. */
export function writeSoakFiles(repo: string, leaseSeconds: number): SoakFiles {
  const tree = tmpTree('labnet-bench-soak-');
  const lab = join(repo, 'fixtures', 'lab');
  const forward = tree.write('lab.local.db', readFileSync(join(lab, 'direct'), 'utf8') + MIX_ZONE_EXTRA);
  tree.write('inverse', readFileSync(join(lab, 'inverse'), 'utf8'));
  const key = `key "${KEY_NAME}" {\n  algorithm hmac-sha256;\n  secret "${KEY_SECRET}";\n};\n`;
  const keyFile = tree.write('soak.key', key);
  const namedConf = tree.write(
    'named.conf',
    `${key}options {\n  directory "${tree.dir}";\n  recursion no;\n  allow-query { any; };\n};\n` +
      `zone "lab.local" {\n  type master;\n  file "lab.local.db";\n  allow-update { key ${KEY_NAME}; };\n};\n` +
      `zone "244.168.192.in-addr.arpa" {\n  type master;\n  file "inverse";\n};\n`,
  );
  const perf = readFileSync(join(repo, 'fixtures', 'perf', 'dhcpd.conf'), 'utf8')
    .replace(/^default-lease-time \d+;/m, `default-lease-time ${leaseSeconds};`)
    .replace(/^max-lease-time \d+;/m, `max-lease-time ${leaseSeconds};`);
  if (!perf.includes(`max-lease-time ${leaseSeconds};`)) throw new Error('fixtures/perf/dhcpd.conf: no lease times to shorten');
  const dhcpdConf = tree.write('dhcpd.conf', perf);
  return { tree, namedConf, dhcpdConf, leases: join(tree.dir, 'dhcpd.leases'), keyFile, zoneJournals: [`${forward}.jnl`] };
}
