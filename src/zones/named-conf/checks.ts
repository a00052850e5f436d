/**
 * The checks named-checkconf 9.18 makes after parsing (BIND 9.18 lib/bind9/check.c
 * conventions), on the parse tree: zone types and what each type requires and allows,
 * duplicate zones and views, zones outside views, classes, in-view targets; then the
 * references (check-refs.ts) and contents (check-content.ts). Returns the errors (as
 * LocatedErrors, each once, in the order found) and warnings (`FILE:LINE:COL: message`).
 */
import { LocatedError } from '../../util/located-error.js';
import type { ConfLocation } from './model.js';
import { ZONE_ALIASES, zoneTypeOptions } from './grammar.js';
import { checkReferences } from './check-refs.js';
import { checkContent } from './check-content.js';
import { blockOf, clause, text, type ConfClause, type ConfValue } from './tree.js';

export interface CheckResult {
  errors: LocatedError[];
  warnings: string[];
}

class Report implements CheckResult {
  errors: LocatedError[] = [];
  warnings: string[] = [];
  private seen = new Set<string>();
  error(at: ConfLocation, message: string) {
    const e = new LocatedError(message, at.file, at.line, at.col);
    if (this.seen.has(e.format())) return;
    this.seen.add(e.format());
    this.errors.push(e);
  }
  warn(at: ConfLocation, message: string) {
    this.warnings.push(`${at.file}:${at.line}:${at.col}: ${message}`);
  }
}

/** A zone's name as named compares them: lower case, without the final dot (the root stays "."). */
export function zoneKey(name: string): string {
  const n = name.toLowerCase();
  return n === '.' ? n : n.replace(/\.$/, '');
}

const classValue = (c: ConfClause): ConfValue | undefined => c.values.find((v) => v.kind === 'word' && v.type === 'class');
const CLASS_ALIASES: Record<string, string> = { CHAOS: 'CH', HESIOD: 'HS' };
const normClass = (s: string) => CLASS_ALIASES[s.toUpperCase()] ?? s.toUpperCase();

/** Zones that need `primaries` (ARM zone types; a mirror of the root has built-in defaults). */
function needsPrimaries(type: string, name: string): boolean {
  return type === 'secondary' || type === 'stub' || (type === 'mirror' && zoneKey(name) !== '.');
}

/** The zones of the views read so far, by view name: what `in-view` may name. */
type EarlierViews = Map<string, Set<string>>;

function checkZone(z: ConfClause, viewClass: string, r: Report, earlier: EarlierViews) {
  const name = text(z.values[0]) ?? '';
  const body = blockOf(z.values);
  const cls = classValue(z);
  if (cls?.kind === 'word' && normClass(cls.text) !== viewClass) {
    r.error(cls.loc, `zone '${name}': class '${cls.text}' does not match view/default class`);
    return;
  }
  const typeClause = clause(body, 'type');
  const inView = clause(body, 'in-view');
  if (inView) {
    const target = text(inView.values[0]) ?? '';
    if (!earlier.get(target)?.has(zoneKey(name))) {
      r.error(z.loc, `'in-view' zone '${name}' does not exist in view '${target}', or view '${target}' is not yet defined`);
    }
    return;
  }
  if (!typeClause) {
    r.error(z.loc, `zone '${name}': type not present`);
    return;
  }
  const written = text(typeClause.values[0]) ?? '';
  const type = ZONE_ALIASES[written] ?? written;
  const allowed = zoneTypeOptions(type);
  for (const c of body) {
    if (allowed && !allowed.has(c.name)) r.error(c.loc, `option '${c.name}' is not allowed in '${type}' zone '${name}'`);
  }
  if (type === 'primary' && !clause(body, 'file') && !clause(body, 'dlz') && !clause(body, 'database')) {
    r.error(z.loc, `zone '${name}': missing 'file' entry`);
  }
  if (type === 'hint' && !clause(body, 'file')) r.error(z.loc, `zone '${name}': missing 'file' entry`);
  if (needsPrimaries(type, name) && !clause(body, 'primaries') && !clause(body, 'masters')) {
    r.error(z.loc, `zone '${name}': missing 'primaries' entry`);
  }
  if (type === 'static-stub') {
    const names = clause(body, 'server-names')?.values.find((v) => v.kind === 'list');
    for (const item of names?.kind === 'list' ? names.items : []) {
      const s = item[0];
      const k = s?.kind === 'word' ? zoneKey(s.text) : '';
      const zk = zoneKey(name);
      if (s && (zk === '.' || k === zk || k.endsWith(`.${zk}`))) r.error(z.loc, `server-name '${text(s)}' must not be a subdomain of zone name '${name}'`);
    }
  }
  if (type === 'redirect' && zoneKey(name) !== '.') r.error(z.loc, 'redirect zones must be called "."');
  if (type === 'delegation-only') r.warn(typeClause.loc, "'type delegation-only' is deprecated");
}

/** The zones of one view (or of the top level), checked for duplicates and each on its own. */
function checkZones(zones: ConfClause[], viewClass: string, r: Report, earlier: EarlierViews = new Map()) {
  const seen = new Map<string, ConfClause>();
  for (const z of zones) {
    const name = text(z.values[0]) ?? '';
    const k = zoneKey(name);
    const prev = seen.get(k);
    if (prev) {
      r.error(z.loc, `zone '${name}': already exists previous definition: ${prev.loc.file}:${prev.loc.line}`);
      continue;
    }
    seen.set(k, z);
    checkZone(z, viewClass, r, earlier);
  }
}

/** An `allow-update` list that is exactly `{ none; }` (named-checkconf: no dynamic updates). */
function isNone(c: ConfClause): boolean {
  const l = c.values.find((v) => v.kind === 'list');
  return l?.kind === 'list' && l.items.length === 1 && l.items[0].length === 1 && text(l.items[0][0]) === 'none';
}

/**
 * A zone file named by more than one zone while one of them writes it: named-checkconf's
 * "writeable file 'F': already in use: FILE:LINE" (BIND 9.18 check.c fileexist), across views
 * and the top level, the file names compared as written. A zone writes its file when it is
 * a secondary, mirror or stub, or a primary taking updates (`update-policy`, or an
 * `allow-update` of its own, its view's or the options' other than `{ none; }`); the first
 * zone naming a file is the one each later one is compared with. Each view's zones keep
 * their own journal (the file's name with `.jnl`), so two views cannot share a dynamic file.
 */
function checkWriteableFiles(clauses: ConfClause[], r: Report) {
  const options = blockOf(clause(clauses, 'options')?.values ?? []);
  const first = new Map<string, { at: ConfLocation; writeable: boolean }>();
  const visit = (zones: ConfClause[], view: ConfClause[]) => {
    for (const z of zones) {
      const body = blockOf(z.values);
      const file = clause(body, 'file');
      const name = text(file?.values[0]);
      if (!file || name === undefined || clause(body, 'in-view')) continue;
      const written = text(clause(body, 'type')?.values[0]) ?? '';
      const type = ZONE_ALIASES[written] ?? written;
      const update = clause(body, 'allow-update') ?? clause(view, 'allow-update') ?? clause(options, 'allow-update');
      const writeable = type === 'secondary' || type === 'mirror' || type === 'stub' ||
        (type === 'primary' && (clause(body, 'update-policy') !== undefined || (update !== undefined && !isNone(update))));
      const prev = first.get(name);
      if (!prev) first.set(name, { at: file.loc, writeable });
      else if (writeable || prev.writeable) r.error(file.loc, `writeable file '${name}': already in use: ${prev.at.file}:${prev.at.line}`);
    }
  };
  // With views, zones outside them are an error of their own and not looked at further.
  const views = clauses.some((c) => c.name === 'view');
  for (const c of clauses) {
    if (c.name === 'zone' && !views) visit([c], []);
    if (c.name === 'view') {
      const body = blockOf(c.values);
      visit(body.filter((x) => x.name === 'zone'), body);
    }
  }
}

/** Runs every check over the top-level clauses. */
export function checkConf(clauses: ConfClause[]): CheckResult {
  const r = new Report();
  const views = clauses.filter((c) => c.name === 'view');
  const zones = clauses.filter((c) => c.name === 'zone');
  if (views.length && zones.length) r.error(zones[0].loc, "when using 'view' statements, all zones must be in views");
  const seenViews = new Map<string, ConfClause>();
  const earlier: EarlierViews = new Map();
  for (const v of views) {
    const name = text(v.values[0]) ?? '';
    const cls = classValue(v);
    const key = `${name}/${cls?.kind === 'word' ? normClass(cls.text) : 'IN'}`;
    const prev = seenViews.get(key);
    if (prev) r.error(v.loc, `view '${name}': already exists previous definition: ${prev.loc.file}:${prev.loc.line}`);
    seenViews.set(key, v);
    const vzones = blockOf(v.values).filter((c) => c.name === 'zone');
    checkZones(vzones, cls?.kind === 'word' ? normClass(cls.text) : 'IN', r, earlier);
    earlier.set(name, new Set(vzones.map((z) => zoneKey(text(z.values[0]) ?? ''))));
  }
  checkZones(zones, 'IN', r);
  checkWriteableFiles(clauses, r);
  checkReferences(clauses, r);
  checkContent(clauses, r);
  return r;
}
