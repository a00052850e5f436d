/**
 * A secondary zone's `file`: written after every transfer in named-checkzone -D form
 * (dump.ts), atomically (a temporary file beside it, flushed, then renamed over it, so a
 * crash leaves the old file or the new one, never half of one), and read back at start
 * (load.ts) with its modification time, from which named counts the zone's expiry.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dumpZone } from '../../zones/dump.js';
import { loadZoneFile } from '../../zones/load.js';
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

/** The zone in `path` and the file's modification time (ms); undefined when there is no file. Throws LocatedError on a bad one. */
export function readZoneFile(origin: string, path: string, warn?: (w: ZoneWarning) => void): { zone: Zone; mtime: number } | undefined {
  let mtime: number;
  try {
    mtime = statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  return { zone: loadZoneFile(origin, path, { checkNames: 'warn', warn }), mtime };
}
