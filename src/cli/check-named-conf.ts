/**
 * `labnet check-conf FILE` for a named.conf: as `named-checkconf -z FILE` (BIND 9.18): the
 * configuration is checked, then every primary zone it names is loaded and checked as
 * named-checkzone would. Chosen over plain `named-checkconf` (silent, zones unread) because
 * a zone that will not load is what breaks a deployment. As named, check-names fails a
 * primary zone (named-checkzone only warns).
 * Success: `zone NAME/IN: loaded serial N` per zone on stdout, warnings on stderr, exit 0.
 * Failure: `FILE:LINE:COL: message` lines on stderr (each zone is tried), exit 1.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isLocatedError } from '../util/located-error.js';
import type { CommandResult } from './command-result.js';
import { confBaseDir, parseNamedConf } from '../zones/named-conf.js';
import { loadZoneFile, zoneLabel } from '../zones/load.js';

function message(e: unknown): string {
  return isLocatedError(e) ? e.format() : e instanceof Error ? e.message : String(e);
}

export function checkNamedConfCommand(file: string): CommandResult {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    return { code: 1, stdout: '', stderr: `${file}: ${why}\n` };
  }
  const out: string[] = [];
  const err: string[] = [];
  let conf;
  try {
    conf = parseNamedConf(text, file);
  } catch (e) {
    return { code: 1, stdout: '', stderr: message(e) + '\n' };
  }
  err.push(...conf.warnings);
  const base = confBaseDir(file, conf.directory);
  let failed = false;
  for (const z of conf.zones) {
    const label = zoneLabel(z.name);
    const path = isAbsolute(z.file) ? z.file : resolve(base, z.file);
    try {
      const zone = loadZoneFile(z.name, path, {
        includeBase: base,
        warn: (w) => err.push(`${w.file}:${w.line}:${w.col}: ${w.message}`),
        reference: { file: z.confFile, line: z.line, col: z.col },
        checkNames: 'fail', // named's default for a primary zone (BIND ARM, check-names)
      });
      out.push(`${label}: loaded serial ${zone.serial}`);
    } catch (e) {
      failed = true;
      err.push(message(e), `${label}: not loaded due to errors.`);
    }
  }
  const join = (l: string[]) => (l.length ? l.join('\n') + '\n' : '');
  return { code: failed ? 1 : 0, stdout: join(out), stderr: join(err) };
}
