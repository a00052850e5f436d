/**
 * One named.conf checked by the real `named-checkconf [-z]` (BIND 9.18) and by `labnet
 * check-conf --named [-z]` (src/cli/check-named-conf.ts), both run in the same folder,
 * as comparable verdicts: accepted or not, and the located lines each printed.
 */
import { spawnSync } from 'node:child_process';
import { checkNamedConfCommand } from '../../../src/cli/check-named-conf.js';

export interface ConfVerdict {
  ok: boolean;
  /** named-checkconf stopped on an assertion of its own (a BIND bug): no verdict to compare. */
  aborted?: boolean;
  /** `FILE:LINE` of each located line printed (named-checkconf mixes warnings in; labnet's errors only). */
  lines: string[];
  output: string;
}

const located = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => `${m[1]}:${m[2]}`);

export function namedCheckconf(dir: string, file: string, z: boolean): ConfVerdict {
  const r = spawnSync('named-checkconf', [...(z ? ['-z'] : []), file], { cwd: dir, encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  const aborted = r.status === null || /\b(?:REQUIRE|INSIST|ENSURE)\(.*\) failed, back trace/.test(output);
  return { ok: r.status === 0, lines: located(output, /^(\S+?):(\d+): /gm), output, ...(aborted ? { aborted } : {}) };
}

export function labnetCheckconf(dir: string, file: string, z: boolean): ConfVerdict {
  const r = checkNamedConfCommand(file, { cwd: dir, loadZones: z });
  // labnet's errors are FILE:LINE:COL; its warnings are not compared (named-checkconf's differ).
  const errors = r.stderr.split('\n').filter((l) => !/: (accepted but not applied|option '.*' is (deprecated|obsolete))/.test(l) && !/deprecated$/.test(l));
  return { ok: r.code === 0, lines: located(errors.join('\n'), /^(\S+?):(\d+):\d+: /gm), output: r.stdout + r.stderr };
}

/** The first zone `-z` could not load ("zone NAME/CLASS: loading from master file F failed", a line without a location). */
const failedZone = (output: string) => /^(?:\S+?:\d+:\d+: )?zone (\S+): loading from master file /m.exec(output)?.[1];

/**
 * The same verdict; for a rejected file, labnet's first error on a line named-checkconf
 * names (or, where named-checkconf names none, as for a zone file that does not exist, none
 * either). With -z, a zone that does not load is named-checkconf's error, unlocated, after
 * any located warnings (its warnings are not errors): labnet naming the same zone agrees too.
 */
export function agreeConf(named: ConfVerdict, labnet: ConfVerdict): boolean {
  if (named.ok !== labnet.ok) return false;
  if (named.ok) return true;
  const zone = failedZone(named.output);
  if (zone !== undefined && failedZone(labnet.output) === zone) return true;
  if (!named.lines.length) return true;
  return labnet.lines.length > 0 && named.lines.includes(labnet.lines[0]);
}
