/**
 * labnet's zone checker against `named-checkzone` (BIND 9.18).
 *
 * 1. Dumps: `named-checkzone -i local -D -o - ZONE FILE` against labnet's
 *    `checkZoneCommand([ZONE, FILE, '--dump'])`, for every zone of fixtures/lab and
 *    fixtures/conformance, compared line by line after collapsing the blanks between fields
 *    (BIND pads with tabs; blanks inside quoted strings are kept). Two tests per zone: the
 *    same records (as a multiset: content), and the same lines in the same order (BIND's
 *    order: names in canonical order, RFC 4034 6.1; within a name SOA and NS first, then by
 *    type; records of an RRset in file order).
 * 2. Broken files: every file of fixtures/broken is checked by both; labnet must reject
 *    exactly what named-checkzone rejects and accept what it accepts (with warnings or not),
 *    and where BIND names `FILE:LINE:`, labnet's `FILE:LINE:COL:` must name the same file
 *    (base name) and line. fixtures/broken/expectations.json records BIND's verdicts; the
 *    suite also checks BIND still says so, so the table cannot rot.
 *
 * `-i local`: named-checkzone's default integrity mode (`full`) resolves out-of-zone MX, SRV
 * and NS targets through the system resolver, which would send packets off this machine;
 * `local` makes the same checks for in-zone names only, which is all labnet can do.
 * Both tools run with the fixture folder as working directory, so relative $INCLUDE paths
 * resolve the same way.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { zonesOfNamedConf } from './helpers/bind.js';
import { bindLocation, labnetCheckzone, labnetLocations, namedCheckzone } from './helpers/checkzone-run.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BROKEN = resolve(ROOT, 'fixtures/broken');

/** Collapses runs of blanks outside double quotes to one space; trims. */
function normaliseLine(line: string): string {
  let out = '';
  let quoted = false;
  let blank = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      if (blank) out += ' ';
      blank = false;
      out += c + line[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (!quoted && (c === ' ' || c === '\t')) {
      blank = out.length > 0;
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

/**
 * The record lines of a dump: not blank, not a comment, not a status line, not a located
 * warning (`[function: ]FILE:LINE: text`, which named-checkzone prints on stdout too).
 */
function dumpLines(text: string): string[] {
  return text
    .split('\n')
    .map(normaliseLine)
    .filter(
      (l) =>
        l !== '' &&
        !l.startsWith(';') &&
        !/^zone \S+: /.test(l) &&
        !/^(?:[\w$]+: )?\S+:\d+:(?:\d+:)? /.test(l) &&
        l !== 'OK',
    );
}

interface Expectation {
  file: string;
  zone: string;
  bind: 'accept' | 'reject';
  where?: { file: string; line: number };
  message: string;
}

const EXPECTATIONS: Expectation[] = JSON.parse(readFileSync(resolve(BROKEN, 'expectations.json'), 'utf8'));

// The fixtures' zones, and the broken files BIND accepts (with warnings: what they load to
// shows how the warning was acted on, e.g. the TTL kept or the record dropped).
const DUMP_ZONES = [
  ...zonesOfNamedConf(resolve(ROOT, 'fixtures/lab/named.conf')),
  ...zonesOfNamedConf(resolve(ROOT, 'fixtures/conformance/named.conf')),
  ...EXPECTATIONS.filter((e) => e.bind === 'accept').map((e) => ({ origin: e.zone, file: resolve(BROKEN, e.file) })),
].map((z) => ({ ...z, name: `${z.origin} (${basename(dirname(z.file))}/${basename(z.file)})` }));

describe('named-checkzone -D and labnet check-zone --dump print the same zone', () => {
  const dumps = new Map<string, { bind: string[]; labnet: string[] }>();
  const get = (z: (typeof DUMP_ZONES)[number]) => {
    let d = dumps.get(z.name);
    if (!d) {
      const cwd = dirname(z.file);
      const b = namedCheckzone(['-D', '-o', '-', z.origin, basename(z.file)], cwd);
      expect(b.code, b.stderr).toBe(0);
      const l = labnetCheckzone([z.origin, basename(z.file), '--dump'], cwd);
      expect(l.code, l.stderr).toBe(0);
      d = { bind: dumpLines(b.stdout), labnet: dumpLines(l.stdout) };
      // Not a vacuous comparison: BIND printed the zone (SOA, NS and more).
      expect(d.bind.length).toBeGreaterThanOrEqual(3);
      dumps.set(z.name, d);
    }
    return d;
  };
  it.each(DUMP_ZONES)('RFC 1035 5.1 same records: $name', (z) => {
    const d = get(z);
    expect([...d.labnet].sort()).toEqual([...d.bind].sort());
  });
  it.each(DUMP_ZONES)('RFC 4034 6.1 same order: $name', (z) => {
    const d = get(z);
    expect(d.labnet).toEqual(d.bind);
  });
});

describe('fixtures/broken: labnet rejects and accepts where named-checkzone does, naming the same line', () => {
  it('has at least 20 rejected files and the warning cases', () => {
    expect(EXPECTATIONS.filter((e) => e.bind === 'reject').length).toBeGreaterThanOrEqual(20);
    expect(EXPECTATIONS.filter((e) => e.bind === 'accept' && e.where).length).toBeGreaterThanOrEqual(2);
  });

  it.each(EXPECTATIONS)('$file: BIND $bind ($message)', (e) => {
    const b = namedCheckzone([e.zone, e.file], BROKEN);
    const bOut = b.stdout + b.stderr;
    // The table still says what BIND says.
    expect(b.code === 0 ? 'accept' : 'reject', bOut).toBe(e.bind);
    expect(bindLocation(bOut), bOut).toEqual(e.where);

    const l = labnetCheckzone([e.zone, e.file], BROKEN);
    const lOut = l.stdout + l.stderr;
    expect(l.code === 0 ? 'accept' : 'reject', `BIND: ${bOut}\nlabnet: ${lOut}`).toBe(e.bind);
    if (e.where) {
      // labnet's first located message (the error, or the warning of an accepted file)
      // names the file and line BIND names.
      const first = labnetLocations(lOut)[0];
      expect(first && { file: first.file, line: first.line }, `BIND: ${bOut}\nlabnet: ${lOut}`).toEqual(e.where);
    }
    if (e.bind === 'reject') {
      // Every error is a LocatedError or a zone-level message, never a stack trace.
      expect(lOut).not.toMatch(/\n\s+at /);
    }
  });
});
