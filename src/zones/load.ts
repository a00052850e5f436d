/**
 * Loads one zone file: the master-file parser (parser.ts) streams records into the zone
 * model (zone.ts), which makes named-checkzone's checks; then the zone's journal, if asked
 * for and present, is applied on top (journal-file.ts).
 */
import { dirname } from 'node:path';
import { LocatedError } from '../util/located-error.js';
import { RRType, type SourceLocation } from './record.js';
import type { Zone } from './zone-types.js';
import { parseZone } from './parser.js';
import { buildZone, zoneSizeHint, type PackedZone, type ZoneWarning } from './zone.js';
import type { CheckNamesMode } from './checks.js';
import { zoneLabel } from './zone-label.js';
import { zoneSecure } from './node-rrsets.js';
import { rollForward } from './journal-file.js';
import { openZoneText, type ZoneText } from './zone-text-reader.js';

export interface LoadZoneOptions {
  /** Folder `$INCLUDE` paths are relative to (default: the zone file's folder). */
  includeBase?: string;
  warn?: (w: ZoneWarning) => void;
  /** Where the zone was named (a named.conf zone statement): the location of "file not found". */
  reference?: SourceLocation;
  /** BIND `check-names` (default 'warn', as named-checkzone). */
  checkNames?: CheckNamesMode;
  /**
   * The zone's journal (named's default is the file with `.jnl` appended): when it exists,
   * its changes are applied on top of the file as named applies them (journal-file.ts).
   */
  journal?: string;
}

export { zoneLabel };

/**
 * `loaded serial N`, with ` (DNSSEC signed)` when the apex holds a DNSKEY and an NSEC or
 * NSEC3PARAM (BIND's dns_db_issecure), as named-checkzone words it.
 */
export function loadedText(zone: Zone): string {
  return `loaded serial ${zone.serial}${zoneSecure(zone) ? ' (DNSSEC signed)' : ''}`;
}


/** Loads and checks the zone `origin` from `path`, read in pieces (zone-text-reader.ts). Throws LocatedError. */
export function loadZoneFile(origin: string, path: string, opts: LoadZoneOptions = {}): PackedZone {
  const failed = (e: unknown): LocatedError => {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    const at = opts.reference ?? { file: path, line: 1, col: 1 };
    return new LocatedError(`${zoneLabel(origin)}: loading from master file ${path} failed: ${why}`, at.file, at.line, at.col, path);
  };
  let text: ZoneText;
  try {
    text = openZoneText(path);
  } catch (e) {
    throw failed(e);
  }
  const absOrigin = origin.endsWith('.') ? origin : origin + '.';
  const warn = opts.warn ?? (() => {});
  try {
    const more = (): string | undefined => {
      try {
        return text.next();
      } catch (e) {
        throw failed(e);
      }
    };
    const records = parseZone(text.first, {
      origin: absOrigin,
      file: path,
      includeBase: opts.includeBase ?? dirname(path),
      warn,
      more,
    });
    const sizeHint = zoneSizeHint(text.first, text.size);
    const zone = buildZone(records, { origin: absOrigin, file: path, warn, checkNames: opts.checkNames, sizeHint });
    return opts.journal === undefined ? zone : rollForward(zone, opts.journal, warn);
  } finally {
    text.close();
  }
}
