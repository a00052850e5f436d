/**
 * A secondary zone's `file`: written after every transfer in named-checkzone -D form
 * (dump.ts), atomically (a temporary file beside it, flushed, then renamed over it, so a
 * crash leaves the old file or the new one, never half of one), and read back at start
 * (load.ts) with its modification time, from which named counts the zone's expiry; its
 * journal (the IXFRs received, journal-file.ts) rolled forward on top when it reaches
 * further, as named loads a secondary's file and journal. A journal out of step with the
 * file is left out (the file alone loads; a warning says so).
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dumpZone } from '../../zones/dump.js';
import { loadZoneFile } from '../../zones/load.js';
import { LocatedError } from '../../util/located-error.js';
import type { Zone, ZoneWarning } from '../../zones/zone-types.js';

export function writeZoneFileAtomic(path: string, zone: Zone): void {
  const tmp = `${path}.labnet-tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, dumpZone(zone), null, 'latin1');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The zone in `path` (and `journal`) and the file's modification time (ms); undefined when there is no file. Throws LocatedError on a bad file. */
export function readZoneFile(origin: string, path: string, warn: (w: ZoneWarning) => void = () => {}, journal?: string): { zone: Zone; mtime: number } | undefined {
  let mtime: number;
  try {
    mtime = statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  try {
    return { zone: loadZoneFile(origin, path, { checkNames: 'warn', warn, journal }), mtime };
  } catch (e) {
    if (journal === undefined || !(e instanceof LocatedError) || e.file !== journal) throw e;
    warn({ file: journal, line: 1, col: 1, message: `${e.message}; the zone file alone is loaded` });
    return { zone: loadZoneFile(origin, path, { checkNames: 'warn', warn }), mtime };
  }
}
