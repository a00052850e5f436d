/**
 * The corpus of test/interop/data/named-conf-corpus.ts (every named.conf(5) statement and
 * zone type, views, includes, good and broken files) and Debian's stock /etc/bind checked
 * by `named-checkconf` (with `-z` where the case says) and by labnet: the same verdict,
 * and for a rejected file an error on the line named-checkconf names. Counts printed.
 * labnet's canonical form (-p) of each good file gets named-checkconf's verdict of the original.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NAMED_CONF_CORPUS, type ConfCase } from './data/named-conf-corpus.js';
import { agreeConf, labnetCheckconf, namedCheckconf } from './helpers/named-checkconf.js';
import { writeConfCase, writeDebianWithLab } from './helpers/verdict-table.js';
import { checkConfCommand } from '../../src/cli/check-conf.js';
import { checkNamedConfCommand } from '../../src/cli/check-named-conf.js';

const root = mkdtempSync(join(tmpdir(), 'labnet-named-checkconf-'));
const tally = { acceptedAlike: 0, rejectedAlike: 0, total: 0 };
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  const same = tally.acceptedAlike + tally.rejectedAlike;
  console.log(`named-checkconf agreement: ${same}/${tally.total} (accepted alike ${tally.acceptedAlike}, rejected alike on named-checkconf's line ${tally.rejectedAlike})`);
});

const setUp = (name: string, c: ConfCase) => writeConfCase(root, name, c);

function compare(name: string, dir: string, file: string, z: boolean) {
  const named = namedCheckconf(dir, file, z);
  const labnet = labnetCheckconf(dir, file, z);
  tally.total++;
  const same = agreeConf(named, labnet);
  if (same && named.ok) tally.acceptedAlike++;
  if (same && !named.ok) tally.rejectedAlike++;
  expect({ name, same, named: named.output, labnet: labnet.output }).toMatchObject({ same: true });
  return named;
}

describe('named-checkconf and labnet check-conf agree', () => {
  it.each(Object.entries(NAMED_CONF_CORPUS.good))('accepts %s alike', (name, c) => {
    const { dir, file } = setUp(`good-${name}`, c);
    expect(compare(name, dir, file, c.z ?? false).ok).toBe(!c.z || !name.includes('broken'));
  });

  it.each(Object.entries(NAMED_CONF_CORPUS.bad))('rejects %s alike', (name, c) => {
    const { dir, file } = setUp(`bad-${name}`, c);
    expect(compare(name, dir, file, c.z ?? false).ok).toBe(false);
  });

  it.each(NAMED_CONF_CORPUS.snippets.map((conf, i) => [i, conf] as const))('agrees on snippet %i: %s', (i, conf) => {
    const { dir, file } = setUp(`snippet-${i}`, { conf });
    compare(`snippet ${i}`, dir, file, false);
  });

  it.each(Object.entries(NAMED_CONF_CORPUS.good).filter(([, c]) => !c.z))('labnet -p of %s is accepted by named-checkconf too', (name, c) => {
    const { dir, file } = setUp(`printed-${name}`, c);
    const printed = checkNamedConfCommand(file, { cwd: dir, print: true });
    expect(printed.code).toBe(0);
    writeFileSync(join(dir, 'printed.conf'), printed.stdout);
    const named = namedCheckconf(dir, join(dir, 'printed.conf'), false);
    expect({ name, ok: named.ok, output: named.output }).toMatchObject({ ok: namedCheckconf(dir, file, false).ok });
  });

  it.each([false, true])("Debian's stock /etc/bind with the lab zones added to named.conf.local (-z %s)", (z) => {
    const dir = dirname(writeDebianWithLab(join(root, `debian-lab-${z}`)));
    const named = compare(`debian+lab -z ${z}`, dir, join(dir, 'named.conf'), z);
    expect(named.ok).toBe(true);
    if (z) expect(labnetCheckconf(dir, join(dir, 'named.conf'), z).output).toContain('zone lab.local/IN: loaded serial 3');
  });

  it.each([false, true])("Debian's stock /etc/bind/named.conf (-z %s), its kind found from its include lines", async (z) => {
    const named = compare(`debian -z ${z}`, '/etc/bind', '/etc/bind/named.conf', z);
    expect(named.ok).toBe(true);
    const r = await checkConfCommand([...(z ? ['-z'] : []), '/etc/bind/named.conf']);
    expect(r.code).toBe(0);
    if (z) expect(r.stdout).toContain('zone localhost/IN: loaded serial');
  });
});
