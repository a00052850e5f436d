/**
 * `labnet check-conf [-z] [-p] FILE` for a named.conf, as `named-checkconf [-z] [-p] FILE` (BIND 9.18):
 * the configuration is parsed and checked (every error printed, `FILE:LINE:COL: message`,
 * exit 1). Includes and `directory` resolve as named-checkconf resolves them: against the
 * working directory, which `options { directory }` changes (and must exist).
 * With `-z` the zones are loaded too, as named-checkconf -z loads them: each primary and
 * redirect zone from its file (relative to that directory), checked as named loads it
 * (check-names fails a primary zone); `zone NAME/IN: loaded serial N` on stdout, or the
 * error and `zone NAME/IN: not loaded due to errors.`; a hint zone's file must exist.
 * Zones of other types are not loaded, as named-checkconf does not load them.
 * With `-p` the configuration is printed in canonical form (includes expanded) on stdout.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isLocatedError } from '../util/located-error.js';
import type { CommandResult } from './command-result.js';
import { readNamedConf, type NamedConf } from '../zones/named-conf.js';
import { loadedText, loadZoneFile, zoneLabel } from '../zones/load.js';
import { printConf } from '../zones/named-conf/canonical.js';

export interface CheckNamedConfOptions {
  /** `-z`: load the zones too. */
  loadZones?: boolean;
  /** `-p`: print the configuration in canonical form (named-conf/canonical.ts) when it checks clean. */
  print?: boolean;
  /** The working directory includes resolve against (default: the process's). */
  cwd?: string;
}

function message(e: unknown): string {
  return isLocatedError(e) ? e.format() : e instanceof Error ? e.message : String(e);
}

/** Loads the zones named-checkconf -z loads; returns whether all loaded. */
function loadZones(conf: NamedConf, out: string[], err: string[]): boolean {
  let ok = true;
  const zones = [...conf.model.zones, ...conf.model.views.flatMap((v) => v.zones)];
  for (const z of zones) {
    if (z.file === undefined) continue;
    const path = isAbsolute(z.file) ? z.file : resolve(conf.baseDir, z.file);
    if (z.type === 'hint') {
      if (!existsSync(path)) {
        ok = false;
        err.push(`could not configure root hints from '${z.file}': file not found`);
      }
      continue;
    }
    if (z.type !== 'primary' && z.type !== 'redirect') continue;
    const label = zoneLabel(z.name);
    try {
      const zone = loadZoneFile(z.name, path, {
        includeBase: conf.baseDir,
        warn: (w) => err.push(`${w.file}:${w.line}:${w.col}: ${w.message}`),
        reference: { ...z.location },
        checkNames: 'fail', // named's default for a primary zone (BIND ARM, check-names)
      });
      out.push(`${label}: ${loadedText(zone)}`);
    } catch (e) {
      ok = false;
      err.push(message(e), `${label}: not loaded due to errors.`);
    }
  }
  return ok;
}

export function checkNamedConfCommand(file: string, opts: CheckNamedConfOptions = {}): CommandResult {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    return { code: 1, stdout: '', stderr: `${file}: ${why}\n` };
  }
  const out: string[] = [];
  const err: string[] = [];
  const { conf, errors } = readNamedConf(text, file, { baseDir: opts.cwd ?? process.cwd(), checkDirectory: true });
  if (conf) err.push(...conf.warnings);
  err.push(...errors.map(message));
  let ok = errors.length === 0;
  if (ok && conf && opts.print) out.push(printConf(conf.clauses).replace(/\n$/, ''));
  if (ok && conf && opts.loadZones) ok = loadZones(conf, out, err);
  const join = (l: string[]) => (l.length ? l.join('\n') + '\n' : '');
  return { code: ok ? 0 : 1, stdout: join(out), stderr: join(err) };
}
