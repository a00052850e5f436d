/**
 * Loads one zone file: the master-file parser (parser.ts) streams records into the zone
 * model (zone.ts), which makes named-checkzone's checks.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LocatedError } from '../util/located-error.js';
import type { SourceLocation } from './record.js';
import { parseZone } from './parser.js';
import { buildZone, type PackedZone, type ZoneWarning } from './zone.js';
import type { CheckNamesMode } from './checks.js';

export interface LoadZoneOptions {
  /** Folder `$INCLUDE` paths are relative to (default: the zone file's folder). */
  includeBase?: string;
  warn?: (w: ZoneWarning) => void;
  /** Where the zone was named (a named.conf zone statement): the location of "file not found". */
  reference?: SourceLocation;
  /** BIND `check-names` (default 'warn', as named-checkzone). */
  checkNames?: CheckNamesMode;
}

/** `zone ORIGIN/IN` as BIND names a zone in messages (no trailing dot). */
export function zoneLabel(origin: string): string {
  return `zone ${origin === '.' ? '.' : origin.replace(/\.$/, '')}/IN`;
}

/** Loads and checks the zone `origin` from `path`. Throws LocatedError. */
export function loadZoneFile(origin: string, path: string, opts: LoadZoneOptions = {}): PackedZone {
  let text: string;
  try {
    text = readFileSync(path, 'latin1'); // one char per byte, as the parser expects
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    const at = opts.reference ?? { file: path, line: 1, col: 1 };
    throw new LocatedError(`${zoneLabel(origin)}: loading from master file ${path} failed: ${why}`, at.file, at.line, at.col, path);
  }
  const absOrigin = origin.endsWith('.') ? origin : origin + '.';
  const warn = opts.warn ?? (() => {});
  const records = parseZone(text, {
    origin: absOrigin,
    file: path,
    includeBase: opts.includeBase ?? dirname(path),
    warn,
  });
  return buildZone(records, { origin: absOrigin, file: path, warn, checkNames: opts.checkNames });
}
