/**
 * The corpus of test/interop/data/dhcpd-eval-corpus.ts (classes, expressions, PXE and iPXE
 * layouts, option definitions of every type, option spaces, failover peers, interface,
 * host names, Debian's stock file...) checked by `dhcpd -t` and by labnet's parser: the same
 * verdict, and for a rejected file the line dhcpd names. The agreement figure is printed.
 * Only `dhcpd -t` runs (a config test: no socket, no lease file read).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS } from './data/dhcpd-eval-corpus.js';
import { agree, dhcpdVerdict, labnetVerdict } from './helpers/dhcpd-check.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-dhcpd-eval-'));
const tally = { same: 0, acceptedAlike: 0, rejectedAlike: 0, total: 0 };
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(`dhcpd -t agreement: ${tally.same}/${tally.total} (accepted alike ${tally.acceptedAlike}, rejected alike on dhcpd's line ${tally.rejectedAlike})`);
});

describe('dhcpd -t and labnet agree on the corpus', () => {
  it('holds good and broken files', () => {
    const good = CORPUS.filter(([, text], i) => {
      const f = join(dir, `probe${i}.conf`);
      writeFileSync(f, text);
      return dhcpdVerdict(dir, f).ok;
    }).length;
    expect(good).toBeGreaterThanOrEqual(20);
    expect(CORPUS.length - good).toBeGreaterThanOrEqual(15);
  });

  it.each(CORPUS.map(([name, text], i) => [name, text, i] as const))('%s', (_name, text, i) => {
    const file = join(dir, `c${i}.conf`);
    writeFileSync(file, text);
    const real = dhcpdVerdict(dir, file);
    const ours = labnetVerdict(file, text);
    tally.total++;
    const same = agree(real, ours);
    if (same) {
      tally.same++;
      if (real.ok) tally.acceptedAlike++;
      else tally.rejectedAlike++;
    }
    expect({ ok: ours.ok, line: real.line === undefined ? undefined : ours.line }, `dhcpd: ${real.ok ? 'accepted' : `line ${real.line}: ${real.message}`}; labnet: ${ours.message}`).toEqual({ ok: real.ok, line: real.line });
  });
});
