/**
 * `labnet check-zone ZONE FILE [--dump]`, as `named-checkzone ZONE FILE` (BIND 9.18):
 * warnings, then `zone ZONE/IN: loaded serial N` and `OK`, exit 0; or the error as
 * `FILE:LINE:COL: message` and `zone ZONE/IN: not loaded due to errors.` on stderr, exit 1.
 * With --dump, as `named-checkzone -D -o - ZONE FILE`: stdout holds only the zone in
 * canonical form (dump.ts) and the messages go to stderr, in BIND's order. With -j the
 * zone's journal (FILE.jnl) is applied when it exists, with -J JOURNAL that one, as
 * named-checkzone -j / -J apply it (journal-file.ts).
 */
import { isLocatedError } from '../util/located-error.js';
import type { CommandResult } from './command-result.js';
import { loadedText, loadZoneFile, zoneLabel } from '../zones/load.js';
import { dumpZone } from '../zones/dump.js';
import { defaultJournalPath } from '../zones/journal-file.js';

const USAGE = 'usage: labnet check-zone [-j | -J JOURNAL] ZONE FILE [--dump]\n';

export function checkZoneCommand(args: string[]): CommandResult {
  const dump = args.includes('--dump');
  const rest = args.filter((a) => a !== '--dump' && a !== '-j');
  const J = rest.indexOf('-J');
  const journalGiven = J >= 0 ? rest.splice(J, 2)[1] : undefined;
  if (rest.length !== 2 || rest.some((a) => a.startsWith('-')) || (J >= 0 && journalGiven === undefined)) return { code: 1, stdout: '', stderr: USAGE };
  const [zoneName, file] = rest;
  const journal = journalGiven ?? (args.includes('-j') ? defaultJournalPath(file) : undefined);
  const label = zoneLabel(zoneName.endsWith('.') && zoneName !== '.' ? zoneName.slice(0, -1) : zoneName);
  const messages: string[] = [];
  try {
    const zone = loadZoneFile(zoneName, file, { warn: (w) => messages.push(`${w.file}:${w.line}:${w.col}: ${w.message}`), journal });
    messages.push(`${label}: ${loadedText(zone)}`);
    if (dump) return { code: 0, stdout: dumpZone(zone), stderr: messages.join('\n') + '\nOK\n' };
    return { code: 0, stdout: messages.join('\n') + '\nOK\n', stderr: '' };
  } catch (e) {
    if (!isLocatedError(e)) {
      const msg = e instanceof Error ? e.message : String(e);
      messages.push(`${label}: loading from master file ${file} failed: ${msg}`);
    } else {
      messages.push(e.format());
    }
    messages.push(`${label}: not loaded due to errors.`);
    return { code: 1, stdout: '', stderr: messages.join('\n') + '\n' };
  }
}
