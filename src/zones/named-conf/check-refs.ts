/**
 * named-checkconf's checks of names one statement gives and another uses (BIND 9.18
 * lib/bind9/check.c conventions, measured against named-checkconf 9.18):
 * - `acl`: the built-in names cannot be redefined, a name once; every address match list
 *   in use resolves its ACL names ("undefined ACL 'x'") without loops ("acl loop
 *   detected: x"). Lists inside an `acl` are resolved only through a use.
 * - `key`: once per scope, a view's also once with the top level's; `server { keys }` and `controls { ... keys }` name defined keys.
 *   (`key NAME` in an address match list, and in primaries, is not checked by named.)
 * - `primaries`/`masters`, `parental-agents`: a name once; the named entries of remote
 *   server lists exist ("unable to find primaries list 'x'").
 * - `tls NAME` in listen-on and remote servers names a `tls` statement (or ephemeral/none).
 */
import type { ConfLocation } from './model.js';
import { blockOf, text, walkValues, type ConfClause, type ConfValue } from './tree.js';

export interface Reporter {
  error(at: ConfLocation, message: string): void;
  warn(at: ConfLocation, message: string): void;
}

const BUILTIN_ACLS = new Set(['any', 'none', 'localhost', 'localnets']);
const BUILTIN_TLS = new Set(['ephemeral', 'none']);

type Defs = Map<string, ConfClause>;

/** Statements named by their first value, duplicates reported with `dup(name, previous)`. */
function definitions(clauses: ConfClause[], names: string[], r: Reporter, dup: (name: string, prev: ConfClause) => string, outer: Defs = new Map()): Defs {
  const defs: Defs = new Map(outer);
  for (const c of clauses) {
    if (!names.includes(c.name)) continue;
    const name = text(c.values[0]) ?? '';
    const k = name.toLowerCase();
    const prev = defs.get(k);
    if (prev) r.error(c.loc, dup(name, prev));
    else defs.set(k, c);
  }
  return defs;
}

const where = (c: ConfClause) => `${c.loc.file}:${c.loc.line}`;

/** Resolves the ACL names of one list (and of the ACLs it names), reporting the first problem. */
function resolveAml(items: ConfValue[][], acls: Defs, r: Reporter, stack: string[]): boolean {
  for (const item of items) {
    for (const v of item) {
      if (v.kind === 'list' && v.of === 'aml' && !resolveAml(v.items, acls, r, stack)) return false;
      if (v.kind !== 'word' || v.type !== 'acl') continue;
      const name = v.text.toLowerCase();
      if (BUILTIN_ACLS.has(name)) continue;
      const def = acls.get(name);
      if (!def) {
        r.error(v.loc, `undefined ACL '${v.text}'`);
        return false;
      }
      if (stack.includes(name)) {
        r.error(v.loc, `acl loop detected: ${v.text}`);
        return false;
      }
      const list = def.values.find((x) => x.kind === 'list');
      if (list?.kind === 'list' && !resolveAml(list.items, acls, r, [...stack, name])) return false;
    }
  }
  return true;
}

function checkKeysDefined(clauses: ConfClause[], keys: Defs, r: Reporter) {
  const need = (v: ConfValue | undefined) => {
    if (v?.kind === 'word' && !keys.has(v.text.toLowerCase())) r.error(v.loc, `unknown key '${v.text}'`);
  };
  for (const c of clauses) {
    if (c.name === 'server') {
      for (const k of blockOf(c.values).filter((x) => x.name === 'keys')) {
        const v = k.values[0];
        if (v?.kind === 'list') v.items.forEach((item) => need(item[0]));
        else need(v);
      }
    }
    if (c.name === 'controls') {
      for (const inet of blockOf(c.values)) {
        const i = inet.values.findIndex((v) => v.kind === 'word' && v.type === 'keyword' && v.text === 'keys');
        const list = i >= 0 ? inet.values[i + 1] : undefined;
        if (list?.kind === 'list') list.items.forEach((item) => need(item[0]));
      }
    }
  }
}

/** The lists of remote servers and where their named entries must be defined. */
function checkRemoteNames(clauses: ConfClause[], primaries: Defs, agents: Defs, tls: Defs, r: Reporter) {
  walkValues(clauses, (v, path) => {
    if (v.kind !== 'list' || v.of !== 'remote_servers') return;
    const isAgents = path[path.length - 1] === 'parental-agents';
    for (const item of v.items) {
      const first = item[0];
      if (first?.kind === 'word' && first.type === 'string') {
        const defs = isAgents ? agents : primaries;
        if (!defs.has(first.text.toLowerCase())) r.error(first.loc, `unable to find ${isAgents ? 'parental-agents' : 'primaries'} list '${first.text}'`);
      }
      const ti = item.findIndex((x) => x.kind === 'word' && x.type === 'keyword' && x.text === 'tls');
      const t = ti >= 0 ? item[ti + 1] : undefined;
      if (t?.kind === 'word' && !tls.has(t.text.toLowerCase()) && !BUILTIN_TLS.has(t.text.toLowerCase())) r.error(t.loc, `tls '${t.text}' is not defined`);
    }
  });
}

function checkListenTls(options: ConfClause[], tls: Defs, r: Reporter) {
  for (const c of options) {
    if (c.name !== 'listen-on' && c.name !== 'listen-on-v6') continue;
    const i = c.values.findIndex((v) => v.kind === 'word' && v.type === 'keyword' && v.text === 'tls');
    const t = i >= 0 ? c.values[i + 1] : undefined;
    if (t?.kind === 'word' && !tls.has(t.text.toLowerCase()) && !BUILTIN_TLS.has(t.text.toLowerCase())) r.error(t.loc, `tls '${t.text}' is not defined`);
  }
}

export function checkReferences(clauses: ConfClause[], r: Reporter): void {
  for (const c of clauses) {
    const name = text(c.values[0])?.toLowerCase();
    if (c.name === 'acl' && name && BUILTIN_ACLS.has(name)) r.error(c.loc, `attempt to redefine builtin acl '${text(c.values[0])}'`);
  }
  const acls = definitions(
    clauses.filter((c) => !BUILTIN_ACLS.has(text(c.values[0])?.toLowerCase() ?? '')),
    ['acl'],
    r,
    (n, prev) => `attempt to redefine acl '${n}' previous definition: ${where(prev)}`,
  );
  const keys = definitions(clauses, ['key'], r, (n, prev) => `key '${n}': already exists previous definition: ${where(prev)}`);
  const primaries = definitions(clauses, ['primaries', 'masters'], r, (n, prev) => `primaries list '${n}' is duplicated: also defined at ${where(prev)}`);
  const agents = definitions(clauses, ['parental-agents'], r, (n, prev) => `parental-agents list '${n}' is duplicated: also defined at ${where(prev)}`);
  const tls = definitions(clauses, ['tls'], r, (n, prev) => `tls '${n}' is duplicated: also defined at ${where(prev)}`);
  for (const v of clauses.filter((c) => c.name === 'view')) {
    const body = blockOf(v.values);
    // A view's keys are its own and the top level's: a name of either, once (wherever the top-level one is written).
    const viewKeys = definitions(body, ['key'], r, (n, prev) => `key '${n}': already exists previous definition: ${where(prev)}`, keys);
    checkKeysDefined(body, viewKeys, r);
  }
  checkKeysDefined(clauses, keys, r);
  // Every address match list in use (those inside `acl` statements resolve through their uses).
  walkValues(
    clauses.filter((c) => c.name !== 'acl'),
    (v) => {
      if (v.kind === 'list' && v.of === 'aml') resolveAml(v.items, acls, r, []);
    },
  );
  checkRemoteNames(clauses, primaries, agents, tls, r);
  checkListenTls(blockOf(clauses.find((c) => c.name === 'options')?.values ?? []), tls, r);
}
