/**
 * labnet's reader for BIND 9.18's named.conf: the whole grammar (named-conf/parser.ts,
 * driven by the table in named-conf/grammar-table.ts), the checks named-checkconf makes
 * (named-conf/checks.ts) and the typed model of what labnet applies
 * (named-conf/build-model.ts). Errors are LocatedErrors worded as named-checkconf words
 * them (it names only the line; labnet adds the column). Statements and options labnet
 * reads but does not apply are reported in one warning, never an error.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LocatedError } from '../util/located-error.js';
import type { Zone, ZoneSet } from './zone-types.js';
import { createZoneSet, failedZone } from './zoneset.js';
import { loadZoneFile } from './load.js';
import { defaultJournalPath } from './journal-file.js';
import { parseConf } from './named-conf/parser.js';
import { checkConf } from './named-conf/checks.js';
import { buildModel } from './named-conf/build-model.js';
import type { NamedConfModel, ZoneConf } from './named-conf/model.js';
import type { ConfClause } from './named-conf/tree.js';

export interface NamedConfZone {
  /** The zone name as written (no trailing dot added). */
  name: string;
  /** The type as written (master, primary, ...). */
  type: string;
  /** The `file` as written; resolve it with `confBaseDir`. */
  file: string;
  /** The `journal` as written, when given. */
  journal?: string;
  /** Where the zone statement is. */
  confFile: string;
  line: number;
  col: number;
  /** The view the zone is in, when it is in one. */
  view?: string;
}

export interface NamedConf {
  directory?: string;
  /** The primary zones, each view's in order (labnet loads and serves these). */
  zones: NamedConfZone[];
  /** `FILE:LINE:COL: message` lines. */
  warnings: string[];
  model: NamedConfModel;
  /** The parse tree (includes spliced in). */
  clauses: ConfClause[];
  /** Every file read, the named.conf first. */
  files: string[];
  /** The folder relative paths resolve against: the base given, moved by `options { directory }`. */
  baseDir: string;
}

export interface ParseNamedConfOptions {
  /** Reads an `include`d file (default: the file system). */
  readFile?: (path: string) => string;
  /**
   * Folder `include` paths are relative to (default: the folder of `file`; named-checkconf
   * uses its working directory). `options { directory }` moves it for later includes.
   */
  baseDir?: string;
  /** Fail when `options { directory }` does not exist, as named-checkconf does. */
  checkDirectory?: boolean;
}

/** The one warning naming what labnet reads but does not apply. */
function notAppliedWarning(file: string, notApplied: string[]): string[] {
  return notApplied.length ? [`${file}: accepted but not applied by labnet: ${notApplied.join(', ')}`] : [];
}

function entry(z: ZoneConf, view?: string): NamedConfZone {
  const e: NamedConfZone = { name: z.name, type: z.typeWritten, file: z.file ?? '', confFile: z.location.file, line: z.location.line, col: z.location.col };
  if (view !== undefined) e.view = view;
  if (z.journal !== undefined) e.journal = z.journal;
  return e;
}

export interface ReadNamedConf {
  /** Absent when the file does not parse. */
  conf?: NamedConf;
  /** The parse error, or every check error, in the order found. */
  errors: LocatedError[];
}

/** Parses and checks named.conf text, collecting every check error (named-checkconf prints each). */
export function readNamedConf(text: string, file: string, opts: ParseNamedConfOptions = {}): ReadNamedConf {
  let parsed;
  try {
    parsed = parseConf(text, file, { base: opts.baseDir ?? dirname(file), readFile: opts.readFile, checkDirectory: opts.checkDirectory });
  } catch (e) {
    if (e instanceof LocatedError) return { errors: [e] };
    throw e;
  }
  const checked = checkConf(parsed.clauses);
  const { model, notApplied } = buildModel(parsed.clauses);
  const zones = [
    ...model.zones.filter((z) => z.type === 'primary').map((z) => entry(z)),
    ...model.views.flatMap((v) => v.zones.filter((z) => z.type === 'primary').map((z) => entry(z, v.name))),
  ];
  const conf: NamedConf = {
    zones,
    warnings: [...parsed.warnings, ...checked.warnings, ...notAppliedWarning(file, notApplied)],
    model,
    clauses: parsed.clauses,
    files: parsed.files,
    baseDir: parsed.directory,
  };
  if (model.options.directory !== undefined) conf.directory = model.options.directory;
  return { conf, errors: checked.errors };
}

/** Parses and checks named.conf text. Throws the first LocatedError. */
export function parseNamedConf(text: string, file: string, opts: ParseNamedConfOptions = {}): NamedConf {
  const r = readNamedConf(text, file, opts);
  if (r.errors.length || !r.conf) throw r.errors[0];
  return r.conf;
}

/** The folder zone files resolve against: `directory` (relative to the named.conf's folder), else that folder. */
export function confBaseDir(confPath: string, directory?: string): string {
  const here = dirname(resolve(confPath));
  return directory === undefined ? here : resolve(here, directory);
}

export interface LoadedNamedConf {
  /** The zones that loaded, then (with `keepGoing`) those that failed, each with its loadError. */
  zones: Zone[];
  zoneSet: ZoneSet;
  /** named.conf and zone-file warnings, `FILE:LINE:COL: message`. */
  warnings: string[];
  /** What each primary zone statement said, in order (zones[i] was loaded from entries[i]). */
  entries: NamedConfZone[];
  /** Each view's loaded zones, in the order the views are written. */
  views: { name: string; zones: Zone[]; zoneSet: ZoneSet }[];
  model: NamedConfModel;
  /** Each loaded zone's journal, with the `journal` option given. */
  journals: ReadonlyMap<Zone, string>;
}

export interface LoadNamedConfOptions {
  /**
   * A zone file that fails to load does not fail the whole configuration: the zone is kept
   * as a failed zone (zoneset.ts failedZone, answered SERVFAIL) and its error reported
   * through `onZoneError`, as named logs it and serves the other zones.
   */
  keepGoing?: boolean;
  onZoneError?: (zone: NamedConfZone, error: LocatedError) => void;
  /**
   * Apply each zone's journal at load, as named does (named-checkconf only with -j): at the
   * path this returns, given the zone file's path and named's journal for it (the zone's
   * `journal`, else the file with `.jnl` appended).
   */
  journal?: (zoneFile: string, namedJournal: string) => string;
}

/**
 * Reads a named.conf and loads every primary zone it names (in every view). Zone files and `$INCLUDE`s
 * resolve against `options { directory }` (itself relative to the named.conf's folder),
 * else the named.conf's folder. Throws LocatedError (from the conf, or from a zone file
 * unless `keepGoing`).
 */
export function loadNamedConf(path: string, opts: LoadNamedConfOptions = {}): LoadedNamedConf {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new LocatedError(`open: ${path}: file not found`, path, 1, 1);
  }
  const conf = parseNamedConf(text, path);
  const base = confBaseDir(path, conf.directory);
  const warnings = [...conf.warnings];
  const zones: Zone[] = [];
  const journals = new Map<Zone, string>();
  for (const z of conf.zones) {
    const zonePath = isAbsolute(z.file) ? z.file : resolve(base, z.file);
    const journal = opts.journal?.(zonePath, z.journal !== undefined ? resolve(base, z.journal) : defaultJournalPath(zonePath));
    try {
      const zone = loadZoneFile(z.name, zonePath, {
        includeBase: base,
        warn: (w) => warnings.push(`${w.file}:${w.line}:${w.col}: ${w.message}`),
        reference: { file: z.confFile, line: z.line, col: z.col },
        checkNames: 'fail', // named's default for a primary zone (BIND ARM, check-names)
        journal,
      });
      zones.push(zone);
      if (journal !== undefined) journals.set(zone, journal);
    } catch (e) {
      if (!opts.keepGoing || !(e instanceof LocatedError)) throw e;
      opts.onZoneError?.(z, e);
      zones.push(failedZone(z.name, e.format()));
    }
  }
  const views = conf.model.views.map((v) => {
    const vz = zones.filter((_, i) => conf.zones[i].view === v.name);
    return { name: v.name, zones: vz, zoneSet: createZoneSet(vz) };
  });
  // Without views the zones outside them serve; with views (until views are served), the first view's.
  const flat = views.length ? views[0].zones : zones;
  const entries = views.length ? conf.zones.filter((z) => z.view === views[0].name) : conf.zones;
  return { zones: flat, zoneSet: createZoneSet(flat), warnings, entries, views, model: conf.model, journals };
}
