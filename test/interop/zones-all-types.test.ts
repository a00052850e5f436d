/**
 * Zones of random records of every RR type labnet reads in text form (test/zones/
 * rdata-arbitrary.ts: RDATA generated from the type registry's layout table), each checked
 * by `named-checkzone -i local -D -o -` (BIND 9.18) and by `labnet check-zone --dump`: both
 * accept, and the dumps are byte-identical (tabs and spaces included). Then BIND reads
 * labnet's dump back and prints the same zone again. Fixed seeds, so a failure repeats.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkZoneCommand } from '../../src/cli/check-zone.js';
import { typeToText } from '../../src/wire/rrtypes.js';
import { allTypesZoneText, registeredTypes } from '../zones/rdata-arbitrary.js';

const TMP = mkdtempSync(join(tmpdir(), 'labnet-alltypes-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const TYPES = registeredTypes();
const ZONES = fc.sample(allTypesZoneText(TYPES), { numRuns: Number(process.env.ALLTYPES_N ?? 20), seed: Number(process.env.ALLTYPES_SEED ?? 20261204) });

function namedCheckzoneDump(file: string): { code: number; out: string; err: string } {
  const r = spawnSync('named-checkzone', ['-i', 'local', '-D', '-o', '-', 'example.com', file], { encoding: 'latin1' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/**
 * A `; resign=` time of now (an RRSIG signed in the future is due now, lib/dns/master.c) as
 * `NOW`: BIND and labnet read the clock a second apart at times.
 */
function resignNow(dump: string, from: number, to: number): string[] {
  return dump.split('\n').map((l) => {
    const m = /^; resign=(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(l);
    if (!m) return l;
    const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    return t >= from - 2000 && t <= to + 2000 ? '; resign=NOW' : l;
  });
}

/** The first line where two dumps differ, or '' when equal. */
function firstDifference(a: string, b: string, from: number, to: number): string {
  const la = resignNow(a, from, to);
  const lb = resignNow(b, from, to);
  const i = la.findIndex((l, k) => l !== lb[k]);
  return i < 0 && la.length === lb.length ? '' : `line ${i + 1}:\nBIND:   ${la[i]}\nlabnet: ${lb[i]}`;
}

describe(`zones of all ${TYPES.length} types: labnet check-zone --dump is named-checkzone -D's`, () => {
  it('covers every registered type', () => {
    const types = new Set(ZONES[0].split('\n').map((l) => l.split(' ')[3]).filter(Boolean));
    const missing = TYPES.map(typeToText).filter((t) => !types.has(t) && t !== 'MD' && t !== 'MF');
    expect(missing).toEqual([]);
  });

  it.each(ZONES.map((z, i) => [i, z] as const))('zone %i', (i, zoneText) => {
    const from = Date.now();
    const file = join(TMP, `all-${i}.db`);
    writeFileSync(file, zoneText, 'latin1');
    const bind = namedCheckzoneDump(file);
    expect(bind.code, bind.err + bind.out.slice(0, 2000)).toBe(0);
    const labnet = checkZoneCommand(['example.com', file, '--dump']);
    expect(labnet.code, labnet.stderr).toBe(0);
    expect(firstDifference(bind.out, labnet.stdout, from, Date.now())).toBe('');
    // BIND reads labnet's dump back to the same zone.
    const again = join(TMP, `all-${i}.dump`);
    writeFileSync(again, labnet.stdout, 'latin1');
    const bind2 = namedCheckzoneDump(again);
    expect(bind2.code, bind2.err).toBe(0);
    expect(firstDifference(bind.out, bind2.out, from, Date.now())).toBe('');
  });
});
