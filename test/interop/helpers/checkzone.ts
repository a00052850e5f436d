/**
 * named-checkzone (BIND 9.18) beside labnet's parser for the RDATA interop tests: run it
 * (`-i local`: no out-of-zone lookups), read its `-D` lines, and take the first error each
 * gives for a file.
 */
import { expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseZoneFile } from '../../../src/zones/parser.js';
import { rdataToText } from '../../../src/wire/rdata.js';
import { typeToText } from '../../../src/wire/rrtypes.js';
import { LocatedError } from '../../../src/util/located-error.js';
import { checkZoneCommand } from '../../../src/cli/check-zone.js';

/** `named-checkzone -i local [-D -o -] example FILE` in `cwd`. */
export function checkzone(cwd: string, file: string, dump: boolean): { code: number; out: string } {
  const args = ['-i', 'local', ...(dump ? ['-D', '-o', '-'] : []), 'example', file];
  const r = spawnSync('named-checkzone', args, { cwd, encoding: 'latin1' });
  return { code: r.status ?? -1, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

/** The records of a -D dump as sorted "owner ttl TYPE rdata" lines (fields are tab/space padded). */
export function bindDumpLines(out: string): string[] {
  const lines: string[] = [];
  for (const l of out.split('\n')) {
    const m = /^(\S+)\s+(\d+)\s+IN\s+(\S+)\s+(.*)$/.exec(l);
    if (m) lines.push(`${m[1]} ${m[2]} ${m[3]} ${m[4]}`);
  }
  return lines.sort();
}

/** labnet's records of `file` as sorted "owner ttl TYPE rdata" lines. */
export function labnetLines(file: string, origin: string): string[] {
  return [...parseZoneFile(file, { origin })].map((r) => `${r.name} ${r.ttl} ${typeToText(r.type)} ${rdataToText(r.type, r.rdata)}`).sort();
}

/** The error labnet's parser throws for `file` (named `name` in messages), if any. */
export function labnetError(file: string, name: string, origin: string): LocatedError | undefined {
  try {
    for (const _ of parseZoneFile(file, { origin, file: name })) void _;
  } catch (e) {
    if (e instanceof LocatedError) return e;
    throw e;
  }
  return undefined;
}

/** BIND's first `FILE:LINE: [near ...: ]message` in its output. */
export function bindError(out: string): { where: string; message: string } | undefined {
  const m = /(?:^|\s)([\w.]+):(\d+): (?:near (?:'.*'|eol): )?(.*)$/m.exec(out);
  return m ? { where: `${m[1]}:${m[2]}`, message: m[3] } : undefined;
}

/**
 * Writes `text` as `dir/broken.zone` (origin example.) and expects both named-checkzone and
 * labnet to reject it at the same FILE:LINE; returns both errors for further checks.
 */
export function expectSameRejection(dir: string, text: string): { bind: string; ours: LocatedError } {
  const name = 'broken.zone';
  const file = join(dir, name);
  writeFileSync(file, text, 'latin1');
  const bind = checkzone(dir, name, false);
  expect(bind.code, bind.out).toBe(1);
  const theirs = bindError(bind.out);
  expect(theirs, bind.out).toBeDefined();
  const ours = labnetError(file, name, 'example.');
  expect(ours, bind.out).toBeDefined();
  expect(`${ours!.file}:${ours!.line}`, `BIND: ${bind.out}\nours: ${ours!.format()}`).toBe(theirs!.where);
  return { bind: theirs!.message, ours: ours! };
}

/** Writes `text` as `dir/name.zone`; its records' RDATA as labnet prints it are BIND's -D lines (at least `atLeast`). */
export function expectRdataLinesAsBind(dir: string, name: string, text: string, atLeast: number): void {
  const file = join(dir, `${name}.zone`);
  writeFileSync(file, text, 'latin1');
  const bind = checkzone(dir, `${name}.zone`, true);
  expect(bind.code, bind.out).toBe(0);
  const theirs = bindDumpLines(bind.out);
  // BIND keeps one of identical records (the zone model does too; the parser yields each).
  const ours = [...new Set(labnetLines(file, 'example.'))];
  expect(theirs.length).toBeGreaterThan(atLeast);
  expect(ours).toEqual(theirs);
}

/** Writes `text` as `dir/name.zone`; `labnet check-zone --dump` prints `named-checkzone -D` byte for byte. */
export function expectDumpAsBind(dir: string, name: string, text: string): void {
  const file = join(dir, `${name}.zone`);
  writeFileSync(file, text, 'latin1');
  const bind = spawnSync('named-checkzone', ['-i', 'local', '-D', '-o', '-', 'example', file], { encoding: 'latin1' });
  expect(bind.status, bind.stderr).toBe(0);
  expect(checkZoneCommand(['example', file, '--dump']).stdout).toBe(bind.stdout);
}

/**
 * `header` + `snippet` is rejected by both on the same line; for text input (not RFC 3597,
 * which labnet checks with its own message) with BIND's message.
 */
export function expectRejectedAsBind(dir: string, header: string, snippet: string): void {
  const { bind, ours } = expectSameRejection(dir, header + snippet + '\n');
  if (!snippet.includes('\\#')) expect(ours.format()).toContain(bind);
}

/** Writes `text` as `dir/name.zone`; labnet's check-zone messages are named-checkzone's (lines, no columns) and include `must`. */
export function expectWarningsAsBind(dir: string, name: string, text: string, must: string): void {
  const file = join(dir, `${name}.zone`);
  writeFileSync(file, text, 'latin1');
  const bind = spawnSync('named-checkzone', ['-i', 'local', 'example', `${name}.zone`], { cwd: dir, encoding: 'latin1' });
  const ours = checkZoneCommand(['example', file]).stdout.replaceAll(`${file}:`, `${name}.zone:`).replace(/^([^:]+:\d+):\d+:/gm, '$1:');
  expect(ours).toBe(bind.stdout);
  expect(ours).toContain(must);
}

