/**
 * A reader for BIND 9.18's named.conf: the generic grammar (statements ending in `;`,
 * nested `{ ... }` blocks, `//`, `#` and C comments, quoted strings, `include "file";`),
 * of which labnet uses `options { directory "..."; }` and `zone "NAME" [IN] { type
 * primary|master; file "..."; }`. Other statements BIND knows, and zones of other types,
 * are skipped with a warning `FILE:LINE:COL: ... ignored`; syntax errors, unknown
 * statements and bad zone statements are LocatedErrors worded as named-checkconf words
 * them (named-checkconf names only the line; labnet adds the column).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LocatedError } from '../util/located-error.js';
import type { Zone, ZoneSet } from './zone-types.js';
import { createZoneSet, failedZone } from './zoneset.js';
import { loadZoneFile } from './load.js';

interface Token {
  kind: 'word' | 'string' | '{' | '}' | ';' | 'eof';
  text: string;
  file: string;
  line: number;
  col: number;
}

interface Block {
  open: Token;
  statements: Statement[];
  close: Token;
}

type Value = Token | Block;

interface Statement {
  values: Value[];
  end: Token;
}

const isBlock = (v: Value): v is Block => (v as Block).statements !== undefined;

/** Splits named.conf text into tokens (ISC lexer conventions: `#`, `//`, C comments). */
function tokenize(text: string, file: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  const at = (pos: number) => ({ file, line, col: pos - lineStart + 1 });
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i += 2;
      for (;;) {
        if (i >= n) {
          const end = at(i); // named-checkconf names the end of the file
          throw new LocatedError('unexpected end of input', file, end.line, end.col, '/*');
        }
        if (text[i] === '*' && text[i + 1] === '/') {
          i += 2;
          break;
        }
        if (text[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      continue;
    }
    if (c === '{' || c === '}' || c === ';') {
      out.push({ kind: c, text: c, ...at(i) });
      i++;
      continue;
    }
    if (c === '"') {
      const start = at(i);
      let s = '';
      i++;
      for (;;) {
        if (i >= n || text[i] === '\n') throw new LocatedError('unbalanced quotes', file, start.line, start.col, '"');
        const d = text[i];
        if (d === '\\' && i + 1 < n && text[i + 1] !== '\n') {
          s += text[i + 1];
          i += 2;
          continue;
        }
        if (d === '"') {
          i++;
          break;
        }
        s += d;
        i++;
      }
      out.push({ kind: 'string', text: s, ...start });
      continue;
    }
    const start = i;
    while (i < n && !/[\s{};"]/.test(text[i]) && !(text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))) i++;
    out.push({ kind: 'word', text: text.slice(start, i), ...at(start) });
  }
  out.push({ kind: 'eof', text: '', ...at(i) });
  return out;
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'end of file' : `'${t.text}'`;
}

/** Parses statements until `}` (nested) or end of file (top level). */
function parseStatements(tokens: Token[], pos: { i: number }, nested: boolean): Statement[] {
  const statements: Statement[] = [];
  for (;;) {
    const t = tokens[pos.i];
    if (t.kind === 'eof') {
      if (nested) throw new LocatedError("'}' expected near end of file", t.file, t.line, t.col);
      return statements;
    }
    if (t.kind === '}') {
      if (!nested) throw new LocatedError("unexpected token near '}'", t.file, t.line, t.col, '}');
      return statements;
    }
    if (t.kind === ';') {
      // BIND's grammar has no empty statement.
      throw new LocatedError(nested ? "'}' expected near ';'" : "syntax error near ';'", t.file, t.line, t.col, ';');
    }
    const values: Value[] = [];
    for (;;) {
      const v = tokens[pos.i];
      if (v.kind === ';') {
        pos.i++;
        statements.push({ values, end: v });
        break;
      }
      if (v.kind === '}' || v.kind === 'eof') {
        throw new LocatedError(`missing ';' before ${describe(v)}`, v.file, v.line, v.col, v.text);
      }
      if (v.kind === '{') {
        pos.i++;
        const inner = parseStatements(tokens, pos, true);
        const close = tokens[pos.i++];
        values.push({ open: v, statements: inner, close });
        // At the top level a block ends the statement (every top-level BIND statement does).
        const next = tokens[pos.i];
        if (!nested && next.kind !== ';') {
          throw new LocatedError(`missing ';' before ${describe(next)}`, next.file, next.line, next.col, next.text);
        }
        continue;
      }
      values.push(v);
      pos.i++;
    }
  }
}

/** Top-level statements BIND knows that labnet reads past (BIND 9.18 ARM, "Configuration file grammar"). */
const KNOWN_STATEMENTS = new Set([
  'acl', 'controls', 'dlz', 'dnssec-policy', 'dyndb', 'http', 'key', 'key-store', 'logging', 'managed-keys',
  'masters', 'parental-agents', 'plugin', 'primaries', 'server', 'statistics-channels', 'tls', 'trust-anchors',
  'trusted-keys', 'view', 'lwres',
]);
/** Zone types (BIND 9.18 ARM, "zone" statement). */
const PRIMARY_TYPES = new Set(['primary', 'master']);
const OTHER_ZONE_TYPES = new Set(['secondary', 'slave', 'mirror', 'hint', 'stub', 'static-stub', 'forward', 'redirect', 'delegation-only', 'in-view']);

export interface NamedConfZone {
  /** The zone name as written (no trailing dot added). */
  name: string;
  type: string;
  /** The `file` as written; resolve it with `resolveConfPath`. */
  file: string;
  /** Where the zone statement is. */
  confFile: string;
  line: number;
  col: number;
}

export interface NamedConf {
  directory?: string;
  zones: NamedConfZone[];
  /** `FILE:LINE:COL: message` lines. */
  warnings: string[];
}

export interface ParseNamedConfOptions {
  /** Reads an `include`d file (default: the file system). */
  readFile?: (path: string) => string;
  /** Folder `include` paths are relative to (default: the folder of `file`). */
  baseDir?: string;
}

function str(v: Value | undefined): Token | undefined {
  return v && !isBlock(v) && (v.kind === 'word' || v.kind === 'string') ? v : undefined;
}

/** Parses named.conf text. Throws LocatedError on the first error. */
export function parseNamedConf(text: string, file: string, opts: ParseNamedConfOptions = {}): NamedConf {
  const readFile = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const baseDir = opts.baseDir ?? dirname(file);
  const result: NamedConf = { zones: [], warnings: [] };
  const seen = new Map<string, NamedConfZone>();
  let optionsAt: Token | undefined;

  const warn = (t: Token, message: string) => result.warnings.push(`${t.file}:${t.line}:${t.col}: ${message}`);

  const visit = (src: string, srcFile: string, depth: number) => {
    const pos = { i: 0 };
    const statements = parseStatements(tokenize(src, srcFile), pos, false);
    for (const st of statements) {
      const head = st.values[0] as Token;
      if (isBlock(st.values[0])) {
        const b = st.values[0];
        throw new LocatedError("unexpected token near '{'", b.open.file, b.open.line, b.open.col, '{');
      }
      const keyword = head.text.toLowerCase();
      if (head.kind === 'string') throw new LocatedError(`unknown option '${head.text}'`, head.file, head.line, head.col, head.text);
      switch (keyword) {
        case 'include': {
          const p = str(st.values[1]);
          if (!p || st.values.length !== 2) throw new LocatedError("expected quoted string near 'include'", head.file, head.line, head.col, head.text);
          if (depth > 20) throw new LocatedError('include nesting too deep', p.file, p.line, p.col, p.text);
          const path = isAbsolute(p.text) ? p.text : resolve(baseDir, p.text);
          let inner: string;
          try {
            inner = readFile(path);
          } catch {
            throw new LocatedError(`open: ${p.text}: file not found`, p.file, p.line, p.col, p.text);
          }
          visit(inner, path, depth + 1);
          break;
        }
        case 'options': {
          const block = st.values[1];
          if (!block || !isBlock(block) || st.values.length !== 2) throw new LocatedError("'{' expected near 'options'", head.file, head.line, head.col, head.text);
          if (optionsAt) throw new LocatedError(`'options' redefined near 'options'`, head.file, head.line, head.col, head.text);
          optionsAt = head;
          for (const o of block.statements) {
            const k = str(o.values[0]);
            if (k && k.text.toLowerCase() === 'directory') {
              const d = str(o.values[1]);
              if (!d || o.values.length !== 2) throw new LocatedError("expected quoted string near 'directory'", k.file, k.line, k.col, k.text);
              result.directory = d.text;
            }
          }
          break;
        }
        case 'zone':
          readZone(st, head);
          break;
        default:
          if (KNOWN_STATEMENTS.has(keyword)) warn(head, `'${keyword}' statement ignored`);
          else throw new LocatedError(`unknown option '${head.text}'`, head.file, head.line, head.col, head.text);
      }
    }
  };

  const readZone = (st: Statement, head: Token) => {
    const nameTok = str(st.values[1]);
    if (!nameTok) {
      const v = st.values[1];
      const t = v && !isBlock(v) ? v : head;
      throw new LocatedError(`expected zone name near '${head.text}'`, t.file, t.line, t.col, t.text);
    }
    let idx = 2;
    const classTok = str(st.values[idx]);
    if (classTok) {
      const c = classTok.text.toUpperCase();
      if (c !== 'IN') {
        throw new LocatedError(`zone '${nameTok.text}': class '${classTok.text}' does not match view/default class`, classTok.file, classTok.line, classTok.col, classTok.text);
      }
      idx++;
    }
    const block = st.values[idx];
    if (!block || !isBlock(block) || st.values.length !== idx + 1) {
      const v = st.values[idx];
      const t = v && !isBlock(v) ? v : st.end;
      throw new LocatedError(`'{' expected near ${describe(t)}`, t.file, t.line, t.col, t.text);
    }
    let type: Token | undefined;
    let file: Token | undefined;
    for (const o of block.statements) {
      const k = str(o.values[0]);
      if (!k) continue;
      const key = k.text.toLowerCase();
      if (key !== 'type' && key !== 'file') continue;
      if ((key === 'type' && type) || (key === 'file' && file)) throw new LocatedError(`'${key}' redefined near '${k.text}'`, k.file, k.line, k.col, k.text);
      const v = str(o.values[1]);
      if (!v || o.values.length !== 2) throw new LocatedError(`expected ${key === 'file' ? 'quoted string' : 'zone type'} near '${k.text}'`, k.file, k.line, k.col, k.text);
      if (key === 'type') type = v;
      else file = v;
    }
    const zoneName = nameTok.text;
    if (!type) throw new LocatedError(`zone '${zoneName}': type not present`, head.file, head.line, head.col, head.text);
    const t = type.text.toLowerCase();
    if (!PRIMARY_TYPES.has(t) && !OTHER_ZONE_TYPES.has(t)) throw new LocatedError(`'${type.text}' unexpected`, type.file, type.line, type.col, type.text);
    const key = zoneName.toLowerCase().replace(/\.$/, '');
    const prev = seen.get(key);
    if (prev) {
      throw new LocatedError(`zone '${zoneName}': already exists previous definition: ${prev.confFile}:${prev.line}`, head.file, head.line, head.col, zoneName);
    }
    if (!PRIMARY_TYPES.has(t)) {
      warn(type, `zone '${zoneName}': type '${type.text}' ignored`);
      seen.set(key, { name: zoneName, type: t, file: file?.text ?? '', confFile: head.file, line: head.line, col: head.col });
      return;
    }
    if (!file) throw new LocatedError(`zone '${zoneName}': missing 'file' entry`, head.file, head.line, head.col, zoneName);
    const z: NamedConfZone = { name: zoneName, type: t, file: file.text, confFile: head.file, line: head.line, col: head.col };
    seen.set(key, z);
    result.zones.push(z);
  };

  visit(text, file, 0);
  return result;
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
}

export interface LoadNamedConfOptions {
  /**
   * A zone file that fails to load does not fail the whole configuration: the zone is kept
   * as a failed zone (zoneset.ts failedZone, answered SERVFAIL) and its error reported
   * through `onZoneError`, as named logs it and serves the other zones.
   */
  keepGoing?: boolean;
  onZoneError?: (zone: NamedConfZone, error: LocatedError) => void;
}

/**
 * Reads a named.conf and loads every primary zone it names. Zone files and `$INCLUDE`s
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
  for (const z of conf.zones) {
    const zonePath = isAbsolute(z.file) ? z.file : resolve(base, z.file);
    try {
      zones.push(
        loadZoneFile(z.name, zonePath, {
          includeBase: base,
          warn: (w) => warnings.push(`${w.file}:${w.line}:${w.col}: ${w.message}`),
          reference: { file: z.confFile, line: z.line, col: z.col },
          checkNames: 'fail', // named's default for a primary zone (BIND ARM, check-names)
        }),
      );
    } catch (e) {
      if (!opts.keepGoing || !(e instanceof LocatedError)) throw e;
      opts.onZoneError?.(z, e);
      zones.push(failedZone(z.name, e.format()));
    }
  }
  return { zones, zoneSet: createZoneSet(zones), warnings, entries: conf.zones };
}
